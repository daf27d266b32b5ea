/**
 * Key providers: where a store's key-encryption key comes from. {@link
 * dev.sectools.secrets.keys.KeyProvider} is the SPI. {@link
 * dev.sectools.secrets.keys.PassphraseKeyProvider} derives the key from a passphrase with
 * Argon2id; {@link dev.sectools.secrets.keys.KeychainKeyProvider} keeps a random key in the OS
 * keychain; {@link dev.sectools.secrets.keys.Pkcs11KeyProvider} keeps it inside a PKCS#11 token;
 * {@link dev.sectools.secrets.keys.MachineBoundKeyProvider} seals it in a file bound to the
 * machine id, as a degraded fallback. See docs/key-providers.md.
 */
package dev.sectools.secrets.keys;
