// The Vector API twin of DepthwiseKernel: one vector of channels at a time, its tap chain in registers.
// Loaded only when jdk.incubator.vector is present (Simd); the channel tail uses the scalar twin.
package dev.jkeras.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Depthwise pixels with the JDK Vector API. */
final class DepthwiseVector extends DepthwiseKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Public for {@link Simd#select}. */
    public DepthwiseVector() {}

    @Override
    void pixel(float[] x, int[] src, int[] kOff, int taps, float[] k, int c, float[] bias, float[] out, int dst) {
        int cv = c - c % L;
        for (int ci = 0; ci < cv; ci += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                acc = FloatVector.fromArray(S, x, src[t] + ci).fma(FloatVector.fromArray(S, k, kOff[t] + ci), acc);
            }
            if (bias != null) acc = acc.add(FloatVector.fromArray(S, bias, ci));
            acc.intoArray(out, dst + ci);
        }
        if (cv < c) channels(x, src, kOff, taps, k, cv, c, bias, out, dst);
    }

    @Override
    void row3x3(float[] x, int src, int pixStep, int rowStep, int colStep, float[] k, int c, float[] bias, float[] out, int dst,
                int count) {
        int cv = c - c % L;
        int r1 = rowStep, r2 = 2 * rowStep, c1 = colStep, c2 = 2 * colStep;
        for (int ci = 0; ci < cv; ci += L) {
            // the nine kernel vectors of this channel block stay in registers along the row
            FloatVector k0 = FloatVector.fromArray(S, k, ci), k1 = FloatVector.fromArray(S, k, c + ci),
                    k2 = FloatVector.fromArray(S, k, 2 * c + ci), k3 = FloatVector.fromArray(S, k, 3 * c + ci),
                    k4 = FloatVector.fromArray(S, k, 4 * c + ci), k5 = FloatVector.fromArray(S, k, 5 * c + ci),
                    k6 = FloatVector.fromArray(S, k, 6 * c + ci), k7 = FloatVector.fromArray(S, k, 7 * c + ci),
                    k8 = FloatVector.fromArray(S, k, 8 * c + ci);
            FloatVector bv = FloatVector.fromArray(S, bias, ci);
            for (int p = 0; p < count; p++) {
                int s = src + p * pixStep + ci;
                FloatVector acc = FloatVector.fromArray(S, x, s).fma(k0, FloatVector.zero(S));
                acc = FloatVector.fromArray(S, x, s + c1).fma(k1, acc);
                acc = FloatVector.fromArray(S, x, s + c2).fma(k2, acc);
                acc = FloatVector.fromArray(S, x, s + r1).fma(k3, acc);
                acc = FloatVector.fromArray(S, x, s + r1 + c1).fma(k4, acc);
                acc = FloatVector.fromArray(S, x, s + r1 + c2).fma(k5, acc);
                acc = FloatVector.fromArray(S, x, s + r2).fma(k6, acc);
                acc = FloatVector.fromArray(S, x, s + r2 + c1).fma(k7, acc);
                acc = FloatVector.fromArray(S, x, s + r2 + c2).fma(k8, acc);
                acc.add(bv).intoArray(out, dst + p * c + ci);
            }
        }
        if (cv < c) rowChannels3x3(x, src, pixStep, rowStep, colStep, k, c, cv, c, bias, out, dst, count);
    }
}
