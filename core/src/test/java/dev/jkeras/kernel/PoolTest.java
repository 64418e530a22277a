package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PoolTest {
    // x: 1x3x3x1 = 1..9
    private static final float[] X = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void maxSamePadsWithMinusInfinity() {
        float[] neg = new float[9];
        for (int i = 0; i < 9; i++) neg[i] = -X[i];
        // 2x2 stride 2 same on 3x3: out 2x2, pad (0, 1): windows {1,2,4,5}, {3,6}, {7,8}, {9}
        Conv.Window w = new Conv.Window(2, 2, 2, 2, 1, 1, true);
        assertArrayEquals(new float[] {5, 6, 8, 9}, Pool.maxPool2d(X, 1, 3, 3, 1, w));
        assertArrayEquals(new float[] {-1, -3, -7, -9}, Pool.maxPool2d(neg, 1, 3, 3, 1, w));
    }

    @Test
    void averageSameDividesByRealElements() {
        Conv.Window w = new Conv.Window(2, 2, 2, 2, 1, 1, true);
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, Pool.avgPool2d(X, 1, 3, 3, 1, w));
        Conv.Window valid = new Conv.Window(2, 2, 1, 1, 1, 1, false);
        assertArrayEquals(new float[] {3, 4, 6, 7}, Pool.avgPool2d(X, 1, 3, 3, 1, valid));
    }

    @Test
    void channelsAreIndependent() {
        // 1x2x2x2: channel 0 = 1..4, channel 1 = 10..40
        float[] x = {1, 10, 2, 20, 3, 30, 4, 40};
        Conv.Window w = new Conv.Window(2, 2, 2, 2, 1, 1, false);
        assertArrayEquals(new float[] {4, 40}, Pool.maxPool2d(x, 1, 2, 2, 2, w));
        assertArrayEquals(new float[] {2.5f, 25}, Pool.avgPool2d(x, 1, 2, 2, 2, w));
        assertArrayEquals(new float[] {2.5f, 25}, Pool.globalAvg(x, 1, 4, 2));
    }

    @Test
    void maxPropagatesNaN() {
        float[] x = {1, Float.NaN, 3, 4};
        assertArrayEquals(new float[] {Float.NaN}, Pool.maxPool2d(x, 1, 2, 2, 1, new Conv.Window(2, 2, 2, 2, 1, 1, false)));
    }
}
