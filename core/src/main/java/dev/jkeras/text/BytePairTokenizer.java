// KerasHub's BytePairTokenizer (GPT2Tokenizer, RobertaTokenizer) on its TensorFlow path, step by step: the
// U+096C markers KerasHub inserts to emulate GPT-2's lookahead, unsplittable tokens swapped for "ĴA"-style
// stand-ins, the two RE2 split passes, marker removal, then byte-level BPE merging the lowest-ranked pair first.
package dev.jkeras.text;

import dev.jkeras.error.ModelFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/** KerasHub's {@code BytePairTokenizer} and its subclasses ({@code GPT2Tokenizer}, {@code RobertaTokenizer}). */
public final class BytePairTokenizer implements Tokenizer {
    /**
     * The tokenizer's settings, named as in KerasHub's config.
     *
     * @param addPrefixSpace     prepend a space to the text
     * @param unsplittableTokens tokens never split (the special tokens), in the config's order
     * @param sequenceLength     the tokenizer's own output length (pad with 0 / truncate), or 0 for none
     */
    public record Options(boolean addPrefixSpace, List<String> unsplittableTokens, int sequenceLength) {
        public Options {
            unsplittableTokens = List.copyOf(unsplittableTokens);
            if (sequenceLength < 0) throw new IllegalArgumentException("sequenceLength must be >= 0, got " + sequenceLength);
        }
    }

    /** The marker KerasHub inserts where GPT-2's regex would look ahead ("६", Devanagari digit six), and removes after splitting. */
    private static final char MARK = '\u096C';
    private static final String SPECIAL_SPACES = "\u00a0\u2009\u202f\u3000";
    /** GPT-2's byte-to-unicode table: printable bytes stand for themselves, the others for U+0100 onwards. */
    private static final String[] BYTE_CHARS = byteChars();

    private final String name;
    private final Map<String, Integer> vocabulary;
    private final Map<Integer, String> tokensById;
    private final Map<String, Integer> mergeRanks;
    private final Options options;
    private final List<String> alternates;
    private final Set<String> unsplittable;

