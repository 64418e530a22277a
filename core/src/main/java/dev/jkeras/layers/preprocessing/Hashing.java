// Hashing: integer tokens to bins, as tf.strings.to_hash_bucket_fast/strong of their decimal text (salt:
// SipHash keyed by the two salt ints); with mask_value, bin 0 is the mask and the rest shift by one. Then
// output_mode. Keras 3 casts float inputs to int64 (truncation) first; tf.keras hashes integer inputs only.
// String inputs cannot be represented in jkeras's float tensors and are never seen here.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Hashing}. */
public final class Hashing extends UnaryLayer {
    private final LayerSpec spec;
    private final int numBins;
    private final Double maskValue;
    private final long[] salt;
    private final Encoding.Mode mode;
    private final boolean truncates;

    private Hashing(LayerSpec spec, int numBins, Double maskValue, long[] salt, Encoding.Mode mode, boolean truncates) {
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

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        float[] v = x.data();
        int[] idx = new int[v.length];
        boolean masked = maskValue != null && numBins > 1;
        int bins = masked ? numBins - 1 : numBins;
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (masked && f == maskValue) {
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
            Double mask = null;
            if (mv != null) {
                if (!(mv instanceof Number n)) {
                    throw new ModelFormatException(spec.where() + ": mask_value should be an integer (string tokens cannot be represented "
                            + "in jkeras tensors), found " + mv);
                }
                mask = n.doubleValue();
            }
            Encoding.Mode mode = Encoding.mode(spec, "int", Encoding.Mode.INT, Encoding.Mode.ONE_HOT, Encoding.Mode.MULTI_HOT,
                    Encoding.Mode.COUNT);
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
