// MelSpectrogram (Keras 3): (batch, samples) → (batch, num_mel_bins, frames). Reflect-pads fft_length//2 samples on
// each side, frames every sequence_stride samples, windows (periodic Hann/Hamming of sequence_length, or none,
// centred in fft_length), |DFT|^mag_exp, HTK mel filter bank, then optionally dB with top_db clipping against the max
// of the WHOLE call's batch (Keras's max has no axis). Keras uses float32 FFTs; here the DFT and what follows run in double,
// with Keras's float32 mel filter bank (up to XLA's float32 log). At fft_length >= ~256 on real audio the two differ by up
// to ~1e-3 dB (several times the tolerance near 0 dB), as much as Keras's JAX and TensorFlow backends differ from each other.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Dft;
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

/** Keras {@code MelSpectrogram}. */
public final class MelSpectrogram extends UnaryLayer {
    private static final float MEL_BREAK_HZ = 700f;
    private static final float MEL_HIGH_Q = 1127f;

    private final int fftLength;
    private final int stride;
    /** The window padded to fft_length, as float32 values (Keras casts it to the input dtype). */
    private final double[] window;
    private final Dft dft;
    /** Mel weights (fft_length/2 + 1) × num_mel_bins, row-major. */
    private final double[] mel;
    private final int melBins;
    private final double magExp;
    private final boolean toDb;
    private final double minPower;
    private final double refDb;
    private final double topDb;

    private MelSpectrogram(LayerSpec spec, int fftLength, int stride, double[] window, double[] mel, int melBins, double magExp,
                           boolean toDb, double minPower, double refDb, double topDb) {
        super(spec);
        this.fftLength = fftLength;
        this.stride = stride;
        this.window = window;
        this.dft = Dft.plan(fftLength);
        this.mel = mel;
        this.melBins = melBins;
        this.magExp = magExp;
        this.toDb = toDb;
        this.minPower = minPower;
        this.refDb = refDb;
        this.topDb = topDb;
    }

