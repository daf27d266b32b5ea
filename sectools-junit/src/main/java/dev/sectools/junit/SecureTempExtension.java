package dev.sectools.junit;

import dev.sectools.fs.PathDisplay;
import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Creates the directories {@link SecureTempDir} asks for. Each {@link TempDirectory} is put in
 * the JUnit store of the scope it belongs to (the test method, or the class for static fields and
 * {@code @BeforeAll} parameters); JUnit closes it, and with it removes the directory, when that
 * scope ends, and reports a failed removal as a test failure.
 *
 * <p>Registered by {@link SecureTempDir} itself; there is no need to name it.
 */
public final class SecureTempExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SecureTempExtension.class);

  /** Used by JUnit. */
  public SecureTempExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    injectFields(context, context.getRequiredTestClass(), null, true);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      injectFields(context, instance.getClass(), instance, false);
    }
  }

  private static void injectFields(ExtensionContext context, Class<?> type, Object instance, boolean statics)
      throws IOException {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        SecureTempDir annotation = field.getAnnotation(SecureTempDir.class);
        if (annotation == null || Modifier.isStatic(field.getModifiers()) != statics) {
          continue;
        }
        if (Modifier.isFinal(field.getModifiers())) {
          throw new ExtensionConfigurationException("@SecureTempDir field " + field.getName() + " must not be final");
        }
        Object value = create(context, annotation, field.getType(), "field " + field.getName());
        if (!field.trySetAccessible()) {
          throw new ExtensionConfigurationException("@SecureTempDir field " + field.getName()
              + " is not accessible to the extension (open the package to dev.sectools.junit)");
        }
        try {
          field.set(instance, value);
        } catch (IllegalAccessException e) {
          throw new ExtensionConfigurationException("cannot set @SecureTempDir field " + field.getName(), e);
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(SecureTempDir.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SecureTempDir annotation = parameter.findAnnotation(SecureTempDir.class).orElseThrow();
    try {
      return create(context, annotation, parameter.getParameter().getType(),
          "parameter " + parameter.getParameter().getName());
    } catch (ExtensionConfigurationException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ParameterResolutionException("could not create a @SecureTempDir directory", e);
    }
  }

  private static Object create(ExtensionContext context, SecureTempDir annotation, Class<?> type, String what)
      throws IOException {
    if (type != Path.class && type != TempDirectory.class) {
      throw new ExtensionConfigurationException("@SecureTempDir " + what + " must be of type Path or"
          + " TempDirectory, was " + type.getName());
    }
    TempDirectory dir;
    try {
      dir = SecureTemp.createDirectory(annotation.prefix(),
          // Full paths: a test's failure report should say which directory was left behind.
          TempOptions.builder().baseDirectory(annotation.base()).pathDisplay(PathDisplay.FULL).build());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException("@SecureTempDir prefix: " + e.getMessage(), e);
    }
    // The store closes AutoCloseable values when its scope ends: that removes the directory.
    context.getStore(NAMESPACE).put(new Object(), dir);
    return type == Path.class ? dir.path() : dir;
  }
}
