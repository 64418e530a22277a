package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.graph.Inspection;
import dev.jkeras.graph.Inspection.LayerCheck;
import dev.jkeras.graph.Inspection.Status;
import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** KerasModels.inspect: every problem at once, config alone, weights absent or broken, bounded memory. */
class InspectTest {
    static final Path TESTDATA = FixtureTest.repoRoot().resolve("testdata");
    static final Path DEMO = TESTDATA.resolve("inspect");

    @TempDir
    Path tmp;

    private static ModelReport demo(String format) {
        return switch (format) {
            case "keras" -> KerasModels.inspect(DEMO.resolve("unsupported.keras"));
            case "h5" -> KerasModels.inspect(DEMO.resolve("unsupported.h5"));
            case "json+weights" -> KerasModels.inspect(DEMO.resolve("unsupported.json"), DEMO.resolve("unsupported.weights.h5"));
            case "json" -> KerasModels.inspect(DEMO.resolve("unsupported.json"));
            default -> throw new IllegalArgumentException(format);
        };
    }

    private static LayerCheck layer(ModelReport r, String name) {
        for (LayerCheck c : r.layers()) if (c.name().equals(name)) return c;
        throw new AssertionError("no layer " + name + " in " + r.layers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras", "h5", "json+weights", "json"})
    void reportsEveryIndependentProblemAtOnce(String format) {
        ModelReport r = demo(format);
        assertFalse(r.supported());
        assertFalse(r.runnable());
        assertNull(r.model());
        assertEquals(format.equals("json") ? ModelReport.Weights.NOT_GIVEN : ModelReport.Weights.PRESENT, r.weights());
        assertEquals("Keras 3", r.dialect());

        LayerCheck up = layer(r, "up_bicubic");
        assertEquals(Status.UNSUPPORTED, up.status());
        assertTrue(up.problems().get(0).contains("interpolation \"bicubic\""), up.problems().toString());
        LayerCheck lambda = layer(r, "double");
        assertEquals(Status.UNSUPPORTED, lambda.status());
        assertTrue(lambda.problems().get(0).contains("Lambda"), lambda.problems().toString());
        LayerCheck custom = layer(r, "scale");
        assertEquals("demo>Scale", custom.className());
        assertEquals(Status.UNSUPPORTED, custom.status());
        assertTrue(custom.problems().get(0).contains("'demo>Scale' is not supported"), custom.problems().toString());

        LayerCheck merge = layer(r, "merge");
        assertEquals(Status.NOT_CHECKED, merge.status());
        assertTrue(merge.problems().get(0).contains("'double', 'scale', 'up_bicubic'"), merge.problems().toString());
        assertEquals(Status.NOT_CHECKED, layer(r, "head").status());
        assertEquals(-1, layer(r, "head").params());
        assertFalse(r.paramsComplete());

        // independent branches are checked in full
        for (String ok : List.of("image", "conv", "pool", "flat", "aux")) assertEquals(Status.OK, layer(r, ok).status(), ok);
        assertEquals(List.of(List.of(new dev.jkeras.graph.TensorRef("conv", 0, 0))), layer(r, "flat").inbound());
        assertEquals("(None, 3)", layer(r, "aux").outputShapes().get(0).toString());
        assertEquals(112 + 771, r.params());
        assertEquals(List.of("image"), r.inputs().stream().map(ModelReport.Io::name).toList());
        assertEquals(List.of("head", "aux"), r.outputs().stream().map(ModelReport.Io::name).toList());
        assertNull(r.outputs().get(0).shape(), "the head's shape depends on unsupported layers");
        assertEquals("(None, 3)", r.outputs().get(1).shape().toString());
        assertEquals(7, r.failures().size());
    }

    static Stream<Path> fixtureConfigs() throws IOException {
        Path fixtures = TESTDATA.resolve("fixtures");
        try (Stream<Path> s = Files.walk(fixtures, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("model.json")).sorted().toList().stream();
        }
    }

    /**
     * Every fixture's JSON config: inspect agrees with load (runnable exactly when load succeeds, and then with
     * the same parameters), and the config alone, when loadable, counts Keras's parameters without the weights.
     */
    @ParameterizedTest
    @MethodSource("fixtureConfigs")
    void inspectAgreesWithLoad(Path json) throws IOException {
        java.util.Map<String, Object> manifest = Json.parseObject(Files.readString(json.resolveSibling("manifest.json")), "manifest.json");
        Path weights = Files.exists(json.resolveSibling("model.weights.h5")) ? json.resolveSibling("model.weights.h5")
                : json.resolveSibling("model_weights.h5");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(weights), "no weights file beside " + json);
        Model loaded;
        try {
            loaded = KerasModels.load(json, weights);
        } catch (dev.jkeras.error.KerasException e) {
            loaded = null;
        }
        ModelReport pair = KerasModels.inspect(json, weights);
        ModelReport alone = KerasModels.inspect(json);
        assertEquals(ModelReport.Weights.NOT_GIVEN, alone.weights());
        assertFalse(alone.runnable());
        if (loaded == null) {
            assertFalse(pair.runnable(), json + ": load refuses it, so must inspect");
            assertFalse(pair.failures().isEmpty() && pair.problems().isEmpty(), json.toString());
            return;
        }
        assertTrue(pair.runnable(), () -> json + ": " + pair.failures() + " " + pair.problems());
        assertEquals(loaded.paramCount(), pair.params());
        assertTrue(alone.supported(), () -> json + ": " + alone.failures() + " " + alone.problems());
        assertEquals(((Number) manifest.get("count_params")).longValue(), alone.params(), json.toString());
        assertEquals(((Number) manifest.get("trainable_params")).longValue(), alone.trainableParams(), json.toString());
        assertEquals(alone.params(), alone.model().paramCount());
    }

    @Test
    void completeModelIsRunnableAndItsModelPredicts() {
        Path dir = TESTDATA.resolve("fixtures/functional_multi/keras3");
        ModelReport r = KerasModels.inspect(dir.resolve("model.keras"));
        assertTrue(r.runnable(), r.failures().toString());
        assertEquals(".keras archive", r.format());
        assertEquals("3.15.1", r.kerasVersion());
        Model loaded = KerasModels.load(dir.resolve("model.keras"));
        assertEquals(loaded.paramCount(), r.params());
        assertEquals(loaded.inputNames(), r.inputs().stream().map(ModelReport.Io::name).toList());
        assertEquals(loaded.outputShapes(), r.outputs().stream().map(ModelReport.Io::shape).toList());
        assertEquals(List.of(List.of(new dev.jkeras.graph.TensorRef("a", 0, 0)), List.of(new dev.jkeras.graph.TensorRef("b", 0, 0))),
                layer(r, "shared").inbound());
        // the report's model is the loaded one
        var x = dev.jkeras.tensor.Tensor.zeros(1, 5);
        assertEquals(loaded.predict(List.of(x, x)).get(0).toString(), r.model().predict(List.of(x, x)).get(0).toString());
        ModelReport h5 = KerasModels.inspect(dir.resolve("model.h5"));
        assertTrue(h5.runnable());
        assertEquals("legacy HDF5 model (.h5)", h5.format());
    }

    @Test
    void archiveWithoutWeightsIsCheckedFromItsConfig() throws IOException {
        Path src = TESTDATA.resolve("fixtures/nested_models/keras3/model.keras");
        Path noWeights = rewriteZip(src, tmp.resolve("noweights.keras"), null);
        ModelReport r = KerasModels.inspect(noWeights);
        assertEquals(ModelReport.Weights.ABSENT, r.weights());
        assertTrue(r.supported());
        assertFalse(r.runnable());
        assertEquals(85, r.params());
        assertEquals(49, r.trainableParams());
    }

    @Test
    void unreadableWeightsAreReportedAndTheStructureStillChecked() throws IOException {
        Path src = TESTDATA.resolve("fixtures/nested_models/keras3/model.keras");
        Path broken = rewriteZip(src, tmp.resolve("broken.keras"), "this is not HDF5".getBytes());
        ModelReport r = KerasModels.inspect(broken);
        assertEquals(ModelReport.Weights.UNREADABLE, r.weights());
        assertNotNull(r.weightsProblem());
        assertTrue(r.supported());
        assertFalse(r.runnable());
        assertEquals(85, r.params());
    }

    /** Weights of another model: every layer whose arrays do not fit is reported, and the shapes still flow. */
    @Test
    void mismatchedWeightsAreReportedForEveryLayer() {
        Path cfg = TESTDATA.resolve("fixtures/functional_multi/keras3/model.json");
        Path w = TESTDATA.resolve("fixtures/functional_multi/tfkeras/model_weights.h5");
        ModelReport ok = KerasModels.inspect(cfg, w);
        assertTrue(ok.runnable(), ok.failures().toString());
        Path other = TESTDATA.resolve("fixtures/mlp/keras3/model.weights.h5");
        ModelReport r = KerasModels.inspect(cfg, other);
        assertFalse(r.supported());
        List<String> invalid = new ArrayList<>();
        for (LayerCheck c : r.layers()) if (c.status() == Status.INVALID) invalid.add(c.name());
        assertTrue(invalid.size() >= 2, r.layers().toString());
        assertEquals(Status.OK, layer(r, "concat").status(), "shapes flow past layers with bad weights");
    }

    /**
     * A config declaring a huge layer: parameters counted from the declarations, nothing allocated, no OOM. Past the
     * zero-weight bound the layer is not checked; past what one Java array holds it is unsupported (as load says).
     */
    @Test
    void hugeConfigIsCountedNotAllocated() throws IOException {
        Path src = TESTDATA.resolve("fixtures/mlp/keras3/model.json");
        ModelReport r = KerasModels.inspect(write(Files.readString(src).replaceFirst("\"units\": 5", "\"units\": 20000000"), "big.json"));
        LayerCheck dense = r.layers().get(0);
        assertEquals("dense_1", dense.name(), r.layers().toString());
        assertEquals(Status.NOT_CHECKED, dense.status(), dense.toString());
        assertEquals(20_000_000L * 7 + 20_000_000L, dense.params(), dense.toString());
        assertTrue(dense.problems().get(0).contains("zero-filled"), dense.problems().toString());
        assertEquals(Status.NOT_CHECKED, r.layers().get(1).status());

        ModelReport huge = KerasModels.inspect(write(Files.readString(src).replaceFirst("\"units\": 5", "\"units\": 2000000000"), "huge.json"));
        LayerCheck d = huge.layers().get(0);
        assertEquals(Status.UNSUPPORTED, d.status(), d.toString());
        assertEquals(2_000_000_000L * 7 + 2_000_000_000L, d.params(), d.toString());
    }

    private Path write(String text, String name) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void checkRejectsANegativeBound() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Inspection.check(null, dev.jkeras.layer.LayerRegistry.defaults(), false, -1));
    }

    /** A copy of a .keras archive whose model.weights.h5 is dropped (null) or replaced. */
    private static Path rewriteZip(Path src, Path dst, byte[] weights) throws IOException {
        try (ZipFile in = new ZipFile(src.toFile()); OutputStream o = Files.newOutputStream(dst); ZipOutputStream out = new ZipOutputStream(o)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                boolean w = e.getName().equals("model.weights.h5");
                if (w && weights == null) continue;
                out.putNextEntry(new ZipEntry(e.getName()));
                if (w) out.write(weights);
                else try (InputStream is = in.getInputStream(e)) {
                    is.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return dst;
    }
}
