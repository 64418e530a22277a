// IntegerLookup: integer tokens to vocabulary indices (or back, invert=True), then output_mode. Indices: mask
// (int mode only) 0, OOV buckets next (floormod, or FarmHash/SipHash of the decimal text with oov_method
// "farmhash"), vocabulary after. The vocabulary is in the config, or (adapted layers) in the .keras asset
// vocabulary.txt, with tf_idf weights in vars/idf_weights. Inputs are truncated to int64 as Keras casts them.
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
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keras {@code IntegerLookup}. */
public final class IntegerLookup extends UnaryLayer {
    private final LayerSpec spec;
    private final Encoding.Mode mode;
    private final boolean invert;
    /** token -> index (invert=False) or index -> token (invert=True). */
    private final Map<Long, Long> table;
    private final Long maskToken;
    private final long oovToken;
    private final int numOov;
    private final int oovStart;
    private final boolean farmhash;
    private final long[] salt;
    private final int depth;
    private final float[] idf;
    private final long params;

    private IntegerLookup(LayerSpec spec, Encoding.Mode mode, boolean invert, Map<Long, Long> table, Long maskToken, long oovToken,
            int numOov, int oovStart, boolean farmhash, long[] salt, int depth, float[] idf, long params) {
        super(spec);
        this.spec = spec;
        this.mode = mode;
        this.invert = invert;
        this.table = table;
        this.maskToken = maskToken;
        this.oovToken = oovToken;
        this.numOov = numOov;
        this.oovStart = oovStart;
        this.farmhash = farmhash;
        this.salt = salt;
        this.depth = depth;
        this.idf = idf;
        this.params = params;
    }

    /** tf.keras counts the scalar num_documents variable of a tf_idf layer built without a vocabulary. */
    @Override
    public long paramCount() {
        return params;
    }

