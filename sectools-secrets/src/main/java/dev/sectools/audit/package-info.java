/**
 * The tamper-evident audit log of a secret store: one JSON line per operation, each carrying an
 * HMAC chained to the line before, keyed from the store's MAC keyset. Configure it with
 * {@link dev.sectools.audit.AuditConfig} on a {@link dev.sectools.secrets.StoreConfig}; check it
 * with {@link dev.sectools.secrets.SecretStore#verifyAudit()}.
 *
 * <p>No event carries a secret's value or a key. Paths are logged as keyed hashes unless the
 * configuration asks for plaintext; {@link dev.sectools.secrets.SecretStore#auditHash(String)}
 * computes the hash of a known path so an operator can search the log for it.
 */
package dev.sectools.audit;
