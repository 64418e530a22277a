// The vocabulary lookup of IntegerLookup, StringLookup and TextVectorization (Keras's IndexLookup). Indices:
// the mask token 0 (int mode only), the OOV indices next, the vocabulary after. The vocabulary is in the
// config (special tokens at its start are recognised) or, adapted, in the .keras asset vocabulary.txt, read
// the way the writer's Keras reads it back; tf_idf weights come from the config or vars/idf_weights.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WeightSource;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Internal: one built vocabulary table, for tokens of type {@code K} (Long or String). */
final class IndexTable<K> {
    /** How one token type is read from a config or an asset line, and how its OOV tokens are bucketed. */
    interface Tokens<K> {
        /** A config value (vocabulary entry, mask or OOV token) as a token, or a format error naming {@code key}. */
        K fromConfig(LayerSpec spec, String key, Object value);

        /** Line {@code lineNo} (1-based) of the vocabulary.txt asset as a token. */
        K fromLine(LayerSpec spec, int lineNo, String line);

        /** The OOV bucket in [0, numOov) of a token outside the vocabulary (only when numOov > 1). */
        int oovBucket(K token, int numOov);
    }

    /**
     * The layer options that shape the table.
     *
     * @param mode      the output mode
     * @param invert    index -> token instead of token -> index
     * @param mask      the mask token, or null
     * @param oov       the OOV token (what invert returns for unknown indices)
     * @param numOov    number of OOV indices
     * @param padToMax  pad multi_hot/count/tf_idf outputs to maxTokens
     * @param maxTokens max_tokens, or null
     */
    record Options<K>(Encoding.Mode mode, boolean invert, K mask, K oov, int numOov, boolean padToMax, Integer maxTokens) {}

    private final String who;
    private final Options<K> opt;
    private final Tokens<K> tokens;
    private final int oovStart;
    private final Map<K, Integer> indexOf;
    private final List<K> vocabulary;
    private final int tokenStart;
    private final int depth;
    private final float[] idf;
    private final boolean fromAsset;

    private IndexTable(String who, Options<K> opt, Tokens<K> tokens, int oovStart, Map<K, Integer> indexOf, List<K> vocabulary, int depth,
                       float[] idf, boolean fromAsset) {
        this.who = who;
        this.opt = opt;
        this.tokens = tokens;
        this.oovStart = oovStart;
        this.indexOf = indexOf;
        this.vocabulary = vocabulary;
        this.tokenStart = oovStart + opt.numOov;
        this.depth = depth;
        this.idf = idf;
        this.fromAsset = fromAsset;
    }

    Encoding.Mode mode() {
        return opt.mode;
    }

    boolean invert() {
        return opt.invert;
    }

    /** The size of the encoded axis: the vocabulary size with its special tokens, or max_tokens if padded. */
    int depth() {
        return depth;
    }

    /** The per-index tf_idf weights (tf_idf mode), else null. */
    float[] idf() {
        return idf;
    }

    /** True if the vocabulary came from the .keras asset (the layer was adapted). */
    boolean fromAsset() {
        return fromAsset;
    }

    /**
     * The output index of {@code token}: its vocabulary index; the mask token's 0 (int mode) or
     * {@link Encoding#DROPPED}; else an OOV index. {@code flat} locates the token for an error.
     */
    int index(K token, int flat) {
        if (opt.mask != null && opt.mask.equals(token)) return opt.mode == Encoding.Mode.INT ? 0 : Encoding.DROPPED;
        Integer hit = indexOf.get(token);
        if (hit != null) return hit;
        if (opt.numOov == 0) {
            throw new InputException(who + ": with num_oov_indices=0 all inputs must be in the vocabulary, found " + show(token)
                    + " at flat index " + flat);
        }
        return opt.numOov == 1 ? oovStart : oovStart + tokens.oovBucket(token, opt.numOov);
    }

    /** The token of output index {@code i} (invert=True): the mask token at 0 if there is one, the OOV token off the vocabulary. */
    K token(long i) {
        if (opt.mask != null && i == 0) return opt.mask;
        long v = i - tokenStart;
        return v >= 0 && v < vocabulary.size() ? vocabulary.get((int) v) : opt.oov;
    }

    private static String show(Object token) {
        return token instanceof String s ? "\"" + s + "\"" : String.valueOf(token);
    }

