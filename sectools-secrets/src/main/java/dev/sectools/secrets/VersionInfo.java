package dev.sectools.secrets;

import java.time.Instant;

/**
 * One version of a secret, without its value.
 *
 * @param version the version number, from 1
 * @param state live, deleted or destroyed
 * @param created when the version was written
 * @param keyId the id of the Tink data key that encrypts it
 */
public record VersionInfo(long version, VersionState state, Instant created, long keyId) {}
