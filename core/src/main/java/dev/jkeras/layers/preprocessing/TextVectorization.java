// TextVectorization: standardize (tf.strings.lower is ASCII-only; punctuation = the 32 ASCII punctuation
// characters), split (ASCII whitespace runs, or Unicode code points), ngrams (each width in the given order,
// joined by " "), then a StringLookup with mask "" and OOV "[UNK]" (IndexTable). int output pads each sample
// with 0 to output_sequence_length (or to the longest sample in the batch) and truncates; the other modes
// encode each sample's tokens. Callable standardize/split and ragged=True are refused.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code TextVectorization}. */
public final class TextVectorization extends LookupLayer<String> {
    private final boolean lower;
    private final boolean stripPunctuation;
    private final String split;
    private final int[] ngrams;
    private final Integer sequenceLength;

    private TextVectorization(LayerSpec spec, boolean lower, boolean stripPunctuation, String split, int[] ngrams,
                              IndexTable<String> table, Integer sequenceLength) {
        super(spec, table);
        this.lower = lower;
        this.stripPunctuation = stripPunctuation;
        this.split = split;
        this.ngrams = ngrams;
        this.sequenceLength = sequenceLength;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (split != null) {
            if (in.rank() < 1 || in.rank() > 2 || in.rank() == 2 && in.dim(1) != 1) {
                throw shapeError("(batch,) or (batch, 1) strings to split", in);
            }
            if (table.mode() == Encoding.Mode.INT) {
                return Shape.of(in.dim(0), sequenceLength != null ? sequenceLength : Shape.UNKNOWN);
            }
            return Shape.of(in.dim(0), table.depth());
        }
        if (table == null) return in;
        if (table.mode() == Encoding.Mode.INT) return sequenceLength != null ? in.with(-1, sequenceLength) : in;
        return super.outputShape(in);
    }

