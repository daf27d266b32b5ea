package dev.sectools.cli.agent;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import dev.sectools.temp.SecureTemp;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The agent: listens on a Unix domain socket in a private directory, answers only its own user
 * (the peer's uid from {@code SO_PEERCRED}), serves requests from {@link AgentStores}, and locks
 * after the idle timeout. One lock file per socket keeps a second agent from starting there; a
 * socket left behind by a killed agent is found stale (the lock is free) and replaced.
 *
 * <p>Never writes a value or a passphrase anywhere: the log gets events only.
 */
public final class AgentServer implements AutoCloseable {
  private final AgentLocation location;
  private final AgentStores stores;
  private final PrintWriter log;
  private final UserPrincipal owner;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ServerSocketChannel server;
  private final ScheduledExecutorService idleCheck;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private AgentServer(AgentLocation location, AgentStores stores, PrintWriter log, UserPrincipal owner,
      FileChannel lockChannel, FileLock lock, ServerSocketChannel server) {
    this.location = location;
    this.stores = stores;
    this.log = log;
    this.owner = owner;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.server = server;
    this.idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sectools-agent-idle");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Creates the private directory if needed, takes the lock, replaces a stale socket and listens.
   *
   * @throws dev.sectools.temp.InsecureDirectoryException if the directory is a link, someone
   *     else's, or open to group or others
   * @throws CliException ({@link ExitCode#CONFLICT}) if an agent already runs there
   * @throws CliException ({@link ExitCode#POLICY}) if something other than a socket has its name
   */
  public static AgentServer bind(AgentLocation location, Duration idleTimeout, PrintWriter log) throws IOException {
    Path dir = SecureTemp.ensurePrivateDirectory(location.directory());
    UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS); // ours: checked above
    FileChannel lockChannel = FileChannel.open(location.lockFile(), List.of(StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).stream().collect(java.util.stream.Collectors.toSet()),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      FileLock lock = lockChannel.tryLock();
      if (lock == null) {
        throw new CliException(ExitCode.CONFLICT, "an agent is already running at " + location.socket()
            + "; see 'sectools agent status', or stop it with 'sectools agent stop'");
      }
      removeStale(location.socket(), log);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(location.socket()));
      Files.setPosixFilePermissions(location.socket(), PosixFilePermissions.fromString("rw-------"));
      return new AgentServer(location, new AgentStores(InstantSource.system(), idleTimeout), log, owner,
          lockChannel, lock, server);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  private static void removeStale(Path socket, PrintWriter log) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    }
    if (!a.isOther()) { // a socket is "other"; a file, directory or link there is not ours to remove
      throw new CliException(ExitCode.POLICY, "refused: " + socket + " exists and is not a socket;"
          + " remove it, or choose another socket with SECTOOLS_AGENT_SOCK");
    }
    Files.delete(socket);
    log.println(stamp() + " removed the stale socket of an agent that is gone");
  }

  /** Where this agent listens. */
  public AgentLocation location() {
    return location;
  }

  /** Serves until {@code stop} or {@link #close()}; returns when the socket is removed. */
  public void serve() {
    long period = Math.clamp(stores.idleTimeout().toMillis() / 10, 50, 5_000);
    idleCheck.scheduleWithFixedDelay(this::lockIfIdle, period, period, TimeUnit.MILLISECONDS);
    log.println(stamp() + " listening on " + location.socket() + " (pid " + ProcessHandle.current().pid()
        + ", idle timeout " + stores.idleTimeout() + ")");
    while (!closed.get()) {
      try {
        SocketChannel client = server.accept();
        Thread.ofVirtual().name("sectools-agent-client").start(() -> handle(client));
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        log.println(stamp() + " accept failed: " + e.getClass().getSimpleName());
      }
    }
    close();
  }

  /** Blocks until the agent has stopped. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private void lockIfIdle() {
    if (stores.lockIfIdle()) {
      log.println(stamp() + " locked after " + stores.idleTimeout() + " idle");
    }
  }

  private void handle(SocketChannel client) {
    try (client) {
      UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (!peer.user().equals(owner)) {
        log.println(stamp() + " refused a connection from user " + peer.user().getName()
            + " (only " + owner.getName() + " may use this agent)");
        return;
      }
      Frame request = AgentProtocol.read(client);
      if (request.kind() == AgentProtocol.RUN) {
        try {
          RunRequest.serve(request, client, stores);
        } finally {
          request.wipe();
        }
        return;
      }
      Frame reply = dispatch(request);
      try {
        AgentProtocol.write(client, reply);
      } finally {
        reply.wipe();
        request.wipe();
      }
      if (request.kind() == AgentProtocol.STOP) {
        log.println(stamp() + " stopping on request");
        close();
      }
    } catch (IOException | RuntimeException e) {
      log.println(stamp() + " a request failed: " + e.getClass().getSimpleName());
    }
  }

  private Frame dispatch(Frame r) {
    return switch (r.kind()) {
      case AgentProtocol.GET -> r.size() == 3 ? stores.get(r.text(0), r.text(1), Long.parseLong(r.text(2))) : bad();
      case AgentProtocol.COMMAND -> r.size() >= 2 ? CommandRequest.answer(r, stores) : bad();
      case AgentProtocol.UNLOCK -> r.size() == 2 ? unlock(r) : bad();
      case AgentProtocol.STATUS -> status();
      case AgentProtocol.LOCK -> {
        log.println(stamp() + " locked on request (" + stores.lock() + " stores closed)");
        yield Frame.of(AgentProtocol.OK);
      }
      case AgentProtocol.STOP -> Frame.of(AgentProtocol.OK);
      default -> bad();
    };
  }

  private Frame unlock(Frame r) {
    Frame reply = stores.unlock(r.text(0), r.field(1));
    log.println(stamp() + (reply.kind() == AgentProtocol.OK ? " unlocked " : " failed to unlock ") + r.text(0));
    return reply;
  }

  private Frame status() {
    List<String> lines = new ArrayList<>();
    lines.add("pid=" + ProcessHandle.current().pid());
    lines.add("socket=" + location.socket());
    lines.add("locked=" + stores.isLocked());
    lines.add("idle-timeout=" + stores.idleTimeout());
    if (!stores.isLocked()) {
      lines.add("locks-at=" + stores.locksAt());
    }
    stores.openStores().forEach(s -> lines.add("store=" + s));
    return Frame.of(AgentProtocol.OK, lines.toArray(String[]::new));
  }

  private static Frame bad() {
    return Frame.of((byte) ExitCode.USAGE.code(), "the agent did not understand the request;"
        + " is the client from another sectools version?");
  }

  private static String stamp() {
    return Instant.now().toString();
  }

  /** Closes every store, removes the socket and releases the lock; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    idleCheck.shutdownNow();
    int n = stores.lock();
    try {
      server.close();
      Files.deleteIfExists(location.socket());
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.println(stamp() + " cleanup failed: " + e.getClass().getSimpleName());
    }
    log.println(stamp() + " stopped (" + n + " stores closed)");
    log.flush();
    stopped.countDown();
  }
}
