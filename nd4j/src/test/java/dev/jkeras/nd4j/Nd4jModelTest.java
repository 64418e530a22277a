package dev.jkeras.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.cli.NpyIO;
import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Nd4jModel against the plain API on Keras fixtures: the inputs read by ND4J ({@code Nd4j.createFromNpzFile}) through
 * {@link Nd4jModel} give exactly what the inputs read by the CLI's reader ({@link NpyIO}) give through
 * {@link Model#predict}, and both match Keras's outputs.
 */
class Nd4jModelTest {
    static final double RTOL = 1e-4, ATOL = 1e-5;
    static final Path FIXTURES = fixtures();

    @BeforeEach
    void backend() {
        Backend.assume();
    }

    static Path fixtures() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/fixtures"))) return p.resolve("testdata/fixtures");
        }
        throw new IllegalStateException("no testdata/fixtures above " + Path.of("").toAbsolutePath());
    }

    /** (label, case dir, format) for the cases below in each writer and saved format they have. */
    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String c : List.of("mlp", "functional_multi", "embedding_lstm", "conv_2d", "tfops_int_argmax", "tfops_int_bool", "str_lookup")) {
            boolean everyFormat = c.equals("mlp") || c.equals("functional_multi");
            for (String w : List.of("keras3", "tfkeras")) {
                Path dir = FIXTURES.resolve(c).resolve(w);
                if (!Files.isDirectory(dir)) continue;
                for (String f : everyFormat ? List.of("keras", "h5", "json") : List.of("h5")) out.add(Arguments.of(c + "/" + w + " " + f, dir, f));
                if (!everyFormat) break;
            }
        }
        return out.stream();
    }

    static Model load(Path dir, String format) {
        return switch (format) {
            case "keras" -> KerasModels.load(dir.resolve("model.keras"));
            case "h5" -> KerasModels.load(dir.resolve("model.h5"));
            default -> KerasModels.load(dir.resolve("model.json"),
                    dir.resolve(Files.exists(dir.resolve("model.weights.h5")) ? "model.weights.h5" : "model_weights.h5"));
        };
    }

    /** The fixture's inputs as ND4J arrays: read by ND4J itself where it can (numbers), else converted from the CLI's reading (strings). */
    static Map<String, INDArray> nd4jInputs(Path dir) throws IOException {
        Map<String, Tensor> plain = NpyIO.readNpz(dir.resolve("inputs.npz"));
        boolean strings = plain.values().stream().anyMatch(Tensor::isString);
        if (!strings) return npz(dir.resolve("inputs.npz"));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : plain.entrySet()) {
            Tensor t = e.getValue();
            out.put(e.getKey(), t.isString() ? Nd4jTensors.toINDArray(t)
                    : Nd4j.create(t.data(), Nd4jTensors.longs(t.shape()), 'c').castTo(DataType.INT32));
        }
        return out;
    }

    /** ND4J's own reading of an .npz. */
    static Map<String, INDArray> npz(Path file) {
        try {
            return Nd4j.createFromNpzFile(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("ND4J cannot read " + file, e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsThePlainApiAndKeras(String label, Path dir, String format) throws IOException {
        Model model = load(dir, format);
        Map<String, Tensor> plain = model.predict(NpyIO.readNpz(dir.resolve("inputs.npz")));
        Map<String, INDArray> got = Nd4jModel.of(model).predict(nd4jInputs(dir));
        assertEquals(List.copyOf(plain.keySet()), List.copyOf(got.keySet()), label + ": output names");

        List<String> kerasDTypes = outputDTypes(dir);
        List<Tensor> keras = List.copyOf(NpyIO.readNpz(dir.resolve("outputs.npz")).values());
        int i = 0;
        for (String name : plain.keySet()) {
            String what = label + " output '" + name + "'";
            INDArray y = got.get(name);
            DType dtype = model.outputDTypes().get(i);
            assertEquals(Nd4jTensors.nd4jType(dtype), y.dataType(), what + ": ND4J type of Keras dtype " + dtype.keras());
            if (kerasDTypes != null && dir.getFileName().toString().equals("tfkeras")) {
                assertEquals(kerasDTypes.get(i), dtype.keras(), what + ": the dtype tf.keras returns");
            }
            assertEqual(what, plain.get(name), y);
            assertClose(what, keras.get(i), plain.get(name));
            i++;
        }
    }

    /** Bit for bit: the same shape and elements (read by ND4J's own indexed access). */
    static void assertEqual(String what, Tensor want, INDArray got) {
        assertArrayEquals(Nd4jTensors.longs(want.shape()), got.shape(), what + ": shape");
        if (want.isString()) {
            for (int k = 0; k < want.size(); k++) assertEquals(want.strings()[k], got.getString(k), what + ": element " + k);
            return;
        }
        INDArray flat = got.reshape(got.length());
        float[] w = want.data();
        for (int k = 0; k < w.length; k++) {
            if (Float.compare(w[k], (float) flat.getDouble(k)) != 0) fail(what + ": element " + k + ": got " + flat.getDouble(k) + ", want " + w[k]);
        }
    }

    private static double maxError;

    @AfterAll
    static void report() {
        System.out.println("Nd4jModelTest: largest |jkeras - Keras| over the fixture outputs: " + maxError);
    }

    /** Keras's output within |got - want| <= 1e-5 + 1e-4 |want|. */
    static void assertClose(String what, Tensor keras, Tensor got) {
        assertEquals(keras.shape(), got.shape(), what + ": shape vs Keras");
        if (keras.isString()) {
            assertArrayEquals(keras.strings(), got.strings(), what + " vs Keras");
            return;
        }
        float[] w = keras.data(), g = got.data();
        for (int k = 0; k < w.length; k++) {
            maxError = Math.max(maxError, Math.abs(g[k] - w[k]));
            if (!(Math.abs(g[k] - w[k]) <= ATOL + RTOL * Math.abs(w[k]))) fail(what + ": element " + k + ": got " + g[k] + ", Keras " + w[k]);
        }
    }

    private static final Pattern OUTPUT_DTYPES = Pattern.compile("\"output_dtypes\":\\s*\\[([^\\]]*)\\]");

    /** The manifest's {@code output_dtypes} (what Keras returned), or null. */
    static List<String> outputDTypes(Path dir) throws IOException {
        Matcher m = OUTPUT_DTYPES.matcher(Files.readString(dir.resolve("manifest.json")));
        if (!m.find()) return null;
        List<String> out = new ArrayList<>();
        Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (q.find()) out.add(q.group(1));
        return out;
    }

    // ------------------------------------------------------------------ layouts, dtypes and batches

    @Test
    void layoutsAndDtypesOfTheInputGiveTheSameResult() throws IOException {
        Path dir = FIXTURES.resolve("conv_2d/keras3");
        Model model = load(dir, "keras");
        Nd4jModel m = Nd4jModel.of(model);
        INDArray x = npz(dir.resolve("inputs.npz")).get("x"); // [2, 7, 9, 4]
        List<Tensor> want = model.predict(List.of(NpyIO.readNpz(dir.resolve("inputs.npz")).get("x")));

        INDArray padded = Nd4j.zeros(DataType.FLOAT, 4, 7, 9, 4);
        padded.get(NDArrayIndex.interval(1, 3)).assign(x);
        INDArray channelsFirst = x.permute(0, 3, 1, 2).dup('c'); // [2, 4, 7, 9] in C order: as NHWC, a strided view
        Map<String, INDArray> variants = new LinkedHashMap<>();
        variants.put("F order", x.dup('f'));
        variants.put("contiguous view with an offset", padded.get(NDArrayIndex.interval(1, 3)));
        variants.put("strided (permuted) view", channelsFirst.permute(0, 2, 3, 1));
        variants.put("DOUBLE", x.castTo(DataType.DOUBLE));
        for (Map.Entry<String, INDArray> v : variants.entrySet()) {
            List<INDArray> got = m.predict(List.of(v.getValue()));
            for (int i = 0; i < want.size(); i++) assertEqual(v.getKey() + ", output " + i, want.get(i), got.get(i));
        }
    }

    @Test
    void integerInputsInAnyIntegerOrFloatType() throws IOException {
        Path dir = FIXTURES.resolve("embedding_lstm/keras3");
        Model model = load(dir, "keras");
        INDArray tokens = npz(dir.resolve("inputs.npz")).get("tokens");
        assertEquals(DataType.INT32, tokens.dataType());
        Tensor want = model.predict(NpyIO.readNpz(dir.resolve("inputs.npz")).get("tokens"));
        for (DataType t : List.of(DataType.INT32, DataType.INT64, DataType.UINT8, DataType.INT16, DataType.FLOAT, DataType.DOUBLE)) {
            assertEqual(t.toString(), want, Nd4jModel.of(model).predict(tokens.castTo(t)));
        }
    }

    @Test
    void intermediateOutputsThroughAWithOutputsView() {
        Model model = load(FIXTURES.resolve("mlp/keras3"), "keras");
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 7);
        Map<String, Tensor> want = model.predict(Nd4jTensors.toTensor(x), "dense_1", "dense_3");
        Map<String, INDArray> got = Nd4jModel.of(model.withOutputs(List.of("dense_1", "dense_3"))).predict(Map.of("x", x));
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
        for (String k : want.keySet()) assertEqual(k, want.get(k), got.get(k));
    }

    @Test
    void emptyBatch() {
        Nd4jModel m = Nd4jModel.of(load(FIXTURES.resolve("mlp/keras3"), "keras"));
        INDArray y = m.predict(Nd4j.create(DataType.FLOAT, 0, 7));
        assertArrayEquals(new long[] {0, 3}, y.shape());
        assertTrue(y.isEmpty());
    }

    // ------------------------------------------------------------------ errors: InputException naming the input

    @Test
    void inputsThatDoNotFitAreInputExceptions() {
        Nd4jModel mlp = Nd4jModel.of(load(FIXTURES.resolve("mlp/keras3"), "keras"));
        InputException e = assertThrows(InputException.class, () -> mlp.predict(Nd4j.zeros(DataType.FLOAT, 2, 6)));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("(2, 6)"), e.getMessage());
        e = assertThrows(InputException.class, () -> mlp.predict(Nd4j.zeros(DataType.FLOAT, 7)));
        assertTrue(e.getMessage().contains("batch dimension is missing"), e.getMessage());
        assertThrows(InputException.class, () -> mlp.predict((INDArray) null));
        assertThrows(InputException.class, () -> mlp.predict(Nd4j.scalar(1f)));
        e = assertThrows(InputException.class, () -> mlp.predict(Nd4j.create(List.of("a", "b"), new long[] {2, 1}, 'c')));
        assertTrue(e.getMessage().contains("string"), e.getMessage());

        Nd4jModel multi = Nd4jModel.of(load(FIXTURES.resolve("functional_multi/keras3"), "keras"));
        INDArray a = Nd4j.zeros(DataType.FLOAT, 2, 5);
        e = assertThrows(InputException.class, () -> multi.predict(a));
        assertTrue(e.getMessage().contains("predict(List) or predict(Map)"), e.getMessage());
        assertThrows(InputException.class, () -> multi.predict(List.of(a)));
        e = assertThrows(InputException.class, () -> multi.predict(Map.of("a", a, "c", a)));
        assertTrue(e.getMessage().contains("'b'") || e.getMessage().contains("'c'"), e.getMessage());
        e = assertThrows(InputException.class, () -> multi.predict(List.of(a, Nd4j.zeros(DataType.FLOAT, 3, 5))));
        assertTrue(e.getMessage().contains("batch size"), e.getMessage());

        Nd4jModel tokens = Nd4jModel.of(load(FIXTURES.resolve("embedding_lstm/keras3"), "keras"));
        e = assertThrows(InputException.class, () -> tokens.predict(Nd4j.createFromArray(new long[][] {{1, 2, 3, 4, 5, 16777217L}})));
        assertTrue(e.getMessage().contains("input 'tokens'") && e.getMessage().contains("2^24"), e.getMessage());
        e = assertThrows(InputException.class, () -> tokens.predict(Nd4j.createFromArray(new float[][] {{1, 2, 3, 4, 5, 0.5f}})));
        assertTrue(e.getMessage().contains("'tokens'") && e.getMessage().contains("whole numbers"), e.getMessage());
    }

    @Test
    void outputsAreTheCallersOwn() {
        Model model = load(FIXTURES.resolve("mlp/keras3"), "keras");
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 7);
        Nd4jModel m = Nd4jModel.of(model);
        INDArray y1 = m.predict(x);
        y1.assign(0);
        assertEqual("second call", model.predict(Nd4jTensors.toTensor(x)), m.predict(x));
        assertEquals(Arrays.toString(new long[] {3, 3}), Arrays.toString(y1.shape()));
    }
}
