/**
 * The {@code sectools} command line: {@code secrets}, {@code exec}, {@code file}, {@code temp},
 * {@code cache}, {@code shell} and {@code completion}, on picocli. The entry point is {@link dev.sectools.cli.Sectools}; the
 * command classes are opened to picocli for injection, and the engines behind them
 * ({@code dev.sectools.cli.internal}) are not exported.
 */
module dev.sectools.cli {
  requires transitive dev.sectools.secrets; // CliEnvironment.sessionKey() is a KeyProvider
  requires dev.sectools.cache;
  requires transitive info.picocli; // the exported command base and defaults use its types
  requires java.logging; // StderrLogging: library log records as one-line warnings
  requires jdk.net; // SO_PEERCRED: the agent answers only its own user
  requires jdk.unsupported; // sun.misc.Signal (reflectively): exec forwards SIGTERM/SIGINT/SIGHUP to its child

  exports dev.sectools.cli;

  opens dev.sectools.cli to info.picocli;
  opens dev.sectools.cli.secrets to info.picocli;
  opens dev.sectools.cli.exec to info.picocli;
  opens dev.sectools.cli.files to info.picocli;
  opens dev.sectools.cli.temp to info.picocli;
  opens dev.sectools.cli.cache to info.picocli;
  opens dev.sectools.cli.shell to info.picocli;
  opens dev.sectools.cli.agent to info.picocli;
}
