// ContrastLimitedAdaptiveHistogramEqualization (Keras 3, also at inference): per image and channel, values mapped from
// value_range to [0, 255], the image padded ("symmetric") to whole tiles, a 256-bin histogram of int(value) per tile,
// clipped at clip_limit·tile_size/256 with the excess spread evenly, its CDF scaled to [0, 255]; each pixel
// interpolates bilinearly between the four nearest tiles' maps (edge tiles repeated). All in float32, op by op as Keras.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Parallel;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code ContrastLimitedAdaptiveHistogramEqualization}. */
public final class Clahe extends UnaryLayer {
    private static final int BINS = 256;

    private final float low;
    private final float high;
    private final double clipLimit;
    private final int gridH;
    private final int gridW;
    private final boolean channelsFirst;

    private Clahe(LayerSpec spec, float low, float high, double clipLimit, int gridH, int gridW, boolean channelsFirst) {
        super(spec);
        this.low = low;
        this.high = high;
        this.clipLimit = clipLimit;
        this.gridH = gridH;
        this.gridW = gridW;
        this.channelsFirst = channelsFirst;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4) throw shapeError("(batch, height, width, channels) or, channels_first, (batch, channels, height, width)", in);
        return in;
    }

    @Override
    protected boolean passesMask() {
        return false;
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        int batch = x.dim(0), c = x.dim(channelsFirst ? 1 : 3), h = x.dim(channelsFirst ? 2 : 1), w = x.dim(channelsFirst ? 3 : 2);
        float[] in = x.data(), out = new float[in.length];
        if (h == 0 || w == 0) return Tensor.of(x.shape(), out);
        Parallel.forEach(batch * c, (long) in.length * 8 > (1 << 18), task -> {
            int b = task / c, ch = task % c;
            int base = channelsFirst ? (b * c + ch) * h * w : b * h * w * c + ch, step = channelsFirst ? 1 : c;
            float[] img = new float[h * w];
            for (int i = 0; i < img.length; i++) img[i] = toUnit255(in[base + i * step]);
            float[] res = equalize(img, h, w);
            for (int i = 0; i < res.length; i++) out[base + i * step] = fromUnit255(res[i]);
        });
        return Tensor.of(x.shape(), out);
    }

    private boolean identityRange() {
        return low == 0f && high == 255f;
    }

    private float toUnit255(float v) {
        return identityRange() ? v : (v - low) / (high - low) * 255f + 0f;
    }

    private float fromUnit255(float v) {
        return identityRange() ? v : (v - 0f) / (255f - 0f) * (high - low) + low;
    }

    /** One channel of one image (h × w, values on the 0-255 scale) equalized. */
    private float[] equalize(float[] img, int h, int w) {
        int th = (h + gridH - 1) / gridH, tw = (w + gridW - 1) / gridW, n = th * tw;
        // tile maps with a border of repeated edge tiles: (gridH + 2) × (gridW + 2) × 256
        float[] maps = new float[(gridH + 2) * (gridW + 2) * BINS];
        float limit = (float) (clipLimit * n / 256.0);
        float[] hist = new float[BINS];
        for (int gy = 0; gy < gridH; gy++) {
            for (int gx = 0; gx < gridW; gx++) {
                java.util.Arrays.fill(hist, 0f);
                for (int y = gy * th; y < (gy + 1) * th; y++) {
                    int sy = symmetric(y, h);
                    for (int xx = gx * tw; xx < (gx + 1) * tw; xx++) hist[bin(img[sy * w + symmetric(xx, w)])] += 1f;
                }
                if (clipLimit > 0) {
                    float excess = 0f;
                    for (int k = 0; k < BINS; k++) {
                        float clipped = Math.min(Math.max(hist[k], 0f), limit);
                        excess += hist[k] - clipped;
                        hist[k] = clipped;
                    }
                    float redist = excess / 256f;
                    for (int k = 0; k < BINS; k++) hist[k] = hist[k] + redist;
                }
                float cdfMin = Float.POSITIVE_INFINITY, sum = 0f;
                float[] cdf = new float[BINS];
                for (int k = 0; k < BINS; k++) {
                    sum += hist[k];
                    cdf[k] = sum;
                    cdfMin = Math.min(cdfMin, sum);
                }
                float den = (float) n - cdfMin;
                if (den == 0f) den = 1f;
                int at = ((gy + 1) * (gridW + 2) + gx + 1) * BINS;
                for (int k = 0; k < BINS; k++) maps[at + k] = Math.min(Math.max((cdf[k] - cdfMin) * 255f / den, 0f), 255f);
            }
        }
        for (int gy = 0; gy < gridH + 2; gy++) {
            for (int gx = 0; gx < gridW + 2; gx++) {
                int sy = Math.min(Math.max(gy, 1), gridH), sx = Math.min(Math.max(gx, 1), gridW);
                if (sy != gy || sx != gx) System.arraycopy(maps, (sy * (gridW + 2) + sx) * BINS, maps, (gy * (gridW + 2) + gx) * BINS, BINS);
            }
        }
        float[] res = new float[h * w];
        for (int y = 0; y < h; y++) {
            float yg = ((float) y - th / 2f) / th + 1f;
            float y0f = (float) Math.floor(yg), wy = yg - y0f;
            int y0 = clamp((int) y0f, gridH + 1), y1 = clamp((int) y0f + 1, gridH + 1);
            for (int xx = 0; xx < w; xx++) {
                float xg = ((float) xx - tw / 2f) / tw + 1f;
                float x0f = (float) Math.floor(xg), wx = xg - x0f;
                int x0 = clamp((int) x0f, gridW + 1), x1 = clamp((int) x0f + 1, gridW + 1);
                int p = (int) Math.min(Math.max(img[y * w + xx], 0f), 255f);
                float nw = maps[(y0 * (gridW + 2) + x0) * BINS + p], ne = maps[(y0 * (gridW + 2) + x1) * BINS + p];
                float sw = maps[(y1 * (gridW + 2) + x0) * BINS + p], se = maps[(y1 * (gridW + 2) + x1) * BINS + p];
                float top = nw * (1f - wx) + ne * wx;
                float bottom = sw * (1f - wx) + se * wx;
                res[y * w + xx] = top * (1f - wy) + bottom * wy;
            }
        }
        return res;
    }

    private static int clamp(int v, int hi) {
        return Math.min(Math.max(v, 0), hi);
    }

    /** The histogram bin of a value on the 0-255 scale: int32 truncation, clipped to [0, 255]. */
    private static int bin(float v) {
        return Math.min(Math.max((int) v, 0), BINS - 1);
    }

    /** numpy's "symmetric" padding (the edge repeated, then mirrored): the source index of position {@code i} ≥ 0. */
    private static int symmetric(int i, int n) {
        int r = i % (2 * n);
        return r < n ? r : 2 * n - 1 - r;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("ContrastLimitedAdaptiveHistogramEqualization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            List<Object> range = c.getList("value_range");
            float low = 0f, high = 255f;
            if (range != null) {
                if (range.size() != 2 || !(range.get(0) instanceof Number a) || !(range.get(1) instanceof Number b)) {
                    throw new ModelFormatException(spec.where() + ": value_range should be two numbers, found " + range);
                }
                low = a.floatValue();
                high = b.floatValue();
            }
            int[] grid = c.getInts("tile_grid_size", 2, new int[] {8, 8});
            if (grid[0] < 1 || grid[1] < 1) {
                throw new ModelFormatException(spec.where() + ": tile_grid_size should be two positive integers, found " + c.get("tile_grid_size"));
            }
            Shape in = ctx.inputShape();
            if (in.rank() != 4) throw LayerConfigs.badInput(spec, "a batch of images (rank 4)", in);
            return new Clahe(spec, low, high, c.getDouble("clip_limit", 4.0), grid[0], grid[1], LayerConfigs.channelsFirst(spec));
        }
    }
}
