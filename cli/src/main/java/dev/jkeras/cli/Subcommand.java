package dev.jkeras.cli;

/**
 * A picocli {@code @Command} that another jar adds to {@code jkeras}, found through
 * {@code META-INF/services/dev.jkeras.cli.Subcommand} (jkeras-server.jar adds {@code serve} this way, so the lean
 * jkeras.jar does not depend on the server). One with the name of a built-in command replaces it.
 */
public interface Subcommand {}
