package dev.jkeras.kernel;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A two-operand einsum {@code x,w->out} with fixed index labels (each label an int, distinct within
 * an operand). It runs as one GEMM per batch index: labels in x, w and out are batch (B), in x and
 * out free rows (M), in w and out free columns (N), in x and w only contracted (K); labels in one
 * operand only are summed out first. The product is then permuted into the output order. Each
 * output element is a float32 sum over K in increasing row-major order, like {@link MatMul}.
 */
public final class Einsum {
    private final int[] x;
    private final int[] w;
    private final int[] out;
    private final int[] b;
    private final int[] m;
    private final int[] n;
    private final int[] k;
    /** Permutation taking x to [B, M, K, x-only], w to [B, K, N, w-only], [B, M, N] to out. */
    private final int[] xPerm;
    private final int[] wPerm;
    private final int[] outPerm;

    /**
     * @param x   labels of the first operand's axes
     * @param w   labels of the second operand's axes
     * @param out labels of the output's axes; each must appear in x or w
     */
    public Einsum(int[] x, int[] w, int[] out) {
        this.x = x.clone();
        this.w = w.clone();
        this.out = out.clone();
        distinct(x, "first operand");
        distinct(w, "second operand");
        distinct(out, "output");
        List<Integer> bl = new ArrayList<>(), ml = new ArrayList<>(), nl = new ArrayList<>(), kl = new ArrayList<>();
        for (int l : out) {
            boolean inX = indexOf(x, l) >= 0, inW = indexOf(w, l) >= 0;
            if (inX && inW) bl.add(l);
            else if (inX) ml.add(l);
            else if (inW) nl.add(l);
            else throw new IllegalArgumentException("output label " + l + " is in neither operand");
        }
        for (int l : x) if (indexOf(out, l) < 0 && indexOf(w, l) >= 0) kl.add(l);
        b = toArray(bl);
        m = toArray(ml);
        n = toArray(nl);
        k = toArray(kl);
        xPerm = perm(x, concat(b, m, k, only(x, w, out)));
        wPerm = perm(w, concat(b, k, n, only(w, x, out)));
        outPerm = perm(concat(b, m, n), out);
    }

    private static void distinct(int[] labels, String what) {
        for (int i = 0; i < labels.length; i++) {
            for (int j = i + 1; j < labels.length; j++) {
                if (labels[i] == labels[j]) throw new IllegalArgumentException("repeated label in the " + what + ": " + Arrays.toString(labels));
            }
        }
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] only(int[] a, int[] other, int[] out) {
        List<Integer> r = new ArrayList<>();
        for (int l : a) if (indexOf(other, l) < 0 && indexOf(out, l) < 0) r.add(l);
        return toArray(r);
    }

    private static int[] concat(int[]... parts) {
        int len = 0;
        for (int[] p : parts) len += p.length;
        int[] r = new int[len];
        int i = 0;
        for (int[] p : parts) for (int v : p) r[i++] = v;
        return r;
    }

    /** perm such that target[i] = source[perm[i]]. */
    private static int[] perm(int[] source, int[] target) {
        int[] p = new int[target.length];
        for (int i = 0; i < target.length; i++) p[i] = indexOf(source, target[i]);
        return p;
    }

    /** The size of every label, from the operand shapes; an error if they disagree. */
    private int size(int label, Shape xs, Shape ws) {
        int i = indexOf(x, label), j = indexOf(w, label);
        int a = i >= 0 ? xs.dim(i) : -1, c = j >= 0 ? ws.dim(j) : -1;
        if (a >= 0 && c >= 0 && a != c) {
            throw new IllegalArgumentException("einsum operands disagree on an axis: " + xs + " and " + ws);
        }
        return a >= 0 ? a : c;
    }

    private int product(int[] labels, Shape xs, Shape ws) {
        int p = 1;
        for (int l : labels) p *= size(l, xs, ws);
        return p;
    }

    /** The output shape for operands of these shapes ({@link Shape#UNKNOWN} where unknown). */
    public Shape outputShape(Shape xs, Shape ws) {
        check(xs, ws);
        int[] d = new int[out.length];
        for (int i = 0; i < out.length; i++) d[i] = size(out[i], xs, ws);
        return Shape.of(d);
    }

