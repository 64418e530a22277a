// One array compared with its expected value under the project's tolerance |got - want| <= atol + rtol * |want|.
// NaN matches NaN and an infinity matches the same infinity; any other non-finite difference is out of tolerance
// with infinite error. String arrays match element by element, exactly.
package dev.jkeras.cli;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;

/**
 * How far {@code got} is from {@code want}.
 *
 * @param elements       number of elements compared
 * @param outOfTolerance how many of them are out of tolerance
 * @param maxAbs         largest |got - want| (numeric arrays; infinite for a non-finite mismatch; NaN for strings)
 * @param maxRel         largest |got - want| / |want|, as numpy's {@code assert_allclose} reports it (infinite where
 *                       want is 0 and got is not; NaN for strings)
 * @param worst          index of the element furthest out of its tolerance (largest error / allowed error; the first
 *                       one on ties, the first mismatch for strings), or null for an empty array
 * @param got            that element as computed (a Float or a String)
 * @param want           that element as expected
 * @param ratio          the worst element's error divided by its allowed error ({@code <= 1} within tolerance)
 */
record Diff(Shape shape, long elements, long outOfTolerance, double maxAbs, double maxRel, int[] worst, Object got, Object want,
            double ratio) {
    /** Project default absolute tolerance. */
    static final double ATOL = 1e-5;
    /** Project default relative tolerance. */
    static final double RTOL = 1e-4;

    boolean pass() {
        return outOfTolerance == 0;
    }

    /** Compares two arrays of the same shape (the caller checks shapes and kinds). */
    static Diff of(Tensor got, Tensor want, double atol, double rtol) {
        if (!got.shape().equals(want.shape())) throw new IllegalArgumentException(got.shape() + " vs " + want.shape());
        if (got.isString() || want.isString()) return strings(got, want);
        float[] g = got.data(), w = want.data();
        long bad = 0;
        double maxAbs = 0, maxRel = 0, worstRatio = -1;
        int worst = -1;
        for (int i = 0; i < g.length; i++) {
            double a = g[i], b = w[i];
            double abs, rel, ratio;
            boolean out;
            if (a == b || Double.isNaN(a) && Double.isNaN(b)) {
                abs = rel = ratio = 0;
                out = false;
            } else if (!Double.isFinite(a) || !Double.isFinite(b)) {
                abs = rel = ratio = Double.POSITIVE_INFINITY;
                out = true;
            } else {
                abs = Math.abs(a - b);
                rel = b == 0 ? Double.POSITIVE_INFINITY : abs / Math.abs(b);
                double allowed = atol + rtol * Math.abs(b);
                out = abs > allowed;
                ratio = allowed == 0 ? Double.POSITIVE_INFINITY : abs / allowed;
            }
            if (out) bad++;
            maxAbs = Math.max(maxAbs, abs);
            maxRel = Math.max(maxRel, rel);
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
        }
        if (worst < 0) return new Diff(got.shape(), 0, 0, 0, 0, null, null, null, 0);
        return new Diff(got.shape(), g.length, bad, maxAbs, maxRel, index(got.shape(), worst), g[worst], w[worst], worstRatio);
    }

    private static Diff strings(Tensor got, Tensor want) {
        if (got.isString() != want.isString()) {
            throw new IllegalArgumentException("a string array compared with a numeric one");
        }
        String[] g = got.strings(), w = want.strings();
        long bad = 0;
        int worst = -1;
        for (int i = 0; i < g.length; i++) {
            if (!g[i].equals(w[i])) {
                if (bad++ == 0) worst = i;
            }
        }
        if (g.length == 0) return new Diff(got.shape(), 0, 0, Double.NaN, Double.NaN, null, null, null, 0);
        if (worst < 0) worst = 0;
        return new Diff(got.shape(), g.length, bad, Double.NaN, Double.NaN, index(got.shape(), worst), g[worst], w[worst],
                bad > 0 ? Double.POSITIVE_INFINITY : 0);
    }

    /** The row-major index tuple of flat position {@code flat}. */
    static int[] index(Shape shape, int flat) {
        int[] pos = new int[shape.rank()];
        for (int a = shape.rank() - 1; a >= 0; a--) {
            int d = shape.dim(a);
            pos[a] = flat % d;
            flat /= d;
        }
        return pos;
    }
}
