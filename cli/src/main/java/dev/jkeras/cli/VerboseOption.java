package dev.jkeras.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, shared by the commands that load models. */
final class VerboseOption {
    @Option(names = "--verbose", description = "Print timings, and the stack trace on errors.")
    boolean verbose;
}
