package dev.sectools.secrets;

import java.time.Instant;

/**
 * What a {@link SecretStore#backup backup} wrote, or a {@link SecretStore#restore restore}
 * read.
 *
 * @param secrets secrets in the backup
 * @param versions versions in the backup, in every state
 * @param bytes bytes of the backup stream
 * @param taken when the backup was taken
 */
public record BackupSummary(long secrets, long versions, long bytes, Instant taken) {}
