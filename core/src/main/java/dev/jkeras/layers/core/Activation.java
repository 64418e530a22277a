// Activation: applies a named Keras activation (defaults only; see kernel/Activations). Passes the mask.
package dev.jkeras.layers.core;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.layer.ActivationFusion;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Activation}. */
public final class Activation extends UnaryLayer implements ActivationFusion.Source {
    private final ActivationFn fn;

    private Activation(LayerSpec spec, ActivationFn fn) {
        super(spec);
        this.fn = fn;
    }

    @Override
    public ActivationFn function() {
        return fn;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return floatInputsOnly(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        return fn.outputShape(in);
    }

    @Override
    public Tensor apply(Tensor x) {
        return fn.apply(x);
    }

    @Override
    public boolean freshOutputs() {
        return !fn.isIdentity();
    }

    @Override
    protected boolean passesMask() {
        return true;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Activation");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new Activation(spec, LayerConfigs.activation(spec, "activation"));
        }
    }
}
