// Keras 3 weights (model.weights.h5 inside .keras, or a standalone .weights.h5): replays Keras's saving walk
// (keras-spec 1.7) to find each layer's group: layers/<snake_case(class)>[_k] numbered per class in
// model.layers order, wrapped layers at <path>/<attribute>, variables at <path>/vars/0..n-1.
package dev.jkeras.load.weights;

import dev.jkeras.error.WeightsException;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WeightSource;
import dev.jkeras.load.config.ParsedLayer;
import dev.jkeras.tensor.Tensor;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Internal: weight scopes for the Keras 3 HDF5 layout (and the tf.keras 2.13-2.15 variants of it). */
public final class Keras3Weights {
    /** How a model's layer list is named in the file. */
    public enum Layout {
        /** Keras 3 and tf.keras 2.15: {@code layers/<snake>[_k]}. */
        KERAS3("layers", false),
        /** tf.keras 2.14: {@code _layer_checkpoint_dependencies/<snake>[_k]}. */
        TF_2_14("_layer_checkpoint_dependencies", false),
        /** tf.keras 2.13: as 2.14, but a layer with weights uses up two suffixes. */
        TF_2_13("_layer_checkpoint_dependencies", true);

        final String container;
        final boolean weightedTakesTwo;

        Layout(String container, boolean weightedTakesTwo) {
            this.container = container;
            this.weightedTakesTwo = weightedTakesTwo;
        }
    }

