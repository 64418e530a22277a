package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatMulTest {
    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Test
    void smallHandComputed() {
        float[] a = {1, 2, 3, 4, 5, 6};      // 2x3
        float[] b = {7, 8, 9, 10, 11, 12};   // 3x2
        assertArrayEquals(new float[] {58, 64, 139, 154}, MatMul.matmul(a, b, 2, 3, 2));
    }

    @Test
    void blockedEqualsReferenceBitForBitOnOddSizes() {
        Random r = new Random(7);
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {33, 1, 17}, {1, 600, 3}, {37, 515, 130}, {65, 129, 257}, {5, 0, 4}, {4, 3, 0}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(r, m * k), b = random(r, k * n);
            float[] fast = new float[m * n], ref = new float[m * n];
            java.util.Arrays.fill(fast, 42f);
            MatMul.gemm(m, n, k, a, 0, k, b, 0, n, fast, 0, n);
            MatMul.gemmReference(m, n, k, a, 0, k, b, 0, n, ref, 0, n);
            assertArrayEquals(ref, fast, "m=" + m + " n=" + n + " k=" + k);
            float[] serial = new float[m * n];
            MatMul.gemmSerial(m, n, k, a, 0, k, b, 0, n, serial, 0, n);
            assertArrayEquals(ref, serial);
        }
    }

    @Test
    void largeParallelProductEqualsReference() {
        Random r = new Random(11);
        int m = 301, n = 203, k = 157;
        float[] a = random(r, m * k), b = random(r, k * n);
        float[] ref = new float[m * n];
        MatMul.gemmReference(m, n, k, a, 0, k, b, 0, n, ref, 0, n);
        assertArrayEquals(ref, MatMul.matmul(a, b, m, k, n));
    }

    @Test
    void stridedSubmatrices() {
        Random r = new Random(3);
        // A is the 4x3 block at (1, 2) of a 6x8 matrix; B the 3x5 block at column 4 of a 3x10 matrix.
        float[] big = random(r, 6 * 8), bb = random(r, 3 * 10);
        float[] c = new float[4 * 12], ref = new float[4 * 12];
        MatMul.gemm(4, 5, 3, big, 8 + 2, 8, bb, 4, 10, c, 7, 12);
        MatMul.gemmReference(4, 5, 3, big, 8 + 2, 8, bb, 4, 10, ref, 7, 12);
        assertArrayEquals(ref, c);
        for (int i = 0; i < 7; i++) org.junit.jupiter.api.Assertions.assertEquals(0f, c[i]);
    }

    @Test
    void packedProductWithBiasAndActivationEqualsReference() {
        Random r = new Random(13);
        ActivationFn relu = Activations.relu(0f, null, 0f);
        int[][] sizes = {{1, 10, 784}, {1, 512, 7}, {7, 33, 300}, {96, 64, 27}, {200, 70, 513}, {3, 1, 5}, {6, 32, 256}, {13, 100, 0}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(r, m * k), b = random(r, k * n), bias = random(r, n);
            float[] ref = new float[m * n];
            MatMul.gemmReference(m, n, k, a, 0, k, b, 0, n, ref, 0, n);
            for (int i = 0; i < m * n; i++) ref[i] = Math.max(0f, ref[i] + bias[i % n]);
            float[] got = new float[m * n];
            MatMul.gemm(m, a, 0, k, MatMul.pack(b, k, n), got, 0, n, bias, relu);
            assertArrayEquals(ref, got, java.util.Arrays.toString(s));
        }
    }

    @Test
    void vectorKernelEqualsScalarTwinBitForBit() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.enabled(), "jdk.incubator.vector not in this JVM: only the scalar kernel runs");
        GemmKernel vector = new VectorGemm();
        Random r = new Random(17);
        int[][] sizes = {{1, 1, 1}, {6, 32, 256}, {7, 33, 257}, {100, 95, 600}, {5, 64, 3}, {97, 300, 31}, {2, 200, 300}, {1, 1000, 600},
            {9, 128, 513}, {10, 128, 40}, {98, 129, 257}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(r, m * k), b = random(r, k * n), bias = random(r, n);
            float[] v = new float[m * n], sc = new float[m * n];
            vector.block(0, m, 0, n, k, n, a, 0, k, vector.pack(b, 0, n, k, n), v, 0, n, bias, 0);
            GemmKernel scalar = new ScalarGemm(n, 0);
            scalar.block(0, m, 0, n, k, n, a, 0, k, scalar.pack(b, 0, n, k, n), sc, 0, n, bias, 0);
            assertArrayEquals(sc, v, java.util.Arrays.toString(s));
        }
    }
}
