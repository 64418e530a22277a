// One generic check for every Keras-generated fixture: load each saved format, run Keras's inputs, compare
// with Keras's outputs; also the parameter count, and output shapes for fixtures too big to run.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.tensor.Shape;
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

class FixtureTest {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    /** The repository root: the first directory up from the working directory that holds testdata/fixtures. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/fixtures"))) return p;
        }
        return null;
    }

    static Stream<Arguments> fixtures() throws IOException {
        Path root = repoRoot();
        if (root == null) return Stream.of(Arguments.of("no testdata/fixtures found", null, null));
        return formats(root.resolve("testdata/fixtures")).stream();
    }

    /** One ("case/writer format", dir, format) per saved format of every {@code <case>/<writer>/manifest.json} under {@code root}. */
    static List<Arguments> formats(Path root) throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, 3)) {
            for (Path m : s.filter(p -> p.getFileName().toString().equals("manifest.json")).sorted().toList()) {
                Map<String, Object> manifest = Json.parseObject(Files.readString(m), m.toString());
                Path dir = m.getParent();
                String label = dir.getParent().getFileName() + "/" + dir.getFileName();
                for (String format : asMap(manifest.get("files")).keySet()) out.add(Arguments.of(label + " " + format, dir, format));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixture(String label, Path dir, String format) throws IOException {
        Assumptions.assumeTrue(dir != null, label);
        Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
        Object file = asMap(manifest.get("files")).get(format);
        if (manifest.get("refused") instanceof Map<?, ?> refused && refused.containsKey(format)) {
            String want = refused.get(format).toString();
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> {
                Model m = file instanceof List<?> p ? KerasModels.load(dir.resolve(p.get(0).toString()), dir.resolve(p.get(1).toString()))
                        : KerasModels.load(dir.resolve(file.toString()));
                Map<String, Tensor> in = Npy.readNpz(dir.resolve("inputs.npz"));
                List<Tensor> feed = new ArrayList<>();
                for (Object name : asList(manifest.get("inputs"))) feed.add(in.get(name.toString()));
                m.predict(feed);
            }, label + ": jkeras should refuse this format");
            assertTrue(e.getMessage().contains(want), label + ": the refusal should say \"" + want + "\", found: " + e.getMessage());
            return;
        }
        Model model;
        if (file instanceof List<?> pair) {
            model = KerasModels.load(dir.resolve(pair.get(0).toString()), dir.resolve(pair.get(1).toString()));
        } else {
            model = KerasModels.load(dir.resolve(file.toString()));
        }
        assertEquals(((Number) manifest.get("count_params")).longValue(), model.paramCount(), label + ": count_params");
        if (manifest.get("trainable_params") != null) {
            assertEquals(((Number) manifest.get("trainable_params")).longValue(), model.trainableParamCount(), label + ": trainable params");
        }

        List<Object> outputs = asList(manifest.get("outputs"));
        if (Boolean.TRUE.equals(manifest.get("no_data"))) {
            List<Object> shapes = asList(manifest.get("output_shapes"));
            assertEquals(shapes.size(), model.outputShapes().size(), label + ": number of outputs");
            for (int i = 0; i < shapes.size(); i++) {
                assertEquals(shape(shapes.get(i)), model.outputShapes().get(i), label + ": output shape of " + outputs.get(i));
            }
            return;
        }

        if (manifest.get("output_dtypes") instanceof List<?> dts) {
            // tf.keras: the exact dtype; Keras 3: its kind (see kind())
            boolean exact = "tfkeras".equals(manifest.get("writer"));
            for (int i = 0; i < dts.size(); i++) {
                String want = dts.get(i).toString(), got = model.outputDTypes().get(i).keras();
                assertEquals(exact ? want : kind(want), exact ? got : kind(got),
                        label + ": dtype of output '" + outputs.get(i) + "' (Keras: " + want + ", jkeras: " + got + ")");
            }
        }

        Map<String, Tensor> inputs = Npy.readNpz(dir.resolve("inputs.npz"));
        List<Tensor> feed = new ArrayList<>();
        for (Object name : asList(manifest.get("inputs"))) feed.add(inputs.get(name.toString()));
        List<Tensor> got = model.predict(feed);
        Map<String, Tensor> want = Npy.readNpz(dir.resolve("outputs.npz"));
        assertEquals(outputs.size(), got.size(), label + ": number of outputs");

        double rtol = RTOL, atol = ATOL;
        String why = "";
        if (manifest.get("tolerance") instanceof Map<?, ?> t) {
            rtol = ((Number) t.get("rtol")).doubleValue();
            atol = ((Number) t.get("atol")).doubleValue();
            why = " (tolerance widened by the manifest: " + t.get("why") + ")";
        }
        for (int i = 0; i < outputs.size(); i++) {
            String key = outputs.get(i).toString();
            compare(label + " output '" + key + "'" + why, want.get(key), got.get(i), rtol, atol);
        }
    }

    /**
     * Fails with the worst element (index, got, want) if any |got - want| > atol + rtol * |want|; string
     * outputs must be equal element by element.
     */
    static void compare(String what, Tensor want, Tensor got, double rtol, double atol) {
        if (want == null) fail(what + ": no such array in outputs.npz");
        assertEquals(want.shape(), got.shape(), what + ": shape");
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        if (want.isString()) {
            String[] w = want.strings(), g = got.strings();
            for (int i = 0; i < w.length; i++) {
                if (!w[i].equals(g[i])) fail(what + ": element " + index(want.shape(), i) + ": got \"" + g[i] + "\", want \"" + w[i] + "\"");
            }
            return;
        }
        float[] w = want.data(), g = got.data();
        int worst = -1, bad = 0;
        double worstExcess = 0;
        for (int i = 0; i < w.length; i++) {
            double err = Math.abs((double) g[i] - w[i]);
            double allowed = atol + rtol * Math.abs(w[i]);
            boolean nanMismatch = Float.isNaN(g[i]) != Float.isNaN(w[i]);
            if (nanMismatch || err > allowed) {
                bad++;
                double excess = nanMismatch ? Double.POSITIVE_INFINITY : err / allowed;
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (worst >= 0) {
            fail(String.format("%s: %d of %d elements differ; worst at %s: got %s, want %s (|diff| %.3g, allowed %.3g)", what, bad, w.length,
                    index(want.shape(), worst), g[worst], w[worst], Math.abs((double) g[worst] - w[worst]), atol + rtol * Math.abs(w[worst])));
        }
    }

    /**
     * The kind of a dtype: float, integer, bool or string. Keras 3 widths are not compared: JAX with x64
     * (as the generator runs it) widens some integer and float results that Keras itself types narrower.
     */
    static String kind(String dtype) {
        if (dtype.startsWith("float") || dtype.equals("bfloat16")) return "float";
        if (dtype.startsWith("int") || dtype.startsWith("uint")) return "integer";
        return dtype;
    }

    static String index(Shape shape, int flat) {
        int[] d = shape.dims();
        int[] idx = new int[d.length];
        for (int i = d.length - 1; i >= 0; i--) {
            idx[i] = flat % d[i];
            flat /= d[i];
        }
        return java.util.Arrays.toString(idx);
    }

    static Shape shape(Object json) {
        List<Object> l = asList(json);
        int[] dims = new int[l.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = l.get(i) == null ? Shape.UNKNOWN : ((Number) l.get(i)).intValue();
        return Shape.of(dims);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object o) {
        return (List<Object>) o;
    }
}
