package dev.jkeras.graph;

import dev.jkeras.error.KerasException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.LayerRegistry;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a model spec the way {@link Model#build} builds it, layer by layer, but records every layer's
 * problem and carries on instead of stopping at the first: a layer class jkeras does not have, an option
 * it refuses, a malformed config, stored weights that do not fit. A layer whose input comes from a failed
 * layer cannot be checked (its input shape is unknown) and is reported as depending on it; independent
 * branches are all checked. Nothing is run.
 *
 * <p>Without weights (a config alone, or a file whose weights are absent) layers are built with zero
 * weights, at most {@code maxZeroElements} of them in all (weights of one shape are shared), so memory
 * stays bounded whatever the config declares; a layer beyond that is reported as not checked, its
 * parameter count still taken from its declarations.
 */
public final class Inspection {
    /** Default bound on the zero-filled weight elements a check without weights allocates (2^25: 128 MiB of float32). */
    public static final long DEFAULT_MAX_ZERO_ELEMENTS = 1L << 25;

    /** What the check found for one layer. */
    public enum Status {
        /** jkeras builds the layer from its config and weights. */
        OK,
        /** The layer class, or an option or value in its config, is not supported. */
        UNSUPPORTED,
        /** The config or the stored weights are malformed or do not fit the layer. */
        INVALID,
        /** The layer could not be checked: its input comes from a failed layer, or it is too large to build without weights. */
        NOT_CHECKED
    }

    /**
     * One layer of a model, in Keras's {@code model.layers} order.
     *
     * @param name            the layer name
     * @param className       its Keras class name
     * @param status          what the check found
     * @param problems        why, one message per problem (empty when {@link Status#OK})
     * @param outputShapes    the output shapes of its first call, null when unknown
     * @param params          its parameters as Keras counts them (a nested model: all of its layers'); for a layer that
 *                        failed, those it declared before failing; -1 when unknown
     * @param trainableParams how many of them Keras counts as trainable
     * @param inbound         per call of the layer in this model, the tensors it takes ("Connected to")
     * @param layers          a nested model's own layers, else empty
     */
    public record LayerCheck(String name, String className, Status status, List<String> problems, List<Shape> outputShapes,
                             long params, long trainableParams, List<List<TensorRef>> inbound, List<LayerCheck> layers) {
        public LayerCheck {
            problems = List.copyOf(problems);
            outputShapes = outputShapes == null ? null : List.copyOf(outputShapes);
            inbound = List.copyOf(inbound);
            layers = List.copyOf(layers);
        }
    }

    /**
     * The outcome of a check.
     *
     * @param model           the built model when nothing failed (with zero weights where there were none), else null
     * @param layers          every top-level layer (nested models carry theirs)
     * @param problems        problems of the model as a whole (its graph, its limits), not of one layer
     * @param params          the sum of the top-level layers' known {@link LayerCheck#params}
     * @param trainableParams how many of them Keras counts as trainable
     */
    public record Result(Model model, List<LayerCheck> layers, List<String> problems, long params, long trainableParams) {
        public Result {
            layers = List.copyOf(layers);
            problems = List.copyOf(problems);
        }

        /** True when the model and every layer, nested ones included, passed. */
        public boolean ok() {
            return problems.isEmpty() && allOk(layers);
        }

        private static boolean allOk(List<LayerCheck> l) {
            for (LayerCheck c : l) if (c.status() != Status.OK || !allOk(c.layers())) return false;
            return true;
        }
    }

    /** A model whose layers did not all build; its layers' checks say why. */
    static final class Incomplete extends KerasException {
        Incomplete(String where, int failed, int blocked) {
            super(where + ": " + failed + " of its layers failed" + (blocked > 0 ? " and " + blocked + " could not be checked" : ""));
        }
    }

    /** A layer not built because its zero weights would pass the bound of a check without weights. */
    static final class TooLarge extends KerasException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** Zero weights shared by one check (its declaration pass included). */
    private static final class Zeros {
        final long max;
        final Map<Shape, Tensor> byShape = new HashMap<>();
        long used;

        Zeros(long max) {
            this.max = max;
        }
    }

    private final boolean loadWeights;
    private final Zeros zeros;
    private int problemCount;

    private Inspection(boolean loadWeights, Zeros zeros) {
        this.loadWeights = loadWeights;
        this.zeros = zeros;
    }

    /**
     * Checks a top-level Functional/Sequential spec.
     *
     * @param loadWeights     read each layer's weights from the spec's sources (a problem is recorded and the
     *                        layer built with zeros instead); false to check the structure alone
     * @param maxZeroElements most zero-filled weight elements to allocate in all
     */
    public static Result check(LayerSpec spec, LayerRegistry registry, boolean loadWeights, long maxZeroElements) {
        if (maxZeroElements < 0) throw new IllegalArgumentException("maxZeroElements must be >= 0, found " + maxZeroElements);
        return ModelBuilder.inspectTop(spec, registry, new Inspection(loadWeights, new Zeros(maxZeroElements)));
    }

    /** How many elements a weight of this shape holds, saturating at {@code Long.MAX_VALUE}. */
    static long elements(Shape s) {
        long n = 1;
        for (int d : s.dims()) {
            long v = Math.max(d, 0);
            n = v != 0 && n > Long.MAX_VALUE / v ? Long.MAX_VALUE : n * v;
        }
        return n;
    }

    int problemCount() {
        return problemCount;
    }

    void counted() {
        problemCount++;
    }

    /** The check of a legacy nested model's declaration pass: structure only, sharing this check's zeros. */
    Inspection declarationPass() {
        return new Inspection(false, zeros);
    }

    /** A layer's weights: the stored ones when they fit (a problem is noted otherwise), else zeros. */
    List<Tensor> weights(ModelBuilder.Ctx ctx, List<WeightDecl> decls) {
        if (loadWeights) {
            try {
                return ctx.loadChecked(decls);
            } catch (KerasException e) {
                ctx.note(e.getMessage());
            }
        }
        return zeros(ctx.spec, decls);
    }

    /** Zero weights for {@code decls}, or {@link TooLarge} past the bound. */
    List<Tensor> zeros(LayerSpec spec, List<WeightDecl> decls) {
        long need = 0, declared = 0;
        for (WeightDecl d : decls) {
            long n = elements(d.shape());
            declared = n > Long.MAX_VALUE - declared ? Long.MAX_VALUE : declared + n;
            if (!zeros.byShape.containsKey(d.shape())) need = n > Long.MAX_VALUE - need ? Long.MAX_VALUE : need + n;
        }
        if (need > zeros.max - zeros.used) {
            throw new TooLarge(spec.where() + ": declares " + declared + " parameters; without the file's weights jkeras builds at most "
                    + zeros.max + " zero-filled parameters in all, so this layer was not built (its parameters are counted from the config)");
        }
        List<Tensor> out = new ArrayList<>();
        for (WeightDecl d : decls) {
            out.add(zeros.byShape.computeIfAbsent(d.shape(), s -> {
                zeros.used += elements(s);
                return Tensor.zeros(s);
            }));
        }
        return out;
    }

    /** The checks of one graph's layers once the builder walked it (see ModelBuilder.buildGraph). */
    static List<LayerCheck> checks(GraphSpec g, Map<ModelBuilder.NodeKey, NodeSpec> specs, Map<ModelBuilder.NodeKey, List<Shape>> shapes,
                                   Map<String, dev.jkeras.layer.Layer> built, Map<String, ModelBuilder.Ctx> ctxOf, Map<String, List<KerasException>> failures,
                                   Map<String, Set<String>> dependsOn, Inspection ins) {
        List<LayerCheck> out = new ArrayList<>();
        boolean sequential = "Sequential".equals(g.className());
        for (LayerSpec ls : g.layers()) {
            boolean input = "InputLayer".equals(ls.className());
            if (sequential && input) continue;
            ModelBuilder.Ctx lc = ctxOf.get(ls.name());
            Set<String> problems = new LinkedHashSet<>();
            Status status = Status.OK;
            for (KerasException e : failures.getOrDefault(ls.name(), List.of())) {
                Status s = e instanceof Incomplete ? worst(lc == null || lc.checks == null ? List.of() : lc.checks)
                        : e instanceof TooLarge ? Status.NOT_CHECKED
                        : e instanceof UnsupportedFeatureException ? Status.UNSUPPORTED : Status.INVALID;
                status = worse(status, s);
                problems.add(local(e.getMessage(), ls));
            }
            if (lc != null && !lc.notes.isEmpty()) {
                status = worse(status, Status.INVALID);
                for (String n : lc.notes) problems.add(local(n, ls));
            }
            Set<String> causes = dependsOn.get(ls.name());
            if (causes != null) {
                status = worse(status, Status.NOT_CHECKED);
                problems.add("not checked: its input comes from " + quoted(causes) + ", which failed");
            }
            if (!failures.containsKey(ls.name()) && causes != null) ins.counted();
            if (failures.containsKey(ls.name())) ins.counted();
            // a built layer counts as Keras does (paramCount); one that failed, what it declared before failing
            dev.jkeras.layer.Layer layer = failures.containsKey(ls.name()) ? null : built.get(ls.name());
            long params = layer != null ? layer.paramCount() : lc != null && (lc.declaredWeights() || lc.params > 0) ? lc.params : input ? 0 : -1;
            out.add(new LayerCheck(ls.name(), ls.className(), status, new ArrayList<>(problems),
                    shapes.get(new ModelBuilder.NodeKey(ls.name(), 0)), params, lc == null ? 0 : lc.trainableParams,
                    ModelBuilder.inbound(ls, g, specs), lc == null || lc.checks == null ? List.of() : lc.checks));
        }
        return out;
    }

    private static Status worst(List<LayerCheck> l) {
        Status s = Status.OK;
        for (LayerCheck c : l) s = worse(s, c.status() == Status.NOT_CHECKED ? Status.NOT_CHECKED : c.status());
        return s == Status.OK ? Status.INVALID : s;
    }

    /** Severity order: UNSUPPORTED, INVALID, NOT_CHECKED, OK. */
    private static Status worse(Status a, Status b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(Status s) {
        return switch (s) {
            case OK -> 0;
            case NOT_CHECKED -> 1;
            case INVALID -> 2;
            case UNSUPPORTED -> 3;
        };
    }

    /** A message without the leading "layer 'x' (Class) in file: " that the report already shows. */
    private static String local(String message, LayerSpec ls) {
        String prefix = ls.where() + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }

    private static String quoted(Set<String> names) {
        List<String> q = new ArrayList<>();
        for (String n : names) q.add("'" + n + "'");
        return String.join(", ", q);
    }
}