    private void check(Shape xs, Shape ws) {
        if (xs.rank() != x.length || ws.rank() != w.length) {
            throw new IllegalArgumentException("einsum expects operands of rank " + x.length + " and " + w.length + ", found " + xs + " and " + ws);
        }
    }

    /** The second operand rearranged for {@link #apply(Tensor, Prepared)} (done once for a fixed kernel). */
    public Prepared prepare(Tensor wt) {
        if (wt.rank() != w.length) throw new IllegalArgumentException("einsum expects a second operand of rank " + w.length + ", found " + wt.shape());
        float[] data = reduceTrailing(permuteIfNeeded(wt, wPerm), b.length + k.length + n.length);
        MatMul.Packed packed = null;
        if (b.length == 0) {
            int nk = 1, nn = 1;
            for (int l : k) nk *= wt.dim(indexOf(w, l));
            for (int l : n) nn *= wt.dim(indexOf(w, l));
            packed = MatMul.pack(data, nk, nn);
        }
        return new Prepared(wt.shape(), packed == null ? data : null, packed);
    }

    /** A second operand in [B, K, N] order with its own-only axes summed out. */
    public static final class Prepared {
        final Shape shape;
        final float[] data;
        /** With no batch axes: the [K, N] matrix packed for the GEMM (then {@code data} is null). */
        final MatMul.Packed packed;

        private Prepared(Shape shape, float[] data, MatMul.Packed packed) {
            this.shape = shape;
            this.data = data;
            this.packed = packed;
        }
    }

    /** {@code einsum(x, w)}. */
    public Tensor apply(Tensor xt, Tensor wt) {
        return apply(xt, prepare(wt));
    }

    /** {@code einsum(x, w)} with {@code w} prepared by {@link #prepare}. */
    public Tensor apply(Tensor xt, Prepared wp) {
        Shape xs = xt.shape(), ws = wp.shape;
        check(xs, ws);
        for (int l : x) size(l, xs, ws);
        int nb = product(b, xs, ws), nm = product(m, xs, ws), nn = product(n, xs, ws), nk = product(k, xs, ws);
        float[] xd = reduceTrailing(permuteIfNeeded(xt, xPerm), b.length + m.length + k.length);
        float[] wd = wp.data;
        float[] y = nk == 0 ? new float[nb * nm * nn] : Buffers.take(nb * nm * nn); // every product overwrites its block
        if (nk == 0) {
            // sums over an empty axis are zero
        } else if (wp.packed != null) {
            MatMul.gemm(nm, xd, 0, nk, wp.packed, y, 0, nn, null, null);
        } else if (nb == 1) {
            MatMul.gemm(nm, nn, nk, xd, 0, nk, wd, 0, nn, y, 0, nn);
        } else {
            boolean parallel = (long) nb * nm * nn * nk >= (1L << 19);
            Parallel.forEach(nb, parallel, i -> MatMul.gemmSerial(nm, nn, nk, xd, i * nm * nk, nk, wd, i * nk * nn, nn, y, i * nm * nn, nn));
        }
        int[] bmn = new int[b.length + m.length + n.length];
        int p = 0;
        for (int l : b) bmn[p++] = size(l, xs, ws);
        for (int l : m) bmn[p++] = size(l, xs, ws);
        for (int l : n) bmn[p++] = size(l, xs, ws);
        Tensor r = Tensor.of(Shape.of(bmn), y);
        if (isIdentity(outPerm)) return r;
        Tensor t = Transpose.permute(r, outPerm);
        Buffers.recycle(y);
        return t;
    }

    private static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) if (perm[i] != i) return false;
        return true;
    }

    private static Tensor permuteIfNeeded(Tensor t, int[] perm) {
        return isIdentity(perm) ? t : Transpose.permute(t, perm);
    }

    /** The data of {@code t} with every axis from {@code keep} on summed out (in row-major order). */
    private static float[] reduceTrailing(Tensor t, int keep) {
        if (keep == t.rank()) return t.data();
        int outer = t.shape().sub(0, keep).size();
        int inner = t.shape().sizeFrom(keep);
        float[] src = t.data(), r = new float[outer];
        for (int o = 0; o < outer; o++) {
            float s = 0f;
            for (int i = 0, q = o * inner; i < inner; i++, q++) s += src[q];
            r[o] = s;
        }
        return r;
    }
}
