package dev.sectools.internal.secrets;

import dev.sectools.internal.secrets.Storage.Mode;
import dev.sectools.internal.secrets.Storage.StaleVersion;
import dev.sectools.internal.secrets.StoreKeys.DataKey;
import dev.sectools.secrets.DataKeyInfo;
import dev.sectools.secrets.KeyState;
import dev.sectools.secrets.ReencryptProgress;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-key rotation: a new primary key, re-encryption of older versions in batches, and the
 * retirement of keys nothing uses any more. Every change of the keyset is one write transaction.
 */
final class KeyRotation {
  /** Versions re-encrypted per transaction: bounds memory and how long the write lock is held. */
  static final int BATCH = 500;

  private final Storage storage;
  private final KeyRing ring;
  private final java.time.InstantSource clock;

  KeyRotation(Storage storage, KeyRing ring, java.time.InstantSource clock) {
    this.storage = storage;
    this.ring = ring;
    this.clock = clock;
  }

  long rotate() throws IOException, GeneralSecurityException {
    return storage.inTransaction(Mode.WRITE, () -> {
      ring.refresh(storage);
      StoreKeys rotated = ring.keys().withNewPrimary();
      Map<Long, Instant> times = new LinkedHashMap<>(ring.created());
      times.put(rotated.primaryKeyId(), clock.instant());
      ring.replace(storage, rotated, times);
      return rotated.primaryKeyId();
    });
  }

  /** When the primary key was made. */
  Instant primaryCreated() {
    return ring.created().getOrDefault(ring.keys().primaryKeyId(), Instant.EPOCH);
  }

  List<DataKeyInfo> keys() throws IOException, GeneralSecurityException {
    return storage.inTransaction(Mode.READ, () -> {
      ring.refresh(storage);
      Map<Long, Long> counts = storage.versionsPerKey();
      List<DataKeyInfo> out = new ArrayList<>();
      for (DataKey k : ring.keys().dataKeys()) {
        KeyState state = k.primary() ? KeyState.PRIMARY : k.enabled() ? KeyState.ENABLED : KeyState.DISABLED;
        out.add(new DataKeyInfo(k.id(), state, ring.created().getOrDefault(k.id(), Instant.EPOCH),
            counts.getOrDefault(k.id(), 0L)));
      }
      return out;
    });
  }

  long reencrypt(ReencryptProgress progress) throws IOException, GeneralSecurityException {
    long total = storage.inTransaction(Mode.READ, () -> {
      ring.refresh(storage);
      long primary = ring.keys().primaryKeyId();
      return storage.versionsPerKey().entrySet().stream()
          .filter(e -> e.getKey() != primary).mapToLong(Map.Entry::getValue).sum();
    });
    long done = 0;
    while (true) {
      int n = storage.inTransaction(Mode.WRITE, this::reencryptBatch);
      if (n == 0) {
        break;
      }
      done += n;
      progress.update(done, Math.max(total, done));
      storage.purgeErased(); // old ciphertexts leave the WAL batch by batch
    }
    return done;
  }

  // One batch in one transaction: a crash loses at most this batch's work, never a version.
  private int reencryptBatch() throws IOException, GeneralSecurityException {
    ring.refresh(storage);
    StoreKeys keys = ring.keys();
    long primary = keys.primaryKeyId();
    List<StaleVersion> batch = storage.notUnder(primary, BATCH);
    for (StaleVersion v : batch) {
      byte[] plain = keys.decryptValue(v.pathId, v.version, v.ciphertext);
      try {
        storage.reencrypted(v.pathId, v.version, primary, keys.encryptValue(v.pathId, v.version, plain));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
    return batch.size();
  }

  void setEnabled(long id, boolean enabled) throws IOException, GeneralSecurityException {
    storage.inTransaction(Mode.WRITE, () -> {
      ring.refresh(storage);
      DataKey key = find(id);
      if (key.primary()) {
        throw new IllegalStateException("key " + id + " is the primary key; rotate first");
      }
      if (!enabled) {
        requireUnused(id, "disabled");
      }
      ring.replace(storage, ring.keys().withKeyStatus(id, KeyRing.status(enabled)), ring.created());
      return null;
    });
  }

  void destroy(long id) throws IOException, GeneralSecurityException {
    storage.inTransaction(Mode.WRITE, () -> {
      ring.refresh(storage);
      DataKey key = find(id);
      if (key.primary() || key.enabled()) {
        throw new IllegalStateException("key " + id + " must be disabled before it is destroyed");
      }
      requireUnused(id, "destroyed");
      Map<Long, Instant> times = new LinkedHashMap<>(ring.created());
      times.remove(id);
      ring.replace(storage, ring.keys().withoutKey(id), times);
      return null;
    });
  }

  private DataKey find(long id) {
    return ring.keys().dataKeys().stream().filter(k -> k.id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no data key " + id));
  }

  private void requireUnused(long id, String what) throws IOException {
    long using = storage.versionsPerKey().getOrDefault(id, 0L);
    if (using > 0) {
      throw new IllegalStateException("key " + id + " still encrypts " + using
          + " version(s) and cannot be " + what + "; run reencrypt first");
    }
  }
}
