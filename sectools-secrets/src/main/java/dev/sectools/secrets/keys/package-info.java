/**
 * Key providers: where a store's key-encryption key comes from. {@link
 * dev.sectools.secrets.keys.KeyProvider} is the SPI; {@link
 * dev.sectools.secrets.keys.PassphraseKeyProvider} derives the key from a passphrase with Argon2id.
 */
package dev.sectools.secrets.keys;
