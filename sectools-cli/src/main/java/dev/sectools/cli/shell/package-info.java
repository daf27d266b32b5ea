/**
 * {@code sectools shell}: an interactive session on one store, unlocked once, that runs
 * {@code secrets} commands typed without their prefix.
 */
package dev.sectools.cli.shell;
