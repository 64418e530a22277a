package dev.jkeras.kernel;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;

/** Axis permutation of a row-major tensor ({@code numpy.transpose}). */
public final class Transpose {
    private Transpose() {}

    /** The shape {@code in} with its axes reordered: output axis i is input axis {@code perm[i]}. */
    public static Shape permuteShape(Shape in, int[] perm) {
        int[] d = new int[perm.length];
        for (int i = 0; i < perm.length; i++) d[i] = in.dim(perm[i]);
        return Shape.of(d);
    }

    /** A new tensor whose axis i is axis {@code perm[i]} of {@code x}. */
    public static Tensor permute(Tensor x, int... perm) {
        int r = x.rank();
        if (perm.length != r) throw new IllegalArgumentException("permutation of rank " + perm.length + " for " + x.shape());
        boolean identity = true;
        for (int i = 0; i < r; i++) identity &= perm[i] == i;
        if (identity) return x.copy();
        int[] inStride = new int[r];
        int s = 1;
        for (int i = r - 1; i >= 0; i--) {
            inStride[i] = s;
            s *= x.dim(i);
        }
        int[] outDims = new int[r];
        int[] stride = new int[r];
        for (int i = 0; i < r; i++) {
            outDims[i] = x.dim(perm[i]);
            stride[i] = inStride[perm[i]];
        }
        float[] src = x.data();
        float[] dst = new float[src.length];
        if (dst.length == 0) return Tensor.of(Shape.of(outDims), dst);
        // Odometer over the output's leading axes; the last output axis is a strided inner loop.
        int last = outDims[r - 1], lastStride = stride[r - 1];
        int[] idx = new int[r];
        int srcOff = 0;
        for (int o = 0; o < dst.length; o += last) {
            for (int j = 0, p = srcOff; j < last; j++, p += lastStride) dst[o + j] = src[p];
            for (int ax = r - 2; ax >= 0; ax--) {
                if (++idx[ax] < outDims[ax]) {
                    srcOff += stride[ax];
                    break;
                }
                srcOff -= stride[ax] * (idx[ax] - 1);
                idx[ax] = 0;
            }
        }
        return Tensor.of(Shape.of(outDims), dst);
    }
}
