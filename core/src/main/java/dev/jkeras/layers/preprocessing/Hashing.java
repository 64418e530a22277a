// Hashing: strings, or integer tokens as their decimal text, to bins by tf.strings.to_hash_bucket_fast/strong
// (salt: SipHash keyed by the two salt ints); with mask_value, bin 0 is the mask and the rest shift by one.
// Then output_mode. Keras 3 casts float inputs to int64 (truncation) first; tf.keras hashes integer inputs only.
// A mask_value is compared with inputs of its own kind only (a string mask with string inputs).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Hashing}. */
public final class Hashing extends UnaryLayer {
    private final LayerSpec spec;
    private final int numBins;
    /** The mask_value: a Double (numeric inputs), a String (string inputs), or null. */
    private final Object maskValue;
    private final long[] salt;
    private final Encoding.Mode mode;
    private final boolean truncates;

    private Hashing(LayerSpec spec, int numBins, Object maskValue, long[] salt, Encoding.Mode mode, boolean truncates) {
        super(spec);
        this.spec = spec;
        this.numBins = numBins;
        this.maskValue = maskValue;
        this.salt = salt;
        this.mode = mode;
        this.truncates = truncates;
    }

    @Override
    public Shape outputShape(Shape in) {
        return Encoding.outputShape(spec, in, mode, numBins);
    }

    /** Strings or numbers; a mask_value must be of the input's kind (Keras compares them with tf.equal). */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        DType t = in.get(0);
        if (maskValue != null && (maskValue instanceof String) != (t == DType.STRING)) {
            throw new ModelFormatException(spec.where() + ": mask_value " + (maskValue instanceof String m ? "\"" + m + "\"" : maskValue)
                    + " cannot be compared with its " + t.keras() + " input (Keras fails on it); give a "
                    + (t == DType.STRING ? "string" : "number") + " mask_value");
        }
        return List.of(Encoding.outputDType(spec, mode));
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        boolean masked = maskValue != null && numBins > 1;
        int bins = masked ? numBins - 1 : numBins;
        if (x.isString()) {
            String[] v = x.strings();
            int[] idx = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (masked && v[i].equals(maskValue)) {
                    idx[i] = 0;
                    continue;
                }
                int h = salt == null ? StringHashes.fastBucket(v[i], bins) : StringHashes.strongBucket(v[i], bins, salt[0], salt[1]);
                idx[i] = masked ? h + 1 : h;
            }
            return Encoding.encode(x.shape(), idx, mode, numBins, null);
        }
        float[] v = x.data();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (masked && maskValue instanceof Double m && f == m) {
                idx[i] = 0;
                continue;
            }
            if (!truncates && f != Math.rint(f) || Float.isNaN(f)) {
                throw new InputException("layer '" + name() + "' (Hashing): this tf.keras layer hashes integer inputs only, found " + f
                        + " at flat index " + i);
            }
            long t = (long) f;
            int h = salt == null ? StringHashes.fastBucket(t, bins) : StringHashes.strongBucket(t, bins, salt[0], salt[1]);
            idx[i] = masked ? h + 1 : h;
        }
        return Encoding.encode(x.shape(), idx, mode, numBins, null);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Hashing");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Encoding.refuseSparse(spec);
            int numBins = c.requireInt("num_bins");
            if (numBins < 1) throw new ModelFormatException(spec.where() + ": num_bins should be positive, found " + numBins);
            Object mv = c.get("mask_value");
            Object mask = null;
            if (mv instanceof Number n) mask = n.doubleValue();
            else if (mv instanceof String str) mask = str;
            else if (mv != null) throw new ModelFormatException(spec.where() + ": mask_value should be a number or a string, found " + mv);
            Encoding.Mode mode = Encoding.mode(spec, "int", Encoding.Mode.INT, Encoding.Mode.ONE_HOT, Encoding.Mode.MULTI_HOT,
                    Encoding.Mode.COUNT);
            if (mode == Encoding.Mode.INT && numBins > Encoding.MAX_EXACT_INDEX) {
                throw new UnsupportedFeatureException(spec.where() + ": num_bins=" + numBins + " gives bin indices above "
                        + "2^24, which jkeras's float32 tensors cannot hold exactly; at most " + Encoding.MAX_EXACT_INDEX + " bins are supported");
            }
            boolean truncates = spec.writer() == null || !spec.writer().isLegacy();
            Hashing h = new Hashing(spec, numBins, mask, salt(spec, c.get("salt")), mode, truncates);
            h.outputShape(ctx.inputShape());
            return h;
        }
    }

    /** The salt as Keras stores it: null, an int (used twice) or a list of two ints (uint64 keys). */
    static long[] salt(LayerSpec spec, Object s) {
        if (s == null) return null;
        if (s instanceof Number n) return new long[] {key(spec, n), key(spec, n)};
        if (s instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            return new long[] {key(spec, a), key(spec, b)};
        }
        throw new ModelFormatException(spec.where() + ": config key 'salt' should be an integer or a list of two integers, found " + s);
    }

    private static long key(LayerSpec spec, Number n) {
        if (n instanceof java.math.BigInteger b) return b.longValue();
        if (n instanceof Double || n instanceof Float) {
            throw new ModelFormatException(spec.where() + ": salt values should be integers, found " + n);
        }
        return n.longValue();
    }
}
