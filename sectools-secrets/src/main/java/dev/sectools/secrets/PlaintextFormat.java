package dev.sectools.secrets;

/**
 * The plaintext formats of {@link SecretStore#exportPlaintextInsecure} and
 * {@link SecretStore#importPlaintextInsecure}, for migrating secrets from or to other tools.
 */
public enum PlaintextFormat {
  /**
   * One JSON object: each member's name is a full secret path, its value the secret as a string
   * (UTF-8), or {@code {"base64": "…"}} for a value that is not valid UTF-8.
   *
   * <pre>{@code
   * {
   *   "payments/stripe-key": "sk_live_…",
   *   "tls/server-key": {"base64": "MIIEv…"}
   * }
   * }</pre>
   */
  JSON,
  /**
   * {@code NAME=value} lines, as read by docker compose and the dotenv libraries. Names are
   * relative to a prefix ({@code app/} + {@code DB_PASSWORD} is {@code app/DB_PASSWORD}) and must
   * be {@code [A-Za-z_][A-Za-z0-9_]*}. Export writes every value double-quoted, with {@code \\},
   * {@code \"}, {@code \n}, {@code \r}, {@code \t} and {@code \$} escaped. Import also reads
   * blank lines, {@code #} comments, an {@code export } prefix, unquoted values (trimmed, ending
   * at {@code " #"}) and single-quoted values (literal). Values must be UTF-8 text without other
   * control characters; multi-line values are written and read only as {@code \n} escapes.
   */
  DOTENV
}
