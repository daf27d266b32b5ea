package dev.sectools.secrets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How long a secret's value may live before it must be rotated (written anew), when to warn
 * beforehand, and what reading it after the deadline does. The age counts from the creation of
 * the current version.
 *
 * <p>{@link #credentials()} is the default for credentials: 90 days, warnings 14, 7 and 1 day
 * before, reads after the deadline warned about.
 *
 * @param maxAge how long a version may be current
 * @param warnings how long before the deadline to start warning, longest first
 * @param onExpiredRead what reading an expired secret does
 */
public record RotationPolicy(Duration maxAge, List<Duration> warnings, ExpiredRead onExpiredRead) {
  /**
   * Validates and normalises the policy.
   *
   * @throws IllegalArgumentException if {@code maxAge} is not positive, or a warning is not
   *     positive or not shorter than {@code maxAge}
   */
  public RotationPolicy {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(onExpiredRead, "onExpiredRead");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
    }
    List<Duration> sorted = new ArrayList<>(Objects.requireNonNull(warnings, "warnings"));
    for (Duration w : sorted) {
      if (w.isNegative() || w.isZero() || w.compareTo(maxAge) >= 0) {
        throw new IllegalArgumentException("each warning must be positive and shorter than maxAge "
            + maxAge + ", was " + w);
      }
    }
    sorted.sort(Comparator.reverseOrder());
    warnings = List.copyOf(sorted);
  }

  /** 90 days; warnings 14, 7 and 1 day before; expired reads warned about. */
  public static RotationPolicy credentials() {
    return new RotationPolicy(Duration.ofDays(90),
        List.of(Duration.ofDays(14), Duration.ofDays(7), Duration.ofDays(1)), ExpiredRead.WARN);
  }

  /** The same policy with another maximum age (warnings longer than it are dropped). */
  public RotationPolicy withMaxAge(Duration newMaxAge) {
    return new RotationPolicy(newMaxAge,
        warnings.stream().filter(w -> w.compareTo(newMaxAge) < 0).toList(), onExpiredRead);
  }

  /** The same policy with another action on expired reads. */
  public RotationPolicy withOnExpiredRead(ExpiredRead action) {
    return new RotationPolicy(maxAge, warnings, action);
  }
}
