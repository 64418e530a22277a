package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jkeras verify} in process: reports, exit codes and errors (VerifyIT runs it from the jar on every format). */
class VerifyCommandTest {
    static final Path VERIFY = CliTest.ROOT.resolve("testdata/verify");

    @TempDir
    Path tmp;

    private static Path fx(String name, String writer, String file) {
        return JarCli.fixtureFile(name, writer, file);
    }

    private static CliTest.Result verify(String name, String writer, Object... more) {
        Object[] args = new Object[5 + more.length];
        args[0] = "verify";
        args[1] = fx(name, writer, "model.keras");
        args[2] = "-i";
        args[3] = fx(name, writer, "inputs.npz");
        args[4] = "--json";
        System.arraycopy(more, 0, args, 5, more.length);
        return CliTest.run(args);
    }

    private static JsonNode json(CliTest.Result r) throws IOException {
        return CliTest.JSON.readTree(r.out());
    }

    /** A copy of {@code npz} with {@code delta} added to element {@code flat} of array {@code key}. */
    private Path perturbed(Path npz, String key, int flat, float delta) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>(NpyIO.readNpz(npz));
        float[] d = m.get(key).data().clone();
        d[flat] += delta;
        m.put(key, Tensor.of(m.get(key).shape(), d));
        Path p = tmp.resolve("perturbed-" + key + ".npz");
        NpyIO.writeNpz(p, m);
        return p;
    }

    @Test
    void kerasOwnOutputsPass() throws IOException {
        CliTest.Result r = verify("functional_multi", "keras3", "--expected", fx("functional_multi", "keras3", "outputs.npz"));
        assertEquals(0, r.code(), r.toString());
        JsonNode j = json(r);
        assertTrue(j.get("pass").asBoolean());
        assertEquals(3, j.get("outputs").size());
        for (JsonNode o : j.get("outputs")) {
            assertEquals(0, o.get("out_of_tolerance").asInt());
            assertTrue(o.get("max_abs").asDouble() <= 1e-5, o.toString());
        }
        assertEquals("out_main", j.get("outputs").get(0).get("name").asText());
    }

    @Test
    void textReportSaysPass() {
        CliTest.Result r = CliTest.run("verify", fx("mlp", "tfkeras", "model.h5"), "-i", fx("mlp", "tfkeras", "inputs.npz"),
                "--expected", fx("mlp", "tfkeras", "outputs.npz"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("tolerance: |got - want| <= 1e-05 + 0.0001 * |want| (NaN matches NaN)"), r.out());
        assertTrue(r.out().contains("output 'dense_3' (2, 3): ok, max abs "), r.out());
        assertTrue(r.out().strip().endsWith("PASS: 1 output within tolerance"), r.out());
    }

    @Test
    void aDifferingOutputExitsFourAndNamesTheWorstElement() throws IOException {
        Path bad = perturbed(fx("functional_multi", "keras3", "outputs.npz"), "out_aux", 3, 0.25f);
        CliTest.Result r = verify("functional_multi", "keras3", "--expected", bad);
        assertEquals(VerifyCommand.DIFFER, r.code(), r.toString());
        JsonNode j = json(r);
        assertTrue(!j.get("pass").asBoolean());
        JsonNode aux = j.get("outputs").get(1);
        assertEquals("out_aux", aux.get("name").asText());
        assertEquals(1, aux.get("out_of_tolerance").asInt());
        assertEquals("[1,1]", aux.get("worst").get("index").toString());
        assertEquals(0.25, aux.get("max_abs").asDouble(), 1e-5);
        assertTrue(j.get("outputs").get(0).get("pass").asBoolean());

        CliTest.Result text = CliTest.run("verify", fx("functional_multi", "keras3", "model.keras"), "-i", fx("functional_multi", "keras3", "inputs.npz"),
                "--expected", bad);
        assertEquals(4, text.code());
        assertTrue(text.out().contains("output 'out_aux' (2, 2): DIFFERS, max abs 0.25"), text.out());
        assertTrue(text.out().contains("worst [1, 1]: got "), text.out());
        assertTrue(text.out().contains("1 of 4 out of tolerance"), text.out());
        assertTrue(text.out().strip().endsWith("FAIL: 1 of 3 outputs out of tolerance"), text.out());
        // a looser tolerance accepts it
        assertEquals(0, verify("functional_multi", "keras3", "--expected", bad, "--atol", "0.3").code());
    }

    @Test
    void expectedAsNpyOrPositionalNpz() throws IOException {
        Path y = tmp.resolve("y.npy");
        NpyIO.writeNpy(y, NpyIO.readNpz(fx("mlp", "keras3", "outputs.npz")).get("dense_3"));
        assertEquals(0, verify("mlp", "keras3", "--expected", y).code());

        Map<String, Tensor> named = NpyIO.readNpz(fx("functional_multi", "keras3", "outputs.npz"));
        Map<String, Tensor> positional = new LinkedHashMap<>();
        for (String n : new String[] {"out_main", "out_aux", "add"}) positional.put("arr_" + positional.size(), named.get(n));
        Path p = tmp.resolve("positional.npz");
        NpyIO.writeNpz(p, positional);
        assertEquals(0, verify("functional_multi", "keras3", "--expected", p).code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "missing | has no array for output 'add'",
            "extra   | 'bogus' is not an output of the model; its outputs are out_main, out_aux, add",
            "shape   | output 'add' has shape (2, 3) there, but the model gives (2, 4)",
            "npy     | holds one array, but the model has 3 outputs"})
    void badExpectedFilesAreInputErrors(String kind, String message) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>(NpyIO.readNpz(fx("functional_multi", "keras3", "outputs.npz")));
        Path p = tmp.resolve(kind + ".npz");
        switch (kind) {
            case "missing" -> m.remove("add");
            case "extra" -> m.put("bogus", Tensor.zeros(2, 2));
            case "shape" -> m.put("add", Tensor.zeros(2, 3));
            default -> p = tmp.resolve("one.npy");
        }
        if (kind.equals("npy")) NpyIO.writeNpy(p, m.get("add"));
        else NpyIO.writeNpz(p, m);
        CliTest.Result r = verify("functional_multi", "keras3", "--expected", p);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("jkeras: ") && r.err().contains(message), r.err());
        assertEquals("", r.out());
    }

    @Test
    void usageErrors() {
        Path model = fx("mlp", "keras3", "model.keras"), in = fx("mlp", "keras3", "inputs.npz"), out = fx("mlp", "keras3", "outputs.npz");
        CliTest.Result none = CliTest.run("verify", model, "-i", in);
        assertEquals(2, none.code());
        assertTrue(none.err().contains("nothing to compare with"), none.err());
        CliTest.Result atol = CliTest.run("verify", model, "-i", in, "--expected", out, "--atol", "-1");
        assertEquals(2, atol.code());
        assertTrue(atol.err().contains("--atol and --rtol must be finite and >= 0"), atol.err());
        CliTest.Result missing = CliTest.run("verify", model, "-i", in, "--expected", "no-such.npz");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("file not found: no-such.npz"), missing.err());
        assertEquals(2, CliTest.run("verify", model, "--expected", out).code(), "no -i");
    }

    @ParameterizedTest
    @CsvSource({"conv_bn_pool, keras3", "conv_bn_pool, tfkeras", "functional_multi, keras3", "functional_multi, tfkeras",
            "embedding_lstm, keras3", "embedding_lstm, tfkeras"})
    void everyLayerMatchesKeras(String name, String writer) throws IOException {
        Path acts = VERIFY.resolve(name).resolve(writer).resolve("acts.npz");
        CliTest.Result r = verify(name, writer, "--expected", fx(name, writer, "outputs.npz"), "--activations", acts);
        assertEquals(0, r.code(), r.toString());
        JsonNode layers = json(r).get("layers");
        assertEquals(NpyIO.readNpz(acts).size(), layers.get("compared").asInt());
        assertTrue(layers.get("first_divergent").isNull());
        double worst = 0;
        for (JsonNode l : layers.get("results")) worst = Math.max(worst, l.get("max_abs").asDouble());
        assertTrue(worst < 1e-5, "largest layer error " + worst);
    }

    @Test
    void layersAreComparedInModelOrderAndTheFirstDivergenceIsNamed() throws IOException {
        // Keras 3 writes the probe's dict outputs sorted by name; the report follows the model's layer order
        Path acts = VERIFY.resolve("conv_bn_pool/keras3/acts.npz");
        CliTest.Result ok = verify("conv_bn_pool", "keras3", "--activations", acts);
        assertEquals(0, ok.code(), ok.toString());
        StringBuilder order = new StringBuilder();
        for (JsonNode l : json(ok).get("layers").get("results")) order.append(l.get("name").asText()).append(' ');
        assertEquals("conv_s2 bn relu conv_dil maxpool avgpool conv_nobias gap head", order.toString().strip());

        Path bad = perturbed(acts, "conv_dil", 7, 0.01f);
        CliTest.Result r = verify("conv_bn_pool", "keras3", "--activations", bad);
        assertEquals(4, r.code(), r.toString());
        JsonNode layers = json(r).get("layers");
        assertEquals("conv_dil", layers.get("first_divergent").asText());
        assertEquals("relu", layers.get("last_matching").asText());

        CliTest.Result text = CliTest.run("verify", fx("conv_bn_pool", "keras3", "model.keras"), "-i", fx("conv_bn_pool", "keras3", "inputs.npz"),
                "--activations", bad);
        assertEquals(4, text.code());
        assertTrue(text.out().contains("first layer out of tolerance: 'conv_dil' (Conv2D); last layer that matched: 'relu' (Activation)"), text.out());
        assertTrue(text.out().contains("  <- first divergence"), text.out());
        assertTrue(text.out().strip().endsWith("FAIL: layers diverge at 'conv_dil'"), text.out());
    }

    @Test
    void theFirstLayerDiverging() throws IOException {
        Path bad = perturbed(VERIFY.resolve("embedding_lstm/tfkeras/acts.npz"), "embedding", 0, 1f);
        CliTest.Result r = verify("embedding_lstm", "tfkeras", "--activations", bad);
        assertEquals(4, r.code(), r.toString());
        assertEquals("embedding", json(r).get("layers").get("first_divergent").asText());
        assertTrue(json(r).get("layers").get("last_matching").isNull());
    }

    @Test
    void unknownLayersAndBadActivationFiles() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>(NpyIO.readNpz(VERIFY.resolve("functional_multi/keras3/acts.npz")));
        m.put("no_such_layer", Tensor.zeros(2, 4));
        Path p = tmp.resolve("unknown.npz");
        NpyIO.writeNpz(p, m);
        CliTest.Result r = verify("functional_multi", "keras3", "--activations", p);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("'no_such_layer' is not a top-level layer of the model; its layers are a, b, shared"), r.err());

        Path npy = tmp.resolve("one.npy");
        NpyIO.writeNpy(npy, Tensor.zeros(2, 4));
        CliTest.Result n = verify("functional_multi", "keras3", "--activations", npy);
        assertEquals(2, n.code(), n.toString());
        assertTrue(n.err().contains("--activations takes an .npz"), n.err());
    }
}
