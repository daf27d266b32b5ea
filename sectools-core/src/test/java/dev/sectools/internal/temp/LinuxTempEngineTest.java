package dev.sectools.internal.temp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.PathDisplay;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.temp.Overwrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collisions forced through the randomness seam: the attacker has planted exactly the names the
 * engine draws first (a link to a precious file, a link to a directory, a FIFO, a file). The
 * engine must draw again, and leave every planted name and target untouched.
 */
class LinuxTempEngineTest {
  private static final PathNamer FULL = new PathNamer(PathDisplay.FULL);

  @TempDir Path tmp;
  Path base;
  Path precious;

  @BeforeEach
  void setUp() throws IOException {
    base = Files.createDirectory(tmp.resolve("base"));
    precious = Files.writeString(tmp.resolve("precious"), "PRECIOUS");
  }

  /** The first {@code repeats} draws all yield the same bytes; then fresh ones. */
  private static Consumer<byte[]> collidingFor(int repeats) {
    AtomicInteger calls = new AtomicInteger();
    return bytes -> Arrays.fill(bytes, (byte) (calls.getAndIncrement() < repeats ? 7 : calls.get()));
  }

  private void plantAll(String name) throws Exception {
    Files.createSymbolicLink(base.resolve(name), precious);
  }

  @Test
  void createFile_firstNamesTakenByLinkAndFifo_drawsFreshNameTargetsUntouched() throws Exception {
    TempNames names = new TempNames(collidingFor(3));
    String taken = new TempNames(collidingFor(1)).next("p-", "");
    plantAll(taken);
    TempHandle h = new LinuxTempEngine(names).createFile(base, "p-", "", FULL);
    assertThat(h.path().getFileName().toString()).isNotEqualTo(taken);
    h.channel().write(ByteBuffer.wrap("mine".getBytes(UTF_8)));
    h.delete(Overwrite.ZEROS);
    assertThat(Files.readString(precious)).isEqualTo("PRECIOUS");
    assertThat(Files.isSymbolicLink(base.resolve(taken))).isTrue();

    Files.delete(base.resolve(taken));
    Process p = new ProcessBuilder("mkfifo", base.resolve(taken).toString()).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    TempHandle h2 = new LinuxTempEngine(new TempNames(collidingFor(2))).createFile(base, "p-", "", FULL);
    assertThat(h2.path().getFileName().toString()).isNotEqualTo(taken);
    h2.delete(Overwrite.NONE);
    assertThat(base.resolve(taken)).exists();
  }

  @Test
  void createDirectory_firstNameTakenByLinkToDirectory_drawsFreshNameTargetUntouched() throws Exception {
    Path dirTarget = Files.createDirectory(tmp.resolve("dir-target"));
    String taken = new TempNames(collidingFor(1)).next("d-", "");
    Files.createSymbolicLink(base.resolve(taken), dirTarget);
    TempHandle h = new LinuxTempEngine(new TempNames(collidingFor(5))).createDirectory(base, "d-", "", FULL);
    assertThat(h.path().getFileName().toString()).isNotEqualTo(taken);
    assertThat(Files.isDirectory(h.path(), LinkOption.NOFOLLOW_LINKS)).isTrue();
    h.delete(Overwrite.NONE);
    assertThat(Files.isSymbolicLink(base.resolve(taken))).isTrue();
    try (var s = Files.list(dirTarget)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void createFile_everyNameTaken_givesUpAfterBoundedAttempts() throws Exception {
    String taken = new TempNames(collidingFor(1)).next("p-", "");
    plantAll(taken);
    assertThatThrownBy(() -> new LinuxTempEngine(new TempNames(b -> Arrays.fill(b, (byte) 7)))
            .createFile(base, "p-", "", FULL))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(TempNames.MAX_ATTEMPTS + " attempts");
    assertThatThrownBy(() -> new LinuxTempEngine(new TempNames(b -> Arrays.fill(b, (byte) 7)))
            .createDirectory(base, "p-", "", FULL))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(precious)).isEqualTo("PRECIOUS");
  }

  @Test
  void next_anyBytes_26LowercaseBase32Characters() {
    assertThat(new TempNames(b -> Arrays.fill(b, (byte) 0)).next("", "")).isEqualTo("a".repeat(26));
    assertThat(new TempNames(b -> Arrays.fill(b, (byte) -1)).next("x", ".y"))
        .isEqualTo("x" + "7".repeat(25) + "4" + ".y"); // the last character carries 3 bits
  }
}
