package dev.jkeras.graph;

import dev.jkeras.layer.LayerSpec;
import java.util.List;
import java.util.Map;

/**
 * A model's structure as parsed by the importer: its layers in config order (which is Keras's
 * {@code model.layers} order, InputLayers included), each layer's calls, and which tensors are the
 * model's inputs and outputs. Sequential models arrive here already turned into a chain.
 *
 * @param name        the model name
 * @param className   {@code Functional} or {@code Sequential} (or {@code Model} in old files)
 * @param layers      layers in config order
 * @param calls       for each layer name, its calls in this graph in order (InputLayers: none)
 * @param inputs      the model inputs; each must name an InputLayer's output
 * @param outputs     the model outputs
 * @param inputNames  user-facing input names (InputLayer names)
 * @param outputNames user-facing output names (output layer names, {@code name:i} if a layer gives two)
 */
public record GraphSpec(
        String name,
        String className,
        List<LayerSpec> layers,
        Map<String, List<NodeSpec>> calls,
        List<TensorRef> inputs,
        List<TensorRef> outputs,
        List<String> inputNames,
        List<String> outputNames) {
    public GraphSpec {
        layers = List.copyOf(layers);
        calls = Map.copyOf(calls);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        inputNames = List.copyOf(inputNames);
        outputNames = List.copyOf(outputNames);
    }
}
