// Every Keras 1 / Keras 2 / tf.keras config spelling mapped to its Keras 3 name, in one place, so layer
// code only ever sees Keras 3 configs. Tables first, then the few value transforms they need.
package dev.jkeras.load.config;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Internal: class-name and config-key normalization to Keras 3 (keras-spec sections 2.6 and 2.8). */
public final class Dialects {
    private Dialects() {}

    /** Keras 1 class names and aliases of every version, mapped to the Keras 3 class. */
    static final Map<String, String> CLASS_RENAMES = Map.ofEntries(
            Map.entry("Convolution1D", "Conv1D"),
            Map.entry("Convolution2D", "Conv2D"),
            Map.entry("Convolution3D", "Conv3D"),
            Map.entry("AtrousConvolution1D", "Conv1D"),
            Map.entry("AtrousConvolution2D", "Conv2D"),
            Map.entry("Deconvolution2D", "Conv2DTranspose"),
            Map.entry("Deconvolution3D", "Conv3DTranspose"),
            Map.entry("Convolution2DTranspose", "Conv2DTranspose"),
            Map.entry("Convolution1DTranspose", "Conv1DTranspose"),
            Map.entry("Convolution3DTranspose", "Conv3DTranspose"),
            Map.entry("SeparableConvolution1D", "SeparableConv1D"),
            Map.entry("SeparableConvolution2D", "SeparableConv2D"),
            Map.entry("MaxPool1D", "MaxPooling1D"),
            Map.entry("MaxPool2D", "MaxPooling2D"),
            Map.entry("MaxPool3D", "MaxPooling3D"),
            Map.entry("AvgPool1D", "AveragePooling1D"),
            Map.entry("AvgPool2D", "AveragePooling2D"),
            Map.entry("AvgPool3D", "AveragePooling3D"),
            Map.entry("GlobalMaxPool1D", "GlobalMaxPooling1D"),
            Map.entry("GlobalMaxPool2D", "GlobalMaxPooling2D"),
            Map.entry("GlobalMaxPool3D", "GlobalMaxPooling3D"),
            Map.entry("GlobalAvgPool1D", "GlobalAveragePooling1D"),
            Map.entry("GlobalAvgPool2D", "GlobalAveragePooling2D"),
            Map.entry("GlobalAvgPool3D", "GlobalAveragePooling3D"),
            Map.entry("GroupedQueryAttention", "GroupQueryAttention"));

    /** Keras 1 config keys and their Keras 2/3 names, for every layer class (legacy/interfaces.py). */
    static final Map<String, String> KERAS1_KEYS = Map.ofEntries(
            Map.entry("output_dim", "units"),
            Map.entry("nb_filter", "filters"),
            Map.entry("subsample", "strides"),
            Map.entry("subsample_length", "strides"),
            Map.entry("border_mode", "padding"),
            Map.entry("dim_ordering", "data_format"),
            Map.entry("atrous_rate", "dilation_rate"),
            Map.entry("init", "kernel_initializer"),
            Map.entry("inner_init", "recurrent_initializer"),
            Map.entry("inner_activation", "recurrent_activation"),
            Map.entry("W_regularizer", "kernel_regularizer"),
            Map.entry("U_regularizer", "recurrent_regularizer"),
            Map.entry("b_regularizer", "bias_regularizer"),
            Map.entry("W_constraint", "kernel_constraint"),
            Map.entry("U_constraint", "recurrent_constraint"),
            Map.entry("b_constraint", "bias_constraint"),
            Map.entry("bias", "use_bias"),
            Map.entry("dropout_W", "dropout"),
            Map.entry("dropout_U", "recurrent_dropout"),
            Map.entry("consume_less", "implementation"),
            Map.entry("pool_length", "pool_size"),
            Map.entry("stride", "strides"),
            Map.entry("p", "rate"),
            Map.entry("sigma", "stddev"),
            Map.entry("input_dtype", "dtype"),
            Map.entry("beta_init", "beta_initializer"),
            Map.entry("gamma_init", "gamma_initializer"));

    /** Per-class exceptions to {@link #KERAS1_KEYS} (a key mapped to itself is kept). */
    static final Map<String, Map<String, String>> KERAS1_KEYS_BY_CLASS = Map.of(
            "Embedding", Map.of("output_dim", "output_dim",
                    "init", "embeddings_initializer",
                    "W_regularizer", "embeddings_regularizer",
                    "W_constraint", "embeddings_constraint"),
            "PReLU", Map.of("init", "alpha_initializer"),
            "UpSampling1D", Map.of("length", "size"));

