// The output modes shared by CategoryEncoding, Discretization, Hashing, HashedCrossing, the lookups and
// TextVectorization: int, one_hot
// (a trailing axis of size 1 is replaced, else one is added), multi_hot/count/tf_idf (the last axis is the
// sample: (batch, n) -> (batch, depth); a rank-1 input (batch,) is ONE sample, so the batch collapses to (depth,)).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Locale;

/** Internal: categorical output encodings. */
final class Encoding {
    private Encoding() {}

    /** An index that contributes nothing (a masked token in one_hot/multi_hot/count modes). */
    static final int DROPPED = -1;

    /** The largest index an int-mode output holds exactly (float32 has 24 mantissa bits). */
    static final int MAX_EXACT_INDEX = DType.EXACT_INT_LIMIT;

    enum Mode {
        INT, ONE_HOT, MULTI_HOT, COUNT, TF_IDF;

        String keras() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses {@code output_mode} ("binary" and "tf-idf" are Keras's old spellings). */
    static Mode mode(LayerSpec spec, String dflt, Mode... allowed) {
        String s = spec.config().getString("output_mode", dflt);
        String norm = switch (s) {
            case "binary" -> "multi_hot";
            case "tf-idf" -> "tf_idf";
            default -> s;
        };
        for (Mode m : allowed) if (m.keras().equals(norm)) return m;
        StringBuilder ok = new StringBuilder();
        for (Mode m : allowed) ok.append(ok.length() == 0 ? "" : ", ").append(m.keras());
        throw new ModelFormatException(spec.where() + ": config key 'output_mode' should be one of " + ok + ", found \"" + s + "\"");
    }

    /**
     * The dtype of an encoding layer's output (Hashing, HashedCrossing, Discretization): int mode gives
     * indices in the layer's integer dtype (tf.keras honours the layer's {@code dtype}), else int64; the
     * other modes float32.
     */
    static DType outputDType(LayerSpec spec, Mode mode) {
        if (mode != Mode.INT) return DType.FLOAT32;
        DType t = DType.forName(spec.config().getString("dtype", null));
        return t != null && t.isInteger() && spec.writer() != null && spec.writer().isLegacy() ? t : DType.INT64;
    }

    /**
     * The dtype of a vocabulary lookup's output (IntegerLookup, StringLookup, TextVectorization): as
     * {@link #outputDType}, except that Keras 3 also encodes one_hot, multi_hot and count in int64 (its
     * symbolic output says float32; the values it computes are int64).
     */
    static DType lookupDType(LayerSpec spec, Mode mode) {
        boolean keras3 = spec.writer() == null || !spec.writer().isLegacy();
        return keras3 && mode != Mode.TF_IDF ? DType.INT64 : outputDType(spec, mode);
    }

    static void refuseSparse(LayerSpec spec) {
        if (spec.config().getBool("sparse", false)) {
            throw new UnsupportedFeatureException(spec.where() + ": sparse=True (sparse tensor output) is not supported; "
                    + "jkeras computes dense tensors. Re-save the layer with sparse=False (the values are the same).");
        }
    }

    /** The output shape of an encoding of {@code in} into {@code depth} classes. */
    static Shape outputShape(LayerSpec spec, Shape in, Mode mode, int depth) {
        if (mode == Mode.INT) return in;
        if (mode == Mode.ONE_HOT) {
            return in.rank() > 1 && in.dim(-1) == 1 ? in.with(-1, depth) : in.append(depth);
        }
        if (in.rank() > 2) {
            throw new UnsupportedFeatureException(spec.where() + ": output_mode \"" + mode.keras() + "\" of a rank-" + in.rank()
                    + " input " + in + " is not supported: Keras reduces axis 1 there (not the last axis its declared output shape "
                    + "assumes) or refuses it, depending on the backend. Use inputs of shape (batch, n).");
        }
        if (in.rank() == 1) return Shape.of(depth);
        return in.with(-1, depth);
    }

    /**
     * Encodes indices (one per input element, each in [0, depth) or {@link #DROPPED}) of an input of
     * shape {@code in}; {@code idf} (tf_idf) weights the counts per class.
     */
    static Tensor encode(Shape in, int[] idx, Mode mode, int depth, float[] idf) {
        if (mode == Mode.INT) {
            float[] out = new float[idx.length];
            for (int i = 0; i < idx.length; i++) out[i] = idx[i];
            return Tensor.of(in, out);
        }
        if (mode == Mode.ONE_HOT) {
            float[] out = new float[idx.length * depth];
            for (int i = 0; i < idx.length; i++) if (idx[i] != DROPPED) out[i * depth + idx[i]] = 1f;
            Shape s = in.rank() > 1 && in.dim(-1) == 1 ? in.with(-1, depth) : in.append(depth);
            return Tensor.of(s, out);
        }
        int rows = in.rank() == 1 ? 1 : in.dim(0);
        int per = in.rank() == 1 ? in.dim(0) : in.dim(-1);
        int[] rowStart = new int[rows + 1];
        for (int r = 0; r <= rows; r++) rowStart[r] = r * per;
        Tensor t = encodeRows(idx, rowStart, mode, depth, idf);
        return in.rank() == 1 ? t.reshape(depth) : t;
    }

    /**
     * multi_hot/count/tf_idf of samples of different lengths: sample {@code r} is
     * {@code idx[rowStart[r], rowStart[r+1])}; the result is (samples, depth).
     */
    static Tensor encodeRows(int[] idx, int[] rowStart, Mode mode, int depth, float[] idf) {
        int rows = rowStart.length - 1;
        float[] out = new float[rows * depth];
        for (int r = 0; r < rows; r++) {
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                int c = idx[k];
                if (c == DROPPED) continue;
                if (mode == Mode.MULTI_HOT) out[r * depth + c] = 1f;
                else out[r * depth + c] += 1f;
            }
            if (mode == Mode.TF_IDF) for (int c = 0; c < depth; c++) out[r * depth + c] *= idf[c];
        }
        return Tensor.of(Shape.of(rows, depth), out);
    }
}
