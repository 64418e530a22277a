package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvTest {
    @Test
    void samePaddingFollowsTheTensorFlowRule() {
        // Spec 6.2 examples: pad_before = floor(total / 2).
        assertEquals(0, Conv.padBefore(5, 2, 1, 1, true));
        assertEquals(1, Conv.padBefore(5, 4, 1, 1, true));
        assertEquals(4, Conv.outLength(7, 3, 2, 1, true));
        assertEquals(1, Conv.padBefore(7, 3, 2, 1, true));
        assertEquals(4, Conv.outLength(8, 3, 2, 1, true));
        assertEquals(0, Conv.padBefore(8, 3, 2, 1, true));
        assertEquals(3, Conv.outLength(9, 3, 3, 1, false));
        assertEquals(5, Conv.outLength(9, 3, 1, 2, false)); // k_eff = 5
        assertEquals(0, Conv.outLength(2, 3, 1, 1, false));
        assertEquals(2, Conv.padBefore(6, 3, 1, 2, true)); // k_eff 5, total 4
    }

    @Test
    void handComputedValidAndSame() {
        // x: 1x3x3x1 = 1..9, kernel 2x2x1x1 = [1, 0; 0, -1] (x[i][j] - x[i+1][j+1])
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] k = {1, 0, 0, -1};
        assertArrayEquals(new float[] {-4, -4, -4, -4}, Conv.conv2d(x, 1, 3, 3, 1, k, 1, 1, new Conv.Window(2, 2, 1, 1, 1, 1, false)));
        // same: pad (0, 1) on each axis: last row/col see zeros
        assertArrayEquals(new float[] {-4, -4, 3, -4, -4, 6, 7, 8, 9},
                Conv.conv2d(x, 1, 3, 3, 1, k, 1, 1, new Conv.Window(2, 2, 1, 1, 1, 1, true)));
    }

    @Test
    void im2colGemmEqualsDirectReference() {
        Random r = new Random(5);
        int[][] cases = {
            // b, h, w, c, f, groups, kh, kw, sh, sw, dh, dw, same
            {2, 7, 9, 3, 4, 1, 3, 2, 2, 3, 1, 1, 1},
            {1, 8, 8, 3, 5, 1, 3, 3, 2, 2, 1, 1, 1},
            {2, 6, 9, 3, 5, 1, 2, 3, 1, 1, 1, 2, 0},
            {1, 7, 6, 2, 5, 1, 3, 3, 1, 1, 2, 2, 1},
            {2, 5, 5, 6, 6, 3, 3, 3, 1, 1, 1, 1, 1},
            {2, 5, 4, 6, 8, 1, 1, 1, 1, 1, 1, 1, 0},
            {2, 5, 4, 6, 8, 2, 1, 1, 2, 1, 1, 1, 1},
            {2, 20, 18, 16, 24, 1, 3, 3, 1, 1, 1, 1, 1},
            {1, 4, 4, 4, 2, 2, 4, 4, 1, 1, 1, 1, 1},
        };
        for (int[] p : cases) {
            int b = p[0], h = p[1], w = p[2], c = p[3], f = p[4], g = p[5];
            Conv.Window win = new Conv.Window(p[6], p[7], p[8], p[9], p[10], p[11], p[12] == 1);
            float[] x = MatMulTest.random(r, b * h * w * c);
            float[] k = MatMulTest.random(r, p[6] * p[7] * (c / g) * f);
            float[] ref = Conv.conv2dReference(x, b, h, w, c, k, f, g, win);
            assertArrayEquals(ref, Conv.conv2d(x, b, h, w, c, k, f, g, win), java.util.Arrays.toString(p));
            assertEquals(b * win.outH(h) * win.outW(w) * f, ref.length);
        }
    }
}
