// Conv2D: y = activation(conv(x, kernel) + bias); cross-correlation with strides, dilation, groups and
// valid/same padding (TF rule: the odd extra pad row/column goes bottom/right). Kernel (kh, kw, C/groups, F)
// for both data formats; channels_first inputs are transposed to channels_last and back.
package dev.jkeras.layers.convolutional;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Conv;
import dev.jkeras.kernel.Transpose;
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
import java.util.Arrays;
import java.util.List;

/** Keras {@code Conv2D} (Keras 1/2 alias {@code Convolution2D}). */
public final class Conv2D extends UnaryLayer {
    private final int channels;
    private final int filters;
    private final int groups;
    private final Conv.Window window;
    private final boolean channelsFirst;
    private final Tensor kernel;
    private final Tensor bias;
    private final ActivationFn activation;

    private Conv2D(LayerSpec spec, int channels, int filters, int groups, Conv.Window window, boolean channelsFirst,
                   Tensor kernel, Tensor bias, ActivationFn activation) {
        super(spec);
        this.channels = channels;
        this.filters = filters;
        this.groups = groups;
        this.window = window;
        this.channelsFirst = channelsFirst;
        this.kernel = kernel;
        this.bias = bias;
        this.activation = activation;
    }

    private String expected() {
        return channelsFirst ? "(batch, " + channels + ", height, width)" : "(batch, height, width, " + channels + ")";
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 4 || in.dim(channelsFirst ? 1 : 3) != channels) throw shapeError(expected(), in);
        int h = in.dim(channelsFirst ? 2 : 1), w = in.dim(channelsFirst ? 3 : 2);
        int oh = window.outH(h), ow = window.outW(w);
        if (oh == 0 || ow == 0) throw shapeError(expected() + " at least as large as the dilated kernel", in);
        Shape out = channelsFirst ? Shape.of(in.dim(0), filters, oh, ow) : Shape.of(in.dim(0), oh, ow, filters);
        return activation.outputShape(out);
    }

    @Override
    public Tensor apply(Tensor x) {
        outputShape(x.shape());
        Tensor nhwc = channelsFirst ? Transpose.permute(x, 0, 2, 3, 1) : x;
        int b = nhwc.dim(0), h = nhwc.dim(1), w = nhwc.dim(2);
        float[] y = Conv.conv2d(nhwc.data(), b, h, w, channels, kernel.data(), filters, groups, window);
        if (bias != null) {
            float[] bv = bias.data();
            for (int o = 0; o < y.length; o += filters) {
                for (int f = 0; f < filters; f++) y[o + f] += bv[f];
            }
        }
        Tensor out = Tensor.of(Shape.of(b, window.outH(h), window.outW(w), filters), y);
        if (channelsFirst) out = Transpose.permute(out, 0, 3, 1, 2);
        return activation.applyOwned(out);
    }

    @Override
    public long paramCount() {
        return count(Arrays.asList(kernel, bias));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Conv2D", "Convolution2D");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            int filters = c.requireInt("filters");
            int[] k = c.getInts("kernel_size", 2, null);
            if (k == null) throw new ModelFormatException(spec.where() + ": config key 'kernel_size' should be 2 integers, found none");
            int[] s = c.getInts("strides", 2, new int[] {1, 1});
            int[] d = c.getInts("dilation_rate", 2, new int[] {1, 1});
            int groups = c.getInt("groups", 1);
            boolean same = LayerConfigs.samePadding(spec);
            boolean cf = LayerConfigs.channelsFirst(spec);
            boolean useBias = c.getBool("use_bias", true);
            ActivationFn act = LayerConfigs.activation(spec, "activation");
            for (int[] v : new int[][] {k, s, d}) {
                if (v[0] < 1 || v[1] < 1) {
                    throw new ModelFormatException(spec.where() + ": kernel_size, strides and dilation_rate must be >= 1, found kernel_size "
                            + Arrays.toString(k) + ", strides " + Arrays.toString(s) + ", dilation_rate " + Arrays.toString(d));
                }
            }
            Shape in = ctx.inputShape();
            int channels = in.rank() == 4 ? in.dim(cf ? 1 : 3) : Shape.UNKNOWN;
            if (channels == Shape.UNKNOWN) {
                throw LayerConfigs.badInput(spec, cf ? "(batch, channels, height, width) with known channels"
                        : "(batch, height, width, channels) with known channels", in);
            }
            if (groups < 1 || channels % groups != 0 || filters % groups != 0) {
                throw new ModelFormatException(spec.where() + ": groups = " + groups + " must divide both the input channels ("
                        + channels + ") and filters (" + filters + ")");
            }
            WeightDecl kd = WeightDecl.trainable("kernel", k[0], k[1], channels / groups, filters);
            List<Tensor> w = useBias ? ctx.weights(kd, WeightDecl.trainable("bias", filters)) : ctx.weights(kd);
            Conv.Window win = new Conv.Window(k[0], k[1], s[0], s[1], d[0], d[1], same);
            Conv2D layer = new Conv2D(spec, channels, filters, groups, win, cf, w.get(0), useBias ? w.get(1) : null, act);
            layer.outputShape(in);
            return layer;
        }
    }
}
