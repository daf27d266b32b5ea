/**
 * Secrets held off the Java heap: {@link dev.sectools.memory.SecureBuffer}, memory that is
 * {@code mmap}ed between guard pages, locked in RAM, left out of core dumps, checked by a canary
 * and wiped on close. See {@code docs/memory.md} for the guarantees, what Java still copies, and
 * the platform caveats.
 */
package dev.sectools.memory;
