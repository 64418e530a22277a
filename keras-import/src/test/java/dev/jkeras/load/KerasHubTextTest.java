// KerasHub's tokenizers and preprocessors against the ids KerasHub 0.32.0 itself computed for the committed
// multilingual corpus (testdata/keras-hub-text, made by testdata/keras_hub_tokenizers.py), token for token.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.load.config.Json;
import dev.jkeras.load.text.KerasHubText;
import dev.jkeras.tensor.Tensor;
import dev.jkeras.text.TextModel;
import dev.jkeras.text.TextPreprocessor;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KerasHubTextTest {
    static final Path DIR = root().resolve("keras-hub-text");

    static Stream<String> configs() {
        return Stream.of("bert_uncased", "bert_cased", "distil_bert", "gpt2", "gpt2_prefix", "roberta");
    }

    static Stream<String> tasks() {
        return configs().filter(c -> Files.isRegularFile(DIR.resolve("task_" + c + ".keras")));
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

    /** A tokenizer with its own sequence_length: KerasHub's TensorFlow path pads with 0 (even RoBERTa's) and truncates. */
    @ParameterizedTest
    @MethodSource("configs")
    void tokenizerSequenceLengthPadsWithZero(String config) throws IOException {
        Path dir = DIR.resolve(config);
        Map<String, Object> json = Json.parseObject(Files.readString(dir.resolve("tokenizer.json")), "tokenizer.json");
        map(json.get("config")).put("sequence_length", 6);
        Tokenizer t = KerasHubText.tokenizer(json, f -> {
            try {
                return Files.readAllBytes(dir.resolve("assets/tokenizer").resolve(f));
            } catch (IOException e) {
                return null;
            }
        }, config);
        List<String> corpus = strings(DIR.resolve("corpus.json"));
        List<List<Integer>> want = intRows(expected(config).get("tokens"));
        for (int i = 0; i < corpus.size(); i++) {
            assertEquals(Arrays.toString(Arrays.copyOf(toArray(want.get(i)), 6)), Arrays.toString(t.tokenize(corpus.get(i))), config + " #" + i);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void preprocessorMatchesKerasHubOnTheCorpus(String config) throws IOException {
        TextPreprocessor p = TextModels.loadPreprocessor(DIR.resolve(config));
        Map<String, Object> e = expected(config);
        assertSame(config + " corpus", e.get("preprocessed"), p.apply(strings(DIR.resolve("corpus.json"))));
        if (e.containsKey("pairs")) {
            List<List<String>> pairs = new ArrayList<>();
            for (Object o : list(Json.parse(Files.readString(DIR.resolve("pairs.json")), "pairs.json"))) {
                pairs.add(List.of((String) list(o).get(0), (String) list(o).get(1)));
            }
            assertSame(config + " pairs", e.get("pairs"), p.applySegments(pairs));
        }
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void preprocessorOfAKerasArchiveIsTheSame(String config) throws IOException {
        TextPreprocessor p = TextModels.loadPreprocessor(DIR.resolve("task_" + config + ".keras"));
        assertSame(config + " from task_" + config + ".keras", expected(config).get("preprocessed"), p.apply(strings(DIR.resolve("corpus.json"))));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void standInModelTakesTheTextLikeKeras(String config) throws IOException {
        TextModel m = TextModels.load(DIR.resolve("standin_" + config + ".keras"), DIR.resolve(config));
        List<String> examples = strings(DIR.resolve("examples.json"));
        Tensor want = Npy.readNpz(DIR.resolve("standin_" + config + ".npz")).get("out_0");
        Tensor got = m.predict(examples).values().iterator().next();
        assertClose(config, want, got);
    }

    /** The KerasHub task itself, text in, logits out; runs once the KerasHub model classes load. */
    @ParameterizedTest
    @MethodSource("tasks")
    void taskModelFromText(String config) throws IOException {
        Path file = DIR.resolve("task_" + config + ".keras");
        TextModel m = new TextModel(KerasModels.load(file), TextModels.loadPreprocessor(file));
        Tensor want = Npy.readNpz(DIR.resolve("task_" + config + ".npz")).get("out_0");
        List<String> examples = strings(DIR.resolve("examples.json")).subList(0, want.shape().dim(0));
        assertClose(config, want, m.predict(examples).values().iterator().next());
    }

    /** The KerasHub task fixtures (testdata/fixtures/hub_*): raw text through the saved preprocessor and the model. */
    static Stream<Arguments> hubTextTasks() throws IOException {
        Path fixtures = root().resolve("fixtures");
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(fixtures)) {
            for (Path dir : s.filter(p -> p.getFileName().toString().startsWith("hub_")).sorted().toList()) {
                Path k3 = dir.resolve("keras3");
                Map<String, Object> manifest = Json.parseObject(Files.readString(k3.resolve("manifest.json")), "manifest.json");
                if (!(manifest.get("texts") instanceof List<?>)) continue;
                out.add(Arguments.of(dir.getFileName() + " .keras", k3.resolve("model.keras")));
                if (Files.isDirectory(k3.resolve("preset"))) out.add(Arguments.of(dir.getFileName() + " preset", k3.resolve("preset")));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hubTextTasks")
    void hubTaskFromText(String label, Path source) throws IOException {
        Path dir = source.getParent();
        Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
        List<String> texts = new ArrayList<>();
        for (Object t : (List<?>) manifest.get("texts")) texts.add((String) t);
        Map<String, Tensor> got = TextModels.load(source).predict(texts);
        Map<String, Tensor> want = Npy.readNpz(dir.resolve("outputs.npz"));
        assertEquals(want.keySet(), got.keySet(), label + ": outputs");
        for (String k : want.keySet()) assertClose(label + " " + k, want.get(k), got.get(k));
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

    /** Every output KerasHub made, id for id, and no other output. */
    static void assertSame(String what, Object expected, Map<String, Tensor> got) {
        Map<String, Object> want = map(expected);
        assertEquals(want.keySet(), got.keySet(), what + ": outputs");
        for (String k : want.keySet()) {
            List<List<Integer>> rows = intRows(want.get(k));
            Tensor t = got.get(k);
            assertEquals(List.of(rows.size(), rows.isEmpty() ? 0 : rows.get(0).size()), List.of(t.shape().dim(0), t.shape().dim(1)), what + " " + k + " shape");
            int n = t.shape().dim(1);
            List<String> bad = new ArrayList<>();
            for (int b = 0; b < rows.size(); b++) {
                int[] row = new int[n];
                for (int i = 0; i < n; i++) row[i] = (int) t.data()[b * n + i];
                if (!Arrays.equals(row, toArray(rows.get(b)))) bad.add("row " + b + ": KerasHub " + rows.get(b) + "\n        jkeras   " + Arrays.toString(row));
            }
            if (!bad.isEmpty()) fail(what + " " + k + ": " + bad.size() + " rows differ\n" + String.join("\n", bad));
        }
    }

    static void assertClose(String what, Tensor want, Tensor got) {
        assertEquals(want.shape(), got.shape(), what + " shape");
        double worst = 0;
        for (int i = 0; i < want.size(); i++) {
            double w = want.data()[i];
            double d = Math.abs(got.data()[i] - w);
            assertTrue(d <= 1e-5 + 1e-4 * Math.abs(w), what + ": output " + i + " is " + got.data()[i] + ", Keras " + w);
            worst = Math.max(worst, d);
        }
    }
}
