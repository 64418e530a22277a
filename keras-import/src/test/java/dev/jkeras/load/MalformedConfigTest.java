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
        Path root = FixtureTest.repoRoot();
        Assumptions.assumeTrue(root != null, "testdata/fixtures not found");
        Path dir = root.resolve("testdata/fixtures/" + casename + "/keras3");
        Assumptions.assumeTrue(Files.isDirectory(dir), casename + " fixture not found");
        String json = Files.readString(dir.resolve("model.json"));
        assertTrue(json.contains(from), "fixture changed: " + from + " not in " + casename);
        Path edited = tmp.resolve(casename + ".json");
        Files.writeString(edited, json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return assertThrows(ModelFormatException.class, () -> KerasModels.load(edited, dir.resolve("model.weights.h5")));
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
}
