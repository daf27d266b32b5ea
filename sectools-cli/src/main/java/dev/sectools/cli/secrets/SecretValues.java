package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a secret value for {@code set}: from standard input when it is not a terminal (to its
 * end, at most {@value #MAX_VALUE_BYTES} bytes), else from a prompt without echo, asked twice.
 */
final class SecretValues {
  /** The largest value {@code set} reads. */
  static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;

  private SecretValues() {}

  /**
   * The value, as a heap array the caller wipes (the store's API copies it in).
   *
   * @param chomp whether to drop one trailing line end ({@code \n} or {@code \r\n})
   * @throws CliException ({@link ExitCode#USAGE}) for an empty value or prompts that differ
   */
  static byte[] read(CliEnvironment env, String path, boolean chomp) throws IOException {
    byte[] value;
    if (env.terminal().stdinIsTerminal()) {
      value = prompt(env, path);
    } else {
      try (SecureBuffer in = SecureBuffer.readFrom(env.in(), MAX_VALUE_BYTES)) {
        value = new byte[in.length()];
        in.copyTo(value);
      }
    }
    if (chomp) {
      value = chomp(value);
    }
    if (value.length == 0) {
      throw new CliException(ExitCode.USAGE, "empty value: pipe the value to standard input,"
          + " for example 'printf %s \"$VALUE\" | sectools secrets set PATH'");
    }
    return value;
  }

  /**
   * The value as {@link #read} would take it, before any check, for an agent to run {@code set}:
   * asked here at a terminal, else standard input to its end or one byte past the limit (so that
   * the agent refuses a value that is too long, as {@code set} does).
   */
  static byte[] readRaw(CliEnvironment env, String path) throws IOException {
    return env.terminal().stdinIsTerminal() ? prompt(env, path) : env.in().readNBytes(MAX_VALUE_BYTES + 1);
  }

  private static byte[] prompt(CliEnvironment env, String path) {
    char[] first = env.terminal().readSecret("Value for " + path + ":");
    char[] second = env.terminal().readSecret("Repeat the value:");
    try {
      if (!Arrays.equals(first, second)) {
        throw new CliException(ExitCode.USAGE, "the values did not match; nothing was stored, try again");
      }
      java.nio.ByteBuffer encoded = java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(first));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
      return bytes;
    } finally {
      Arrays.fill(first, '\0');
      Arrays.fill(second, '\0');
    }
  }

  private static byte[] chomp(byte[] value) {
    int end = value.length;
    if (end > 0 && value[end - 1] == '\n') {
      end--;
      if (end > 0 && value[end - 1] == '\r') {
        end--;
      }
    }
    if (end == value.length) {
      return value;
    }
    byte[] shorter = Arrays.copyOf(value, end);
    Arrays.fill(value, (byte) 0);
    return shorter;
  }
}
