// Real files written by Keras 1, Keras 2 and tf.keras (../shared/real-keras/dl4j): models with reference
// outputs are run and compared; the others must load. Files using layers jkeras refuses are skipped, by reason.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.load.weights.Hdf5;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class RealKerasTest {
    private static final AtomicInteger LOADED = new AtomicInteger();
    private static final AtomicInteger COMPARED = new AtomicInteger();
    private static final Map<String, Integer> SKIPPED = new TreeMap<>();
    private static final Pattern UNSUPPORTED_CLASS = Pattern.compile("layer class '([^']+)' is not supported");

    static Path dl4jDir() {
        Path root = FixtureTest.repoRoot();
        Path dir = root == null ? null : root.resolveSibling("shared").resolve("real-keras/dl4j");
        return dir != null && Files.isDirectory(dir) ? dir : null;
    }

    @TestFactory
    Stream<DynamicTest> realFiles() throws IOException {
        Path dir = dl4jDir();
        if (dir == null) {
            return Stream.of(DynamicTest.dynamicTest("real Keras files", () -> Assumptions.abort("../shared/real-keras/dl4j not found; skipping")));
        }
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                String rel = dir.relativize(p).toString();
                if (rel.startsWith("examples")) {
                    if (!name.endsWith("_model.h5")) continue;
                    Path io = p.resolveSibling(name.replace("_model.h5", "_inputs_and_outputs.h5"));
                    Path ioOrNull = Files.isRegularFile(io) ? io : null;
                    tests.add(DynamicTest.dynamicTest(rel, () -> compare(p, null, ioOrNull)));
                    Path weights = p.resolveSibling(name.replace("_model.h5", "_weights.h5"));
                    if (Files.isRegularFile(weights)) {
                        tests.add(DynamicTest.dynamicTest(rel + " + " + weights.getFileName(), () -> compare(p, weights, ioOrNull)));
                    }
                } else if (rel.startsWith("weights") || rel.startsWith("tfkeras")) {
                    tests.add(DynamicTest.dynamicTest(rel, () -> loadOnly(p)));
                }
            }
        }
        return tests.stream();
    }

    @AfterAll
    static void tally() {
        System.out.println("RealKerasTest: loaded " + LOADED + ", compared with Keras outputs " + COMPARED + ", skipped or not compared "
                + SKIPPED.values().stream().mapToInt(Integer::intValue).sum() + " " + SKIPPED);
    }

    private static Model loadOrSkip(Path p, Path weights) {
        try {
            Model m = weights == null ? KerasModels.load(p) : KerasModels.load(p, weights);
            LOADED.incrementAndGet();
            return m;
        } catch (UnsupportedFeatureException e) {
            Matcher m = UNSUPPORTED_CLASS.matcher(e.getMessage());
            String reason = m.find() ? "unsupported layer " + m.group(1) : refusal(e.getMessage());
            skip(reason, e.getMessage());
            throw e;
        }
    }

    private static void skip(String reason, String detail) {
        synchronized (SKIPPED) {
            SKIPPED.merge(reason, 1, Integer::sum);
        }
        Assumptions.abort(reason + ": " + detail);
    }

    private static String refusal(String message) {
        if (message.contains("TensorFlow operation")) return "tf op layer";
        if (message.contains("Lambda")) return "Lambda";
        if (message.contains("bfloat16")) return "bfloat16 weights";
        int colon = message.indexOf("): ");
        String tail = colon >= 0 ? message.substring(colon + 3) : message;
        return "refused: " + (tail.length() > 60 ? tail.substring(0, 60) + "..." : tail);
    }

    private static void loadOnly(Path p) {
        Model m = loadOrSkip(p, null);
        assertEquals(m.outputNames().size(), m.outputShapes().size(), p + ": outputs");
    }

    /** Runs the model (config and weights from {@code modelFile}, or weights from {@code weights}) on the reference inputs. */
    private static void compare(Path modelFile, Path weights, Path io) {
        Model model = loadOrSkip(modelFile, weights);
        if (io == null) return;
        try (Hdf5 h5 = Hdf5.open(io, io.getFileName().toString())) {
            Group root = h5.root();
            List<Tensor> inputs = new ArrayList<>();
            for (String name : names(h5, root, "inputs")) inputs.add(h5.read((Dataset) h5.child(root, "inputs/" + name)));
            List<String> outNames = names(h5, root, "outputs");
            // predictions/ holds what the model computed; outputs/ is sometimes the training targets
            String group = h5.group(root, "predictions") != null ? "predictions" : "outputs";
            for (int i = 0; i < inputs.size(); i++) {
                int batch = model.inputShapes().get(i).dim(0);
                if (batch != Shape.UNKNOWN && batch != inputs.get(i).dim(0)) {
                    skip("fixed batch size differs from the reference data", modelFile + " declares batch " + batch
                            + " but the reference input has " + inputs.get(i).dim(0) + " rows");
                }
            }
            List<Tensor> got = model.predict(inputs);
            assertEquals(outNames.size(), got.size(), modelFile + ": number of outputs");
            for (int i = 0; i < outNames.size(); i++) {
                Tensor want = h5.read((Dataset) h5.child(root, group + "/" + outNames.get(i)));
                FixtureTest.compare(modelFile.getFileName() + " output '" + outNames.get(i) + "'", want, got.get(i), FixtureTest.RTOL, FixtureTest.ATOL);
            }
            COMPARED.incrementAndGet();
        }
    }

    /** The order of inputs/outputs: the JSON list in the root attribute, else the group's members. */
    private static List<String> names(Hdf5 h5, Group root, String key) {
        String json = h5.stringAttr(root, key);
        if (json != null) {
            Object v = Json.parseObject(json, key).get(key);
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) out.add(o.toString());
            return out;
        }
        return h5.childNames(h5.group(root, key));
    }
}
