package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.dims;
import static dev.jkeras.layers.LayerTesting.layer;
import static dev.jkeras.layers.LayerTesting.run;
import static dev.jkeras.layers.LayerTesting.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreLayersTest {
    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void denseOnRank3WithBiasAndActivation() {
        Layer d = layer("Dense", cfg("units", 2, "activation", "relu"))
                .input(-1, 2, 3)
                .weights(t(dims(3, 2), 1, -1, 0, 2, 1, 0), t(dims(2), 0.5f, -10f))
                .build();
        assertEquals(List.of(Shape.of(-1, 2, 2)), d.outputShapes(List.of(Shape.of(-1, 2, 3))));
        // rows: [1,2,3] -> [1+0+3, -1+4+0] + b = [4.5, -7] -> relu [4.5, 0]; [0,0,1] -> [1, 0] + b -> [1.5, 0]
        Tensor y = run(d, t(dims(1, 2, 3), 1, 2, 3, 0, 0, 1));
        assertEquals(Shape.of(1, 2, 2), y.shape());
        assertArrayEquals(new float[] {4.5f, 0f, 1.5f, 0f}, y.data());
        assertEquals(8, d.paramCount());
    }

    @Test
    void denseWithoutBiasDeclaresOnlyTheKernelAndPassesTheMask() {
        LayerTesting.Builder b = layer("Dense", cfg("units", 1, "use_bias", false)).input(-1, 3, 2).weights(t(dims(2, 1), 2, 3));
        Layer d = b.build();
        assertEquals(1, b.declared.size());
        Tensor mask = t(dims(1, 3), 1, 0, 1);
        Layer.Outputs o = LayerTesting.forward(d, List.of(t(dims(1, 3, 2), 1, 1, 0, 1, 1, 0)), List.of(mask));
        assertArrayEquals(new float[] {5, 3, 2}, o.values().get(0).data());
        assertSame(mask, o.masks().get(0));
    }

    @Test
    void denseRejectsWrongInputWidthNamingTheLayer() {
        Layer d = layer("Dense", cfg("units", 1)).input(-1, 2).weights(t(dims(2, 1), 1, 1), t(dims(1), 0)).build();
        InputException e = assertThrows(InputException.class, () -> run(d, t(dims(1, 3), 1, 2, 3)));
        assertTrue(e.getMessage().contains("test_layer") && e.getMessage().contains("(1, 3)"), e.getMessage());
    }

    @Test
    void quantizedDenseIsRefused() {
        Map<String, Object> dtype = Map.of("module", "keras", "class_name", "QuantizedDTypePolicy",
                "config", Map.of("name", "int8_from_float32"));
        assertThrows(UnsupportedFeatureException.class,
                () -> layer("Dense", cfg("units", 1, "dtype", dtype)).input(-1, 2).weights().build());
    }

    @Test
    void activationLayer() {
        Layer a = layer("Activation", cfg("activation", "softmax")).input(-1, 2).build();
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.26894143f, 0.7310586f}, run(a, t(dims(2, 2), 1, 1, 0, 1)).data(), 1e-7f);
        Layer glu = layer("Activation", cfg("activation", "glu")).input(-1, 4).build();
        assertEquals(List.of(Shape.of(-1, 2)), glu.outputShapes(List.of(Shape.of(-1, 4))));
    }

    @Test
    void identityAndRegularizationLayersPassThrough() {
        Tensor x = t(dims(1, 2), 3, 4);
        Tensor m = t(dims(1), 1);
        for (String n : List.of("Identity", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                "GaussianDropout", "AlphaDropout", "ActivityRegularization")) {
            Layer l = layer(n, cfg("rate", 0.5)).input(-1, 2).build();
            assertEquals(n, l.className());
            Layer.Outputs o = LayerTesting.forward(l, List.of(x), List.of(m));
            assertArrayEquals(x.data(), o.values().get(0).data(), n);
            assertSame(m, o.masks().get(0), n);
        }
    }

    @Test
    void embeddingLooksUpTruncatedIndicesAndMasksZeros() {
        Layer e = layer("Embedding", cfg("input_dim", 3, "output_dim", 2, "mask_zero", true))
                .input(-1, 3)
                .weights(t(dims(3, 2), 0, 0, 10, 11, 20, 21))
                .build();
        assertEquals(List.of(Shape.of(-1, 3, 2)), e.outputShapes(List.of(Shape.of(-1, 3))));
        Layer.Outputs o = LayerTesting.forward(e, List.of(t(dims(1, 3), 2, 0, 1.7f)), null);
        assertArrayEquals(new float[] {20, 21, 0, 0, 10, 11}, o.values().get(0).data());
        assertArrayEquals(new float[] {1, 0, 1}, o.masks().get(0).data());
        assertEquals(Shape.of(1, 3), o.masks().get(0).shape());
    }

    @Test
    void embeddingRefusesOutOfRangeIndices() {
        Layer e = layer("Embedding", cfg("input_dim", 3, "output_dim", 1)).input(-1, 2).weights(t(dims(3, 1), 0, 1, 2)).build();
        for (float bad : new float[] {3f, -1f, Float.NaN, 1e10f}) {
            InputException ex = assertThrows(InputException.class, () -> run(e, t(dims(1, 2), 0, bad)));
            assertTrue(ex.getMessage().contains("test_layer") && ex.getMessage().contains(String.valueOf(bad))
                    && ex.getMessage().contains("[0, 1]"), ex.getMessage());
        }
        Layer.Outputs o = LayerTesting.forward(e, List.of(t(dims(1, 2), 0, 2)), null);
        assertNull(o.masks());
        assertEquals(Arrays.toString(new float[] {0, 2}), Arrays.toString(o.values().get(0).data()));
    }
}
