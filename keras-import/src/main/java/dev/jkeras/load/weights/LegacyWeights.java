// Legacy HDF5 weights (model.save("x.h5") / save_weights("x.h5"), Keras 1, 2, tf.keras and Keras 3's legacy
// writer): one group per top-level layer listed in layer_names, arrays in weight_names order. A nested model's
// group holds all its leaves' weights, trainable ones first (keras-spec 2.5), split by a plan once the leaves
// have declared their weights.
package dev.jkeras.load.weights;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.WeightsException;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WeightSource;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.load.config.ParsedLayer;
import dev.jkeras.tensor.Tensor;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Internal: weight scopes for the legacy HDF5 layout. */
public final class LegacyWeights {
    private LegacyWeights() {}

    /**
     * The scope of the top-level model whose layer groups are children of {@code group} (the
     * {@code model_weights} group of a full model, or the root of a weights-only file).
     *
     * @param writer the Keras that wrote the weights (decides conversions; version "1" if unrecorded)
     */
    public static WeightScope root(Hdf5 file, Group group, WriterInfo writer) {
        List<String> names = file.stringListAttr(group, "layer_names");
        if (names == null) {
            throw new ModelFormatException(file.display() + ": group '" + group.getPath() + "' has no 'layer_names' attribute, so it is not a Keras weights group");
        }
        return new Root(new Ctx(file, group, writer, names));
    }

    /** What every scope of one file shares. */
    private record Ctx(Hdf5 file, Group group, WriterInfo writer, List<String> layerNames) {
        String groupPath(String layer) {
            String base = group.getPath().replaceAll("^/+|/+$", "");
            return base.isEmpty() ? layer : base + "/" + layer;
        }

        List<String> namesWithWeights() {
            List<String> out = new ArrayList<>();
            for (String n : layerNames) {
                if (file.child(group, n) instanceof Group g) {
                    List<String> w = file.stringListAttr(g, "weight_names");
                    if (w != null && !w.isEmpty()) out.add(n);
                }
            }
            return out;
        }
    }

    private static final class Root implements WeightScope {
        private final Ctx ctx;

        Root(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public WeightSource source() {
            return (spec, decls) -> none(spec, decls);
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            return new Missing(ctx, child, List.of());
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            List<String> modelNames = new ArrayList<>();
            for (ParsedLayer l : model.graph.layers()) modelNames.add(l.name);
            List<WeightScope> out = new ArrayList<>();
            Set<String> listed = new LinkedHashSet<>(ctx.layerNames);
            for (ParsedLayer l : model.graph.layers()) {
                Node n = listed.contains(l.name) ? ctx.file.child(ctx.group, l.name) : null;
                if (n instanceof Group g) out.add(new InGroup(ctx, l, arrays(ctx, g, ctx.groupPath(l.name)), ctx.groupPath(l.name)));
                else out.add(new Missing(ctx, l, modelNames));
            }
            return out;
        }
    }

    private static List<Tensor> none(LayerSpec spec, List<WeightDecl> decls) {
        if (decls.isEmpty()) return List.of();
        throw new IllegalStateException(spec.where() + " declared weights, but models own no weights of their own");
    }

    /** The arrays of one layer group, in weight_names order (names are relative paths and may contain '/'). */
    private static List<StoredArray> arrays(Ctx ctx, Group g, String path) {
        List<String> names = ctx.file.stringListAttr(g, "weight_names");
        List<StoredArray> out = new ArrayList<>();
        if (names == null) return out;
        for (String n : names) {
            Node node = ctx.file.child(g, n);
            if (!(node instanceof Dataset ds)) {
                throw new ModelFormatException(ctx.file.display() + ": group '" + path + "' lists weight '" + n + "' in weight_names, but "
                        + (node == null ? "there is no such dataset" : "it is not a dataset") + ". The file is damaged.");
            }
            out.add(new StoredArray(ctx.file, ds, path + "/" + n));
        }
        return out;
    }

    /** A layer with no group in the file: fine if it has no weights. */
    private static final class Missing implements WeightScope {
        private final Ctx ctx;
        private final ParsedLayer layer;
        private final List<String> modelNames;

        Missing(Ctx ctx, ParsedLayer layer, List<String> modelNames) {
            this.ctx = ctx;
            this.layer = layer;
            this.modelNames = modelNames;
        }

