// Base of the parameter-only activation layers (ReLU, LeakyReLU, ELU, ThresholdedReLU): one kernel
// ActivationFn applied elementwise; the input mask passes through.
package dev.jkeras.layers.activations;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.layer.ActivationFusion;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** An activation layer computing one {@link ActivationFn}. */
abstract class ElementwiseActivation extends UnaryLayer implements ActivationFusion.Source {
    private final ActivationFn fn;

    ElementwiseActivation(LayerSpec spec, ActivationFn fn) {
        super(spec);
        this.fn = fn;
    }

    /** The function this layer computes. */
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
        return in;
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
}
