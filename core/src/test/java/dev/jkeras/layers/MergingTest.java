package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.dims;
import static dev.jkeras.layers.LayerTesting.forward;
import static dev.jkeras.layers.LayerTesting.layer;
import static dev.jkeras.layers.LayerTesting.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.error.InputException;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergingTest {
    @Test
    void addSumsAndBroadcasts() {
        Layer add = layer("Add", Map.of()).input(-1, 2, 2).input(-1, 1, 2).input(-1, 2).build();
        assertEquals(List.of(Shape.of(-1, 2, 2)), add.outputShapes(List.of(Shape.of(-1, 2, 2), Shape.of(-1, 1, 2), Shape.of(-1, 2))));
        Tensor y = add.call(Call.of(List.of(t(dims(1, 2, 2), 1, 2, 3, 4), t(dims(1, 1, 2), 10, 20), t(dims(1, 2), 100, 200)))).get(0);
        assertArrayEquals(new float[] {111, 222, 113, 224}, y.data());
        Layer two = layer("Add", Map.of()).input(-1, 3).input(-1, 3).build();
        assertThrows(InputException.class, () -> two.call(Call.of(List.of(t(dims(1, 3), 1, 2, 3), t(dims(1, 2), 1, 2)))));
    }

    @Test
    void addMasksFollowTheWriter() {
        List<Tensor> xs = List.of(t(dims(1, 3, 1), 1, 2, 3), t(dims(1, 3, 1), 1, 2, 3));
        Tensor m1 = t(dims(1, 3), 1, 0, 0), m2 = t(dims(1, 3), 0, 1, 0);
        Layer k3 = layer("Add", Map.of()).input(-1, 3, 1).input(-1, 3, 1).build();
        Layer k2 = layer("Add", Map.of()).writer(LayerTesting.K2).input(-1, 3, 1).input(-1, 3, 1).build();
        assertArrayEquals(new float[] {1, 1, 0}, forward(k3, xs, List.of(m1, m2)).masks().get(0).data());
        assertArrayEquals(new float[] {0, 0, 0}, forward(k2, xs, List.of(m1, m2)).masks().get(0).data());
        assertNull(forward(k3, xs, Arrays.asList(m1, null)).masks());
        assertArrayEquals(m1.data(), forward(k2, xs, Arrays.asList(m1, null)).masks().get(0).data());
    }

    @Test
    void concatenateAlongAxes() {
        Layer last = layer("Concatenate", Map.of("axis", -1)).input(-1, 2, 1).input(-1, 2, 2).build();
        assertEquals(List.of(Shape.of(-1, 2, 3)), last.outputShapes(List.of(Shape.of(-1, 2, 1), Shape.of(-1, 2, 2))));
        Tensor y = last.call(Call.of(List.of(t(dims(1, 2, 1), 1, 2), t(dims(1, 2, 2), 3, 4, 5, 6)))).get(0);
        assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6}, y.data());
        Layer mid = layer("Concatenate", Map.of("axis", 1)).input(-1, 1, 2).input(-1, 2, 2).build();
        Tensor z = mid.call(Call.of(List.of(t(dims(1, 1, 2), 1, 2), t(dims(1, 2, 2), 3, 4, 5, 6)))).get(0);
        assertEquals(Shape.of(1, 3, 2), z.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, z.data());
        assertThrows(InputException.class, () -> layer("Concatenate", Map.of("axis", 1)).input(-1, 1, 2).input(-1, 2, 3).build());
    }

    @Test
    void concatenateMasks() {
        // Along time (axis 1): masks are concatenated; missing masks are all true.
        Layer time = layer("Concatenate", Map.of("axis", 1)).input(-1, 2, 1).input(-1, 1, 1).build();
        List<Tensor> xs = List.of(t(dims(1, 2, 1), 1, 2), t(dims(1, 1, 1), 3));
        Tensor m = forward(time, xs, Arrays.asList(t(dims(1, 2), 0, 1), null)).masks().get(0);
        assertEquals(Shape.of(1, 3), m.shape());
        assertArrayEquals(new float[] {0, 1, 1}, m.data());
        // Along features (last axis): Keras 3 ORs across inputs, Keras 2 ANDs.
        List<Tensor> ys = List.of(t(dims(1, 2, 1), 1, 2), t(dims(1, 2, 1), 3, 4));
        List<Tensor> ms = List.of(t(dims(1, 2), 1, 0), t(dims(1, 2), 1, 1));
        Layer k3 = layer("Concatenate", Map.of()).input(-1, 2, 1).input(-1, 2, 1).build();
        Layer k2 = layer("Concatenate", Map.of()).writer(LayerTesting.K2).input(-1, 2, 1).input(-1, 2, 1).build();
        assertArrayEquals(new float[] {1, 1}, forward(k3, ys, ms).masks().get(0).data());
        assertArrayEquals(new float[] {1, 0}, forward(k2, ys, ms).masks().get(0).data());
        assertNull(forward(k3, ys, null).masks());
    }
}
