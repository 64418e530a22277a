package dev.jkeras.error;

/** Inputs given to {@code predict} do not match the model (count, names, shapes, values). */
public class InputException extends KerasException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
