package dev.jkeras.cli;

/** A mistake in how the command was called (missing file, unknown output format...): exit code 2. */
public final class UsageException extends RuntimeException {
    /** A usage error with a one-line {@code message}. */
    public UsageException(String message) {
        super(message);
    }
}
