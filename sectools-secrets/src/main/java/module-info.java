/**
 * sectools secret store: Tink envelope encryption, versions and check-and-set on embedded SQLite.
 */
module dev.sectools.secrets {
  requires transitive dev.sectools.core;
  requires transitive com.google.crypto.tink;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.bouncycastle.provider;
  requires static micrometer.core; // only when StoreConfig is given a MeterRegistry

  exports dev.sectools.secrets;
  exports dev.sectools.secrets.keys;
  exports dev.sectools.audit;
}
