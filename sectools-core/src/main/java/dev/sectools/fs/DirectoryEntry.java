package dev.sectools.fs;

/**
 * One name in a directory listing.
 *
 * @param name the entry's name (a single component, never {@code .} or {@code ..})
 * @param type the entry's type, without following links
 */
public record DirectoryEntry(String name, FileType type) {}
