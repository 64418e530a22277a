// Preprocessing Normalization: y = (x − mean) / max(sqrt(variance), 1e-7), or mean + x·max(sqrt(variance), 1e-7)
// with invert. One statistic per index of the kept `axis` (int, list, or null/[] for one scalar); mean/variance
// come from the config (broadcast right-aligned onto the kept axes) or from weights mean, variance, count (adapt()).
package dev.jkeras.layers.normalization;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Broadcast;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keras {@code Normalization} (the preprocessing layer). Lives with the normalization family. */
public final class Normalization extends UnaryLayer {
    private final int rank;
    private final int[] keep;
    /** mean and max(sqrt(variance), 1e-7), shaped with the input's rank (1 on reduced axes). */
    private final Tensor mean;
    private final Tensor denom;
    private final boolean invert;
    private final boolean passMask;
    private final long params;

    private Normalization(LayerSpec spec, int rank, int[] keep, Tensor mean, Tensor denom, boolean invert, boolean passMask, long params) {
        super(spec);
        this.rank = rank;
        this.keep = keep;
        this.mean = mean;
        this.denom = denom;
        this.invert = invert;
        this.passMask = passMask;
        this.params = params;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != rank) throw shapeError("rank " + rank, in);
        for (int a : keep) {
            if (in.dim(a) != Shape.UNKNOWN && in.dim(a) != mean.dim(a)) throw shapeError("size " + mean.dim(a) + " on axis " + a, in);
        }
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        float[] m = new float[x.size()], d = new float[x.size()];
        Broadcast.addInto(m, x.shape(), mean, true);
        Broadcast.addInto(d, x.shape(), denom, true);
        float[] s = x.data();
        float[] y = new float[s.length];
        if (invert) {
            for (int i = 0; i < y.length; i++) y[i] = m[i] + s[i] * d[i];
        } else {
            for (int i = 0; i < y.length; i++) y[i] = (s[i] - m[i]) / d[i];
        }
        return Tensor.of(x.shape(), y);
    }

    @Override
    public long paramCount() {
        return params;
    }

    @Override
    protected boolean passesMask() {
        return passMask;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Normalization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Shape in = ctx.inputShape();
            int rank = in.rank();
            int[] raw = c.has("axis") ? c.getIntList("axis") : (c.asMap().containsKey("axis") ? new int[0] : new int[] {-1});
            NormAxes axes = NormAxes.of(spec, "axis", raw, rank, false);
            int[] keep = axes.sorted;
            int[] keptDims = new int[keep.length];
            int[] bshape = new int[rank];
            Arrays.fill(bshape, 1);
            for (int i = 0; i < keep.length; i++) {
                keptDims[i] = in.dim(keep[i]);
                if (keptDims[i] == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "a known size on the kept axis " + keep[i], in);
                bshape[keep[i]] = keptDims[i];
            }
            Shape broadcast = Shape.of(bshape);
            float[] mean, var;
            long params = 0;
            if (c.has("mean") || c.has("variance")) {
                mean = fromConfig(spec, "mean", keep, keptDims, broadcast);
                var = fromConfig(spec, "variance", keep, keptDims, broadcast);
            } else {
                List<Tensor> w = ctx.weights(WeightDecl.fixed("mean", keptDims), WeightDecl.fixed("variance", keptDims),
                        WeightDecl.fixed("count"));
                mean = w.get(0).data();
                var = w.get(1).data();
                params = w.get(0).size() + w.get(1).size() + 1;
            }
            float[] denom = new float[var.length];
            for (int i = 0; i < denom.length; i++) denom[i] = Math.max((float) Math.sqrt(var[i]), 1e-7f);
            boolean passMask = spec.writer() == null || !spec.writer().isLegacy();
            return new Normalization(spec, rank, keep, Tensor.of(broadcast, mean), Tensor.of(broadcast, denom),
                    c.getBool("invert", false), passMask, params);
        }

        /** A config statistic (a number or nested lists) aligned right onto the kept axes and broadcast. */
        private static float[] fromConfig(LayerSpec spec, String key, int[] keep, int[] keptDims, Shape broadcast) {
            Object v = spec.config().get(key);
            List<Integer> dims = new ArrayList<>();
            List<Float> values = new ArrayList<>();
            flatten(spec, key, v, 0, dims, values);
            if (dims.size() > keep.length) {
                throw new ModelFormatException(spec.where() + ": config key '" + key + "' has rank " + dims.size() + ", more than the "
                        + keep.length + " kept axes");
            }
            int rank = broadcast.rank();
            int[] expanded = new int[rank];
            Arrays.fill(expanded, 1);
            for (int i = 1; i <= dims.size(); i++) {
                int d = dims.get(dims.size() - i);
                int axis = keep[keep.length - i];
                if (d != 1 && d != keptDims[keep.length - i]) {
                    throw new ModelFormatException(spec.where() + ": config key '" + key + "' of shape " + dims + " does not broadcast to the kept "
                            + "axes of size " + Arrays.toString(keptDims));
                }
                expanded[axis] = d;
            }
            float[] data = new float[values.size()];
            for (int i = 0; i < data.length; i++) data[i] = values.get(i);
            float[] out = new float[broadcast.size()];
            Broadcast.addInto(out, broadcast, Tensor.of(Shape.of(expanded), data), true);
            return out;
        }

        private static void flatten(LayerSpec spec, String key, Object v, int depth, List<Integer> dims, List<Float> values) {
            if (v instanceof Number n) {
                if (depth != dims.size()) throw ragged(spec, key);
                values.add(n.floatValue());
                return;
            }
            if (!(v instanceof List<?> l)) {
                throw new ModelFormatException(spec.where() + ": config key '" + key + "' should be a number or nested lists of numbers, found " + v);
            }
            if (depth == dims.size()) dims.add(l.size());
            else if (depth > dims.size() || dims.get(depth) != l.size()) throw ragged(spec, key);
            for (Object o : l) flatten(spec, key, o, depth + 1, dims, values);
        }

        private static ModelFormatException ragged(LayerSpec spec, String key) {
            return new ModelFormatException(spec.where() + ": config key '" + key + "' is not a rectangular array: " + spec.config().get(key));
        }
    }
}
