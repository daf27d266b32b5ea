package dev.sectools.secrets;

/** The state of one version of a secret (Vault KV v2 semantics). */
public enum VersionState {
  /** Readable. */
  LIVE,
  /** Soft-deleted: not readable, restorable with {@link SecretStore#undelete}. */
  DELETED,
  /** The ciphertext is erased; nothing can bring the value back. */
  DESTROYED
}
