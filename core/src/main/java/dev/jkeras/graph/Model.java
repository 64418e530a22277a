package dev.jkeras.graph;

import dev.jkeras.error.InputException;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.IntMath;
import dev.jkeras.kernel.Parallel;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.CallState;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerRegistry;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded Keras model (Functional or Sequential), ready to run. A Model is itself a {@link Layer},
 * so nested models are layers of their parent. Immutable and safe to share between threads: every
 * call runs a flat loop over its own slot array.
 */
public final class Model extends Layer {
    /**
     * One entry of {@link #layers()}: a layer, the output shapes of its first call, its parameter count,
     * how many of those parameters Keras counts as trainable (frozen layers and moving statistics are not),
     * and per call of the layer in this model the tensors it takes (Keras's summary column "Connected to";
     * an InputLayer has one call taking none).
     */
    public record LayerInfo(Layer layer, List<Shape> outputShapes, long params, long trainableParams, List<List<TensorRef>> inbound) {
        public LayerInfo {
            inbound = inbound == null ? List.of() : List.copyOf(inbound);
        }

        /** An entry without connection information. */
        public LayerInfo(Layer layer, List<Shape> outputShapes, long params, long trainableParams) {
            this(layer, outputShapes, params, trainableParams, List.of());
        }
    }

    /** One call of a layer in execution order; slots index the per-run value arrays; the dtypes of its tensors. */
    record Step(Layer layer, int[] args, Map<String, int[]> tensorKwargs, Map<String, Object> kwargs,
                List<DType> argTypes, Map<String, List<DType>> kwTypes, int[] outs, int[] freeAfter, int inputIndex) {}

    private final String where;
    private final WriterInfo writer;
    private final List<Step> steps;
    private final int slotCount;
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final List<Shape> inputShapes;
    private final List<Shape> outputShapes;
    private final List<DType> inputDTypes;
    private final List<DType> outputDTypes;
    private final List<LayerInfo> layers;
    private final long params;
    /** Per slot: its producer's outputs are fresh arrays ({@link Layer#freshOutputs()}). */
    private final boolean[] fresh;
    private final long trainableParams;
    /** Most elements any one tensor of a call may hold ({@link #withMaxTensorElements}). */
    private final long maxTensorElements;
    /** The largest intermediate per sample, found by shape inference over the declared input shapes. */
    private final TensorSizes perSample;
    /** Per distinct input shape list: the largest intermediate of a call (models with free non-batch dimensions only). */
    private final java.util.concurrent.ConcurrentHashMap<List<Shape>, TensorSizes> sizesByShape = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per top-level layer name: the slots, shapes and dtypes of its first call's outputs, where the plan computes that call. */
    private final Map<String, NodeOutputs> nodeOutputs;
    /** Most threads one call uses ({@link #withThreads}); 0: as many as {@link Parallel#threads()}. */
    private final int threads;

    /** The outputs of a layer's first call: where the executor keeps them and what they are. */
    record NodeOutputs(int[] slots, List<Shape> shapes, List<DType> dtypes) {}

    Model(LayerSpec spec, String where, List<Step> steps, int slotCount, int[] inputSlots, int[] outputSlots,
          List<String> inputNames, List<String> outputNames, List<Shape> inputShapes, List<Shape> outputShapes,
          List<DType> inputDTypes, List<DType> outputDTypes, List<LayerInfo> layers, Map<String, NodeOutputs> nodeOutputs) {
        super(spec);
        this.where = where;
        this.writer = spec.writer();
        this.nodeOutputs = Map.copyOf(nodeOutputs);
        this.threads = 0;
        this.steps = List.copyOf(steps);
        this.fresh = new boolean[slotCount];
        for (Step st : steps) if (st.inputIndex < 0 && st.layer.freshOutputs()) for (int o : st.outs) fresh[o] = true;
        this.slotCount = slotCount;
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
        this.inputNames = List.copyOf(inputNames);
        this.outputNames = List.copyOf(outputNames);
        this.inputShapes = List.copyOf(inputShapes);
        this.outputShapes = List.copyOf(outputShapes);
        this.inputDTypes = List.copyOf(inputDTypes);
        this.outputDTypes = List.copyOf(outputDTypes);
        this.layers = List.copyOf(layers);
        Map<Layer, Boolean> seen = new IdentityHashMap<>();
        long n = 0, t = 0;
        for (LayerInfo li : layers) {
            if (seen.put(li.layer(), true) == null) {
                n += li.layer().paramCount();
                t += li.trainableParams();
            }
        }
        this.params = n;
        this.trainableParams = t;
        this.maxTensorElements = DEFAULT_MAX_TENSOR_ELEMENTS;
        this.perSample = scan(inputShapes, 1);
        checkPerSample(perSample, maxTensorElements);
    }

