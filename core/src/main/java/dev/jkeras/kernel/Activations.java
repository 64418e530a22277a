package dev.jkeras.kernel;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn.Kind;
import dev.jkeras.layer.WriterInfo;
import java.util.Arrays;
import java.util.Map;

/**
 * Keras activation functions: lookup by config value ({@link #get}) and the scalar math. Algebraic
 * functions repeat Keras's float32 operation order (so cancellations match, e.g. squareplus);
 * the scalar functions here compute transcendental parts (exp, log1p, tanh, erfc) in double and round
 * once; {@link ActivationFn#applyInPlace} uses {@link VecMath}'s float32 kernels for most of them instead.
 * {@code hard_sigmoid} follows the writer: clip(0.2x + 0.5, 0, 1) before Keras 3, relu6(x + 3)/6 from 3.
 * {@code sparsemax} reproduces Keras 3's threshold τ = (Σ_{j in support} cumsum_j − 1)/k, which is not
 * the textbook (cumsum_k − 1)/k: Keras's outputs do not sum to 1, and we match Keras.
 */
public final class Activations {
    private static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    private static final float SELU_SCALE = 1.0507009873554804934193349852946f;

    private Activations() {}

    /** The identity. */
    public static ActivationFn linear() {
        return new ActivationFn("linear", Kind.LINEAR, 0f);
    }

    /**
     * Keras 3 {@code relu(x, negative_slope, max_value, threshold)} (also the {@code ReLU} layer):
     * x above the threshold, else 0; clipped to [0, max_value]; minus slope·max(threshold − x, 0).
     *
     * @param maxValue null for no maximum
     */
    public static ActivationFn relu(float negativeSlope, Float maxValue, float threshold) {
        if (negativeSlope == 0f && maxValue == null && threshold == 0f) return new ActivationFn("relu", Kind.RELU, 0f);
        String n = "relu(negative_slope=" + negativeSlope + ", max_value=" + maxValue + ", threshold=" + threshold + ")";
        return new ActivationFn(n, Kind.RELU, negativeSlope, maxValue == null ? 0f : maxValue, threshold, maxValue != null, -1);
    }

    /** x if x ≥ 0 else slope·x. */
    public static ActivationFn leakyRelu(float slope) {
        return new ActivationFn("leaky_relu(" + slope + ")", Kind.LEAKY_RELU, slope);
    }

    /** x if x > 0 else α·(eˣ − 1). */
    public static ActivationFn elu(float alpha) {
        return new ActivationFn("elu(" + alpha + ")", Kind.ELU, alpha);
    }

    /** x if x > θ else 0 (Keras 1/2 {@code ThresholdedReLU}). */
    public static ActivationFn thresholdedRelu(float theta) {
        return new ActivationFn("thresholded_relu(" + theta + ")", Kind.THRESHOLDED_RELU, theta);
    }

    /** Softmax along {@code axis} (negative counts from the end). */
    public static ActivationFn softmax(int axis) {
        return new ActivationFn(axis == -1 ? "softmax" : "softmax(axis=" + axis + ")", Kind.SOFTMAX, 0f, 0f, 0f, false, axis);
    }

    /** GELU by its tanh approximation ({@code tf.nn.gelu(approximate=True)}). */
    public static ActivationFn geluTanh() {
        return new ActivationFn("gelu(approximate=True)", Kind.GELU_TANH, 0f);
    }

    /** log_softmax along {@code axis} (negative from the end). */
    public static ActivationFn logSoftmax(int axis) {
        return new ActivationFn(axis == -1 ? "log_softmax" : "log_softmax(axis=" + axis + ")", Kind.LOG_SOFTMAX, 0f, 0f, 0f, false, axis);
    }

