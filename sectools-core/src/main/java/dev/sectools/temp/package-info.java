/**
 * Secure temp files and directories: private from the moment they exist, named with 128 random
 * bits, created without ever following or opening a name someone else planted, and removed
 * without ever following a link.
 *
 * <p>{@link dev.sectools.temp.SecureTemp} is the entry point: it creates a
 * {@link dev.sectools.temp.TempFile} or {@link dev.sectools.temp.TempDirectory} (both
 * {@link AutoCloseable}), gives the process a private directory removed at exit, and ensures a
 * directory is private ({@code secure_makedirs}). Options are an immutable builder
 * ({@link dev.sectools.temp.TempOptions}); choices are enums whose defaults are the secure
 * choice. Refusals are typed: {@link dev.sectools.temp.InsecureDirectoryException} names the
 * problem, {@link dev.sectools.temp.TempCleanupException} lists what could not be removed.
 * See {@code docs/temp.md} for the checklist this maps to and the platform caveats.
 */
package dev.sectools.temp;
