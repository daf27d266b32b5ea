package dev.sectools.secrets;

/** Told how far {@link SecretStore#reencrypt(ReencryptProgress)} has got, after each batch. */
@FunctionalInterface
public interface ReencryptProgress {
  /** Ignores progress. */
  ReencryptProgress NONE = (done, total) -> { };

  /**
   * @param done versions re-encrypted so far in this call
   * @param total versions that were under an older key when the call began
   */
  void update(long done, long total);
}
