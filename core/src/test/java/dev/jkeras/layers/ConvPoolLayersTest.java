package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.dims;
import static dev.jkeras.layers.LayerTesting.layer;
import static dev.jkeras.layers.LayerTesting.ramp;
import static dev.jkeras.layers.LayerTesting.run;
import static dev.jkeras.layers.LayerTesting.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvPoolLayersTest {
    private static Map<String, Object> conv(int filters, int k, String padding, String format) {
        Map<String, Object> m = new HashMap<>();
        m.put("filters", filters);
        m.put("kernel_size", List.of(k, k));
        m.put("strides", List.of(1, 1));
        m.put("padding", padding);
        m.put("data_format", format);
        m.put("dilation_rate", List.of(1, 1));
        m.put("groups", 1);
        m.put("activation", "relu");
        m.put("use_bias", true);
        return m;
    }

    @Test
    void pointwiseConvWithBiasAndActivation() {
        Layer c = layer("Conv2D", conv(2, 1, "valid", "channels_last")).input(-1, 1, 2, 2)
                .weights(t(dims(1, 1, 2, 2), 1, 0, 0, -1), t(dims(2), 0.5f, 0.5f)).build();
        // pixels (1, 2) and (3, 4): [x0 + .5, -x1 + .5] -> relu
        assertArrayEquals(new float[] {1.5f, 0f, 3.5f, 0f}, run(c, t(dims(1, 1, 2, 2), 1, 2, 3, 4)).data());
        assertEquals(6, c.paramCount());
    }

    @Test
    void channelsFirstEqualsTransposedChannelsLast() {
        Tensor kernel = ramp(-1f, 0.1f, 3, 3, 2, 4);
        Tensor bias = ramp(0f, 0.5f, 4);
        Tensor x = ramp(-2f, 0.05f, 2, 5, 6, 2);
        Layer last = layer("Conv2D", conv(4, 3, "same", "channels_last")).input(-1, 5, 6, 2).weights(kernel, bias).build();
        Layer first = layer("Convolution2D", conv(4, 3, "same", "channels_first")).input(-1, 2, 5, 6).weights(kernel, bias).build();
        assertEquals(List.of(Shape.of(-1, 4, 5, 6)), first.outputShapes(List.of(Shape.of(-1, 2, 5, 6))));
        Tensor yl = run(last, x);
        Tensor yf = run(first, Transpose.permute(x, 0, 3, 1, 2));
        assertArrayEquals(yl.data(), Transpose.permute(yf, 0, 2, 3, 1).data());
    }

    @Test
    void convConfigErrors() {
        Map<String, Object> g = conv(4, 3, "same", "channels_last");
        g.put("groups", 3);
        assertThrows(ModelFormatException.class, () -> layer("Conv2D", g).input(-1, 5, 5, 4).build());
        assertThrows(UnsupportedFeatureException.class,
                () -> layer("Conv2D", conv(4, 3, "full", "channels_last")).input(-1, 5, 5, 4).build());
        assertThrows(ModelFormatException.class,
                () -> layer("Conv2D", conv(4, 3, "valid", "channels_middle")).input(-1, 5, 5, 4).build());
    }

    @Test
    void poolingLayers() {
        Map<String, Object> cfg = new HashMap<>(Map.of("pool_size", List.of(2, 2), "padding", "same", "data_format", "channels_first"));
        cfg.put("strides", null);
        Layer max = layer("MaxPool2D", cfg).input(-1, 1, 3, 3).build();
        Layer avg = layer("AveragePooling2D", cfg).input(-1, 1, 3, 3).build();
        Tensor x = ramp(1, 1, 1, 1, 3, 3);
        assertEquals(List.of(Shape.of(-1, 1, 2, 2)), max.outputShapes(List.of(Shape.of(-1, 1, 3, 3))));
        assertArrayEquals(new float[] {5, 6, 8, 9}, run(max, x).data());
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, run(avg, x).data());
    }

    @Test
    void globalAveragePooling() {
        Tensor x = ramp(0, 1, 1, 2, 2, 3); // channels last: channel c has values c, c+3, c+6, c+9
        Layer g = layer("GlobalAveragePooling2D", Map.of()).input(-1, 2, 2, 3).build();
        assertArrayEquals(new float[] {4.5f, 5.5f, 6.5f}, run(g, x).data());
        Layer keep = layer("GlobalAvgPool2D", Map.of("keepdims", true, "data_format", "channels_first")).input(-1, 2, 2, 3).build();
        assertEquals(List.of(Shape.of(-1, 2, 1, 1)), keep.outputShapes(List.of(Shape.of(-1, 2, 2, 3))));
        Tensor y = run(keep, x);
        assertEquals(Shape.of(1, 2, 1, 1), y.shape());
        assertArrayEquals(new float[] {2.5f, 8.5f}, y.data());
    }
}
