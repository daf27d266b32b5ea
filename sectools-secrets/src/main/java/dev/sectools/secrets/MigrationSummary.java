package dev.sectools.secrets;

/**
 * What {@link SecretStore#migrate migrate} copied, and checked: the target holds exactly these
 * rows, byte for byte.
 *
 * @param secrets secrets copied
 * @param versions versions copied, in every state
 * @param headerEntries store header entries copied (store id, wrapped keysets, key provider, …)
 */
public record MigrationSummary(long secrets, long versions, int headerEntries) {}
