package dev.jkeras.graph;

import dev.jkeras.error.InputException;
import dev.jkeras.error.KerasException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.error.WeightsException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerRegistry;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WeightSource;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link GraphSpec} into a runnable {@link Model}: sorts the calls once (errors name cycles
 * and dangling references), builds each layer on its first call with the shapes flowing into it,
 * and lays out the executor's slots. All nested-model node-index rules were applied by the importer.
 */
final class ModelBuilder {
    private ModelBuilder() {}

    /**
     * Builds a top-level model. Every error found while building is a model error: a shape check that
     * raises an {@link InputException} at predict time (mismatched merge inputs, a nested model called
     * with the wrong shape) means, at load time, that the file's graph is inconsistent, so it becomes a
     * {@link ModelFormatException} here, the one place where load-time and predict-time errors part.
     */
    static Model buildTop(LayerSpec spec, LayerRegistry registry) {
        Ctx root = new Ctx(spec, List.of(), registry, null, new int[0], spec.trainable());
        try {
            return build(spec, root);
        } catch (InputException e) {
            throw new ModelFormatException(e.getMessage() + " (found while building the model from its config: the file's graph is "
                    + "inconsistent)", e);
        }
    }

    /**
     * Checks a top-level model the way {@link #buildTop} builds it, recording every layer's problem and
     * carrying on instead of stopping at the first (see {@link Inspection}).
     */
    static Inspection.Result inspectTop(LayerSpec spec, LayerRegistry registry, Inspection inspection) {
        Ctx root = new Ctx(spec, List.of(), registry, null, new int[0], spec.trainable(), null, inspection);
        Model model = null;
        List<String> problems = new ArrayList<>();
        try {
            model = build(spec, root);
        } catch (Inspection.Incomplete e) {
            // its layers' problems are in root.checks
        } catch (KerasException e) {
            problems.add(e.getMessage());
        }
        List<Inspection.LayerCheck> checks = root.checks == null ? List.of() : root.checks;
        if (!problems.isEmpty() || inspection.problemCount() > 0) model = null;
        long params = 0;
        for (Inspection.LayerCheck c : checks) params += Math.max(c.params(), 0);
        return new Inspection.Result(model, checks, problems, params, root.trainableParams);
    }

    /** Builds a nested model inside another model's build. */
    static Model buildNested(LayerSpec spec, BuildContext parent) {
        return build(spec, (Ctx) parent);
    }

    private static Model build(LayerSpec spec, Ctx ctx) {
        if (spec.graph() == null) {
            throw new ModelFormatException(spec.where() + ": a model layer needs a parsed graph, found none");
        }
        if (ctx.recorder == null && spec.weights().needsPlan()) {
            // Legacy HDF5: weights of a nested model can only be split once every leaf has declared its own.
            Recorder rec = new Recorder();
            if (ctx.inspection == null) {
                buildGraph(spec, new Ctx(spec, ctx.inputShapes, ctx.registry, rec, new int[0], spec.trainable()));
                spec.weights().plan(rec.inKerasOrder());
            } else {
                try { // a throwaway check: the real pass below reports the layers' problems
                    buildGraph(spec, new Ctx(spec, ctx.inputShapes, ctx.registry, rec, new int[0], spec.trainable(), null,
                            ctx.inspection.declarationPass()));
                    spec.weights().plan(rec.inKerasOrder());
                } catch (KerasException e) {
                    ctx.note(e.getMessage());
                }
            }
        }
        return buildGraph(spec, ctx);
    }

    /** Collects leaf weight declarations during the declaration pass. */
    static final class Recorder {
        private record Entry(int[] path, WeightSource.Declared declared) {}

        private final List<Entry> entries = new ArrayList<>();

        List<WeightSource.Declared> inKerasOrder() {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort((a, b) -> Arrays.compare(a.path, b.path));
            List<WeightSource.Declared> out = new ArrayList<>();
            for (Entry e : sorted) out.add(e.declared);
            return out;
        }
    }

