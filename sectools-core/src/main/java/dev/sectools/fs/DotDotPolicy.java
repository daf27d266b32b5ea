package dev.sectools.fs;

/** What a {@code ..} segment in a caller's path does. */
public enum DotDotPolicy {
  /** Refuse any {@code ..} segment with {@link PathEscapeException}. The default. */
  REJECT,
  /**
   * Resolve {@code ..} physically, as the kernel does, but never above the root: climbing out
   * fails with {@link PathEscapeException}.
   */
  RESOLVE_BENEATH
}
