package dev.sectools.secrets.keys;

/**
 * Cost settings of Argon2id for {@link PassphraseKeyProvider}.
 *
 * <p>{@link #DEFAULT} (64 MiB, 2 passes, 1 lane) takes about half a second on a current server
 * core. Settings below the OWASP Password Storage Cheat Sheet's minimums for Argon2id (46 MiB
 * with 1 pass, 19 MiB with 2, 12 MiB with 3, 9 MiB with 4, 7 MiB with 5) are refused, and so are
 * settings so large that a tampered store header could make opening it hang.
 *
 * @param memoryKib memory cost in KiB
 * @param iterations number of passes
 * @param parallelism number of lanes
 */
public record Argon2Settings(int memoryKib, int iterations, int parallelism) {
  /** About 0.5 s here: 64 MiB, 2 passes, 1 lane. */
  public static final Argon2Settings DEFAULT = new Argon2Settings(64 * 1024, 2, 1);
  /** The cheapest settings accepted: OWASP's 19 MiB with 2 passes. For tests and small devices. */
  public static final Argon2Settings OWASP_MINIMUM = new Argon2Settings(19 * 1024, 2, 1);

  /** Largest memory cost accepted: 2 GiB. */
  public static final int MAX_MEMORY_KIB = 2 * 1024 * 1024;
  /** Largest number of passes accepted. */
  public static final int MAX_ITERATIONS = 64;
  /** Largest number of lanes accepted. */
  public static final int MAX_PARALLELISM = 16;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException below OWASP's minimums or above the maximums
   */
  public Argon2Settings {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "parallelism must be between 1 and " + MAX_PARALLELISM + ", was " + parallelism);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations must be between 1 and " + MAX_ITERATIONS + ", was " + iterations);
    }
    if (memoryKib > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException(
          "memoryKib must be at most " + MAX_MEMORY_KIB + ", was " + memoryKib);
    }
    if (!meetsOwaspMinimum(memoryKib, iterations)) {
      throw new IllegalArgumentException("Argon2id settings below the OWASP minimum (46 MiB x 1,"
          + " 19 MiB x 2, 12 MiB x 3, 9 MiB x 4, 7 MiB x 5 passes): memoryKib=" + memoryKib
          + ", iterations=" + iterations);
    }
  }

  private static boolean meetsOwaspMinimum(int memoryKib, int iterations) {
    if (iterations == 1) {
      return memoryKib >= 46 * 1024;
    }
    return memoryKib >= 7 * 1024 && (long) memoryKib * iterations >= 35 * 1024;
  }
}
