// STFTSpectrogram (Keras 3): a strided 1-D convolution of every input channel with the stored real and imaginary
// STFT kernels (frame_length, 1, fft_length//2 + 1) — window, scaling and periodic live in those weights — then the
// mode: real, imag, angle, stft (real ‖ imag), psd (power, interior bins doubled), magnitude sqrt(max(p, 1e-7)),
// log of that (max 1e-7). Output (batch, time, channels·freq) or with expand_dims (batch, time, freq, channels);
// channels_first (batch, channels·freq, time) / (batch, channels, time, freq).
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.kernel.Conv;
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
import java.util.List;
import java.util.Locale;

/** Keras {@code STFTSpectrogram}. */
public final class STFTSpectrogram extends UnaryLayer {
    private static final float EPSILON = 1e-7f;

    enum Mode { LOG, MAGNITUDE, PSD, REAL, IMAG, ANGLE, STFT }

    private final Mode mode;
    private final int frameLength;
    private final int step;
    private final boolean same;
    private final boolean channelsFirst;
    private final boolean expandDims;
    /** Frequency bins per kernel: fft_length // 2 + 1. */
    private final int bins;
    /** The kernels side by side: real then imaginary bins, or only the one the mode has. */
    private final Conv.Kernel kernel;
    private final int filters;
    private final long params;

    private STFTSpectrogram(LayerSpec spec, Mode mode, int frameLength, int step, boolean same, boolean channelsFirst, boolean expandDims,
                            int bins, Conv.Kernel kernel, int filters, long params) {
        super(spec);
        this.mode = mode;
        this.frameLength = frameLength;
        this.step = step;
        this.same = same;
        this.channelsFirst = channelsFirst;
        this.expandDims = expandDims;
        this.bins = bins;
        this.kernel = kernel;
        this.filters = filters;
        this.params = params;
    }

    private int outFreq() {
        return mode == Mode.STFT ? 2 * bins : bins;
    }

    private Conv.Geometry geometry(int time) {
        int[] in = {time}, k = {frameLength}, s = {step}, d = {1};
        return Conv.Geometry.of(in, k, s, d, same ? Conv.Padding.SAME : Conv.Padding.VALID);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 3) throw shapeError("(batch, time, channels) or, channels_first, (batch, channels, time)", in);
        int channels = in.dim(channelsFirst ? 1 : 2), time = in.dim(channelsFirst ? 2 : 1);
        int t = Conv.outLength(time, frameLength, step, 1, same ? Conv.Padding.SAME : Conv.Padding.VALID);
        int f = outFreq();
        int cf = channels == Shape.UNKNOWN ? Shape.UNKNOWN : channels * f;
        if (channelsFirst) return expandDims ? Shape.of(in.dim(0), channels, t, f) : Shape.of(in.dim(0), cf, t);
        return expandDims ? Shape.of(in.dim(0), t, f, channels) : Shape.of(in.dim(0), t, cf);
    }

    @Override
    public Tensor apply(Tensor x) {
        Shape outShape = outputShape(x.shape());
        int batch = x.dim(0), channels = x.dim(channelsFirst ? 1 : 2), time = x.dim(channelsFirst ? 2 : 1);
        // one signal per (batch, channel), contiguous in time
        float[] signals = x.data();
        if (!channelsFirst) {
            signals = new float[signals.length];
            float[] s = x.data();
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < time; t++) {
                    for (int c = 0; c < channels; c++) signals[(b * channels + c) * time + t] = s[(b * time + t) * channels + c];
                }
            }
        }
        Conv.Geometry geo = geometry(time);
        int frames = geo.out(0), rows = batch * channels;
        float[] conv = new float[rows * frames * filters];
        if (!geo.empty() && rows > 0) Conv.conv(signals, 0, rows, 1, geo, kernel, null, null, conv, 0);
        int f = outFreq();
        float[] y = new float[outShape.size()];
        for (int r = 0; r < rows; r++) {
            int b = r / channels, c = r % channels;
            for (int t = 0; t < frames; t++) {
                int base = (r * frames + t) * filters;
                for (int k = 0; k < f; k++) y[outIndex(b, c, t, k, channels, frames, f)] = value(conv, base, k);
            }
        }
        return Tensor.of(outShape, y);
    }

    /** The output value of frequency entry {@code k} of one frame whose kernel responses start at {@code base}. */
    private float value(float[] conv, int base, int k) {
        switch (mode) {
            case REAL:
            case IMAG:
            case STFT:
                return conv[base + k];
            case ANGLE:
                return (float) Math.atan2(conv[base + bins + k], conv[base + k]);
            default:
                break;
        }
        float re = conv[base + k], im = conv[base + bins + k];
        float power = re * re + im * im;
        if (mode == Mode.PSD) return k > 0 && k < bins - 1 ? power + power : power;
        float magnitude = (float) Math.sqrt(Math.max(power, EPSILON));
        return mode == Mode.MAGNITUDE ? magnitude : (float) Math.log(Math.max(magnitude, EPSILON));
    }

    private int outIndex(int b, int c, int t, int k, int channels, int frames, int f) {
        if (channelsFirst) {
            return expandDims ? ((b * channels + c) * frames + t) * f + k : ((b * channels + c) * f + k) * frames + t;
        }
        return expandDims ? ((b * frames + t) * f + k) * channels + c : (b * frames + t) * channels * f + c * f + k;
    }

    @Override
    public long paramCount() {
        return params;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("STFTSpectrogram");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            Mode mode;
            String m = c.getString("mode", "log");
            try {
                mode = Mode.valueOf(m.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(spec.where() + ": config key 'mode' should be one of log, magnitude, psd, real, imag, "
                        + "angle, stft, found \"" + m + "\"");
            }
            int frameLength = c.getInt("frame_length", 256);
            int step = c.getInt("frame_step", frameLength / 2);
            int fft = c.get("fft_length") != null ? c.requireInt("fft_length")
                    : 1 << (32 - Integer.numberOfLeadingZeros(Math.max(frameLength, 1) - 1));
            if (frameLength < 1 || step < 1 || step > frameLength || fft < frameLength) {
                throw new ModelFormatException(spec.where() + ": expected 1 <= frame_step <= frame_length <= fft_length, found frame_step "
                        + step + ", frame_length " + frameLength + ", fft_length " + fft);
            }
            boolean same = LayerConfigs.samePadding(spec);
            boolean channelsFirst = LayerConfigs.channelsFirst(spec);
            Shape in = ctx.inputShape();
            if (in.rank() != 3) throw LayerConfigs.badInput(spec, "(batch, time, channels) or (batch, channels, time)", in);
            int bins = fft / 2 + 1;
            List<WeightDecl> decls = new ArrayList<>();
            if (mode != Mode.IMAG) decls.add(WeightDecl.trainable("real_kernel", frameLength, 1, bins));
            if (mode != Mode.REAL) decls.add(WeightDecl.trainable("imag_kernel", frameLength, 1, bins));
            List<Tensor> w = ctx.weights(decls);
            int filters = bins * w.size();
            float[] both = new float[frameLength * filters];
            for (int i = 0; i < w.size(); i++) {
                float[] k = w.get(i).data();
                for (int t = 0; t < frameLength; t++) System.arraycopy(k, t * bins, both, t * filters + i * bins, bins);
            }
            Conv.Kernel kernel = Conv.pack(both, frameLength, 1, filters, 1);
            return new STFTSpectrogram(spec, mode, frameLength, step, same, channelsFirst, c.getBool("expand_dims", false), bins,
                    kernel, filters, (long) frameLength * filters);
        }
    }
}
