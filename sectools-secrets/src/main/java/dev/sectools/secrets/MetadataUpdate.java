package dev.sectools.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes to a secret's metadata; what is not set stays as it is. Built with {@link #builder()}.
 *
 * <pre>{@code
 * store.updateMetadata("payments/stripe-key", MetadataUpdate.builder()
 *     .checkAndSet(CheckAndSet.REQUIRED)
 *     .rotation(RotationPolicy.credentials())
 *     .custom(Map.of("owner", "payments-team"))
 *     .build());
 * }</pre>
 */
public final class MetadataUpdate {
  /** Most custom entries per secret. */
  public static final int MAX_CUSTOM_ENTRIES = 64;
  /** Longest custom key or value, in UTF-8 bytes. */
  public static final int MAX_CUSTOM_BYTES = 512;

  private final Integer maxVersions;
  private final CheckAndSet checkAndSet;
  private final Duration deleteVersionAfter;
  private final Optional<RotationPolicy> rotation; // null: unchanged
  private final Map<String, String> custom;

  private MetadataUpdate(Builder b) {
    this.maxVersions = b.maxVersions;
    this.checkAndSet = b.checkAndSet;
    this.deleteVersionAfter = b.deleteVersionAfter;
    this.rotation = b.rotation;
    this.custom = b.custom;
  }

  /** Starts an update that changes nothing. */
  public static Builder builder() {
    return new Builder();
  }

  /** The new version limit, if set. */
  public Optional<Integer> maxVersions() {
    return Optional.ofNullable(maxVersions);
  }

  /** The new check-and-set rule, if set. */
  public Optional<CheckAndSet> checkAndSet() {
    return Optional.ofNullable(checkAndSet);
  }

  /** The new version lifetime, if set. */
  public Optional<Duration> deleteVersionAfter() {
    return Optional.ofNullable(deleteVersionAfter);
  }

  /** Empty: unchanged; a present empty optional: remove the policy; else the new policy. */
  public Optional<Optional<RotationPolicy>> rotation() {
    return Optional.ofNullable(rotation);
  }

  /** The new custom map (replacing the old one), if set. */
  public Optional<Map<String, String>> custom() {
    return Optional.ofNullable(custom);
  }

  /** Builds a {@link MetadataUpdate}; every setter validates its argument. */
  public static final class Builder {
    private Integer maxVersions;
    private CheckAndSet checkAndSet;
    private Duration deleteVersionAfter;
    private Optional<RotationPolicy> rotation;
    private Map<String, String> custom;

    private Builder() {}

    /**
     * Keeps at most {@code versions} versions; older ones are removed at the next write.
     *
     * @throws IllegalArgumentException unless between 1 and 1000
     */
    public Builder maxVersions(int versions) {
      if (versions < 1 || versions > 1000) {
        throw new IllegalArgumentException("maxVersions must be between 1 and 1000, was " + versions);
      }
      this.maxVersions = versions;
      return this;
    }

    /** Sets whether plain writes are allowed. */
    public Builder checkAndSet(CheckAndSet rule) {
      this.checkAndSet = Objects.requireNonNull(rule, "checkAndSet");
      return this;
    }

    /**
     * Versions count as deleted this long after they were written ({@link Duration#ZERO}: never).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder deleteVersionAfter(Duration lifetime) {
      Objects.requireNonNull(lifetime, "deleteVersionAfter");
      if (lifetime.isNegative()) {
        throw new IllegalArgumentException("deleteVersionAfter must not be negative, was " + lifetime);
      }
      this.deleteVersionAfter = lifetime;
      return this;
    }

    /** Sets the rotation policy. */
    public Builder rotation(RotationPolicy policy) {
      this.rotation = Optional.of(Objects.requireNonNull(policy, "rotation"));
      return this;
    }

    /** Removes the rotation policy. */
    public Builder noRotation() {
      this.rotation = Optional.empty();
      return this;
    }

    /**
     * Replaces the custom key/value pairs.
     *
     * @throws IllegalArgumentException beyond {@value #MAX_CUSTOM_ENTRIES} entries or
     *     {@value #MAX_CUSTOM_BYTES} bytes per key or value, or for an empty key
     */
    public Builder custom(Map<String, String> entries) {
      Objects.requireNonNull(entries, "custom");
      if (entries.size() > MAX_CUSTOM_ENTRIES) {
        throw new IllegalArgumentException("at most " + MAX_CUSTOM_ENTRIES + " custom entries, was " + entries.size());
      }
      entries.forEach((k, v) -> {
        Objects.requireNonNull(k, "custom key");
        Objects.requireNonNull(v, "custom value");
        if (k.isEmpty() || k.getBytes(StandardCharsets.UTF_8).length > MAX_CUSTOM_BYTES
            || v.getBytes(StandardCharsets.UTF_8).length > MAX_CUSTOM_BYTES) {
          throw new IllegalArgumentException("custom keys must be 1 to " + MAX_CUSTOM_BYTES
              + " bytes and values at most " + MAX_CUSTOM_BYTES + " bytes");
        }
      });
      this.custom = Map.copyOf(entries);
      return this;
    }

    /** Returns the immutable update. */
    public MetadataUpdate build() {
      return new MetadataUpdate(this);
    }
  }
}
