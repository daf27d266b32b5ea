/**
 * Where {@code SecureBuffer} memory comes from: {@code mmap}ed pages between guard pages, locked
 * and kept out of core dumps, shared by small buffers in a slab. Not exported.
 */
package dev.sectools.internal.memory;
