package dev.sectools.internal.temp;

import dev.sectools.internal.fs.PathNamer;
import dev.sectools.temp.ExistingDirectoryPolicy;
import dev.sectools.temp.InsecureDirectoryException;
import dev.sectools.temp.InsecureDirectoryException.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Temp entries through the JDK alone, where the Linux bindings are unavailable (macOS, Windows).
 * Creation is still exclusive ({@code CREATE_NEW}, {@code NOFOLLOW_LINKS}) and private from the
 * start: {@code 0700}/{@code 0600} as a creation attribute on POSIX (the umask may narrow but
 * never widen it), an ACL granting only the owner on Windows. Removal is described in
 * {@link JdkTempHandle}. Compiled and exercised on Linux by tests; untested on Windows here.
 */
public final class JdkTempEngine implements TempEngine {
  static final JdkTempEngine INSTANCE = new JdkTempEngine(TempNames.secure());

  private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");

  private final TempNames names;

  /** An engine drawing names from {@code names}. */
  public JdkTempEngine(TempNames names) {
    this.names = names;
  }

  @Override
  public TempHandle createDirectory(Path base, String prefix, String suffix, PathNamer namer)
      throws IOException {
    checkBase(base, namer);
    for (int attempt = 0; attempt < TempNames.MAX_ATTEMPTS; attempt++) {
      Path dir = base.resolve(names.next(prefix, suffix));
      try {
        Files.createDirectory(dir, privateAttribute(base, DIR_PERMS));
        return new JdkTempHandle(dir, null, namer);
      } catch (FileAlreadyExistsException e) {
        // someone holds this name: draw another
      }
    }
    throw new FileAlreadyExistsException(namer.show(base.toString()), null, "no free name");
  }

  @Override
  public TempHandle createFile(Path base, String prefix, String suffix, PathNamer namer)
      throws IOException {
    checkBase(base, namer);
    for (int attempt = 0; attempt < TempNames.MAX_ATTEMPTS; attempt++) {
      Path file = base.resolve(names.next(prefix, suffix));
      try {
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            privateAttribute(base, FILE_PERMS));
        return new JdkTempHandle(file, new FileChannelAdapter(ch), namer);
      } catch (FileAlreadyExistsException e) {
        // a file, link or FIFO holds this name: never open it, draw another
      }
    }
    throw new FileAlreadyExistsException(namer.show(base.toString()), null, "no free name");
  }

  @Override
  public void ensurePrivateDirectory(Path dir, ExistingDirectoryPolicy policy, PathNamer namer)
      throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    String display = namer.show(abs.toString());
    Path parent = abs.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("the file system root cannot be made private");
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      if (!Files.isDirectory(parent)) {
        ensurePrivateDirectory(parent, ExistingDirectoryPolicy.REFUSE, namer);
      }
      try {
        Files.createDirectory(abs, privateAttribute(parent, DIR_PERMS));
        return;
      } catch (FileAlreadyExistsException raced) {
        attrs = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      }
    }
    if (attrs.isSymbolicLink() || attrs.isOther()) {
      throw new InsecureDirectoryException(display, Problem.SYMLINK, "the name is a link, never followed");
    }
    if (!attrs.isDirectory()) {
      throw new InsecureDirectoryException(display, Problem.NOT_A_DIRECTORY, "the name is not a directory");
    }
    PosixFileAttributeView posix =
        Files.getFileAttributeView(abs, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (posix == null) {
      // Windows: make the ACL owner-only whatever the policy; reading every ACL shape is not attempted.
      AclFileAttributeView acl =
          Files.getFileAttributeView(abs, AclFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (acl != null && !acl.getOwner().equals(currentUser(abs))) {
        throw new InsecureDirectoryException(display, Problem.FOREIGN_OWNER, "owned by another user");
      }
      if (acl != null) {
        acl.setAcl(ownerOnlyAcl(acl.getOwner(), true));
      }
      return;
    }
    PosixFileAttributes p = posix.readAttributes();
    if (!p.owner().equals(currentUser(abs))) {
      throw new InsecureDirectoryException(display, Problem.FOREIGN_OWNER, "owned by another user");
    }
    if (!DIR_PERMS.containsAll(p.permissions())) {
      if (policy == ExistingDirectoryPolicy.REFUSE) {
        throw new InsecureDirectoryException(display, Problem.GROUP_OR_OTHER_ACCESS,
            PosixFilePermissions.toString(p.permissions()) + " gives group or others access");
      }
      posix.setPermissions(DIR_PERMS); // by path: this platform has no descriptor-based chmod here
    }
  }

  /** Refuses a base owned by someone else (other than root) or writable by others without the sticky bit. */
  private static void checkBase(Path base, PathNamer namer) throws IOException {
    String display = namer.show(base.toString());
    PosixFileAttributeView posix = Files.getFileAttributeView(base, PosixFileAttributeView.class);
    if (posix == null) {
      if (!Files.isDirectory(base)) {
        throw new NoSuchFileException(display, null, "not a directory");
      }
      return; // Windows: %TEMP% is per user; ACLs are not inspected here
    }
    PosixFileAttributes p = posix.readAttributes();
    if (!p.isDirectory()) {
      throw new java.nio.file.NotDirectoryException(display);
    }
    String owner = p.owner().getName();
    if (!owner.equals("root") && !p.owner().equals(currentUser(base))) {
      throw new InsecureDirectoryException(display, Problem.FOREIGN_OWNER, "owned by another user");
    }
    Set<PosixFilePermission> perms = p.permissions();
    boolean othersWrite = perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_WRITE);
    if (othersWrite && !sticky(base)) {
      throw new InsecureDirectoryException(display, Problem.WRITABLE_WITHOUT_STICKY_BIT,
          "writable by others without the sticky bit");
    }
  }

  private static boolean sticky(Path dir) {
    try {
      return (((Integer) Files.getAttribute(dir, "unix:mode")) & 01000) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // cannot tell: assume the worst
    }
  }

  private static UserPrincipal currentUser(Path onFileSystem) throws IOException {
    return onFileSystem.getFileSystem().getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name"));
  }

  private static FileAttribute<?> privateAttribute(Path base, Set<PosixFilePermission> perms)
      throws IOException {
    if (base.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return PosixFilePermissions.asFileAttribute(perms);
    }
    List<AclEntry> acl = ownerOnlyAcl(currentUser(base), perms.contains(PosixFilePermission.OWNER_EXECUTE));
    return new FileAttribute<List<AclEntry>>() {
      @Override
      public String name() {
        return "acl:acl";
      }

      @Override
      public List<AclEntry> value() {
        return acl;
      }
    };
  }

  private static List<AclEntry> ownerOnlyAcl(UserPrincipal owner, boolean directory) {
    AclEntry.Builder entry = AclEntry.newBuilder()
        .setType(AclEntryType.ALLOW)
        .setPrincipal(owner)
        .setPermissions(EnumSet.allOf(AclEntryPermission.class));
    if (directory) {
      entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
    }
    return List.of(entry.build());
  }
}
