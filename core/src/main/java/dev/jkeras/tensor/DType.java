package dev.jkeras.tensor;

/**
 * The Keras/TensorFlow dtype of a tensor in a model graph, worked out once at load time. Strings are
 * Java strings ({@link Tensor#ofStrings}); every numeric dtype is carried in the tensor's float32 array:
 * <ul>
 *   <li>float32 as is; float64 values rounded to float32 (ops that jump at a threshold, such as
 *       floor, comparisons or casts to integers, refuse float64 operands, where that rounding could
 *       move a value across the jump);</li>
 *   <li>integers as whole numbers and bool as 1/0. float32 holds every integer up to 2^24 = 16777216
 *       exactly, so integer values must stay within ±2^24: model inputs beyond it, and integer results
 *       beyond it, raise an {@code InputException} instead of being rounded. Integer ops compute the
 *       exact result and wrap it to the dtype's width as TensorFlow does (uint8 256 is 0), so results
 *       are exact wherever they are accepted.</li>
 * </ul>
 */
public enum DType {
    /** float32, the default. */
    FLOAT32("float32", 0, true),
    /** float64, held at float32 precision (see above). */
    FLOAT64("float64", 0, true),
    INT8("int8", 8, true),
    INT16("int16", 16, true),
    INT32("int32", 32, true),
    INT64("int64", 64, true),
    UINT8("uint8", 8, false),
    UINT16("uint16", 16, false),
    UINT32("uint32", 32, false),
    UINT64("uint64", 64, false),
    /** Booleans, held as 1 (true) and 0 (false). */
    BOOL("bool", 0, false),
    /** Text, one Java string per element. */
    STRING("string", 0, false);

    /** The largest integer magnitude a float32 holds exactly, and so the range of integer values jkeras accepts. */
    public static final int EXACT_INT_LIMIT = 1 << 24;

    private final String keras;
    private final int bits;
    private final boolean signed;

    DType(String keras, int bits, boolean signed) {
        this.keras = keras;
        this.bits = bits;
        this.signed = signed;
    }

    /** The Keras spelling, for messages. */
    public String keras() {
        return keras;
    }

    /** float32 or float64. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** One of the signed or unsigned integer dtypes. */
    public boolean isInteger() {
        return bits > 0;
    }

    /** Not a string. */
    public boolean isNumeric() {
        return this != STRING;
    }

    /** The width of an integer dtype in bits (0 for the others). */
    public int bits() {
        return bits;
    }

    /** True for the signed integer dtypes (and the floats). */
    public boolean signed() {
        return signed;
    }

    /**
     * The dtype of a Keras/TensorFlow/numpy dtype name ({@code "int32"}, {@code "float"},
     * {@code "double"}, {@code "bool"}, ...), or null for one jkeras does not carry (float16,
     * bfloat16, complex, quantized types).
     */
    public static DType forName(String name) {
        if (name == null) return null;
        return switch (name) {
            case "float", "float32" -> FLOAT32;
            case "double", "float64" -> FLOAT64;
            case "string", "str" -> STRING;
            case "bool", "boolean" -> BOOL;
            default -> {
                for (DType t : values()) if (t.isInteger() && t.keras.equals(name)) yield t;
                yield null;
            }
        };
    }
}