    @Override
    public Shape outputShape(Shape in) {
        return Encoding.outputShape(spec, in, mode, depth);
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        float[] v = x.data();
        if (invert) {
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                long k = token(v[i], i);
                Long t = table.get(k);
                out[i] = maskToken != null && k == 0 ? maskToken : t != null ? t : oovToken;
            }
            return Tensor.of(x.shape(), out);
        }
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            long k = token(v[i], i);
            Long hit = table.get(k);
            if (maskToken != null && k == maskToken) {
                idx[i] = mode == Encoding.Mode.INT ? 0 : Encoding.DROPPED;
            } else if (hit != null) {
                idx[i] = (int) (long) hit;
            } else if (numOov == 0) {
                throw new InputException("layer '" + name() + "' (IntegerLookup): with num_oov_indices=0 all inputs must be in the vocabulary, "
                        + "found " + k + " at flat index " + i);
            } else if (numOov == 1) {
                idx[i] = oovStart;
            } else {
                int b;
                if (!farmhash) b = (int) Math.floorMod(k, (long) numOov);
                else if (salt == null) b = StringHashes.fastBucket(k, numOov);
                else b = StringHashes.strongBucket(k, numOov, salt[0], salt[1]);
                idx[i] = oovStart + b;
            }
        }
        return Encoding.encode(x.shape(), idx, mode, depth, idf);
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
            boolean invert = c.getBool("invert", false);
            if (invert && mode != Encoding.Mode.INT) {
                throw new ModelFormatException(spec.where() + ": invert=True needs output_mode \"int\", found \"" + mode.keras() + "\"");
            }
            int numOov = c.getInt("num_oov_indices", 1);
            if (numOov < 0) throw new ModelFormatException(spec.where() + ": num_oov_indices should be >= 0, found " + numOov);
            Long mask = c.has("mask_token") ? longValue(spec, "mask_token", c.get("mask_token")) : null;
            Object oovRaw = c.get("oov_token");
            long oov = oovRaw == null ? -1 : longValue(spec, "oov_token", oovRaw);
            String oovMethod = c.getString("oov_method", "floormod");
            if (!oovMethod.equals("floormod") && !oovMethod.equals("farmhash")) {
                throw new ModelFormatException(spec.where() + ": oov_method should be \"floormod\" or \"farmhash\", found \"" + oovMethod + "\"");
            }
            long[] salt = Hashing.salt(spec, c.get("salt"));
            int oovStart = mask != null && mode == Encoding.Mode.INT ? 1 : 0;
            int tokenStart = oovStart + numOov;

            List<Long> vocab = configVocabulary(spec);
            boolean fromAsset = false;
            if (vocab == null) {
                byte[] asset = spec.weights().asset("vocabulary.txt");
                if (asset == null) {
                    throw new UnsupportedFeatureException(spec.where() + ": the layer's vocabulary is not in this file: it was set by adapt() "
                            + "(or from a file), and only a .keras archive stores it (assets/.../vocabulary.txt). Load the .keras file.");
                }
                vocab = assetVocabulary(spec, asset);
                fromAsset = true;
            }
            List<Long> special = new ArrayList<>();
            for (int i = 0; i < oovStart; i++) special.add(mask);
            for (int i = 0; i < numOov; i++) special.add(oov);
            boolean foundSpecial = vocab.size() >= tokenStart && vocab.subList(0, tokenStart).equals(special);
            List<Long> tokens = foundSpecial ? vocab.subList(tokenStart, vocab.size()) : vocab;
            if (tokens.isEmpty() && !fromAsset) throw new ModelFormatException(spec.where() + ": the vocabulary is empty");
            Set<Long> seen = new HashSet<>();
            for (Long t : tokens) {
                if (!seen.add(t)) throw new ModelFormatException(spec.where() + ": the vocabulary repeats the token " + t);
                if (mask != null && t.equals(mask)) {
                    throw new ModelFormatException(spec.where() + ": the mask token " + mask + " appears inside the vocabulary");
                }
            }
            Map<Long, Long> table = new HashMap<>();
            for (int i = 0; i < tokens.size(); i++) {
                long index = tokenStart + i;
                if (invert) table.put(index, tokens.get(i));
                else table.put(tokens.get(i), index);
            }
            int vocabSize = tokenStart + tokens.size();
            boolean padToMax = c.getBool("pad_to_max_tokens", false);
            int depth = vocabSize;
            if (mode != Encoding.Mode.INT && padToMax) {
                depth = c.requireInt("max_tokens");
                if (depth < vocabSize) {
                    throw new ModelFormatException(spec.where() + ": max_tokens " + depth + " is smaller than the vocabulary size " + vocabSize);
                }
            }
            float[] idf = mode == Encoding.Mode.TF_IDF ? idfWeights(spec, ctx, tokens.size(), tokenStart, foundSpecial, depth) : null;
            long params = mode == Encoding.Mode.TF_IDF && fromAsset && spec.writer() != null && spec.writer().isLegacy() ? 1 : 0;
            IntegerLookup l = new IntegerLookup(spec, mode, invert, table, mask, oov, numOov, oovStart, oovMethod.equals("farmhash"), salt,
                    depth, idf, params);
            l.outputShape(ctx.inputShape());
            return l;
        }

        /** The config's vocabulary list, or null; a string (a file path at save time) is refused. */
        private static List<Long> configVocabulary(LayerSpec spec) {
            Object v = spec.config().get("vocabulary");
            if (v == null) return null;
            if (v instanceof String s) {
                throw new UnsupportedFeatureException(spec.where() + ": the vocabulary is a path to a file (\"" + s + "\") that is not part of "
                        + "the model; save the model as .keras, which embeds the vocabulary");
            }
            List<Object> l = spec.config().getList("vocabulary");
            List<Long> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(longValue(spec, "vocabulary", o));
            return out;
        }

        private static List<Long> assetVocabulary(LayerSpec spec, byte[] asset) {
            List<String> lines = new ArrayList<>(List.of(new String(asset, StandardCharsets.UTF_8).split("\r\n|\n|\r", -1)));
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
            List<Long> out = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                try {
                    out.add(Long.parseLong(lines.get(i).trim()));
                } catch (NumberFormatException e) {
                    throw new ModelFormatException(spec.where() + ": line " + (i + 1) + " of its vocabulary.txt asset should be an integer, "
                            + "found \"" + lines.get(i) + "\"");
                }
            }
            return out;
        }

        /**
         * tf_idf weights per output index. From the config: the given weights, front-padded with their
         * mean for the OOV indices when the vocabulary had no special tokens, back-padded with zeros up
         * to max_tokens. Otherwise (adapted) the stored vars/idf_weights.
         */
        private static float[] idfWeights(LayerSpec spec, BuildContext ctx, int nTokens, int tokenStart, boolean foundSpecial, int depth) {
            List<Object> w = spec.config().getList("idf_weights");
            if (w == null) return ctx.weights(WeightDecl.fixed("idf_weights", depth)).get(0).data();
            int front = foundSpecial ? 0 : tokenStart;
            if (w.size() + front != tokenStart + nTokens) {
                throw new ModelFormatException(spec.where() + ": idf_weights has " + w.size() + " entries for a vocabulary of "
                        + (foundSpecial ? tokenStart + nTokens : nTokens));
            }
            double sum = 0;
            double[] vals = new double[w.size()];
            for (int i = 0; i < vals.length; i++) {
                if (!(w.get(i) instanceof Number n)) throw new ModelFormatException(spec.where() + ": idf_weights[" + i + "] is not a number");
                vals[i] = n.doubleValue();
                sum += vals[i];
            }
            float[] out = new float[depth];
            float mean = (float) (sum / vals.length);
            for (int i = 0; i < front; i++) out[i] = mean;
            for (int i = 0; i < vals.length; i++) out[front + i] = (float) vals[i];
            return out;
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
