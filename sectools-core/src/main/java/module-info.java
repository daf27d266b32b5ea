/**
 * sectools core: confined file I/O ({@code dev.sectools.fs}), secure temp files and directories
 * ({@code dev.sectools.temp}), secrets held off the Java heap ({@code dev.sectools.memory}) and
 * safe integer conversions ({@code dev.sectools.convert}).
 *
 * <p>Depends on the JDK alone. Native calls ({@code openat2}, {@code fsync} of directories, {@code mmap}, {@code mlock}, …)
 * go through the FFM API, so applications should grant native access to this module:
 * {@code --enable-native-access=dev.sectools.core} (or {@code ALL-UNNAMED} on the class path).
 * Engines live in {@code dev.sectools.internal…} packages, which are not exported.
 */
@SuppressWarnings("module") // the qualified export names a module built after this one
module dev.sectools.core {
  exports dev.sectools.fs;
  exports dev.sectools.temp;
  exports dev.sectools.convert;
  exports dev.sectools.memory;
  // Off-heap memory for the cache's private copies (TransientMemory); nobody else's API.
  exports dev.sectools.internal.memory to dev.sectools.cache;
}
