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
}
