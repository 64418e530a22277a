// KerasHub CachedMultiHeadAttention: keras MultiHeadAttention whose call uses only the attention_mask argument (no
// Keras masks of query/value/key, no causal flag) and keeps its inputs' masks. The generation cache (cache,
// cache_update_index) is refused: a saved graph runs the full sequence.
package dev.jkeras.layers.hub;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layers.attention.MultiHeadAttention;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** KerasHub {@code keras_hub.layers.CachedMultiHeadAttention} without a cache. */
public final class CachedMultiHeadAttention extends Layer {
    private static final Set<String> REFUSED = Set.of("cache", "cache_update_index", "use_causal_mask", "query_mask", "value_mask", "key_mask");

    private final Layer attention;

    private CachedMultiHeadAttention(LayerSpec spec, Layer attention) {
        super(spec);
        this.attention = attention;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return attention.outputShapes(in);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in, Map<String, List<Shape>> tensorKwargShapes, Map<String, Object> kwargs) {
        for (String k : REFUSED) {
            if (tensorKwargShapes.containsKey(k) || kwargs.get(k) != null) {
                throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): the call argument '" + k
                        + "' is not supported (the generation cache is a Python-side loop; call the layer without it)");
            }
        }
        return attention.outputShapes(in, kwargs);
    }

    @Override
    public Outputs forward(Call call) {
        List<Tensor> values = attention.forward(new Call(call.inputs(), null, call.tensorKwargs(), call.kwargs())).values();
        Tensor qMask = call.mask(0);
        if (qMask == null) return new Outputs(values, null);
        List<Tensor> masks = new ArrayList<>(Arrays.asList(new Tensor[values.size()]));
        masks.set(0, qMask);
        return new Outputs(values, masks);
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public long paramCount() {
        return attention.paramCount();
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>CachedMultiHeadAttention");
        }

        @Override
        public List<String> callArguments() {
            return List.of("query", "value", "key");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            LayerSpec plain = new LayerSpec("MultiHeadAttention", spec.name(), spec.config(), spec.writer(), spec.weights(), Map.of(), null);
            return new CachedMultiHeadAttention(spec, new MultiHeadAttention.Factory().create(plain, ctx));
        }
    }
}
