package dev.sectools.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A secret's metadata, without any value.
 *
 * @param currentVersion the newest version number
 * @param maxVersions how many versions are kept
 * @param checkAndSet whether plain writes are allowed
 * @param deleteVersionAfter how long after its creation a version counts as deleted
 *     ({@link Duration#ZERO}: never)
 * @param rotation the rotation policy, if any
 * @param custom the caller's own key/value pairs (stored encrypted)
 * @param created when the secret was first written
 * @param updated when it last changed
 */
public record SecretMetadata(long currentVersion, int maxVersions, CheckAndSet checkAndSet,
    Duration deleteVersionAfter, Optional<RotationPolicy> rotation, Map<String, String> custom,
    Instant created, Instant updated) {
  /** Copies the custom map. */
  public SecretMetadata {
    custom = Map.copyOf(custom);
  }
}