    /**
     * Reads the vocabulary of {@code spec} (config {@code vocabulary}, else the {@code vocabulary.txt} asset)
     * and builds the table. {@code who} names the layer in run-time errors.
     */
    static <K> IndexTable<K> build(LayerSpec spec, BuildContext ctx, Options<K> opt, Tokens<K> tokens) {
        if (opt.numOov < 0) throw new ModelFormatException(spec.where() + ": num_oov_indices should be >= 0, found " + opt.numOov);
        if (opt.invert && opt.mode != Encoding.Mode.INT) {
            throw new ModelFormatException(spec.where() + ": invert=True needs output_mode \"int\", found \"" + opt.mode.keras() + "\"");
        }
        int oovStart = opt.mask != null && opt.mode == Encoding.Mode.INT ? 1 : 0;
        int tokenStart = oovStart + opt.numOov;

        List<K> vocab = configVocabulary(spec, tokens);
        boolean fromAsset = false;
        if (vocab == null) {
            byte[] asset = spec.weights().asset("vocabulary.txt");
            if (asset == null) {
                throw new UnsupportedFeatureException(spec.where() + ": the layer's vocabulary is not in this file: it was set by adapt() "
                        + "(or from a file), and only a .keras archive stores it (assets/.../vocabulary.txt). Load the .keras file.");
            }
            vocab = assetVocabulary(spec, asset, tokens);
            fromAsset = true;
        }
        List<K> special = new ArrayList<>();
        for (int i = 0; i < oovStart; i++) special.add(opt.mask);
        for (int i = 0; i < opt.numOov; i++) special.add(opt.oov);
        boolean foundSpecial = vocab.size() >= tokenStart && vocab.subList(0, tokenStart).equals(special);
        List<K> words = List.copyOf(foundSpecial ? vocab.subList(tokenStart, vocab.size()) : vocab);
        if (words.isEmpty() && !fromAsset) throw new ModelFormatException(spec.where() + ": the vocabulary is empty");
        Set<K> seen = new HashSet<>();
        for (K t : words) {
            if (!seen.add(t)) throw new ModelFormatException(spec.where() + ": the vocabulary repeats the token " + show(t));
            if (Objects.equals(t, opt.mask)) {
                throw new ModelFormatException(spec.where() + ": the mask token " + show(t) + " appears inside the vocabulary");
            }
            if (opt.invert && Objects.equals(t, opt.oov)) {
                throw new ModelFormatException(spec.where() + ": the OOV token " + show(t) + " appears inside the vocabulary of an "
                        + "invert=True layer");
            }
        }
        Map<K, Integer> indexOf = new HashMap<>();
        if (!opt.invert) for (int i = 0; i < words.size(); i++) indexOf.put(words.get(i), tokenStart + i);
        int vocabSize = tokenStart + words.size();
        if (opt.maxTokens != null && vocabSize > opt.maxTokens) {
            throw new ModelFormatException(spec.where() + ": the vocabulary has " + vocabSize + " entries (special tokens included), more than "
                    + "max_tokens " + opt.maxTokens);
        }
        int depth = vocabSize;
        if (opt.mode != Encoding.Mode.INT && opt.padToMax) {
            if (opt.maxTokens == null) throw new ModelFormatException(spec.where() + ": pad_to_max_tokens=True needs max_tokens");
            depth = opt.maxTokens;
        }
        float[] idf = opt.mode == Encoding.Mode.TF_IDF ? idfWeights(spec, ctx, words.size(), tokenStart, foundSpecial, depth) : null;
        String who = "layer '" + spec.name() + "' (" + spec.className() + ")";
        return new IndexTable<>(who, opt, tokens, oovStart, indexOf, opt.invert ? words : List.of(), depth, idf, fromAsset);
    }

    /** The config's vocabulary list, or null; a string (a file path at save time) is refused. */
    private static <K> List<K> configVocabulary(LayerSpec spec, Tokens<K> tokens) {
        Object v = spec.config().get("vocabulary");
        if (v == null) return null;
        if (v instanceof String s) {
            throw new UnsupportedFeatureException(spec.where() + ": the vocabulary is a path to a file (\"" + s + "\") that is not part of "
                    + "the model; save the model as .keras, which embeds the vocabulary");
        }
        List<Object> l = spec.config().getList("vocabulary");
        List<K> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(tokens.fromConfig(spec, "vocabulary", o));
        return out;
    }

    /**
     * The lines of a vocabulary.txt asset as the writer's Keras reads them back: UTF-8 text with universal
     * newlines; Keras 3 splits with Python's {@code str.splitlines()} (also at \v \f \x1c-\x1e \x85 \u2028
     * \u2029) and drops trailing empty lines, tf.keras splits at '\n' only.
     */
    static List<String> assetLines(LayerSpec spec, byte[] asset) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(asset)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(spec.where() + ": its vocabulary.txt asset is not UTF-8 text");
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        boolean keras3 = spec.writer() == null || !spec.writer().isLegacy();
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean brk = c == '\n' || keras3 && (c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x85
                    || c == 0x2028 || c == 0x2029);
            if (brk) {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (!keras3 || start < text.length()) lines.add(text.substring(start));
        if (keras3) while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        return lines;
    }

    private static <K> List<K> assetVocabulary(LayerSpec spec, byte[] asset, Tokens<K> tokens) {
        List<String> lines = assetLines(spec, asset);
        List<K> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) out.add(tokens.fromLine(spec, i + 1, lines.get(i)));
        return out;
    }

    /**
     * tf_idf weights per output index. From the config: the given weights, front-padded with their
     * mean for the OOV indices when the vocabulary had no special tokens, back-padded with zeros up
     * to max_tokens; tf.keras also tracks that padded array as a variable and stores it, so for its files
     * the layer declares it too (checking count and shape) and keeps the config's values. Otherwise
     * (adapted) the stored vars/idf_weights.
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
        if (spec.writer() != null && spec.writer().isLegacy() && spec.weights() != WeightSource.NONE) {
            ctx.weights(WeightDecl.fixed("idf_weights", depth));
        }
        return out;
    }
}
