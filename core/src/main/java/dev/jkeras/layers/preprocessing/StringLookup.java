// StringLookup: string tokens to vocabulary indices, or (invert=True) integer indices back to string tokens,
// then output_mode; tokens match as exact UTF-8 byte strings (no normalisation). OOV tokens go to
// to_hash_bucket_fast (FarmHash64) of their UTF-8 bytes, or _strong (SipHash) with a salt. `encoding` only
// changes how Keras's Python side decodes the vocabulary, not what the layer computes.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code StringLookup}. */
public final class StringLookup extends LookupLayer<String> {
    private StringLookup(LayerSpec spec, IndexTable<String> table) {
        super(spec, table);
    }

    /** Strings in, indices out; invert=True: indices in, strings out. */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if ((in.get(0) == DType.STRING) == table.invert()) {
            throw new ModelFormatException(spec.where() + ": " + (table.invert()
                    ? "with invert=True it maps integer indices to strings, but its input is a string tensor"
                    : "it maps strings to indices, but its input is a numeric tensor (Keras cannot cast numbers to its string keys)"));
        }
        return List.of(table.invert() ? DType.STRING : Encoding.lookupDType(spec, table.mode()));
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        if (table.invert()) {
            float[] v = x.data();
            String[] out = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                float f = v[i];
                if (!Float.isFinite(f)) {
                    throw new InputException("layer '" + name() + "' (StringLookup): invert=True takes integer indices, found " + f
                            + " at flat index " + i);
                }
                out[i] = table.token((long) f);
            }
            return Tensor.ofStrings(x.shape(), out);
        }
        String[] s = x.strings();
        int[] idx = new int[s.length];
        for (int i = 0; i < s.length; i++) idx[i] = table.index(s[i], i);
        return encode(x.shape(), idx);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("StringLookup");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Encoding.refuseSparse(spec);
            Encoding.Mode mode = Encoding.mode(spec, "int", Encoding.Mode.values());
            String mask = c.has("mask_token") ? string(spec, "mask_token", c.get("mask_token")) : null;
            String oov = c.has("oov_token") ? string(spec, "oov_token", c.get("oov_token")) : "[UNK]";
            IndexTable<String> table = IndexTable.build(spec, ctx, options(c, mode, c.getBool("invert", false), mask, oov, c.getInt("num_oov_indices", 1)),
                    tokens(Hashing.salt(spec, c.get("salt"))));
            StringLookup l = new StringLookup(spec, table);
            l.outputShape(ctx.inputShape());
            return l;
        }
    }

    /** String tokens: config strings, asset lines as they are, OOV buckets by FarmHash64 or (salt) SipHash of the UTF-8 bytes. */
    static IndexTable.Tokens<String> tokens(long[] salt) {
        return new IndexTable.Tokens<>() {
            @Override
            public String fromConfig(LayerSpec spec, String key, Object value) {
                return string(spec, key, value);
            }

            @Override
            public String fromLine(LayerSpec spec, int lineNo, String line) {
                return line;
            }

            @Override
            public int oovBucket(String token, int numOov) {
                return salt == null ? StringHashes.fastBucket(token, numOov) : StringHashes.strongBucket(token, numOov, salt[0], salt[1]);
            }
        };
    }

    private static String string(LayerSpec spec, String key, Object o) {
        if (o instanceof String s) return s;
        throw new ModelFormatException(spec.where() + ": config key '" + key + "' should hold string tokens (integer tokens are "
                + "IntegerLookup's), found " + o);
    }
}
