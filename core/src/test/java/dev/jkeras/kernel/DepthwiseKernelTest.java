package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Vector API depthwise pixel kernel against its scalar twin, and both against a float64 sum. */
class DepthwiseKernelTest {
    @Test
    void vectorEqualsScalarBitForBitOnEveryChannelTail() {
        Assumptions.assumeTrue(Simd.enabled(), "jdk.incubator.vector not in this JVM: only the scalar kernel runs");
        DepthwiseKernel vector = new DepthwiseVector(), scalar = new DepthwiseKernel();
        Random r = new Random(23);
        for (int c = 1; c <= 70; c++) {
            int taps = 1 + r.nextInt(9);
            float[] x = MatMulTest.random(r, 12 * c + 5), k = MatMulTest.random(r, taps * c), bias = MatMulTest.random(r, c);
            int[] src = new int[taps], kOff = new int[taps];
            for (int t = 0; t < taps; t++) {
                src[t] = r.nextInt(11) * c + r.nextInt(3);
                kOff[t] = t * c;
            }
            float[] a = new float[c + 3], b = new float[c + 3];
            vector.pixel(x, src, kOff, taps, k, c, c % 2 == 0 ? bias : null, a, 3);
            scalar.pixel(x, src, kOff, taps, k, c, c % 2 == 0 ? bias : null, b, 3);
            assertArrayEquals(b, a, "c=" + c);
        }
    }

    @Test
    void rowKernelVectorEqualsScalarAndPixelKernel() {
        Assumptions.assumeTrue(Simd.enabled(), "jdk.incubator.vector not in this JVM: only the scalar kernel runs");
        DepthwiseKernel vector = new DepthwiseVector(), scalar = new DepthwiseKernel();
        Random r = new Random(31);
        for (int c : new int[] {1, 7, 16, 17, 32, 50, 96}) {
            int w = 11, count = 5, pixStep = 2 * c, rowStep = w * c, colStep = c;
            float[] x = MatMulTest.random(r, 3 * w * c), k = MatMulTest.random(r, 9 * c), bias = MatMulTest.random(r, c);
            float[] a = new float[count * c], b = new float[count * c], p = new float[count * c];
            vector.row3x3(x, 0, pixStep, rowStep, colStep, k, c, bias, a, 0, count);
            scalar.row3x3(x, 0, pixStep, rowStep, colStep, k, c, bias, b, 0, count);
            assertArrayEquals(b, a, "c=" + c);
            int[] src = new int[9], kOff = new int[9];
            for (int q = 0; q < count; q++) {
                for (int t = 0; t < 9; t++) {
                    src[t] = q * pixStep + (t / 3) * rowStep + (t % 3) * colStep;
                    kOff[t] = t * c;
                }
                scalar.pixel(x, src, kOff, 9, k, c, bias, p, q * c);
            }
            assertArrayEquals(p, b, "row kernel vs pixel kernel, c=" + c);
        }
    }

    @Test
    void scalarIsWithinRoundingOfFloat64() {
        Random r = new Random(29);
        int c = 37, taps = 9;
        float[] x = MatMulTest.random(r, taps * c), k = MatMulTest.random(r, taps * c);
        int[] src = new int[taps], kOff = new int[taps];
        for (int t = 0; t < taps; t++) {
            src[t] = t * c;
            kOff[t] = t * c;
        }
        float[] out = new float[c];
        new DepthwiseKernel().pixel(x, src, kOff, taps, k, c, null, out, 0);
        for (int ci = 0; ci < c; ci++) {
            double exact = 0, mag = 0;
            for (int t = 0; t < taps; t++) {
                exact += (double) x[t * c + ci] * k[t * c + ci];
                mag += Math.abs((double) x[t * c + ci] * k[t * c + ci]);
            }
            org.junit.jupiter.api.Assertions.assertEquals(exact, out[ci], taps * Math.ulp((float) mag));
        }
    }
}