    /** The build context of one layer: its shapes, its weights, and how to build its children. */
    static final class Ctx implements BuildContext {
        final LayerSpec spec;
        final List<Shape> inputShapes;
        final LayerRegistry registry;
        final Recorder recorder;
        final int[] path;
        final boolean trainable;
        final Ctx parent;
        /** Non-null when checking rather than loading ({@link Inspection}). */
        final Inspection inspection;
        private int children;
        /** Trainable scalar weights declared by this layer and everything built below it. */
        long trainableParams;
        /** All scalar weights declared by this layer and everything built below it. */
        long params;
        /** Inspection: problems found while building this graph layer that did not stop its build (bad weights). */
        List<String> notes;
        /** Inspection: the checks of this model's layers, once its graph was walked. */
        List<Inspection.LayerCheck> checks;
        /** Whether the layer asked for its weights (at most once). */
        private boolean declared;

        boolean declaredWeights() {
            return declared;
        }

        Ctx(LayerSpec spec, List<Shape> inputShapes, LayerRegistry registry, Recorder recorder, int[] path, boolean trainable) {
            this(spec, inputShapes, registry, recorder, path, trainable, null, null);
        }

        Ctx(LayerSpec spec, List<Shape> inputShapes, LayerRegistry registry, Recorder recorder, int[] path, boolean trainable, Ctx parent,
            Inspection inspection) {
            this.parent = parent;
            this.inspection = inspection;
            this.spec = spec;
            this.inputShapes = List.copyOf(inputShapes);
            this.registry = registry;
            this.recorder = recorder;
            this.path = path;
            this.trainable = trainable;
        }

        Ctx child(LayerSpec child, List<Shape> shapes, int order) {
            int[] p = Arrays.copyOf(path, path.length + 1);
            p[path.length] = order;
            return new Ctx(child, shapes, registry, recorder, p, trainable && child.trainable(), this, inspection);
        }

        /** Inspection: records a problem on the nearest enclosing graph layer. */
        void note(String problem) {
            for (Ctx c = this; c != null; c = c.parent) {
                if (c.notes != null) {
                    c.notes.add(problem);
                    if (inspection != null) inspection.counted();
                    return;
                }
            }
        }

        @Override
        public List<Shape> inputShapes() {
            return inputShapes;
        }

        @Override
        public Shape inputShape() {
            if (inputShapes.size() != 1) {
                throw new ModelFormatException(spec.where() + ": the layer is called with " + inputShapes.size() + " input tensors, expected 1");
            }
            return inputShapes.get(0);
        }

        @Override
        public List<Tensor> weights(List<WeightDecl> decls) {
            declared = true;
            long t = 0, n = 0;
            for (WeightDecl d : decls) {
                long size = Inspection.elements(d.shape());
                n += size;
                if (trainable && d.trainable()) t += size;
            }
            for (Ctx c = this; c != null; c = c.parent) {
                c.trainableParams += t;
                c.params += n;
            }
            for (WeightDecl d : decls) if (Inspection.elements(d.shape()) > Integer.MAX_VALUE) d.shape().size(); // refused: past one array
            if (recorder != null) {
                recorder.entries.add(new Recorder.Entry(path, new WeightSource.Declared(spec, List.copyOf(decls), trainable)));
                if (inspection != null) return inspection.zeros(spec, decls);
                List<Tensor> zeros = new ArrayList<>();
                for (WeightDecl d : decls) zeros.add(Tensor.zeros(d.shape()));
                return zeros;
            }
            if (inspection != null) return inspection.weights(this, decls);
            return loadChecked(decls);
        }

        /** The stored weights for {@code decls}, checked against them. */
        List<Tensor> loadChecked(List<WeightDecl> decls) {
            List<Tensor> got = spec.weights().load(spec, decls);
            if (got.size() != decls.size()) {
                throw new WeightsException(spec.where() + ": expected " + decls.size() + " weight arrays, found " + got.size());
            }
            for (int i = 0; i < decls.size(); i++) {
                if (!got.get(i).shape().equals(decls.get(i).shape())) {
                    throw new WeightsException(spec.where() + ": weight '" + decls.get(i).name() + "' should have shape "
                            + decls.get(i).shape() + ", found " + got.get(i).shape());
                }
            }
            return got;
        }