    /**
     * A built-in Keras activation by name with its default arguments, or null if the name is not one.
     * {@code writer} decides the {@code hard_sigmoid} definition (null means Keras 3).
     */
    public static ActivationFn byName(String name, WriterInfo writer) {
        return switch (name) {
            case "linear" -> linear();
            case "relu" -> relu(0f, null, 0f);
            case "relu6" -> new ActivationFn(name, Kind.RELU6, 0f);
            case "leaky_relu" -> new ActivationFn(name, Kind.LEAKY_RELU, 0.2f);
            case "elu" -> new ActivationFn(name, Kind.ELU, 1f);
            case "selu" -> new ActivationFn(name, Kind.SELU, 0f);
            case "celu" -> new ActivationFn(name, Kind.CELU, 1f);
            case "gelu" -> new ActivationFn(name, Kind.GELU, 0f);
            // KerasHub's registered gelu_approximate(x) = keras.activations.gelu(x, approximate=True)
            case "keras_hub>gelu_approximate", "keras_nlp>gelu_approximate" -> geluTanh();
            case "sigmoid" -> new ActivationFn(name, Kind.SIGMOID, 0f);
            case "hard_sigmoid" -> writer != null && writer.major() < 3
                    ? new ActivationFn("hard_sigmoid(keras<3)", Kind.HARD_SIGMOID_LEGACY, 0f)
                    : new ActivationFn(name, Kind.HARD_SIGMOID, 0f);
            case "hard_silu", "hard_swish" -> new ActivationFn(name, Kind.HARD_SILU, 0f);
            case "silu", "swish" -> new ActivationFn(name, Kind.SILU, 0f);
            case "mish" -> new ActivationFn(name, Kind.MISH, 0f);
            case "softplus" -> new ActivationFn(name, Kind.SOFTPLUS, 0f);
            case "softsign" -> new ActivationFn(name, Kind.SOFTSIGN, 0f);
            case "tanh" -> new ActivationFn(name, Kind.TANH, 0f);
            case "tanh_shrink" -> new ActivationFn(name, Kind.TANH_SHRINK, 0f);
            case "hard_tanh" -> new ActivationFn(name, Kind.HARD_TANH, 0f);
            case "soft_shrink" -> new ActivationFn(name, Kind.SOFT_SHRINK, 0.5f);
            case "hard_shrink" -> new ActivationFn(name, Kind.HARD_SHRINK, 0.5f);
            case "sparse_plus" -> new ActivationFn(name, Kind.SPARSE_PLUS, 0f);
            case "squareplus" -> new ActivationFn(name, Kind.SQUAREPLUS, 4f);
            case "sparse_sigmoid" -> new ActivationFn(name, Kind.SPARSE_SIGMOID, 0f);
            case "log_sigmoid" -> new ActivationFn(name, Kind.LOG_SIGMOID, 0f);
            case "exponential" -> new ActivationFn(name, Kind.EXPONENTIAL, 0f);
            case "softmax" -> softmax(-1);
            case "log_softmax" -> new ActivationFn(name, Kind.LOG_SOFTMAX, 0f, 0f, 0f, false, -1);
            case "glu" -> new ActivationFn(name, Kind.GLU, 0f, 0f, 0f, false, -1);
            case "sparsemax" -> new ActivationFn(name, Kind.SPARSEMAX, 0f, 0f, 0f, false, -1);
            default -> null;
        };
    }

    /**
     * The activation named by a layer config value: a name (String), null (linear), or a serialized
     * object: a Keras function ({@code {"class_name": "function", "config": "relu", "module": ...}}),
     * or a parameter-free activation layer object (ReLU, LeakyReLU, ELU, Softmax, ThresholdedReLU,
     * Activation). Custom or registered functions are refused.
     *
     * @param writer the file's writer (hard_sigmoid semantics); null means Keras 3
     * @param where  the owning layer, for messages
     */
    public static ActivationFn get(Object value, WriterInfo writer, String where) {
        if (value == null) return linear();
        if (value instanceof String s) {
            if (s.equals("threshold")) {
                throw new UnsupportedFeatureException(where + ": activation 'threshold' needs arguments (threshold, "
                        + "default_value) that a config cannot carry; Keras itself cannot call it by name");
            }
            ActivationFn f = byName(s, writer);
            if (f == null) {
                throw new UnsupportedFeatureException(where + ": activation '" + s + "' is not a built-in Keras activation "
                        + "(a custom function?); jkeras runs built-in activations only");
            }
            return f;
        }
        if (value instanceof Map<?, ?> m) return fromObject(m, writer, where);
        throw new ModelFormatException(where + ": activation should be a name or a serialized object, found "
                + value + " (" + value.getClass().getSimpleName() + ")");
    }

    private static boolean kerasModule(Object module) {
        if (module == null) return true;
        String m = module.toString();
        return m.equals("builtins") || m.equals("keras") || m.startsWith("keras.") || m.equals("tf_keras")
                || m.startsWith("tf_keras.") || m.startsWith("tensorflow.");
    }

