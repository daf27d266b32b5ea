package dev.sectools.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL database that holds a store's rows, shared by every host that uses the store
 * (see {@link StoreConfig.Builder#database}). Immutable; built with {@link #postgres(String)}.
 *
 * <pre>{@code
 * DatabaseConfig db = DatabaseConfig.postgres("jdbc:postgresql://db.internal:5432/secrets")
 *     .user("sectools")
 *     .passwordFile(Path.of("/run/secrets/sectools-db-password"))
 *     .build();
 * }</pre>
 *
 * <h2>Security</h2>
 * The database password never travels in the URL, which ends up in logs, process lists and
 * shell histories: a URL with a {@code password} parameter is refused. It comes from a file
 * ({@link Builder#passwordFile}) or an environment variable ({@link Builder#passwordFromEnvironment}),
 * read each time a connection pool starts, and {@link #toString()} shows only where it comes from.
 * The database sees ciphertexts, keyed hashes and numbers only: a reader of the database (or its
 * backups) learns no value and no secret name without the store's key-encryption key.
 */
public final class DatabaseConfig {
  /** Connections each opened store keeps at most. */
  public static final int DEFAULT_POOL_SIZE = 8;
  /** How long an operation waits for a free connection, or for the server to answer a connect. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  private static final String PREFIX = "jdbc:postgresql:";

  private final String url;
  private final String user; // null: the driver's default
  private final Path passwordFile; // at most one of these two
  private final String passwordVariable;
  private final int poolSize;
  private final Duration connectionTimeout;

  private DatabaseConfig(Builder b) {
    this.url = b.url;
    this.user = b.user;
    this.passwordFile = b.passwordFile;
    this.passwordVariable = b.passwordVariable;
    this.poolSize = b.poolSize;
    this.connectionTimeout = b.connectionTimeout;
  }

  /**
   * Starts a configuration for the PostgreSQL database at {@code jdbcUrl}
   * ({@code jdbc:postgresql://host[:port]/database[?parameters]}). Driver parameters such as
   * {@code sslmode=verify-full} or {@code currentSchema=team_a} (one store per schema) belong in
   * the URL; the password does not.
   *
   * @throws IllegalArgumentException if it is not a {@code jdbc:postgresql:} URL, or carries a
   *     password (the message does not repeat the URL)
   */
  public static Builder postgres(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /** The JDBC URL; it never carries a password. */
  public String url() {
    return url;
  }

  /** The database user, if set; otherwise the driver's default (the URL's {@code user}, or the OS user). */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** Connections each opened store keeps at most. */
  public int poolSize() {
    return poolSize;
  }

  /** How long an operation waits for a free connection before {@link StoreBusyException}. */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /**
   * Reads the password from its file (trailing line breaks dropped) or environment variable; the
   * caller wipes the array. Empty if none is configured.
   *
   * @throws IOException if the file cannot be read, is not UTF-8, or the variable is not set
   */
  public Optional<char[]> readPassword() throws IOException {
    if (passwordFile != null) {
      byte[] bytes = Files.readAllBytes(passwordFile);
      try {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        int end = chars.limit();
        while (end > 0 && (chars.get(end - 1) == '\n' || chars.get(end - 1) == '\r')) {
          end--;
        }
        char[] out = new char[end];
        chars.get(0, out);
        Arrays.fill(chars.array(), '\0');
        return Optional.of(out);
      } catch (CharacterCodingException e) {
        throw new IOException("the database password file is not UTF-8 text");
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    if (passwordVariable != null) {
      String value = System.getenv(passwordVariable);
      if (value == null) {
        throw new IOException("the environment variable " + passwordVariable
            + " that should hold the database password is not set");
      }
      return Optional.of(value.toCharArray());
    }
    return Optional.empty();
  }

  /** The URL without its parameters, as messages and logs may show it. */
  public String displayUrl() {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public String toString() {
    String password = passwordFile != null ? "file " + passwordFile
        : passwordVariable != null ? "$" + passwordVariable : "none";
    return "DatabaseConfig[url=" + displayUrl() + ", user=" + (user == null ? "(default)" : user) + ", password="
        + password + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout + "]";
  }

  /** Builds a {@link DatabaseConfig}; every setter validates its argument. */
  public static final class Builder {
    private final String url;
    private String user;
    private Path passwordFile;
    private String passwordVariable;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

    private Builder(String url) {
      Objects.requireNonNull(url, "jdbcUrl");
      if (!url.startsWith(PREFIX)) {
        throw new IllegalArgumentException("database URL must start with " + PREFIX);
      }
      String lower = url.toLowerCase(Locale.ROOT);
      int query = lower.indexOf('?');
      if (query >= 0 && (lower.indexOf("password", query) >= 0)) {
        throw new IllegalArgumentException("database URL must not carry a password: use passwordFile or"
            + " passwordFromEnvironment");
      }
      if (lower.substring(0, query < 0 ? lower.length() : query).contains("@")) {
        throw new IllegalArgumentException("database URL must not carry credentials before the host");
      }
      this.url = url;
    }

    /** Sets the database user. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /**
     * Reads the password from {@code file} (UTF-8, a trailing line break ignored), such as a
     * container secret; replaces a variable set before.
     *
     * @throws IllegalArgumentException if {@code file} is not absolute
     */
    public Builder passwordFile(Path file) {
      Objects.requireNonNull(file, "file");
      if (!file.isAbsolute()) {
        throw new IllegalArgumentException("password file must be an absolute path, was " + file);
      }
      this.passwordFile = file;
      this.passwordVariable = null;
      return this;
    }

    /**
     * Reads the password from the environment variable {@code name} (weaker than a file: the
     * environment is visible to the process's children); replaces a file set before.
     */
    public Builder passwordFromEnvironment(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.indexOf('=') >= 0) {
        throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
      }
      this.passwordVariable = name;
      this.passwordFile = null;
      return this;
    }

    /**
     * Sets how many connections each opened store keeps at most.
     *
     * @throws IllegalArgumentException unless between 1 and 1000
     */
    public Builder poolSize(int connections) {
      if (connections < 1 || connections > 1000) {
        throw new IllegalArgumentException("poolSize must be between 1 and 1000, was " + connections);
      }
      this.poolSize = connections;
      return this;
    }

    /**
     * Sets how long an operation waits for a free connection (or a connect) before failing.
     *
     * @throws IllegalArgumentException if shorter than 250 ms
     */
    public Builder connectionTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "connectionTimeout");
      if (timeout.toMillis() < 250) {
        throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was " + timeout);
      }
      this.connectionTimeout = timeout;
      return this;
    }

    /** Returns the immutable configuration. */
    public DatabaseConfig build() {
      return new DatabaseConfig(this);
    }
  }
}
