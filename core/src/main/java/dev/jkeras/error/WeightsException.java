package dev.jkeras.error;

/** Weights are missing, extra, or of the wrong shape for the layer that owns them. */
public class WeightsException extends KerasException {
    public WeightsException(String message) {
        super(message);
    }
}