    /** Recurrent layers whose variables live in their {@code cell} (the layer's own vars are empty). */
    static final Set<String> CELL_LAYERS = Set.of("LSTM", "GRU", "SimpleRNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "RNN");

    /**
     * Layers whose variables live in sublayers, in the order Keras creates them (which is the legacy
     * HDF5 order, so one weight declaration serves both formats). Missing groups are skipped.
     */
    static final Map<String, List<String>> SUBLAYERS = Map.of(
            "MultiHeadAttention", List.of("query_dense", "key_dense", "_gate_dense", "value_dense", "output_dense"),
            "CachedMultiHeadAttention", List.of("query_dense", "key_dense", "_gate_dense", "value_dense", "output_dense"),
            "GroupQueryAttention", List.of("_query_dense", "_key_dense", "_gate_dense", "_value_dense", "_output_dense"),
            "GroupedQueryAttention", List.of("_query_dense", "_key_dense", "_gate_dense", "_value_dense", "_output_dense"));

    /**
     * Wrappers whose own {@code vars} start with this many variables of the wrapped layer tracked a second
     * time (SpectralNormalization keeps {@code self.kernel = self.layer.kernel}); they are skipped.
     */
    static final Map<String, Integer> ALIASED_VARS = Map.of("SpectralNormalization", 1);

    /** Python class names that differ from the config class_name (the path uses the Python name). */
    static final Map<String, String> PATH_CLASS = Map.of("GroupQueryAttention", "GroupedQueryAttention");

    private Keras3Weights() {}

    /** The scope of the top-level model stored in {@code file}. */
    public static WeightScope root(Hdf5 file, Layout layout) {
        return root(file, layout, Map.of());
    }

    /**
     * The scope of the top-level model stored in {@code file}, with the archive's {@code assets/...}
     * members by name: a layer's assets live at {@code assets/<its weights path>/<file>}.
     */
    public static WeightScope root(Hdf5 file, Layout layout, Map<String, byte[]> assets) {
        return new Scope(file, layout, "", null, assets);
    }

    /**
     * Picks the layout of a file: {@code layers/...} when present (Keras 3, tf.keras 2.15+), else the
     * {@code _layer_checkpoint_dependencies/...} numbering of the tf.keras version that wrote it.
     */
    public static Layout detectLayout(Hdf5 file, String kerasVersion) {
        boolean hasLayers = file.child(file.root(), "layers") != null;
        boolean hasDeps = file.child(file.root(), "_layer_checkpoint_dependencies") != null;
        if (hasLayers || !hasDeps) return Layout.KERAS3;
        return kerasVersion != null && kerasVersion.startsWith("2.13") ? Layout.TF_2_13 : Layout.TF_2_14;
    }

    /** Keras's {@code naming.to_snake_case}. */
    public static String snakeCase(String name) {
        String s = name.replaceAll("[^\\p{L}\\p{N}_]+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    static String join(String path, String part) {
        return path.isEmpty() ? part : path + "/" + part;
    }

    /** {@code base}, {@code base_1}, {@code base_2} ... as Keras's {@code _get_unique_name}. */
    static String numbered(String base, int k) {
        return k == 0 ? base : base + "_" + k;
    }

    private static final class Scope implements WeightScope {
        private final Hdf5 file;
        private final Layout layout;
        private final String path;
        private final ParsedLayer layer;
        private final Map<String, byte[]> assets;

        Scope(Hdf5 file, Layout layout, String path, ParsedLayer layer, Map<String, byte[]> assets) {
            this.file = file;
            this.layout = layout;
            this.path = path;
            this.layer = layer;
            this.assets = assets;
        }

        @Override
        public WeightSource source() {
            if (path == null) return WeightSource.NONE;
            return new Source(file, path, layer, assets);
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            if (path == null) return new Scope(file, layout, null, child, assets);
            if (attribute.startsWith("cells/")) return new Scope(file, layout, join(path, "cells/" + cellName(attribute)), child, assets);
            return new Scope(file, layout, join(path, attribute), child, assets);
        }

        /** StackedRNNCells: {@code cells/<snake_case(cell class)>[_k]}, numbered among the cells. */
        private String cellName(String attribute) {
            Map<String, Integer> used = new HashMap<>();
            for (Map.Entry<String, ParsedLayer> e : layer.children.entrySet()) {
                if (!e.getKey().startsWith("cells/")) continue;
                String base = snakeCase(e.getValue().kerasClass);
                int k = used.merge(base, 1, Integer::sum) - 1;
                if (e.getKey().equals(attribute)) return numbered(base, k);
            }
            throw new IllegalStateException("no cell " + attribute + " in " + layer);
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            List<WeightScope> out = new ArrayList<>();
            Map<String, Integer> used = new HashMap<>();
            String container = path == null ? null : join(path, layout.container);
            for (ParsedLayer l : model.graph.layers()) {
                if (container == null || l.isOp() || (model.graph.sequential() && l.isInputLayer())) {
                    out.add(new Scope(file, layout, null, l, assets));
                    continue;
                }
                String base = snakeCase(PATH_CLASS.getOrDefault(l.kerasClass, l.kerasClass));
                int k = used.getOrDefault(base, 0);
                String p = join(container, numbered(base, k));
                used.put(base, k + (layout.weightedTakesTwo && hasDatasets(file, p) ? 2 : 1));
                out.add(new Scope(file, layout, p, l, assets));
            }
            return out;
        }
    }

    private static boolean hasDatasets(Hdf5 file, String path) {
        Node n = file.child(file.root(), path);
        if (n instanceof Dataset) return true;
        if (!(n instanceof Group g)) return false;
        for (String c : file.childNames(g)) if (hasDatasets(file, join(path, c))) return true;
        return false;
    }

    /**
     * Reads {@code <path>/vars/0..n-1}, or {@code <path>/vars/<name>} for layers that store their
     * variables under names (IndexLookup's {@code idf_weights}), or the layer's sublayers' variables
     * when its own are empty; assets come from {@code assets/<path>/}.
     */
    private static final class Source implements WeightSource {
        private final Hdf5 file;
        private final String path;
        private final ParsedLayer layer;
        private final Map<String, byte[]> assets;

        Source(Hdf5 file, String path, ParsedLayer layer, Map<String, byte[]> assets) {
            this.file = file;
            this.path = path;
            this.layer = layer;
            this.assets = assets;
        }

        @Override
        public WeightSource sublayer(String attribute) {
            return new Source(file, join(path, attribute), null, assets);
        }

        @Override
        public byte[] asset(String fileName) {
            byte[] b = assets.get("assets/" + join(path, fileName));
            if (b != null) return b;
            String p = resolve(file, path);
            return p == null ? null : assets.get("assets/" + join(p, fileName));
        }

        /** {@code <p>/vars} without the wrapped layer's variables a wrapper tracks a second time. */
        private List<StoredArray> ownVars(String p) {
            List<StoredArray> own = vars(file, p);
            int aliased = layer == null ? 0 : ALIASED_VARS.getOrDefault(layer.kerasClass, 0);
            return own.size() > aliased ? own.subList(aliased, own.size()) : own;
        }

        @Override
        public List<Tensor> load(LayerSpec spec, List<WeightDecl> decls) {
            String p = resolve(file, path);
            if (decls.isEmpty()) {
                // as Keras's load_own_variables: a layer with no variables must find none in its own vars
                if (p != null) StoredArray.checkCount(spec, decls, ownVars(p), "'" + p + "/vars' in " + file.display());
                return List.of();
            }
            if (p == null) {
                String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                Group pg = file.group(file.root(), parent);
                throw new WeightsException(spec.where() + ": the layer needs " + decls.size() + " weight array(s) "
                        + StoredArray.describe(decls) + ", but " + file.display() + " has no group '" + path + "'"
                        + (pg != null ? " (groups in '" + (parent.isEmpty() ? "/" : parent) + "': " + file.childNames(pg) + ")" : "")
                        + ". The config and the weights file do not belong together.");
            }
            List<StoredArray> own = ownVars(p);
            String location = "'" + p + "/vars' in " + file.display();
            if (own.isEmpty()) own = namedVars(file, p, decls);
            if (!own.isEmpty()) {
                Group vars = file.group(file.root(), p + "/vars");
                String stored = file.stringAttr(vars, "name");
                if (stored != null && !stored.equals(spec.name())) {
                    throw new WeightsException(spec.where() + ": the weights at " + location + " belong to a layer named '" + stored
                            + "', not '" + spec.name() + "'. The weights file was written for a different model (or layer order).");
                }
            } else {
                own = new ArrayList<>();
                collectSublayers(file, p, layer == null ? spec.className().substring(spec.className().indexOf('>') + 1) : layer.kerasClass, layer, own);
                location = "'" + p + "' (variables of its sublayers) in " + file.display();
            }
            return StoredArray.checkAndRead(spec, decls, own, location);
        }
    }

    /** The path itself, or with a leading underscore added/removed on its last segment (Keras 3.0 vs 3.1+ names). */
    static String resolve(Hdf5 file, String path) {
        if (file.group(file.root(), path) != null) return path;
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1);
        String alt = path.substring(0, slash + 1) + (last.startsWith("_") ? last.substring(1) : "_" + last);
        return file.group(file.root(), alt) != null ? alt : null;
    }

    /** The datasets of {@code <path>/vars} in numeric order; empty if there are none. */
    static List<StoredArray> vars(Hdf5 file, String path) {
        Group vars = file.group(file.root(), path + "/vars");
        if (vars == null) return List.of();
        TreeMap<Integer, StoredArray> byIndex = new TreeMap<>();
        for (String name : file.childNames(vars)) {
            if (!name.matches("\\d{1,9}")) continue;
            if (file.child(vars, name) instanceof Dataset ds) byIndex.put(Integer.parseInt(name), new StoredArray(file, ds, path + "/vars/" + name));
        }
        List<StoredArray> out = new ArrayList<>(byIndex.values());
        for (int i = 0; i < out.size(); i++) {
            if (!byIndex.containsKey(i)) {
                throw new WeightsException(file.display() + ": '" + path + "/vars' holds datasets " + byIndex.keySet() + ", expected 0.." + (out.size() - 1));
            }
        }
        return out;
    }

    /** {@code <path>/vars/<declared name>} for every declaration, or empty unless all exist. */
    static List<StoredArray> namedVars(Hdf5 file, String path, List<WeightDecl> decls) {
        Group vars = file.group(file.root(), path + "/vars");
        if (vars == null) return List.of();
        List<StoredArray> out = new ArrayList<>();
        for (WeightDecl d : decls) {
            if (!(file.child(vars, d.name()) instanceof Dataset ds)) return List.of();
            out.add(new StoredArray(file, ds, path + "/vars/" + d.name()));
        }
        return out;
    }

    private static void collectSublayers(Hdf5 file, String path, String cls, ParsedLayer layer, List<StoredArray> out) {
        List<String> subs = new ArrayList<>();
        List<ParsedLayer> subLayers = new ArrayList<>();
        if (layer != null && !layer.children.isEmpty()) {
            Map<String, Integer> used = new HashMap<>();
            for (Map.Entry<String, ParsedLayer> e : layer.children.entrySet()) {
                String attr = e.getKey();
                if (attr.startsWith("cells/")) {
                    String base = snakeCase(e.getValue().kerasClass);
                    attr = "cells/" + numbered(base, used.merge(base, 1, Integer::sum) - 1);
                }
                subs.add(attr);
                subLayers.add(e.getValue());
            }
        } else if (cls != null && SUBLAYERS.containsKey(cls)) {
            for (String s : SUBLAYERS.get(cls)) {
                subs.add(s);
                subLayers.add(null);
            }
        } else if ((cls != null && CELL_LAYERS.contains(cls)) || file.group(file.root(), join(path, "cell")) != null) {
            subs.add("cell");
            subLayers.add(null);
        }
        for (int i = 0; i < subs.size(); i++) {
            String p = resolve(file, join(path, subs.get(i)));
            if (p == null) continue;
            List<StoredArray> own = vars(file, p);
            if (!own.isEmpty()) out.addAll(own);
            else collectSublayers(file, p, subLayers.get(i) == null ? null : subLayers.get(i).kerasClass, subLayers.get(i), out);
        }
    }
}
