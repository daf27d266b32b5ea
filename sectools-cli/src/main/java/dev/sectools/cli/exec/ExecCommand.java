package dev.sectools.cli.exec;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Sectools;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.ChildRunner;
import dev.sectools.cli.internal.Masker;
import dev.sectools.cli.secrets.Passphrases;
import dev.sectools.cli.secrets.StoreOptions;
import dev.sectools.cli.secrets.Stores;
import dev.sectools.fs.Durability;
import dev.sectools.fs.WriteOptions;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sectools exec --env NAME=PATH … --file NAME=PATH … -- COMMAND ARGS…}: runs a program
 * with secrets in its environment or in private files on tmpfs, with no plaintext config file.
 */
@Command(name = "exec",
    header = "Run a program with secrets in its environment or in private files on tmpfs.",
    description = {"--env NAME=PATH puts the secret's value in variable NAME. --file NAME=PATH writes",
        "it to a 0600 file in a private 0700 directory on tmpfs ($XDG_RUNTIME_DIR, else /dev/shm) and",
        "puts the file's path in NAME; the directory is removed when the program exits, also when",
        "sectools gets SIGTERM, SIGINT or SIGHUP (they are forwarded to the program).",
        "Secret values in the program's output are replaced by <masked> unless --no-mask.",
        "The exit status is the program's (128+N if signal N ended it); SECTOOLS_PASSPHRASE is",
        "removed from its environment."})
public final class ExecCommand extends SectoolsCommand implements Sectools.RunsProgram {
  @Mixin
  private StoreOptions store;

  @Option(names = "--env", paramLabel = "NAME=PATH", converter = SecretMapping.Converter.class,
      description = "Put the value of secret PATH in environment variable NAME.")
  private List<SecretMapping> envs = new ArrayList<>();

  @Option(names = "--file", paramLabel = "NAME=PATH", converter = SecretMapping.Converter.class,
      description = "Write secret PATH to a private file on tmpfs; put the file's path in NAME.")
  private List<SecretMapping> files = new ArrayList<>();

  @Option(names = "--mask", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Replace secret values in the program's output with <masked> (default; --no-mask to turn off).")
  private boolean mask;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The program and its arguments, after --.")
  private List<String> command;

  /** For picocli. */
  public ExecCommand() {}

  @Override
  public Integer call() throws Exception {
    checkNames();
    Map<String, String> variables = new LinkedHashMap<>();
    List<byte[]> values = new ArrayList<>();
    try (TempDirectory dir = files.isEmpty() ? null : createFileDirectory()) {
      try (SecretStore s = Stores.open(store, env())) {
        for (SecretMapping m : envs) {
          try (SecureBuffer value = s.get(m.path())) {
            values.add(bytes(value));
            variables.put(m.name(), text(value, m.name()));
          }
        }
        for (SecretMapping m : files) {
          try (SecureBuffer value = s.get(m.path())) {
            values.add(bytes(value));
            dir.root().write(m.name(), value, WriteOptions.builder().durability(Durability.NONE).build());
            variables.put(m.name(), dir.path().resolve(m.name()).toString());
          }
        }
      }
      if (mask) {
        if (values.stream().anyMatch(v -> v.length < Masker.MIN_LENGTH)) {
          warn("values shorter than " + Masker.MIN_LENGTH + " bytes are not masked in the output");
        }
        addTrimmedVariants(values);
      }
      AutoCloseable cleanup = dir == null ? () -> { } : dir;
      return ChildRunner.run(command, variables, List.of(Passphrases.VARIABLE), env(),
          mask ? values : List.of(), cleanup);
    } finally {
      values.forEach(v -> Arrays.fill(v, (byte) 0));
    }
  }

  private void checkNames() {
    Set<String> seen = new HashSet<>();
    for (SecretMapping m : concat(envs, files)) {
      if (!seen.add(m.name())) {
        throw usage("variable " + m.name() + " is given twice");
      }
    }
    if (envs.isEmpty() && files.isEmpty()) {
      throw usage("nothing to pass: give --env NAME=PATH or --file NAME=PATH");
    }
  }

  private static List<SecretMapping> concat(List<SecretMapping> a, List<SecretMapping> b) {
    List<SecretMapping> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** A private directory on a memory file system: $XDG_RUNTIME_DIR, else /dev/shm. */
  private TempDirectory createFileDirectory() throws IOException {
    Optional<Path> base = env().variable("XDG_RUNTIME_DIR").map(Path::of).filter(ExecCommand::isMemoryBacked)
        .or(() -> Optional.of(Path.of("/dev/shm")).filter(ExecCommand::isMemoryBacked));
    if (base.isEmpty()) {
      throw new CliException(ExitCode.POLICY, "no memory-backed directory for --file: neither"
          + " $XDG_RUNTIME_DIR nor /dev/shm is a tmpfs; set XDG_RUNTIME_DIR to one, or use --env");
    }
    return SecureTemp.createDirectory("sectools-exec-", TempOptions.builder().baseDirectory(base.get()).build());
  }

  private static boolean isMemoryBacked(Path dir) {
    try {
      String type = Files.getFileStore(dir).type();
      return type.equals("tmpfs") || type.equals("ramfs");
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] bytes(SecureBuffer value) {
    byte[] b = new byte[value.length()];
    value.copyTo(b);
    return b;
  }

  /** The value as text for the environment: strict UTF-8 without NUL, else a usage error. */
  private static String text(SecureBuffer value, String name) {
    byte[] b = bytes(value);
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
      if (s.indexOf('\0') >= 0) {
        throw new CharacterCodingException();
      }
      return s;
    } catch (CharacterCodingException e) {
      throw new CliException(ExitCode.USAGE, "the secret for " + name + " is not text an environment"
          + " variable can hold; pass it with --file " + name + "=PATH instead");
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Adds each value without its trailing line end (programs often print it trimmed). */
  private static void addTrimmedVariants(List<byte[]> values) {
    for (byte[] v : List.copyOf(values)) {
      int end = v.length;
      while (end > 0 && (v[end - 1] == '\n' || v[end - 1] == '\r')) {
        end--;
      }
      if (end < v.length) {
        values.add(Arrays.copyOf(v, end));
      }
    }
  }
}
