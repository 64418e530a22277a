// Fusing an activation layer into the layer before it: Conv2D(linear) → ReLU becomes one Conv2D(relu) whose
// kernel applies the activation in its epilogue, with the same float operations in the same order.
package dev.jkeras.layer;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.MatMul;

/** The two sides of activation fusion, for the model builder. */
public final class ActivationFusion {
    private ActivationFusion() {}

    /** A layer that only applies an activation function. */
    public interface Source {
        /** The function this layer computes. */
        ActivationFn function();

        /** The function, or null if it cannot run in a kernel epilogue (linear, softmax-like, glu). */
        default ActivationFn fusableActivation() {
            return MatMul.fusable(function()) ? function() : null;
        }
    }

    /** A layer with linear activation that can take one on. */
    public interface Target {
        /** A copy of this layer that applies {@code fn} to its output, or null if it cannot. */
        Layer withActivation(ActivationFn fn);
    }
}
