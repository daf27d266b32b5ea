/**
 * {@code sectools secrets …}: one command class per verb over {@link dev.sectools.secrets.SecretStore},
 * with {@link dev.sectools.cli.secrets.StoreOptions} (which store, how unlocked),
 * {@link dev.sectools.cli.secrets.Stores} (open and create) and
 * {@link dev.sectools.cli.secrets.Passphrases} (file, variable or prompt).
 */
package dev.sectools.cli.secrets;
