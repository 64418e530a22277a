// Rescaling: y = x * scale + offset in float32; scale and offset are scalars or arrays broadcast
// numpy-style against the input's trailing axes (a per-channel list for channels_last images). Passes the mask.
// Keras 3 reshapes array scales to (C, 1, 1) only when the GLOBAL image_data_format is channels_first, which
// no file records; such files are refused by the broadcast check unless the shapes happen to fit.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Rescaling}. */
public final class Rescaling extends UnaryLayer {
    private final Tensor scale;
    private final Tensor offset;

    private Rescaling(LayerSpec spec, Tensor scale, Tensor offset) {
        super(spec);
        this.scale = scale;
        this.offset = offset;
    }

    @Override
    public Shape outputShape(Shape in) {
        check(in, scale, "scale");
        check(in, offset, "offset");
        return in;
    }

    private void check(Shape in, Tensor t, String what) {
        if (t.rank() > in.rank()) throw shapeError("rank >= " + t.rank() + " to broadcast " + what + " of shape " + t.shape(), in);
        for (int i = 1; i <= t.rank(); i++) {
            int d = t.dim(-i), x = in.dim(-i);
            if (d != 1 && d != x && x != Shape.UNKNOWN) {
                throw shapeError("trailing dimensions compatible with " + what + " of shape " + t.shape(), in);
            }
        }
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        float[] in = x.data();
        float[] out = new float[in.length];
        int[] si = Broadcast.index(x.shape(), scale.shape());
        int[] oi = Broadcast.index(x.shape(), offset.shape());
        float[] s = scale.data(), o = offset.data();
        for (int i = 0; i < in.length; i++) {
            float v = in[i] * s[si[i]];
            out[i] = v + o[oi[i]];
        }
        return Tensor.of(x.shape(), out);
    }

    @Override
    protected boolean passesMask() {
        return true;
    }

    /** Numpy broadcasting of a small array against a tensor's trailing axes: element index per tensor element. */
    static final class Broadcast {
        private Broadcast() {}

        static int[] index(Shape big, Shape small) {
            int n = big.size();
            int[] idx = new int[n];
            if (small.size() == 1) return idx;
            int[] bd = big.dims(), sd = small.dims();
            int r = bd.length, k = sd.length;
            int[] coord = new int[r];
            for (int i = 0; i < n; i++) {
                int off = 0;
                for (int a = 0; a < k; a++) {
                    int c = coord[r - k + a];
                    off = off * sd[a] + (sd[a] == 1 ? 0 : c);
                }
                idx[i] = off;
                for (int a = r - 1; a >= 0; a--) {
                    if (++coord[a] < bd[a]) break;
                    coord[a] = 0;
                }
            }
            return idx;
        }
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Rescaling");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Tensor scale = array(spec, "scale", null);
            Tensor offset = array(spec, "offset", 0f);
            Rescaling r = new Rescaling(spec, scale, offset);
            r.outputShape(ctx.inputShape());
            return r;
        }

        /** A number, a (nested) list of numbers, or Keras 3's {"class_name": "__numpy__", "config": {"value": ...}}. */
        static Tensor array(LayerSpec spec, String key, Float dflt) {
            Object v = spec.config().get(key);
            if (v == null) {
                if (dflt == null) throw new ModelFormatException(spec.where() + ": config key '" + key + "' is missing");
                return Tensor.scalar(dflt);
            }
            Tensor t = LayerConfigs.array(v, spec.where() + ": config key '" + key + "'");
            if (t.size() == 0) throw new ModelFormatException(spec.where() + ": config key '" + key + "' is an empty list");
            return t;
        }
    }
}
