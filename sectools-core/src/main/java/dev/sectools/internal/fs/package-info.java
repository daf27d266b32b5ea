/**
 * Engines behind {@link dev.sectools.fs.ConfinedRoot}: path parsing, the {@code openat2} and
 * descriptor-walk resolvers, the Linux descriptor engine, and the explicitly insecure
 * path-checking engine. Not exported; no compatibility promises.
 */
package dev.sectools.internal.fs;
