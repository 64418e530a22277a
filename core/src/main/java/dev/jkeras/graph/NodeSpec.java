package dev.jkeras.graph;

import java.util.List;
import java.util.Map;

/**
 * One call of a layer in a graph. {@code args} are the tensor inputs in positional order, flattened
 * (a list argument such as Concatenate's becomes several entries). {@code tensorKwargs} are keyword
 * arguments holding tensors ({@code initial_state}, {@code mask}, {@code value}, {@code key},
 * {@code attention_mask}); {@code kwargs} the other keyword arguments as plain JSON values
 * ({@code training}, {@code use_causal_mask}, ...). A constant positional argument is kept in
 * {@code kwargs} under {@code "#<position>"}.
 */
public record NodeSpec(List<TensorRef> args, Map<String, List<TensorRef>> tensorKwargs, Map<String, Object> kwargs) {
    /**
     * The kwargs key ({@code true}) of a tf.keras call whose first argument is one value rather than a
     * list of values: {@code tf.math.add(x, 1)}, not {@code tf.concat([x], 0)}. Only op layers, which
     * keep their first argument's structure, record the difference.
     */
    public static final String SINGLE = "#single";

    public NodeSpec {
        args = List.copyOf(args);
        tensorKwargs = tensorKwargs == null ? Map.of() : Map.copyOf(tensorKwargs);
        kwargs = kwargs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
    }

    public static NodeSpec of(List<TensorRef> args) {
        return new NodeSpec(args, Map.of(), Map.of());
    }
}
