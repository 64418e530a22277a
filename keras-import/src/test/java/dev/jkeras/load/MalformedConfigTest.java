// Configs damaged in ways the JSON parser cannot see (dangling tensor references, a call whose
// tensor is no longer recognised as one): each must fail with a KerasException naming the place.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedConfigTest {
    @TempDir
    Path tmp;

    /** Loads fixture {@code casename}/keras3's JSON config with {@code from} replaced by {@code to} (once). */
    private ModelFormatException loadEdited(String casename, String from, String to) throws IOException {
        return loadEdited(casename, "keras3", "model.weights.h5", from, to);
    }

    private ModelFormatException loadEdited(String casename, String writer, String weights, String from, String to) throws IOException {
        Path root = FixtureTest.repoRoot();
        Assumptions.assumeTrue(root != null, "testdata/fixtures not found");
        Path dir = root.resolve("testdata/fixtures/" + casename + "/" + writer);
        Assumptions.assumeTrue(Files.isDirectory(dir), casename + " fixture not found");
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains(from), "fixture changed: " + from + " not in " + casename);
        Path edited = tmp.resolve(casename + ".json");
        Files.writeString(edited, json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return assertThrows(ModelFormatException.class, () -> KerasModels.load(edited, dir.resolve(weights)));
    }

    @Test
    void singleTensorPredictOnAMultiInputModelIsAnInputError() {
        Path root = FixtureTest.repoRoot();
        Assumptions.assumeTrue(root != null, "testdata/fixtures not found");
        Path f = root.resolve("testdata/fixtures/functional_multi/keras3/model.keras");
        Assumptions.assumeTrue(Files.exists(f), "functional_multi fixture not found");
        dev.jkeras.graph.Model m = KerasModels.load(f);
        String msg = assertThrows(dev.jkeras.error.InputException.class,
                () -> m.predict(dev.jkeras.tensor.Tensor.zeros(dev.jkeras.tensor.Shape.of(2, 5)))).getMessage();
        assertTrue(msg.contains("2 inputs"), msg);
    }

    @Test
    void layerCalledWithoutTensorsNamesTheLayer() throws IOException {
        String msg = loadEdited("state_stream", "\"class_name\": \"__keras_tensor__\"", "\"class_name\": \"__keras_tensor9_\"").getMessage();
        assertTrue(msg.contains("layer 'embed' (Embedding)") && msg.contains("0 input tensors"), msg);
        String lstmArg = "\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, null, 3], \"dtype\": \"float32\", "
                + "\"keras_history\": [\"embed\"";
        msg = loadEdited("state_stream", lstmArg, lstmArg.replace("__keras_tensor__", "__keras_tensor9_")).getMessage();
        assertTrue(msg.contains("layer 'lstm_seq' (LSTM)") && msg.contains("[]"), msg);
    }

    @Test
    void modelInputOutputAndKwargReferencesAreChecked() throws IOException {
        String msg = loadEdited("mask_td_embedding", "\"input_layers\": [\"t\", 0, 0]", "\"input_layers\": [\"t\", 0, 90]").getMessage();
        assertTrue(msg.contains("90"), msg);
        msg = loadEdited("mask_td_embedding", "\"output_layers\": [[\"td_lstm\", 0, 0]", "\"output_layers\": [[\"td_lstm\", 0, 7]").getMessage();
        assertTrue(msg.contains("7"), msg);
        msg = loadEdited("act_softmax_mask", "\"keras_history\": [\"m\", 0, 0]}}}}", "\"keras_history\": [\"m\", 0, 5]}}}}").getMessage();
        assertTrue(msg.contains("5"), msg);
    }

    @Test
    void negativeOrHugeTensorIndicesNameTheLayerAndNode() throws IOException {
        String msg = loadEdited("functional_multi", "\"keras_history\": [\"shared\", 1, 0]", "\"keras_history\": [\"shared\", 1, -1]").getMessage();
        assertTrue(msg.contains("inbound node 0") && msg.contains("tensor index -1"), msg);
        msg = loadEdited("functional_multi", "\"keras_history\": [\"shared\", 1, 0]", "\"keras_history\": [\"shared\", 4294967297, 0]").getMessage();
        assertTrue(msg.contains("node index 4294967297"), msg);
        msg = loadEdited("functional_multi", "\"keras_history\": [\"shared\", 1, 0]", "\"keras_history\": [\"shared\", -2147483648, 0]").getMessage();
        assertTrue(msg.contains("node index -2147483648"), msg);
        msg = loadEdited("functional_multi", "tfkeras", "model_weights.h5", "[[\"b\", 0, 0, {}]]", "[[\"b\", 0, 2147483648, {}]]").getMessage();
        assertTrue(msg.contains("layer 'shared'") && msg.contains("inbound node 1") && msg.contains("tensor index 2147483648"), msg);
        msg = loadEdited("functional_multi", "\"output_layers\": [[\"out_main\", 0, 0]", "\"output_layers\": [[\"out_main\", 0, -3]").getMessage();
        assertTrue(msg.contains("output_layers") && msg.contains("tensor index -3"), msg);
    }

    @Test
    void configIntegersOutsideTheIntRangeAreRefusedNotWrapped() throws IOException {
        // 4294967299 = 2^32 + 3: an unchecked intValue() made this a 3-unit Dense that loaded the 3-unit weights
        String msg = loadEdited("functional_multi", "\"units\": 3", "\"units\": 4294967299").getMessage();
        assertTrue(msg.contains("'units'") && msg.contains("4294967299") && msg.contains("int range"), msg);
        msg = loadEdited("functional_multi", "\"units\": 3", "\"units\": 3e10").getMessage();
        assertTrue(msg.contains("'units'"), msg);
    }

    @Test
    void shapeErrorsFoundWhileBuildingAreModelErrorsNotInputErrors() throws IOException {
        // the Add now sums a [None, 4] and a [None, 5] tensor: at predict time that check is an InputException
        String msg = loadEdited("functional_multi", "\"keras_history\": [\"shared\", 1, 0]", "\"keras_history\": [\"a\", 0, 0]").getMessage();
        assertTrue(msg.contains("layer 'add' (Add)") && msg.contains("building"), msg);
    }
}
