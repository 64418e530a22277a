// What TransformerEncoder and TransformerDecoder share as layers: their params are their sublayers', and the first
// input's Keras mask passes through to the output.
package dev.jkeras.layers.hub;

import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Internal: the base of KerasHub's TransformerEncoder and TransformerDecoder. */
abstract class TransformerLayer extends Layer {
    TransformerLayer(LayerSpec spec) {
        super(spec);
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return call.mask(0) == null ? null : new ArrayList<>(Arrays.asList(call.mask(0)));
    }

    @Override
    public long paramCount() {
        return HubLayers.paramCount(sublayers());
    }

    /** The first tensor passed as keyword argument {@code kwarg}, or null. */
    static Tensor first(Call call, String kwarg) {
        List<Tensor> t = call.tensorKwarg(kwarg);
        return t.isEmpty() ? null : t.get(0);
    }

    /** The layer's name and class, for messages. */
    protected String where() {
        return "layer '" + name() + "' (" + className() + ")";
    }
}
