// KerasHub's WordPieceTokenizer (BertTokenizer, DistilBertTokenizer) on its TensorFlow path: CJK characters
// spaced out, NFD + accent marks removed, split on whitespace/control/punctuation/CJK (RE2 classes, text after
// a NUL dropped as tf_text.regex_split does), NFKC_Casefold per word, then greedy longest-match WordPiece.
package dev.jkeras.text;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** KerasHub's {@code WordPieceTokenizer} and its subclasses ({@code BertTokenizer}, {@code DistilBertTokenizer}). */
public final class WordPieceTokenizer implements Tokenizer {
    /** {@code tf_text.FastWordpieceTokenizer}'s default: a longer word (in UTF-8 bytes) is the unknown token. */
    public static final int MAX_BYTES_PER_WORD = 100;

    /**
     * The tokenizer's settings, named as in KerasHub's config.
     *
     * @param lowercase       case-fold each word (ICU NFKC_Casefold), except special tokens
     * @param stripAccents    NFD, then drop nonspacing marks, before splitting
     * @param splitOnCjk      split around CJK ideographs (KerasHub does not save this; it is true after a reload)
     * @param suffixIndicator the prefix of word pieces that continue a word ({@code "##"})
     * @param oovToken        the token of words that cannot be split into vocabulary entries
     * @param specialTokens   tokens kept whole and matched in the text before any other split (KerasHub's
     *                        special tokens when {@code special_tokens_in_strings} is on, else empty)
     * @param sequenceLength  the tokenizer's own output length (pad with 0 / truncate), or 0 for none
     */
    public record Options(boolean lowercase, boolean stripAccents, boolean splitOnCjk, String suffixIndicator, String oovToken,
                          List<String> specialTokens, int sequenceLength) {
        public Options {
            Objects.requireNonNull(suffixIndicator, "suffixIndicator");
            Objects.requireNonNull(oovToken, "oovToken");
            specialTokens = List.copyOf(specialTokens);
            if (sequenceLength < 0) throw new IllegalArgumentException("sequenceLength must be >= 0, got " + sequenceLength);
        }

        /** KerasHub's defaults: no lowercasing or accent stripping, CJK split, "##", "[UNK]", no special tokens. */
        public static Options defaults() {
            return new Options(false, false, true, "##", "[UNK]", List.of(), 0);
        }
    }

    private final String name;
    private final List<String> vocabulary;
    private final Map<String, Integer> ids;
    private final Options options;
    private final int oovId;
    private final int maxTokenChars;

    /**
     * @param name       the layer name and class, for messages
     * @param vocabulary the vocabulary in id order (the lines of KerasHub's {@code vocabulary.txt})
     * @throws ModelFormatException         if the vocabulary lacks the oov token or repeats an entry (KerasHub
     *                                      cannot load such a vocabulary either)
     * @throws UnsupportedFeatureException  if one special token starts another: KerasHub tries them in an
     *                                      order that changes from one Python process to the next
     */
    public WordPieceTokenizer(String name, List<String> vocabulary, Options options) {
        this.name = Objects.requireNonNull(name, "name");
        this.vocabulary = List.copyOf(vocabulary);
        this.options = Objects.requireNonNull(options, "options");
        this.ids = new HashMap<>(vocabulary.size() * 2);
        int longest = 0;
        for (int i = 0; i < this.vocabulary.size(); i++) {
            String t = this.vocabulary.get(i);
            if (t.isEmpty()) continue;
            if (ids.putIfAbsent(t, i) != null) {
                throw new ModelFormatException(name + ": the vocabulary has the token '" + t + "' twice (ids " + ids.get(t) + " and " + i
                        + "); tf_text.FastWordpieceTokenizer requires unique tokens");
            }
            longest = Math.max(longest, t.length());
        }
        this.maxTokenChars = longest;
        Integer oov = ids.get(options.oovToken());
        if (oov == null) {
            throw new ModelFormatException(name + ": the vocabulary does not contain the oov_token '" + options.oovToken() + "'");
        }
        this.oovId = oov;
        for (String a : options.specialTokens()) {
            if (a.isEmpty()) throw new ModelFormatException(name + ": a special token is the empty string");
            for (String b : options.specialTokens()) {
                if (!a.equals(b) && b.startsWith(a)) {
                    throw new UnsupportedFeatureException(name + ": special_tokens_in_strings with the special token '" + a
                            + "' a prefix of '" + b + "' is not supported: KerasHub matches them in an order that differs between "
                            + "Python processes; supported: special tokens none of which starts another");
                }
            }
        }
    }

