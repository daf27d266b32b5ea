package dev.sectools.cli.exec;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code NAME=PATH}: an environment variable name and the secret path whose value it gets.
 *
 * @param name the variable, {@code [A-Za-z_][A-Za-z0-9_]*}
 * @param path the secret's path in the store
 */
public record SecretMapping(String name, String path) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Reads {@code NAME=PATH} for picocli. */
  public static final class Converter implements ITypeConverter<SecretMapping> {
    /** For picocli. */
    public Converter() {}

    @Override
    public SecretMapping convert(String value) {
      int eq = value.indexOf('=');
      if (eq <= 0 || eq == value.length() - 1) {
        throw new TypeConversionException("expected NAME=PATH, for example DB_PASSWORD=app/db-password");
      }
      String name = value.substring(0, eq);
      if (!NAME.matcher(name).matches()) {
        throw new TypeConversionException("'" + name + "' is not a variable name (letters, digits, _; not starting with a digit)");
      }
      return new SecretMapping(name, value.substring(eq + 1));
    }
  }
}
