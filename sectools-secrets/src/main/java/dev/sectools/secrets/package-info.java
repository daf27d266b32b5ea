/**
 * The secret store: {@link dev.sectools.secrets.SecretStore}, an envelope-encrypted, versioned
 * store of secrets on an embedded SQLite file, with check-and-set, soft delete, destroy and
 * listing; values come back in {@link dev.sectools.memory.SecureBuffer}s. Encrypted, verified
 * backups ({@link dev.sectools.secrets.SecretStore#backup}, {@link
 * dev.sectools.secrets.SecretStore#restore}) and plaintext export and import for migration.
 *
 * <p>Failures are typed by whose fault they are: invalid paths and arguments are unchecked;
 * {@link dev.sectools.secrets.SecretNotFoundException}, {@link
 * dev.sectools.secrets.VersionConflictException}, {@link dev.sectools.secrets.StoreFormatException},
 * {@link dev.sectools.secrets.BackupFormatException}, {@link
 * dev.sectools.secrets.PlaintextFormatException} and {@link
 * dev.sectools.secrets.StoreBusyException} are {@link java.io.IOException}s;
 * {@link dev.sectools.secrets.IntegrityException} and {@link
 * dev.sectools.secrets.StoreAccessDeniedException} are {@link
 * java.security.GeneralSecurityException}s with uniform messages.
 */
package dev.sectools.secrets;
