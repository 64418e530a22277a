// The attention core shared by MultiHeadAttention and GroupQueryAttention, as Keras's _compute_attention: scores =
// einsum(key, query·scale) over the attention axes, masked softmax over those axes, output = einsum(scores, value),
// with the einsum equations of Keras's _build_attention_equation for projected tensors of any rank.
package dev.jkeras.layers.attention;

import dev.jkeras.kernel.Einsum;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;

/** Multi-head scaled dot-product attention over projected (batch, ..., heads, channels) tensors. */
final class DotProductAttention {
    private final int rank;
    private final int nAttn;
    private final Einsum dot;
    private final Einsum combine;
    private final float scale;

    /**
     * @param rank     rank of the projected query/key/value tensors
     * @param attnAxes the attention axes (resolved to [1, rank-3]), in Keras's order
     * @param scale    the factor applied to the projected query
     */
    DotProductAttention(int rank, int[] attnAxes, float scale) {
        this.rank = rank;
        this.nAttn = attnAxes.length;
        this.scale = scale;
        // Keras: target = query/output letters 0..rank-1; source = key/value letters, fresh on the attention axes.
        int[] target = new int[rank], source = new int[rank];
        int fresh = rank;
        for (int i = 0; i < rank; i++) {
            target[i] = i;
            source[i] = contains(attnAxes, i) ? fresh++ : i;
        }
        int[] product = new int[rank - 1 + nAttn];
        int p = 0;
        for (int i = 0; i < rank - 1; i++) if (!contains(attnAxes, i)) product[p++] = target[i];
        for (int a : attnAxes) product[p++] = target[a];
        for (int a : attnAxes) product[p++] = source[a];
        this.dot = new Einsum(target, source, product);
        this.combine = new Einsum(product, source, target);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    /** Shape of the scores for projected query and key shapes. */
    Shape scoresShape(Shape q, Shape k) {
        return dot.outputShape(q, k);
    }

    /** Number of leading batch-like axes of the scores (batch, non-attention axes, heads). */
    int scoresBatchRank() {
        return rank - 1 - nAttn;
    }

    /** The result: attention output (shaped like the query, value's channels) and the softmax scores. */
    record Result(Tensor output, Tensor scores) {}

    /**
     * @param mask the combined attention mask (as Keras has it before expansion, e.g. (B, T, S)), or null
     */
    Result apply(Tensor q, Tensor k, Tensor v, Tensor mask, MaskedSoftmax.Mode mode, String where) {
        float[] qs = q.data().clone();
        for (int i = 0; i < qs.length; i++) qs[i] *= scale;
        Tensor scores = dot.apply(Tensor.of(q.shape(), qs), k);
        float[] expanded = null;
        if (mask != null) {
            Tensor m = mask;
            int axis = -nAttn * 2 - 1;
            while (m.rank() < scores.rank()) m = BoolMask.expandDims(m, axis);
            expanded = BoolMask.expand(m, scores.shape(), where);
        }
        int row = scores.shape().sizeFrom(scores.rank() - nAttn);
        MaskedSoftmax.apply(scores.data(), expanded, row, mode, nAttn > 1);
        return new Result(combine.apply(scores, v), scores);
    }
}
