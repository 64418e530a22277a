// IntegerLookup: integer tokens to vocabulary indices (or back, invert=True), then output_mode. Indices: mask
// (int mode only) 0, OOV buckets next (floormod, or FarmHash/SipHash of the decimal text with oov_method
// "farmhash"), vocabulary after (IndexTable). The vocabulary is in the config, or (adapted layers) in the .keras
// asset vocabulary.txt, with tf_idf weights in vars/idf_weights. Inputs are truncated to int64 as Keras casts them.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.IntMath;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code IntegerLookup}. */
public final class IntegerLookup extends LookupLayer<Long> {
    private IntegerLookup(LayerSpec spec, IndexTable<Long> table) {
        super(spec, table);
    }

    /** Integer tokens only: Keras cannot cast strings to the int64 keys (StringLookup takes strings). */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if (in.contains(DType.STRING)) {
            throw new ModelFormatException(spec.where() + ": IntegerLookup takes integer tokens, but its input is a string tensor (Keras "
                    + "cannot cast strings to its int64 keys); use StringLookup for strings");
        }
        return List.of(table.invert() ? DType.INT64 : Encoding.lookupDType(spec, table.mode()));
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        float[] v = x.data();
        if (table.invert()) {
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) out[i] = IntMath.exact(table.token(token(v[i], i)), DType.INT64, spec.where());
            return Tensor.of(x.shape(), out);
        }
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = table.index(token(v[i], i), i);
        return encode(x.shape(), idx);
    }

    private long token(float f, int i) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            throw new InputException("layer '" + name() + "' (IntegerLookup): inputs must be integer tokens, found " + f + " at flat index " + i);
        }
        return (long) f;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("IntegerLookup");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Encoding.refuseSparse(spec);
            for (String old : List.of("max_values", "mask_value", "oov_value")) {
                if (c.asMap().containsKey(old)) {
                    throw new UnsupportedFeatureException(spec.where() + ": config key '" + old + "' is the TF 2.3-2.5 experimental "
                            + "IntegerLookup, whose token semantics differ; re-save the model with TF 2.6 or later (or Keras 3)");
                }
            }
            String vdt = c.getString("vocabulary_dtype", "int64");
            if (!vdt.equals("int64")) {
                throw new ModelFormatException(spec.where() + ": vocabulary_dtype should be \"int64\", found \"" + vdt + "\"");
            }
            Encoding.Mode mode = Encoding.mode(spec, "int", Encoding.Mode.values());
            Long mask = c.has("mask_token") ? longValue(spec, "mask_token", c.get("mask_token")) : null;
            Object oovRaw = c.get("oov_token");
            long oov = oovRaw == null ? -1 : longValue(spec, "oov_token", oovRaw);
            String oovMethod = c.getString("oov_method", "floormod");
            if (!oovMethod.equals("floormod") && !oovMethod.equals("farmhash")) {
                throw new ModelFormatException(spec.where() + ": oov_method should be \"floormod\" or \"farmhash\", found \"" + oovMethod + "\"");
            }
            long[] salt = Hashing.salt(spec, c.get("salt"));
            boolean farmhash = oovMethod.equals("farmhash");
            IndexTable.Tokens<Long> tokens = new IndexTable.Tokens<>() {
                @Override
                public Long fromConfig(LayerSpec s, String key, Object value) {
                    return longValue(s, key, value);
                }

                @Override
                public Long fromLine(LayerSpec s, int lineNo, String line) {
                    try {
                        return Long.parseLong(line.trim());
                    } catch (NumberFormatException e) {
                        throw new ModelFormatException(s.where() + ": line " + lineNo + " of its vocabulary.txt asset should be an integer, "
                                + "found \"" + line + "\"");
                    }
                }

                @Override
                public int oovBucket(Long k, int numOov) {
                    if (!farmhash) return (int) Math.floorMod(k, (long) numOov);
                    return salt == null ? StringHashes.fastBucket(k, numOov) : StringHashes.strongBucket(k, numOov, salt[0], salt[1]);
                }
            };
            IndexTable<Long> table = IndexTable.build(spec, ctx, options(c, mode, c.getBool("invert", false), mask, oov, c.getInt("num_oov_indices", 1)),
                    tokens);
            IntegerLookup l = new IntegerLookup(spec, table);
            l.outputShape(ctx.inputShape());
            return l;
        }

        private static long longValue(LayerSpec spec, String key, Object o) {
            if (o instanceof Number n && (n instanceof Integer || n instanceof Long || n instanceof java.math.BigInteger
                    || n.doubleValue() == Math.rint(n.doubleValue()))) {
                return n.longValue();
            }
            throw new ModelFormatException(spec.where() + ": config key '" + key + "' should hold integer tokens (string tokens are "
                    + "StringLookup's), found " + o);
        }
    }
}
