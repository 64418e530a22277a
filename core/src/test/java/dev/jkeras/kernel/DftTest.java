package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DftTest {
    /** The DFT by its definition, angles computed per term in double. */
    private static double[][] reference(double[] re, double[] im) {
        int n = re.length;
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) k * j % n) / n;
                out[0][k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
                out[1][k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
            }
        }
        return out;
    }

    @Test
    void radix2AndDirectMatchTheDefinition() {
        Random r = new Random(7);
        for (int n : new int[] {1, 2, 8, 64, 256, 3, 12, 50, 37}) {
            double[] re = new double[n], im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = r.nextGaussian();
                im[i] = i % 3 == 0 ? r.nextGaussian() : 0;
            }
            double[][] want = reference(re, im);
            Dft.plan(n).forward(re, im, new double[2 * n]);
            for (int k = 0; k < n; k++) {
                assertEquals(want[0][k], re[k], 1e-11 * n, "re " + k + " of n=" + n);
                assertEquals(want[1][k], im[k], 1e-11 * n, "im " + k + " of n=" + n);
            }
        }
    }
}
