package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a passphrase comes from, in the documented order: a file ({@code --passphrase-file} or
 * {@code SECTOOLS_PASSPHRASE_FILE}), the variable {@code SECTOOLS_PASSPHRASE}, or a prompt without
 * echo on the terminal. A passphrase is a {@code char[]} that its user wipes.
 */
public final class Passphrases {
  /** The variable that holds a passphrase itself: weaker, since environments leak. */
  public static final String VARIABLE = "SECTOOLS_PASSPHRASE";
  /** How many times a prompt asks before giving up. */
  public static final int PROMPT_ATTEMPTS = 3;
  private static final long MAX_FILE_BYTES = 64 * 1024;

  /** Where the passphrase comes from. */
  public enum Source {
    /** A file named by {@code --passphrase-file} or {@code SECTOOLS_PASSPHRASE_FILE}. */
    FILE,
    /** {@code SECTOOLS_PASSPHRASE}. */
    VARIABLE,
    /** A prompt on the terminal. */
    PROMPT
  }

  private Passphrases() {}

  /**
   * The source that applies.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if there is none: no file, no variable, no terminal
   */
  public static Source source(Path file, CliEnvironment env) {
    if (file != null) {
      return Source.FILE;
    }
    if (env.variable(VARIABLE).isPresent()) {
      return Source.VARIABLE;
    }
    if (env.terminal().stdinIsTerminal()) {
      return Source.PROMPT;
    }
    throw new CliException(ExitCode.USAGE, "no passphrase: use --passphrase-file FILE or set"
        + " SECTOOLS_PASSPHRASE_FILE (or run on a terminal to be asked)");
  }

  /**
   * Reads the passphrase from a non-prompt source, or asks once.
   *
   * @throws CliException if the source gives an empty passphrase
   * @throws IOException if the file cannot be read (missing, a FIFO, too large, a link leaving its directory)
   */
  public static char[] read(Source source, Path file, CliEnvironment env, String prompt) throws IOException {
    char[] pass = switch (source) {
      case FILE -> fromFile(file);
      case VARIABLE -> env.variable(VARIABLE).orElse("").toCharArray();
      case PROMPT -> env.terminal().readSecret(prompt);
    };
    if (pass.length == 0) {
      throw new CliException(ExitCode.USAGE, "empty passphrase from " + describe(source)
          + "; a store needs a non-empty passphrase");
    }
    return pass;
  }

  /**
   * A new passphrase: from a file or variable as {@link #read}, or asked twice at a prompt.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if the two entries differ or are empty
   */
  public static char[] readNew(Source source, Path file, CliEnvironment env) throws IOException {
    return readNew(source, file, env, "New passphrase:");
  }

  /**
   * A new passphrase as {@link #readNew(Source, Path, CliEnvironment)}, asked at a prompt with
   * {@code prompt} (then "Repeat the passphrase:").
   *
   * @throws CliException ({@link ExitCode#USAGE}) if the two entries differ or are empty
   */
  public static char[] readNew(Source source, Path file, CliEnvironment env, String prompt) throws IOException {
    if (source != Source.PROMPT) {
      return read(source, file, env, "");
    }
    char[] first = read(source, file, env, prompt);
    char[] second = env.terminal().readSecret("Repeat the passphrase:");
    try {
      if (!Arrays.equals(first, second)) {
        Arrays.fill(first, '\0');
        throw new CliException(ExitCode.USAGE, "the passphrases did not match; nothing was changed, try again");
      }
      return first;
    } finally {
      Arrays.fill(second, '\0');
    }
  }

  /** A few words naming the source, for messages. */
  public static String describe(Source source) {
    return switch (source) {
      case FILE -> "the passphrase file";
      case VARIABLE -> VARIABLE;
      case PROMPT -> "the prompt";
    };
  }

  /**
   * The first line of {@code file}, decoded as UTF-8, without its line end. The file is read
   * through a {@link ConfinedRoot} on its directory: a FIFO or device is refused without blocking,
   * and a link may only point inside that directory (as Kubernetes secret volumes do).
   */
  static char[] fromFile(Path file) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    Path name = abs.getFileName();
    if (dir == null || name == null) {
      throw new CliException(ExitCode.USAGE, "--passphrase-file must name a file");
    }
    ReadOptions options = ReadOptions.builder().maxSizeBytes(MAX_FILE_BYTES)
        .symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();
    try (ConfinedRoot root = ConfinedRoot.open(dir);
        SecureBuffer bytes = root.readToBuffer(name.toString(), options)) {
      return firstLine(bytes);
    }
  }

  /** Decodes {@code bytes} as strict UTF-8 up to the first line end. */
  static char[] firstLine(SecureBuffer bytes) {
    char[] chars = new char[bytes.length()];
    CharBuffer out = CharBuffer.wrap(chars);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    boolean[] malformed = new boolean[1];
    bytes.withBytes(in -> {
      CoderResult r = decoder.decode(in, out, true);
      malformed[0] = r.isError() || decoder.flush(out).isError();
    });
    try {
      if (malformed[0]) {
        throw new CliException(ExitCode.USAGE, "the passphrase file is not UTF-8 text");
      }
      int end = 0;
      while (end < out.position() && chars[end] != '\n' && chars[end] != '\r') {
        end++;
      }
      return Arrays.copyOf(chars, end);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }
}
