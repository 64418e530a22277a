package dev.jkeras.tensor;

/**
 * What a tensor's elements are. Numbers of every Keras dtype (float, int, bool) are carried as float32;
 * strings (Keras {@code dtype="string"}, TensorFlow byte strings, read as UTF-8) are Java strings.
 */
public enum DType {
    /** Numbers, held as float32 (integers exactly up to 2^24). */
    FLOAT32("float32"),
    /** Text, one Java string per element. */
    STRING("string");

    private final String keras;

    DType(String keras) {
        this.keras = keras;
    }

    /** The Keras spelling, for messages. */
    public String keras() {
        return keras;
    }
}
