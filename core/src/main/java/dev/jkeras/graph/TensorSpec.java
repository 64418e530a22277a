package dev.jkeras.graph;

import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;

/**
 * One input or output of a {@link Model}: its name, its shape ({@link Shape#UNKNOWN} for the batch dimension and
 * any other dimension the model leaves free) and its Keras dtype. Numeric dtypes other than float32 are still passed
 * and returned as float32 tensors (see {@link Model#inputDTypes()}); {@link DType#STRING} takes string tensors.
 *
 * @param name  the input layer's name, or the output's name as {@link Model#outputNames()} gives it
 * @param shape the declared shape, batch dimension first
 * @param dtype the Keras dtype
 */
public record TensorSpec(String name, Shape shape, DType dtype) {
    @Override
    public String toString() {
        return name + ": " + shape + " " + dtype.keras();
    }
}