    /**
     * @param name       the layer name and class, for messages
     * @param vocabulary token to id (KerasHub's {@code vocabulary.json})
     * @param merges     the merge rules in rank order, one {@code "a b"} per entry (the lines of
     *                   {@code merges.txt}; a {@code #version:} line is kept in the ranking, as KerasHub does)
     * @throws ModelFormatException if a merge is malformed or names a token the vocabulary lacks, or a token,
     *                              id or merge repeats (KerasHub cannot load such files either)
     */
    public BytePairTokenizer(String name, Map<String, Integer> vocabulary, List<String> merges, Options options) {
        this.name = Objects.requireNonNull(name, "name");
        this.options = Objects.requireNonNull(options, "options");
        this.vocabulary = new LinkedHashMap<>(vocabulary);
        this.tokensById = new HashMap<>(vocabulary.size() * 2);
        for (Map.Entry<String, Integer> e : vocabulary.entrySet()) {
            String before = tokensById.putIfAbsent(e.getValue(), e.getKey());
            if (before != null) {
                throw new ModelFormatException(name + ": the vocabulary gives id " + e.getValue() + " to both '" + before + "' and '"
                        + e.getKey() + "'; KerasHub's id lookup table refuses that");
            }
        }
        this.mergeRanks = new HashMap<>(merges.size() * 2);
        for (int rank = 0; rank < merges.size(); rank++) {
            String m = merges.get(rank);
            if (!m.stripLeading().contains("#version:")) {
                String[] ab = m.split(" ", -1);
                if (ab.length != 2) {
                    throw new ModelFormatException(name + ": merge rule " + (rank + 1) + " '" + m + "' is not two tokens separated by one space");
                }
                if (!vocabulary.containsKey(ab[0]) || !vocabulary.containsKey(ab[1])) {
                    throw new ModelFormatException(name + ": merge rule '" + m + "' contains token '" + ab[0] + "' or '" + ab[1]
                            + "' that is not in the vocabulary");
                }
            }
            if (mergeRanks.putIfAbsent(m, rank) != null) {
                throw new ModelFormatException(name + ": the merge rule '" + m + "' appears twice (ranks " + mergeRanks.get(m) + " and "
                        + rank + "); KerasHub's rank lookup table refuses that");
            }
        }
        this.alternates = new ArrayList<>();
        for (int i = 0; i < options.unsplittableTokens().size(); i++) {
            if (options.unsplittableTokens().get(i).isEmpty()) throw new ModelFormatException(name + ": an unsplittable token is empty");
            alternates.add(alternate(i));
        }
        this.unsplittable = new HashSet<>(options.unsplittableTokens());
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

    /**
     * {@inheritDoc} A piece the vocabulary lacks (possible with a vocabulary that misses a byte or a merge
     * result) has id -1 in {@link #tokenize}, as in KerasHub.
     */
    @Override
    public List<String> tokens(String text) {
        Objects.requireNonNull(text, "text");
        Unicode.requireWellFormed(text, name);
        List<String> out = new ArrayList<>();
        for (String word : words(text)) {
            if (unsplittable.contains(word)) {
                out.addAll(splitOnSpace(word));
            } else {
                merge(word, out);
            }
        }
        return out;
    }

    /** KerasHub's split_strings_for_bpe(): the words BPE sees, in order. */
    List<String> words(String text) {
        if (options.addPrefixSpace()) text = " " + text;
        text = markSpaces(text);
        int nul = text.indexOf('\0');
        if (nul >= 0) text = text.substring(0, nul);
        List<String> pieces = List.of(text);
        List<String> specials = options.unsplittableTokens();
        for (int t = 0; t < specials.size(); t++) {
            List<String> next = new ArrayList<>();
            for (String p : pieces) {
                for (String q : splitKeeping(p, specials.get(t))) next.add(q.replace(specials.get(t), alternates.get(t)));
            }
            pieces = next;
        }
        List<String> words = new ArrayList<>();
        for (String p : pieces) {
            for (String raw : firstPass(p)) {
                int last = raw.codePointBefore(raw.length());
                List<String> parts = isSecondPassEnd(last) && raw.length() > Character.charCount(last)
                        ? List.of(raw.substring(0, raw.length() - Character.charCount(last)), raw.substring(raw.length() - Character.charCount(last)))
                        : List.of(raw);
                for (String w : parts) {
                    for (int t = 0; t < specials.size(); t++) w = w.replace(alternates.get(t), specials.get(t));
                    if (!(w.length() == 1 && w.charAt(0) == MARK)) words.add(w);
                }
            }
        }
        return words;
    }

    /**
     * {@code regex_replace("( )([^\s<special spaces>])", "६\1\2")}, then
     * {@code regex_replace("(\s<special spaces>)$", "\1६")}: the second pattern lacks the brackets of a
     * character class, so it only adds a mark after a whitespace followed by exactly U+00A0 U+2009 U+202F U+3000.
     */
    private static String markSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            if (text.charAt(i) == ' ' && i + 1 < text.length()) {
                int next = text.codePointAt(i + 1);
                if (!Unicode.isRe2Space(next) && SPECIAL_SPACES.indexOf(next) < 0) {
                    out.append(MARK).append(' ').appendCodePoint(next);
                    i += 1 + Character.charCount(next);
                    continue;
                }
            }
            out.append(text.charAt(i));
            i++;
        }
        int n = out.length();
        if (n >= 5 && out.substring(n - 4).equals(SPECIAL_SPACES) && Unicode.isRe2Space(out.charAt(n - 5))) out.append(MARK);
        return out.toString();
    }

    /** {@code tf_text.regex_split(text, token, token)}: the text around each occurrence, and the occurrences, empty parts dropped. */
    private static List<String> splitKeeping(String text, String token) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int at; (at = text.indexOf(token, from)) >= 0; from = at + token.length()) {
            if (at > from) out.add(text.substring(from, at));
            out.add(token);
        }
        if (from < text.length()) out.add(text.substring(from));
        return out;
    }

    /**
     * {@code tf_text.regex_split} with SPLIT_PATTERN_1 as delimiter and kept delimiter:
     * {@code 's|'t|'re|'ve|'m|'ll|'d|[\s S]+[\n\r\t\f६ S]| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N} S]+}
     * (S: the special spaces), leftmost-first; the text between two matches is a word too.
     */
    private static List<String> firstPass(String text) {
        List<String> out = new ArrayList<>();
        int[] run = {-1, -1, -1};
        int pending = 0;
        for (int i = 0; i < text.length(); ) {
            int end = matchAt(text, i, run);
            if (end < 0) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            if (i > pending) out.add(text.substring(pending, i));
            out.add(text.substring(i, end));
            i = end;
            pending = end;
        }
        if (pending < text.length()) out.add(text.substring(pending));
        return out;
    }

    private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};

    /** The end of SPLIT_PATTERN_1's match starting at {@code i}, or -1; {@code run} caches the whitespace run around {@code i}. */
    private static int matchAt(String text, int i, int[] run) {
        for (String c : CONTRACTIONS) {
            if (text.startsWith(c, i)) return i + c.length();
        }
        int end = whitespaceRun(text, i, run);
        if (end >= 0) return end;
        for (int kind = 0; kind < 3; kind++) {
            int start = i;
            if (text.charAt(i) == ' ' && i + 1 < text.length() && inRun(kind, text.codePointAt(i + 1))) start = i + 1;
            int j = start;
            while (j < text.length()) {
                int cp = text.codePointAt(j);
                if (!inRun(kind, cp)) break;
                j += Character.charCount(cp);
            }
            if (j > start) return j;
        }
        return -1;
    }

    /**
     * {@code [\s S]+[\n\r\t\f६ S]} at {@code i}, backtracking as a regex engine does (the longest run of spaces
     * followed by a run-ending character); -1 if it does not match. {@code run} holds {start, end, last run-ending
     * position} of the maximal run last scanned, so a long run of spaces is scanned once, not once per position.
     */
    private static int whitespaceRun(String text, int i, int[] run) {
        if (!isRunSpace(text.charAt(i))) return -1;
        if (i < run[0] || i >= run[1]) {
            int j = i;
            int last = -1;
            while (j < text.length() && isRunSpace(text.charAt(j))) {
                if (endsRun(text.charAt(j))) last = j;
                j++;
            }
            run[0] = i;
            run[1] = j;
            run[2] = last;
        }
        int j = run[1];
        if (j < text.length() && endsRun(text.codePointAt(j))) return j + 1;
        return run[2] > i ? run[2] + 1 : -1;
    }

    private static boolean isRunSpace(int cp) {
        return Unicode.isRe2Space(cp) || SPECIAL_SPACES.indexOf(cp) >= 0;
    }

    private static boolean endsRun(int cp) {
        return cp == '\n' || cp == '\r' || cp == '\t' || cp == '\f' || cp == MARK || SPECIAL_SPACES.indexOf(cp) >= 0;
    }

    /** 0: {@code \p{L}}; 1: {@code \p{N}}; 2: {@code [^\s\p{L}\p{N} S]}. */
    private static boolean inRun(int kind, int cp) {
        return switch (kind) {
            case 0 -> Unicode.is(Unicode.Class.L, cp);
            case 1 -> Unicode.is(Unicode.Class.N, cp);
            default -> !isRunSpace(cp) && !Unicode.is(Unicode.Class.L, cp) && !Unicode.is(Unicode.Class.N, cp);
        };
    }

    /** SPLIT_PATTERN_2, {@code [ \t\r\f\v६ S]$}: a last character split off its word. */
    private static boolean isSecondPassEnd(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == 0x0B || cp == MARK || SPECIAL_SPACES.indexOf(cp) >= 0;
    }

    /** KerasHub's stand-in for the i-th unsplittable token: "Ĵ" and the decimal digits of i as letters A-J. */
    private static String alternate(int index) {
        StringBuilder s = new StringBuilder("\u0134");
        for (char d : Integer.toString(index).toCharArray()) s.append((char) ('A' + (d - '0')));
        return s.toString();
    }

    /** {@code tf.strings.split(s, sep=" ")}: empty parts kept. */
    private static List<String> splitOnSpace(String s) {
        return Arrays.asList(s.split(" ", -1));
    }

    /** Byte-level BPE of one word: repeatedly merge the adjacent pair of lowest rank, leftmost first. */
    private void merge(String word, List<String> out) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        String[] sym = new String[n];
        int[] next = new int[n];
        int[] prev = new int[n];
        int[] version = new int[n];
        for (int i = 0; i < n; i++) {
            sym[i] = BYTE_CHARS[bytes[i] & 0xFF];
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        // {rank, left, right, version of left, version of right}; a stale entry is skipped when polled.
        PriorityQueue<int[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        for (int i = 0; i + 1 < n; i++) offer(queue, sym, version, i, i + 1);
        while (!queue.isEmpty()) {
            int[] e = queue.poll();
            int l = e[1];
            int r = e[2];
            if (version[l] != e[3] || version[r] != e[4] || sym[l] == null || sym[r] == null || next[l] != r) continue;
            sym[l] = sym[l] + sym[r];
            sym[r] = null;
            version[l]++;
            next[l] = next[r];
            if (next[r] >= 0) prev[next[r]] = l;
            if (prev[l] >= 0) offer(queue, sym, version, prev[l], l);
            if (next[l] >= 0) offer(queue, sym, version, l, next[l]);
        }
        for (int i = 0; i >= 0 && i < n; i = next[i]) out.add(sym[i]);
    }

    private void offer(PriorityQueue<int[]> queue, String[] sym, int[] version, int l, int r) {
        Integer rank = mergeRanks.get(sym[l] + " " + sym[r]);
        if (rank != null) queue.add(new int[] {rank, l, r, version[l], version[r]});
    }

    private static String[] byteChars() {
        String[] table = new String[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = String.valueOf((char) (printable ? b : 256 + extra++));
        }
        return table;
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public int tokenToId(String token) {
        return vocabulary.getOrDefault(token, -1);
    }

    @Override
    public String idToToken(int id) {
        return tokensById.get(id);
    }

    @Override
    public String toString() {
        return "BytePairTokenizer[" + name + ", " + vocabulary.size() + " tokens, " + mergeRanks.size() + " merges]";
    }
}