        @Override
        public WeightSource source() {
            return (spec, decls) -> {
                if (decls.isEmpty()) return List.of();
                throw new WeightsException(spec.where() + ": the layer needs " + decls.size() + " weight array(s) " + StoredArray.describe(decls)
                        + ", but " + ctx.file.display() + " has no group named '" + layer.name + "'. The file holds weights for layers "
                        + ctx.namesWithWeights() + (modelNames.isEmpty() ? "" : "; the model's layers are " + modelNames)
                        + ". The config and the weights file do not belong together.");
            };
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            return new Missing(ctx, child, modelNames);
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            List<WeightScope> out = new ArrayList<>();
            for (ParsedLayer l : model.graph.layers()) out.add(new Missing(ctx, l, modelNames));
            return out;
        }
    }

    /**
     * Wrappers with weights of their own, listed in the group after the wrapped layer's arrays: how many
     * (SpectralNormalization's vector_u).
     */
    private static final Map<String, Integer> WRAPPER_OWN_ARRAYS = Map.of("SpectralNormalization", 1);

    /** A layer (or a layer wrapped by it) whose weights are a given list of arrays from one group. */
    private static final class InGroup implements WeightScope {
        private final Ctx ctx;
        private final ParsedLayer layer;
        private final List<StoredArray> arrays;
        private final String path;
        private final Plan plan;
        private final int[] cursor = {0};

        InGroup(Ctx ctx, ParsedLayer layer, List<StoredArray> arrays, String path) {
            this.ctx = ctx;
            this.layer = layer;
            this.arrays = arrays;
            this.path = path;
            this.plan = layer.graph != null ? new Plan(ctx, layer, arrays, path) : null;
        }

        /** Arrays of the wrapper itself, after the wrapped layer's (none for most layers). */
        private int ownTail() {
            return Math.min(arrays.size(), WRAPPER_OWN_ARRAYS.getOrDefault(layer.kerasClass, 0));
        }

        @Override
        public WeightSource source() {
            if (plan != null) return plan;
            // a wrapper's group holds its wrapped layers' arrays, then its own (if any)
            List<StoredArray> own = layer.children.isEmpty() ? arrays : arrays.subList(arrays.size() - ownTail(), arrays.size());
            return (spec, decls) -> {
                int cellArrays = arrays.size() - ownTail();
                if (cursor[0] > 0 && cursor[0] != cellArrays) {
                    // stacked cells took theirs in order: anything left over belongs to no cell
                    throw new WeightsException(spec.where() + ": its cells need " + cursor[0] + " weight array(s), but group '" + path
                            + "' of " + ctx.file.display() + " holds " + cellArrays + " " + StoredArray.describeStored(arrays.subList(0, cellArrays))
                            + ". The config and the weights file do not belong together.");
                }
                return loadArrays(ctx, spec, decls, own, "group '" + path + "' of " + ctx.file.display());
            };
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            int half = arrays.size() / 2;
            return switch (attribute) {
                case "forward_layer" -> new InGroup(ctx, child, arrays.subList(0, half), path + " (forward half)");
                case "backward_layer" -> new InGroup(ctx, child, arrays.subList(half, arrays.size()), path + " (backward half)");
                default -> attribute.startsWith("cells/") ? new Cells(ctx, child, arrays, cursor, path)
                        : new InGroup(ctx, child, arrays.subList(0, arrays.size() - ownTail()), path);
            };
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            List<WeightScope> out = new ArrayList<>();
            for (ParsedLayer l : model.graph.layers()) out.add(new Planned(ctx, plan));
            return out;
        }
    }

    /** Stacked RNN cells in one group: each cell takes the next arrays, in build order. */
    private static final class Cells implements WeightScope {
        private final Ctx ctx;
        private final ParsedLayer layer;
        private final List<StoredArray> arrays;
        private final int[] cursor;
        private final String path;

        Cells(Ctx ctx, ParsedLayer layer, List<StoredArray> arrays, int[] cursor, String path) {
            this.ctx = ctx;
            this.layer = layer;
            this.arrays = arrays;
            this.cursor = cursor;
            this.path = path;
        }

        @Override
        public WeightSource source() {
            return (spec, decls) -> {
                int from = Math.min(cursor[0], arrays.size());
                int to = Math.min(from + decls.size(), arrays.size());
                cursor[0] = to;
                return loadArrays(ctx, spec, decls, arrays.subList(from, to), "group '" + path + "' (arrays " + from + ".." + (to - 1) + ") of " + ctx.file.display());
            };
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            return new InGroup(ctx, child, List.of(), path);
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            return new InGroup(ctx, layer, List.of(), path).layers(model);
        }
    }

    /** Any layer below a planned nested model: its arrays come from the plan. */
    private static final class Planned implements WeightScope {
        private final Ctx ctx;
        private final Plan plan;

        Planned(Ctx ctx, Plan plan) {
            this.ctx = ctx;
            this.plan = plan;
        }