        @Override
        public Layer build(LayerSpec child, List<Shape> shapes) {
            return create(child, child(child, shapes, children++));
        }

        /**
         * Creates the layer; one that never asked for weights declared none, which its source checks
         * against what the file stores for it (a weightless layer holding arrays is a mismatched file).
         */
        Layer create(LayerSpec s, Ctx c) {
            Layer layer = registry.create(s, c);
            if (!c.declared && s.graph() == null && recorder == null) c.weights(List.of());
            return layer;
        }

        @Override
        public WriterInfo writer() {
            return spec.writer();
        }

        @Override
        public LayerSpec spec() {
            return spec;
        }
    }

    record NodeKey(String layer, int call) {}

    private static Model buildGraph(LayerSpec modelSpec, Ctx ctx) {
        GraphSpec g = modelSpec.graph();
        String where = "model '" + modelSpec.name() + "'" + (modelSpec.writer() != null && modelSpec.writer().source() != null
                ? " in " + modelSpec.writer().source() : "");

        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < g.layers().size(); i++) {
            LayerSpec l = g.layers().get(i);
            if (index.putIfAbsent(l.name(), i) != null) {
                throw new ModelFormatException(where + ": two layers are named '" + l.name() + "'; Keras layer names must be unique");
            }
        }

        // All calls, in config order.
        List<NodeKey> keys = new ArrayList<>();
        Map<NodeKey, NodeSpec> specs = new HashMap<>();
        for (LayerSpec l : g.layers()) {
            if (isInput(l)) {
                NodeKey k = new NodeKey(l.name(), 0);
                keys.add(k);
                specs.put(k, NodeSpec.of(List.of()));
                continue;
            }
            List<NodeSpec> calls = g.calls().getOrDefault(l.name(), List.of());
            for (int c = 0; c < calls.size(); c++) {
                NodeKey k = new NodeKey(l.name(), c);
                keys.add(k);
                specs.put(k, calls.get(c));
            }
        }
        for (String name : g.calls().keySet()) {
            if (!index.containsKey(name)) {
                throw new ModelFormatException(where + ": calls are listed for '" + name + "', which is not a layer of the model");
            }
        }

        // Topological sort (Kahn), keeping config order among ready nodes.
        Map<NodeKey, List<NodeKey>> consumers = new HashMap<>();
        Map<NodeKey, Integer> pending = new HashMap<>();
        for (NodeKey k : keys) {
            List<TensorRef> refs = refsOf(specs.get(k));
            int n = 0;
            for (TensorRef r : refs) {
                NodeKey dep = checkRef(r, specs, index, g, where, k);
                consumers.computeIfAbsent(dep, x -> new ArrayList<>()).add(k);
                n++;
            }
            pending.put(k, n);
        }
        List<NodeKey> order = new ArrayList<>();
        ArrayDeque<NodeKey> ready = new ArrayDeque<>();
        for (NodeKey k : keys) if (pending.get(k) == 0) ready.add(k);
        while (!ready.isEmpty()) {
            NodeKey k = ready.poll();
            order.add(k);
            for (NodeKey c : consumers.getOrDefault(k, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) ready.add(c);
            }
        }
        if (order.size() != keys.size()) {
            List<String> stuck = new ArrayList<>();
            for (NodeKey k : keys) if (pending.get(k) > 0) stuck.add(k.layer + "[" + k.call + "]");
            throw new ModelFormatException(where + ": the layer graph has a cycle through " + stuck);
        }

