// An empty batch (batch size 0) runs through every fixture model and yields empty outputs, as in Keras;
// kernels that derived a per-row size by dividing by the batch size used to fail on it.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
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
import org.junit.jupiter.params.provider.MethodSource;

class EmptyBatchTest {
    /** Fixtures whose models TensorFlow itself cannot run on an empty batch: jkeras must say why (an InputException). */
    static final Map<String, String> KERAS_FAILS_TOO = Map.of(
            "tfops_reduce", "argmax", // tf.math.argmax over the (empty) batch axis
            "tfops_shape", "REFLECT padding", // MirrorPad needs paddings < axis size, also on the batch axis
            "tfops_tensorflow_op_layer_more", "REFLECT padding",
            "tfops_slicing", "out of range", // x[0] of an empty batch
            "tfops_slicing_ellipsis", "out of range");

    static Stream<Path> models() throws IOException {
        Path root = FixtureTest.repoRoot();
        Assumptions.assumeTrue(root != null, "testdata/fixtures not found");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> cases = Files.list(root.resolve("testdata/fixtures"))) {
            for (Path c : cases.sorted().toList()) {
                Path d = c.resolve("keras3");
                if (!Files.isDirectory(d)) d = c.resolve("tfkeras");
                Path m = d.resolve(Files.exists(d.resolve("model.keras")) ? "model.keras" : "model.h5");
                if (Files.exists(m) && Files.exists(d.resolve("inputs.npz"))) out.add(m);
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void emptyBatchGivesEmptyOutputs(Path file) throws IOException {
        Model m;
        try {
            m = KerasModels.load(file);
        } catch (UnsupportedFeatureException e) {
            Assumptions.abort("refused by design: " + e.getMessage());
            return;
        }
        Map<String, Tensor> given = Npy.readNpz(file.resolveSibling("inputs.npz"));
        List<Tensor> empty = new ArrayList<>();
        for (String n : m.inputNames()) {
            Tensor t = given.containsKey(n) ? given.get(n) : given.values().iterator().next();
            empty.add(t.isString() ? Tensor.ofStrings(t.shape().with(0, 0), new String[0]) : Tensor.of(t.shape().with(0, 0), new float[0]));
        }
        String fails = KERAS_FAILS_TOO.get(file.getParent().getParent().getFileName().toString());
        if (fails != null) {
            Model model = m;
            String msg = assertThrows(InputException.class, () -> model.predict(empty)).getMessage();
            assertTrue(msg.contains(fails), msg);
            return;
        }
        List<Tensor> out;
        try {
            out = m.predict(empty);
        } catch (UnsupportedFeatureException e) {
            Assumptions.abort("refused by design: " + e.getMessage());
            return;
        }
        List<Shape> want = m.outputShapes();
        for (int i = 0; i < out.size(); i++) {
            assertEquals(want.get(i).rank(), out.get(i).rank(), file + ": output " + i + " " + out.get(i).shape());
            // a rank-1 CategoryEncoding output has no batch axis
            if (want.get(i).rank() > 0 && want.get(i).dim(0) == Shape.UNKNOWN) {
                assertEquals(0, out.get(i).dim(0), file + ": output " + i + " " + out.get(i).shape());
            }
        }
    }
}
