package dev.jkeras.layer;

import dev.jkeras.tensor.Shape;

/**
 * One weight a layer owns: its Keras name (for messages), the shape the layer expects, and whether
 * Keras counts it as trainable (moving statistics are not). Layers declare their weights in Keras's
 * stored order (trainable ones first, each group in creation order).
 */
public record WeightDecl(String name, Shape shape, boolean trainable) {
    public static WeightDecl trainable(String name, int... dims) {
        return new WeightDecl(name, Shape.of(dims), true);
    }

    public static WeightDecl fixed(String name, int... dims) {
        return new WeightDecl(name, Shape.of(dims), false);
    }
}