        // Build layers on their first call and infer shapes and dtypes.
        Map<String, Layer> layers = new HashMap<>();
        Map<String, Long> trainableOf = new HashMap<>();
        Map<NodeKey, List<Shape>> shapes = new HashMap<>();
        Map<NodeKey, List<DType>> dtypes = new HashMap<>();
        Map<String, Ctx> ctxOf = new HashMap<>();
        // Inspection: per call whose layer failed or could not be checked, the layers whose failure caused it.
        Map<NodeKey, java.util.Set<String>> blocked = new HashMap<>();
        Map<String, java.util.Set<String>> dependsOn = new LinkedHashMap<>();
        Map<String, List<KerasException>> failures = new LinkedHashMap<>();
        for (NodeKey k : order) {
            LayerSpec ls = g.layers().get(index.get(k.layer));
            if (ctx.inspection != null) {
                java.util.Set<String> causes = new java.util.TreeSet<>();
                for (TensorRef r : refsOf(specs.get(k))) causes.addAll(blocked.getOrDefault(new NodeKey(r.layer(), r.call()), java.util.Set.of()));
                if (!causes.isEmpty()) {
                    blocked.put(k, causes);
                    dependsOn.computeIfAbsent(k.layer, x -> new java.util.TreeSet<>()).addAll(causes);
                    continue;
                }
            }
            try {
                NodeSpec ns = positional(specs.get(k), isInput(ls) ? List.of() : ctx.registry.factory(ls).callArguments());
                specs.put(k, ns);
                List<Shape> in = new ArrayList<>();
                for (TensorRef r : ns.args()) in.add(shapeOf(r, shapes, where));
                Map<String, List<Shape>> kwShapes = new LinkedHashMap<>();
                for (Map.Entry<String, List<TensorRef>> e : ns.tensorKwargs().entrySet()) {
                    List<Shape> ks = new ArrayList<>();
                    for (TensorRef r : e.getValue()) ks.add(shapeOf(r, shapes, where));
                    kwShapes.put(e.getKey(), ks);
                }
                if (isInput(ls) && ctx.inputShapes.size() == g.inputs().size() && indexOfInput(g.inputs(), k) >= 0) {
                    in.add(ctx.inputShapes.get(indexOfInput(g.inputs(), k))); // a nested model's call shape, if it declares none
                }
                Layer layer = layers.get(k.layer);
                if (layer == null) {
                    Ctx lc = ctx.child(ls, in, index.get(k.layer));
                    if (ctx.inspection != null) {
                        lc.notes = new ArrayList<>();
                        ctxOf.put(k.layer, lc);
                    }
                    layer = ctx.create(ls, lc);
                    layers.put(k.layer, layer);
                    trainableOf.put(k.layer, lc.trainableParams);
                }
                try {
                    shapes.put(k, List.copyOf(layer.outputShapes(in, kwShapes, ns.kwargs())));
                } catch (KerasException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new ModelFormatException(ls.where() + ": cannot compute its output shape for inputs " + in + ": " + e.getMessage(), e);
                }
                dtypes.put(k, outputDTypes(ls, layer, ns, shapes.get(k).size(), dtypes, g));
            } catch (KerasException e) {
                if (ctx.inspection == null) throw e;
                shapes.remove(k);
                blocked.put(k, java.util.Set.of(k.layer));
                failures.computeIfAbsent(k.layer, x -> new ArrayList<>()).add(e);
            }
        }
        if (ctx.inspection != null) {
            ctx.checks = Inspection.checks(g, specs, shapes, layers, ctxOf, failures, dependsOn, ctx.inspection);
            if (!failures.isEmpty() || !dependsOn.isEmpty()) throw new Inspection.Incomplete(where, failures.size(), dependsOn.size());
        }

        // Keras keeps one state per stateful layer, shared by all its calls; jkeras keeps one per call.
        for (Map.Entry<String, Layer> e : layers.entrySet()) {
            int calls = g.calls().getOrDefault(e.getKey(), List.of()).size();
            if (calls > 1 && e.getValue().isStateful()) {
                throw new UnsupportedFeatureException(g.layers().get(index.get(e.getKey())).where() + ": a stateful "
                        + "layer (stateful=True) that is called " + calls + " times in one model is not supported: Keras makes "
                        + "each call continue from the state the previous call left. Use a separate layer per call.");
            }
        }

