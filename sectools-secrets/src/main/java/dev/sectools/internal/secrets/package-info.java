/** The secret store's engine: keys, storage SPI and its SQLite implementation. Not exported. */
package dev.sectools.internal.secrets;