    private int frames(int samples) {
        if (samples == Shape.UNKNOWN) return Shape.UNKNOWN;
        int padded = samples + 2 * (fftLength / 2);
        return padded < fftLength ? 0 : (padded - fftLength) / stride + 1;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 2) throw shapeError("(batch, samples)", in);
        if (in.dim(1) == 0) throw shapeError("(batch, samples) with at least one sample", in);
        return Shape.of(in.dim(0), melBins, frames(in.dim(1)));
    }

    @Override
    public Tensor apply(Tensor x) {
        Shape out = outputShape(x.shape());
        int batch = x.dim(0), samples = x.dim(1), frames = out.dim(2), bins = fftLength / 2 + 1, half = fftLength / 2;
        float[] s = x.data();
        double[] power = new double[batch * melBins * frames];
        Parallel.forEach(batch * frames, (long) batch * frames * fftLength * 16 > (1 << 18), task -> {
            int b = task / frames, t = task % frames;
            double[] re = new double[fftLength], im = new double[fftLength], work = new double[2 * fftLength];
            for (int n = 0; n < fftLength; n++) {
                re[n] = s[b * samples + reflect(t * stride + n - half, samples)] * window[n];
            }
            dft.forward(re, im, work);
            double[] spec = re;
            for (int k = 0; k < bins; k++) spec[k] = Math.pow(Math.sqrt(re[k] * re[k] + im[k] * im[k]), magExp);
            for (int m = 0; m < melBins; m++) {
                double acc = 0;
                for (int k = 0; k < bins; k++) acc += spec[k] * mel[k * melBins + m];
                power[(b * melBins + m) * frames + t] = acc;
            }
        });
        float[] y = new float[power.length];
        if (!toDb) {
            for (int i = 0; i < y.length; i++) y[i] = (float) power[i];
            return Tensor.of(out, y);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < power.length; i++) {
            power[i] = 10 * Math.log10(Math.max(power[i], minPower)) - refDb;
            max = Math.max(max, power[i]);
        }
        double floor = max - topDb;
        for (int i = 0; i < y.length; i++) y[i] = (float) Math.max(power[i], floor);
        return Tensor.of(out, y);
    }

    /** With {@code power_to_db}, the decibel floor is relative to the maximum over the whole call, as in Keras. */
    @Override
    public boolean mixesSamples() {
        return toDb;
    }

    /** numpy's "reflect" padding: the index of padded position {@code i} (may be outside [0, n)) in the signal. */
    static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int r = Math.floorMod(i, period);
        return r < n ? r : period - r;
    }

    /** The periodic ("DFT-even", scipy get_window) Hann or Hamming window of length {@code len}, rounded to float32. */
    private static double[] window(String kind, int len) {
        double[] w = new double[len];
        for (int n = 0; n < len; n++) {
            double c = Math.cos(2 * Math.PI * n / len);
            w[n] = switch (kind) {
                case "hann" -> (float) (0.5 - 0.5 * c);
                default -> (float) (0.54 - 0.46 * c);
            };
        }
        return w;
    }

    /**
     * Keras's linear_to_mel_weight_matrix (HTK mel scale, the DC bin zeroed), in float32 operation by operation as
     * Keras computes it for every compute dtype (its float32 rounding moves weights by up to ~1e-5, more than the
     * spectrogram's own float32 error).
     */
    static double[] melMatrix(int melBins, int bins, double samplingRate, double lowHz, double highHz) {
        double[] m = new double[bins * melBins];
        float[] edges = linspace(hzToMel((float) lowHz), hzToMel((float) highHz), melBins + 2);
        float[] hz = linspace(0f, (float) samplingRate / 2f, bins);
        for (int k = 1; k < bins; k++) {
            float binMel = hzToMel(hz[k]);
            for (int j = 0; j < melBins; j++) {
                float lower = (binMel - edges[j]) / (edges[j + 1] - edges[j]);
                float upper = (edges[j + 2] - binMel) / (edges[j + 2] - edges[j + 1]);
                m[k * melBins + j] = Math.max(0f, Math.min(lower, upper));
            }
        }
        return m;
    }

    /** jax.numpy.linspace in float32: start·(1 − i/div) + stop·(i/div), the end point exact. */
    private static float[] linspace(float start, float stop, int num) {
        float[] r = new float[num];
        int div = num - 1;
        for (int i = 0; i < div; i++) {
            float step = (float) i / (float) div;
            r[i] = start * (1f - step) + stop * step;
        }
        r[num - 1] = num == 1 ? start : stop;
        return r;
    }

    private static float hzToMel(float hz) {
        return MEL_HIGH_Q * (float) Math.log(1f + hz / MEL_BREAK_HZ);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("MelSpectrogram");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            int fft = c.getInt("fft_length", 2048);
            int stride = c.getInt("sequence_stride", 512);
            int seq = c.getInt("sequence_length", fft);
            int melBins = c.getInt("num_mel_bins", 128);
            if (fft < 1 || stride < 1 || seq < 1 || seq > fft || melBins < 1) {
                throw new ModelFormatException(spec.where() + ": expected 1 <= sequence_length <= fft_length, sequence_stride >= 1 and "
                        + "num_mel_bins >= 1, found sequence_length " + seq + ", fft_length " + fft + ", sequence_stride " + stride
                        + ", num_mel_bins " + melBins);
            }
            Object win = c.get("window");
            if (win != null && !"hann".equals(win) && !"hamming".equals(win)) {
                throw new UnsupportedFeatureException(spec.where() + ": window " + win + " is not supported (supported: \"hann\", "
                        + "\"hamming\", null; the only ones Keras's stft accepts by name)");
            }
            double rate = c.getDouble("sampling_rate", 16000);
            double minFreq = c.getDouble("min_freq", 20.0);
            double maxFreq = c.get("max_freq") == null ? (int) (rate / 2) : c.getDouble("max_freq", 0);
            boolean toDb = c.getBool("power_to_db", true);
            if (toDb && !c.has("top_db")) {
                throw new UnsupportedFeatureException(spec.where() + ": power_to_db with top_db null is not supported (Keras itself "
                        + "cannot subtract None from the maximum)");
            }
            double minPower = c.getDouble("min_power", 1e-10);
            double refDb = 10 * Math.log10(Math.max(Math.abs(c.getDouble("ref_power", 1.0)), minPower));
            // a named window of sequence_length is centred in fft_length with zeros; no window is ones over all fft_length
            double[] window = new double[fft];
            if (win == null) java.util.Arrays.fill(window, 1.0);
            else System.arraycopy(MelSpectrogram.window(win.toString(), seq), 0, window, (fft - seq) / 2, seq);
            double[] mel = melMatrix(melBins, fft / 2 + 1, rate, minFreq, maxFreq);
            MelSpectrogram layer = new MelSpectrogram(spec, fft, stride, window, mel, melBins, c.getDouble("mag_exp", 2.0), toDb,
                    minPower, refDb, c.getDouble("top_db", 80.0));
            Shape in = ctx.inputShape();
            if (in.rank() != 2) throw LayerConfigs.badInput(spec, "(batch, samples)", in);
            return layer;
        }
    }
}