    /**
     * A view of {@code m}: the same layers and inputs, {@code steps} computing the outputs in {@code outputSlots}, and
     * its own tensor element limit and thread count.
     */
    private Model(Model m, List<Step> steps, int[] outputSlots, List<String> outputNames, List<Shape> outputShapes, List<DType> outputDTypes,
                  long maxTensorElements, int threads) {
        super(m.name(), m.className());
        this.where = m.where;
        this.writer = m.writer;
        this.steps = steps == m.steps ? steps : List.copyOf(steps);
        this.fresh = steps == m.steps ? m.fresh : new boolean[m.slotCount];
        if (steps != m.steps) for (Step st : steps) if (st.inputIndex < 0 && st.layer.freshOutputs()) for (int o : st.outs) fresh[o] = true;
        this.slotCount = m.slotCount;
        this.inputSlots = m.inputSlots;
        this.outputSlots = outputSlots;
        this.inputNames = m.inputNames;
        this.outputNames = List.copyOf(outputNames);
        this.inputShapes = m.inputShapes;
        this.outputShapes = List.copyOf(outputShapes);
        this.inputDTypes = m.inputDTypes;
        this.outputDTypes = List.copyOf(outputDTypes);
        this.layers = m.layers;
        this.params = m.params;
        this.trainableParams = m.trainableParams;
        this.nodeOutputs = m.nodeOutputs;
        this.maxTensorElements = maxTensorElements;
        this.threads = threads;
        this.perSample = steps == m.steps ? m.perSample : scan(inputShapes, 1);
        checkPerSample(perSample, maxTensorElements);
    }

    /** {@code m} with another tensor element limit and thread count. */
    private Model(Model m, long maxTensorElements, int threads) {
        this(m, m.steps, m.outputSlots, m.outputNames, m.outputShapes, m.outputDTypes, maxTensorElements, threads);
    }

    /** The default of {@link #maxTensorElements()}: the most elements one Java array holds, 2^31-9. */
    public static final long DEFAULT_MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8;

    /** The most elements any one tensor of a call (an intermediate result or an output) may hold. */
    public long maxTensorElements() {
        return maxTensorElements;
    }

    /**
     * This model with at most {@code n} elements in any one tensor a call computes (default
     * {@link #DEFAULT_MAX_TENSOR_ELEMENTS}). {@link #predict} and {@link #checkInputs} refuse, with an
     * {@link InputException} and before running anything, a batch that would make a larger one; a model
     * whose intermediates exceed {@code n} for a single sample is refused here. Checked by shape inference,
     * nested models included; not counted: the insides of wrapper layers (TimeDistributed, Bidirectional)
     * and dimensions that depend on the input's values rather than its shape (e.g. a TextVectorization
     * without {@code output_sequence_length}).
     *
     * @throws IllegalArgumentException if {@code n} is not in 1..{@link #DEFAULT_MAX_TENSOR_ELEMENTS}
     * @throws dev.jkeras.error.ModelFormatException if one sample already makes a tensor of more than {@code n} elements
     */
    public Model withMaxTensorElements(long n) {
        if (n <= 0 || n > DEFAULT_MAX_TENSOR_ELEMENTS) {
            throw new IllegalArgumentException("maxTensorElements must be in 1.." + DEFAULT_MAX_TENSOR_ELEMENTS + ", found " + n);
        }
        return n == maxTensorElements ? this : new Model(this, n, threads);
    }

    /**
     * The largest tensor found by shape inference: its element count ({@code Long.MAX_VALUE} when it
     * overflows) over dimensions {@code from..}, the layer that makes it and its shape, and whether a
     * dimension was unknown (counted as 1, so the count is a lower bound).
     */
    private record TensorSizes(long elements, String layer, Shape shape, boolean inexact) {
        static final TensorSizes NONE = new TensorSizes(0, null, null, false);
        /** Shape inference failed: no bound is known and the run reports its own error. */
        static final TensorSizes UNKNOWN = new TensorSizes(0, null, null, true);
    }

    private static final String RAISE = "raise it with Model.withMaxTensorElements, LoadLimits.withMaxTensorElements or the CLI option "
            + "--max-tensor-elements (at most " + DEFAULT_MAX_TENSOR_ELEMENTS + ", the most one Java array holds)";

    private void checkPerSample(TensorSizes s, long limit) {
        if (s.elements <= limit) return;
        throw new dev.jkeras.error.ModelFormatException(where + ": " + s.layer + " outputs shape " + s.shape + ", " + count(s.elements)
                + " elements for one sample, more than the limit of " + limit + " elements per tensor"
                + (s.elements > DEFAULT_MAX_TENSOR_ELEMENTS ? " (no limit can allow it: one Java array holds at most "
                + DEFAULT_MAX_TENSOR_ELEMENTS + ")" : "; " + RAISE));
    }

    private static String count(long n) {
        return n == Long.MAX_VALUE ? "more than 2^63" : Long.toString(n);
    }

    /** Shape inference over {@code in}, keeping the largest output of any step (nested models included). */
    private TensorSizes scan(List<Shape> in, int from) {
        TensorSizes[] largest = {TensorSizes.NONE};
        try {
            walk(in, "", from, largest);
        } catch (RuntimeException e) {
            return TensorSizes.UNKNOWN;
        }
        return largest[0];
    }

