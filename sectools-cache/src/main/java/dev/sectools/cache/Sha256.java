package dev.sectools.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 digest: the address of a cache entry. Immutable. A digest is not a secret, so
 * {@link #toString()} shows it in full (lower-case hex).
 */
public final class Sha256 {
  /** The length of a digest in bytes. */
  public static final int BYTES = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] digest;

  private Sha256(byte[] digest) {
    this.digest = digest;
  }

  /**
   * Parses 64 hexadecimal characters (either case).
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal characters
   */
  public static Sha256 ofHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * BYTES) {
      throw new IllegalArgumentException("a SHA-256 is 64 hex characters, got " + hex.length());
    }
    try {
      return new Sha256(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a SHA-256 is 64 hex characters, got a non-hex character", e);
    }
  }

  /**
   * Wraps a 32-byte digest (copied).
   *
   * @throws IllegalArgumentException if {@code digest} is not 32 bytes long
   */
  public static Sha256 ofBytes(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != BYTES) {
      throw new IllegalArgumentException("a SHA-256 is 32 bytes, got " + digest.length);
    }
    return new Sha256(digest.clone());
  }

  /** The SHA-256 of {@code data}. */
  public static Sha256 of(byte[] data) {
    Objects.requireNonNull(data, "data");
    return new Sha256(newDigest().digest(data));
  }

  /** A new SHA-256 {@link MessageDigest}; every JDK has one. */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /** The digest as 32 bytes (a copy). */
  public byte[] bytes() {
    return digest.clone();
  }

  /** The digest as 64 lower-case hexadecimal characters. */
  public String hex() {
    return HEX.formatHex(digest);
  }

  /** Equal when the digests are, compared in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Sha256 other && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  /** The digest in hex. */
  @Override
  public String toString() {
    return hex();
  }
}