    /** Strings in; strings out for tf.keras's output_mode=None, indices or encodings otherwise. */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if (in.get(0) != DType.STRING) {
            throw new ModelFormatException(spec.where() + ": TextVectorization takes strings, but its input is a numeric tensor");
        }
        return List.of(table == null ? DType.STRING : Encoding.lookupDType(spec, table.mode()));
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        String[] text = x.strings();
        if (split == null) {
            String[] std = new String[text.length];
            for (int i = 0; i < text.length; i++) std[i] = standardize(text[i]);
            if (table == null) return Tensor.ofStrings(x.shape(), std);
            int[] idx = new int[std.length];
            for (int i = 0; i < std.length; i++) idx[i] = table.index(std[i], i);
            if (table.mode() != Encoding.Mode.INT) return encode(x.shape(), idx);
            return sequenceLength == null ? Encoding.encode(x.shape(), idx, Encoding.Mode.INT, 0, null)
                    : padLastAxis(idx, x.shape());
        }
        int rows = text.length;
        int[] rowStart = new int[rows + 1];
        List<int[]> perRow = new ArrayList<>(rows);
        int total = 0, longest = 0;
        for (int r = 0; r < rows; r++) {
            List<String> tokens = ngrams(tokens(standardize(text[r])));
            int[] idx = new int[tokens.size()];
            for (int k = 0; k < idx.length; k++) idx[k] = table.index(tokens.get(k), r);
            perRow.add(idx);
            total += idx.length;
            longest = Math.max(longest, idx.length);
            rowStart[r + 1] = total;
        }
        if (table.mode() == Encoding.Mode.INT) {
            int len = sequenceLength != null ? sequenceLength : longest;
            float[] out = new float[rows * len];
            for (int r = 0; r < rows; r++) {
                int[] idx = perRow.get(r);
                for (int k = 0; k < Math.min(len, idx.length); k++) out[r * len + k] = idx[k];
            }
            return Tensor.of(Shape.of(rows, len), out);
        }
        int[] flat = new int[total];
        for (int r = 0; r < rows; r++) System.arraycopy(perRow.get(r), 0, flat, rowStart[r], perRow.get(r).length);
        return Encoding.encodeRows(flat, rowStart, table.mode(), table.depth(), table.idf());
    }

    /** int indices of an unsplit input, its last axis cut or zero-padded to output_sequence_length. */
    private Tensor padLastAxis(int[] idx, Shape in) {
        int len = sequenceLength, per = in.dim(-1), rows = idx.length / per;
        float[] out = new float[rows * len];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < Math.min(len, per); k++) out[r * len + k] = idx[r * per + k];
        }
        return Tensor.of(in.with(-1, len), out);
    }

    private String standardize(String s) {
        if (!lower && !stripPunctuation) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (stripPunctuation && isAsciiPunctuation(c)) continue;
            b.append(lower && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }

    /** The class Keras strips: {@code [!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']}, every ASCII punctuation character. */
    private static boolean isAsciiPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }

    private List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        if (split.equals("character")) {
            for (int i = 0; i < s.length(); ) {
                int n = Character.charCount(s.codePointAt(i));
                out.add(s.substring(i, i + n));
                i += n;
            }
            return out;
        }
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isAsciiSpace(s.charAt(i))) i++;
            int start = i;
            while (i < s.length() && !isAsciiSpace(s.charAt(i))) i++;
            if (i > start) out.add(s.substring(start, i));
        }
        return out;
    }

    /** tf.strings.split's whitespace: space, \t, \n, \v, \f, \r (not NBSP or other Unicode spaces). */
    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    private List<String> ngrams(List<String> tokens) {
        if (ngrams == null) return tokens;
        List<String> out = new ArrayList<>();
        for (int w : ngrams) {
            for (int start = 0; start + w <= tokens.size(); start++) out.add(String.join(" ", tokens.subList(start, start + w)));
        }
        return out;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("TextVectorization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Encoding.refuseSparse(spec);
            if (c.getBool("ragged", false)) {
                throw new UnsupportedFeatureException(spec.where() + ": ragged=True (ragged tensor output) is not supported; jkeras "
                        + "tensors are dense. Re-save the layer with ragged=False and an output_sequence_length.");
            }
            // an absent key takes Keras's default; an explicit null is None
            Object std = c.asMap().containsKey("standardize") ? c.get("standardize") : "lower_and_strip_punctuation";
            if (std != null && !(std instanceof String)
                    || std instanceof String s && !List.of("lower_and_strip_punctuation", "lower", "strip_punctuation").contains(s)) {
                throw new UnsupportedFeatureException(spec.where() + ": standardize=" + describe(std) + " (a custom function) is not "
                        + "supported: jkeras never runs code from a model file. Supported: \"lower_and_strip_punctuation\", \"lower\", "
                        + "\"strip_punctuation\", None.");
            }
            Object split = c.asMap().containsKey("split") ? c.get("split") : "whitespace";
            if (split != null && !(split instanceof String) || split instanceof String s && !List.of("whitespace", "character").contains(s)) {
                throw new UnsupportedFeatureException(spec.where() + ": split=" + describe(split) + " (a custom function) is not "
                        + "supported: jkeras never runs code from a model file. Supported: \"whitespace\", \"character\", None.");
            }
            int[] ngrams = ngrams(spec, c.get("ngrams"));
            if (ngrams != null && split == null) {
                throw new UnsupportedFeatureException(spec.where() + ": ngrams with split=None (n-grams across the last axis of the "
                        + "unsplit input) are not supported; supported: ngrams with split \"whitespace\" or \"character\"");
            }
            boolean noLookup = c.get("output_mode") == null && c.asMap().containsKey("output_mode");
            Encoding.Mode mode = noLookup ? Encoding.Mode.INT : Encoding.mode(spec, "int", Encoding.Mode.values());
            if (noLookup && split != null) {
                throw new UnsupportedFeatureException(spec.where() + ": output_mode=None with split=" + describe(split) + " returns "
                        + "ragged string tokens, which jkeras's dense tensors cannot hold; supported with split=None");
            }
            if (mode == Encoding.Mode.ONE_HOT && split != null) {
                throw new UnsupportedFeatureException(spec.where() + ": output_mode \"one_hot\" of split tokens is not supported "
                        + "(Keras one-hot encodes ragged tokens); supported with split=None");
            }
            Integer seqLen = c.has("output_sequence_length") ? c.requireInt("output_sequence_length") : null;
            if (seqLen != null && seqLen < 0) throw new ModelFormatException(spec.where() + ": output_sequence_length should be >= 0, found " + seqLen);
            if (seqLen != null && mode != Encoding.Mode.INT) {
                throw new ModelFormatException(spec.where() + ": output_sequence_length is only valid with output_mode \"int\"");
            }
            if (seqLen != null && split == null && ctx.inputShape().rank() < 2) {
                throw new UnsupportedFeatureException(spec.where() + ": output_sequence_length with split=None on a rank-1 input "
                        + ctx.inputShape() + " (Keras would cut the batch axis) is not supported; give the input shape (batch, 1)");
            }
            IndexTable<String> table = noLookup ? null : IndexTable.build(spec, ctx, options(c, mode, false, "", "[UNK]", 1),
                    StringLookup.tokens(null));
            TextVectorization l = new TextVectorization(spec, std != null && ((String) std).startsWith("lower"),
                    std != null && ((String) std).endsWith("strip_punctuation"), (String) split, ngrams, table, seqLen);
            l.outputShape(ctx.inputShape());
            return l;
        }

        /** null (no n-grams), an int n (widths 1..n) or a list of widths. */
        private static int[] ngrams(LayerSpec spec, Object v) {
            if (v == null) return null;
            int[] w;
            Integer n = dev.jkeras.layer.Config.asInt(v);
            if (n != null) {
                if (n < 1) throw new ModelFormatException(spec.where() + ": config key 'ngrams' should be >= 1, found " + v);
                w = new int[n];
                for (int i = 0; i < w.length; i++) w[i] = i + 1;
            } else if (v instanceof List<?> l) {
                w = new int[l.size()];
                for (int i = 0; i < w.length; i++) {
                    Integer x = dev.jkeras.layer.Config.asInt(l.get(i));
                    if (x == null) {
                        throw new ModelFormatException(spec.where() + ": config key 'ngrams' should be an integer or a list of integers, found " + v);
                    }
                    w[i] = x;
                }
            } else {
                throw new ModelFormatException(spec.where() + ": config key 'ngrams' should be an integer or a list of integers, found " + v);
            }
            for (int x : w) {
                if (x < 1) throw new ModelFormatException(spec.where() + ": ngram widths should be >= 1, found " + v);
            }
            return w;
        }

        private static String describe(Object v) {
            return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
        }
    }
}
