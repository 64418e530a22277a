package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The N-D fast kernels against their direct-loop references, and a few hand-checked values. */
class ConvNdTest {
    private static final Conv.Padding[] PADS = Conv.Padding.values();

    private static void close(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5f * (1 + Math.abs(want[i])), what + " at " + i);
        }
    }

    @Test
    void convAllRanksPaddingsAndGroups() {
        Random r = new Random(11);
        int[][] cases = {
            // rank, in0, in1, in2, k0, k1, k2, s, d, c, f, groups, batch
            {1, 9, 0, 0, 3, 0, 0, 2, 1, 4, 6, 2, 2},
            {1, 7, 0, 0, 2, 0, 0, 1, 3, 3, 5, 1, 3},
            {2, 6, 7, 0, 3, 2, 0, 1, 2, 3, 4, 1, 2},
            {2, 5, 5, 0, 3, 3, 0, 2, 1, 6, 6, 3, 1},
            {3, 4, 5, 3, 2, 3, 2, 1, 1, 2, 3, 1, 2},
            {3, 5, 4, 6, 3, 2, 3, 2, 1, 4, 4, 2, 1},
            {2, 30, 20, 0, 3, 3, 0, 1, 1, 16, 8, 1, 2},
        };
        for (int[] p : cases) {
            int n = p[0];
            int[] in = Arrays.copyOfRange(p, 1, 1 + n), k = Arrays.copyOfRange(p, 4, 4 + n);
            int[] s = ones(n, p[7]), d = ones(n, p[8]);
            int c = p[9], f = p[10], g = p[11], b = p[12];
            for (Conv.Padding pad : PADS) {
                Conv.Geometry geo = Conv.Geometry.of(in, k, s, d, pad);
                if (geo.empty()) continue;
                float[] x = MatMulTest.random(r, b * geo.inSize() * c);
                float[] ker = MatMulTest.random(r, geo.kSize() * (c / g) * f);
                String what = Arrays.toString(p) + " " + pad;
                float[] ref = Conv.convReference(x, b, c, geo, ker, f, g);
                assertArrayEquals(ref, Conv.conv(x, b, c, geo, ker, f, g), what);
                assertEquals(b * geo.outSize() * f, ref.length, what);
                float[] xo = new float[3 + x.length], into = new float[ref.length + 5];
                System.arraycopy(x, 0, xo, 3, x.length);
                Arrays.fill(into, 7f);
                Conv.conv(xo, 3, b, c, geo, ker, f, g, into, 2);
                assertArrayEquals(ref, Arrays.copyOfRange(into, 2, 2 + ref.length), what + " into a buffer");
                assertEquals(7f, into[1], what);
                assertEquals(7f, into[2 + ref.length], what);
            }
        }
    }

    @Test
    void depthwiseEqualsGroupedConvolution() {
        Random r = new Random(12);
        int[][] cases = {{1, 8, 3, 1, 1, 3, 2}, {2, 7, 3, 2, 1, 4, 3}, {2, 6, 2, 1, 2, 3, 1}, {3, 5, 2, 1, 1, 2, 2}};
        for (int[] p : cases) {
            int n = p[0], c = p[5], m = p[6];
            int[] in = ones(n, p[1]), k = ones(n, p[2]), s = ones(n, p[3]), d = ones(n, p[4]);
            for (Conv.Padding pad : PADS) {
                Conv.Geometry geo = Conv.Geometry.of(in, k, s, d, pad);
                if (geo.empty()) continue;
                float[] x = MatMulTest.random(r, 2 * geo.inSize() * c);
                float[] ker = MatMulTest.random(r, geo.kSize() * c * m);
                close(Conv.convReference(x, 2, c, geo, ker, c * m, c), Conv.depthwise(x, 2, c, geo, ker, m), Arrays.toString(p) + " " + pad);
            }
        }
    }

    @Test
    void transposedConvolutionAgainstGatherReference() {
        Random r = new Random(13);
        int[][] cases = {
            // rank, in, k, s, d, c, f, crop, extra
            {1, 5, 3, 2, 1, 3, 4, 0, 1},
            {1, 4, 2, 3, 2, 2, 3, 1, 0},
            {2, 4, 3, 2, 1, 3, 2, 1, 1},
            {2, 3, 4, 1, 2, 2, 2, 2, 0},
            {3, 3, 2, 2, 1, 2, 3, 0, 1},
        };
        for (int[] p : cases) {
            int n = p[0], c = p[5], f = p[6];
            int[] in = ones(n, p[1]), k = ones(n, p[2]), s = ones(n, p[3]), d = ones(n, p[4]), crop = ones(n, p[7]);
            int[] out = ones(n, (p[1] - 1) * p[3] + (p[2] - 1) * p[4] + 1 - 2 * p[7] + p[8]);
            int inSize = Conv.prod(in);
            float[] x = MatMulTest.random(r, 2 * inSize * c);
            float[] ker = MatMulTest.random(r, Conv.prod(k) * f * c);
            close(Conv.convTransposeReference(x, 2, c, in, k, s, d, out, crop, ker, f), Conv.convTranspose(x, 2, c, in, k, s, d, out, crop, ker, f),
                    Arrays.toString(p));
        }
    }

    @Test
    void transposedConvolutionByHand() {
        // x = [1, 2], k = [1, 10] (one channel), stride 2: full output [1, 10, 2, 20]; crop 1, size 3 -> [10, 2, 20].
        float[] y = Conv.convTranspose(new float[] {1, 2}, 1, 1, new int[] {2}, new int[] {2}, new int[] {2}, new int[] {1}, new int[] {3},
                new int[] {1}, new float[] {1, 10}, 1);
        assertArrayEquals(new float[] {10, 2, 20}, y);
    }

    @Test
    void causalAndFullPadding() {
        // x = [1, 2, 3], k = [1, 10]: causal pads one zero before -> [10, 21, 32]; full pads one each side -> [10, 21, 32, 3].
        float[] x = {1, 2, 3}, k = {1, 10};
        Conv.Geometry causal = Conv.Geometry.of(new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, Conv.Padding.CAUSAL);
        assertArrayEquals(new float[] {10, 21, 32}, Conv.conv(x, 1, 1, causal, k, 1, 1));
        Conv.Geometry full = Conv.Geometry.of(new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, Conv.Padding.FULL);
        assertArrayEquals(new float[] {10, 21, 32, 3}, Conv.conv(x, 1, 1, full, k, 1, 1));
    }

    @Test
    void poolingNdAndAdaptive() {
        float[] x = {1, 5, 2, 4, 3};
        Conv.Geometry g = Conv.Geometry.of(new int[] {5}, new int[] {2}, new int[] {2}, new int[] {1}, Conv.Padding.SAME);
        assertArrayEquals(new float[] {5, 4, 3}, Pool.max(x, 1, 1, g));
        assertArrayEquals(new float[] {3, 3, 3}, Pool.avg(x, 1, 1, g));
        // 5 -> 3 bins: [0,2), [1,4), [3,5)
        assertArrayEquals(new float[] {5, 5, 4}, Pool.adaptive(x, 1, 1, new int[] {5}, new int[] {3}, true));
        assertArrayEquals(new float[] {3, 11f / 3, 3.5f}, Pool.adaptive(x, 1, 1, new int[] {5}, new int[] {3}, false));
        // 3-D max pooling equals the maximum of each 2x2x2 block
        float[] v = new float[2 * 2 * 4];
        for (int i = 0; i < v.length; i++) v[i] = (i * 7) % 11;
        Conv.Geometry g3 = Conv.Geometry.of(new int[] {2, 2, 4}, new int[] {2, 2, 2}, new int[] {2, 2, 2}, new int[] {1, 1, 1}, Conv.Padding.VALID);
        float m0 = 0, m1 = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 4; c++) {
                    float val = v[(a * 2 + b) * 4 + c];
                    if (c < 2) m0 = Math.max(m0, val);
                    else m1 = Math.max(m1, val);
                }
            }
        }
        assertArrayEquals(new float[] {m0, m1}, Pool.max(v, 1, 1, g3));
        assertArrayEquals(new float[] {2.5f, Float.NaN}, Pool.maskedAvg(new float[] {1, 4, 9, 9}, new float[] {1, 1, 0, 0}, 2, 2, 1));
    }

    private static int[] ones(int n, int v) {
        int[] r = new int[n];
        Arrays.fill(r, v);
        return r;
    }
}
