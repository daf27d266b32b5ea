/**
 * sectools secret store: Tink envelope encryption, versions and check-and-set on embedded SQLite.
 */
module dev.sectools.secrets {
  requires transitive dev.sectools.core;
  requires transitive com.google.crypto.tink;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.bouncycastle.provider;

  exports dev.sectools.secrets;
  exports dev.sectools.secrets.keys;
}
