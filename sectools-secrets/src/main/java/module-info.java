/**
 * sectools secret store: Tink envelope encryption, versions and check-and-set on embedded SQLite
 * or a shared PostgreSQL database,
 * with keys from a passphrase, the OS keychain, a PKCS#11 token or a machine-bound file.
 *
 * <p>{@code Pkcs11KeyProvider} finds tokens by label through the FFM API: grant native access
 * ({@code --enable-native-access=dev.sectools.secrets}, or {@code ALL-UNNAMED} on the class path).
 */
module dev.sectools.secrets {
  requires transitive dev.sectools.core;
  requires transitive com.google.crypto.tink;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.bouncycastle.provider;
  requires static micrometer.core; // only when StoreConfig is given a MeterRegistry
  // Only for a store in PostgreSQL (StoreConfig.database): the pool, and the JDBC driver that
  // java.sql finds as a service.
  requires static com.zaxxer.hikari;
  // KeychainKeyProvider: java-keyring has no module descriptor; this is its file-derived name.
  requires java.keyring;
  // Pkcs11KeyProvider: SunPKCS11 exports nothing, but must be in the image (jlink) for the
  // Security.getProvider("SunPKCS11") lookup to find it.
  requires jdk.crypto.cryptoki;

  exports dev.sectools.secrets;
  exports dev.sectools.secrets.keys;
  exports dev.sectools.audit;
}
