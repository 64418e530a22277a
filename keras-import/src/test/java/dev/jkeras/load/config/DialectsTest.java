// Keras 1 and Keras 2 config spellings normalized to Keras 3 names.
package dev.jkeras.load.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.error.UnsupportedFeatureException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialectsTest {
    private static Map<String, Object> normalize(String cls, int major, String json) {
        return Dialects.normalize(Dialects.className(cls), Json.parseObject(json, "test"), major, "test");
    }

    @Test
    void keras1ClassNames() {
        assertEquals("Conv2D", Dialects.className("Convolution2D"));
        assertEquals("Conv1D", Dialects.className("AtrousConvolution1D"));
        assertEquals("Conv2DTranspose", Dialects.className("Deconvolution2D"));
        assertEquals("SeparableConv2D", Dialects.className("SeparableConvolution2D"));
        assertEquals("MaxPooling2D", Dialects.className("MaxPool2D"));
        assertEquals("Dense", Dialects.className("Dense"));
    }

    @Test
    void keras1Convolution2D() {
        Map<String, Object> c = normalize("Convolution2D", 1, """
                {"name": "c", "nb_filter": 6, "nb_row": 3, "nb_col": 2, "init": "glorot_uniform", "activation": "linear",
                 "border_mode": "valid", "subsample": [1, 1], "dim_ordering": "th", "bias": true, "W_regularizer": null}""");
        assertEquals(6, c.get("filters"));
        assertEquals(List.of(3, 2), c.get("kernel_size"));
        assertEquals("valid", c.get("padding"));
        assertEquals(List.of(1, 1), c.get("strides"));
        assertEquals("channels_first", c.get("data_format"));
        assertEquals("glorot_uniform", c.get("kernel_initializer"));
        assertEquals(true, c.get("use_bias"));
        assertFalse(c.containsKey("nb_row") || c.containsKey("border_mode") || c.containsKey("dim_ordering"));
    }

    @Test
    void keras1Convolution1DAndPooling() {
        Map<String, Object> c = normalize("Convolution1D", 1, "{\"nb_filter\": 4, \"filter_length\": 3, \"subsample_length\": 2, \"atrous_rate\": 2}");
        assertEquals(List.of(3), c.get("kernel_size"));
        assertEquals(List.of(2), c.get("strides"));
        assertEquals(2, c.get("dilation_rate"));
        Map<String, Object> p = normalize("MaxPooling1D", 1, "{\"pool_length\": 2, \"stride\": null, \"border_mode\": \"same\"}");
        assertEquals(2, p.get("pool_size"));
        assertEquals("same", p.get("padding"));
    }

    @Test
    void keras1DenseRecurrentEmbedding() {
        assertEquals(5, normalize("Dense", 1, "{\"output_dim\": 5}").get("units"));
        Map<String, Object> l = normalize("LSTM", 1, """
                {"output_dim": 5, "inner_activation": "hard_sigmoid", "inner_init": "orthogonal", "consume_less": "gpu",
                 "dropout_W": 0.1, "dropout_U": 0.2, "forget_bias_init": "one"}""");
        assertEquals(5, l.get("units"));
        assertEquals("hard_sigmoid", l.get("recurrent_activation"));
        assertEquals("orthogonal", l.get("recurrent_initializer"));
        assertEquals(2, l.get("implementation"));
        assertEquals(0.1, l.get("dropout"));
        assertEquals(0.2, l.get("recurrent_dropout"));
        assertEquals(true, l.get("unit_forget_bias"));
        Map<String, Object> e = normalize("Embedding", 1, "{\"input_dim\": 10, \"output_dim\": 4, \"init\": \"uniform\"}");
        assertEquals(4, e.get("output_dim"));
        assertEquals("uniform", e.get("embeddings_initializer"));
    }

    @Test
    void keras1RegularizationAndPadding() {
        assertEquals(0.3, normalize("Dropout", 1, "{\"p\": 0.3}").get("rate"));
        assertEquals(0.1, normalize("GaussianNoise", 1, "{\"sigma\": 0.1}").get("stddev"));
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)),
                normalize("ZeroPadding2D", 1, "{\"padding\": {\"top_pad\": 1, \"bottom_pad\": 2, \"left_pad\": 3, \"right_pad\": 4}}").get("padding"));
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)), normalize("ZeroPadding2D", 1, "{\"padding\": [1, 2, 3, 4]}").get("padding"));
        assertEquals(3, normalize("UpSampling1D", 1, "{\"length\": 3}").get("size"));
    }

    @Test
    void keras1BatchNormalizationModes() {
        Map<String, Object> bn = normalize("BatchNormalization", 1, "{\"mode\": 0, \"axis\": -1, \"gamma_init\": \"one\"}");
        assertFalse(bn.containsKey("mode"));
        assertEquals("one", bn.get("gamma_initializer"));
        assertThrows(UnsupportedFeatureException.class, () -> normalize("BatchNormalization", 1, "{\"mode\": 2}"));
    }

    @Test
    void keras2ToKeras3() {
        assertEquals(3, normalize("BatchNormalization", 2, "{\"axis\": [3]}").get("axis"));
        Map<String, Object> lr = normalize("LeakyReLU", 2, "{\"alpha\": 0.1}");
        assertEquals(0.1, lr.get("negative_slope"));
        assertFalse(lr.containsKey("alpha"));
        Map<String, Object> in = normalize("InputLayer", 2, "{\"batch_input_shape\": [null, 4], \"dtype\": \"int32\"}");
        assertEquals(Arrays.asList(null, 4), in.get("batch_shape"));
        assertEquals("int32", in.get("dtype"));
        assertEquals("float32", normalize("InputLayer", 1, "{\"batch_input_shape\": [null, 4], \"input_dtype\": \"float32\"}").get("dtype"));
        assertEquals(Arrays.asList(null, 4), normalize("InputLayer", 3, "{\"shape\": [4]}").get("batch_shape"));
    }

    @Test
    void keras3SerializedActivationFunctionsBecomeNames() {
        Map<String, Object> d = normalize("Dense", 3, """
                {"activation": {"module": "keras.activations", "class_name": "function", "config": "gelu", "registered_name": "gelu"}}""");
        assertEquals("gelu", d.get("activation"));
    }

    @Test
    void keras3NamesAreNotTreatedAsKeras1() {
        Map<String, Object> e = normalize("Embedding", 3, "{\"input_dim\": 10, \"output_dim\": 4}");
        assertEquals(4, e.get("output_dim"));
        Map<String, Object> d = normalize("Dropout", 3, "{\"rate\": 0.5, \"p\": 1}");
        assertEquals(0.5, d.get("rate"));
    }

    @Test
    void quantizationConfigIsRefused() {
        assertThrows(UnsupportedFeatureException.class, () -> normalize("Dense", 3, "{\"units\": 1, \"quantization_config\": {\"mode\": \"int8\"}}"));
        assertEquals(1, normalize("Dense", 3, "{\"units\": 1, \"quantization_config\": null}").get("units"));
    }
}
