package dev.sectools.cache;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code SECTOOLS_CACHE_*} variables into a {@link CacheConfig.Builder}. */
final class EnvironmentConfig {
  static final String BACKEND = "SECTOOLS_CACHE_BACKEND";
  static final String DIR = "SECTOOLS_CACHE_DIR";
  static final String EPHEMERAL = "SECTOOLS_CACHE_EPHEMERAL";
  static final String ENCRYPTION = "SECTOOLS_CACHE_ENCRYPTION";
  static final String MAX_BYTES = "SECTOOLS_CACHE_MAX_BYTES";
  static final String TTL = "SECTOOLS_CACHE_TTL";

  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|B|KiB|MiB|GiB|TiB)");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,12})\\s*([smhd])");

  private EnvironmentConfig() {}

  static CacheConfig.Builder apply(Map<String, String> env, CacheConfig.Builder b) {
    String backend = value(env, BACKEND);
    boolean memory = false;
    if (backend != null) {
      b.backend(switch (backend.toLowerCase(Locale.ROOT)) {
        case "filesystem" -> CacheConfig.Backend.FILESYSTEM;
        case "memory" -> CacheConfig.Backend.MEMORY;
        default -> throw invalid(BACKEND, backend, "filesystem or memory");
      });
      memory = backend.equalsIgnoreCase("memory");
    }
    String ephemeral = value(env, EPHEMERAL);
    Boolean isEphemeral = ephemeral == null ? null : switch (ephemeral.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> Boolean.TRUE;
      case "false", "0", "no" -> Boolean.FALSE;
      default -> throw invalid(EPHEMERAL, ephemeral, "true or false");
    };
    String dir = value(env, DIR);
    if (memory && dir != null) {
      throw new IllegalArgumentException(DIR + " is set but " + BACKEND + "=" + backend
          + ": a memory cache has no directory; unset one of them");
    }
    if (memory && Boolean.FALSE.equals(isEphemeral)) {
      throw new IllegalArgumentException(EPHEMERAL + "=" + ephemeral + " asks for a persistent cache but " + BACKEND
          + "=" + backend + ": a memory cache ends with its process; unset one of them");
    }
    if (dir != null) {
      if (Boolean.TRUE.equals(isEphemeral)) {
        throw new IllegalArgumentException(DIR + " is set but " + EPHEMERAL + "=" + ephemeral
            + ": an ephemeral cache lives in a private temp directory; unset one of them");
      }
      Path p;
      try {
        p = Path.of(dir);
      } catch (InvalidPathException e) {
        throw invalid(DIR, dir, "an absolute path");
      }
      if (!p.isAbsolute()) {
        throw invalid(DIR, dir, "an absolute path");
      }
      b.mode(CacheConfig.Mode.PERSISTENT).directory(p);
    } else if (isEphemeral != null) {
      b.mode(isEphemeral ? CacheConfig.Mode.EPHEMERAL : CacheConfig.Mode.PERSISTENT);
    }
    String encryption = value(env, ENCRYPTION);
    if (encryption != null) {
      b.encryption(switch (encryption.toLowerCase(Locale.ROOT)) {
        case "none", "false" -> CacheConfig.Encryption.NONE;
        case "aes256-gcm", "aes256_gcm", "true" -> CacheConfig.Encryption.AES256_GCM;
        default -> throw invalid(ENCRYPTION, encryption, "none or aes256-gcm");
      });
    }
    String max = value(env, MAX_BYTES);
    if (max != null) {
      b.maxSizeBytes(size(max));
    }
    String ttl = value(env, TTL);
    if (ttl != null) {
      b.ttl(duration(ttl));
    }
    return b;
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static IllegalArgumentException invalid(String name, String value, String allowed) {
    return new IllegalArgumentException(name + "=" + value + " is invalid: expected " + allowed);
  }

  private static long size(String text) {
    Matcher m = SIZE.matcher(text);
    String allowed = "a positive number of bytes, optionally with KiB, MiB, GiB or TiB";
    if (!m.matches()) {
      throw invalid(MAX_BYTES, text, allowed);
    }
    int shift = switch (m.group(2)) {
      case "KiB" -> 10;
      case "MiB" -> 20;
      case "GiB" -> 30;
      case "TiB" -> 40;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n <= 0 || n > Long.MAX_VALUE >> shift) {
        throw invalid(MAX_BYTES, text, allowed + " (at most 2^63-1 bytes)");
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw invalid(MAX_BYTES, text, allowed);
    }
  }

  private static Duration duration(String text) {
    String allowed = "a positive ISO-8601 duration such as PT12H, or a number with s, m, h or d, of at most "
        + CacheConfig.MAX_TTL.toDays() + "d (100 years)";
    Duration d;
    Matcher m = SHORT_DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw invalid(TTL, text, allowed);
      }
    }
    if (d.isNegative() || d.isZero() || d.compareTo(CacheConfig.MAX_TTL) > 0) {
      throw invalid(TTL, text, allowed);
    }
    return d;
  }
}
