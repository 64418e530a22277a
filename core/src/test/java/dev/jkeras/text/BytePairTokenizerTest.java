// Byte-level BPE details the corpus cannot reach with a trained vocabulary: the merge order on a hand-made
// merge list, unknown pieces (-1), the tokenizer's own sequence_length, and very long words staying fast.
package dev.jkeras.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jkeras.error.ModelFormatException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BytePairTokenizerTest {
    // KerasHub's docstring example: merges "b u", "t t", "e r", "bu tt", "butt er", "f l", "fl y".
    static final List<String> MERGES = List.of("b u", "t t", "e r", "bu tt", "butt er", "f l", "fl y");

    static Map<String, Integer> vocab() {
        Map<String, Integer> v = new LinkedHashMap<>();
        for (String t : List.of("b", "bu", "butt", "butter", "e", "er", "f", "fl", "fly", "l", "r", "t", "tt", "u", "y")) v.put(t, v.size());
        return v;
    }

    @Test
    void kerasHubDocstringExample() {
        BytePairTokenizer t = new BytePairTokenizer("t", vocab(), MERGES, new BytePairTokenizer.Options(false, List.of(), 0));
        assertEquals(List.of("butter", "fly"), t.tokens("butterfly"));
        assertArrayEquals(new int[] {3, 8}, t.tokenize("butterfly"));
        BytePairTokenizer padded = new BytePairTokenizer("t", vocab(), MERGES, new BytePairTokenizer.Options(false, List.of(), 2));
        assertArrayEquals(new int[] {3, 0}, padded.tokenize("butter"));
        assertArrayEquals(new int[] {3, 8}, padded.tokenize("butterfly butterfly"), "truncated to sequence_length");
    }

    @Test
    void piecesMissingFromTheVocabularyAreMinusOne() {
        BytePairTokenizer t = new BytePairTokenizer("t", vocab(), MERGES, new BytePairTokenizer.Options(false, List.of(), 0));
        assertEquals(List.of("butter", "Ġ", "x"), t.tokens("butter x"));
        assertArrayEquals(new int[] {3, -1, -1}, t.tokenize("butter x"));
    }

    @Test
    void longWordsMergeInNLogN() {
        Map<String, Integer> v = new LinkedHashMap<>();
        v.put("a", 0);
        v.put("aa", 1);
        v.put("aaaa", 2);
        BytePairTokenizer t = new BytePairTokenizer("t", v, List.of("a a", "aa aa"), new BytePairTokenizer.Options(false, List.of(), 0));
        assertEquals(List.of("aaaa", "aa", "a"), t.tokens("aaaaaaa"));
        String huge = "a".repeat(400_001);
        int[] ids = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> t.tokenize(huge));
        assertEquals(100_001, ids.length);
        Map<String, Integer> spaces = new LinkedHashMap<>();
        spaces.put("\u0120", 0);
        spaces.put("x", 1);
        spaces.put("\u010a", 2);
        BytePairTokenizer s = new BytePairTokenizer("s", spaces, List.of(), new BytePairTokenizer.Options(false, List.of(), 0));
        String blanks = " ".repeat(1_000_000) + "\n" + " ".repeat(1_000_000) + "x";
        assertEquals(2_000_002, assertTimeoutPreemptively(Duration.ofSeconds(20), () -> s.tokenize(blanks)).length);
    }

    @Test
    void malformedFilesAreRefusedLikeKerasHubRefusesThem() {
        BytePairTokenizer.Options o = new BytePairTokenizer.Options(false, List.of(), 0);
        assertThrows(ModelFormatException.class, () -> new BytePairTokenizer("t", vocab(), List.of("b u", "b u"), o));
        assertThrows(ModelFormatException.class, () -> new BytePairTokenizer("t", vocab(), List.of("b q"), o));
        assertThrows(ModelFormatException.class, () -> new BytePairTokenizer("t", vocab(), List.of("b u t"), o));
        Map<String, Integer> dup = new LinkedHashMap<>(vocab());
        dup.put("zz", 0);
        assertThrows(ModelFormatException.class, () -> new BytePairTokenizer("t", dup, MERGES, o));
        new BytePairTokenizer("t", vocab(), List.of("#version: 0.2", "b u"), o);
    }
}
