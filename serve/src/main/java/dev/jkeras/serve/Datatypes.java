package dev.jkeras.serve;

import dev.jkeras.tensor.DType;
import java.util.Locale;

/** The names the two protocols give jkeras's dtypes: Open Inference Protocol v2 datatypes and TensorFlow DataTypes. */
final class Datatypes {
    private Datatypes() {}

    /** The v2 datatype of a dtype: FP32, INT64, BOOL, BYTES for strings. */
    static String v2(DType t) {
        return switch (t) {
            case FLOAT32 -> "FP32";
            case FLOAT64 -> "FP64";
            case BOOL -> "BOOL";
            case STRING -> "BYTES";
            default -> t.keras().toUpperCase(Locale.ROOT);
        };
    }

    /** The TensorFlow DataType enum name of a dtype: DT_FLOAT, DT_INT64, DT_STRING. */
    static String tf(DType t) {
        return switch (t) {
            case FLOAT32 -> "DT_FLOAT";
            case FLOAT64 -> "DT_DOUBLE";
            default -> "DT_" + t.keras().toUpperCase(Locale.ROOT);
        };
    }

    /**
     * The dtype a v2 request datatype labels its data with: FP16 and FP64 data are numbers like FP32's (rounded to
     * float32 as NumPy's {@code astype(float32)} does); BF16 too. Null for an unknown name.
     */
    static DType fromV2(String datatype) {
        if (datatype == null) return null;
        return switch (datatype) {
            case "FP32", "FP16", "BF16" -> DType.FLOAT32;
            case "FP64" -> DType.FLOAT64;
            case "BOOL" -> DType.BOOL;
            case "BYTES" -> DType.STRING;
            case "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64" -> DType.forName(datatype.toLowerCase(Locale.ROOT));
            default -> null;
        };
    }

    /** The smallest and largest value of an integer dtype that jkeras carries exactly (within ±2^24). */
    static long min(DType t) {
        if (!t.signed() || t == DType.BOOL) return 0;
        return Math.max(-(1L << (t.bits() - 1)), -DType.EXACT_INT_LIMIT);
    }

    static long max(DType t) {
        if (t == DType.BOOL) return 1;
        long full = t.signed() ? (1L << (t.bits() - 1)) - 1 : (t.bits() == 64 ? Long.MAX_VALUE : (1L << t.bits()) - 1);
        return Math.min(full, DType.EXACT_INT_LIMIT);
    }
}