        // Model inputs must be InputLayers.
        List<InputLayer> inputs = new ArrayList<>();
        for (TensorRef r : g.inputs()) {
            Layer l = layers.get(r.layer());
            if (!(l instanceof InputLayer il)) {
                throw new ModelFormatException(where + ": model input " + r + " is not an InputLayer");
            }
            inputs.add(il);
        }
        for (TensorRef r : g.outputs()) {
            checkRef(r, specs, index, g, where, null);
            shapeOf(r, shapes, where);
        }
        for (TensorRef r : g.inputs()) shapeOf(r, shapes, where);

        // Executor plan: only the calls the outputs need, in sorted order.
        java.util.Set<NodeKey> needed = new java.util.HashSet<>();
        ArrayDeque<NodeKey> todo = new ArrayDeque<>();
        for (TensorRef r : g.outputs()) todo.add(new NodeKey(r.layer(), r.call()));
        for (TensorRef r : g.inputs()) todo.add(new NodeKey(r.layer(), r.call()));
        while (!todo.isEmpty()) {
            NodeKey k = todo.poll();
            if (!needed.add(k)) continue;
            for (TensorRef r : refsOf(specs.get(k))) todo.add(new NodeKey(r.layer(), r.call()));
        }
        Map<TensorRef, Integer> slotOf = new LinkedHashMap<>();
        List<NodeKey> planKeys = new ArrayList<>();
        for (NodeKey k : order) {
            if (!needed.contains(k)) continue;
            int nOut = shapes.get(k).size();
            for (int o = 0; o < nOut; o++) {
                slotOf.put(new TensorRef(k.layer, k.call, o), slotOf.size());
            }
            planKeys.add(k);
        }
        List<Model.Step> steps = new ArrayList<>();
        for (int p = 0; p < planKeys.size(); p++) {
            NodeKey k = planKeys.get(p);
            NodeSpec ns = specs.get(k);
            Layer layer = layers.get(k.layer);
            int[] args = slots(ns.args(), slotOf);
            Map<String, int[]> kw = new LinkedHashMap<>();
            ns.tensorKwargs().forEach((name, refs) -> kw.put(name, slots(refs, slotOf)));
            int nOut = shapes.get(k).size();
            int[] outs = new int[nOut];
            for (int o = 0; o < nOut; o++) outs[o] = slotOf.get(new TensorRef(k.layer, k.call, o));
            int inputIndex = layer instanceof InputLayer ? indexOfInput(g.inputs(), k) : -1;
            if (layer instanceof InputLayer && inputIndex < 0) {
                throw new ModelFormatException(where + ": InputLayer '" + k.layer + "' is used but is not one of the model inputs " + g.inputs());
            }
            List<DType> argTypes = new ArrayList<>();
            for (TensorRef r : ns.args()) argTypes.add(dtypeOf(r, dtypes));
            Map<String, List<DType>> kwTypes = kwargDTypes(ns, dtypes);
            steps.add(new Model.Step(layer, args, kw, ns.kwargs(), List.copyOf(argTypes), kwTypes, outs, new int[0], inputIndex));
        }

