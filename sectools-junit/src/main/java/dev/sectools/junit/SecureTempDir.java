package dev.sectools.junit;

import dev.sectools.temp.BaseDirectory;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a private temp directory: the secure counterpart of JUnit's {@code @TempDir}.
 * Annotate a field or parameter of type {@link java.nio.file.Path} or
 * {@link dev.sectools.temp.TempDirectory}; no {@code @ExtendWith} is needed.
 *
 * <pre>{@code
 * class CacheTest {
 *   @SecureTempDir Path dir;                       // fresh for each test, 0700
 *
 *   @Test
 *   void put_thenGet_returnsValue(@SecureTempDir TempDirectory scratch) throws IOException {
 *     scratch.root().write("entry", bytes);        // confined to the directory
 *   }
 * }
 * }</pre>
 *
 * <h2>Lifetime</h2>
 * An instance field or a parameter of a test or {@code @BeforeEach}/{@code @AfterEach} method
 * gets a directory per test, created before the test and removed after its {@code @AfterEach}
 * methods. A static field or a parameter of a {@code @BeforeAll} method gets one directory for
 * the whole class, removed after {@code @AfterAll}. Each annotated element gets its own
 * directory. Removal never follows a link; if something cannot be removed the test fails with a
 * {@link dev.sectools.temp.TempCleanupException} listing what remains (paths shown in full:
 * test directories are not secret, and the report should say what was left behind).
 *
 * <h2>Warning</h2>
 * The directory is private to the user running the tests, not to the test: parallel tests of
 * the same user can reach each other's directories if they learn their paths.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SecureTempExtension.class)
public @interface SecureTempDir {
  /** The start of the directory's name, to recognise leftovers; no {@code /} or NUL. */
  String prefix() default "junit-";

  /** Where the directory is created; {@link BaseDirectory#JAVA_IO_TMPDIR} by default. */
  BaseDirectory base() default BaseDirectory.JAVA_IO_TMPDIR;
}
