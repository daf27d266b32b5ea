/**
 * Confined file I/O: reads and writes that can never escape a directory, even while another
 * process swaps links and directories inside it.
 *
 * <p>{@link dev.sectools.fs.ConfinedRoot} is the entry point: it holds a directory descriptor and
 * resolves every path beneath it with {@code openat2(RESOLVE_BENEATH)} (or an {@code O_NOFOLLOW}
 * walk where {@code openat2} is missing). {@link dev.sectools.fs.SecureFiles} offers one-call
 * reads and writes on top of it. Options are immutable builders
 * ({@link dev.sectools.fs.ReadOptions}, {@link dev.sectools.fs.WriteOptions},
 * {@link dev.sectools.fs.RootOptions}); policies are enums whose defaults are the secure choice.
 *
 * <p>Failures are typed: policy refusals are {@link java.nio.file.FileSystemException} subtypes
 * ({@link dev.sectools.fs.PathEscapeException}, {@link dev.sectools.fs.SymlinkRefusedException},
 * {@link dev.sectools.fs.NotRegularFileException}, {@link dev.sectools.fs.SizeLimitExceededException},
 * {@link dev.sectools.fs.HardLinkRefusedException}, {@link dev.sectools.fs.ConfinementUnavailableException});
 * malformed paths are {@link java.nio.file.InvalidPathException}s. Messages redact path names by
 * default and never include file contents. See {@code docs/files.md} for the policy table and
 * platform caveats.
 */
package dev.sectools.fs;
