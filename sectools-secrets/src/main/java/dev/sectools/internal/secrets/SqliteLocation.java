package dev.sectools.internal.secrets;

import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.FileInfo;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.StoreFormatException;
import dev.sectools.temp.SecureTemp;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The embedded store: {@code store.db} in the store's directory ({@code 0700}, checked private
 * by {@link SecureTemp}), the file {@code 0600}, made through {@link ConfinedRoot}.
 */
final class SqliteLocation implements StoreLocation {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final StoreConfig config;
  private boolean madeDirectory;

  SqliteLocation(StoreConfig config) {
    this.config = config;
    this.dir = config.directory();
  }

  @Override
  public Storage create() throws IOException {
    checkNotRoot();
    // Created 0700 with any missing parents; an existing directory must be ours and private.
    madeDirectory = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    SecureTemp.ensurePrivateDirectory(dir);
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      root.write(StoreOpener.DATABASE, new byte[0], WriteOptions.builder().mode(WriteMode.CREATE_NEW).build());
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(dir.toString(), null, "a store already exists here");
    }
    try {
      return SqliteStorage.open(dir.resolve(StoreOpener.DATABASE), config.busyTimeout());
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  @Override
  public void discard() {
    removeQuietly(StoreOpener.DATABASE, madeDirectory);
  }

  @Override
  public Storage open() throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(dir.toString(), null, "no store directory here");
    }
    SecureTemp.ensurePrivateDirectory(dir); // a link, a foreign owner or open permissions: refused
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      FileInfo db = root.stat(StoreOpener.DATABASE);
      if (!db.isRegularFile()) {
        throw new StoreFormatException("the store database is not a regular file");
      }
      if (db.sizeBytes() == 0) {
        throw new StoreFormatException("the store database is empty");
      }
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(dir.toString(), null, "no store here (no " + StoreOpener.DATABASE + ")");
    }
    return SqliteStorage.open(dir.resolve(StoreOpener.DATABASE), config.busyTimeout());
  }

  @Override
  public void requireNoStore() throws IOException {
    checkNotRoot();
    if (Files.exists(dir.resolve(StoreOpener.DATABASE), LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "a store already exists here; restore only"
          + " into a new one");
    }
  }

  /**
   * Loads into a private temporary database in the store's directory, then renames it to
   * {@code store.db} (refusing to replace one). On any failure it is deleted, with the directory
   * if this made it.
   */
  @Override
  public void fill(Loader loader) throws IOException, GeneralSecurityException {
    boolean madeDir = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    SecureTemp.ensurePrivateDirectory(dir);
    byte[] suffix = new byte[8];
    RANDOM.nextBytes(suffix);
    String temp = ".restore-" + HexFormat.of().formatHex(suffix) + ".db";
    boolean done = false;
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      root.write(temp, new byte[0], WriteOptions.builder().mode(WriteMode.CREATE_NEW).build());
      try (SqliteStorage storage = SqliteStorage.open(root.path().resolve(temp), config.busyTimeout())) {
        loader.load(storage);
        storage.checkpoint(); // everything into the database file before it is renamed
      }
      root.rename(temp, StoreOpener.DATABASE, WriteMode.CREATE_NEW);
      done = true;
    } finally {
      if (!done) {
        removeQuietly(temp, madeDir);
      }
    }
  }

  private void checkNotRoot() {
    if (dir.getParent() == null) {
      throw new IllegalArgumentException("store directory must not be the file system root");
    }
  }

  private void removeQuietly(String database, boolean directoryToo) {
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      for (String name : new String[] {database, database + "-wal", database + "-shm", database + "-journal"}) {
        root.deleteIfExists(name);
      }
    } catch (IOException ignored) {
      // The first failure is reported; a half-made store is refused on open anyway.
    }
    if (directoryToo) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // As above.
      }
    }
  }
}
