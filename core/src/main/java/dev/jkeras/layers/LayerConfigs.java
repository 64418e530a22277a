package dev.jkeras.layers;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Config parsing shared by several layer factories (data_format, padding, activation, axes, constant arrays). */
public final class LayerConfigs {
    private LayerConfigs() {}

    /** True for {@code data_format: "channels_first"}; absent or null means channels_last. */
    public static boolean channelsFirst(LayerSpec spec) {
        String f = spec.config().getString("data_format", "channels_last");
        return switch (f) {
            case "channels_last" -> false;
            case "channels_first" -> true;
            default -> throw new ModelFormatException(spec.where() + ": config key 'data_format' should be "
                    + "\"channels_last\" or \"channels_first\", found \"" + f + "\"");
        };
    }

    /** True for {@code padding: "same"}, false for "valid"; anything else is refused. */
    public static boolean samePadding(LayerSpec spec) {
        String p = spec.config().getString("padding", "valid").toLowerCase(Locale.ROOT);
        return switch (p) {
            case "valid" -> false;
            case "same" -> true;
            case "full", "causal" -> throw new UnsupportedFeatureException(spec.where() + ": padding \"" + p
                    + "\" is not supported for this layer (supported: \"valid\", \"same\")");
            default -> throw new ModelFormatException(spec.where() + ": config key 'padding' should be \"valid\" or "
                    + "\"same\", found \"" + p + "\"");
        };
    }

    /** The activation stored under {@code key} (null or absent means linear). */
    public static ActivationFn activation(LayerSpec spec, String key) {
        return Activations.get(spec.config().get(key), spec.writer(), spec.where());
    }

    /** Refuses layers saved with a quantized dtype policy or quantization config (their weights are not float32). */
    public static void refuseQuantized(LayerSpec spec) {
        Config c = spec.config();
        Object q = c.get("quantization_config");
        Object dtype = c.get("dtype");
        String policy = dtype instanceof String s ? s : null;
        boolean quantizedClass = false;
        if (dtype instanceof Map<?, ?> m) {
            quantizedClass = String.valueOf(m.get("class_name")).contains("Quantized");
            if (m.get("config") instanceof Map<?, ?> dc && dc.get("name") instanceof String n) policy = n;
        }
        boolean quantizedName = policy != null && (policy.startsWith("int8") || policy.startsWith("int4")
                || policy.startsWith("float8") || policy.startsWith("gptq") || policy.startsWith("awq"));
        if (q != null || quantizedClass || quantizedName) {
            throw new UnsupportedFeatureException(spec.where() + ": quantized layers are not supported (dtype policy "
                    + (policy != null ? "'" + policy + "'" : String.valueOf(dtype)) + (q != null ? ", quantization_config " + q : "") + ")");
        }
    }

    /**
     * An axis from config (an int or a one-element list), normalized to [0, rank) for an input of
     * {@code rank}; axis 0 (batch) is refused.
     */
    public static int axis(LayerSpec spec, String key, int dflt, int rank) {
        int[] l = spec.config().getIntList(key);
        if (l != null && l.length != 1) {
            throw new UnsupportedFeatureException(spec.where() + ": config key '" + key + "' must be a single axis, found "
                    + spec.config().get(key));
        }
        int a = l == null ? dflt : l[0];
        int n = a < 0 ? a + rank : a;
        if (n <= 0 || n >= rank) {
            throw new ModelFormatException(spec.where() + ": config key '" + key + "' = " + a + " is not a valid non-batch axis for inputs of rank "
                    + rank);
        }
        return n;
    }

    /** {@code where: expected ..., found <shape>} as a format error (bad input shapes at load time). */
    public static ModelFormatException badInput(LayerSpec spec, String expected, Shape found) {
        return new ModelFormatException(spec.where() + ": expected input " + expected + ", found " + found);
    }

    /**
     * A constant array written in a config or call: a number or boolean (a scalar; true = 1), a
     * rectangular nested list (an array of its nesting shape), or Keras's numpy wrapper
     * {@code {"class_name": "__numpy__", "config": {"value": ...}}}. A format error names {@code where}.
     */
    public static Tensor array(Object value, String where) {
        Object v = unwrapNumpy(value);
        List<Integer> dims = new ArrayList<>();
        for (Object x = v; x instanceof List<?> l; x = l.isEmpty() ? null : l.get(0)) dims.add(l.size());
        int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
        float[] data = new float[Shape.of(d).size()];
        if (fill(v, 0, d, data, new int[1])) return Tensor.of(Shape.of(d), data);
        throw new ModelFormatException(where + ": expected a number or a rectangular list of numbers, found " + value);
    }

    /** The plain (nested list) value of Keras's numpy wrapper {@code {"class_name": "__numpy__", ...}}; anything else as is. */
    public static Object unwrapNumpy(Object v) {
        if (v instanceof Map<?, ?> m && "__numpy__".equals(m.get("class_name")) && m.get("config") instanceof Map<?, ?> c) return c.get("value");
        return v;
    }

    private static boolean fill(Object v, int depth, int[] dims, float[] out, int[] pos) {
        if (depth == dims.length) {
            if (v instanceof Number n) out[pos[0]++] = n.floatValue();
            else if (v instanceof Boolean b) out[pos[0]++] = b ? 1f : 0f;
            else return false;
            return true;
        }
        if (!(v instanceof List<?> l) || l.size() != dims[depth]) return false;
        for (Object e : l) if (!fill(e, depth + 1, dims, out, pos)) return false;
        return true;
    }
}
