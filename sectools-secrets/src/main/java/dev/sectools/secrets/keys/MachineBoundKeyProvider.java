package dev.sectools.secrets.keys;

import com.google.crypto.tink.Aead;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.FileInfo;
import dev.sectools.fs.HardLinkPolicy;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.internal.secrets.keys.KeyParameters;
import dev.sectools.internal.secrets.keys.Keks;
import dev.sectools.temp.SecureTemp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The fallback for hosts with no keychain and no token: a random 256-bit KEK kept in a
 * {@code 0600} file, encrypted with AES-256-GCM under a key derived with PBKDF2-HMAC-SHA256
 * (600,000 iterations by default) from this machine's identity ({@code /etc/machine-id}, else
 * {@code /var/lib/dbus/machine-id}) and a random salt.
 *
 * <pre>{@code
 * KeyProvider key = MachineBoundKeyProvider.builder(Path.of("/var/lib/myapp/keys")).build();
 * }</pre>
 *
 * <p>Each store gets its own key file ({@code kek-<32 hex digits>.sealed}) in the key directory,
 * written atomically through {@link ConfinedRoot}. The salt, the iteration count and the file's
 * name are kept in the store header, apart from the file; the file's ciphertext is bound to
 * them, so neither a file from another store nor a changed header opens. The key directory is
 * made {@code 0700}; one that is a link, another user's, or open to others is refused
 * ({@link dev.sectools.temp.InsecureDirectoryException}), and so is a key file that is not a
 * private regular file of ours ({@link InsecureKeyFileException}).
 *
 * <h2>Warning: a degraded fallback</h2>
 * This stops one thing: a copy of the key file (and the store) opening on another machine, as in
 * a leaked backup or a copied disk image. It does <em>not</em> stop anyone who can read the key
 * file on this machine: the machine id is readable by every local user, so the same user, root,
 * or anyone who gets the file and the machine id can derive the key. Building one logs a
 * {@code WARNING} through {@link System.Logger} saying so. Prefer {@link KeychainKeyProvider} or
 * {@link Pkcs11KeyProvider}. Re-installing the OS or cloning a VM changes or copies the machine
 * id: migrate the store to another provider before, with
 * {@link dev.sectools.secrets.SecretStore#changeKeyProvider}.
 *
 * <h2>Platforms</h2>
 * The machine id is read from the files given to {@link Builder#machineIdFiles}. Linux has
 * {@code /etc/machine-id} (systemd) or {@code /var/lib/dbus/machine-id}. macOS
 * ({@code IOPlatformUUID} from {@code ioreg}) and Windows (registry value
 * {@code HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid}) keep theirs elsewhere: there the
 * caller must provide it as a file, or {@code create} fails with
 * {@link KeyStorageUnavailableException}.
 */
public final class MachineBoundKeyProvider implements KeyProvider {
  /** The kind recorded in stores created with this provider. */
  public static final String KIND = "machine-bound";
  /** The fewest PBKDF2 iterations accepted: OWASP's figure for PBKDF2-HMAC-SHA256. */
  public static final int MIN_ITERATIONS = 600_000;
  /** The most PBKDF2 iterations accepted, so that a tampered header cannot make opening hang. */
  public static final int MAX_ITERATIONS = 20_000_000;
  /** Where the machine id is looked for unless told otherwise, in order. */
  public static final List<Path> DEFAULT_MACHINE_ID_FILES =
      List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));

  private static final System.Logger LOG = System.getLogger(MachineBoundKeyProvider.class.getName());
  private static final byte FORMAT = 1;
  private static final byte FILE_FORMAT = 1;
  private static final int SALT_BYTES = 16;
  private static final int MAX_MACHINE_ID_BYTES = 256;
  private static final int MAX_KEY_FILE_BYTES = 256;
  private static final Pattern KEY_FILE = Pattern.compile("kek-[0-9a-f]{32}\\.sealed");
  private static final byte[] FILE_DOMAIN = "sectools/machine-bound-kek/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final Set<PosixFilePermission> PRIVATE =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final Path keyDirectory;
  private final List<Path> machineIdFiles;
  private final int iterations;

  private MachineBoundKeyProvider(Builder b) {
    this.keyDirectory = b.keyDirectory;
    this.machineIdFiles = b.machineIdFiles;
    this.iterations = b.iterations;
  }

  /**
   * A builder for key files in {@code keyDirectory} (created {@code 0700} if missing).
   */
  public static Builder builder(Path keyDirectory) {
    return new Builder(keyDirectory);
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * Makes a random KEK and writes it, sealed, to a new file in the key directory.
   *
   * @throws KeyStorageUnavailableException if no machine id can be read
   * @throws dev.sectools.temp.InsecureDirectoryException if the key directory is not private
   */
  @Override
  public WrappingKey create() throws GeneralSecurityException, IOException {
    byte[] machineId = machineId();
    SecureTemp.ensurePrivateDirectory(keyDirectory);
    byte[] parameters = KeyParameters.encode(FORMAT,
        ByteBuffer.allocate(Integer.BYTES).putInt(iterations).array(),
        Keks.random(SALT_BYTES),
        KeyParameters.utf8(Keks.randomName("kek-", 16) + ".sealed"));
    Stored stored = Stored.parse(parameters);
    byte[] kek = Keks.random(Keks.KEY_BYTES);
    try {
      byte[] sealed = seal(stored, parameters, machineId, kek);
      try (ConfinedRoot root = ConfinedRoot.open(keyDirectory)) {
        root.write(stored.fileName, sealed, WriteOptions.builder().mode(WriteMode.CREATE_NEW).build());
      }
      return new WrappingKey(parameters, Keks.aesGcm(kek));
    } finally {
      Arrays.fill(kek, (byte) 0);
      Arrays.fill(machineId, (byte) 0);
    }
  }

  /**
   * Reads and unseals the key file named in {@code parameters}.
   *
   * @throws GeneralSecurityException if the file is missing, was changed, belongs to another
   *     store, or was sealed on another machine
   * @throws InsecureKeyFileException if the key file is not a private regular file of ours
   * @throws dev.sectools.temp.InsecureDirectoryException if the key directory is not private
   * @throws KeyStorageUnavailableException if no machine id can be read
   */
  @Override
  public WrappingKey open(byte[] parameters) throws GeneralSecurityException, IOException {
    Stored stored = Stored.parse(parameters);
    byte[] sealed = readKeyFile(stored.fileName);
    byte[] machineId = machineId();
    byte[] kek = null;
    try {
      if (sealed.length < 1 || sealed[0] != FILE_FORMAT) {
        throw new GeneralSecurityException("unrecognised key file");
      }
      Aead unsealer = Keks.aesGcm(derive(machineId, stored));
      kek = unsealer.decrypt(Arrays.copyOfRange(sealed, 1, sealed.length), fileAd(parameters));
      return new WrappingKey(parameters, Keks.aesGcm(kek));
    } finally {
      Arrays.fill(machineId, (byte) 0);
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  private byte[] seal(Stored stored, byte[] parameters, byte[] machineId, byte[] kek)
      throws GeneralSecurityException {
    byte[] sealed = Keks.aesGcm(derive(machineId, stored)).encrypt(kek, fileAd(parameters));
    return ByteBuffer.allocate(1 + sealed.length).put(FILE_FORMAT).put(sealed).array();
  }

  private byte[] readKeyFile(String name) throws IOException, GeneralSecurityException {
    if (Files.notExists(keyDirectory, LinkOption.NOFOLLOW_LINKS)) {
      throw new GeneralSecurityException("the key file is gone");
    }
    Path dir = SecureTemp.ensurePrivateDirectory(keyDirectory); // a link, foreign or open: refused
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      FileInfo info = root.stat(name);
      String problem = problemWith(info, ownerOf(dir));
      if (problem != null) {
        throw new InsecureKeyFileException(name, problem);
      }
      return root.read(name, ReadOptions.builder()
          .maxSizeBytes(MAX_KEY_FILE_BYTES)
          .hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE)
          .build());
    } catch (NoSuchFileException e) {
      throw new GeneralSecurityException("the key file is gone");
    }
  }

  private static String problemWith(FileInfo info, long directoryOwner) {
    if (!info.isRegularFile()) {
      return "not a regular file (" + info.type() + ")";
    }
    if (!PRIVATE.containsAll(info.permissions())) {
      return "open to group or others: permissions must be 0600 or stricter";
    }
    if (info.ownerUid() != directoryOwner) {
      return "owned by user " + info.ownerUid() + ", not by the key directory's owner " + directoryOwner;
    }
    if (info.linkCount() != 1) {
      return "has " + info.linkCount() + " hard links";
    }
    return null;
  }

  private static long ownerOf(Path dir) throws IOException {
    try {
      return ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return -1; // no numeric owners here: ConfinedRoot reports -1 as well
    }
  }

  private static byte[] fileAd(byte[] parameters) {
    return ByteBuffer.allocate(FILE_DOMAIN.length + parameters.length).put(FILE_DOMAIN).put(parameters).array();
  }

  private static byte[] derive(byte[] machineId, Stored stored) throws GeneralSecurityException {
    char[] password = new char[machineId.length];
    for (int i = 0; i < machineId.length; i++) {
      password[i] = (char) (machineId[i] & 0xFF);
    }
    PBEKeySpec spec = new PBEKeySpec(password, stored.salt, stored.iterations, Keks.KEY_BYTES * 8);
    Arrays.fill(password, '\0');
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (InvalidKeySpecException e) {
      throw new GeneralSecurityException("key derivation failed", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** The first machine id found: printable ASCII, surrounding white space removed. */
  private byte[] machineId() throws IOException {
    for (Path file : machineIdFiles) {
      byte[] id = readSmall(file);
      if (id != null) {
        byte[] trimmed = new String(id, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(id, (byte) 0);
        if (trimmed.length > 0 && printableAscii(trimmed)) {
          return trimmed;
        }
      }
    }
    throw new KeyStorageUnavailableException("no machine id in any of " + machineIdFiles
        + ": on Linux run 'systemd-machine-id-setup' or 'dbus-uuidgen --ensure'; on macOS and"
        + " Windows write the platform's machine UUID to a root-owned file and name it with"
        + " MachineBoundKeyProvider.Builder.machineIdFiles");
  }

  private static byte[] readSmall(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) { // /etc/machine-id may be a link: followed
      byte[] bytes = in.readNBytes(MAX_MACHINE_ID_BYTES + 1);
      return bytes.length > MAX_MACHINE_ID_BYTES ? null : bytes;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static boolean printableAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7E) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "MachineBoundKeyProvider[iterations=" + iterations + "]";
  }

  /** What the store header holds for this provider, checked. */
  private record Stored(int iterations, byte[] salt, String fileName) {
    static Stored parse(byte[] parameters) throws GeneralSecurityException {
      List<byte[]> fields = KeyParameters.decode(parameters, FORMAT, 3);
      if (fields.get(0).length != Integer.BYTES || fields.get(1).length != SALT_BYTES) {
        throw new GeneralSecurityException("unrecognised machine-bound key parameters");
      }
      int iterations = ByteBuffer.wrap(fields.get(0)).getInt();
      if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
        throw new GeneralSecurityException("unacceptable machine-bound key parameters");
      }
      String name = KeyParameters.text(fields.get(2));
      if (!KEY_FILE.matcher(name).matches()) { // the header must not steer us to another file
        throw new GeneralSecurityException("unacceptable machine-bound key parameters");
      }
      return new Stored(iterations, fields.get(1), name);
    }
  }

  /** Builds a {@link MachineBoundKeyProvider}. Building one logs the degraded-fallback warning. */
  public static final class Builder {
    private final Path keyDirectory;
    private List<Path> machineIdFiles = DEFAULT_MACHINE_ID_FILES;
    private int iterations = MIN_ITERATIONS;

    private Builder(Path keyDirectory) {
      this.keyDirectory = Objects.requireNonNull(keyDirectory, "keyDirectory").toAbsolutePath().normalize();
      if (this.keyDirectory.getParent() == null) {
        throw new IllegalArgumentException("the key directory must not be the file system root");
      }
    }

    /**
     * Where to read the machine id, first readable non-empty file wins; default
     * {@link #DEFAULT_MACHINE_ID_FILES}.
     *
     * @throws IllegalArgumentException if {@code files} is empty
     */
    public Builder machineIdFiles(List<Path> files) {
      if (files.isEmpty()) {
        throw new IllegalArgumentException("at least one machine id file is needed");
      }
      this.machineIdFiles = List.copyOf(files);
      return this;
    }

    /**
     * PBKDF2 iterations for new key files; opening uses the count stored with the store.
     *
     * @throws IllegalArgumentException outside {@link #MIN_ITERATIONS}..{@link #MAX_ITERATIONS}
     */
    public Builder iterations(int iterations) {
      if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be between " + MIN_ITERATIONS + " and "
            + MAX_ITERATIONS + ", was " + iterations);
      }
      this.iterations = iterations;
      return this;
    }

    /** The provider; logs one {@code WARNING} that it is a degraded fallback. */
    public MachineBoundKeyProvider build() {
      LOG.log(System.Logger.Level.WARNING, "using the machine-bound key file fallback: the store key"
          + " is protected only by this machine's id, which local users can read; it stops a"
          + " copied key file from opening elsewhere, nothing more. Prefer an OS keychain or a"
          + " PKCS#11 token");
      return new MachineBoundKeyProvider(this);
    }
  }
}
