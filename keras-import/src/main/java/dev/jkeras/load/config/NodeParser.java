// Parses one entry of a layer's inbound_nodes, in every format Keras wrote: Keras 3 {"args","kwargs"} dicts
// with __keras_tensor__ objects, Keras 1 [[name, ni, ti], ...], Keras 2 [[name, ni, ti, kwargs], ...], and
// tf.keras nested first-argument structures with kwargs copied into each leaf.
package dev.jkeras.load.config;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.NodeSpec;
import dev.jkeras.graph.TensorRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Internal: turns a serialized call into a {@link NodeSpec}. Tensor references are resolved (node
 * indices normalized) by the caller's {@link Resolver}. A non-tensor positional argument is kept in
 * {@code kwargs} under the key {@code "#<position>"}. A tf.keras node written as one bare
 * {@code [name, node, tensor, kwargs]} leaf instead of a list of leaves (op layers, whose first
 * argument keeps its structure, called on a single value rather than a list) gets
 * {@link NodeSpec#SINGLE}.
 */
public final class NodeParser {
    /** The marker tf.keras writes for a non-tensor leaf of the first call argument. */
    static final String CONSTANT = "_CONSTANT_VALUE";

    /** Resolves a written reference {@code [layer, node_index, tensor_index]} to a 0-based {@link TensorRef}. */
    public interface Resolver {
        TensorRef resolve(String layer, int nodeIndex, int tensorIndex);
    }

    private NodeParser() {}

    /** Parses one call; {@code where} names the calling layer for errors. */
    public static NodeSpec parse(Object node, Resolver resolver, String where) {
        if (node instanceof Map<?, ?> m) return parseKeras3(Json.asMap(m), resolver, where);
        if (node instanceof List<?> l) return parseLegacy(Json.asList(l), resolver, where);
        throw new ModelFormatException(where + ": an inbound node should be a list or an {args, kwargs} object, found " + Json.describe(node));
    }

    // ---- Keras 3 ---------------------------------------------------------------------------------

    private static NodeSpec parseKeras3(Map<String, Object> node, Resolver r, String where) {
        List<TensorRef> args = new ArrayList<>();
        Map<String, List<TensorRef>> tensorKwargs = new LinkedHashMap<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Object a = node.get("args");
        List<Object> argList = a == null ? List.of() : a instanceof List<?> l ? Json.asList(l) : List.of(a);
        for (int i = 0; i < argList.size(); i++) {
            Object arg = argList.get(i);
            List<TensorRef> found = new ArrayList<>();
            int constants = collectKeras3(arg, r, found, where);
            if (!found.isEmpty() && constants > 0) throw mixed(where, "positional argument " + i);
            if (!found.isEmpty()) args.addAll(found);
            else if (arg != null) kwargs.put("#" + i, arg);
        }
        Object kw = node.get("kwargs");
        if (kw instanceof Map<?, ?> km) {
            for (Map.Entry<String, Object> e : Json.asMap(km).entrySet()) {
                String key = e.getKey();
                Object v = e.getValue();
                if (v == null && "mask".equals(key)) continue;
                List<TensorRef> found = new ArrayList<>();
                int constants = collectKeras3(v, r, found, where);
                if (!found.isEmpty() && constants > 0) throw mixed(where, "keyword argument '" + key + "'");
                if (!found.isEmpty()) tensorKwargs.put(key, found);
                else kwargs.put(key, v);
            }
        } else if (kw != null) {
            throw new ModelFormatException(where + ": inbound node 'kwargs' should be an object, found " + Json.describe(kw));
        }
        return new NodeSpec(args, tensorKwargs, kwargs);
    }

    /** Adds the tensors found in {@code v} (depth first) to {@code out}; returns the number of non-null constant leaves. */
    private static int collectKeras3(Object v, Resolver r, List<TensorRef> out, String where) {
        if (v == null) return 0;
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = Json.asMap(m);
            if ("__keras_tensor__".equals(map.get("class_name"))) {
                Object cfg = map.get("config");
                Object hist = cfg instanceof Map<?, ?> c ? c.get("keras_history") : null;
                out.add(triple(hist, r, where));
                return 0;
            }
            if (map.containsKey("class_name") && map.containsKey("config")) return 1;
            int n = 0;
            for (Object x : map.values()) n += collectKeras3(x, r, out, where);
            return n;
        }
        if (v instanceof List<?> l) {
            int n = 0;
            for (Object x : l) n += collectKeras3(x, r, out, where);
            return n;
        }
        return 1;
    }

    // ---- Keras 1 / Keras 2 / tf.keras ------------------------------------------------------------

    private static NodeSpec parseLegacy(List<Object> node, Resolver r, String where) {
        List<List<Object>> leaves = new ArrayList<>();
        flattenLegacy(node, leaves, where);
        List<TensorRef> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Map<String, List<TensorRef>> tensorKwargs = new LinkedHashMap<>();
        if (isLeaf(node)) kwargs.put(NodeSpec.SINGLE, true);
        for (int i = 0; i < leaves.size(); i++) {
            List<Object> leaf = leaves.get(i);
            if (CONSTANT.equals(leaf.get(0))) {
                kwargs.put("#" + i, leaf.get(2));
            } else {
                args.add(triple(leaf, r, where));
            }
            if (leaf.size() == 4 && leaf.get(3) instanceof Map<?, ?> kw) {
                for (Map.Entry<String, Object> e : Json.asMap(kw).entrySet()) {
                    String key = e.getKey();
                    if (kwargs.containsKey(key) || tensorKwargs.containsKey(key)) continue;
                    Object v = e.getValue();
                    if (v == null && "mask".equals(key)) continue;
                    List<TensorRef> found = new ArrayList<>();
                    int constants = collectLegacy(v, r, found, where);
                    if (!found.isEmpty() && constants > 0) throw mixed(where, "keyword argument '" + key + "'");
                    if (!found.isEmpty()) tensorKwargs.put(key, found);
                    else kwargs.put(key, v);
                }
            } else if (leaf.size() == 4 && leaf.get(3) != null) {
                throw new ModelFormatException(where + ": the 4th element of an inbound node entry should be a kwargs object, found "
                        + Json.describe(leaf.get(3)));
            }
        }
        return new NodeSpec(args, tensorKwargs, kwargs);
    }

    /** A leaf is {@code [name, node_index, tensor_index(, kwargs)]}; dicts flatten in sorted key order, as tf.nest does. */
    private static void flattenLegacy(Object v, List<List<Object>> out, String where) {
        if (v instanceof List<?> l) {
            List<Object> list = Json.asList(l);
            if (isLeaf(list)) {
                out.add(list);
                return;
            }
            for (Object x : list) flattenLegacy(x, out, where);
        } else if (v instanceof Map<?, ?> m) {
            for (Object x : new TreeMap<>(Json.asMap(m)).values()) flattenLegacy(x, out, where);
        } else {
            throw new ModelFormatException(where + ": an inbound node entry should be [layer_name, node_index, tensor_index, kwargs], found "
                    + Json.describe(v));
        }
    }

    private static boolean isLeaf(List<Object> l) {
        return (l.size() == 3 || l.size() == 4) && l.get(0) instanceof String && Json.isInt(l.get(1))
                && (Json.isInt(l.get(2)) || CONSTANT.equals(l.get(0)));
    }

    private static int collectLegacy(Object v, Resolver r, List<TensorRef> out, String where) {
        if (v == null) return 0;
        if (v instanceof List<?> l) {
            List<Object> list = Json.asList(l);
            if (list.size() == 3 && isLeaf(list) && !CONSTANT.equals(list.get(0))) {
                out.add(triple(list, r, where));
                return 0;
            }
            int n = 0;
            for (Object x : list) n += collectLegacy(x, r, out, where);
            return n;
        }
        if (v instanceof Map<?, ?> m) {
            int n = 0;
            for (Object x : Json.asMap(m).values()) n += collectLegacy(x, r, out, where);
            return n;
        }
        return 1;
    }

    // ---- shared ----------------------------------------------------------------------------------

    private static TensorRef triple(Object hist, Resolver r, String where) {
        if (!(hist instanceof List<?> l) || l.size() < 3 || !(l.get(0) instanceof String name) || !Json.isInt(l.get(1)) || !Json.isInt(l.get(2))) {
            throw new ModelFormatException(where + ": a tensor reference should be [layer_name, node_index, tensor_index], found " + Json.describe(hist));
        }
        return r.resolve(name, index(l.get(1), "node index", hist, where), index(l.get(2), "tensor index", hist, where));
    }

    /** A node or tensor index of a reference: a whole number in [0, 2^31); anything else names the reference. */
    static int index(Object v, String kind, Object ref, String where) {
        Integer i = dev.jkeras.layer.Config.asInt(v);
        if (i == null || i < 0) {
            throw new ModelFormatException(where + ": the reference " + Json.write(ref) + " has " + kind + " " + v
                    + ", which is not a valid index (0 to " + Integer.MAX_VALUE + ")");
        }
        return i;
    }

    private static UnsupportedFeatureException mixed(String where, String what) {
        return new UnsupportedFeatureException(where + ": its " + what + " mixes tensors and constant values, which jkeras cannot pass to a layer");
    }
}
