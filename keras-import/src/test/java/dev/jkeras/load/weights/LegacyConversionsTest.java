// Array rewrites for legacy layouts (transposes, gate packing, Theano kernel flips).
package dev.jkeras.load.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyConversionsTest {
    private static Tensor iota(int... dims) {
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = i;
        return Tensor.of(s, d);
    }

    @Test
    void transposeMatchesNumpy() {
        Tensor t = LegacyConversions.transpose(iota(2, 3), 1, 0);
        assertEquals(Shape.of(3, 2), t.shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.data());
        // th kernel (f=2, in=1, kh=1, kw=2) -> (kh, kw, in, f)
        Tensor k = LegacyConversions.transpose(iota(2, 1, 1, 2), 2, 3, 1, 0);
        assertEquals(Shape.of(1, 2, 1, 2), k.shape());
        assertArrayEquals(new float[] {0, 2, 1, 3}, k.data());
    }

    @Test
    void concatLastAxisInterleavesRows() {
        Tensor a = Tensor.of(Shape.of(2, 1), new float[] {1, 2});
        Tensor b = Tensor.of(Shape.of(2, 2), new float[] {3, 4, 5, 6});
        Tensor c = LegacyConversions.concatLastAxis(List.of(a, b));
        assertEquals(Shape.of(2, 3), c.shape());
        assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6}, c.data());
        Tensor v = LegacyConversions.concatLastAxis(List.of(Tensor.of(Shape.of(1), new float[] {7}), Tensor.of(Shape.of(2), new float[] {8, 9})));
        assertArrayEquals(new float[] {7, 8, 9}, v.data());
    }

    @Test
    void keras1LstmGateOrderIsIcfo() {
        // file order W_i,U_i,b_i, W_c,U_c,b_c, W_f,U_f,b_f, W_o,U_o,b_o; packed order i, f, c, o
        assertArrayEquals(new int[] {0, 6, 3, 9}, LegacyConversions.KERAS1_LSTM[0]);
        assertArrayEquals(new int[] {1, 7, 4, 10}, LegacyConversions.KERAS1_LSTM[1]);
        assertArrayEquals(new int[] {2, 8, 5, 11}, LegacyConversions.KERAS1_LSTM[2]);
    }

    @Test
    void flipSpatialReversesAllButTheLastTwoAxes() {
        Tensor k = iota(3, 1, 2);
        assertArrayEquals(new float[] {4, 5, 2, 3, 0, 1}, LegacyConversions.flipSpatial(k).data());
        Tensor k2 = iota(2, 2, 1, 1);
        assertArrayEquals(new float[] {3, 2, 1, 0}, LegacyConversions.flipSpatial(k2).data());
    }
}
