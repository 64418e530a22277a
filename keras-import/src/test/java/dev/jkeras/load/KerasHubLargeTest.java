// The larger KerasHub models made on demand by `testdata/keras_hub_fixtures.py --large` (4 layers, hidden 256,
// sequence 128; not committed): each loads from .keras and from its preset and matches KerasHub within the default
// tolerance, or (long float32 dot products: a few of 2 million GPT-2 logits near zero) is no further from KerasHub's
// float64 run than twice KerasHub's own float32 error, the ApplicationsZooTest rule. Prints jkeras's predict time
// beside Keras's. Skips when testdata/hub-large is absent.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KerasHubLargeTest {
    static Stream<Arguments> models() throws IOException {
        Path root = FixtureTest.repoRoot();
        Path large = root == null ? null : root.resolve("testdata/hub-large");
        if (large == null || !Files.isDirectory(large)) {
            return Stream.of(Arguments.of("testdata/hub-large is absent: run testdata/keras_hub_fixtures.py --large to make it", null, null));
        }
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(large, 3)) {
            for (Path m : s.filter(p -> p.getFileName().toString().equals("manifest.json")).sorted().toList()) {
                Map<String, Object> manifest = Json.parseObject(Files.readString(m), m.toString());
                for (String format : FixtureTest.asMap(manifest.get("files")).keySet()) {
                    out.add(Arguments.of(m.getParent().getParent().getFileName() + " " + format, m.getParent(), format));
                }
            }
        }
        return out.stream();
    }

    static double meanAbs(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs((double) a[i] - b[i]);
        return s / a.length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void largeModel(String label, Path dir, String format) throws IOException {
        Assumptions.assumeTrue(dir != null, label);
        Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
        Model model = KerasModels.load(dir.resolve(FixtureTest.asMap(manifest.get("files")).get(format).toString()));
        Map<String, Tensor> in = Npy.readNpz(dir.resolve("inputs.npz"));
        List<Tensor> feed = new ArrayList<>();
        for (Object n : FixtureTest.asList(manifest.get("inputs"))) feed.add(in.get(n.toString()));
        try {
            new FixtureTest().fixture(label, dir, format);
        } catch (AssertionError strict) {
            List<Tensor> got = model.predict(feed);
            Map<String, Tensor> want64 = Npy.readNpz(dir.resolve("outputs64.npz"));
            Map<String, Object> kerasError = FixtureTest.asMap(manifest.get("keras_float32_mean_abs_error"));
            List<Object> outs = FixtureTest.asList(manifest.get("outputs"));
            for (int i = 0; i < outs.size(); i++) {
                String key = outs.get(i).toString();
                double ours = meanAbs(got.get(i).data(), want64.get(key).data());
                double theirs = ((Number) kerasError.get(key)).doubleValue();
                System.out.printf("%s %s: outside the default tolerance of Keras's float32 output (%s); mean |error| vs float64: jkeras %.3g, "
                        + "Keras float32 %.3g%n", label, key, strict.getMessage().replaceAll(".*: (\\d+ of \\d+ elements differ).*", "$1"), ours, theirs);
                assertTrue(ours <= 2 * theirs, label + " " + key + ": jkeras's mean error vs float64 " + ours + " > 2 x Keras's " + theirs);
            }
        }
        for (int i = 0; i < 3; i++) model.predict(feed);
        long[] ns = new long[5];
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            model.predict(feed);
            ns[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(ns);
        System.out.printf("%s: jkeras predict %.1f ms, Keras (JAX, jitted) %.1f ms%n", label, ns[2] / 1e6,
                ((Number) manifest.get("keras_predict_seconds")).doubleValue() * 1e3);
    }
}
