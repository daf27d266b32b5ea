package dev.sectools.secrets;

import java.time.Instant;

/**
 * One data key of a store, without key material.
 *
 * @param id the key's id (as in {@link VersionInfo#keyId()})
 * @param state primary, enabled or disabled
 * @param created when the key was made
 * @param versions how many stored versions it still encrypts
 */
public record DataKeyInfo(long id, KeyState state, Instant created, long versions) {}
