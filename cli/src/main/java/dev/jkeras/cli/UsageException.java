package dev.jkeras.cli;

/** A mistake in how the command was called (missing file, unknown output format...): exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
