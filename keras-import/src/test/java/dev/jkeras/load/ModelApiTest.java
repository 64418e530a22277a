package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.graph.ModelState;
import dev.jkeras.graph.TensorSpec;
import dev.jkeras.kernel.Parallel;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java API around predict: input/output specs, intermediate outputs (checked against every layer's output as
 * Keras computed it, testdata/api/make_api.py), thread control, and array/buffer conversions.
 */
class ModelApiTest {
    static final Path DIR = root().resolve("testdata/api");

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/api"))) return p;
        }
        throw new IllegalStateException("no testdata/api above " + Path.of("").toAbsolutePath());
    }

    static Model load(boolean fold) {
        String before = System.getProperty("jkeras.fold");
        if (!fold) System.setProperty("jkeras.fold", "false");
        try {
            return KerasModels.load(DIR.resolve("api_model.keras"));
        } finally {
            if (before == null) System.clearProperty("jkeras.fold");
            else System.setProperty("jkeras.fold", before);
        }
    }

    static Tensor input() throws IOException {
        return Npy.readNpz(DIR.resolve("inputs.npz")).get("image");
    }

    static void assertClose(Tensor want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.size(); i++) {
            float w = want.data()[i], g = got.data()[i];
            assertTrue(Math.abs(g - w) <= 1e-5 + 1e-4 * Math.abs(w), what + "[" + i + "]: got " + g + ", Keras " + w);
        }
    }

    @Test
    void specsNameShapeAndDtype() {
        Model m = load(true);
        assertEquals(List.of(new TensorSpec("image", Shape.of(Shape.UNKNOWN, 8, 8, 3), DType.FLOAT32)), m.inputs());
        assertEquals(List.of(new TensorSpec("probs", Shape.of(Shape.UNKNOWN, 3), DType.FLOAT32),
                new TensorSpec("score", Shape.of(Shape.UNKNOWN, 2), DType.FLOAT32)), m.outputs());
    }

    @Test
    void everyLayerOutputMatchesKerasWithFoldingOff() throws IOException {
        Model m = load(false);
        Map<String, Tensor> keras = Npy.readNpz(DIR.resolve("layer_outputs.npz"));
        Model view = m.withOutputs(List.copyOf(keras.keySet()));
        assertEquals(List.copyOf(keras.keySet()), view.outputNames());
        List<Tensor> got = view.predict(List.of(input()));
        int i = 0;
        for (Map.Entry<String, Tensor> e : keras.entrySet()) {
            assertClose(e.getValue(), got.get(i), e.getKey());
            assertEquals(e.getValue().shape().dropFirst(), view.outputs().get(i).shape().dropFirst(), e.getKey());
            i++;
        }
    }

    @Test
    void foldedModelGivesFusedOutputsAndRefusesTheFusedProducer() throws IOException {
        Model m = load(true);
        Map<String, Tensor> keras = Npy.readNpz(DIR.resolve("layer_outputs.npz"));
        Map<String, Tensor> got = m.predict(input(), "relu", "gap");
        assertClose(keras.get("relu"), got.get("relu"), "relu");
        assertClose(keras.get("gap"), got.get("gap"), "gap");
        InputException e = assertThrows(InputException.class, () -> m.withOutputs(List.of("conv")));
        assertTrue(e.getMessage().contains("'conv'") && e.getMessage().contains("jkeras.fold=false"), e.getMessage());
    }

    @Test
    void viewRunsOnlyWhatItsOutputsNeedAndOwnsThem() throws IOException {
        Model m = load(true);
        Tensor x = input();
        List<Tensor> full = m.predict(List.of(x));
        List<Tensor> view = m.withOutputs(List.of("score", "probs")).predict(List.of(x));
        assertArrayEquals(full.get(1).data(), view.get(0).data());
        assertArrayEquals(full.get(0).data(), view.get(1).data());
        Model flat = m.withOutputs(List.of("relu", "flat"));
        List<Tensor> two = flat.predict(List.of(x));
        assertNotSame(two.get(0).data(), two.get(1).data(), "a Flatten view of an earlier output must be the caller's own array");
    }

    @Test
    void badLayerNamesAreInputErrors() {
        Model m = load(true);
        assertTrue(assertThrows(InputException.class, () -> m.withOutputs(List.of("nope"))).getMessage().contains("no layer named 'nope'"));
        assertThrows(InputException.class, () -> m.withOutputs(List.of("probs", "probs")));
        assertThrows(InputException.class, () -> m.withOutputs(List.of()));
        assertThrows(InputException.class, () -> m.withOutputs(List.of("probs:1")));
    }

    @Test
    void threadCountDoesNotChangeResults() throws IOException {
        Model m = load(true);
        Tensor x = input();
        List<Tensor> all = m.predict(List.of(x));
        Model one = m.withThreads(1);
        assertEquals(1, one.threads());
        assertEquals(Parallel.threads(), m.threads());
        List<Tensor> serial = one.predict(List.of(x));
        for (int i = 0; i < all.size(); i++) assertArrayEquals(all.get(i).data(), serial.get(i).data());
        assertThrows(IllegalArgumentException.class, () -> m.withThreads(0));
        ModelState s = m.newState();
        one.predict(List.of(x), s); // same plan: states are shared between thread views
        assertThrows(IllegalArgumentException.class, () -> m.withOutputs(List.of("gap")).predict(List.of(x), s));
    }

    @Test
    void rowsAndArraysAndBuffers() throws IOException {
        Tensor x = input();
        Model m = load(true).withOutputs(List.of("score"));
        float[][] rows = new float[4][];
        for (int i = 0; i < 4; i++) rows[i] = java.util.Arrays.copyOfRange(x.data(), i * 192, (i + 1) * 192);
        float[][] out = m.predict(rows);
        Tensor want = m.predict(x);
        assertEquals(4, out.length);
        for (int i = 0; i < 4; i++) assertArrayEquals(java.util.Arrays.copyOfRange(want.data(), i * 2, i * 2 + 2), out[i]);
        assertThrows(InputException.class, () -> m.predict(new float[][] {new float[5]}));

        float[][][][] nested = (float[][][][]) x.toArray();
        assertEquals(8, nested[3][7].length);
        Tensor back = Tensor.fromArray(nested);
        assertEquals(x.shape(), back.shape());
        assertArrayEquals(x.data(), back.data());

        FloatBuffer direct = ByteBuffer.allocateDirect(x.size() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        x.copyTo(direct);
        assertEquals(x.size(), direct.position());
        direct.flip();
        Tensor fromBuffer = Tensor.of(x.shape(), direct);
        assertEquals(0, direct.position());
        assertArrayEquals(x.data(), fromBuffer.data());
    }

    @Test
    void nestedArrayConversions() {
        assertEquals(Shape.of(2, 3), Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).shape());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.fromArray(new double[][] {{1, 2}, {3, 4}}).data());
        assertArrayEquals(new float[] {1, 0}, Tensor.fromArray(new boolean[] {true, false}).data());
        assertArrayEquals(new float[] {16777216f}, Tensor.fromArray(new long[] {1L << 24}).data());
        assertThrows(InputException.class, () -> Tensor.fromArray(new long[] {(1L << 24) + 1}));
        assertThrows(InputException.class, () -> Tensor.fromArray(new float[][] {{1, 2}, {3}}));
        assertThrows(InputException.class, () -> Tensor.fromArray(new float[][] {{1, 2}, null}));
        assertThrows(InputException.class, () -> Tensor.fromArray(new Object[] {1f}));
        assertThrows(InputException.class, () -> Tensor.fromArray("x".getBytes().length));
        assertEquals(Shape.of(0, 0), Tensor.fromArray(new float[0][]).shape());
        Tensor s = Tensor.fromArray(new String[][] {{"a", "b"}});
        assertTrue(s.isString());
        assertArrayEquals(new String[] {"a", "b"}, ((String[][]) s.toArray())[0]);
        assertEquals(2.5f, Tensor.fromArray(2.5f).toArray());
    }
}