    private static ActivationFn fromObject(Map<?, ?> m, WriterInfo writer, String where) {
        Object cls = m.get("class_name");
        Object module = m.get("module");
        Object cfg = m.get("config");
        if (!(cls instanceof String className)) {
            throw new ModelFormatException(where + ": activation object should have a string 'class_name', found " + m);
        }
        if (!kerasModule(module)) {
            throw new UnsupportedFeatureException(where + ": activation '" + (cfg instanceof String ? cfg : className)
                    + "' from module '" + module + "' is a custom function or layer; jkeras runs built-in activations only");
        }
        if (className.equals("function")) {
            if (!(cfg instanceof String fn)) {
                throw new ModelFormatException(where + ": activation function object should have a string 'config', found " + cfg);
            }
            return get(fn, writer, where);
        }
        Map<?, ?> c = cfg instanceof Map<?, ?> mm ? mm : Map.of();
        return switch (className) {
            case "ReLU" -> relu(num(c, "negative_slope", num(c, "alpha", 0f, where), where),
                    c.get("max_value") == null ? null : num(c, "max_value", 0f, where), num(c, "threshold", 0f, where));
            case "LeakyReLU" -> leakyRelu(num(c, "negative_slope", num(c, "alpha", 0.3f, where), where));
            case "ELU" -> elu(num(c, "alpha", 1f, where));
            case "ThresholdedReLU" -> thresholdedRelu(num(c, "theta", 1f, where));
            case "Softmax" -> softmax(softmaxAxis(c.get("axis"), where));
            case "Activation" -> get(c.get("activation"), writer, where);
            default -> {
                ActivationFn f = byName(className, writer);
                if (f == null) {
                    throw new UnsupportedFeatureException(where + ": activation object '" + className
                            + "' is not supported (supported objects: Keras activation functions, ReLU, LeakyReLU, ELU, "
                            + "Softmax, ThresholdedReLU, Activation)");
                }
                yield f;
            }
        };
    }

    private static float num(Map<?, ?> c, String key, float dflt, String where) {
        Object v = c.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.floatValue();
        throw new ModelFormatException(where + ": activation config key '" + key + "' should be a number, found " + v);
    }

    private static int softmaxAxis(Object v, String where) {
        if (v == null) return -1;
        if (v instanceof java.util.List<?> l && l.size() == 1) v = l.get(0);
        Integer axis = dev.jkeras.layer.Config.asInt(v);
        if (axis != null) return axis;
        throw new UnsupportedFeatureException(where + ": Softmax activation over axis " + v + " is not supported (one axis only)");
    }

    // ---------------------------------------------------------------- scalar functions

    /** Keras 3 relu with all arguments; see {@link #relu(float, Float, float)}. */
    static float relu(float x, float slope, boolean hasMax, float max, float threshold) {
        if (slope == 0f && !hasMax && threshold == 0f) return Math.max(x, 0f);
        if (slope != 0f && !hasMax && threshold == 0f) return leakyRelu(x, slope);
        float negative = slope != 0f ? Math.max(-x + threshold, 0f) : 0f;
        boolean clip = hasMax;
        float y;
        if (threshold != 0f) {
            y = x > threshold ? x : 0f;
        } else if (hasMax && max == 6f) {
            y = relu6(x);
            clip = false;
        } else {
            y = Math.max(x, 0f);
        }
        if (clip) y = Math.min(Math.max(y, 0f), max);
        if (slope != 0f) y -= slope * negative;
        return y;
    }

    static float relu6(float x) {
        return Math.min(Math.max(x, 0f), 6f);
    }

    static float leakyRelu(float x, float slope) {
        return x >= 0f ? x : slope * x;
    }

    static float elu(float x, float alpha) {
        return x > 0f ? x : alpha * (float) Math.expm1(x);
    }

    static float selu(float x) {
        return SELU_SCALE * elu(x, SELU_ALPHA);
    }

    static float celu(float x, float alpha) {
        return Math.max(x, 0f) + alpha * (float) Math.expm1(Math.min(x, 0f) / alpha);
    }

    /** Exact GELU, x·Φ(x) = ½x·erfc(−x/√2). */
    static float gelu(float x) {
        return (float) (0.5 * x * erfc(-x * 0.7071067811865476));
    }

