package dev.sectools.cli;

/**
 * The exit codes of {@code sectools}: a stable contract that scripts rely on (see
 * {@code docs/cli.md}). Every error maps to exactly one of them in {@link Failures}.
 */
public enum ExitCode {
  /** The command did what was asked. */
  OK(0, "ok"),
  /** A bug or an unexpected environment failure (I/O error, store busy). */
  INTERNAL(1, "internal error"),
  /** The command line or an input is wrong (unknown option, bad path, missing value). */
  USAGE(2, "usage error"),
  /** No such secret, version, store or file. */
  NOT_FOUND(3, "not found"),
  /** Check-and-set mismatch, or the thing to create already exists. */
  CONFLICT(4, "conflict"),
  /** Stored data was tampered with, is damaged, or belongs to another store. */
  INTEGRITY(5, "integrity failure"),
  /** Wrong passphrase, key unavailable, or permission denied. */
  ACCESS_DENIED(6, "access denied"),
  /** A safety policy refused: path escape, link, size limit, insecure location. */
  POLICY(7, "policy refused"),
  /** The secret is past its rotation deadline and its policy refuses expired reads. */
  EXPIRED(8, "expired");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** A few words saying what the code means, as in the documentation's table. */
  public String meaning() {
    return meaning;
  }
}
