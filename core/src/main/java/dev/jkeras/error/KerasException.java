package dev.jkeras.error;

/**
 * Root of every error caused by a model file or by inputs given to a model. Unchecked. Messages say
 * what failed, where (file, layer name and class), what was expected, what was found, and how to fix
 * it where possible. Caller mistakes in the Java API raise {@link IllegalArgumentException}; our own
 * bugs raise {@link IllegalStateException}.
 */
public class KerasException extends RuntimeException {
    public KerasException(String message) {
        super(message);
    }

    public KerasException(String message, Throwable cause) {
        super(message, cause);
    }
}
