package dev.jkeras.layers;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import java.util.Locale;
import java.util.Map;

/** Config parsing shared by several layer factories (data_format, padding, activation, axes). */
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
}
