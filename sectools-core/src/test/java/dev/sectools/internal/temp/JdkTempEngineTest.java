package dev.sectools.internal.temp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.PathDisplay;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.temp.ExistingDirectoryPolicy;
import dev.sectools.temp.InsecureDirectoryException;
import dev.sectools.temp.Overwrite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK engine (macOS and Windows use it) exercised on Linux, where the JDK gives it POSIX
 * attributes and a {@link java.nio.file.SecureDirectoryStream}. Its Windows ACL path is not
 * reachable here.
 */
class JdkTempEngineTest {
  private static final PathNamer FULL = new PathNamer(PathDisplay.FULL);

  @TempDir Path tmp;

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void createFileAndDirectory_privateAndRemovedWithoutFollowingLinks() throws IOException {
    Path precious = Files.writeString(tmp.resolve("precious"), "PRECIOUS");
    Path base = Files.createDirectory(tmp.resolve("base"));
    JdkTempEngine engine = new JdkTempEngine(TempNames.secure());
    TempHandle dir = engine.createDirectory(base, "d-", "", FULL);
    assertThat(perms(dir.path())).isEqualTo("rwx------");
    Files.createDirectory(dir.path().resolve("sub"));
    Files.createSymbolicLink(dir.path().resolve("sub/link"), precious);
    Files.createSymbolicLink(dir.path().resolve("dirlink"), tmp);
    TempHandle file = engine.createFile(base, "f-", ".x", FULL);
    assertThat(perms(file.path())).isEqualTo("rw-------");
    file.channel().write(ByteBuffer.wrap("abc".getBytes(UTF_8)));
    try (InputStream in = file.channel().newInputStream()) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("abc");
    }
    file.delete(Overwrite.ZEROS);
    dir.delete(Overwrite.ZEROS);
    try (var s = Files.list(base)) {
      assertThat(s).isEmpty();
    }
    assertThat(Files.readString(precious)).isEqualTo("PRECIOUS");
  }

  @Test
  void createFile_firstNameTakenByLink_drawsAnother() throws IOException {
    Path precious = Files.writeString(tmp.resolve("precious"), "PRECIOUS");
    Path base = Files.createDirectory(tmp.resolve("base"));
    String taken = new TempNames(b -> Arrays.fill(b, (byte) 1)).next("p-", "");
    Files.createSymbolicLink(base.resolve(taken), precious);
    int[] calls = {0};
    TempHandle h = new JdkTempEngine(new TempNames(b -> Arrays.fill(b, (byte) (calls[0]++ == 0 ? 1 : 2))))
        .createFile(base, "p-", "", FULL);
    assertThat(h.path().getFileName().toString()).isNotEqualTo(taken);
    h.delete(Overwrite.NONE);
    assertThat(Files.readString(precious)).isEqualTo("PRECIOUS");
  }

  @Test
  void checkBaseAndEnsurePrivate_refuseInsecureDirectories() throws IOException {
    JdkTempEngine engine = new JdkTempEngine(TempNames.secure());
    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> engine.createFile(open, "f-", "", FULL))
        .isInstanceOf(InsecureDirectoryException.class);
    assertThatThrownBy(() -> engine.ensurePrivateDirectory(open, ExistingDirectoryPolicy.REFUSE, FULL))
        .isInstanceOf(InsecureDirectoryException.class);
    engine.ensurePrivateDirectory(open, ExistingDirectoryPolicy.TIGHTEN, FULL);
    assertThat(perms(open)).isEqualTo("rwx------");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), open);
    assertThatThrownBy(() -> engine.ensurePrivateDirectory(link, ExistingDirectoryPolicy.TIGHTEN, FULL))
        .isInstanceOf(InsecureDirectoryException.class);
    Path fresh = tmp.resolve("x/y");
    engine.ensurePrivateDirectory(fresh, ExistingDirectoryPolicy.REFUSE, FULL);
    assertThat(perms(fresh)).isEqualTo("rwx------");
  }
}
