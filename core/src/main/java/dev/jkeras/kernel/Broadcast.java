package dev.jkeras.kernel;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;

/** Numpy-style broadcasting of a same-rank tensor (size-1 axes stretch) onto an output shape. */
public final class Broadcast {
    private Broadcast() {}

    /**
     * {@code acc += x} (or {@code acc = x} if {@code assign}) where {@code x} has the rank of
     * {@code out} and each of its dimensions is 1 or equal to {@code out}'s.
     */
    public static void addInto(float[] acc, Shape out, Tensor x, boolean assign) {
        int r = out.rank();
        if (x.rank() != r) throw new IllegalArgumentException("rank mismatch: " + x.shape() + " vs " + out);
        int[] stride = new int[r];
        int s = 1;
        for (int i = r - 1; i >= 0; i--) {
            int d = x.dim(i);
            if (d != 1 && d != out.dim(i)) throw new IllegalArgumentException(x.shape() + " does not broadcast to " + out);
            stride[i] = d == 1 ? 0 : s;
            s *= d;
        }
        float[] src = x.data();
        if (acc.length == 0) return;
        int[] idx = new int[r];
        int off = 0;
        for (int o = 0; o < acc.length; o++) {
            acc[o] = assign ? src[off] : acc[o] + src[off];
            for (int ax = r - 1; ax >= 0; ax--) {
                if (++idx[ax] < out.dim(ax)) {
                    off += stride[ax];
                    break;
                }
                off -= stride[ax] * (idx[ax] - 1);
                idx[ax] = 0;
            }
        }
    }
}
