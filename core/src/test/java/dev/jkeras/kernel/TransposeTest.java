package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TransposeTest {
    @Test
    void permutesAxes() {
        float[] d = new float[24];
        for (int i = 0; i < 24; i++) d[i] = i;
        Tensor x = Tensor.of(Shape.of(2, 3, 4), d);
        Tensor y = Transpose.permute(x, 2, 0, 1);
        assertEquals(Shape.of(4, 2, 3), y.shape());
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                for (int c = 0; c < 4; c++) assertEquals(x.get(a, b, c), y.get(c, a, b));
        assertArrayEquals(d, Transpose.permute(y, 1, 2, 0).data());
    }

    @Test
    void broadcastAdds() {
        float[] acc = {1, 2, 3, 4, 5, 6};
        Broadcast.addInto(acc, Shape.of(2, 3), Tensor.of(Shape.of(1, 3), new float[] {10, 20, 30}), false);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, acc);
        Broadcast.addInto(acc, Shape.of(2, 3), Tensor.of(Shape.of(2, 1), new float[] {1, 2}), true);
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, acc);
    }
}
