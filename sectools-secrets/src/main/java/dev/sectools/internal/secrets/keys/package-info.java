/**
 * Engines of the key providers in {@code dev.sectools.secrets.keys}: the AES-GCM key a provider
 * hands to the store, the encoding of provider parameters, the AEAD that runs inside a PKCS#11
 * token and the lookup of a token by its label. Not exported.
 */
package dev.sectools.internal.secrets.keys;