    /**
     * Before a run: the batch size times the largest intermediate per sample must stay within the limit.
     * A model whose intermediates all have known non-batch dimensions costs one multiplication; others
     * are scanned once per distinct list of input shapes.
     */
    private void checkSizes(List<Tensor> inputs) {
        if (inputs.isEmpty() || inputs.get(0).rank() == 0) return;
        long batch = inputs.get(0).dim(0);
        if (batch * perSample.elements > maxTensorElements) throw tooLarge(inputs, perSample, true);
        if (!perSample.inexact) return;
        List<Shape> key = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) key.add(t.shape());
        TensorSizes s = sizesByShape.get(key);
        if (s == null) {
            s = scan(key, 0);
            if (sizesByShape.size() >= 256) sizesByShape.clear();
            sizesByShape.put(key, s);
        }
        if (s.elements > maxTensorElements) throw tooLarge(inputs, s, false);
    }

    private InputException tooLarge(List<Tensor> inputs, TensorSizes s, boolean perSampleCount) {
        long batch = inputs.get(0).dim(0);
        long total = perSampleCount ? batch * s.elements : s.elements;
        Shape shape = perSampleCount && s.shape.rank() > 0 ? s.shape.with(0, (int) batch) : s.shape;
        String fits = perSampleCount && s.elements > 0 ? "use batches of at most " + maxTensorElements / s.elements + " samples, or " : "";
        return new InputException(where + ": a batch of " + batch + " samples (input '" + inputNames.get(0) + "' has shape "
                + inputs.get(0).shape() + ") would make " + s.layer + " output shape " + shape + ", " + count(total)
                + " elements, more than the limit of " + maxTensorElements + " elements per tensor; " + fits + RAISE);
    }

    /** Builds a model from a Functional/Sequential spec with the default layer registry. */
    public static Model build(LayerSpec spec) {
        return build(spec, LayerRegistry.defaults());
    }

    /** Builds a model from a Functional/Sequential spec with the given registry. */
    public static Model build(LayerSpec spec, LayerRegistry registry) {
        return ModelBuilder.buildTop(spec, registry);
    }

    /** Input names in order (the InputLayer names). */
    public List<String> inputNames() {
        return inputNames;
    }

    /** Output names in order (output layer names; {@code name:i} when one layer gives several outputs). */
    public List<String> outputNames() {
        return outputNames;
    }

    /** Declared input shapes, batch dimension {@link Shape#UNKNOWN}. */
    public List<Shape> inputShapes() {
        return inputShapes;
    }

    /** Output shapes for the declared input shapes. */
    public List<Shape> outputShapes() {
        return outputShapes;
    }

    /**
     * Input dtypes in order, as the InputLayers declare them: {@link DType#STRING} for {@code dtype="string"}
     * (pass {@link Tensor#ofStrings} tensors); numbers of every other dtype are passed as float32 tensors,
     * integer inputs holding whole numbers within the dtype's range and ±2^24, bool inputs 1/0
     * ({@link #predict} raises an InputException otherwise).
     */
    public List<DType> inputDTypes() {
        return inputDTypes;
    }

    /**
     * Output dtypes in order, as Keras's outputs have them: {@link DType#STRING} where the model returns
     * strings (e.g. an inverse StringLookup); integer and bool outputs come as float32 tensors holding
     * whole numbers (bool 1/0).
     */
    public List<DType> outputDTypes() {
        return outputDTypes;
    }

    /** The inputs in order: name, declared shape and dtype of each ({@link #inputNames()}, {@link #inputShapes()}, {@link #inputDTypes()}). */
    public List<TensorSpec> inputs() {
        List<TensorSpec> l = new ArrayList<>();
        for (int i = 0; i < inputNames.size(); i++) l.add(new TensorSpec(inputNames.get(i), inputShapes.get(i), inputDTypes.get(i)));
        return List.copyOf(l);
    }

    /** The outputs in order: name, shape for the declared input shapes, and dtype of each. */
    public List<TensorSpec> outputs() {
        List<TensorSpec> l = new ArrayList<>();
        for (int i = 0; i < outputNames.size(); i++) l.add(new TensorSpec(outputNames.get(i), outputShapes.get(i), outputDTypes.get(i)));
        return List.copyOf(l);
    }

    /**
     * A view of this model whose outputs are the outputs of the named top-level layers (of their first call, as
     * Keras's {@code layer.output}), in the order given: Keras's
     * {@code keras.Model(model.inputs, [model.get_layer(n).output for n in names])}. It shares this model's layers and
     * weights and runs only what those outputs need. Output names are the layer names; a layer with several outputs
     * gives {@code name:0}, {@code name:1}, ..., and {@code name:i} asks for one of them. Layers inside nested models
     * are reached through the nested model's own {@code withOutputs}.
     *
     * <p>At load, jkeras fuses an inference BatchNormalization or an activation layer into the Conv/Dense before it
     * (see {@code -Djkeras.fold}); the fused producer's own output then no longer exists, and asking for it is refused.
     * To read every layer's output, load with {@code System.setProperty("jkeras.fold", "false")} set (read at each load).
     *
     * @throws InputException if a name is not a layer of this model, names a layer whose output this model never
     *         computes, or is given twice
     */
    public Model withOutputs(List<String> layerNames) {
        if (layerNames.isEmpty()) throw new InputException(where + ": withOutputs needs at least one layer name");
        int[] produced = new int[slotCount];
        java.util.Arrays.fill(produced, -1);
        for (int i = 0; i < steps.size(); i++) for (int o : steps.get(i).outs) produced[o] = i;
        List<Integer> slots = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        for (String n : layerNames) {
            String layer = n;
            int pick = -1;
            NodeOutputs no = nodeOutputs.get(n);
            int colon = n.lastIndexOf(':');
            if (no == null && colon > 0 && n.substring(colon + 1).matches("\\d{1,9}")) {
                layer = n.substring(0, colon);
                pick = Integer.parseInt(n.substring(colon + 1));
                no = nodeOutputs.get(layer);
                if (no != null && pick >= no.slots().length) {
                    throw new InputException(where + ": layer '" + layer + "' has " + no.slots().length + " outputs, so '" + n + "' does not exist");
                }
            }
            if (no == null) throw unknownLayer(n);
            for (int o = 0; o < no.slots().length; o++) {
                if (pick >= 0 && o != pick) continue;
                int slot = no.slots()[o];
                if (produced[slot] < 0) {
                    throw new InputException(where + ": the output of layer '" + layer + "' is not computed: at load jkeras fused it with the "
                            + "layer that reads it (an inference BatchNormalization or activation folded into this Conv/Dense, or a "
                            + "ZeroPadding into the convolution after it). Load the model with the system property jkeras.fold=false "
                            + "(-Djkeras.fold=false, or System.setProperty before loading) to read every layer's own output");
                }
                String name = pick >= 0 ? n : no.slots().length == 1 ? layer : layer + ":" + o;
                if (names.contains(name)) throw new InputException(where + ": the output '" + name + "' is asked for twice");
                slots.add(slot);
                names.add(name);
                shapes.add(no.shapes().get(o));
                types.add(no.dtypes().get(o));
            }
        }
        int[] outSlots = slots.stream().mapToInt(Integer::intValue).toArray();
        return new Model(this, plan(outSlots, produced), outSlots, names, shapes, types, maxTensorElements, threads);
    }

    /**
     * Runs a single-input model and returns the outputs of the named layers, keyed by name
     * ({@code withOutputs(List.of(layerNames)).predict(List.of(x))}; cache the view when calling often).
     */
    public Map<String, Tensor> predict(Tensor x, String layerName, String... moreLayerNames) {
        List<String> names = new ArrayList<>();
        names.add(layerName);
        names.addAll(List.of(moreLayerNames));
        Model view = withOutputs(names);
        List<Tensor> out = view.predict(List.of(x));
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < out.size(); i++) m.put(view.outputNames.get(i), out.get(i));
        return m;
    }

    private InputException unknownLayer(String n) {
        List<String> known = new ArrayList<>(nodeOutputs.keySet());
        String sample = known.size() <= 30 ? known.toString() : known.subList(0, 30) + " (and " + (known.size() - 30) + " more)";
        boolean exists = false;
        for (LayerInfo li : layers) exists |= li.layer().name().equals(n);
        return new InputException(where + ": " + (exists ? "layer '" + n + "' does not lead to the model's outputs, so its output is never computed"
                : "no layer named '" + n + "'") + "; the layers whose outputs can be read are " + sample);
    }

    /** The steps that compute {@code outSlots} (every input step kept), each freeing what no later step or output reads. */
    private List<Step> plan(int[] outSlots, int[] produced) {
        boolean[] keep = new boolean[steps.size()];
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        for (int o : outSlots) todo.add(produced[o]);
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).inputIndex >= 0) todo.add(i);
        while (!todo.isEmpty()) {
            int i = todo.poll();
            if (keep[i]) continue;
            keep[i] = true;
            Step s = steps.get(i);
            for (int a : s.args) todo.add(produced[a]);
            for (int[] refs : s.tensorKwargs.values()) for (int a : refs) todo.add(produced[a]);
        }
        List<Step> kept = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) if (keep[i]) kept.add(steps.get(i));
        return withFreeLists(kept, slotCount, outSlots);
    }

    /**
     * {@code steps} with each step's {@code freeAfter} set to the slots it is the last to read (or, never read, to
     * write); the slots of {@code outSlots} are never freed. The one rule of when a value may go.
     */
    static List<Step> withFreeLists(List<Step> steps, int slotCount, int[] outSlots) {
        int[] lastUse = new int[slotCount];
        java.util.Arrays.fill(lastUse, -1);
        for (int p = 0; p < steps.size(); p++) {
            Step s = steps.get(p);
            for (int o : s.outs) lastUse[o] = p;
            for (int a : s.args) lastUse[a] = p;
            for (int[] refs : s.tensorKwargs.values()) for (int a : refs) lastUse[a] = p;
        }
        for (int o : outSlots) lastUse[o] = Integer.MAX_VALUE;
        List<List<Integer>> freeAt = new ArrayList<>();
        for (int p = 0; p < steps.size(); p++) freeAt.add(new ArrayList<>());
        for (int slot = 0; slot < slotCount; slot++) if (lastUse[slot] >= 0 && lastUse[slot] != Integer.MAX_VALUE) freeAt.get(lastUse[slot]).add(slot);
        List<Step> out = new ArrayList<>();
        for (int p = 0; p < steps.size(); p++) {
            Step s = steps.get(p);
            out.add(new Step(s.layer, s.args, s.tensorKwargs, s.kwargs, s.argTypes, s.kwTypes, s.outs,
                    freeAt.get(p).stream().mapToInt(Integer::intValue).toArray(), s.inputIndex));
        }
        return out;
    }

    /**
     * This model with each call using at most {@code n} threads (the calling thread and up to n − 1 of jkeras's shared
     * helpers); 1 runs every call on the calling thread alone. Results do not depend on it. The shared pool has
     * {@link Parallel#threads()} threads (the system property {@code jkeras.threads}, default: the number of
     * processors), so {@code n} above that uses them all. Views share layers and weights, and states made by one
     * view work with the others of the same plan.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Model withThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, found " + n);
        return n == threads ? this : new Model(this, maxTensorElements, n);
    }

    /** The most threads one call of this model uses: {@link #withThreads}'s count, capped by the shared pool's size. */
    public int threads() {
        return threads == 0 ? Parallel.threads() : Math.min(threads, Parallel.threads());
    }

    /**
     * Runs a single-input single-output model on rows: {@code rows[i]} is sample i flattened (row-major) to the
     * input's per-sample size; each returned row is one sample's output flattened the same way.
     *
     * @throws InputException if the model has several inputs or outputs, takes strings, has free non-batch input
     *         dimensions, or a row has the wrong length
     */
    public float[][] predict(float[][] rows) {
        if (inputNames.size() != 1 || outputNames.size() != 1) {
            throw new InputException(where + " has " + inputNames.size() + " inputs and " + outputNames.size()
                    + " outputs; predict(float[][]) takes single-input single-output models: use predict(List) or predict(Map)");
        }
        Shape per = inputShapes.get(0).dropFirst();
        if (inputDTypes.get(0) == DType.STRING) throw new InputException(where + ": input '" + inputNames.get(0) + "' takes strings, not floats");
        if (!per.isKnown()) {
            throw new InputException(where + ": input '" + inputNames.get(0) + "' has shape " + inputShapes.get(0)
                    + " with free dimensions other than the batch, so a flat row does not say its shape: pass a Tensor");
        }
        int width = per.size();
        float[] flat = new float[Math.multiplyExact(rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != width) {
                throw new InputException(where + ": row " + i + " has " + (rows[i] == null ? "no values (null)" : rows[i].length + " values")
                        + "; input '" + inputNames.get(0) + "' takes " + width + " per sample (shape " + inputShapes.get(0) + ")");
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        Tensor y = predict(Tensor.of(per.prepend(rows.length), flat));
        if (y.isString()) throw new InputException(where + ": output '" + outputNames.get(0) + "' holds strings; use predict(Tensor)");
        int n = y.rank() == 0 ? 1 : y.dim(0);
        int w = n == 0 ? 0 : y.size() / n;
        float[][] out = new float[n][w];
        for (int i = 0; i < n; i++) System.arraycopy(y.data(), i * w, out[i], 0, w);
        return out;
    }

    /** Keras's {@code model.layers} (InputLayers included for Functional models, as Keras lists them). */
    public List<LayerInfo> layers() {
        return layers;
    }

    /** Which Keras wrote the file. */
    public WriterInfo writer() {
        return writer;
    }

    @Override
    public long paramCount() {
        return params;
    }

    /** Trainable parameters as Keras's summary counts them; the rest are non-trainable. */
    public long trainableParamCount() {
        return trainableParams;
    }

    @Override
    public List<Layer> sublayers() {
        List<Layer> l = new ArrayList<>();
        for (LayerInfo li : layers) l.add(li.layer());
        return l;
    }

    /** Runs a single-input single-output model. */
    public Tensor predict(Tensor x) {
        return predict(x, null);
    }

    /** Runs the model on inputs in {@link #inputNames()} order; outputs in {@link #outputNames()} order. */
    public List<Tensor> predict(List<Tensor> inputs) {
        return predict(inputs, null);
    }

    /** Runs the model on inputs keyed by input name; outputs keyed by output name, in order. */
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        return predict(inputs, null);
    }

    /**
     * A new, empty stream state for {@link #predict(List, ModelState)}: recurrent layers start from
     * zeros (or the model's {@code initial_state} inputs) and then continue from call to call.
     */
    public ModelState newState() {
        return new ModelState(this);
    }

    /** {@link #predict(Tensor)} continuing the stream {@code state} (null: a stateless call). */
    public Tensor predict(Tensor x, ModelState state) {
        if (inputNames.size() != 1 || outputNames.size() != 1) {
            throw new InputException(where + " has " + inputNames.size() + " inputs and " + outputNames.size()
                    + " outputs; use predict(List) or predict(Map)");
        }
        return predict(List.of(x), state).get(0);
    }

    /**
     * {@link #predict(List)} continuing the stream {@code state}: every recurrent layer starts from the
     * states the previous call of this stream ended with (see {@link ModelState}). Null: a stateless call.
     */
    public List<Tensor> predict(List<Tensor> inputs, ModelState state) {
        if (state != null && state.model().steps != steps) {
            throw new IllegalArgumentException("the ModelState passed to " + where + " belongs to another model, or to a view of it with other outputs (" + state.model().where
                    + "); create it with this model's newState()");
        }
        checkInputs(inputs);
        if (threads == 0) return owned(run(inputs, null, state == null ? null : state.root()).values(), inputs);
        return Parallel.withThreads(threads, () -> owned(run(inputs, null, state == null ? null : state.root()).values(), inputs));
    }

    /**
     * The outputs, each the caller's own: one that shares its array with an input (an identity layer
     * such as Dropout returns its input, Flatten reshapes it without copying) or with an earlier output
     * (the same tensor listed twice) is copied. Only such outputs are copied.
     */
    private static List<Tensor> owned(List<Tensor> outputs, List<Tensor> inputs) {
        List<Tensor> out = null;
        for (int i = 0; i < outputs.size(); i++) {
            Tensor t = outputs.get(i);
            boolean shared = false;
            for (Tensor x : inputs) shared |= sameArray(t, x);
            for (int j = 0; j < i; j++) shared |= sameArray(t, outputs.get(j));
            if (shared) {
                if (out == null) out = new ArrayList<>(outputs);
                out.set(i, t.copy());
            }
        }
        return out == null ? outputs : out;
    }

    private static boolean sameArray(Tensor a, Tensor b) {
        if (a.isString() != b.isString()) return false;
        return a.isString() ? a.strings() == b.strings() : a.data() == b.data();
    }

    /**
     * Checks inputs as {@link #predict} does, without running the model: one per input, in
     * {@link #inputNames()} order, each checked by {@link #checkInput}, all with the same batch size
     * (as Keras requires of the arrays given to {@code predict}). An {@link InputException} names the input.
     */
    public void checkInputs(List<Tensor> inputs) {
        if (inputs.size() != inputShapes.size()) {
            throw new InputException(where + ": expected " + inputShapes.size() + " input(s) " + inputNames + ", found " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) checkInput(i, inputs.get(i));
        for (int i = 1; i < inputs.size(); i++) {
            if (inputs.get(i).dim(0) != inputs.get(0).dim(0)) {
                throw new InputException(where + ": the inputs disagree on the batch size: '" + inputNames.get(0) + "' has "
                        + inputs.get(0).dim(0) + " samples, '" + inputNames.get(i) + "' has " + inputs.get(i).dim(0));
            }
        }
        checkSizes(inputs);
    }

    /**
     * Checks input {@code i} (in {@link #inputNames()} order) against its declaration: strings exactly
     * for string inputs, the declared shape with the batch size free (Keras 2 and 3 both run any batch
     * size, even where the file fixed one with {@code batch_input_shape}), and integer inputs holding
     * whole numbers in range. The one input check; {@link #predict} and the CLI both use it.
     *
     * @throws InputException naming the input, what it expects and what it got
     */
    public void checkInput(int i, Tensor x) {
        if (i < 0 || i >= inputNames.size()) {
            throw new IllegalArgumentException("input index " + i + " out of range: the model has " + inputNames.size() + " inputs");
        }
        if (x == null) throw new InputException(where + ": input '" + inputNames.get(i) + "' is missing");
        if (x.isString() != (inputDTypes.get(i) == DType.STRING)) {
            throw new InputException(where + ": input '" + inputNames.get(i) + "' " + (inputDTypes.get(i) == DType.STRING
                    ? "is a string input (Keras dtype \"string\"), found a float32 tensor; pass Tensor.ofStrings(shape, values)"
                    : "takes numbers (" + inputDTypes.get(i).keras() + "), found a string tensor; only inputs declared dtype "
                    + "\"string\" take strings"));
        }
        Shape want = inputShapes.get(i).with(0, Shape.UNKNOWN);
        if (!x.shape().compatibleWith(want)) {
            String hint = x.rank() == want.rank() - 1 && want.dropFirst().compatibleWith(x.shape())
                    ? " (the batch dimension is missing: add a leading axis of size 1, e.g. x[None] in NumPy)" : "";
            throw new InputException(where + ": input '" + inputNames.get(i) + "' should have shape " + want
                    + " (None = any size), found " + x.shape() + hint);
        }
        IntMath.checkInput(x, inputDTypes.get(i), where + ": input '" + inputNames.get(i) + "'");
    }

    /** {@link #predict(Map)} continuing the stream {@code state} (null: a stateless call). */
    public Map<String, Tensor> predict(Map<String, Tensor> inputs, ModelState state) {
        List<Tensor> ordered = new ArrayList<>();
        for (String n : inputNames) {
            Tensor t = inputs.get(n);
            if (t == null) throw new InputException(where + ": no value for input '" + n + "'; the model's inputs are " + inputNames);
            ordered.add(t);
        }
        for (String n : inputs.keySet()) {
            if (!inputNames.contains(n)) throw new InputException(where + ": unknown input '" + n + "'; the model's inputs are " + inputNames);
        }
        List<Tensor> out = predict(ordered, state);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < out.size(); i++) m.put(outputNames.get(i), out.get(i));
        return m;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return walk(in, "", 1, null);
    }

    /**
     * Shape inference: the output shapes for input shapes {@code in}. With {@code largest} non-null, also
     * keeps there the largest output of any step, counted over dimensions {@code from..}, descending into
     * nested models ({@code prefix} names the nesting).
     */
    private List<Shape> walk(List<Shape> in, String prefix, int from, TensorSizes[] largest) {
        if (in.size() != inputShapes.size()) {
            throw new InputException(where + ": expected " + inputShapes.size() + " input(s), found " + in.size());
        }
        Shape[] slots = new Shape[slotCount];
        for (Step s : steps) {
            if (s.inputIndex >= 0) {
                Shape given = in.get(s.inputIndex);
                if (!given.compatibleWith(inputShapes.get(s.inputIndex).with(0, Shape.UNKNOWN))) {
                    throw new InputException(where + ": input '" + inputNames.get(s.inputIndex) + "' should have shape "
                            + inputShapes.get(s.inputIndex) + ", found " + given);
                }
                slots[s.outs[0]] = given;
                continue;
            }
            List<Shape> args = new ArrayList<>();
            for (int a : s.args) args.add(slots[a]);
            Map<String, List<Shape>> kwShapes = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : s.tensorKwargs.entrySet()) {
                List<Shape> ks = new ArrayList<>();
                for (int a : e.getValue()) ks.add(slots[a]);
                kwShapes.put(e.getKey(), ks);
            }
            List<Shape> outs = largest != null && s.layer instanceof Model m
                    ? m.walk(args, prefix + m.name() + "/", from, largest) : s.layer.outputShapes(args, kwShapes, s.kwargs);
            for (int o = 0; o < s.outs.length; o++) {
                slots[s.outs[o]] = outs.get(o);
                if (largest != null) keepLargest(largest, outs.get(o), from, prefix, s.layer);
            }
        }
        List<Shape> out = new ArrayList<>();
        for (int o : outputSlots) out.add(slots[o]);
        return out;
    }

    private static void keepLargest(TensorSizes[] largest, Shape shape, int from, String prefix, Layer layer) {
        long n = 1;
        boolean inexact = false;
        for (int i = Math.min(from, shape.rank()); i < shape.rank(); i++) {
            int d = shape.dim(i);
            if (d == Shape.UNKNOWN) inexact = true;
            else n = d != 0 && n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
        }
        TensorSizes cur = largest[0];
        inexact |= cur.inexact;
        largest[0] = n > cur.elements ? new TensorSizes(n, "layer '" + prefix + layer.name() + "' (" + layer.className() + ")", shape, inexact)
                : inexact == cur.inexact ? cur : new TensorSizes(cur.elements, cur.layer, cur.shape, true);
    }

    /**
     * A nested model: its outputs have the dtypes its own graph gives. Keras casts a numeric input to the
     * dtype its InputLayer declares ({@link #forward} does the same); strings must meet string inputs.
     */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        for (int i = 0; i < Math.min(in.size(), inputDTypes.size()); i++) {
            if ((in.get(i) == DType.STRING) != (inputDTypes.get(i) == DType.STRING)) {
                throw new dev.jkeras.error.ModelFormatException(where + ": its input '" + inputNames.get(i) + "' is declared "
                        + inputDTypes.get(i).keras() + " but is called with a " + in.get(i).keras() + " tensor");
            }
        }
        return outputDTypes;
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public Outputs forward(Call call) {
        List<Tensor> in = call.inputs();
        for (int i = 0; i < Math.min(in.size(), inputDTypes.size()); i++) {
            DType from = call.inputDType(i), to = inputDTypes.get(i);
            if (from != DType.STRING && IntMath.changesValues(from, to)) {
                if (in == call.inputs()) in = new ArrayList<>(in);
                in.set(i, IntMath.cast(in.get(i), from, to, where + ": input '" + inputNames.get(i) + "'"));
            }
        }
        return run(in, call.masks(), call.state());
    }

    /** True if any layer, nested ones included, {@linkplain Layer#mixesSamples() mixes the samples} of a call. */
    @Override
    public boolean mixesSamples() {
        for (Step s : steps) if (mixes(s.layer)) return true;
        return false;
    }

    private static boolean mixes(Layer l) {
        if (l.mixesSamples()) return true;
        if (l instanceof Model) return false;
        for (Layer sub : l.sublayers()) if (mixes(sub)) return true;
        return false;
    }

    @Override
    public boolean isStateful() {
        for (LayerInfo li : layers) if (li.layer().isStateful()) return true;
        return false;
    }

    /** True if a live slot (value or mask) or a caller's input holds {@code a}. */
    private static boolean shared(float[] a, Tensor[] values, Tensor[] masks, List<Tensor> inputs) {
        for (Tensor t : values) if (t != null && !t.isString() && t.data() == a) return true;
        for (Tensor t : masks) if (t != null && t.data() == a) return true;
        for (Tensor t : inputs) if (t != null && !t.isString() && t.data() == a) return true;
        return false;
    }

    /** {@code stream}: the state node of this run (each step gets its own child), or null for a stateless run. */
    private Outputs run(List<Tensor> inputs, List<Tensor> inputMasks, CallState stream) {
        Tensor[] values = new Tensor[slotCount];
        Tensor[] masks = new Tensor[slotCount];
        for (int si = 0; si < steps.size(); si++) {
            Step s = steps.get(si);
            if (s.inputIndex >= 0) {
                values[s.outs[0]] = inputs.get(s.inputIndex);
                masks[s.outs[0]] = inputMasks == null ? null : inputMasks.get(s.inputIndex);
                continue;
            }
            List<Tensor> args = new ArrayList<>(s.args.length);
            List<Tensor> argMasks = new ArrayList<>(s.args.length);
            for (int a : s.args) {
                args.add(values[a]);
                argMasks.add(masks[a]);
            }
            Map<String, List<Tensor>> kw = Map.of();
            if (!s.tensorKwargs.isEmpty()) {
                kw = new LinkedHashMap<>();
                for (Map.Entry<String, int[]> e : s.tensorKwargs.entrySet()) {
                    List<Tensor> ts = new ArrayList<>();
                    for (int a : e.getValue()) ts.add(values[a]);
                    kw.put(e.getKey(), ts);
                }
                List<Tensor> explicitMask = kw.get("mask");
                if (explicitMask != null && explicitMask.size() == args.size()) argMasks = explicitMask;
            }
            Outputs out = s.layer.forward(new Call(args, argMasks, kw, s.kwargs, stream == null ? null : stream.child(si), s.argTypes, s.kwTypes));
            if (out.values().size() != s.outs.length) {
                throw new IllegalStateException(s.layer + " returned " + out.values().size() + " outputs, expected " + s.outs.length);
            }
            for (int o = 0; o < s.outs.length; o++) {
                values[s.outs[o]] = out.values().get(o);
                masks[s.outs[o]] = out.masks() == null ? null : out.masks().get(o);
            }
            if (s.layer.clearsInputMasks()) {
                for (int a : s.args) {
                    if (masks[a] != null) checkMaskOrder(si, a);
                    masks[a] = null;
                }
            }
            for (int f : s.freeAfter) {
                Tensor v = values[f];
                values[f] = null;
                masks[f] = null;
                if (v != null && fresh[f] && !shared(v.data(), values, masks, inputs)) Buffers.recycle(v.data());
            }
        }
        List<Tensor> outs = new ArrayList<>(outputSlots.length);
        List<Tensor> outMasks = new ArrayList<>(outputSlots.length);
        boolean anyMask = false;
        for (int o : outputSlots) {
            outs.add(values[o]);
            outMasks.add(masks[o]);
            anyMask |= masks[o] != null;
        }
        return new Outputs(outs, anyMask ? outMasks : null);
    }

    /**
     * Step {@code p} deleted the mask of slot {@code slot} (Keras 3 MultiHeadAttention). Another reader
     * of the slot that neither depends on {@code p} nor feeds it ran before or after {@code p} in
     * Keras depending on Keras's own node order, so whether it saw the mask is not known: refused.
     */
    private void checkMaskOrder(int p, int slot) {
        java.util.BitSet[] anc = ancestors();
        for (int q = 0; q < steps.size(); q++) {
            if (q == p) continue;
            boolean reads = false;
            for (int a : steps.get(q).args) reads |= a == slot;
            if (reads && !anc[q].get(p) && !anc[p].get(q)) {
                throw new dev.jkeras.error.UnsupportedFeatureException(where + ": layer '" + steps.get(p).layer.name() + "' ("
                        + steps.get(p).layer.className() + ") deletes the Keras mask of its input (Keras 3.8+ does so at run time), and layer '"
                        + steps.get(q).layer.name() + "' reads the same masked tensor independently of it; whether Keras ran it before or after "
                        + "the deletion depends on Keras's internal node order, so its mask cannot be reproduced exactly. Give each consumer its "
                        + "own tensor (e.g. call the masking layer once per consumer) and re-save.");
            }
        }
    }

    private volatile java.util.BitSet[] ancestors;

    /** For each step, the steps whose outputs it depends on (transitively). */
    private java.util.BitSet[] ancestors() {
        java.util.BitSet[] a = ancestors;
        if (a != null) return a;
        int[] producer = new int[slotCount];
        java.util.Arrays.fill(producer, -1);
        a = new java.util.BitSet[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            a[i] = new java.util.BitSet();
            List<int[]> ins = new ArrayList<>(s.tensorKwargs.values());
            ins.add(s.args);
            for (int[] slots : ins) {
                for (int slot : slots) {
                    int pr = producer[slot];
                    if (pr >= 0) {
                        a[i].set(pr);
                        a[i].or(a[pr]);
                    }
                }
            }
            for (int o : s.outs) producer[o] = i;
        }
        ancestors = a;
        return a;
    }

    @Override
    public String toString() {
        return "Model('" + name() + "', inputs=" + inputNames + " " + inputShapes + ", outputs=" + outputNames + " "
                + outputShapes + ")";
    }
}
