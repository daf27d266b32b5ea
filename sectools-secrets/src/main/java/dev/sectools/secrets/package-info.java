/**
 * The secret store: {@link dev.sectools.secrets.SecretStore}, an envelope-encrypted, versioned
 * store of secrets on an embedded SQLite file, with check-and-set, soft delete, destroy and
 * listing; values come back in {@link dev.sectools.memory.SecureBuffer}s.
 *
 * <p>Failures are typed by whose fault they are: invalid paths and arguments are unchecked;
 * {@link dev.sectools.secrets.SecretNotFoundException}, {@link
 * dev.sectools.secrets.VersionConflictException}, {@link dev.sectools.secrets.StoreFormatException}
 * and {@link dev.sectools.secrets.StoreBusyException} are {@link java.io.IOException}s;
 * {@link dev.sectools.secrets.IntegrityException} and {@link
 * dev.sectools.secrets.StoreAccessDeniedException} are {@link
 * java.security.GeneralSecurityException}s with uniform messages.
 */
package dev.sectools.secrets;
