package dev.jkeras.layer;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/**
 * A layer with exactly one input and one output, the common case. Subclasses implement
 * {@link #outputShape(Shape)} and {@link #apply(Tensor)}; {@link #passesMask()} says whether the
 * input mask flows through unchanged (Dense, activations, Dropout, normalization do in Keras).
 */
public abstract class UnaryLayer extends Layer {
    protected UnaryLayer(LayerSpec spec) {
        super(spec);
    }

    protected UnaryLayer(String name, String className) {
        super(name, className);
    }

    /** Output shape for one input shape (batch dimension included, possibly unknown). */
    public abstract Shape outputShape(Shape in);

    /** The output for one input tensor. */
    public abstract Tensor apply(Tensor x);

    /** True if the input mask is passed through unchanged. */
    protected boolean passesMask() {
        return false;
    }

    @Override
    public final List<Shape> outputShapes(List<Shape> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new InputException("layer '" + name() + "' (" + className() + ") takes 1 input, got " + inputShapes.size());
        }
        return List.of(outputShape(inputShapes.get(0)));
    }

    @Override
    public final List<Tensor> call(Call call) {
        if (call.inputs().size() != 1) {
            throw new InputException("layer '" + name() + "' (" + className() + ") takes 1 input, got " + call.inputs().size());
        }
        return List.of(apply(call.input(0)));
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return passesMask() && call.mask(0) != null ? List.of(call.mask(0)) : null;
    }

    /** A shape error naming this layer: "expected ..., found ...". */
    protected InputException shapeError(String expected, Shape found) {
        return new InputException("layer '" + name() + "' (" + className() + "): expected input " + expected + ", found " + found);
    }
}
