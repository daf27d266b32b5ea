package dev.sectools.internal.secrets;

import dev.sectools.secrets.VersionState;

/** One version's row; {@code ciphertext} is null once destroyed. Arrays are shared, not copied. */
final class VersionRow {
  final long version;
  final VersionState state;
  final long createdMillis;
  final long keyId;
  final byte[] ciphertext;

  VersionRow(long version, VersionState state, long createdMillis, long keyId, byte[] ciphertext) {
    this.version = version;
    this.state = state;
    this.createdMillis = createdMillis;
    this.keyId = keyId;
    this.ciphertext = ciphertext;
  }
}