    /** The tanh approximation of GELU. */
    static float geluTanh(float x) {
        double v = x;
        return (float) (0.5 * v * (1.0 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))));
    }

    static float sigmoid(float x) {
        if (x >= 0f) return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    static float hardSigmoid(float x) {
        return relu6(x + 3f) / 6f;
    }

    static float hardSigmoidLegacy(float x) {
        return Math.min(Math.max(x * 0.2f + 0.5f, 0f), 1f);
    }

    private static double softplusD(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** log(1 + eˣ), computed stably as max(x, 0) + log1p(e^−|x|). */
    static float softplus(float x) {
        return (float) softplusD(x);
    }

    static float mish(float x) {
        return (float) (x * Math.tanh(softplusD(x)));
    }

    static float sparsePlus(float x) {
        if (x <= -1f) return 0f;
        if (x >= 1f) return x;
        float t = x + 1f;
        return t * t / 4f;
    }

    /** Softmax of the {@code n} values {@code d[start + i·stride]}, in place: exp(x − max) / Σ. */
    static void softmax(float[] d, int start, int stride, int n) {
        int end = start + n * stride;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = start; i < end; i += stride) max = Math.max(max, d[i]);
        double sum = 0.0;
        for (int i = start; i < end; i += stride) {
            float e = (float) Math.exp(d[i] - max);
            d[i] = e;
            sum += e;
        }
        for (int i = start; i < end; i += stride) d[i] = (float) (d[i] / sum);
    }

    /** log_softmax in place: (x − max) − log Σ exp(x − max). */
    static void logSoftmax(float[] d, int start, int stride, int n) {
        int end = start + n * stride;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = start; i < end; i += stride) max = Math.max(max, d[i]);
        double sum = 0.0;
        for (int i = start; i < end; i += stride) sum += Math.exp(d[i] - max);
        float lse = (float) Math.log(sum);
        for (int i = start; i < end; i += stride) d[i] = (d[i] - max) - lse;
    }

    /** Keras 3 sparsemax in place (see the class comment for its threshold); {@code buf} holds ≥ 2n floats. */
    static void sparsemax(float[] d, int start, int stride, int n, float[] buf) {
        for (int i = 0; i < n; i++) buf[i] = d[start + i * stride];
        Arrays.sort(buf, 0, n);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            float t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        float cumsum = 0f, supportSum = 0f;
        int k = 0;
        for (int i = 0; i < n; i++) {
            cumsum += buf[i];
            if (buf[i] - (cumsum - 1f) / (i + 1) > 0f) {
                k++;
                supportSum += cumsum;
            }
        }
        float tau = (supportSum - 1f) / k;
        for (int i = 0; i < n; i++) {
            int p = start + i * stride;
            d[p] = Math.max(d[p] - tau, 0f);
        }
    }

    // ---------------------------------------------------------------- erf

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    private static final double[] INV_ODD = new double[100];

    static {
        for (int n = 0; n < INV_ODD.length; n++) INV_ODD[n] = 1.0 / (2 * n + 1);
    }

    /** The error function, |error| below 1e-15. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        double r = ax < 2.5 ? erfSeries(ax) : 1.0 - erfcContinuedFraction(ax);
        return Math.copySign(r, x);
    }

    /** The complementary error function 1 − erf(x), accurate in relative terms for large x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return 2.0 - erfc(-x);
        if (x < 2.5) return 1.0 - erfSeries(x);
        if (x > 27.3) return 0.0;
        return erfcContinuedFraction(x);
    }

    /** erf(x) = 2/√π · e^{−x²} · Σ_n (2x²)ⁿ x / (1·3·…·(2n+1)), all terms positive (x ≥ 0). */
    private static double erfSeries(double x) {
        double x2 = 2.0 * x * x;
        double term = x, sum = x;
        for (int n = 1; n < INV_ODD.length && term > 1e-17 * sum; n++) {
            term *= x2 * INV_ODD[n];
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    /** erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up (x ≥ 2.5). */
    private static double erfcContinuedFraction(double x) {
        double t = x;
        for (int n = x < 3.0 ? 40 : x < 4.0 ? 24 : 16; n >= 1; n--) t = x + (n * 0.5) / t;
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / t;
    }
}
