// The keras.applications zoo made on demand by testdata/applications_zoo.py (too big to commit): every file
// loads, and jkeras's mean absolute error against Keras's float64 evaluation of the same model is at most twice
// Keras's own float32 error (or jkeras is within the default tolerance of Keras's float32 output). Skips when the
// zoo is absent.
package dev.jkeras.load;

import static dev.jkeras.load.FixtureTest.ATOL;
import static dev.jkeras.load.FixtureTest.RTOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApplicationsZooTest {
    /** How much worse than Keras's own float32 run jkeras may be, against the float64 run. */
    static final double ACCURACY_FACTOR = 2.0;

    static Stream<Arguments> zoo() throws IOException {
        Path root = FixtureTest.repoRoot();
        String given = System.getProperty("jkeras.zoo");
        Path zoo = given != null ? Path.of(given) : root == null ? null : root.resolve("testdata/zoo");
        if (zoo == null || !Files.isDirectory(zoo)) {
            return Stream.of(Arguments.of((given != null ? given : "testdata/zoo") + " is absent: run testdata/applications_zoo.py to make it", null, null));
        }
        List<Arguments> out = FixtureTest.formats(zoo);
        if (out.isEmpty()) return Stream.of(Arguments.of("testdata/zoo holds no models", null, null));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void application(String label, Path dir, String format) throws IOException {
        Assumptions.assumeTrue(dir != null, label);
        Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
        Object file = ((Map<?, ?>) manifest.get("files")).get(format);
        Model model = file instanceof List<?> pair
                ? KerasModels.load(dir.resolve(pair.get(0).toString()), dir.resolve(pair.get(1).toString()))
                : KerasModels.load(dir.resolve(file.toString()));
        assertEquals(((Number) manifest.get("count_params")).longValue(), model.paramCount(), label + ": count_params");
        String in = ((List<?>) manifest.get("inputs")).get(0).toString();
        String out = ((List<?>) manifest.get("outputs")).get(0).toString();
        Tensor x = Npy.readNpz(dir.resolve("inputs.npz")).get(in);
        float[] want32 = Npy.readNpz(dir.resolve("outputs.npz")).get(out).data();
        Map<String, Tensor> ref = Npy.readNpz(dir.resolve("outputs64.npz"));
        float[] hi = ref.get(out).data(), lo = ref.get(out + ".lo").data();
        float[] got = model.predict(x).data();
        assertEquals(want32.length, got.length, label + ": output size");

        double jkMax = 0, jkSum = 0, kerasMax = 0, kerasSum = 0, maxRef = 0;
        boolean withinTolerance = true;
        for (int i = 0; i < got.length; i++) {
            assertTrue(Float.isFinite(got[i]), label + ": non-finite output at " + i);
            double y64 = (double) hi[i] + lo[i];
            double jk = Math.abs(got[i] - y64), keras = Math.abs(want32[i] - y64);
            jkMax = Math.max(jkMax, jk);
            jkSum += jk;
            kerasMax = Math.max(kerasMax, keras);
            kerasSum += keras;
            maxRef = Math.max(maxRef, Math.abs(y64));
            withinTolerance &= Math.abs(got[i] - want32[i]) <= ATOL + RTOL * Math.abs(want32[i]);
        }
        double jkMean = jkSum / got.length, kerasMean = kerasSum / got.length;
        String figures = String.format("%s: error vs float64 mean %.3g max %.3g, Keras float32 mean %.3g max %.3g"
                        + " (mean ratio %.2f, max ratio %.2f), max |y| %.3g, within tolerance of Keras float32: %s",
                label, jkMean, jkMax, kerasMean, kerasMax, jkMean / kerasMean, jkMax / kerasMax, maxRef, withinTolerance);
        System.out.println("[zoo] " + figures);
        // the mean absolute error: the max over a few thousand outputs is a handful of ulps, too noisy to compare
        assertTrue(withinTolerance || jkMean <= ACCURACY_FACTOR * kerasMean, figures);
    }
}
