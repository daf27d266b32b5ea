package dev.sectools.cache;

/**
 * A cache's counters since it was opened, and what it holds now.
 *
 * @param hits {@code get} calls that returned verified content
 * @param misses {@code get} calls that found nothing usable
 * @param corruptions entries that failed verification and were removed
 * @param evictions entries removed to stay under the size limit
 * @param entries keys held now
 * @param bytes bytes of content held now (identical content counted once; ciphertext for an
 *     encrypted cache)
 */
public record CacheStats(long hits, long misses, long corruptions, long evictions, long entries, long bytes) {}