    /** Keras 1 {@code consume_less} values and the Keras 2 {@code implementation} they became. */
    static final Map<String, Integer> CONSUME_LESS = Map.of("cpu", 0, "mem", 1, "gpu", 2);

    /** Keras 1 {@code dim_ordering} values ("default" meant the keras.json setting, "tf" in practice). */
    static final Map<String, String> DIM_ORDERING = Map.of(
            "tf", "channels_last", "th", "channels_first", "default", "channels_last");

    /** Dtype-policy class names that mean quantized weights. */
    static final Set<String> QUANTIZED_POLICIES = Set.of("QuantizedDTypePolicy", "QuantizedFloat8DTypePolicy",
            "Int4DTypePolicy", "GPTQDTypePolicy", "AWQDTypePolicy", "TernaryDTypePolicy", "Int8DTypePolicy");

    /** Prefixes of quantized dtype-policy names. */
    static final List<String> QUANTIZED_PREFIXES = List.of("int8", "int4", "float8", "gptq", "awq", "ternary", "uint4");

    /** Config keys holding an activation (a string, or a serialized function in Keras 3). */
    static final Set<String> ACTIVATION_KEYS = Set.of("activation", "recurrent_activation");

    /** The Keras 3 class name for a class name as written by any Keras version. */
    public static String className(String cls) {
        return CLASS_RENAMES.getOrDefault(cls, cls);
    }

    /**
     * Returns a normalized copy of one layer's config.
     *
     * @param cls   the Keras 3 class name (after {@link #className})
     * @param major the major version of the Keras that wrote the config
     */
    static Map<String, Object> normalize(String cls, Map<String, Object> config, int major, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> byClass = KERAS1_KEYS_BY_CLASS.getOrDefault(cls, Map.of());
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String key = e.getKey();
            if (major == 1) {
                String renamed = byClass.get(key);
                key = renamed != null ? renamed : KERAS1_KEYS.getOrDefault(key, key);
            }
            if (!out.containsKey(key) || out.get(key) == null) out.put(key, e.getValue());
        }
        if (major == 1) keras1Values(cls, config, out, where);

