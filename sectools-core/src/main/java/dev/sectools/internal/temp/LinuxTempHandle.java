package dev.sectools.internal.temp;

import dev.sectools.internal.fs.DescriptorTrees;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.temp.Overwrite;
import dev.sectools.temp.TempCleanupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A temp entry held through a descriptor of its base directory, so that removal acts on exactly
 * the name we created there, whatever happens to the base directory's path meanwhile.
 */
final class LinuxTempHandle implements TempHandle {
  private final int baseFd;
  private final Path base;
  private final String name;
  private final byte[] cName;
  private final FdFileChannel channel;
  private final PathNamer namer;
  private boolean released;

  LinuxTempHandle(int baseFd, Path base, String name, FdFileChannel channel, PathNamer namer) {
    this.baseFd = baseFd;
    this.base = base;
    this.name = name;
    this.cName = LibC.cString(name);
    this.channel = channel;
    this.namer = namer;
  }

  @Override
  public Path path() {
    return base.resolve(name);
  }

  @Override
  public PositionalChannel channel() {
    return channel;
  }

  @Override
  public synchronized void delete(Overwrite overwrite) throws IOException {
    if (released) {
      return;
    }
    List<Exception> failures = new ArrayList<>();
    try {
      if (overwrite == Overwrite.ZEROS) {
        Shredder.overwrite(baseFd, cName, name, channel, failures, namer);
      }
      if (channel != null) {
        channel.close();
      }
      try {
        DescriptorTrees.deleteTree(baseFd, cName, channel == null);
      } catch (ErrnoException e) {
        if (e.errno() != Errno.ENOENT) {
          failures.add(DescriptorTrees.error(e, namer.show(path().toString())));
        }
      }
      if (!failures.isEmpty()) {
        TempCleanupException ex = new TempCleanupException(namer.show(path().toString()),
            Leftovers.list(baseFd, cName, name, namer), failures.get(0));
        failures.subList(1, failures.size()).forEach(ex::addSuppressed);
        throw ex;
      }
    } finally {
      release();
    }
  }

  @Override
  public synchronized void release() {
    if (!released) {
      released = true;
      if (channel != null) {
        channel.close();
      }
      LibC.closeQuietly(baseFd);
    }
  }
}
