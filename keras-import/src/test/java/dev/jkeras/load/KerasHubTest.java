// KerasHub models: every hub_* fixture in each format it was saved in (.keras, preset directory, Functional JSON),
// with KerasHub-specific checks: refusals by name, the version pin, the saved preprocessor's config and assets.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.load.hub.KerasHubModels;
import dev.jkeras.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class KerasHubTest {
    static List<Path> hubFixtures() throws IOException {
        Path root = FixtureTest.repoRoot().resolve("testdata/fixtures");
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("hub_")).map(p -> p.resolve("keras3")).sorted().toList();
        }
    }

    @TestFactory
    List<DynamicTest> everyHubFixtureInEveryFormat() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : hubFixtures()) {
            Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
            for (String format : FixtureTest.asMap(manifest.get("files")).keySet()) {
                String label = dir.getParent().getFileName() + " " + format;
                tests.add(DynamicTest.dynamicTest(label, () -> new FixtureTest().fixture(label, dir, format)));
            }
        }
        assertFalse(tests.isEmpty(), "no hub_* fixtures found");
        return tests;
    }

    static Path fixture(String name) {
        return FixtureTest.repoRoot().resolve("testdata/fixtures").resolve(name).resolve("keras3");
    }

    @Test
    void backboneInputsAndOutputsAreKerasHubsDicts() throws IOException {
        Model m = KerasModels.load(fixture("hub_bert_backbone").resolve("model.keras"));
        assertEquals(List.of("padding_mask", "segment_ids", "token_ids"), m.inputNames());
        assertEquals(List.of("pooled_output", "sequence_output"), m.outputNames());
        Map<String, Tensor> in = Npy.readNpz(fixture("hub_bert_backbone").resolve("inputs.npz"));
        Map<String, Tensor> out = m.predict(in);
        Map<String, Tensor> want = Npy.readNpz(fixture("hub_bert_backbone").resolve("outputs.npz"));
        FixtureTest.compare("pooled_output by name", want.get("pooled_output"), out.get("pooled_output"), FixtureTest.RTOL, FixtureTest.ATOL);
    }

    @Test
    void presetOfATaskLoadsTheTaskAndOfABackboneTheBackbone() {
        assertEquals(List.of("logits"), KerasModels.load(fixture("hub_bert_classifier").resolve("preset")).outputNames());
        assertEquals(List.of("pooled_output", "sequence_output"), KerasModels.load(fixture("hub_bert_backbone").resolve("preset")).outputNames());
        assertEquals(List.of("token_embedding"), KerasModels.load(fixture("hub_gpt2_causal_lm").resolve("preset")).outputNames());
        // a backbone's config.json with its weights file, as a config + weights pair
        Path preset = fixture("hub_roberta_backbone").resolve("preset");
        assertEquals(List.of("transformer_layer_1"), KerasModels.load(preset.resolve("config.json"), preset.resolve("model.weights.h5")).outputNames());
    }

    @Test
    void preprocessorSpecFromKerasFileAndPresetAgree() throws IOException {
        for (String c : List.of("hub_bert_classifier", "hub_distil_bert_classifier", "hub_roberta_classifier", "hub_gpt2_causal_lm")) {
            Map<String, Object> manifest = Json.parseObject(Files.readString(fixture(c).resolve("manifest.json")), c);
            KerasHubPreprocessorSpec k = KerasHubPreprocessorSpec.read(fixture(c).resolve("model.keras")).orElseThrow();
            KerasHubPreprocessorSpec p = KerasHubPreprocessorSpec.read(fixture(c).resolve("preset")).orElseThrow();
            assertEquals(manifest.get("preprocessor"), k.className(), c);
            assertEquals(k.className(), p.className(), c);
            assertEquals(KerasHubModels.VERSION, p.kerasHubVersion(), c);
            assertEquals(k.assets().keySet(), p.assets().keySet(), c);
            assertFalse(k.assets().isEmpty(), c);
            for (String a : k.assets().keySet()) assertArrayEquals(k.asset(a).orElseThrow(), p.asset(a).orElseThrow(), c + " " + a);
            Map<String, Object> kc = FixtureTest.asMap(k.preprocessorConfig().get("config"));
            Map<String, Object> pc = FixtureTest.asMap(p.preprocessorConfig().get("config"));
            assertEquals(kc.get("sequence_length"), pc.get("sequence_length"), c);
            assertEquals(k.tokenizerConfig().orElseThrow().get("class_name"), p.tokenizerConfig().orElseThrow().get("class_name"), c);
        }
        KerasHubPreprocessorSpec bert = KerasHubPreprocessorSpec.read(fixture("hub_bert_classifier").resolve("model.keras")).orElseThrow();
        assertTrue(bert.assetText("tokenizer/vocabulary.txt").startsWith("[PAD]\n[UNK]\n[CLS]"), bert.assetText("tokenizer/vocabulary.txt"));
        KerasHubPreprocessorSpec gpt2 = KerasHubPreprocessorSpec.read(fixture("hub_gpt2_causal_lm").resolve("preset")).orElseThrow();
        assertTrue(gpt2.assets().keySet().containsAll(List.of("tokenizer/vocabulary.json", "tokenizer/merges.txt")), gpt2.assets().keySet().toString());
        assertTrue(KerasHubPreprocessorSpec.read(fixture("hub_bert_backbone").resolve("model.keras")).isEmpty());
        assertTrue(KerasHubPreprocessorSpec.read(fixture("hub_bert_backbone").resolve("preset")).isEmpty());
    }

    /** A copy of a fixture's preset whose config.json (the backbone) {@code edit} rewrites. */
    static Path editedPreset(Path tmp, String fixture, java.util.function.Consumer<Map<String, Object>> edit) throws IOException {
        Path src = fixture(fixture).resolve("preset");
        Path dir = tmp.resolve(fixture);
        Files.createDirectories(dir);
        for (String f : List.of("metadata.json", "model.weights.h5")) Files.copy(src.resolve(f), dir.resolve(f));
        Map<String, Object> cfg = Json.parseObject(Files.readString(src.resolve("config.json")), "config.json");
        edit.accept(cfg);
        Files.writeString(dir.resolve("config.json"), Json.write(cfg));
        return dir;
    }

    @Test
    void otherKerasHubClassesAreRefusedByName(@TempDir Path tmp) throws IOException {
        Path p = editedPreset(tmp, "hub_bert_backbone", c -> c.put("class_name", "GemmaBackbone"));
        String msg = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(p)).getMessage();
        assertTrue(msg.contains("'GemmaBackbone'") && msg.contains("BertBackbone"), msg);
    }

    @Test
    void unknownConstructorArgumentsAndDtypePoliciesAreRefused(@TempDir Path tmp) throws IOException {
        Path arg = editedPreset(tmp, "hub_bert_backbone", c -> FixtureTest.asMap(c.get("config")).put("rope_max_wavelength", 10000));
        String msg = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(arg)).getMessage();
        assertTrue(msg.contains("'rope_max_wavelength'") && msg.contains(KerasHubModels.VERSION), msg);
        Path dtype = editedPreset(tmp.resolve("d"), "hub_gpt2_backbone", c -> FixtureTest.asMap(c.get("config")).put("dtype",
                Map.of("module", "keras", "class_name", "DTypePolicy", "config", Map.of("name", "bfloat16"))));
        msg = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(dtype)).getMessage();
        assertTrue(msg.contains("'bfloat16'") && msg.contains("GPT2Backbone"), msg);
        Path quantized = editedPreset(tmp.resolve("q"), "hub_vit_backbone", c -> FixtureTest.asMap(c.get("config")).put("dtype",
                Map.of("module", "keras", "class_name", "DTypePolicyMap", "config", Map.of())));
        msg = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(quantized)).getMessage();
        assertTrue(msg.contains("DTypePolicyMap"), msg);
    }

    @Test
    void aTaskOverAnotherBackboneIsRefused(@TempDir Path tmp) throws IOException {
        Path src = fixture("hub_bert_classifier").resolve("preset");
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir);
        for (String f : List.of("metadata.json", "model.weights.h5", "task.weights.h5", "config.json")) Files.copy(src.resolve(f), dir.resolve(f));
        Map<String, Object> task = Json.parseObject(Files.readString(src.resolve("task.json")), "task.json");
        FixtureTest.asMap(FixtureTest.asMap(task.get("config")).get("backbone")).put("class_name", "DistilBertBackbone");
        Files.writeString(dir.resolve("task.json"), Json.write(task));
        String msg = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(dir)).getMessage();
        assertTrue(msg.contains("DistilBertBackbone") && msg.contains("BertTextClassifier"), msg);
    }

    @Test
    void anotherKerasHubVersionLoadsWithAWarning(@TempDir Path tmp) throws IOException {
        Path src = fixture("hub_distil_bert_backbone").resolve("preset");
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir);
        for (String f : List.of("config.json", "model.weights.h5")) Files.copy(src.resolve(f), dir.resolve(f));
        Files.writeString(dir.resolve("metadata.json"), Files.readString(src.resolve("metadata.json")).replace(KerasHubModels.VERSION, "0.20.0"));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            KerasModels.load(dir);
        } finally {
            System.setErr(old);
        }
        String w = err.toString(StandardCharsets.UTF_8);
        assertTrue(w.contains("0.20.0") && w.contains(KerasHubModels.VERSION), w);
    }

    static Tensor ints(int rows, int cols, int value) {
        float[] d = new float[rows * cols];
        java.util.Arrays.fill(d, value);
        return Tensor.of(dev.jkeras.tensor.Shape.of(rows, cols), d);
    }

    @Test
    void badInputsAreInputExceptions() {
        Model bert = KerasModels.load(fixture("hub_bert_backbone").resolve("model.keras"));
        // a padding mask shorter than the sequence, ids beyond the vocabulary, a sequence beyond max_sequence_length (16)
        List<Map<String, Tensor>> bad = List.of(
                Map.of("token_ids", ints(2, 12, 1), "segment_ids", ints(2, 12, 0), "padding_mask", ints(2, 10, 1)),
                Map.of("token_ids", ints(2, 12, 50), "segment_ids", ints(2, 12, 0), "padding_mask", ints(2, 12, 1)),
                Map.of("token_ids", ints(2, 20, 1), "segment_ids", ints(2, 20, 0), "padding_mask", ints(2, 20, 1)),
                Map.of("token_ids", ints(2, 12, 1), "segment_ids", ints(3, 12, 0), "padding_mask", ints(2, 12, 1)));
        for (Map<String, Tensor> in : bad) {
            assertThrows(dev.jkeras.error.InputException.class, () -> bert.predict(in), in.toString());
        }
        Model gpt2 = KerasModels.load(fixture("hub_gpt2_causal_lm").resolve("preset"));
        assertThrows(dev.jkeras.error.InputException.class,
                () -> gpt2.predict(Map.of("token_ids", ints(2, 12, 1), "padding_mask", ints(2, 11, 1))));
    }

    @Test
    void aKerasHubModelWithoutItsModuleIsRefusedWithAReason() throws IOException {
        // what Keras 3's legacy .h5 writer records for a KerasHub backbone (Keras itself cannot reload it)
        Map<String, Object> cfg = Json.parseObject(Files.readString(fixture("hub_bert_backbone").resolve("preset/config.json")), "config.json");
        cfg.remove("module");
        cfg.remove("registered_name");
        String msg = assertThrows(UnsupportedFeatureException.class,
                () -> new dev.jkeras.load.config.ConfigParser("m.h5", 3).parseModel(cfg)).getMessage();
        assertTrue(msg.contains("KerasHub 'BertBackbone'") && msg.contains("save_to_preset"), msg);
    }
}
