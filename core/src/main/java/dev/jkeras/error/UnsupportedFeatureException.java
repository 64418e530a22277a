package dev.jkeras.error;

/** The model uses a layer class or option that jkeras cannot reproduce exactly, so it is refused. */
public class UnsupportedFeatureException extends KerasException {
    public UnsupportedFeatureException(String message) {
        super(message);
    }
}