        @Override
        public WeightSource source() {
            return plan.leafSource();
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            return this;
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            List<WeightScope> out = new ArrayList<>();
            for (ParsedLayer l : model.graph.layers()) out.add(this);
            return out;
        }
    }

    /**
     * A nested model's group: [trainable arrays of all leaves] + [non-trainable arrays of all leaves],
     * where a frozen leaf puts all its arrays in the second part. Assigned to leaves once the builder
     * reports every leaf's declarations; leaves are identified by their (unique) Config object.
     */
    private static final class Plan implements WeightSource {
        private final Ctx ctx;
        private final ParsedLayer model;
        private final List<StoredArray> arrays;
        private final String path;
        private Map<Config, List<StoredArray>> assigned;

        Plan(Ctx ctx, ParsedLayer model, List<StoredArray> arrays, String path) {
            this.ctx = ctx;
            this.model = model;
            this.arrays = arrays;
            this.path = path;
        }

        @Override
        public boolean needsPlan() {
            return true;
        }

        @Override
        public List<Tensor> load(LayerSpec spec, List<WeightDecl> decls) {
            return none(spec, decls);
        }

        @Override
        public synchronized void plan(List<Declared> declared) {
            int trainable = 0, total = 0;
            List<String> wanted = new ArrayList<>();
            for (Declared d : declared) {
                for (WeightDecl w : d.decls()) {
                    total++;
                    if (d.trainable() && w.trainable()) trainable++;
                    wanted.add(d.layer().name() + "/" + w.name() + " " + w.shape());
                }
            }
            if (total != arrays.size()) {
                throw new WeightsException("model '" + model.name + "' (" + model.specClass + ") in " + ctx.file.display() + ": its layers need "
                        + total + " weight arrays " + wanted + ", but group '" + path + "' holds " + arrays.size() + " "
                        + StoredArray.describeStored(arrays) + ". The config and the weights file do not belong together.");
            }
            Map<Config, List<StoredArray>> out = new IdentityHashMap<>();
            int t = 0, n = trainable;
            for (Declared d : declared) {
                List<StoredArray> mine = new ArrayList<>();
                for (WeightDecl w : d.decls()) mine.add(d.trainable() && w.trainable() ? arrays.get(t++) : arrays.get(n++));
                out.computeIfAbsent(d.layer().config(), k -> new ArrayList<>()).addAll(mine);
            }
            assigned = out;
        }

        WeightSource leafSource() {
            return (spec, decls) -> {
                Map<Config, List<StoredArray>> a;
                synchronized (this) {
                    a = assigned;
                }
                if (a == null) {
                    if (decls.isEmpty()) return List.of();
                    throw new IllegalStateException(spec.where() + ": weights requested before nested model '" + model.name + "' was planned");
                }
                List<StoredArray> mine = a.get(spec.config());
                if (mine == null) {
                    if (decls.isEmpty()) return List.of();
                    throw new IllegalStateException(spec.where() + ": declared weights in the build but not in the declaration pass");
                }
                return loadArrays(ctx, spec, decls, mine, "group '" + path + "' of " + ctx.file.display() + " (its share of nested model '" + model.name + "')");
            };
        }
    }

    /** Converts (by writer version) and checks one layer's arrays, then reads them. */
    private static List<Tensor> loadArrays(Ctx ctx, LayerSpec spec, List<WeightDecl> decls, List<StoredArray> found, String location) {
        if (decls.isEmpty()) {
            StoredArray.checkCount(spec, decls, found, location);
            return List.of();
        }
        if (!LegacyConversions.needed(ctx.writer)) return StoredArray.checkAndRead(spec, decls, found, location);
        // conversions keep the number of values, so a size mismatch is an error before anything is read
        long have = StoredArray.totalSize(found), want = StoredArray.declaredSize(decls);
        if (have != want) {
            throw new WeightsException(spec.where() + ": the layer needs " + decls.size() + " weight array(s) " + StoredArray.describe(decls)
                    + " (" + want + " values), but " + location + " holds " + found.size() + " " + StoredArray.describeStored(found)
                    + " (" + have + " values). The config and the weights file do not belong together.");
        }
        List<Tensor> raw = new ArrayList<>();
        for (StoredArray a : found) raw.add(a.read());
        List<Tensor> converted = LegacyConversions.convert(spec, raw, decls, ctx.writer);
        StoredArray.checkTensors(spec, decls, converted, location + " (after converting from Keras " + ctx.writer.kerasVersion()
                + (ctx.writer.backend() != null ? ", " + ctx.writer.backend() : "") + ")");
        return converted;
    }
}
