// The graph of one model after config parsing: layers in config order and their calls, indices already 0-based.
package dev.jkeras.load.config;

import dev.jkeras.graph.NodeSpec;
import dev.jkeras.graph.TensorRef;
import java.util.List;
import java.util.Map;

/**
 * Internal: a parsed Functional or Sequential model. A Sequential is already a chain whose first layer
 * is an InputLayer ({@code sequential} tells weight scopes that Keras does not count that layer);
 * {@code declaredInput} is false for a Sequential whose config gave no input shape.
 */
public record ParsedGraph(
        String name,
        String className,
        boolean sequential,
        boolean declaredInput,
        List<ParsedLayer> layers,
        Map<String, List<NodeSpec>> calls,
        List<TensorRef> inputs,
        List<TensorRef> outputs,
        List<String> inputNames,
        List<String> outputNames) {}
