// Shared pieces of the KerasHub layers: the Keras sublayers they create in build() (specs tracked by attribute, so
// their weights are read where Keras 3 saved them), KerasHub's merge of padding and attention masks, residual adds.
package dev.jkeras.layers.hub;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Internal helpers of the {@code keras_hub} layer family. */
final class HubLayers {
    private HubLayers() {}

    /** KerasHub layers compute in their dtype policy; only float32 is reproduced exactly. */
    static void refuseDtype(LayerSpec spec) {
        String dtype = spec.config().getString("dtype", null);
        if (dtype != null && !dtype.equals("float32")) {
            throw new UnsupportedFeatureException(spec.where() + ": dtype policy '" + dtype + "' is not supported (supported: float32)");
        }
    }

    static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    static Layer dense(BuildContext ctx, String attribute, String name, int units, Object activation, boolean useBias, Shape in) {
        LayerSpec s = ctx.spec().sublayer("Dense", name, attribute, config("units", units, "activation", activation, "use_bias", useBias));
        return ctx.build(s, List.of(in));
    }

    static Layer layerNorm(BuildContext ctx, String attribute, String name, double epsilon, Shape in) {
        LayerSpec s = ctx.spec().sublayer("LayerNormalization", name, attribute, config("axis", -1, "epsilon", epsilon));
        return ctx.build(s, List.of(in));
    }

    /** A {@code keras.layers.MultiHeadAttention} (or a subclass {@code className}) on query {@code q} and value {@code v}. */
    static Layer attention(BuildContext ctx, String className, String attribute, String name, int heads, int keyDim, double dropout,
                           boolean useBias, Shape q, Shape v) {
        LayerSpec s = ctx.spec().sublayer(className, name, attribute,
                config("num_heads", heads, "key_dim", keyDim, "value_dim", keyDim, "dropout", dropout, "use_bias", useBias));
        return ctx.build(s, List.of(q, v));
    }

    /** The summed param counts of {@code layers} (a composite layer's sublayers). */
    static long paramCount(List<Layer> layers) {
        long n = 0;
        for (Layer l : layers) n += l.paramCount();
        return n;
    }

    /** The single output of a single-input call of {@code l}. */
    static Tensor apply(Layer l, Tensor x) {
        return l.call(Call.of(x)).get(0);
    }

    /** {@code a + b} for tensors of one shape, as a new tensor. */
    static Tensor add(Tensor a, Tensor b) {
        float[] x = a.data(), y = b.data();
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) out[i] = x[i] + y[i];
        return Tensor.of(a.shape(), out);
    }

    /** A (batch, features...) input with known features; {@code what} names the expected layout. */
    static Shape sequence(LayerSpec spec, Shape in) {
        if (in.rank() != 3 || in.dim(2) == Shape.UNKNOWN) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, sequence, features)", in);
        return in;
    }

    /**
     * KerasHub's {@code merge_padding_and_attention_mask}: the padding mask (else the input's Keras mask)
     * as (B, 1, S), ANDed with the attention mask (B, T, S); null if there is neither. Masks are 0/1
     * (nonzero = attend).
     */
    static Tensor mergeMasks(Tensor kerasMask, Tensor padding, Tensor attention, String where) {
        Tensor mask = padding != null ? padding : kerasMask;
        if (mask != null && mask.rank() != 2) {
            throw new InputException(where + ": padding_mask should have shape (batch, sequence), found " + mask.shape());
        }
        if (attention != null && attention.rank() != 3) {
            throw new InputException(where + ": attention_mask should have shape (batch, target, source), found " + attention.shape());
        }
        Tensor m = mask == null ? null : nonzero(mask).reshape(mask.dim(0), 1, mask.dim(1));
        if (attention == null) return m;
        Tensor a = nonzero(attention);
        if (m == null) return a;
        int b = a.dim(0), t = a.dim(1), s = a.dim(2);
        if (m.dim(0) != b || m.dim(2) != s) {
            throw new InputException(where + ": padding_mask " + mask.shape() + " does not match attention_mask " + attention.shape());
        }
        float[] out = a.data(), pm = m.data();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                for (int k = 0; k < s; k++) if (pm[i * s + k] == 0f) out[(i * t + j) * s + k] = 0f;
            }
        }
        return a;
    }

    /** A 0/1 copy of a mask given as numbers (KerasHub casts masks to int32: nonzero means attend). */
    static Tensor nonzero(Tensor m) {
        float[] d = m.data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (int) d[i] != 0 ? 1f : 0f;
        return Tensor.of(m.shape(), out);
    }
}