        if ("BatchNormalization".equals(cls) && out.get("axis") instanceof List<?> axes && axes.size() == 1) {
            out.put("axis", axes.get(0));
        }
        if ("LeakyReLU".equals(cls) && out.containsKey("alpha") && !out.containsKey("negative_slope")) {
            out.put("negative_slope", out.remove("alpha"));
        }
        if ("InputLayer".equals(cls)) inputLayer(out);
        for (String k : ACTIVATION_KEYS) {
            if (out.get(k) instanceof Map<?, ?> m) out.put(k, activation(Json.asMap(m)));
        }
        if (out.containsKey("dtype") && !"InputLayer".equals(cls)) {
            out.put("dtype", dtypePolicy(out.get("dtype"), where));
        }
        Object q = out.get("quantization_config");
        if (q != null && !(q instanceof Map<?, ?> m && m.isEmpty())) {
            throw new UnsupportedFeatureException(where + ": this layer is quantized (quantization_config " + Json.describe(q)
                    + "); jkeras reads float weights only. Save the model before quantizing it.");
        }
        return out;
    }

    /** Keras 1 value changes that go with the key renames. */
    private static void keras1Values(String cls, Map<String, Object> raw, Map<String, Object> out, String where) {
        if (raw.containsKey("nb_row") || raw.containsKey("nb_col")) {
            out.remove("nb_row");
            out.remove("nb_col");
            out.put("kernel_size", List.of(raw.get("nb_row"), raw.get("nb_col")));
        }
        if (raw.containsKey("kernel_dim1")) {
            out.remove("kernel_dim1");
            out.remove("kernel_dim2");
            out.remove("kernel_dim3");
            out.put("kernel_size", List.of(raw.get("kernel_dim1"), raw.get("kernel_dim2"), raw.get("kernel_dim3")));
        }
        if (raw.containsKey("filter_length")) {
            out.remove("filter_length");
            out.put("kernel_size", List.of(raw.get("filter_length")));
        }
        if (raw.get("subsample_length") != null) out.put("strides", List.of(raw.get("subsample_length")));
        if (out.get("data_format") instanceof String d && DIM_ORDERING.containsKey(d)) out.put("data_format", DIM_ORDERING.get(d));
        if (out.get("implementation") instanceof String c && CONSUME_LESS.containsKey(c)) out.put("implementation", CONSUME_LESS.get(c));
        if (raw.containsKey("forget_bias_init")) {
            out.remove("forget_bias_init");
            out.put("unit_forget_bias", "one".equals(raw.get("forget_bias_init")));
        }
        if ("BatchNormalization".equals(cls)) {
            Object mode = out.remove("mode");
            if (mode != null && !(Json.isInt(mode) && ((Number) mode).doubleValue() == 0)) {
                throw new UnsupportedFeatureException(where + ": Keras 1 BatchNormalization mode " + mode
                        + " normalizes with batch statistics at inference; only mode 0 can be reproduced");
            }
        }
        if ("ZeroPadding2D".equals(cls)) out.put("padding", zeroPadding2D(out.get("padding"), where));
    }

    /** Keras 1 ZeroPadding2D padding: (a, b), (top, bottom, left, right) or a dict of *_pad keys. */
    private static Object zeroPadding2D(Object p, String where) {
        if (p instanceof Map<?, ?> m) {
            return List.of(List.of(num(m.get("top_pad")), num(m.get("bottom_pad"))), List.of(num(m.get("left_pad")), num(m.get("right_pad"))));
        }
        if (p instanceof List<?> l && l.size() == 4 && l.stream().allMatch(Json::isInt)) {
            return List.of(List.of(l.get(0), l.get(1)), List.of(l.get(2), l.get(3)));
        }
        return p;
    }

    private static Object num(Object v) {
        return v == null ? 0 : v;
    }

    /** InputLayer: every dialect's input spec becomes {@code batch_shape}. */
    private static void inputLayer(Map<String, Object> out) {
        Object bis = out.remove("batch_input_shape");
        if (!out.containsKey("batch_shape") && bis != null) out.put("batch_shape", bis);
        Object is = out.get("input_shape");
        if (!out.containsKey("batch_shape") && is instanceof List<?> l) {
            List<Object> s = new ArrayList<>();
            s.add(out.get("batch_size"));
            s.addAll(l);
            out.put("batch_shape", s);
        }
        Object shape = out.get("shape");
        if (!out.containsKey("batch_shape") && shape instanceof List<?> l) {
            List<Object> s = new ArrayList<>();
            s.add(out.get("batch_size"));
            s.addAll(l);
            out.put("batch_shape", s);
        }
        if (out.get("dtype") instanceof Map<?, ?> m) out.put("dtype", policyName(Json.asMap(m)));
    }

    /** A Keras 3 serialized built-in activation function becomes its name; anything else is kept. */
    private static Object activation(Map<String, Object> m) {
        Object module = m.get("module");
        if ("function".equals(m.get("class_name")) && m.get("config") instanceof String name
                && (module == null || module.toString().startsWith("keras"))) {
            return name;
        }
        return m;
    }

    /**
     * A layer's dtype (string, Keras 3 DTypePolicy object, tf.keras Policy dict, DTypePolicyMap) as a
     * policy name; quantized policies are refused, since they change the stored variables.
     */
    static String dtypePolicy(Object dtype, String where) {
        if (dtype == null) return null;
        String name;
        if (dtype instanceof String s) {
            name = s;
        } else if (dtype instanceof Map<?, ?> m) {
            Map<String, Object> policy = Json.asMap(m);
            Object cls = policy.get("class_name");
            Map<String, Object> cfg = policy.get("config") instanceof Map<?, ?> c ? Json.asMap(c) : Map.of();
            if ("DTypePolicyMap".equals(cls)) {
                if (cfg.get("policy_map") instanceof Map<?, ?> pm) {
                    for (Object sub : pm.values()) dtypePolicy(sub, where);
                }
                return cfg.containsKey("default_policy") ? dtypePolicy(cfg.get("default_policy"), where) : "float32";
            }
            if (cls != null && QUANTIZED_POLICIES.contains(cls.toString())) {
                throw quantized(where, cls + " " + cfg);
            }
            name = policyName(policy);
        } else {
            throw new ModelFormatException(where + ": config key 'dtype' should be a string or a dtype policy, found " + Json.describe(dtype));
        }
        if (name == null) return null;
        for (String p : QUANTIZED_PREFIXES) {
            if (name.startsWith(p)) throw quantized(where, "'" + name + "'");
        }
        return name;
    }

    private static String policyName(Map<String, Object> policy) {
        Object cfg = policy.get("config");
        if (cfg instanceof Map<?, ?> c && c.get("name") instanceof String s) return s;
        if (cfg instanceof String s) return s;
        return null;
    }

    private static UnsupportedFeatureException quantized(String where, String what) {
        return new UnsupportedFeatureException(where + ": uses the quantized dtype policy " + what
                + "; jkeras computes in float32 from float weights only. Save the model before quantizing it.");
    }
}
