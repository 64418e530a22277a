// Real Keras 1, Keras 2 and tf.keras files without usable reference outputs (../shared/real-keras/dl4j) run on the inputs of
// testdata/real-keras-refs/<stem>.npz and compared with what tf_keras computed for them (real_keras_refs.py).
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class RealKerasRefsTest {
    private static final List<String> DIRS = List.of("tfkeras", "weights", "examples/simple_lstm");

    @TestFactory
    Stream<DynamicTest> realFilesAgainstTfKeras() throws IOException {
        Path root = FixtureTest.repoRoot();
        Path refs = root == null ? null : root.resolve("testdata/real-keras-refs");
        Path shared = RealKerasTest.dl4jDir();
        if (refs == null || shared == null || !Files.isDirectory(refs)) {
            return Stream.of(DynamicTest.dynamicTest("real Keras files", () -> Assumptions.abort("../shared/real-keras/dl4j not found")));
        }
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(refs)) {
            for (Path ref : s.filter(p -> p.toString().endsWith(".npz")).sorted().toList()) {
                String stem = ref.getFileName().toString().replace(".npz", "");
                Path model = DIRS.stream().map(d -> shared.resolve(d).resolve(stem + ".h5")).filter(Files::isRegularFile).findFirst().orElse(null);
                tests.add(DynamicTest.dynamicTest(stem, () -> run(model, ref, stem)));
            }
        }
        return tests.stream();
    }

    private static void run(Path model, Path ref, String stem) throws IOException {
        Assumptions.assumeTrue(model != null, stem + ".h5 is not in ../shared/real-keras/dl4j");
        Model m = KerasModels.load(model);
        Map<String, Tensor> arrays = Npy.readNpz(ref);
        List<Tensor> in = new ArrayList<>();
        for (int i = 0; arrays.containsKey("in_" + i); i++) in.add(arrays.get("in_" + i));
        List<Tensor> got = m.predict(in);
        int n = 0;
        for (; arrays.containsKey("out_" + n); n++) {
            FixtureTest.compare(stem + " output " + n, arrays.get("out_" + n), got.get(n), FixtureTest.RTOL, FixtureTest.ATOL);
        }
        assertEquals(n, got.size(), stem + ": number of outputs");
    }
}
