/**
 * The {@code sectools} command line. {@link dev.sectools.cli.Sectools} is the root command and
 * entry point; {@link dev.sectools.cli.CommandTree} registers every verb (one class each, a
 * {@link dev.sectools.cli.SectoolsCommand} returning an exit code); {@link dev.sectools.cli.Failures}
 * is the one table from errors to {@link dev.sectools.cli.ExitCode}s and messages, applied by a
 * single error handler; {@link dev.sectools.cli.ConfigDefaults} supplies defaults from
 * {@code SECTOOLS_*} variables and the config file; {@link dev.sectools.cli.CliEnvironment} carries
 * the variables, streams and terminal a run works with.
 */
package dev.sectools.cli;
