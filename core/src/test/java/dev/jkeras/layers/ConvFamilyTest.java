package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.dims;
import static dev.jkeras.layers.LayerTesting.layer;
import static dev.jkeras.layers.LayerTesting.run;
import static dev.jkeras.layers.LayerTesting.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options no Keras writer can produce any more (Keras 1 configs), checked by hand; the rest is covered by fixtures. */
class ConvFamilyTest {
    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void keras1FullPadding() {
        // x = [1, 2, 3], kernel [1, 10], "full" pads one zero on each side: [10, 21, 32, 3].
        Map<String, Object> c = cfg("filters", 1, "kernel_size", List.of(2), "padding", "full", "use_bias", false);
        Layer conv = layer("Conv1D", c).writer(LayerTesting.K1).input(-1, 3, 1).weights(t(dims(2, 1, 1), 1, 10)).build();
        assertEquals(List.of(Shape.of(-1, 4, 1)), conv.outputShapes(List.of(Shape.of(-1, 3, 1))));
        assertArrayEquals(new float[] {10, 21, 32, 3}, run(conv, t(dims(1, 3, 1), 1, 2, 3)).data());
        assertThrows(UnsupportedFeatureException.class, () -> layer("Conv1D", c).input(-1, 3, 1).weights(t(dims(2, 1, 1), 1, 10)).build());
    }

    @Test
    void keras1DeconvolutionOutputShape() {
        // x = [1, 2] (1x2 image), kernel (1, 2, f=1, c=1) [1, 10], stride 2 -> full [1, 10, 2, 20]; output_shape width 3 + same -> crop 0.
        Map<String, Object> c = cfg("filters", 1, "kernel_size", List.of(1, 2), "strides", List.of(1, 2), "padding", "same", "use_bias", false,
                "output_shape", java.util.Arrays.asList(null, 1, 3, 1));
        Layer d = layer("Conv2DTranspose", c).writer(LayerTesting.K1).input(-1, 1, 2, 1).weights(t(dims(1, 2, 1, 1), 1, 10)).build();
        assertEquals(List.of(Shape.of(-1, 1, 3, 1)), d.outputShapes(List.of(Shape.of(-1, 1, 2, 1))));
        assertArrayEquals(new float[] {1, 10, 2}, run(d, t(dims(1, 1, 2, 1), 1, 2)).data());
    }

    @Test
    void causalOnlyFor1D() {
        Map<String, Object> c = cfg("filters", 1, "kernel_size", List.of(2, 2), "padding", "causal");
        assertThrows(UnsupportedFeatureException.class, () -> layer("Conv2D", c).input(-1, 3, 3, 1).weights(t(dims(2, 2, 1, 1), 1, 1, 1, 1)).build());
    }

    @Test
    void loraIsRefused() {
        Map<String, Object> c = cfg("filters", 1, "kernel_size", List.of(1), "lora_rank", 2, "use_bias", false);
        assertThrows(UnsupportedFeatureException.class, () -> layer("Conv1D", c).input(-1, 3, 1).weights(t(dims(1, 1, 1), 1)).build());
    }
}
