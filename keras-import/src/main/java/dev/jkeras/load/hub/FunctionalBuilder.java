// Writes a Keras 3 Functional config (the JSON keras.Model(inputs, outputs).get_config() gives) layer call by layer
// call, so a KerasHub constructor can be replayed in Java and the result parsed like any saved Functional model.
package dev.jkeras.load.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Internal: a Functional model config under construction, in Keras's layer order. */
final class FunctionalBuilder {
    /** One output tensor of one call: {@code [layer, node_index, tensor_index]}. */
    record Ref(String layer, int node, int tensor) {}

    private final List<Map<String, Object>> layers = new ArrayList<>();
    private final Map<String, Map<String, Object>> byName = new HashMap<>();
    private final Set<String> nestedModels = new HashSet<>();

    /** Ordered key/value pairs as a mutable map (a config object). */
    static Map<String, Object> obj(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    /** Keras's serialized {@code slice(start, stop, step)} as it appears in a GetItem index. */
    static Map<String, Object> slice(Integer start, Integer stop, Integer step) {
        return obj("class_name", "__slice__", "config", obj("start", start, "stop", stop, "step", step));
    }

    /** An input of shape {@code (batch, dims...)} ({@code null} for unknown sizes). */
    Ref input(String name, String dtype, Integer... dims) {
        List<Object> shape = new ArrayList<>();
        shape.add(null);
        shape.addAll(Arrays.asList(dims));
        add(obj("module", "keras.layers", "class_name", "InputLayer",
                "config", obj("batch_shape", shape, "dtype", dtype, "sparse", false, "name", name), "registered_name", null,
                "name", name, "inbound_nodes", new ArrayList<>()));
        return new Ref(name, 0, 0);
    }

    /** A call of a new {@code keras.layers} layer; {@code config} holds its name. */
    Ref layer(String className, Map<String, Object> config, Object args, Map<String, Object> kwargs) {
        return call(obj("module", "keras.layers", "class_name", className, "config", config, "registered_name", null), args, kwargs);
    }

    Ref layer(String className, Map<String, Object> config, Object args) {
        return layer(className, config, args, Map.of());
    }

    /** A call of a new KerasHub layer ({@code registered_name keras_hub>className}). */
    Ref hubLayer(String className, Map<String, Object> config, Object args, Map<String, Object> kwargs) {
        return call(obj("module", "keras_hub.src.layers", "class_name", className, "config", config, "registered_name", "keras_hub>" + className),
                args, kwargs);
    }

    /** A raw Keras op node ({@code keras.src.ops.numpy}), e.g. GetItem with its index as second argument. */
    Ref op(String className, Map<String, Object> config, Object... args) {
        return call(obj("module", "keras.src.ops.numpy", "class_name", className, "config", config, "registered_name", className),
                Arrays.asList(args), Map.of());
    }

    /** A call of a nested model written as its own (KerasHub) serialized entry, which the parser expands in turn. */
    Ref nested(Map<String, Object> entry, Object args) {
        Map<String, Object> e = new LinkedHashMap<>(entry);
        e.remove("build_config");
        e.remove("compile_config");
        Ref r = call(e, args, Map.of());
        nestedModels.add(r.layer());
        return r;
    }

    /** Output {@code i} of the call {@code r} (for layers with several outputs). */
    static Ref output(Ref r, int i) {
        return new Ref(r.layer(), r.node(), i);
    }

    /** Calls an already added layer again (a shared layer: one set of weights, a second node). */
    Ref callAgain(String name, Object args, Map<String, Object> kwargs) {
        Map<String, Object> e = byName.get(name);
        if (e == null) throw new IllegalStateException("no layer " + name);
        @SuppressWarnings("unchecked")
        List<Object> nodes = (List<Object>) e.get("inbound_nodes");
        nodes.add(obj("args", encode(args), "kwargs", encodeKwargs(kwargs)));
        return new Ref(name, nodes.size() - 1, 0);
    }

    private Ref call(Map<String, Object> entry, Object args, Map<String, Object> kwargs) {
        String name = (String) ((Map<?, ?>) entry.get("config")).get("name");
        entry.put("name", name);
        List<Object> nodes = new ArrayList<>();
        nodes.add(obj("args", encode(args), "kwargs", encodeKwargs(kwargs)));
        entry.put("inbound_nodes", nodes);
        add(entry);
        return new Ref(name, 0, 0);
    }

    private void add(Map<String, Object> entry) {
        String name = (String) entry.get("name");
        if (byName.put(name, entry) != null) throw new IllegalStateException("two layers named " + name);
        layers.add(entry);
    }

    private static List<Object> encode(Object args) {
        List<Object> out = new ArrayList<>();
        if (args instanceof List<?> l) {
            for (Object a : l) out.add(value(a));
        } else {
            out.add(value(args));
        }
        return out;
    }

    private static Map<String, Object> encodeKwargs(Map<String, Object> kwargs) {
        Map<String, Object> out = new LinkedHashMap<>();
        kwargs.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    /** Refs become {@code __keras_tensor__} objects, inside lists and maps too. */
    private static Object value(Object v) {
        if (v instanceof Ref r) {
            return obj("class_name", "__keras_tensor__", "config", obj("keras_history", List.of(r.layer(), r.node(), r.tensor())));
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(value(x));
            return out;
        }
        if (v instanceof Map<?, ?> m && !m.containsKey("class_name")) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, value(x)));
            return out;
        }
        return v;
    }

    /**
     * The Functional envelope. {@code inputs}/{@code outputs}: one Ref, or a map from name to Ref (a dict,
     * flattened by Keras in sorted key order).
     */
    Map<String, Object> build(String name, Object inputs, Object outputs) {
        return obj("module", "keras", "class_name", "Functional",
                "config", obj("name", name, "trainable", true, "layers", layers, "input_layers", io(inputs), "output_layers", io(outputs)),
                "registered_name", "Functional");
    }

    private Object io(Object v) {
        if (v instanceof Ref r) {
            // input_layers/output_layers count a nested model's hidden first node (keras-spec 2.3)
            return List.of(r.layer(), r.node() + (nestedModels.contains(r.layer()) ? 1 : 0), r.tensor());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, x) -> out.put((String) k, io(x)));
        return out;
    }
}
