// Parses a model config (Keras 3 envelope, or Keras 1/2 {"class_name","config"}) into ParsedLayer/ParsedGraph:
// Sequential (list or dict form) becomes an InputLayer-headed chain, Functional graphs get 0-based node
// indices, wrappers get children, and every layer config goes through Dialects.
package dev.jkeras.load.config;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.NodeSpec;
import dev.jkeras.graph.TensorRef;
import dev.jkeras.load.hub.KerasHubModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Internal: model config parser for one file, in the dialect of the Keras major version that wrote it. */
public final class ConfigParser {
    /** Class names of models that can appear as a top-level config or as a nested layer. */
    public static final Set<String> MODEL_CLASSES = Set.of("Functional", "Model", "Sequential");

    /** keras.layers.Pipeline: a layer holding a list of layers applied in order, parsed like a nested Sequential. */
    private static final String PIPELINE = "Pipeline";

    /**
     * Raw Keras 3 operations that jkeras runs: the ones Keras 3 records when a functional graph computes a
     * mask (Embedding mask_zero: not_equal; Masking: not_equal + any), which then reaches later layers as
     * an explicit {@code mask} argument.
     */

    private final String source;
    private final int major;

    /**
     * @param source the file name, for errors
     * @param major  major version of the Keras that wrote the config (1, 2 or 3): selects the dialect
     */
    public ConfigParser(String source, int major) {
        this.source = source;
        this.major = major;
    }

    /** Parses a top-level model config object. */
    public ParsedLayer parseModel(Map<String, Object> envelope) {
        Object cls = envelope.get("class_name");
        if (!(cls instanceof String c)) {
            throw new ModelFormatException(source + ": the model config should have a string 'class_name', found " + Json.describe(cls));
        }
        String module = envelope.get("module") instanceof String m ? m : null;
        if (KerasHubModels.isHubModule(module) || envelope.get("registered_name") instanceof String r && r.startsWith("keras_hub>")) {
            if (!KerasHubModels.isModel(c)) throw KerasHubModels.unsupported(c, module, source);
            return parseEntry(envelope, null);
        }
        if (KerasHubModels.isModel(c) && major >= 3) {
            throw new UnsupportedFeatureException(source + ": the top-level config is a KerasHub '" + c + "' without its KerasHub module "
                    + "(a legacy HDF5 file drops it, and Keras itself cannot reload such a file); save the model with "
                    + "model.save(\"m.keras\") or save_to_preset(dir)");
        }
        if (!MODEL_CLASSES.contains(c)) {
            throw new UnsupportedFeatureException(source + ": the top-level config is a '" + c
                    + "', not a model (Functional, Model or Sequential). Subclassed models cannot be loaded; save a Functional or Sequential model.");
        }
        return parseEntry(envelope, null);
    }

    /**
     * Guesses the Keras major version of a config that does not record one: the Keras 3 envelope has
     * {@code module}; Keras 1 configs use Keras 1 key names; anything else is Keras 2.
     */
    public static int guessMajor(Map<String, Object> envelope) {
        if (envelope.containsKey("module")) return 3;
        return usesKeras1Keys(envelope.get("config")) ? 1 : 2;
    }

    private static final Set<String> KERAS1_MARKERS = Set.of("nb_filter", "border_mode", "dim_ordering", "init", "input_dtype",
            "W_regularizer", "subsample", "pool_length", "inner_activation", "consume_less");

