/**
 * {@code sectools cache put|get|verify|gc|stats}: the verified cache of
 * {@link dev.sectools.cache.VerifiedCache} from the command line, always the persistent file cache
 * (an ephemeral or memory cache would be gone when the command ends).
 */
package dev.sectools.cli.cache;
