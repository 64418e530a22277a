// Integer and bool tensors through raw ops: what jkeras does not reproduce is refused at load time naming the layer,
// the function and the dtype (each case edits one call of a tfops_int fixture written by real Keras), and what only
// the values decide (division by zero, results beyond ±2^24, bad integer inputs) is an InputException at predict.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntDTypeTest {
    @TempDir
    Path tmp;

    private static Path fixture(String casename, String writer) {
        Path root = FixtureTest.repoRoot();
        Assumptions.assumeTrue(root != null, "testdata/fixtures not found");
        Path dir = root.resolve("testdata/fixtures/" + casename + "/" + writer);
        Assumptions.assumeTrue(Files.isDirectory(dir), casename + " fixture not found");
        return dir;
    }

    /** Loads fixture {@code casename}/{@code writer}'s JSON config with {@code from} replaced by {@code to} (once); returns the error. */
    private String refused(String casename, String writer, String from, String to) throws IOException {
        Path dir = fixture(casename, writer);
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains(from), "fixture changed: " + from + " not in " + casename);
        Path edited = tmp.resolve(casename + ".json");
        Files.writeString(edited, json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        Path weights = dir.resolve(writer.equals("keras3") ? "model.weights.h5" : "model_weights.h5");
        return assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(edited, weights)).getMessage();
    }

    private String refused(String casename, String from, String to) throws IOException {
        return refused(casename, "tfkeras", from, to);
    }

    private static void assertMentions(String msg, String... parts) {
        for (String p : parts) assertTrue(msg.contains(p), "expected \"" + p + "\" in: " + msg);
    }

    @Test
    void floatFunctionsOfIntegersAreRefused() throws IOException {
        assertMentions(refused("tfops_int_divmod", "\"function\": \"math.abs\"", "\"function\": \"math.sqrt\""),
                "'tf.math.abs' (TFOpLambda)", "tf.math.sqrt", "dtype int32", "float tensors only");
        assertMentions(refused("tfops_int_divmod", "\"function\": \"math.sign\"", "\"function\": \"math.floor\""),
                "'tf.math.sign' (TFOpLambda)", "tf.math.floor", "dtype int32");
        // TF 2.0-2.3 NodeDef: Sqrt bound to the same function
        assertMentions(refused("tfops_int_tensorflow_op_layer", "\"op\": \"Neg\"", "\"op\": \"Sqrt\""),
                "'tf_op_layer_Neg' (TensorFlowOpLayer)", "Sqrt", "dtype int32");
    }

    @Test
    void float64IsRefusedWhereRoundingCouldJump() throws IOException {
        // truediv of int32 is float64; floormod of it, or its cast to int32, could jump where float32 rounding moved it
        assertMentions(refused("tfops_int_divmod", "\"function\": \"math.multiply\"", "\"function\": \"math.floormod\""),
                "'tf.math.multiply' (TFOpLambda)", "tf.math.floormod", "dtype float64");
        assertMentions(refused("tfops_int_divmod", "{\"dtype\": \"float32\"}", "{\"dtype\": \"int32\"}"),
                "'tf.cast' (TFOpLambda)", "tf.cast", "dtype float64");
    }

    @Test
    void operandDTypesTensorFlowRejects() throws IOException {
        assertMentions(refused("tfops_int_bool", "\"function\": \"math.equal\"", "\"function\": \"math.logical_and\""),
                "'tf.math.equal_3' (TFOpLambda)", "calling tf.math.logical_and", "dtype int32", "bool tensors");
        // bool + int32
        assertMentions(refused("tfops_int_bool", "{\"dtype\": \"int32\"}", "{\"dtype\": \"bool\"}"),
                "'tf.__operators__.add' (TFOpLambda)", "different dtypes, bool and int32");
        assertMentions(refused("tfops_int_argmax", "[[\"tf.math.argmax\", 0, 0, {\"depth\": 5}]]", "[[\"x\", 0, 0, {\"depth\": 5}]]"),
                "'tf.one_hot' (TFOpLambda)", "indices of dtype float32");
        assertMentions(refused("tfops_int_argmax", "\"output_type\": \"int32\"", "\"output_type\": \"int16\""),
                "'tf.math.argmin' (TFOpLambda)", "output_type int16");
        // an integer constant float32 cannot hold
        assertMentions(refused("tfops_int_argmax", "{\"y\": 1, \"name\": null}", "{\"y\": 16777217, \"name\": null}"),
                "'tf.__operators__.add' (TFOpLambda)", "16777217", "dtype int64");
    }

    @Test
    void kerasLayersWithIntegerSemanticsAreRefused() throws IOException {
        // Flatten keeps the int32 dtype; a GlobalMaxPooling1D of integers would stay integer in Keras
        String msg = refused("tfops_int_argmax", "\"class_name\": \"Flatten\"", "\"class_name\": \"GlobalMaxPooling1D\"");
        assertMentions(msg, "layer 'flat_int' (GlobalMaxPooling1D)", "dtype int32");
    }

    @Test
    void keras3OpNodes() throws IOException {
        assertMentions(refused("ops_int_k3", "keras3", "{\"name\": \"cast\", \"dtype\": \"int32\"}",
                "{\"name\": \"cast\", \"dtype\": \"float16\"}"), "layer 'cast'", "float16");
    }

    /** The fixture's model (json + weights) and its inputs, edited by {@code edit}. */
    private static List<Tensor> predict(String casename, Map<String, float[]> edit) throws IOException {
        Path dir = fixture(casename, "tfkeras");
        Model m = KerasModels.load(dir.resolve("model.json"), dir.resolve("model_weights.h5"));
        Map<String, Tensor> in = Npy.readNpz(dir.resolve("inputs.npz"));
        List<Tensor> feed = new ArrayList<>();
        for (String name : m.inputNames()) {
            Tensor t = in.get(name);
            float[] v = edit.get(name);
            if (v != null) {
                float[] d = t.data().clone();
                System.arraycopy(v, 0, d, 0, v.length);
                t = Tensor.of(t.shape(), d);
            }
            feed.add(t);
        }
        return m.predict(feed);
    }

    private static String inputError(String casename, Map<String, float[]> edit) {
        return assertThrows(InputException.class, () -> predict(casename, edit)).getMessage();
    }

    @Test
    void integerDivisionByZeroRaisesAsTensorFlowDoes() {
        // k = -1 makes the divisor k + 1 zero
        assertMentions(inputError("tfops_int_divmod", Map.of("k", new float[] {-1})), "integer division by zero");
    }

    @Test
    void negativeIntegerPowersRaiseAsTensorFlowDoes() {
        // pow(2, k + 1) with k = -2; the floor divisions by k + 1 = -1 are fine
        assertMentions(inputError("tfops_int_divmod", Map.of("k", new float[] {-2})), "negative power");
    }

    @Test
    void integerResultsBeyondFloat32AreRefused() {
        // j = i - 4 = 5000: j ** 2 is 25000000 > 2^24
        assertMentions(inputError("tfops_int_divmod", Map.of("i", new float[] {5004})), "result 25000000", "±2^24");
        // tf.cast(x * 3, "int32"): 3e7 fits int32 but not float32; 3e10 does not fit int32 (TensorFlow's result is undefined)
        assertMentions(inputError("tfops_int", Map.of("x", new float[] {1e7f})), "int32 result 30000000", "±2^24");
        assertMentions(inputError("tfops_int", Map.of("x", new float[] {1e10f})), "cannot cast", "int32");
    }

    @Test
    void integerInputsAreChecked() {
        assertMentions(inputError("tfops_int_wrap", Map.of("u", new float[] {256})), "input 'u' is uint8", "256.0");
        assertMentions(inputError("tfops_int_wrap", Map.of("b", new float[] {1.5f})), "input 'b' is int8", "whole numbers");
        assertMentions(inputError("tfops_int_wrap", Map.of("s", new float[] {-40000})), "input 's' is int16");
    }

    @Test
    void dtypesOfTheModel() throws IOException {
        Path dir = fixture("tfops_int_argmax", "tfkeras");
        Model m = KerasModels.load(dir.resolve("model.h5"));
        assertEquals(List.of(DType.FLOAT32, DType.INT32), m.inputDTypes());
        assertEquals(DType.INT64, m.outputDTypes().get(0)); // argmax
        assertEquals(DType.BOOL, m.outputDTypes().get(5));  // equal
        assertEquals(DType.INT32, m.outputDTypes().get(7)); // one_hot with int on/off values
        assertEquals(DType.FLOAT32, m.outputDTypes().get(m.outputDTypes().size() - 3)); // Embedding
        assertEquals(Shape.of(Shape.UNKNOWN, 4), m.outputShapes().get(0));
    }

    @Test
    void wrapAroundIsExact() throws IOException {
        // uint8 250 + 200 = 194, 250 * 3 = 238; int8 100 * 20 = -48 (mod 256, as TensorFlow wraps)
        List<Tensor> out = predict("tfops_int_wrap", Map.of("u", new float[] {250}, "b", new float[] {100}));
        assertEquals(194f, out.get(0).get(0, 0));
        assertEquals(238f, out.get(1).get(0, 0));
        assertEquals(-48f, out.get(8).get(0, 0));
    }
}
