/**
 * JUnit Jupiter support for sectools users: annotate a {@code Path} or {@code TempDirectory}
 * field or parameter with {@link dev.sectools.junit.SecureTempDir} to get a private ({@code 0700},
 * unguessable) directory that is removed, links never followed, when its scope ends.
 */
package dev.sectools.junit;
