// The Unicode tables and the JVM's normalizer against ICU/RE2 as TensorFlow runs them, code point by code point:
// every code point this JVM knows must fold and lose its accents exactly as tensorflow_text does.
package dev.jkeras.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnicodeTest {
    @Test
    void caseFoldMatchesIcuForEveryCodePointTheJvmKnows() throws IOException {
        Map<Integer, String> icu = new HashMap<>();
        try (InputStream in = Unicode.class.getResourceAsStream("nfkc-casefold.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split(" ");
                String[] r = f[0].split("/");
                int stride = r.length > 1 ? Integer.parseInt(r[1]) : 1;
                String[] ends = r[0].split("-");
                int first = Integer.parseInt(ends[0], 16);
                int last = ends.length > 1 ? Integer.parseInt(ends[1], 16) : first;
                for (int cp = first; cp <= last; cp += stride) {
                    StringBuilder to = new StringBuilder();
                    if (f[1].startsWith("+") || f[1].startsWith("-")) to.appendCodePoint(cp + Integer.parseInt(f[1]));
                    else if (!f[1].equals("x")) for (int j = 1; j < f.length; j++) to.appendCodePoint(Integer.parseInt(f[j], 16));
                    icu.put(cp, to.toString());
                }
            }
        }
        assertEquals(10554, icu.size());
        List<String> bad = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) continue;
            String s = new String(Character.toChars(cp));
            String want = icu.getOrDefault(cp, s);
            if (!jvmKnows(s) || !jvmKnows(want)) continue;
            String got = Unicode.caseFold(s);
            if (!got.equals(want)) bad.add(String.format("U+%04X -> %s, ICU %s", cp, hex(got), hex(want)));
        }
        assertTrue(bad.isEmpty(), bad.size() + " code points fold differently: " + bad.subList(0, Math.min(20, bad.size())));
    }

    @Test
    void stripAccentsMatchesIcuAndRe2ForEveryCodePointTheJvmKnows() throws IOException {
        Map<Integer, String> icu = new HashMap<>();
        for (String line : Files.readAllLines(testdata().resolve("strip-accents.txt"))) {
            if (line.startsWith("#")) continue;
            String[] f = line.split(" ");
            StringBuilder to = new StringBuilder();
            for (int j = 1; j < f.length; j++) to.appendCodePoint(Integer.parseInt(f[j], 16));
            icu.put(Integer.parseInt(f[0], 16), to.toString());
        }
        List<String> bad = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if ((Character.isSurrogate((char) cp) && cp <= 0xFFFF) || (cp >= 0xAC00 && cp <= 0xD7A3)) continue;
            String s = new String(Character.toChars(cp));
            String want = icu.getOrDefault(cp, s);
            if (!jvmKnows(s) || !jvmKnows(want)) continue;
            String got = Unicode.stripAccents(s);
            if (!got.equals(want)) bad.add(String.format("U+%04X -> %s, ICU %s", cp, hex(got), hex(want)));
        }
        assertTrue(bad.isEmpty(), bad.size() + " code points lose accents differently: " + bad.subList(0, Math.min(20, bad.size())));
        assertEquals("\u1100\u1161\u11A8", Unicode.stripAccents("\uAC01"), "Hangul syllables decompose into jamo");
    }

    @Test
    void re2Classes() {
        assertTrue(Unicode.is(Unicode.Class.L, 'a'));
        assertTrue(Unicode.is(Unicode.Class.L, 0x4E00));
        assertTrue(Unicode.is(Unicode.Class.N, 0x096C));
        assertTrue(Unicode.is(Unicode.Class.P, 0x3002));
        assertTrue(Unicode.is(Unicode.Class.Mn, 0x0301));
        assertTrue(Unicode.is(Unicode.Class.Cf, 0x200D));
        assertTrue(Unicode.is(Unicode.Class.Cc, 0x0B));
        assertTrue(Unicode.is(Unicode.Class.L, 0x1DF00), "RE2 in TensorFlow 2.21 knows Unicode 15");
        assertFalse(Unicode.is(Unicode.Class.L, 0x1C89), "but not Unicode 16");
        assertFalse(Unicode.is(Unicode.Class.L, '$'));
        assertFalse(Unicode.isRe2Space(0x0B), "RE2's \\s has no vertical tab");
        assertFalse(Unicode.isRe2Space(0xA0));
    }

    @Test
    void textTheJvmCannotNormalizeIsRefused() {
        Unicode.requireNormalizable("Café 你好 \uD83E\uDEE9", "t");
        if (Character.getType(0x1DF00) == Character.UNASSIGNED) {
            InputException e = assertThrows(InputException.class, () -> Unicode.requireNormalizable("x\uD837\uDF00", "t"));
            assertTrue(e.getMessage().contains("U+1DF00"), e.getMessage());
        }
        assertThrows(InputException.class, () -> Unicode.requireWellFormed("a\uD800b", "t"));
    }

    private static boolean jvmKnows(String s) {
        return s.codePoints().allMatch(c -> Character.getType(c) != Character.UNASSIGNED);
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder("[");
        s.codePoints().forEach(c -> b.append(b.length() > 1 ? " " : "").append(String.format("%04X", c)));
        return b.append("]").toString();
    }

    static Path testdata() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata/keras-hub-text"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no testdata/keras-hub-text above " + Path.of("").toAbsolutePath());
        return p.resolve("testdata/keras-hub-text");
    }
}