    private static boolean usesKeras1Keys(Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (KERAS1_MARKERS.contains(e.getKey().toString())) return true;
                if ("output_dim".equals(e.getKey()) && !m.containsKey("input_dim")) return true;
                if (usesKeras1Keys(e.getValue())) return true;
            }
        } else if (v instanceof List<?> l) {
            for (Object x : l) if (usesKeras1Keys(x)) return true;
        }
        return false;
    }

    // ---- one layer entry -------------------------------------------------------------------------

    private String where(String name, String cls) {
        return "layer '" + name + "' (" + cls + ") in " + source;
    }

    /** Parses a serialized layer; {@code entryName} is the Functional entry-level name (null elsewhere). */
    private ParsedLayer parseEntry(Map<String, Object> entry, String entryName) {
        Object clsObj = entry.get("class_name");
        if (!(clsObj instanceof String cls)) {
            throw new ModelFormatException(source + ": a layer entry" + (entryName != null ? " named '" + entryName + "'" : "")
                    + " has no string 'class_name' (found " + Json.describe(clsObj) + ")");
        }
        Object cfgObj = entry.get("config");
        String hubModule = entry.get("module") instanceof String m && KerasHubModels.isHubModule(m) ? m : null;
        if (hubModule != null && KerasHubModels.isModel(cls)) {
            // A KerasHub model: its config holds constructor arguments; the replayed constructor gives the Functional graph.
            Map<String, Object> functional = KerasHubModels.expand(entry, source);
            ParsedLayer p = parseModelEntry("Functional", functional, functional.get("config"), entryName);
            ParsedLayer hub = new ParsedLayer(cls, "Functional", p.name, p.config);
            hub.graph = p.graph;
            return hub;
        }
        if (hubModule != null && !dev.jkeras.layer.LayerRegistry.defaults().classNames().contains("keras_hub>" + cls)) {
            throw KerasHubModels.unsupported(cls, hubModule, source);
        }
        if (MODEL_CLASSES.contains(cls) || PIPELINE.equals(cls)) return parseModelEntry(cls, entry, cfgObj, entryName);

        Map<String, Object> rawConfig;
        if (cfgObj == null) rawConfig = new LinkedHashMap<>();
        else if (cfgObj instanceof Map<?, ?> m) rawConfig = Json.asMap(m);
        else throw new ModelFormatException(source + ": the config of a '" + cls + "' entry should be an object, found " + Json.describe(cfgObj));
        String name = entryName != null ? entryName : rawConfig.get("name") instanceof String s ? s : null;
        if (name == null) {
            throw new ModelFormatException(source + ": a '" + cls + "' layer has no name (neither an entry 'name' nor config.name)");
        }
        String module = entry.get("module") instanceof String s ? s : null;
        String registered = entry.get("registered_name") instanceof String s ? s : null;
        refuseUnsupported(cls, module, rawConfig, name);

        if (isOpModule(module) || isUnmarkedKeras3Op(cls, module, rawConfig)) {
            // A raw Keras 3 op node (Keras writes mask computations this way); dispatched as "ops.<Class>".
            ParsedLayer op = new ParsedLayer(cls, "ops." + cls, name, rawConfig);
            return op;
        }
        String canonical = Dialects.className(cls);
        String specClass = canonical;
        if (hubModule != null) specClass = "keras_hub>" + cls; // KerasHub layers, whatever registered_name they wrote
        else if (registered != null && registered.contains(">")) specClass = registered;
        else if (module != null && !isKerasModule(module)) specClass = module + ">" + cls;
        String where = where(name, specClass);
        Map<String, Object> config = Dialects.normalize(canonical, rawConfig, major, where);
        ParsedLayer p = new ParsedLayer(cls, specClass, name, config);
        addChildren(p, canonical, config, where);
        return p;
    }

    /**
     * The Keras 3 legacy .h5 writer drops {@code module} from top-level entries, so an op node is told
     * from a layer of the same class name (Add, Concatenate, ...) by its config: layers always record
     * {@code trainable}, ops never do.
     */
    private boolean isUnmarkedKeras3Op(String cls, String module, Map<String, Object> rawConfig) {
        return module == null && major >= 3 && !rawConfig.containsKey("trainable")
                && dev.jkeras.layer.LayerRegistry.defaults().classNames().contains("ops." + cls);
    }

    /** Modules of raw Keras 3 operations ({@code keras.src.ops.numpy}, and {@code keras.ops.*} in 3.0-3.2). */
    static boolean isOpModule(String module) {
        return module != null && (module.startsWith("keras.src.ops") || module.startsWith("keras.ops"));
    }

    private static boolean isKerasModule(String module) {
        return module.equals("keras") || module.startsWith("keras.") || module.startsWith("tf_keras") || module.startsWith("tensorflow");
    }

    private void refuseUnsupported(String cls, String module, Map<String, Object> config, String name) {
        if (module != null && (module.startsWith("keras.src.activations") || module.startsWith("keras.activations")
                || module.startsWith("keras.src.backend") || module.startsWith("keras.src.random"))) {
            throw new UnsupportedFeatureException(where(name, cls) + ": the raw Keras operation '" + cls + "' (" + module
                    + ") is not supported yet. Use the equivalent Keras layer (e.g. layers.Add, layers.Reshape) instead of keras.ops in the model.");
        }
    }

    /** Wrapped layers: TimeDistributed {@code layer}, Bidirectional forward/backward copies, RNN {@code cell}s. */
    private void addChildren(ParsedLayer p, String cls, Map<String, Object> config, String where) {
        if ("Bidirectional".equals(cls)) {
            bidirectional(p, config, where);
            return;
        }
        if (config.get("layer") instanceof Map<?, ?> inner) {
            p.children.put("layer", parseEntry(Json.asMap(inner), null));
        }
        if (config.get("cell") instanceof Map<?, ?> cell) {
            p.children.put("cell", parseEntry(Json.asMap(cell), null));
        } else if (config.get("cell") instanceof List<?> cells) {
            // tf.keras RNN(cells=[...]) written without a StackedRNNCells wrapper
            addCells(p, Json.asList(cells));
        }
        if (config.get("cells") instanceof List<?> cells) addCells(p, Json.asList(cells));
    }

    private void addCells(ParsedLayer p, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (!(cells.get(i) instanceof Map<?, ?> m)) {
                throw new ModelFormatException(where(p.name, p.specClass) + ": cell " + i + " should be a serialized layer, found " + Json.describe(cells.get(i)));
            }
            p.children.put("cells/" + i, parseEntry(Json.asMap(m), null));
        }
    }

    /**
     * Keras 3 stores the forward copy (named {@code forward_...}) under {@code layer} and always a
     * {@code backward_layer}; tf.keras and Keras 1 store the original layer and derive the copies.
     */
    private void bidirectional(ParsedLayer p, Map<String, Object> config, String where) {
        if (!(config.get("layer") instanceof Map<?, ?> l)) {
            throw new ModelFormatException(where + ": expected the wrapped recurrent layer under config key 'layer', found " + Json.describe(config.get("layer")));
        }
        Map<String, Object> layer = Json.asMap(l);
        Map<String, Object> backward = config.get("backward_layer") instanceof Map<?, ?> b ? Json.asMap(b) : null;
        Map<String, Object> fwd = layer;
        if (major < 3) fwd = copy(layer, false);
        if (backward == null) backward = copy(layer, true);
        else if (major == 2) backward = forceZeroOutput(backward);
        p.children.put("forward_layer", parseEntry(fwd, null));
        p.children.put("backward_layer", parseEntry(backward, null));
    }

    /** The forward or backward copy Bidirectional makes of its layer (bidirectional.py). */
    private Map<String, Object> copy(Map<String, Object> layer, boolean backward) {
        Map<String, Object> cfg = new LinkedHashMap<>(layer.get("config") instanceof Map<?, ?> c ? Json.asMap(c) : Map.of());
        String name = cfg.get("name") instanceof String s ? s : "rnn";
        String prefix = backward ? "backward_" : "forward_";
        if (major >= 3 && name.startsWith("forward_")) name = name.substring("forward_".length());
        cfg.put("name", name.startsWith(prefix) ? name : prefix + name);
        if (backward) cfg.put("go_backwards", !Boolean.TRUE.equals(cfg.get("go_backwards")));
        if (major >= 2 && cfg.containsKey("return_sequences")) cfg.put("zero_output_for_mask", cfg.get("return_sequences"));
        Map<String, Object> out = new LinkedHashMap<>(layer);
        out.put("config", cfg);
        return out;
    }

    private static Map<String, Object> forceZeroOutput(Map<String, Object> layer) {
        Map<String, Object> cfg = new LinkedHashMap<>(layer.get("config") instanceof Map<?, ?> c ? Json.asMap(c) : Map.of());
        if (cfg.containsKey("return_sequences")) cfg.put("zero_output_for_mask", cfg.get("return_sequences"));
        Map<String, Object> out = new LinkedHashMap<>(layer);
        out.put("config", cfg);
        return out;
    }

    // ---- models ----------------------------------------------------------------------------------

    private ParsedLayer parseModelEntry(String cls, Map<String, Object> entry, Object cfgObj, String entryName) {
        ParsedGraph graph;
        Map<String, Object> config = new LinkedHashMap<>();
        if ("Sequential".equals(cls) || PIPELINE.equals(cls)) {
            graph = parseSequential(cfgObj, entry, entryName);
        } else {
            if (!(cfgObj instanceof Map<?, ?> m)) {
                throw new ModelFormatException(source + ": the config of model '" + entryName + "' (" + cls + ") should be an object, found " + Json.describe(cfgObj));
            }
            graph = parseFunctional(cls, Json.asMap(m), entryName);
        }
        if (cfgObj instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : Json.asMap(m).entrySet()) {
                if (!e.getKey().equals("layers")) config.put(e.getKey(), e.getValue());
            }
        }
        String name = entryName != null ? entryName : graph.name();
        config.put("name", name);
        if (config.containsKey("dtype")) config.put("dtype", Dialects.dtypePolicy(config.get("dtype"), where(name, cls)));
        ParsedLayer p = new ParsedLayer(cls, cls, name, config);
        p.graph = graph;
        return p;
    }

    private ParsedGraph parseSequential(Object cfgObj, Map<String, Object> entry, String entryName) {
        List<Object> items;
        String name;
        Map<String, Object> cfg = Map.of();
        if (cfgObj instanceof List<?> l) {
            items = Json.asList(l);
            name = entryName != null ? entryName : "sequential";
        } else if (cfgObj instanceof Map<?, ?> m) {
            cfg = Json.asMap(m);
            if (!(cfg.get("layers") instanceof List<?> l)) {
                throw new ModelFormatException(source + ": the Sequential config should have a 'layers' list, found " + Json.describe(cfg.get("layers")));
            }
            items = Json.asList(l);
            name = entryName != null ? entryName : cfg.get("name") instanceof String s ? s : "sequential";
        } else {
            throw new ModelFormatException(source + ": a Sequential config should be a list of layers or an object with 'layers', found " + Json.describe(cfgObj));
        }
        String where = "model '" + name + "' (Sequential) in " + source;
        if (items.isEmpty()) throw new ModelFormatException(where + ": the Sequential model has no layers");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof Map<?, ?> m)) throw new ModelFormatException(where + ": a layer entry should be an object, found " + Json.describe(o));
            entries.add(Json.asMap(m));
        }

        Map<String, Object> first = entries.get(0);
        Map<String, Object> firstCfg = first.get("config") instanceof Map<?, ?> m ? Json.asMap(m) : Map.of();
        if ("Merge".equals(first.get("class_name")) && firstCfg.get("layers") instanceof List) {
            throw new UnsupportedFeatureException(where + ": a Keras 1 Sequential that starts with a Merge of branch models is not supported; "
                    + "rebuild it as a Functional model");
        }
        List<ParsedLayer> layers = new ArrayList<>();
        ParsedLayer input;
        boolean declaredInput;
        int start;
        if ("InputLayer".equals(first.get("class_name"))) {
            input = parseEntry(first, null);
            declaredInput = true;
            start = 1;
        } else {
            Object shape = cfg.get("build_input_shape");
            if (shape == null && entry.get("build_config") instanceof Map<?, ?> bc) shape = bc.get("input_shape");
            Object firstShape = firstLayerInputShape(first.get("class_name"), firstCfg);
            declaredInput = firstShape != null;
            if (shape == null) shape = firstShape;
            String firstName = firstCfg.get("name") instanceof String s ? s : "layer";
            Map<String, Object> inCfg = new LinkedHashMap<>();
            inCfg.put("batch_shape", shape);
            Object dtype = firstCfg.containsKey("input_dtype") ? firstCfg.get("input_dtype") : firstCfg.get("dtype");
            inCfg.put("dtype", dtype instanceof String s ? s : "float32");
            inCfg.put("sparse", false);
            inCfg.put("name", firstName + "_input");
            input = new ParsedLayer("InputLayer", "InputLayer", firstName + "_input", inCfg);
            start = 0;
        }
        layers.add(input);
        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        TensorRef prev = new TensorRef(input.name, 0, 0);
        for (int i = start; i < entries.size(); i++) {
            ParsedLayer p = parseEntry(entries.get(i), null);
            if (calls.containsKey(p.name) || p.name.equals(input.name)) {
                throw new ModelFormatException(where + ": two layers are named '" + p.name + "'");
            }
            layers.add(p);
            calls.put(p.name, List.of(NodeSpec.of(List.of(prev))));
            prev = new TensorRef(p.name, 0, 0);
        }
        return new ParsedGraph(name, "Sequential", true, declaredInput, layers, calls, List.of(new TensorRef(input.name, 0, 0)), List.of(prev),
                List.of(input.name), List.of(prev.layer()));
    }

    /** The input shape a Keras 1/2 first layer declares (batch_input_shape, input_shape, input_dim/input_length), or null. */
    private static Object firstLayerInputShape(Object cls, Map<String, Object> c) {
        if (c.get("batch_input_shape") instanceof List<?> l) return l;
        if (c.get("batch_shape") instanceof List<?> l) return l;
        if (c.get("input_shape") instanceof List<?> l) {
            List<Object> s = new ArrayList<>();
            s.add(null);
            s.addAll(l);
            return s;
        }
        Object dim = c.get("input_dim");
        Object len = c.get("input_length");
        if ("Embedding".equals(cls)) return c.containsKey("input_length") ? java.util.Arrays.asList(null, len) : null;
        if (dim == null) return null;
        return len != null || c.containsKey("input_length") ? java.util.Arrays.asList(null, len, dim) : java.util.Arrays.asList(null, dim);
    }

    private ParsedGraph parseFunctional(String cls, Map<String, Object> cfg, String entryName) {
        String name = entryName != null ? entryName : cfg.get("name") instanceof String s ? s : "model";
        String where = "model '" + name + "' (" + cls + ") in " + source;
        if (!(cfg.get("layers") instanceof List<?> rawLayers)) {
            throw new ModelFormatException(where + ": the config should have a 'layers' list, found " + Json.describe(cfg.get("layers")));
        }
        List<ParsedLayer> layers = new ArrayList<>();
        Map<String, ParsedLayer> byName = new HashMap<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object o : rawLayers) {
            if (!(o instanceof Map<?, ?> m)) throw new ModelFormatException(where + ": a layer entry should be an object, found " + Json.describe(o));
            Map<String, Object> e = Json.asMap(m);
            Object n = e.get("name");
            if (n == null && e.get("config") instanceof Map<?, ?> c) n = c.get("name");
            if (!(n instanceof String layerName)) throw new ModelFormatException(where + ": a layer entry has no 'name' (class " + e.get("class_name") + ")");
            ParsedLayer p = parseEntry(e, layerName);
            if (byName.put(layerName, p) != null) {
                throw new ModelFormatException(where + ": two layers are named '" + layerName + "'; Keras layer names must be unique");
            }
            layers.add(p);
            entries.add(e);
        }

        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            ParsedLayer p = layers.get(i);
            Object nodes = entries.get(i).get("inbound_nodes");
            String callWhere = "layer '" + p.name + "' (" + p.specClass + ") in " + source;
            if (nodes == null) nodes = List.of();
            if (!(nodes instanceof List<?> nl)) throw new ModelFormatException(callWhere + ": 'inbound_nodes' should be a list, found " + Json.describe(nodes));
            if (p.isInputLayer()) continue;
            List<NodeSpec> list = new ArrayList<>();
            for (int n = 0; n < nl.size(); n++) {
                String nodeWhere = callWhere + ", inbound node " + n;
                list.add(NodeParser.parse(nl.get(n), (l, ni, ti) -> resolve(byName, l, ni, ti, false, nodeWhere), nodeWhere));
            }
            calls.put(p.name, list);
        }
        List<TensorRef> inputs = tensorList(cfg.get("input_layers"), byName, where, "input_layers");
        List<TensorRef> outputs = tensorList(cfg.get("output_layers"), byName, where, "output_layers");
        List<String> inputNames = new ArrayList<>();
        for (TensorRef r : inputs) inputNames.add(r.layer());
        List<String> outputNames = outputNames(outputs);
        if (cfg.get("output_layers") instanceof Map<?, ?> dict && dict.size() == outputs.size()) {
            outputNames = new ArrayList<>(new TreeMap<>(Json.asMap(dict)).keySet()); // a dict of outputs: Keras returns it by key
        }
        return new ParsedGraph(name, cls, false, true, layers, calls, inputs, outputs, inputNames, outputNames);
    }

    /** Output names: layer names, {@code name:index} where one layer gives several outputs. */
    static List<String> outputNames(List<TensorRef> outputs) {
        Map<String, Integer> count = new HashMap<>();
        for (TensorRef r : outputs) count.merge(r.layer(), 1, Integer::sum);
        List<String> names = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>();
        for (TensorRef r : outputs) {
            String n = count.get(r.layer()) > 1 ? r.layer() + ":" + r.index() : r.layer();
            while (!used.add(n)) n = n + "_" + r.call();
            names.add(n);
        }
        return names;
    }

    /** {@code input_layers}/{@code output_layers}: a bare triple, a list of triples, or a dict of triples (sorted by key). */
    private List<TensorRef> tensorList(Object v, Map<String, ParsedLayer> byName, String where, String key) {
        List<TensorRef> out = new ArrayList<>();
        collectTriples(v, byName, where, key, out);
        if (out.isEmpty()) throw new ModelFormatException(where + ": '" + key + "' lists no tensors (found " + Json.describe(v) + ")");
        return out;
    }

    private void collectTriples(Object v, Map<String, ParsedLayer> byName, String where, String key, List<TensorRef> out) {
        if (v instanceof List<?> l) {
            List<Object> list = Json.asList(l);
            if (list.size() == 3 && list.get(0) instanceof String n && Json.isInt(list.get(1)) && Json.isInt(list.get(2))) {
                out.add(resolve(byName, n, NodeParser.index(list.get(1), "node index", list, where + ": '" + key + "'"),
                        NodeParser.index(list.get(2), "tensor index", list, where + ": '" + key + "'"), true, where));
                return;
            }
            for (Object x : list) collectTriples(x, byName, where, key, out);
        } else if (v instanceof Map<?, ?> m) {
            for (Object x : new TreeMap<>(Json.asMap(m)).values()) collectTriples(x, byName, where, key, out);
        } else {
            throw new ModelFormatException(where + ": '" + key + "' should hold [layer_name, node_index, tensor_index] entries, found " + Json.describe(v));
        }
    }

    /**
     * Maps a written node index to the 0-based call index within this graph (keras-spec 1.4, 2.3):
     * a nested model owns a hidden first node in Keras 1/2 (everywhere) and in Keras 3 (Functional
     * only, and only in input_layers/output_layers).
     */
    private TensorRef resolve(Map<String, ParsedLayer> byName, String layer, int nodeIndex, int tensorIndex, boolean io, String where) {
        ParsedLayer target = byName.get(layer);
        if (target == null) {
            throw new ModelFormatException(where + ": refers to layer '" + layer + "', which is not in the model (layers: " + byName.keySet() + ")");
        }
        if (target.isInputLayer()) return new TensorRef(layer, 0, tensorIndex);
        int call = nodeIndex - hiddenNodes(target, io);
        if (call < 0) {
            throw new ModelFormatException(where + ": refers to node " + nodeIndex + " of nested model '" + layer
                    + "', which has no such call (Keras " + major + " numbers calls of a nested model from " + hiddenNodes(target, io) + ")");
        }
        return new TensorRef(layer, call, tensorIndex);
    }

    private int hiddenNodes(ParsedLayer target, boolean io) {
        ParsedGraph g = target.graph;
        if (g == null) return 0;
        if (major >= 3) return io && !g.sequential() ? 1 : 0;
        if (!g.sequential()) return 1;
        return g.declaredInput() ? 1 : 0;
    }
}
