/**
 * Engines of the verified cache; not exported. A {@link dev.sectools.internal.cache.Store} is one
 * layer: {@link dev.sectools.internal.cache.FileStore} and
 * {@link dev.sectools.internal.cache.MemoryStore} hold bytes,
 * {@link dev.sectools.internal.cache.EncryptingStore} and
 * {@link dev.sectools.internal.cache.SigningStore} wrap another store.
 */
package dev.sectools.internal.cache;