        int[] outSlots = slots(g.outputs(), slotOf);
        steps = Model.withFreeLists(steps, slotOf.size(), outSlots);
        // a folded layer stands in for the original in the layer list too, so the original weights are not kept
        Folding.Result folded = Folding.fold(steps, slotOf.size(), outSlots);
        steps = folded.steps();
        List<Model.LayerInfo> infos = new ArrayList<>();
        boolean sequential = "Sequential".equals(g.className());
        for (LayerSpec ls : g.layers()) {
            Layer l = layers.get(ls.name());
            if (l == null) continue;
            if (sequential && l instanceof InputLayer) continue;
            infos.add(new Model.LayerInfo(folded.replaced().getOrDefault(l, l), shapes.get(new NodeKey(ls.name(), 0)), l.paramCount(),
                    trainableOf.get(ls.name()), inbound(ls, g, specs)));
        }
        List<Shape> outShapes = new ArrayList<>();
        for (TensorRef r : g.outputs()) outShapes.add(shapeOf(r, shapes, where));
        int[] inSlots = new int[g.inputs().size()];
        for (int i = 0; i < inSlots.length; i++) inSlots[i] = slotOf.get(g.inputs().get(i));
        List<Shape> inShapes = new ArrayList<>();
        List<DType> inTypes = new ArrayList<>();
        for (InputLayer il : inputs) {
            inShapes.add(il.shape());
            inTypes.add(il.dtype());
        }
        List<DType> outTypes = new ArrayList<>();
        for (TensorRef r : g.outputs()) outTypes.add(dtypes.get(new NodeKey(r.layer(), r.call())).get(r.index()));
        Map<String, Model.NodeOutputs> nodeOutputs = new LinkedHashMap<>();
        for (LayerSpec ls : g.layers()) {
            NodeKey k = new NodeKey(ls.name(), 0);
            if (!needed.contains(k)) continue;
            int[] outs = new int[shapes.get(k).size()];
            for (int o = 0; o < outs.length; o++) outs[o] = slotOf.get(new TensorRef(ls.name(), 0, o));
            nodeOutputs.put(ls.name(), new Model.NodeOutputs(outs, shapes.get(k), dtypes.get(k)));
        }
        return new Model(modelSpec, where, steps, slotOf.size(), inSlots, outSlots, g.inputNames(), g.outputNames(), inShapes, outShapes,
                inTypes, outTypes, infos, nodeOutputs);
    }

    /**
     * The output dtypes of one call, from its inputs' ({@link Layer#outputDTypes}). A layer that cannot
     * take a string input, or a string keyword tensor (a mask, an initial state), is a format error
     * naming the layer and the string's source.
     */
    private static List<DType> outputDTypes(LayerSpec ls, Layer layer, NodeSpec ns, int outputCount, Map<NodeKey, List<DType>> dtypes,
                                            GraphSpec g) {
        List<DType> in = new ArrayList<>();
        for (TensorRef r : ns.args()) in.add(dtypeOf(r, dtypes));
        for (Map.Entry<String, List<TensorRef>> e : ns.tensorKwargs().entrySet()) {
            for (TensorRef r : e.getValue()) {
                if (dtypeOf(r, dtypes) == DType.STRING) {
                    throw new ModelFormatException(ls.where() + ": its keyword tensor '" + e.getKey() + "' is a string tensor ("
                            + stringSource(r, g) + "); only numeric tensors can be passed there");
                }
            }
        }
        List<DType> out = layer.outputDTypes(in, kwargDTypes(ns, dtypes), ns.kwargs(), outputCount);
        if (out == null) {
            int i = in.indexOf(DType.STRING);
            throw new ModelFormatException(ls.where() + " cannot take a string tensor, but its input " + i + " is one ("
                    + stringSource(ns.args().get(i), g) + "). Strings can only go into StringLookup, Hashing, HashedCrossing and "
                    + "TextVectorization (or a nested model whose input is declared dtype \"string\").");
        }
        if (out.size() != outputCount) {
            throw new IllegalStateException(layer + " gave " + out.size() + " output dtypes for " + outputCount + " outputs");
        }
        return List.copyOf(out);
    }

    private static Map<String, List<DType>> kwargDTypes(NodeSpec ns, Map<NodeKey, List<DType>> dtypes) {
        if (ns.tensorKwargs().isEmpty()) return Map.of();
        Map<String, List<DType>> kw = new LinkedHashMap<>();
        for (Map.Entry<String, List<TensorRef>> e : ns.tensorKwargs().entrySet()) {
            List<DType> ts = new ArrayList<>();
            for (TensorRef r : e.getValue()) ts.add(dtypeOf(r, dtypes));
            kw.put(e.getKey(), List.copyOf(ts));
        }
        return java.util.Collections.unmodifiableMap(kw);
    }

    private static DType dtypeOf(TensorRef r, Map<NodeKey, List<DType>> dtypes) {
        return dtypes.get(new NodeKey(r.layer(), r.call())).get(r.index());
    }

    private static String stringSource(TensorRef r, GraphSpec g) {
        for (TensorRef in : g.inputs()) {
            if (in.layer().equals(r.layer())) return "the model input '" + r.layer() + "', declared dtype \"string\"";
        }
        return "the string output of layer '" + r.layer() + "'";
    }

    /** Moves keyword tensors named by a layer's {@link dev.jkeras.layer.LayerFactory#callArguments()} into the positional inputs. */
    private static NodeSpec positional(NodeSpec ns, List<String> names) {
        if (names.size() <= ns.args().size()) return ns;
        List<TensorRef> args = new ArrayList<>(ns.args());
        Map<String, List<TensorRef>> kw = new LinkedHashMap<>(ns.tensorKwargs());
        for (int i = args.size(); i < names.size(); i++) {
            List<TensorRef> t = kw.get(names.get(i));
            if (t == null || t.size() != 1) break;
            args.add(t.get(0));
            kw.remove(names.get(i));
        }
        return args.size() == ns.args().size() ? ns : new NodeSpec(args, kw, ns.kwargs());
    }

    private static int indexOfInput(List<TensorRef> inputs, NodeKey k) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).layer().equals(k.layer)) return i;
        }
        return -1;
    }

    private static boolean isInput(LayerSpec l) {
        return "InputLayer".equals(l.className());
    }

    /** Per call of {@code ls} in this graph, the tensors it takes (Keras's summary "Connected to"). */
    static List<List<TensorRef>> inbound(LayerSpec ls, GraphSpec g, Map<NodeKey, NodeSpec> specs) {
        List<List<TensorRef>> out = new ArrayList<>();
        int calls = isInput(ls) ? 1 : g.calls().getOrDefault(ls.name(), List.of()).size();
        for (int c = 0; c < calls; c++) {
            NodeSpec ns = specs.get(new NodeKey(ls.name(), c));
            out.add(ns == null ? List.of() : List.copyOf(refsOf(ns)));
        }
        return List.copyOf(out);
    }

    private static List<TensorRef> refsOf(NodeSpec ns) {
        List<TensorRef> all = new ArrayList<>(ns.args());
        for (List<TensorRef> v : ns.tensorKwargs().values()) all.addAll(v);
        return all;
    }

    private static int[] slots(List<TensorRef> refs, Map<TensorRef, Integer> slotOf) {
        int[] s = new int[refs.size()];
        for (int i = 0; i < s.length; i++) s[i] = slotOf.get(refs.get(i));
        return s;
    }

    private static Shape shapeOf(TensorRef r, Map<NodeKey, List<Shape>> shapes, String where) {
        List<Shape> s = shapes.get(new NodeKey(r.layer(), r.call()));
        if (s == null || r.index() < 0 || r.index() >= s.size()) {
            throw new ModelFormatException(where + ": reference " + r + " names output " + r.index() + " of a call that has "
                    + (s == null ? "no computed outputs" : s.size() + " outputs"));
        }
        return s.get(r.index());
    }

    private static NodeKey checkRef(TensorRef r, Map<NodeKey, NodeSpec> specs, Map<String, Integer> index, GraphSpec g, String where, NodeKey user) {
        String who = user == null ? "model outputs" : "call " + user.call + " of layer '" + user.layer + "'";
        if (!index.containsKey(r.layer())) {
            throw new ModelFormatException(where + ": " + who + " refers to layer '" + r.layer() + "', which does not exist");
        }
        NodeKey k = new NodeKey(r.layer(), r.call());
        if (!specs.containsKey(k)) {
            int n = isInput(g.layers().get(index.get(r.layer()))) ? 1 : g.calls().getOrDefault(r.layer(), List.of()).size();
            throw new ModelFormatException(where + ": " + who + " refers to call " + r.call() + " of layer '" + r.layer()
                    + "', which has only " + n + " call(s) in this model");
        }
        return k;
    }
}
