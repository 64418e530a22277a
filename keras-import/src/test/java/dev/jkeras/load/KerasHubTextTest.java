// KerasHub's tokenizers against the ids KerasHub 0.32.0 itself computed for the committed
// multilingual corpus (testdata/keras-hub-text, made by testdata/keras_hub_tokenizers.py), token for token.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.load.config.Json;
import dev.jkeras.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KerasHubTextTest {
    static final Path DIR = root().resolve("keras-hub-text");

    static Stream<String> configs() {
        return Stream.of("bert_uncased", "bert_cased", "distil_bert", "gpt2", "gpt2_prefix", "roberta");
    }

    @ParameterizedTest
    @MethodSource("configs")
    void tokenizerMatchesKerasHubOnTheCorpus(String config) throws IOException {
        Tokenizer t = TextModels.loadTokenizer(DIR.resolve(config));
        List<String> corpus = strings(DIR.resolve("corpus.json"));
        List<List<Integer>> want = intRows(expected(config).get("tokens"));
        assertEquals(corpus.size(), want.size());
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            int[] got = t.tokenize(corpus.get(i));
            if (!Arrays.equals(got, toArray(want.get(i)))) {
                bad.add("#" + i + " " + quote(corpus.get(i)) + "\n    KerasHub " + want.get(i) + "\n    jkeras   "
                        + Arrays.toString(got) + "\n    tokens   " + t.tokens(corpus.get(i)));
            }
        }
        if (!bad.isEmpty()) fail(config + ": " + bad.size() + " of " + corpus.size() + " texts differ\n" + String.join("\n", bad));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata/keras-hub-text"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no testdata/keras-hub-text above " + Path.of("").toAbsolutePath());
        return p.resolve("testdata");
    }

    static Map<String, Object> expected(String config) throws IOException {
        return Json.parseObject(Files.readString(DIR.resolve(config).resolve("expected.json")), config + "/expected.json");
    }

    static List<String> strings(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (Object o : list(Json.parse(Files.readString(file), file.toString()))) out.add((String) o);
        return out;
    }

    static List<List<Integer>> intRows(Object rows) {
        List<List<Integer>> out = new ArrayList<>();
        for (Object r : list(rows)) {
            List<Integer> row = new ArrayList<>();
            for (Object v : list(r)) row.add(((Number) v).intValue());
            out.add(row);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(s.length(), 80); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > 80 ? "...\"" : "\"").toString();
    }

    static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
