/**
 * {@code sectools agent}: a background process that keeps stores unlocked and serves
 * {@code secrets get} over a same-user Unix domain socket, as {@code gpg-agent} does, and the
 * launcher's fast entry point ({@link dev.sectools.cli.agent.AgentClientMain}) that talks to it
 * without loading picocli, Tink or SQLite. See {@code docs/cli.md}, "Agent".
 */
package dev.sectools.cli.agent;
