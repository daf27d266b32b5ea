/**
 * {@code sectools file read|write}: file I/O confined to a root directory through
 * {@link dev.sectools.fs.ConfinedRoot}, with its path policies as options.
 */
package dev.sectools.cli.files;
