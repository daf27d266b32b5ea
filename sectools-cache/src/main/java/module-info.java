/**
 * sectools verified cache: a content-addressed cache that checks every entry against its SHA-256
 * when it is used, with file, memory, encrypted (Tink AES-256-GCM) and signed (Tink HMAC)
 * variants.
 *
 * <p>Only {@code dev.sectools.cache} is exported; the engines live in
 * {@code dev.sectools.internal.cache}. Micrometer is optional: it is needed only by callers that
 * pass a {@code MeterRegistry}.
 */
module dev.sectools.cache {
  requires transitive dev.sectools.core;
  requires transitive com.google.crypto.tink;
  requires com.github.benmanes.caffeine;
  requires static transitive micrometer.core;
  requires jdk.security.auth;

  exports dev.sectools.cache;
}
