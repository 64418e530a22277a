// tf.keras op layers jkeras cannot reproduce exactly are refused at load time, naming the layer, the TensorFlow
// function (or NodeDef op) and the argument: each case edits one call in a tfops fixture written by tf_keras.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.KerasException;
import dev.jkeras.error.UnsupportedFeatureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfOpsRefusalTest {
    @TempDir
    Path tmp;

    /** Loads fixture {@code casename}/tfkeras's JSON config with {@code from} replaced by {@code to} (once); returns the error. */
    private <E extends KerasException> String refused(Class<E> type, String casename, String from, String to) throws IOException {
        Path root = FixtureTest.repoRoot();
        Assumptions.assumeTrue(root != null, "testdata/fixtures not found");
        Path dir = root.resolve("testdata/fixtures/" + casename + "/tfkeras");
        Assumptions.assumeTrue(Files.isDirectory(dir), casename + " fixture not found");
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains(from), "fixture changed: " + from + " not in " + casename);
        Path edited = tmp.resolve(casename + ".json");
        Files.writeString(edited, json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return assertThrows(type, () -> KerasModels.load(edited, dir.resolve("model_weights.h5"))).getMessage();
    }

    private static void assertMentions(String msg, String... parts) {
        for (String p : parts) assertTrue(msg.contains(p), "expected \"" + p + "\" in: " + msg);
    }

    @Test
    void einsumAndEqualityRecordNoOperands() throws IOException {
        String msg = refused(UnsupportedFeatureException.class, "tfops_refused_function", "\"function\": \"math.cumsum\"", "\"function\": \"einsum\"");
        assertMentions(msg, "'tf.math.cumsum' (TFOpLambda)", "tf.einsum", "the equation");
        // x == y on Keras tensors: tf.keras writes __operators__.eq with x only
        msg = refused(UnsupportedFeatureException.class, "tfops_refused_function", "\"function\": \"math.cumsum\"", "\"function\": \"__operators__.eq\"");
        assertMentions(msg, "tf.__operators__.eq", "x == y", "tf.math.equal");
    }

    @Test
    void unknownArgumentNamesTheArgument() throws IOException {
        String msg = refused(UnsupportedFeatureException.class, "tfops_unary", "{\"alpha\": 0.05}", "{\"alpha\": 0.05, \"bias\": 1}");
        assertMentions(msg, "'tf.nn.leaky_relu_1' (TFOpLambda)", "tf.nn.leaky_relu", "argument 'bias'");
    }

    @Test
    void tensorWhereAConstantIsNeeded() throws IOException {
        String msg = refused(UnsupportedFeatureException.class, "tfops_shape", "{\"shape\": [-1, 2, 6]}", "{\"shape\": [\"x\", 0, 0]}");
        assertMentions(msg, "'tf.reshape' (TFOpLambda)", "argument 'shape'", "constant");
    }

    @Test
    void halfPrecisionCast() throws IOException {
        String msg = refused(UnsupportedFeatureException.class, "tfops_int", "{\"dtype\": \"int64\"}", "{\"dtype\": \"float16\"}");
        assertMentions(msg, "'tf.cast_12' (TFOpLambda)", "float16");
    }

    @Test
    void booleanAndTensorIndices() throws IOException {
        String msg = refused(UnsupportedFeatureException.class, "tfops_slicing", "{\"slice_spec\": 0}", "{\"slice_spec\": true}");
        assertMentions(msg, "(SlicingOpLambda)", "boolean");
        msg = refused(UnsupportedFeatureException.class, "tfops_slicing", "{\"slice_spec\": 0}",
                "{\"slice_spec\": {\"start\": [\"x\", 0, 0], \"stop\": null, \"step\": null}}");
        assertMentions(msg, "(SlicingOpLambda)", "slice_spec");
    }

    @Test
    void listWhereTensorFlowWantsOneTensor() throws IOException {
        // tf.math.add([x], 1.0) would stack the list into a tensor with an extra leading axis
        String msg = refused(UnsupportedFeatureException.class, "tfops_unary",
                "[\"dense_x\", 0, 0, {\"alpha\": 0.05}]", "[[\"dense_x\", 0, 0, {\"alpha\": 0.05}]]");
        assertMentions(msg, "'tf.nn.leaky_relu_1' (TFOpLambda)", "list of 1 values");
    }

    @Test
    void tensorFlowOpLayerOpsAndHalfPrecision() throws IOException {
        String msg = refused(UnsupportedFeatureException.class, "tfops_tensorflow_op_layer", "\"op\": \"Relu\"", "\"op\": \"Conv2D\"");
        assertMentions(msg, "'tf_op_layer_Relu' (TensorFlowOpLayer)", "'Conv2D'");
        msg = refused(UnsupportedFeatureException.class, "tfops_tensorflow_op_layer",
                "\"op\": \"Relu\", \"input\": [\"in0\"], \"attr\": {\"T\": {\"type\": \"DT_FLOAT\"}}",
                "\"op\": \"Relu\", \"input\": [\"in0\"], \"attr\": {\"T\": {\"type\": \"DT_HALF\"}}");
        assertMentions(msg, "'tf_op_layer_Relu' (TensorFlowOpLayer)", "float16");
    }
}
