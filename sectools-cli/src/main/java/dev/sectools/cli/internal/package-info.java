/**
 * Engines behind the commands, not exported: running a child with signal forwarding and output
 * masking, terminal and libc access, JSON and table output, option converters, the AOT training run.
 */
package dev.sectools.cli.internal;
