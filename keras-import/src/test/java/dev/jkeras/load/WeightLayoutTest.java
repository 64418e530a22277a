// Weight-path rules on small synthetic files (written with jhdf's writer): Keras 3 class-counter numbering,
// tf.keras 2.13/2.14 numbering, legacy layer_names variants and nested-model splitting, and the errors.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.WeightsException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightLayoutTest {
    @TempDir
    Path tmp;

    static final float[][] K1 = {{1, 2, 3}, {4, 5, 6}};
    static final float[] B1 = {0.5f, -1, 2};
    static final float[][] K2 = {{1}, {-1}, {2}};
    static final float[] B2 = {0.25f};
    static final float[] X = {1, -2};

    /** Dense(3) then Dense(1), both linear, on x = (1, -2). */
    static float expected() {
        float[] h = new float[3];
        for (int j = 0; j < 3; j++) h[j] = X[0] * K1[0][j] + X[1] * K1[1][j] + B1[j];
        return h[0] * K2[0][0] + h[1] * K2[1][0] + h[2] * K2[2][0] + B2[0];
    }

    static String dense(String name, int units, boolean trainable) {
        return "{\"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", \"units\": " + units
                + ", \"activation\": \"linear\", \"use_bias\": true, \"trainable\": " + trainable + "}}";
    }

    Path json(String text) throws IOException {
        Path p = tmp.resolve("model.json");
        Files.writeString(p, text);
        return p;
    }

    static String sequential(String version, String... layers) {
        return "{\"class_name\": \"Sequential\", \"keras_version\": \"" + version + "\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 2], \"name\": \"x\"}}, "
                + String.join(", ", layers) + "]}}";
    }

    static void vars(WritableGroup parent, String name, String layerName, Object... arrays) {
        WritableGroup v = parent.putGroup(name).putGroup("vars");
        if (layerName != null) v.putAttribute("name", layerName);
        for (int i = 0; i < arrays.length; i++) v.putDataset(Integer.toString(i), arrays[i]);
    }

    static void check(Model m) {
        Tensor y = m.predict(Tensor.of(dev.jkeras.tensor.Shape.of(1, 2), X.clone()));
        assertArrayEquals(new float[] {expected()}, y.data(), 1e-5f);
    }

    @Test
    void keras3FunctionalCountsInputLayers() throws IOException {
        Path w = tmp.resolve("f.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            layers.putGroup("input_layer").putGroup("vars").putAttribute("name", "x");
            vars(layers, "dense", "first", K1, B1);
            vars(layers, "dense_1", "second", K2, B2);
        }
        String cfg = """
                {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "f", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "name": "x", "config": {"batch_shape": [null, 2], "name": "x"}, "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Dense", "name": "first", "config": {"name": "first", "units": 3},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}], "kwargs": {}}]},
                  {"module": "keras.layers", "class_name": "Dense", "name": "second", "config": {"name": "second", "units": 1},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["first", 0, 0]}}], "kwargs": {}}]}],
                  "input_layers": ["x", 0, 0], "output_layers": ["second", 0, 0]}}""";
        check(KerasModels.load(json(cfg), w));
    }

    @Test
    void keras3SequentialDoesNotCountItsInputLayer() throws IOException {
        Path w = tmp.resolve("s.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            vars(layers, "dense", "a", K1, B1);
            vars(layers, "dropout", "drop");
            vars(layers, "dense_1", "b", K2, B2);
        }
        check(KerasModels.load(json(sequential("3.15.1", dense("a", 3, true),
                "{\"class_name\": \"Dropout\", \"config\": {\"name\": \"drop\", \"rate\": 0.5}}", dense("b", 1, true))), w));
    }

    @Test
    void tfKeras213WeightedLayersUseTwoSuffixes() throws IOException {
        Path w = tmp.resolve("t13.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup deps = f.putGroup("_layer_checkpoint_dependencies");
            vars(deps, "dense", null, K1, B1);
            vars(deps, "dropout", null);
            vars(deps, "dense_2", null, K2, B2);
        }
        check(KerasModels.load(json(sequential("2.13.1", dense("a", 3, true),
                "{\"class_name\": \"Dropout\", \"config\": {\"name\": \"drop\", \"rate\": 0.5}}", dense("b", 1, true))), w));
    }

    @Test
    void tfKeras214NumbersLikeKeras3() throws IOException {
        Path w = tmp.resolve("t14.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup deps = f.putGroup("_layer_checkpoint_dependencies");
            vars(deps, "dense", null, K1, B1);
            vars(deps, "dense_1", null, K2, B2);
        }
        check(KerasModels.load(json(sequential("2.14.0", dense("a", 3, true), dense("b", 1, true))), w));
    }

    @Test
    void underscoreVariantOfTheLastSegmentIsAccepted() throws IOException {
        Path w = tmp.resolve("u.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            vars(layers, "_dense", "a", K1, B1);
            vars(layers, "dense_1", "b", K2, B2);
        }
        check(KerasModels.load(json(sequential("3.0.5", dense("a", 3, true), dense("b", 1, true))), w));
    }

    @Test
    void nameAttributeMismatchIsReported() throws IOException {
        Path w = tmp.resolve("n.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            vars(layers, "dense", "head", K1, B1);
            vars(layers, "dense_1", "b", K2, B2);
        }
        var e = assertThrows(WeightsException.class, () -> KerasModels.load(json(sequential("3.15.1", dense("a", 3, true), dense("b", 1, true))), w));
        assertTrue(e.getMessage().contains("'head'") && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void countMismatchNamesLayerAndArrays() throws IOException {
        Path w = tmp.resolve("c.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            vars(layers, "dense", "a", (Object) K1);
            vars(layers, "dense_1", "b", K2, B2);
        }
        var e = assertThrows(WeightsException.class, () -> KerasModels.load(json(sequential("3.15.1", dense("a", 3, true), dense("b", 1, true))), w));
        assertTrue(e.getMessage().contains("layer 'a' (Dense)") && e.getMessage().contains("bias") && e.getMessage().contains("layers/dense/vars"),
                e.getMessage());
    }

    @Test
    void shapeMismatchNamesWeightAndShapes() throws IOException {
        Path w = tmp.resolve("sh.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            vars(layers, "dense", "a", K2, B1);
            vars(layers, "dense_1", "b", K2, B2);
        }
        var e = assertThrows(WeightsException.class, () -> KerasModels.load(json(sequential("3.15.1", dense("a", 3, true), dense("b", 1, true))), w));
        assertTrue(e.getMessage().contains("'kernel'") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 1)"), e.getMessage());
    }

    /** A legacy weights-only group for one layer: weight_names plus datasets at those relative paths. */
    static void legacyLayer(WritableGroup root, String layer, String[] names, Object... arrays) {
        WritableGroup g = root.putGroup(layer);
        g.putAttribute("weight_names", names);
        WritableGroup inner = g.putGroup(layer);
        for (int i = 0; i < names.length; i++) inner.putDataset(names[i].substring(layer.length() + 1), arrays[i]);
    }

    @Test
    void legacySplitLayerNamesAttributes() throws IOException {
        Path w = tmp.resolve("legacy.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            f.putAttribute("layer_names0", new String[] {"a"});
            f.putAttribute("layer_names1", new String[] {"b"});
            f.putAttribute("keras_version", "2.3.1");
            f.putAttribute("backend", "tensorflow");
            legacyLayer(f, "a", new String[] {"a/kernel:0", "a/bias:0"}, K1, B1);
            legacyLayer(f, "b", new String[] {"b/kernel:0", "b/bias:0"}, K2, B2);
        }
        check(KerasModels.load(json(sequential("2.3.1", dense("a", 3, true), dense("b", 1, true))), w));
    }

    @Test
    void legacyMissingGroupNamesBothLists() throws IOException {
        Path w = tmp.resolve("missing.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            f.putAttribute("layer_names", new String[] {"a", "other"});
            legacyLayer(f, "a", new String[] {"a/kernel:0", "a/bias:0"}, K1, B1);
            legacyLayer(f, "other", new String[] {"other/kernel:0", "other/bias:0"}, K2, B2);
        }
        var e = assertThrows(WeightsException.class, () -> KerasModels.load(json(sequential("2.3.1", dense("a", 3, true), dense("b", 1, true))), w));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("[a, other]"), e.getMessage());
    }

    @Test
    void legacyNestedModelPutsFrozenLayersAfterTrainableOnes() throws IOException {
        Path w = tmp.resolve("nested.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            f.putAttribute("layer_names", new String[] {"inner"});
            f.putAttribute("keras_version", "2.3.1");
            WritableGroup g = f.putGroup("inner");
            g.putAttribute("weight_names", new String[] {"b/kernel:0", "b/bias:0", "a/kernel:0", "a/bias:0"});
            WritableGroup a = g.putGroup("a");
            a.putDataset("kernel:0", K1);
            a.putDataset("bias:0", B1);
            WritableGroup b = g.putGroup("b");
            b.putDataset("kernel:0", K2);
            b.putDataset("bias:0", B2);
        }
        String inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 2], \"name\": \"ix\"}}, "
                + dense("a", 3, false) + ", " + dense("b", 1, true) + "]}}";
        check(KerasModels.load(json(sequential("2.3.1", inner)), w));
    }
}
