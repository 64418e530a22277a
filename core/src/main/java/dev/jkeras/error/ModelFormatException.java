package dev.jkeras.error;

/** The model file cannot be read or its config is malformed. */
public class ModelFormatException extends KerasException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
