/**
 * libc bindings through the FFM API ({@code openat2}, {@code statx}, {@code fsync}, …) and their
 * error codes. Not exported; no compatibility promises.
 */
package dev.sectools.internal.linux;
