package dev.sectools.secrets.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.PathDisplay;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.temp.InsecureDirectoryException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineBoundKeyProviderTest {
  private static final byte[] AD = "associated".getBytes(UTF_8);

  @TempDir Path tmp;
  Path keys;
  Path thisMachine;
  Path otherMachine;

  @BeforeEach
  void machines() throws Exception {
    keys = tmp.resolve("keys");
    thisMachine = Files.writeString(tmp.resolve("machine-id-1"), "0f5b3c1d9e8a4b7c8d6e5f4a3b2c1d0e\n");
    otherMachine = Files.writeString(tmp.resolve("machine-id-2"), "7a1e2b3c4d5e6f708192a3b4c5d6e7f8\n");
  }

  private MachineBoundKeyProvider on(Path machineId) {
    return MachineBoundKeyProvider.builder(keys).machineIdFiles(List.of(machineId)).build();
  }

  private Path keyFile() throws Exception {
    try (Stream<Path> files = Files.list(keys)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sealed")).findFirst().orElseThrow();
    }
  }

  @Test
  void create_thenOpen_givesTheSameKey() throws Exception {
    WrappingKey created = on(thisMachine).create();
    byte[] ciphertext = created.aead().encrypt("kek check".getBytes(UTF_8), AD);

    WrappingKey opened = on(thisMachine).open(created.parameters());

    assertThat(opened.aead().decrypt(ciphertext, AD)).isEqualTo("kek check".getBytes(UTF_8));
  }

  @Test
  void create_writesPrivateFileInPrivateDirectory() throws Exception {
    on(thisMachine).create();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
    assertThat(Files.size(keyFile())).isEqualTo(1 + 12 + 32 + 16);
  }

  @Test
  void create_parametersHoldNeitherKeyNorMachineId() throws Exception {
    WrappingKey created = on(thisMachine).create();

    String parameters = new String(created.parameters(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(parameters).doesNotContain("0f5b3c1d9e8a4b7c").contains(keyFile().getFileName().toString());
    assertThat(created.toString()).doesNotContain("0f5b3c1d");
  }

  @Test
  void createStore_thenReopen_readsSecrets() throws Exception {
    Path dir = tmp.resolve("store");
    try (SecretStore store = SecretStore.create(config(dir, on(thisMachine)))) {
      store.put("app/db-password", "hunter2".getBytes(UTF_8));
    }
    try (SecretStore store = SecretStore.open(config(dir, on(thisMachine)));
         SecureBuffer value = store.get("app/db-password")) {
      assertThat(value.copyToStringUnwipeable(UTF_8)).isEqualTo("hunter2");
    }
  }

  @Test
  void keyFile_copiedToAnotherMachine_accessDenied() throws Exception {
    Path dir = tmp.resolve("store");
    try (SecretStore store = SecretStore.create(config(dir, on(thisMachine)))) {
      store.put("app/db-password", "hunter2".getBytes(UTF_8));
    }
    Path copiedStore = copyDirectory(dir, tmp.resolve("elsewhere/store"));
    Path copiedKeys = copyDirectory(keys, tmp.resolve("elsewhere/keys"));
    MachineBoundKeyProvider elsewhere = MachineBoundKeyProvider.builder(copiedKeys)
        .machineIdFiles(List.of(otherMachine)).build();
    MachineBoundKeyProvider copyHere = MachineBoundKeyProvider.builder(copiedKeys)
        .machineIdFiles(List.of(thisMachine)).build();

    assertThatThrownBy(() -> SecretStore.open(config(copiedStore, elsewhere)))
        .isInstanceOf(StoreAccessDeniedException.class);
    try (SecretStore store = SecretStore.open(config(copiedStore, copyHere))) { // the copy itself is good
      assertThat(store.list("app/")).containsExactly("db-password");
    }
  }

  @Test
  void keyFile_oneByteFlipped_accessDenied() throws Exception {
    WrappingKey created = on(thisMachine).create();
    byte[] sealed = Files.readAllBytes(keyFile());
    for (int i : new int[] {0, 1, 13, sealed.length - 1}) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      Files.write(keyFile(), tampered);

      assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
          .as("byte %d flipped", i)
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void keyFile_truncated_accessDenied() throws Exception {
    WrappingKey created = on(thisMachine).create();
    byte[] sealed = Files.readAllBytes(keyFile());
    Files.write(keyFile(), java.util.Arrays.copyOf(sealed, sealed.length - 1));

    assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void keyFile_swappedForAnotherStoresFile_accessDenied() throws Exception {
    WrappingKey first = on(thisMachine).create();
    Path firstFile = keyFile();
    Files.move(firstFile, tmp.resolve("aside"));
    on(thisMachine).create();
    Files.move(keyFile(), firstFile); // the other store's sealed key, under the first one's name

    assertThatThrownBy(() -> on(thisMachine).open(first.parameters()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void keyFile_missing_accessDenied() throws Exception {
    WrappingKey created = on(thisMachine).create();
    Files.delete(keyFile());

    assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void keyFile_groupReadable_refused() throws Exception {
    WrappingKey created = on(thisMachine).create();
    Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
        .isInstanceOf(InsecureKeyFileException.class)
        .hasMessageContaining("0600");
  }

  @Test
  void keyFile_foreignOwner_refused() throws Exception {
    Requirements.require("root".equals(System.getProperty("user.name")),
        "making a file owned by another user needs root");
    WrappingKey created = on(thisMachine).create();
    Files.setAttribute(keyFile(), "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

    assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
        .isInstanceOf(InsecureKeyFileException.class)
        .hasMessageContaining("owned by user 65534");
  }

  @Test
  void keyFile_hardLinkedElsewhere_refused() throws Exception {
    WrappingKey created = on(thisMachine).create();
    Files.createLink(tmp.resolve("planted-link"), keyFile());

    assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
        .isInstanceOf(InsecureKeyFileException.class)
        .hasMessageContaining("hard links");
  }

  @Test
  void keyFile_replacedBySymlink_refused() throws Exception {
    WrappingKey created = on(thisMachine).create();
    Path file = keyFile();
    Files.move(file, tmp.resolve("real"));
    Files.createSymbolicLink(file, tmp.resolve("real"));

    assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
        .isInstanceOf(InsecureKeyFileException.class);
  }

  @Test
  void keyDirectory_openToOthers_refused() throws Exception {
    WrappingKey created = on(thisMachine).create();
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> on(thisMachine).open(created.parameters()))
        .isInstanceOf(InsecureDirectoryException.class);
    assertThatThrownBy(() -> on(thisMachine).create())
        .isInstanceOf(InsecureDirectoryException.class);
  }

  @Test
  void header_fileNameSteeredOutOfTheDirectory_accessDenied() throws Exception {
    WrappingKey created = on(thisMachine).create();
    Files.copy(keyFile(), tmp.resolve("kek-00000000000000000000000000000000.sealed"));
    byte[] steered = parameters(600_000, salt(created), "../kek-00000000000000000000000000000000.sealed");

    assertThatThrownBy(() -> on(thisMachine).open(steered))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageNotContaining("..");
  }

  @Test
  void header_iterationsLowered_accessDenied() throws Exception {
    WrappingKey created = on(thisMachine).create();
    byte[] cheap = parameters(1_000, salt(created), keyFile().getFileName().toString());

    assertThatThrownBy(() -> on(thisMachine).open(cheap)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void header_iterationsRaisedToHang_accessDenied() throws Exception {
    WrappingKey created = on(thisMachine).create();
    byte[] huge = parameters(Integer.MAX_VALUE, salt(created), keyFile().getFileName().toString());

    assertThatThrownBy(() -> on(thisMachine).open(huge)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void create_noMachineId_clearErrorNamingTheFix() throws Exception {
    MachineBoundKeyProvider provider = MachineBoundKeyProvider.builder(keys)
        .machineIdFiles(List.of(tmp.resolve("missing"), Files.writeString(tmp.resolve("empty"), "")))
        .build();

    assertThatThrownBy(provider::create)
        .isInstanceOf(KeyStorageUnavailableException.class)
        .hasMessageContaining("systemd-machine-id-setup");
    assertThat(keys).doesNotExist();
  }

  @Test
  void machineId_firstFileMissing_usesTheNext() throws Exception {
    WrappingKey created = on(thisMachine).create();
    MachineBoundKeyProvider fallback = MachineBoundKeyProvider.builder(keys)
        .machineIdFiles(List.of(tmp.resolve("no-etc-machine-id"), thisMachine))
        .build();

    byte[] ciphertext = created.aead().encrypt(new byte[] {1, 2, 3}, AD);
    assertThat(fallback.open(created.parameters()).aead().decrypt(ciphertext, AD)).containsExactly(1, 2, 3);
  }

  @Test
  void build_logsOneDegradedFallbackWarning() {
    Logger logger = Logger.getLogger(MachineBoundKeyProvider.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord r) {
        records.add(r);
      }
      @Override public void flush() { }
      @Override public void close() { }
    };
    logger.addHandler(capture);
    try {
      MachineBoundKeyProvider.builder(keys).build();
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).contains("fallback").contains("machine");
    });
  }

  @Test
  void builder_iterationsBelowOwaspFigure_refused() {
    assertThatThrownBy(() -> MachineBoundKeyProvider.builder(keys).iterations(599_999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("599999");
  }

  private static Path copyDirectory(Path from, Path to) throws Exception {
    Files.createDirectories(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return to;
  }

  private static StoreConfig config(Path dir, KeyProvider provider) {
    return StoreConfig.builder(dir, provider).pathDisplay(PathDisplay.FULL).build();
  }

  /** The salt field of machine-bound parameters: format, then 2+4 bytes, then 2+16. */
  private static byte[] salt(WrappingKey key) {
    return java.util.Arrays.copyOfRange(key.parameters(), 1 + 2 + 4 + 2, 1 + 2 + 4 + 2 + 16);
  }

  private static byte[] parameters(int iterations, byte[] salt, String file) {
    byte[] name = file.getBytes(UTF_8);
    return ByteBuffer.allocate(1 + 2 + 4 + 2 + salt.length + 2 + name.length)
        .put((byte) 1)
        .putShort((short) 4).putInt(iterations)
        .putShort((short) salt.length).put(salt)
        .putShort((short) name.length).put(name)
        .array();
  }
}
