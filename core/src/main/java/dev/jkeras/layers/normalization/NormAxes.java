// Axis-set helpers of the normalization family: parse Keras axis configs (int or list, negative allowed)
// and view a tensor as (rows, n) with the chosen axes last, so a layer can work on contiguous vectors.
package dev.jkeras.layers.normalization;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.Arrays;

/** A set of axes of a rank-{@code rank} tensor, with the permutation that moves them last. */
final class NormAxes {
    final int rank;
    /** The axes as written in the config, made non-negative (config order). */
    final int[] configOrder;
    /** The same axes in ascending order. */
    final int[] sorted;
    private final int[] perm;
    private final int[] inverse;
    private final boolean identity;

    private NormAxes(int rank, int[] configOrder) {
        this.rank = rank;
        this.configOrder = configOrder;
        this.sorted = configOrder.clone();
        Arrays.sort(sorted);
        perm = new int[rank];
        boolean[] in = new boolean[rank];
        for (int a : sorted) in[a] = true;
        int k = 0;
        for (int i = 0; i < rank; i++) if (!in[i]) perm[k++] = i;
        for (int a : sorted) perm[k++] = a;
        inverse = new int[rank];
        boolean id = true;
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
            id &= perm[i] == i;
        }
        identity = id;
    }

    /**
     * The axes under {@code key} (an int or a list; absent means {@code dflt}) for inputs of
     * {@code rank}: each must be a distinct axis; the batch axis only if {@code batchAllowed}.
     */
    static NormAxes parse(LayerSpec spec, String key, int dflt, int rank, boolean batchAllowed) {
        int[] raw = spec.config().getIntList(key);
        if (raw == null) raw = new int[] {dflt};
        return of(spec, key, raw, rank, batchAllowed);
    }

    static NormAxes of(LayerSpec spec, String key, int[] raw, int rank, boolean batchAllowed) {
        int[] pos = new int[raw.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < raw.length; i++) {
            int a = raw[i] < 0 ? raw[i] + rank : raw[i];
            if (a < (batchAllowed ? 0 : 1) || a >= rank || seen[a]) {
                throw new ModelFormatException(spec.where() + ": config key '" + key + "' = " + Arrays.toString(raw)
                        + " is not a list of distinct " + (batchAllowed ? "" : "non-batch ") + "axes for inputs of rank " + rank);
            }
            seen[a] = true;
            pos[i] = a;
        }
        return new NormAxes(rank, pos);
    }

    /** Product of the sizes of the axes (all must be known). */
    int size(Shape s) {
        int n = 1;
        for (int a : sorted) n *= s.dim(a);
        return n;
    }

    /** The dims of the axes in config order (the shape Keras gives the layer's parameters). */
    int[] dims(Shape s) {
        int[] d = new int[configOrder.length];
        for (int i = 0; i < d.length; i++) d[i] = s.dim(configOrder[i]);
        return d;
    }

    /** The data of {@code x} laid out as (rows, n) with the axes last, ascending; may share x's data. */
    float[] toRows(Tensor x) {
        return identity ? x.data() : Transpose.permute(x, perm).data();
    }

    /** One row's computation: {@code y[off, off+n)} from {@code src[off, off+n)}. */
    interface RowFn {
        void apply(float[] src, float[] y, int off, int n);
    }

    /** {@code x} as (rows, n) with these axes last, {@code f} applied to every row, back in x's layout. */
    Tensor mapRows(Tensor x, RowFn f) {
        int n = size(x.shape());
        float[] src = toRows(x);
        float[] y = Buffers.take(src.length); // every row is written
        int rows = n == 0 ? 0 : src.length / n;
        for (int r = 0; r < rows; r++) f.apply(src, y, r * n, n);
        return fromRows(y, x.shape());
    }

    /** The inverse of {@link #toRows}: rows data (owned) back in the layout of {@code shape}. */
    Tensor fromRows(float[] rows, Shape shape) {
        if (identity) return Tensor.of(shape, rows);
        return Transpose.permute(Tensor.of(Transpose.permuteShape(shape, perm), rows), inverse);
    }
}
