/**
 * {@code sectools exec}: runs a program with secrets in its environment or in private files on
 * tmpfs, masks them in its output and forwards signals to it.
 */
package dev.sectools.cli.exec;
