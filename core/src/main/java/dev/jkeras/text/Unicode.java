// Unicode as KerasHub's TensorFlow ops see it: RE2's character classes and ICU's NFKC_Casefold, read from
// tables generated from TensorFlow itself (testdata/keras_hub_tokenizers.py --unicode), so that results do
// not depend on the JVM's Unicode version; only NFD/NFC use the JVM (java.text.Normalizer), guarded below.
package dev.jkeras.text;

import dev.jkeras.error.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Internal: character classes, case folding and accent stripping with TensorFlow's semantics. */
final class Unicode {
    /** RE2's {@code \p{...}} classes that KerasHub's patterns use, and {@code Norm} (see {@link #requireNormalizable}). */
    enum Class { L, M, Mn, N, P, Cc, Cf, Norm }

    private Unicode() {}

    /** True if RE2 puts {@code cp} in {@code c}. */
    static boolean is(Class c, int cp) {
        int[] r = Tables.CLASSES.get(c);
        int lo = 0;
        int hi = r.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < r[2 * mid]) hi = mid - 1;
            else if (cp > r[2 * mid + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /** RE2's {@code \s}: ASCII whitespace only, and not the vertical tab. */
    static boolean isRe2Space(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f';
    }

    /**
     * {@code tensorflow_text.case_fold_utf8}: ICU's NFKC_Casefold. Each code point is mapped by the table
     * ICU's own results were read into (default ignorables map to nothing), then the result is composed.
     */
    static String caseFold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int k = Arrays.binarySearch(Tables.FOLD_FROM, cp);
            if (k < 0) {
                out.appendCodePoint(cp);
            } else {
                for (int j = Tables.FOLD_OFFSET[k]; j < Tables.FOLD_OFFSET[k + 1]; j++) out.appendCodePoint(Tables.FOLD_TO[j]);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /** KerasHub's strip_accents: NFD, then every RE2 {@code \p{Mn}} code point removed. */
    static String stripAccents(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            i += Character.charCount(cp);
            if (!is(Class.Mn, cp)) out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /**
     * Refuses text that the JVM cannot normalize as ICU does: a code point this JVM's Unicode tables do
     * not know (they are older than ICU's) that ICU decomposes, composes or reorders, or that RE2 calls a
     * letter, mark or number. Every other code point normalizes the same way in both.
     */
    static void requireNormalizable(String s, String who) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.UNASSIGNED
                    && (is(Class.Norm, cp) || is(Class.L, cp) || is(Class.M, cp) || is(Class.N, cp))) {
                throw new InputException(who + ": the text contains U+" + String.format("%04X", cp) + ", which this JVM's Unicode "
                        + "tables (Java " + Runtime.version().feature() + ") do not know, so it cannot be normalized exactly as KerasHub "
                        + "does (ICU); run on a newer JDK or remove the character");
            }
        }
    }

    /** The length of {@code s} in UTF-8 (well-formed text, see {@link #requireWellFormed}). */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }
        return n;
    }

    /** Refuses a lone surrogate, which has no UTF-8 form (KerasHub's strings are UTF-8). */
    static void requireWellFormed(String s, String who) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InputException(who + ": the text holds a lone surrogate (\\u" + String.format("%04X", (int) c) + " at index " + i
                        + "), which is not Unicode text and has no UTF-8 form");
            }
        }
    }

    /** The tables, read once on first use. */
    private static final class Tables {
        static final Map<Class, int[]> CLASSES = new EnumMap<>(Class.class);
        static final int[] FOLD_FROM;
        static final int[] FOLD_OFFSET;
        static final int[] FOLD_TO;

        static {
            Class current = null;
            List<int[]> ranges = new ArrayList<>();
            for (String line : lines("unicode-classes.txt")) {
                if (line.startsWith("<")) {
                    if (current != null) CLASSES.put(current, flatten(ranges));
                    current = Class.valueOf(line.substring(1, line.length() - 1));
                    ranges.clear();
                } else {
                    int dash = line.indexOf('-');
                    int a = Integer.parseInt(dash < 0 ? line : line.substring(0, dash), 16);
                    ranges.add(new int[] {a, dash < 0 ? a : Integer.parseInt(line.substring(dash + 1), 16)});
                }
            }
            if (current != null) CLASSES.put(current, flatten(ranges));
            for (Class c : Class.values()) {
                if (!CLASSES.containsKey(c)) throw new IllegalStateException("unicode-classes.txt has no <" + c + "> section");
            }

            List<Integer> from = new ArrayList<>();
            List<int[]> to = new ArrayList<>();
            for (String line : lines("nfkc-casefold.txt")) {
                String[] f = line.split(" ");
                String range = f[0];
                int stride = 1;
                int slash = range.indexOf('/');
                if (slash >= 0) {
                    stride = Integer.parseInt(range.substring(slash + 1));
                    range = range.substring(0, slash);
                }
                int dash = range.indexOf('-');
                int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash), 16);
                int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1), 16);
                for (int cp = first; cp <= last; cp += stride) {
                    from.add(cp);
                    if (f[1].equals("x")) {
                        to.add(new int[0]);
                    } else if (f[1].startsWith("+") || f[1].startsWith("-")) {
                        to.add(new int[] {cp + Integer.parseInt(f[1])});
                    } else {
                        int[] seq = new int[f.length - 1];
                        for (int j = 1; j < f.length; j++) seq[j - 1] = Integer.parseInt(f[j], 16);
                        to.add(seq);
                    }
                }
            }
            FOLD_FROM = new int[from.size()];
            FOLD_OFFSET = new int[from.size() + 1];
            int total = 0;
            for (int i = 0; i < from.size(); i++) {
                FOLD_FROM[i] = from.get(i);
                FOLD_OFFSET[i] = total;
                total += to.get(i).length;
            }
            FOLD_OFFSET[from.size()] = total;
            FOLD_TO = new int[total];
            for (int i = 0; i < to.size(); i++) System.arraycopy(to.get(i), 0, FOLD_TO, FOLD_OFFSET[i], to.get(i).length);
            for (int i = 1; i < FOLD_FROM.length; i++) {
                if (FOLD_FROM[i] <= FOLD_FROM[i - 1]) throw new IllegalStateException("nfkc-casefold.txt is not sorted at " + FOLD_FROM[i]);
            }
        }

        private static int[] flatten(List<int[]> ranges) {
            int[] r = new int[2 * ranges.size()];
            for (int i = 0; i < ranges.size(); i++) {
                r[2 * i] = ranges.get(i)[0];
                r[2 * i + 1] = ranges.get(i)[1];
            }
            return r;
        }

        private static List<String> lines(String resource) {
            try (InputStream in = Unicode.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("missing resource dev/jkeras/text/" + resource);
                List<String> out = new ArrayList<>();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isEmpty() && !line.startsWith("#")) out.add(line);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
