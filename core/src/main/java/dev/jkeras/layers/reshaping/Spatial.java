// Shared by the Cropping, ZeroPadding and UpSampling layers: spatial axes by data_format, (before, after)
// pairs from every config spelling (int, n ints, n pairs; 1D: a pair), and an offset copy between tensors.
package dev.jkeras.layers.reshaping;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Helpers of the spatial reshaping layers (package-private). */
final class Spatial {
    private Spatial() {}

    /** The first spatial axis: 2 for channels_first, else 1 ({@code hasFormat} false: always 1). */
    static int firstAxis(LayerSpec spec, boolean hasFormat) {
        return hasFormat && LayerConfigs.channelsFirst(spec) ? 2 : 1;
    }

    /** {before, after} for each of {@code n} spatial dims from config key {@code key}. */
    static int[][] pairs(LayerSpec spec, String key, int n, int dflt) {
        Object v = spec.config().get(key);
        int[][] r = new int[n][2];
        if (v == null) {
            for (int[] p : r) p[0] = p[1] = dflt;
            return r;
        }
        if (v instanceof Number) {
            int x = spec.config().getInt(key, dflt);
            for (int[] p : r) p[0] = p[1] = x;
            return check(spec, key, r);
        }
        if (v instanceof List<?> l) {
            boolean flat = l.stream().allMatch(o -> o instanceof Number);
            if (flat && n == 1 && l.size() == 2) {
                r[0][0] = num(spec, key, l.get(0));
                r[0][1] = num(spec, key, l.get(1));
                return check(spec, key, r);
            }
            if (flat && l.size() == n) {
                for (int i = 0; i < n; i++) r[i][0] = r[i][1] = num(spec, key, l.get(i));
                return check(spec, key, r);
            }
            if (l.size() == n && l.stream().allMatch(o -> o instanceof List<?> p && p.size() == 2)) {
                for (int i = 0; i < n; i++) {
                    List<?> p = (List<?>) l.get(i);
                    r[i][0] = num(spec, key, p.get(0));
                    r[i][1] = num(spec, key, p.get(1));
                }
                return check(spec, key, r);
            }
        }
        throw new ModelFormatException(spec.where() + ": config key '" + key + "' should be an integer, " + n + " integers"
                + (n == 1 ? " or a pair" : "") + " or " + n + " (before, after) pairs, found " + v);
    }

    private static int[][] check(LayerSpec spec, String key, int[][] r) {
        for (int[] p : r) {
            if (p[0] < 0 || p[1] < 0) throw new ModelFormatException(spec.where() + ": config key '" + key + "' must not be negative");
        }
        return r;
    }

    private static int num(LayerSpec spec, String key, Object o) {
        Integer i = dev.jkeras.layer.Config.asInt(o);
        if (i != null) return i;
        throw new ModelFormatException(spec.where() + ": config key '" + key + "' should hold integers, found " + o);
    }

    /** Positive integer factors for {@code n} dims (an int repeats). */
    static int[] factors(LayerSpec spec, String key, int n, int dflt) {
        int[] f = spec.config().getInts(key, n, null);
        if (f == null) {
            f = new int[n];
            java.util.Arrays.fill(f, dflt);
        }
        for (int x : f) if (x < 1) throw new ModelFormatException(spec.where() + ": config key '" + key + "' should hold positive integers, found " + spec.config().get(key));
        return f;
    }

    /**
     * {@code x} placed into a zero tensor of shape {@code out}, shifted on the spatial axes starting at
     * {@code first} by {@code sign * before} for each (before, after) pair: +1 pads (ZeroPadding),
     * -1 crops (Cropping).
     */
    static Tensor shifted(Tensor x, Shape out, int first, int[][] pairs, int sign) {
        int[] off = new int[x.rank()];
        for (int i = 0; i < pairs.length; i++) off[first + i] = sign * pairs[i][0];
        float[] y = new float[out.size()];
        offsetCopy(x.data(), x.shape(), y, out, off);
        return Tensor.of(out, y);
    }

    /**
     * {@code dst[i + off] = src[i]} for every multi-index i with both sides in range ({@code off} per axis,
     * negative to crop). {@code dst} must be pre-filled (zeros for padding).
     */
    static void offsetCopy(float[] src, Shape srcShape, float[] dst, Shape dstShape, int[] off) {
        int r = srcShape.rank();
        int[] ss = new int[r], ds = new int[r];
        int a = 1, b = 1;
        for (int i = r - 1; i >= 0; i--) {
            ss[i] = a;
            ds[i] = b;
            a *= srcShape.dim(i);
            b *= dstShape.dim(i);
        }
        copy(src, srcShape, ss, 0, dst, dstShape, ds, 0, off, 0);
    }

    private static void copy(float[] src, Shape sShape, int[] ss, int so, float[] dst, Shape dShape, int[] ds, int doff, int[] off, int axis) {
        int lo = Math.max(0, -off[axis]);
        int hi = Math.min(sShape.dim(axis), dShape.dim(axis) - off[axis]);
        if (hi <= lo) return;
        if (axis == sShape.rank() - 1) {
            System.arraycopy(src, so + lo, dst, doff + lo + off[axis], hi - lo);
            return;
        }
        for (int i = lo; i < hi; i++) {
            copy(src, sShape, ss, so + i * ss[axis], dst, dShape, ds, doff + (i + off[axis]) * ds[axis], off, axis + 1);
        }
    }
}
