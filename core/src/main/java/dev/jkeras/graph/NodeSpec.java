package dev.jkeras.graph;

import java.util.List;
import java.util.Map;

/**
 * One call of a layer in a graph. {@code args} are the tensor inputs in positional order, flattened
 * (a list argument such as Concatenate's becomes several entries). {@code tensorKwargs} are keyword
 * arguments holding tensors ({@code initial_state}, {@code mask}, {@code value}, {@code key},
 * {@code attention_mask}); {@code kwargs} the other keyword arguments as plain JSON values
 * ({@code training}, {@code use_causal_mask}, ...).
 */
public record NodeSpec(List<TensorRef> args, Map<String, List<TensorRef>> tensorKwargs, Map<String, Object> kwargs) {
    public NodeSpec {
        args = List.copyOf(args);
        tensorKwargs = tensorKwargs == null ? Map.of() : Map.copyOf(tensorKwargs);
        kwargs = kwargs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
    }

    public static NodeSpec of(List<TensorRef> args) {
        return new NodeSpec(args, Map.of(), Map.of());
    }
}