    /** The settings this tokenizer was built with. */
    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] tokenize(String text) {
        return Packing.ids(this, tokens(text), options.sequenceLength());
    }

    @Override
    public List<String> tokens(String text) {
        Objects.requireNonNull(text, "text");
        Unicode.requireWellFormed(text, name);
        if (options.lowercase() || options.stripAccents()) Unicode.requireNormalizable(text, name);
        List<String> out = new ArrayList<>();
        for (String word : words(text)) wordPiece(word, out);
        return out;
    }

    /** KerasHub's pretokenize(): the words WordPiece sees, in order. */
    List<String> words(String text) {
        int nul = text.indexOf('\0');
        if (nul >= 0) text = text.substring(0, nul);
        if (options.splitOnCjk()) text = spaceOutCjk(text);
        if (options.stripAccents()) text = Unicode.stripAccents(text);
        List<String> words = new ArrayList<>();
        List<Boolean> special = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            String s = specialAt(text, i);
            if (s != null) {
                flush(word, words, special);
                words.add(s);
                special.add(true);
                i += s.length();
                continue;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Unicode.isRe2Space(cp) || Unicode.is(Unicode.Class.Cc, cp) || Unicode.is(Unicode.Class.Cf, cp)) {
                flush(word, words, special);
            } else if (isPunctuation(cp) || (options.splitOnCjk() && isCjk(cp))) {
                flush(word, words, special);
                words.add(new String(Character.toChars(cp)));
                special.add(false);
            } else {
                word.appendCodePoint(cp);
            }
        }
        flush(word, words, special);
        if (options.lowercase()) {
            for (int i = 0; i < words.size(); i++) {
                if (!special.get(i)) words.set(i, Unicode.caseFold(words.get(i)));
            }
        }
        return words;
    }

    private String specialAt(String text, int i) {
        for (String s : options.specialTokens()) {
            if (text.startsWith(s, i)) return s;
        }
        return null;
    }

    private static void flush(StringBuilder word, List<String> words, List<Boolean> special) {
        if (word.length() > 0) {
            words.add(word.toString());
            special.add(false);
            word.setLength(0);
        }
    }

    /** Greedy longest-match-first, as tf_text.FastWordpieceTokenizer: the whole word is oov if any part fails. */
    private void wordPiece(String word, List<String> out) {
        if (word.isEmpty()) return;
        if (Unicode.utf8Length(word) > MAX_BYTES_PER_WORD) {
            out.add(options.oovToken());
            return;
        }
        int mark = out.size();
        String suffix = options.suffixIndicator();
        for (int start = 0; start < word.length(); ) {
            int end = Math.min(word.length(), start + maxTokenChars);
            if (end < word.length() && Character.isLowSurrogate(word.charAt(end))) end--;
            String match = null;
            while (end > start) {
                String piece = start == 0 ? word.substring(start, end) : suffix + word.substring(start, end);
                if (ids.containsKey(piece)) {
                    match = piece;
                    break;
                }
                end--;
                if (end > start && Character.isLowSurrogate(word.charAt(end))) end--;
            }
            if (match == null) {
                out.subList(mark, out.size()).clear();
                out.add(options.oovToken());
                return;
            }
            out.add(match);
            start = end;
        }
    }

    /** KerasHub's punctuation: ASCII non-letters/digits and RE2's {@code \p{P}}. */
    static boolean isPunctuation(int cp) {
        return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~')
                || Unicode.is(Unicode.Class.P, cp);
    }

    /** The CJK blocks of KerasHub's CJK_REGEX (those of Google's original BERT). */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** {@code regex_replace(text, CJK_REGEX, " \0 ")}, done before the accents are stripped. */
    private static String spaceOutCjk(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (isCjk(cp)) {
                if (out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
                out.append(' ').appendCodePoint(cp).append(' ');
            } else if (out != null) {
                out.append(text, i, i + n);
            }
            i += n;
        }
        return out == null ? text : out.toString();
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < vocabulary.size() ? vocabulary.get(id) : null;
    }

    @Override
    public String toString() {
        return "WordPieceTokenizer[" + name + ", " + vocabulary.size() + " tokens]";
    }
}
