package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code jkeras inspect} from the shaded jar: every format, the JSON report parsed, exit codes. */
class InspectIT {
    static final Path DEMO = JarCli.ROOT.resolve("testdata/inspect");
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> demoFormats() {
        return Stream.of(
                Arguments.of(List.of(DEMO.resolve("unsupported.keras").toString()), "present"),
                Arguments.of(List.of(DEMO.resolve("unsupported.h5").toString()), "present"),
                Arguments.of(List.of(DEMO.resolve("unsupported.json").toString(), "--weights", DEMO.resolve("unsupported.weights.h5").toString()), "present"),
                Arguments.of(List.of(DEMO.resolve("unsupported.json").toString()), "not_given"));
    }

    private static JarCli.Result run(List<String> model, String... more) {
        List<String> args = new ArrayList<>(List.of("inspect"));
        args.addAll(model);
        args.addAll(List.of(more));
        return JarCli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @MethodSource("demoFormats")
    void unsupportedModelReportsEveryProblem(List<String> model, String weights) throws IOException {
        JarCli.Result text = run(model);
        assertEquals(3, text.code(), text.toString());
        for (String s : List.of("UNSUPPORTED  up_bicubic (UpSampling2D)", "interpolation \"bicubic\" is not supported",
                "UNSUPPORTED  double (Lambda)", "UNSUPPORTED  scale (demo>Scale)", "NOT CHECKED  merge (Concatenate)",
                "'double', 'scale', 'up_bicubic'", "ok           aux (Dense)", "Result: jkeras cannot run this model")) {
            assertTrue(text.out().contains(s), "want " + s + "\n" + text);
        }
        assertEquals(1, text.err().lines().count(), text.err());
        assertTrue(text.err().startsWith("jkeras: unsupported."), text.err());

        JarCli.Result json = run(model, "--json");
        assertEquals(3, json.code(), json.toString());
        JsonNode j = JSON.readTree(json.out());
        assertEquals(weights, j.get("weights").asText());
        assertFalse(j.get("supported").asBoolean());
        assertFalse(j.get("runnable").asBoolean());
        assertFalse(j.get("params_complete").asBoolean());
        assertEquals("Keras 3", j.get("dialect").asText());
        assertEquals("image", j.get("inputs").get(0).get("name").asText());
        assertEquals("[null,8,8,3]", j.get("inputs").get(0).get("shape").toString());
        List<String> statuses = new ArrayList<>();
        for (JsonNode l : j.get("layers")) statuses.add(l.get("name").asText() + "=" + l.get("status").asText());
        assertEquals(List.of("image=ok", "conv=ok", "up_bicubic=unsupported", "double=unsupported", "pool=ok", "up_pool=not_checked",
                "double_pool=not_checked", "scale=unsupported", "merge=not_checked", "flat=ok", "head=not_checked", "aux=ok"), statuses);
        JsonNode head = j.get("layers").get(10);
        assertTrue(head.get("params").isNull());
        assertEquals("[\"merge[0][0]\"]", head.get("connected_to").toString());
    }

    @Test
    void runnableModelsExit0InEveryFormat() throws IOException {
        for (String writer : List.of("keras3", "tfkeras")) {
            for (List<String> f : JarCli.formats("nested_models", writer)) {
                JarCli.Result r = run(f, "--json");
                assertEquals(0, r.code(), r.toString());
                JsonNode j = JSON.readTree(r.out());
                assertTrue(j.get("runnable").asBoolean(), r.out());
                assertEquals("present", j.get("weights").asText());
                assertEquals(85, j.get("params").asLong());
                assertEquals(340, j.get("weight_bytes").asLong());
                JsonNode seq = j.get("layers").get(1);
                assertEquals("inner_seq", seq.get("name").asText());
                assertEquals(3, seq.get("layers").size(), seq.toString());
                assertEquals("", r.err());
            }
        }
        JarCli.Result text = run(List.of(JarCli.fixtureFile("functional_multi", "keras3", "model.keras").toString()));
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("Result: jkeras can run this model."), text.out());
        assertTrue(text.out().contains(".keras archive, written by Keras 3.15.1"), text.out());
    }

    @Test
    void configAloneExits0WhenEveryLayerIsSupported() throws IOException {
        JarCli.Result r = run(List.of(JarCli.fixtureFile("nested_models", "tfkeras", "model.json").toString()), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("not_given", j.get("weights").asText());
        assertTrue(j.get("supported").asBoolean());
        assertFalse(j.get("runnable").asBoolean());
        assertEquals(85, j.get("params").asLong());
        assertEquals("tf.keras", j.get("dialect").asText());
    }

    @Test
    void verbosePrintsTimings() throws IOException {
        JarCli.Result r = run(List.of(JarCli.fixtureFile("mlp", "keras3", "model.h5").toString()), "--verbose");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().matches("(?s)jkeras: read .* in [0-9.]+ ms, checked its layers in [0-9.]+ ms\\R"), r.err());
        JarCli.Result j = run(List.of(JarCli.fixtureFile("mlp", "keras3", "model.h5").toString()), "--verbose", "--json");
        assertTrue(JSON.readTree(j.out()).get("timings_ms").get("check").isNumber(), j.out());
    }

    @Test
    void unreadableFilesExit3WithOneLine() {
        JarCli.Result r = run(List.of(DEMO.resolve("make_inspect.py").toString()));
        assertEquals(3, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("not a Keras file"), r.err());
        JarCli.Result missing = run(List.of(DEMO.resolve("nope.keras").toString()));
        assertEquals(2, missing.code(), missing.toString());
    }
}
