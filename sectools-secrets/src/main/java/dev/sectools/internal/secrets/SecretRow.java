package dev.sectools.internal.secrets;

/**
 * A secret's row: its lookup id, encrypted name, settings and encrypted custom metadata. Arrays
 * are shared, not copied: rows live only inside the store's engine.
 */
final class SecretRow {
  final byte[] pathId;
  final byte[] nameCiphertext;
  final long currentVersion;
  final int maxVersions;
  final boolean casRequired;
  final long deleteAfterMillis; // 0: never
  final String rotation; // RotationCodec form, or null
  final byte[] metaCiphertext; // null: no custom metadata
  final long createdMillis;
  final long updatedMillis;

  SecretRow(byte[] pathId, byte[] nameCiphertext, long currentVersion, int maxVersions, boolean casRequired,
      long deleteAfterMillis, String rotation, byte[] metaCiphertext, long createdMillis, long updatedMillis) {
    this.pathId = pathId;
    this.nameCiphertext = nameCiphertext;
    this.currentVersion = currentVersion;
    this.maxVersions = maxVersions;
    this.casRequired = casRequired;
    this.deleteAfterMillis = deleteAfterMillis;
    this.rotation = rotation;
    this.metaCiphertext = metaCiphertext;
    this.createdMillis = createdMillis;
    this.updatedMillis = updatedMillis;
  }

  SecretRow withVersion(long version, long nowMillis) {
    return new SecretRow(pathId, nameCiphertext, version, maxVersions, casRequired, deleteAfterMillis,
        rotation, metaCiphertext, createdMillis, nowMillis);
  }

  SecretRow withSettings(int newMaxVersions, boolean newCasRequired, long newDeleteAfterMillis,
      String newRotation, byte[] newMetaCiphertext, long nowMillis) {
    return new SecretRow(pathId, nameCiphertext, currentVersion, newMaxVersions, newCasRequired,
        newDeleteAfterMillis, newRotation, newMetaCiphertext, createdMillis, nowMillis);
  }
}
