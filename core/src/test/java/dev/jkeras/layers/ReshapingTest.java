package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.layer;
import static dev.jkeras.layers.LayerTesting.ramp;
import static dev.jkeras.layers.LayerTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReshapingTest {
    @Test
    void flattenChannelsLastIsStorageOrder() {
        Layer f = layer("Flatten", Map.of()).input(-1, 2, 3).build();
        assertEquals(List.of(Shape.of(-1, 6)), f.outputShapes(List.of(Shape.of(-1, 2, 3))));
        Tensor y = run(f, ramp(0, 1, 1, 2, 3));
        assertEquals(Shape.of(1, 6), y.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, y.data());
    }

    @Test
    void flattenChannelsFirstMovesChannelsLastExceptInKeras1() {
        // (1, C=2, H=1, W=3): channels-last order interleaves the channels.
        Tensor x = ramp(0, 1, 1, 2, 1, 3);
        Layer k3 = layer("Flatten", Map.of("data_format", "channels_first")).input(-1, 2, 1, 3).build();
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, run(k3, x).data());
        Layer k1 = layer("Flatten", Map.of("data_format", "channels_first")).writer(LayerTesting.K1).input(-1, 2, 1, 3).build();
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, run(k1, x).data());
    }

    @Test
    void reshapeResolvesMinusOne() {
        Layer r = layer("Reshape", Map.of("target_shape", List.of(-1, 2))).input(-1, 3, 4).build();
        assertEquals(List.of(Shape.of(-1, 6, 2)), r.outputShapes(List.of(Shape.of(-1, 3, 4))));
        assertEquals(List.of(Shape.of(-1, -1, 2)), r.outputShapes(List.of(Shape.of(-1, -1, 4))));
        assertEquals(Shape.of(2, 6, 2), run(r, ramp(0, 1, 2, 3, 4)).shape());
        assertThrows(InputException.class, () -> run(r, ramp(0, 1, 1, 3, 3)));
        assertThrows(ModelFormatException.class,
                () -> layer("Reshape", Map.of("target_shape", List.of(-1, -1))).input(-1, 4).build());
        assertThrows(InputException.class, () -> layer("Reshape", Map.of("target_shape", List.of(5))).input(-1, 4).build());
    }

    @Test
    void permuteIsOneBased() {
        Layer p = layer("Permute", Map.of("dims", List.of(2, 1))).input(-1, 2, 3).build();
        assertEquals(List.of(Shape.of(-1, 3, 2)), p.outputShapes(List.of(Shape.of(-1, 2, 3))));
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, run(p, ramp(0, 1, 1, 2, 3)).data());
        assertThrows(ModelFormatException.class, () -> layer("Permute", Map.of("dims", List.of(1, 1))).input(-1, 2, 3).build());
    }

    @Test
    void repeatVector() {
        Layer r = layer("RepeatVector", Map.of("n", 3)).input(-1, 2).build();
        assertEquals(List.of(Shape.of(-1, 3, 2)), r.outputShapes(List.of(Shape.of(-1, 2))));
        Tensor y = run(r, ramp(1, 1, 2, 2));
        assertEquals(Shape.of(2, 3, 2), y.shape());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, y.data());
    }
}
