// Output masks of merge layers, by writer: Keras ≥ 3.4 ORs elementwise-merge masks (none if any input has
// none) and ORs Concatenate masks over the last axis; Keras 1/2 and 3.0–3.3 AND them instead.
package dev.jkeras.layers.merging;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Mask arithmetic shared by the merge layers. Masks are float tensors of 0 and 1. */
final class MaskMerge {
    private MaskMerge() {}

    /** True if the writer ANDs merge masks (Keras 1/2, Keras 3.0–3.3); null means the newest Keras. */
    static boolean andRule(dev.jkeras.layer.WriterInfo w) {
        return w != null && !w.atLeast(3, 4);
    }

    /** Add/Subtract/...: OR of all masks (null if any is null), or with {@code legacy} the AND of the non-null masks. */
    static List<Tensor> elementwise(List<Tensor> masks, boolean legacy) {
        Tensor acc = null;
        for (Tensor m : masks) {
            if (m == null) {
                if (!legacy) return null;
                continue;
            }
            if (acc == null) {
                acc = m.copy();
                continue;
            }
            if (!m.shape().equals(acc.shape())) {
                throw new InputException("masks of different shapes cannot be merged: " + acc.shape() + " and " + m.shape());
            }
            float[] a = acc.data(), b = m.data();
            for (int i = 0; i < a.length; i++) {
                boolean x = a[i] != 0f, y = b[i] != 0f;
                a[i] = (legacy ? x && y : x || y) ? 1f : 0f;
            }
        }
        return acc == null ? null : List.of(acc);
    }

    /**
     * Concatenate: each input's mask expanded to the input's shape (missing masks all true),
     * concatenated along {@code axis}, then reduced over the last axis with OR, or with {@code legacy} AND.
     */
    static List<Tensor> concatenate(List<Tensor> inputs, List<Tensor> masks, int axis, boolean legacy) {
        boolean any = false;
        for (Tensor m : masks) any |= m != null;
        if (!any) return null;
        Tensor[] full = new Tensor[inputs.size()];
        for (int i = 0; i < full.length; i++) {
            Tensor x = inputs.get(i), m = masks.get(i);
            float[] f = new float[x.size()];
            if (m == null) {
                java.util.Arrays.fill(f, 1f);
            } else if (m.shape().equals(x.shape())) {
                for (int j = 0; j < f.length; j++) f[j] = m.data()[j] != 0f ? 1f : 0f;
            } else if (m.rank() == x.rank() - 1 && m.shape().equals(x.shape().sub(0, x.rank() - 1))) {
                int last = x.dim(-1);
                for (int j = 0; j < f.length; j++) f[j] = m.data()[j / last] != 0f ? 1f : 0f;
            } else {
                throw new UnsupportedFeatureException("cannot merge a mask of shape " + m.shape() + " for an input of shape " + x.shape());
            }
            full[i] = Tensor.of(x.shape(), f);
        }
        Tensor cat = Concatenate.concat(full, axis);
        Shape s = cat.shape();
        int last = s.dim(-1), n = cat.size() / Math.max(1, last);
        float[] d = cat.data(), r = new float[n];
        for (int i = 0; i < n; i++) {
            boolean v = legacy;
            for (int j = 0; j < last; j++) {
                boolean b = d[i * last + j] != 0f;
                v = legacy ? v && b : v || b;
            }
            r[i] = v ? 1f : 0f;
        }
        return List.of(Tensor.of(s.sub(0, s.rank() - 1), r));
    }
}
