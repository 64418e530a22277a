package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkeras.cli.NpyIO.DType;
import dev.jkeras.layer.LayerRegistry;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end through picocli: the commands, their outputs against Keras's, and their errors. */
class CliTest {
    static final Path ROOT = repoRoot();
    static final Path EXAMPLES = ROOT.resolve("testdata/examples");
    static final Path FIXTURES = ROOT.resolve("testdata/fixtures");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(Object... args) {
        String[] s = new String[args.length];
        for (int i = 0; i < args.length; i++) s[i] = args[i].toString();
        return run(s);
    }

    /** The directory containing testdata/, found by walking up from the working directory. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata"))) return p;
        }
        throw new IllegalStateException("no testdata/ directory above " + Path.of("").toAbsolutePath());
    }

    static Path fixture(String name, String file) {
        Path p = FIXTURES.resolve(name).resolve("keras3").resolve(file);
        if (!Files.exists(p)) fail("missing fixture " + p + " (see testdata/README.md to regenerate)");
        return p;
    }

    static void assertClose(Tensor want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what + " shape");
        float[] w = want.data(), g = got.data();
        for (int i = 0; i < w.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(w[i]);
            if (!(Math.abs(g[i] - w[i]) <= tol)) fail(what + "[" + i + "]: want " + w[i] + ", got " + g[i]);
        }
    }

    static Tensor fromJson(JsonNode entry) {
        List<Integer> dims = new ArrayList<>();
        entry.get("shape").forEach(d -> dims.add(d.asInt()));
        List<Float> values = new ArrayList<>();
        flatten(entry.get("data"), values);
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i);
        return Tensor.of(Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()), v);
    }

    private static void flatten(JsonNode n, List<Float> out) {
        if (n.isArray()) n.forEach(c -> flatten(c, out));
        else out.add(n.floatValue());
    }

    /** An error run: the expected code, and exactly one line on stderr, prefixed, with no stack trace. */
    static void assertOneLineError(Result r, int code, String... mentions) {
        assertEquals(code, r.code, r.toString());
        assertTrue(r.err.startsWith("jkeras: "), r.toString());
        assertEquals(1, r.err.strip().lines().count(), "one line on stderr:\n" + r);
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.toString());
        for (String m : mentions) assertTrue(r.err.contains(m), "stderr should mention '" + m + "':\n" + r);
    }

    // ---------------------------------------------------------------- predict

    @Test
    void predictsTheShippedExampleLikeKeras() throws IOException {
        Path y = tmp.resolve("y.npy");
        Result r = run("predict", EXAMPLES.resolve("video_classifier.keras"), "-i", EXAMPLES.resolve("video_input.npy"), "-o", y);
        assertEquals(0, r.code, r.toString());
        assertEquals("", r.err);
        assertClose(NpyIO.readNpy(EXAMPLES.resolve("video_expected.npy")), NpyIO.readNpy(y), "probs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", ""})
    void printsJsonToStdout(String dash) throws IOException {
        List<String> args = new ArrayList<>(List.of("predict", EXAMPLES.resolve("video_classifier.keras").toString(),
                "-i", EXAMPLES.resolve("video_input.npy").toString()));
        if (!dash.isEmpty()) args.addAll(List.of("-o", dash));
        Result r = run(args.toArray(new String[0]));
        assertEquals(0, r.code, r.toString());
        JsonNode root = JSON.readTree(r.out);
        assertEquals(List.of("probs"), fieldNames(root));
        assertClose(NpyIO.readNpy(EXAMPLES.resolve("video_expected.npy")), fromJson(root.get("probs")), "probs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.keras", "model.h5"})
    void multiInputMultiOutputThroughNpz(String file) throws IOException {
        Path out = tmp.resolve("out.npz");
        Result r = run("predict", fixture("functional_multi", file), "-i", fixture("functional_multi", "inputs.npz"), "-o", out);
        assertEquals(0, r.code, r.toString());
        Map<String, Tensor> want = NpyIO.readNpz(fixture("functional_multi", "outputs.npz"));
        Map<String, Tensor> got = NpyIO.readNpz(out);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
        for (String k : want.keySet()) assertClose(want.get(k), got.get(k), k);
    }

    @Test
    void namedNpyInputsAndAJsonConfigWithWeights() throws IOException {
        Map<String, Tensor> in = NpyIO.readNpz(fixture("functional_multi", "inputs.npz"));
        List<String> args = new ArrayList<>(List.of("predict", fixture("functional_multi", "model.json").toString(),
                "--weights", fixture("functional_multi", "model.weights.h5").toString(), "-o", "-"));
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            Path p = tmp.resolve(e.getKey() + ".npy");
            NpyIO.writeNpy(p, e.getValue());
            args.addAll(List.of("-i", e.getKey() + "=" + p));
        }
        Result r = run(args.toArray(new String[0]));
        assertEquals(0, r.code, r.toString());
        JsonNode root = JSON.readTree(r.out);
        Map<String, Tensor> want = NpyIO.readNpz(fixture("functional_multi", "outputs.npz"));
        assertEquals(List.copyOf(want.keySet()), fieldNames(root));
        for (String k : want.keySet()) assertClose(want.get(k), fromJson(root.get(k)), k);
    }

    @Test
    void integerInputsFeedAnEmbedding() throws IOException {
        // the fixture's token ids are int32; also pass them as int64 .npy
        Tensor tokens = NpyIO.readNpz(fixture("embedding_lstm", "inputs.npz")).get("tokens");
        Path p = tmp.resolve("tokens.npy");
        try (OutputStream o = Files.newOutputStream(p)) {
            NpyIO.writeNpy(o, tokens, DType.INT64, ByteOrder.LITTLE_ENDIAN);
        }
        Tensor want = NpyIO.readNpz(fixture("embedding_lstm", "outputs.npz")).get("head");
        for (Path input : List.of(fixture("embedding_lstm", "inputs.npz"), p)) {
            Path y = tmp.resolve("head.npy");
            Result r = run("predict", fixture("embedding_lstm", "model.keras"), "-i", input, "-o", y);
            assertEquals(0, r.code, r.toString());
            assertClose(want, NpyIO.readNpy(y), "head");
        }
    }

    /** numpy's own bytes of one member of an .npz (np.savez stores each array as np.save writes it). */
    private Path npzMember(Path npz, String name) throws IOException {
        Path p = tmp.resolve(name + ".npy");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(npz.toFile()); java.io.InputStream in = z.getInputStream(z.getEntry(name + ".npy"))) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void textModelFromANpyOfStringsAndFromJson() throws IOException {
        Path model = fixture("str_text_classifier", "model.keras");
        Tensor want = NpyIO.readNpz(fixture("str_text_classifier", "outputs.npz")).get("probs");
        Path npy = npzMember(fixture("str_text_classifier", "inputs.npz"), "text");
        Tensor text = NpyIO.readNpy(npy);
        assertTrue(text.isString() && text.strings()[4].isEmpty() && text.strings()[2].contains("Ünïcode"), String.join("|", text.strings()));
        Path y = tmp.resolve("probs.npy");
        Result r = run("predict", model, "-i", npy, "-o", y);
        assertEquals(0, r.code, r.toString());
        assertClose(want, NpyIO.readNpy(y), "probs from .npy");

        List<List<String>> rows = new ArrayList<>();
        for (String s : text.strings()) rows.add(List.of(s));
        Path json = tmp.resolve("texts.json");
        Files.writeString(json, JSON.writeValueAsString(rows));
        r = run("predict", model, "-i", json, "-o", "-");
        assertEquals(0, r.code, r.toString());
        assertClose(want, fromJson(JSON.readTree(r.out).get("probs")), "probs from a JSON array");

        Files.writeString(json, JSON.writeValueAsString(Map.of("text", rows)));
        r = run("predict", model, "-i", json, "-o", y);
        assertEquals(0, r.code, r.toString());
        assertClose(want, NpyIO.readNpy(y), "probs from a JSON object");
    }

    @Test
    void stringOutputsAsNpzAndJson() throws IOException {
        Path model = fixture("str_lookup", "model.keras");
        Map<String, Tensor> want = NpyIO.readNpz(fixture("str_lookup", "outputs.npz"));
        Path out = tmp.resolve("out.npz");
        Result r = run("predict", model, "-i", fixture("str_lookup", "inputs.npz"), "-o", out);
        assertEquals(0, r.code, r.toString());
        Map<String, Tensor> got = NpyIO.readNpz(out);
        for (String k : List.of("sl_invert", "sl_invert_mask")) {
            assertTrue(got.get(k).isString(), k);
            assertEquals(want.get(k).shape(), got.get(k).shape(), k);
            assertEquals(List.of(want.get(k).strings()), List.of(got.get(k).strings()), k);
        }
        assertClose(want.get("sl_default"), got.get("sl_default"), "sl_default");
        r = run("predict", model, "-i", fixture("str_lookup", "inputs.npz"));
        assertEquals(0, r.code, r.toString());
        JsonNode inv = JSON.readTree(r.out).get("sl_invert");
        List<String> strings = new ArrayList<>();
        inv.get("data").forEach(row -> row.forEach(v -> strings.add(v.asText())));
        assertEquals(List.of(want.get("sl_invert").strings()), strings);
    }

    @Test
    void stringAndNumericInputsAreNotInterchangeable() throws IOException {
        Path x = tmp.resolve("x.npy");
        NpyIO.writeNpy(x, Tensor.zeros(2, 1));
        assertOneLineError(run("predict", fixture("str_text_classifier", "model.keras"), "-i", x), 2, "'text'", "takes strings");
        Path s = tmp.resolve("s.npy");
        String[] v = new String[2 * 4 * 16 * 16];
        java.util.Arrays.fill(v, "1");
        NpyIO.writeNpy(s, Tensor.ofStrings(Shape.of(2, 4, 16, 16, 1), v));
        assertOneLineError(run("predict", EXAMPLES.resolve("video_classifier.keras"), "-i", s), 2, "'frames'", "takes numbers");
        Path json = tmp.resolve("ragged.json");
        Files.writeString(json, "[[\"a\"], [\"b\", \"c\"]]");
        assertOneLineError(run("predict", fixture("str_text_classifier", "model.keras"), "-i", json), 2, "not rectangular");
    }

    // ---------------------------------------------------------------- summary

    @ParameterizedTest
    @ValueSource(strings = {"video_classifier", "functional_multi", "nested_models", "td_nested"})
    void summaryMatchesKerasManifest(String name) throws IOException {
        JsonNode manifest = JSON.readTree(fixture(name, "manifest.json").toFile());
        Result r = run("summary", fixture(name, "model.keras"));
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.startsWith("Model: \""), r.out);
        String total = String.format(java.util.Locale.ROOT, "%,d", manifest.get("count_params").asLong());
        assertTrue(r.out.contains("Total params: " + total + " ("), "want Total params: " + total + "\n" + r.out);
        for (JsonNode layer : manifest.get("summary")) {
            String label = layer.get("name").asText() + " (" + layer.get("class").asText() + ")";
            String row = r.out.lines().filter(l -> l.contains("│ " + label + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + label + "\n" + r.out));
            JsonNode shape = layer.get("output_shape");
            if (shape.size() > 0 && !shape.get(0).isArray()) {
                assertTrue(row.contains(pyShape(shape)), row + " should show " + pyShape(shape));
            }
            String params = String.format(java.util.Locale.ROOT, "%,d", layer.get("params").asLong());
            assertTrue(row.contains(" " + params + " │"), row + " should show " + params + " params");
        }
    }

    @Test
    void summaryShowsWrappedLayersIndented() {
        Result collapsed = run("summary", EXAMPLES.resolve("video_classifier.keras"));
        assertEquals(0, collapsed.code, collapsed.toString());
        assertFalse(collapsed.out.contains("└ "), "collapsed by default, as Keras:\n" + collapsed.out);
        Result r = run("summary", EXAMPLES.resolve("video_classifier.keras"), "--expand");
        assertEquals(0, r.code, r.toString());
        List<String> lines = r.out.lines().toList();
        int td = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("td_conv (TimeDistributed)")) td = i;
        assertTrue(td >= 0, r.out);
        String next = lines.get(td + 2); // skip the rule line
        assertTrue(next.matches("│    └ \\S+ \\(Conv2D\\) .*"), "wrapped Conv2D row after TimeDistributed:\n" + r.out);
    }

    @Test
    void summaryListsTheLayersOfNestedModelsIndented() {
        Result r = run("summary", fixture("nested_models", "model.keras"), "--expand");
        assertEquals(0, r.code, r.toString());
        List<String> rows = r.out.lines().filter(l -> l.startsWith("│")).toList();
        int seq = -1;
        for (int i = 0; i < rows.size(); i++) if (rows.get(i).startsWith("│ inner_seq (Sequential) ")) seq = i;
        assertTrue(seq >= 0, r.out);
        assertTrue(rows.get(seq + 1).startsWith("│    └ seq_dense_frozen (Dense) ") && rows.get(seq + 1).contains("(None, 4)"), r.out);
        assertTrue(rows.get(seq + 2).startsWith("│    └ seq_bn (BatchNormalization) "), r.out);
    }

    private static String pyShape(JsonNode dims) {
        List<String> s = new ArrayList<>();
        dims.forEach(d -> s.add(d.isNull() ? "None" : d.asText()));
        return "(" + String.join(", ", s) + (s.size() == 1 ? ",)" : ")");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    // ---------------------------------------------------------------- layers, help

    @Test
    void layersListsTheRegistry() {
        Result r = run("layers");
        assertEquals(0, r.code, r.toString());
        assertEquals(LayerRegistry.defaults().classNames(), r.out.lines().toList());
        assertTrue(r.out.lines().anyMatch("TimeDistributed"::equals), r.out);
        assertFalse(r.out.lines().anyMatch("Lambda"::equals), "Lambda is refused, not supported:\n" + r.out);
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("--help").code);
        assertEquals(0, run("predict", "--help").code);
        Result v = run("--version");
        assertEquals(0, v.code);
        assertTrue(v.out.startsWith("jkeras "), v.out);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void usageErrorsExit2WithOneLine() {
        assertOneLineError(run(), 2, "missing command");
        assertOneLineError(run("predict"), 2, "MODEL");
        assertOneLineError(run("predict", "m.keras", "--frobnicate"), 2, "--frobnicate");
        assertOneLineError(run("frobnicate"), 2);
        assertOneLineError(run("predict", EXAMPLES.resolve("video_classifier.keras"), "-i", "x.npy", "-o", "y.txt"), 2, "y.txt");
    }

    @Test
    void missingFilesExit2() {
        assertOneLineError(run("predict", tmp.resolve("nope.keras"), "-i", EXAMPLES.resolve("video_input.npy")), 2, "nope.keras");
        assertOneLineError(run("summary", tmp.resolve("nope.h5")), 2, "nope.h5");
        assertOneLineError(run("predict", EXAMPLES.resolve("video_classifier.keras"), "-i", tmp.resolve("nope.npy")), 2, "nope.npy");
        assertOneLineError(run("summary", fixture("functional_multi", "model.json"), "--weights", tmp.resolve("w.h5")), 2, "w.h5");
    }

    @Test
    void unreadableModelExits3() throws IOException {
        Path junk = tmp.resolve("junk.keras");
        Files.writeString(junk, "this is not a model");
        assertOneLineError(run("summary", junk), 3);
        assertOneLineError(run("summary", tmp), 3, "directory");
    }

    @Test
    void unzippedKerasDirectoryIsAModel() throws IOException {
        Path dir = tmp.resolve("unzipped");
        Files.createDirectories(dir);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(EXAMPLES.resolve("video_classifier.keras").toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(z.entries())) {
                if (!e.isDirectory()) Files.copy(z.getInputStream(e), dir.resolve(e.getName()));
            }
        }
        Path y = tmp.resolve("y.npy");
        Result r = run("predict", dir, "-i", EXAMPLES.resolve("video_input.npy"), "-o", y);
        assertEquals(0, r.code(), r.toString());
        assertClose(NpyIO.readNpy(EXAMPLES.resolve("video_expected.npy")), NpyIO.readNpy(y), "unzipped .keras output");
    }

    @Test
    void jsonConfigWithoutItsWeightsExits3() throws IOException {
        Path x = tmp.resolve("x.npz");
        Map<String, Tensor> in = NpyIO.readNpz(fixture("functional_multi", "inputs.npz"));
        NpyIO.writeNpz(x, in);
        assertOneLineError(run("predict", fixture("functional_multi", "model.json"), "-i", x), 3, "--weights");
        Result summary = run("summary", fixture("functional_multi", "model.json"));
        assertEquals(0, summary.code, "summary counts parameters from the config alone: " + summary);
        assertTrue(summary.out.contains("Total params: 64 (256.00 B)"), summary.out);
    }

    @Test
    void wrongInputShapeExits2() throws IOException {
        Path x = tmp.resolve("x.npy");
        NpyIO.writeNpy(x, Tensor.zeros(2, 4, 16, 16, 2));
        assertOneLineError(run("predict", EXAMPLES.resolve("video_classifier.keras"), "-i", x), 2, "frames", "(2, 4, 16, 16, 2)");
        NpyIO.writeNpy(x, Tensor.zeros(4, 16, 16, 1));
        assertOneLineError(run("predict", EXAMPLES.resolve("video_classifier.keras"), "-i", x), 2, "batch dimension");
    }

    @Test
    void wrongInputsExit2() throws IOException {
        Map<String, Tensor> in = NpyIO.readNpz(fixture("functional_multi", "inputs.npz"));
        Path a = tmp.resolve("a.npy"), b = tmp.resolve("b.npy");
        NpyIO.writeNpy(a, in.get("a"));
        NpyIO.writeNpy(b, in.get("b"));
        Path model = fixture("functional_multi", "model.keras");
        assertOneLineError(run("predict", model, "-i", "a=" + a, "-i", "c=" + b), 2, "'c'", "a, b");
        assertOneLineError(run("predict", model, "-i", "a=" + a), 2, "'b'");
        assertOneLineError(run("predict", model, "-i", a), 2, "NAME=");
        assertOneLineError(run("predict", model), 2, "-i");
        Path npz = tmp.resolve("in.npz");
        NpyIO.writeNpz(npz, Map.of("a", in.get("a"), "zz", in.get("b")));
        assertOneLineError(run("predict", model, "-i", npz), 2, "'zz'");
        Path out = tmp.resolve("y.npy");
        assertOneLineError(run("predict", model, "-i", fixture("functional_multi", "inputs.npz"), "-o", out), 2, ".npz");
        assertFalse(Files.exists(out));
        Path nowhere = tmp.resolve("no/such/dir/out.npz");
        assertOneLineError(run("predict", model, "-i", fixture("functional_multi", "inputs.npz"), "-o", nowhere), 2, "directory does not exist");
    }

    @Test
    void aBatchSizeOtherThanTheSavedFixedOneRunsAsInTheLibrary() throws IOException {
        // the file fixes batch_shape [2, 5]; Keras 2 and 3 (and Model.predict) run any batch size, so the CLI does too
        Path model = fixture("sequential_forms_call", "model.keras");
        Tensor two = NpyIO.readNpz(fixture("sequential_forms_call", "inputs.npz")).values().iterator().next();
        float[] three = new float[15];
        System.arraycopy(two.data(), 0, three, 0, 10);
        System.arraycopy(two.data(), 0, three, 10, 5);
        Tensor x = Tensor.of(Shape.of(3, 5), three);
        Path in = tmp.resolve("x3.npy"), out = tmp.resolve("y3.npy");
        NpyIO.writeNpy(in, x);
        Result r = run("predict", model, "-i", in, "-o", out);
        assertEquals(0, r.code, r.toString());
        Tensor want = dev.jkeras.load.KerasModels.load(model).predict(x);
        assertClose(want, NpyIO.readNpy(out), "batch of 3");
    }

    @Test
    void inputsThatDisagreeOnTheBatchSizeExit2() throws IOException {
        Map<String, Tensor> in = NpyIO.readNpz(fixture("functional_multi", "inputs.npz"));
        Path a = tmp.resolve("a.npy"), b = tmp.resolve("b.npy");
        NpyIO.writeNpy(a, in.get("a"));
        Tensor bb = in.get("b");
        NpyIO.writeNpy(b, Tensor.of(Shape.of(1, bb.dim(1)), java.util.Arrays.copyOf(bb.data(), bb.dim(1))));
        assertOneLineError(run("predict", fixture("functional_multi", "model.keras"), "-i", "a=" + a, "-i", "b=" + b), 2, "batch size");
    }

    @Test
    void lambdaLayerModelIsRefusedWithExit3() throws IOException {
        // Keras 3.15: keras.Model(x, keras.layers.Lambda(lambda t: t * 2.0, name="double")(x)).to_json()
        Path config = tmp.resolve("lambda.json");
        Files.writeString(config, "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", \"config\": {\"name\": \"lambda_model\", \"trainable\": true, \"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], \"dtype\": \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"x\", \"optional\": false}, \"registered_name\": null, \"name\": \"x\", \"inbound_nodes\": []}, {\"module\": \"keras.layers\", \"class_name\": \"Lambda\", \"config\": {\"name\": \"double\", \"trainable\": true, \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null}, \"function\": {\"class_name\": \"__lambda__\", \"config\": {\"code\": \"4wEAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAHwAZAF6BQAAUwApAk7nAAAAAAAAAECpACkB2gF0\\ncwEAAAAg+gc8c3RkaW4++gg8bGFtYmRhPnIGAAAABQAAAHMKAAAAgACgQagDoUeAAPMAAAAA\\n\", \"defaults\": null, \"closure\": null}}, \"arguments\": {}}, \"registered_name\": null, \"build_config\": {\"input_shape\": [null, 3]}, \"name\": \"double\", \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 3], \"dtype\": \"float32\", \"keras_history\": [\"x\", 0, 0]}}], \"kwargs\": {\"mask\": null}}]}], \"input_layers\": [\"x\", 0, 0], \"output_layers\": [\"double\", 0, 0]}, \"registered_name\": \"Functional\", \"build_config\": {\"input_shape\": null}, \"compile_config\": {}}");
        Path x = tmp.resolve("x.npy");
        NpyIO.writeNpy(x, Tensor.zeros(1, 3));
        assertOneLineError(run("predict", config, "-i", x), 3, "Lambda");
    }

    @Test
    void verbosePrintsTheStackTrace() throws IOException {
        Path x = tmp.resolve("x.npy");
        NpyIO.writeNpy(x, Tensor.zeros(2, 3));
        Result r = run("predict", EXAMPLES.resolve("video_classifier.keras"), "-i", x, "--verbose");
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.startsWith("jkeras: "), r.toString());
        assertTrue(r.err.contains("\tat "), r.toString());
    }

    /** Integer and bool outputs are written in the dtype Keras returns (tf.keras raw ops: argmax int64, equal bool, ...). */
    @Test
    void integerAndBoolOutputsKeepTheirDtype() throws IOException {
        Path dir = FIXTURES.resolve("tfops_int_argmax").resolve("tfkeras");
        Path out = tmp.resolve("out.npz");
        Result r = run("predict", dir.resolve("model.keras"), "-i", dir.resolve("inputs.npz"), "-o", out);
        assertEquals(0, r.code(), r.toString());
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        Map<String, Tensor> want = NpyIO.readNpz(dir.resolve("outputs.npz"));
        Map<String, Tensor> got = NpyIO.readNpz(out);
        int checked = 0;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(out.toFile())) {
            for (int i = 0; i < manifest.get("outputs").size(); i++) {
                String name = manifest.get("outputs").get(i).asText(), dtype = manifest.get("output_dtypes").get(i).asText();
                assertClose(want.get(name), got.get(name), name);
                if (dtype.startsWith("float")) continue;
                try (var in = zip.getInputStream(zip.getEntry(name + ".npy"))) {
                    assertEquals(DType.valueOf(dtype.toUpperCase()), NpyIO.readHeader(in, name).dtype(), name + " dtype");
                }
                checked++;
            }
        }
        assertTrue(checked >= 10, "integer/bool outputs checked: " + checked);
    }
}
