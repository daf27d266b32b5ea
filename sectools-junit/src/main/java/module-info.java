/**
 * sectools JUnit support: {@link dev.sectools.junit.SecureTempDir} gives tests private temp
 * directories made by {@code dev.sectools.temp}, removed after each test without following links.
 */
module dev.sectools.junit {
  requires transitive dev.sectools.core;
  requires transitive org.junit.jupiter.api;

  exports dev.sectools.junit;
}
