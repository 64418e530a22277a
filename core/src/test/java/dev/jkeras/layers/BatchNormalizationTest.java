package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.dims;
import static dev.jkeras.layers.LayerTesting.layer;
import static dev.jkeras.layers.LayerTesting.run;
import static dev.jkeras.layers.LayerTesting.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.Layer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
    @Test
    void inferenceFormulaOnChannelAxis1() {
        // y = (x − mean) / sqrt(var + eps) · gamma + beta; var + eps = 4 and 1 here.
        LayerTesting.Builder b = layer("BatchNormalization", Map.of("axis", List.of(1), "epsilon", 0.5))
                .input(-1, 2, 2)
                .weights(t(dims(2), 2, 1), t(dims(2), 1, 0), t(dims(2), 1, -1), t(dims(2), 3.5f, 0.5f));
        Layer bn = b.build();
        assertEquals(List.of(true, true, false, false), b.declared.stream().map(d -> d.trainable()).toList());
        assertArrayEquals(new float[] {1, 3, 0, 2}, run(bn, t(dims(1, 2, 2), 1, 3, -1, 1)).data());
        assertEquals(8, bn.paramCount());
    }

    @Test
    void withoutCenterAndScaleOnLastAxis() {
        LayerTesting.Builder b = layer("BatchNormalization", Map.of("axis", -1, "center", false, "scale", false, "epsilon", 0.0))
                .input(-1, 2)
                .weights(t(dims(2), 1, 2), t(dims(2), 4, 0.25f));
        Layer bn = b.build();
        assertFalse(b.declared.get(0).trainable());
        assertArrayEquals(new float[] {1.5f, 2f}, run(bn, t(dims(1, 2), 4, 3)).data());
    }

    @Test
    void renormWeightsAreDeclaredAndIgnored() {
        LayerTesting.Builder b = layer("BatchNormalization", Map.of("renorm", true, "epsilon", 0.0))
                .input(-1, 1)
                .weights(t(dims(1), 1), t(dims(1), 0), t(dims(1), 0), t(dims(1), 1), t(dims(1), 9), t(dims(1), 9), t(dims(1), 9));
        assertArrayEquals(new float[] {2f}, run(b.build(), t(dims(1, 1), 2)).data());
        assertThrows(UnsupportedFeatureException.class, () -> layer("BatchNormalization", Map.of("renorm", true))
                .writer(LayerTesting.K2).input(-1, 1).build());
    }

    @Test
    void badAxisAndKeras1ModesAreRefused() {
        assertThrows(ModelFormatException.class, () -> layer("BatchNormalization", Map.of("axis", 3)).input(-1, 2).build());
        assertThrows(ModelFormatException.class, () -> layer("BatchNormalization", Map.of("axis", 0)).input(-1, 2).build());
        assertThrows(UnsupportedFeatureException.class, () -> layer("BatchNormalization", Map.of("mode", 2)).input(-1, 2).build());
    }
}
