package dev.sectools.secrets;

/**
 * Told how far a long operation has got: {@link SecretStore#backup backup} and
 * {@link SecretStore#restore restore} (versions), {@link SecretStore#importPlaintextInsecure
 * import} (secrets) and {@link SecretStore#reencrypt re-encryption} (versions, through
 * {@link ReencryptProgress}). Called on the caller's thread, every few hundred items and once at
 * the end; a command line draws a progress bar from it. It must return quickly and not use the
 * store.
 */
@FunctionalInterface
public interface Progress {
  /** Ignores progress. */
  Progress NONE = (done, total) -> { };

  /**
   * @param done items handled so far
   * @param total items the operation expects to handle in all (at least {@code done})
   */
  void update(long done, long total);
}
