// Rewrites legacy HDF5 arrays into the Keras 2/3 layout a layer declares, by writer version (keras-spec 2.4):
// Keras 1 split LSTM/GRU gates, Keras 1 'th' kernels and Conv1D's dummy axis, and Theano-trained kernels.
package dev.jkeras.load.weights;

import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Internal: what tf.keras's {@code preprocess_weights_for_loading} does, in one place. */
final class LegacyConversions {
    private LegacyConversions() {}

    /** Keras 1 LSTM / ConvLSTM2D file order W_i,U_i,b_i, W_c,U_c,b_c, W_f,U_f,b_f, W_o,U_o,b_o → packed i, f, c, o. */
    static final int[][] KERAS1_LSTM = {{0, 6, 3, 9}, {1, 7, 4, 10}, {2, 8, 5, 11}};
    /** Keras 1 GRU file order W_z,U_z,b_z, W_r,U_r,b_r, W_h,U_h,b_h → packed z, r, h. */
    static final int[][] KERAS1_GRU = {{0, 3, 6}, {1, 4, 7}, {2, 5, 8}};

    /** Layers whose kernels Keras 2 flips when the file's backend is Theano (true convolution). */
    static final Set<String> THEANO_FLIPPED = Set.of("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "ConvLSTM2D");

    /** True if files of this writer may need conversion (otherwise arrays are used as stored). */
    static boolean needed(WriterInfo writer) {
        return writer.major() == 1 || "theano".equals(writer.backend());
    }

    /** Converts one layer's arrays (wrappers: their inner layers') to the declared layout. */
    static List<Tensor> convert(LayerSpec spec, List<Tensor> in, List<WeightDecl> decls, WriterInfo writer) {
        String cls = spec.className();
        if ("TimeDistributed".equals(cls) && spec.children().containsKey("layer")) {
            return convert(spec.child("layer"), in, decls, writer);
        }
        if ("Bidirectional".equals(cls) && spec.children().containsKey("forward_layer") && in.size() % 2 == 0 && decls.size() % 2 == 0) {
            int h = in.size() / 2, d = decls.size() / 2;
            List<Tensor> out = new ArrayList<>(convert(spec.child("forward_layer"), in.subList(0, h), decls.subList(0, d), writer));
            out.addAll(convert(spec.child("backward_layer"), in.subList(h, in.size()), decls.subList(d, decls.size()), writer));
            return out;
        }
        List<Tensor> w = new ArrayList<>(in);
        if (writer.major() == 1) keras1(cls, spec.config(), w, decls);
        if ("theano".equals(writer.backend()) && THEANO_FLIPPED.contains(cls) && !w.isEmpty()) {
            w.set(0, flipSpatial(w.get(0)));
            if ("ConvLSTM2D".equals(cls) && w.size() > 1) w.set(1, flipSpatial(w.get(1)));
        }
        return w;
    }

    private static void keras1(String cls, Config config, List<Tensor> w, List<WeightDecl> decls) {
        boolean channelsFirst = "channels_first".equals(config.getString("data_format", "channels_last"));
        switch (cls) {
            case "LSTM" -> pack(w, KERAS1_LSTM, 12);
            case "GRU" -> pack(w, KERAS1_GRU, 9);
            case "ConvLSTM2D" -> {
                pack(w, KERAS1_LSTM, 12);
                if (channelsFirst && w.size() >= 2) {
                    w.set(0, transpose(w.get(0), 2, 3, 1, 0));
                    w.set(1, transpose(w.get(1), 2, 3, 1, 0));
                }
            }
            case "Conv2D" -> {
                if (channelsFirst && !w.isEmpty() && w.get(0).rank() == 4) w.set(0, transpose(w.get(0), 2, 3, 1, 0));
            }
            case "Conv3D" -> {
                if (channelsFirst && !w.isEmpty() && w.get(0).rank() == 5) w.set(0, transpose(w.get(0), 2, 3, 4, 1, 0));
            }
            case "Conv2DTranspose" -> {
                if (!w.isEmpty() && w.get(0).rank() == 4) w.set(0, channelsFirst ? transpose(w.get(0), 2, 3, 0, 1) : transpose(w.get(0), 0, 1, 3, 2));
            }
            case "SeparableConv2D" -> {
                if (channelsFirst && w.size() >= 2) {
                    w.set(0, transpose(w.get(0), 2, 3, 1, 0));
                    w.set(1, transpose(w.get(1), 2, 3, 1, 0));
                }
            }
            case "Conv1D" -> {
                if (!w.isEmpty() && w.get(0).rank() == 4 && !decls.isEmpty() && decls.get(0).shape().rank() == 3) w.set(0, conv1d(w.get(0), decls.get(0).shape()));
            }
            default -> { }
        }
    }

    /** Packs Keras 1's per-gate arrays (only when the file has the split form). */
    private static void pack(List<Tensor> w, int[][] plan, int splitCount) {
        if (w.size() != splitCount) return;
        List<Tensor> packed = new ArrayList<>();
        for (int[] parts : plan) {
            List<Tensor> p = new ArrayList<>();
            for (int i : parts) p.add(w.get(i));
            packed.add(concatLastAxis(p));
        }
        w.clear();
        w.addAll(packed);
    }

    /** Keras 1.2 Conv1D kernel (k, 1, in, f), or Keras 1.1 (f, in, k, 1), to (k, in, f). */
    private static Tensor conv1d(Tensor t, Shape want) {
        int[] d = t.shape().dims();
        if (d[1] == 1 && d[0] == want.dim(0) && d[2] == want.dim(1) && d[3] == want.dim(2)) return t.reshape(want);
        if (d[3] == 1) return transpose(t, 2, 3, 1, 0).reshape(Shape.of(d[2], d[1], d[0]));
        return t;
    }

    static Tensor concatLastAxis(List<Tensor> parts) {
        Tensor first = parts.get(0);
        int rank = first.rank();
        int rows = rank == 0 ? 1 : first.size() / first.dim(rank - 1);
        int total = 0;
        for (Tensor p : parts) {
            if (p.rank() != rank || (rank > 0 && p.size() / p.dim(rank - 1) != rows)) return first;
            total += rank == 0 ? 1 : p.dim(rank - 1);
        }
        float[] out = new float[rows * total];
        int off = 0;
        for (Tensor p : parts) {
            int cols = rank == 0 ? 1 : p.dim(rank - 1);
            for (int r = 0; r < rows; r++) System.arraycopy(p.data(), r * cols, out, r * total + off, cols);
            off += cols;
        }
        int[] dims = rank == 0 ? new int[] {total} : first.shape().dims();
        dims[dims.length - 1] = total;
        return Tensor.of(Shape.of(dims), out);
    }

    /** numpy.transpose(t, perm). */
    static Tensor transpose(Tensor t, int... perm) {
        int rank = t.rank();
        if (perm.length != rank) return t;
        int[] in = t.shape().dims();
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) out[i] = in[perm[i]];
        int[] inStride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStride[i] = s;
            s *= in[i];
        }
        int[] stride = new int[rank];
        for (int i = 0; i < rank; i++) stride[i] = inStride[perm[i]];
        float[] src = t.data();
        float[] dst = new float[src.length];
        int[] idx = new int[rank];
        for (int o = 0; o < dst.length; o++) {
            int off = 0;
            for (int i = 0; i < rank; i++) off += idx[i] * stride[i];
            dst[o] = src[off];
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) break;
                idx[i] = 0;
            }
        }
        return Tensor.of(Shape.of(out), dst);
    }

    /** Keras 2's {@code convert_kernel}: reverses every axis except the last two (the spatial axes). */
    static Tensor flipSpatial(Tensor t) {
        int rank = t.rank();
        if (rank < 3) return t;
        int[] d = t.shape().dims();
        int inner = d[rank - 2] * d[rank - 1];
        int spatial = t.size() / Math.max(inner, 1);
        float[] src = t.data();
        float[] dst = new float[src.length];
        int[] sd = java.util.Arrays.copyOf(d, rank - 2);
        int[] idx = new int[rank - 2];
        for (int p = 0; p < spatial; p++) {
            int q = 0;
            for (int i = 0; i < sd.length; i++) q = q * sd[i] + (sd[i] - 1 - idx[i]);
            System.arraycopy(src, p * inner, dst, q * inner, inner);
            for (int i = sd.length - 1; i >= 0; i--) {
                if (++idx[i] < sd[i]) break;
                idx[i] = 0;
            }
        }
        return Tensor.of(t.shape(), dst);
    }
}
