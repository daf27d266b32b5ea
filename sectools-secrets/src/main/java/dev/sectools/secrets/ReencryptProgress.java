package dev.sectools.secrets;

/**
 * Told how far {@link SecretStore#reencrypt(ReencryptProgress)} has got, after each batch. A
 * {@link Progress}, so one progress bar serves every long operation.
 */
@FunctionalInterface
public interface ReencryptProgress extends Progress {
  /** Ignores progress. */
  ReencryptProgress NONE = (done, total) -> { };

  /**
   * @param done versions re-encrypted so far in this call
   * @param total versions that were under an older key when the call began
   */
  @Override
  void update(long done, long total);
}
