/**
 * {@code sectools temp dir|file}: private temp directories and files through
 * {@link dev.sectools.temp.SecureTemp}, kept or removed after a command.
 */
package dev.sectools.cli.temp;
