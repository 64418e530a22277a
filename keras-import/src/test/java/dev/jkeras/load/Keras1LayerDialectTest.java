// Keras 1 spellings of the reshaping layers and BatchNormalization mode 0 (ZeroPadding2D dict and 4-tuple, ZeroPadding3D
// per-axis ints, Cropping2D, UpSampling1D `length`, dim_ordering "th"/"tf"), written as a Keras 1.2.2 Sequential
// JSON, must compute what tf.keras computed for the equivalent Keras 2 layer (the reshape_* fixtures).
package dev.jkeras.load;

import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Keras1LayerDialectTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "pad2 dict|reshape_crop_pad|img|pad2|ZeroPadding2D|\"padding\": {\"top_pad\": 1, \"bottom_pad\": 2, \"left_pad\": 0, \"right_pad\": 3}, \"dim_ordering\": \"tf\"",
        "pad2 4-tuple|reshape_crop_pad|img|pad2|ZeroPadding2D|\"padding\": [1, 2, 0, 3], \"dim_ordering\": \"tf\"",
        "pad2 th|reshape_crop_pad|img|pad2_cf|ZeroPadding2D|\"padding\": [2, 1], \"dim_ordering\": \"th\"",
        "pad3 th|reshape_crop_pad|vol|pad3_cf|ZeroPadding3D|\"padding\": [1, 1, 1], \"dim_ordering\": \"th\"",
        "pad1 int|reshape_crop_pad|seq|pad1|ZeroPadding1D|\"padding\": 2",
        "crop1|reshape_crop_pad|seq|crop1|Cropping1D|\"cropping\": [1, 2]",
        "crop2|reshape_crop_pad|img|crop2|Cropping2D|\"cropping\": [[1, 0], [2, 1]], \"dim_ordering\": \"tf\"",
        "crop3 th|reshape_crop_pad|vol|crop3_cf|Cropping3D|\"cropping\": [[1, 1], [1, 1], [0, 0]], \"dim_ordering\": \"th\"",
        "up1 length|reshape_upsampling|seq|up1|UpSampling1D|\"length\": 3",
        "up2|reshape_upsampling|img|up2|UpSampling2D|\"size\": [2, 3], \"dim_ordering\": \"tf\"",
        "up3 th|reshape_upsampling|vol|up3_cf|UpSampling3D|\"size\": [2, 2, 2], \"dim_ordering\": \"th\"",
    })
    void keras1Config(String label, String fixture, String input, String output, String cls, String config, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Path root = FixtureTest.repoRoot();
        Path dir = root == null ? null : root.resolve("testdata/fixtures").resolve(fixture).resolve("tfkeras");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "fixture " + fixture + " not found");
        Map<String, Tensor> inputs = Npy.readNpz(dir.resolve("inputs.npz"));
        Map<String, Tensor> outputs = Npy.readNpz(dir.resolve("outputs.npz"));
        Tensor x = inputs.get(input), want = outputs.get(output);
        Assumptions.assumeTrue(want != null, output + " not in " + fixture);
        StringBuilder shape = new StringBuilder("[null");
        for (int i = 1; i < x.rank(); i++) shape.append(", ").append(x.dim(i));
        shape.append(']');
        String json = "{\"class_name\": \"Sequential\", \"keras_version\": \"1.2.2\", \"backend\": \"tensorflow\", \"config\": [{\"class_name\": \""
                + cls + "\", \"config\": {\"name\": \"l\", \"trainable\": true, \"batch_input_shape\": " + shape
                + ", \"input_dtype\": \"float32\", " + config + "}}]}";
        Path file = tmp.resolve("keras1.json");
        Files.writeString(file, json);
        Model m = KerasModels.load(file);
        Tensor got = m.predict(List.of(x)).get(0);
        FixtureTest.compare(label, want, got, FixtureTest.RTOL, FixtureTest.ATOL);
    }

    /** Keras 1 BatchNormalization mode 0 (weights gamma, beta, running_mean, running_std = the variance). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bn_axis1|\"axis\": 1, \"epsilon\": 0.01",
        "bn_axis_m2|\"axis\": -2, \"epsilon\": 0.001",
    })
    void keras1BatchNormalizationMode0(String layer, String config, @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path root = FixtureTest.repoRoot();
        Path dir = root == null ? null : root.resolve("testdata/fixtures/norm_batchnorm/tfkeras");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "fixture norm_batchnorm not found");
        Tensor x = Npy.readNpz(dir.resolve("inputs.npz")).get("x");
        Tensor want = Npy.readNpz(dir.resolve("outputs.npz")).get(layer);
        String json = "{\"class_name\": \"Sequential\", \"keras_version\": \"1.2.2\", \"backend\": \"tensorflow\", \"config\": [{\"class_name\": "
                + "\"BatchNormalization\", \"config\": {\"name\": \"" + layer + "\", \"trainable\": true, \"mode\": 0, \"momentum\": 0.99, "
                + "\"gamma_regularizer\": null, \"beta_regularizer\": null, \"batch_input_shape\": [null, 3, 4, 5], \"input_dtype\": \"float32\", "
                + config + "}}]}";
        Path file = tmp.resolve("keras1_bn.json");
        Files.writeString(file, json);
        Model m = KerasModels.load(file, dir.resolve("model_weights.h5"));
        FixtureTest.compare(layer, want, m.predict(List.of(x)).get(0), FixtureTest.RTOL, FixtureTest.ATOL);
    }
}
