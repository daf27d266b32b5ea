package dev.sectools.secrets;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a generated password looks like: its length and the character classes it draws from.
 * Every class chosen appears at least once. Built with {@link #builder()}; {@link #DEFAULT} is 32
 * characters from all four classes (about 205 bits of entropy).
 */
public final class PasswordSpec {
  /** Character classes, all ASCII. */
  public enum CharClass {
    /** {@code a-z}. */
    LOWER("abcdefghijklmnopqrstuvwxyz"),
    /** {@code A-Z}. */
    UPPER("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    /** {@code 0-9}. */
    DIGITS("0123456789"),
    /** Printable ASCII punctuation that needs no quoting in most shells and config formats. */
    SYMBOLS("!#%+,-./:=?@^_~");

    private final String chars;

    CharClass(String chars) {
      this.chars = chars;
    }

    /** The characters of this class. */
    public String chars() {
      return chars;
    }
  }

  /** The shortest password the default builder accepts. */
  public static final int MIN_LENGTH = 16;
  /** The longest password accepted. */
  public static final int MAX_LENGTH = 4096;
  /** 32 characters, all four classes. */
  public static final PasswordSpec DEFAULT = builder().build();

  private final int length;
  private final Set<CharClass> classes;

  private PasswordSpec(int length, Set<CharClass> classes) {
    this.length = length;
    this.classes = Set.copyOf(classes);
  }

  /** Starts a spec of 32 characters from all classes. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of characters. */
  public int length() {
    return length;
  }

  /** The classes drawn from; each appears at least once. */
  public Set<CharClass> classes() {
    return classes;
  }

  @Override
  public String toString() {
    return "PasswordSpec[length=" + length + ", classes=" + EnumSet.copyOf(classes) + "]";
  }

  /** Builds a {@link PasswordSpec}. */
  public static final class Builder {
    private int length = 32;
    private Set<CharClass> classes = EnumSet.allOf(CharClass.class);

    private Builder() {}

    /**
     * Sets the length.
     *
     * @throws IllegalArgumentException unless between {@value #MIN_LENGTH} and {@value #MAX_LENGTH}
     */
    public Builder length(int chars) {
      if (chars < MIN_LENGTH || chars > MAX_LENGTH) {
        throw new IllegalArgumentException("length must be between " + MIN_LENGTH + " and " + MAX_LENGTH
            + ", was " + chars);
      }
      this.length = chars;
      return this;
    }

    /**
     * Sets the classes drawn from.
     *
     * @throws IllegalArgumentException if empty
     */
    public Builder classes(Set<CharClass> chosen) {
      Objects.requireNonNull(chosen, "classes");
      if (chosen.isEmpty()) {
        throw new IllegalArgumentException("at least one character class is needed");
      }
      this.classes = EnumSet.copyOf(chosen);
      return this;
    }

    /**
     * Returns the spec.
     *
     * @throws IllegalArgumentException if the length cannot hold one character of each class
     */
    public PasswordSpec build() {
      if (length < classes.size()) {
        throw new IllegalArgumentException("length " + length + " cannot hold " + classes.size() + " classes");
      }
      return new PasswordSpec(length, classes);
    }
  }
}
