package dev.sectools.cache;

/**
 * What {@link VerifiedCache#verifyAll} found.
 *
 * @param checked entries read and verified (whether they passed or not)
 * @param corrupt entries that failed verification and were removed
 * @param bytes bytes of the entries that passed
 */
public record CacheVerification(long checked, long corrupt, long bytes) {}
