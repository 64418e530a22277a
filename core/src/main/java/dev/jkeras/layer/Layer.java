package dev.jkeras.layer;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One built Keras layer. Immutable after construction (weights are fixed, per-call state lives in
 * the {@link Call}), so a model can be shared between threads. A layer maps input tensors to output
 * tensors and, where Keras does, input masks to output masks.
 */
public abstract class Layer {
    private final String name;
    private final String className;

    protected Layer(String name, String className) {
        this.name = name;
        this.className = className;
    }

    protected Layer(LayerSpec spec) {
        this(spec.name(), spec.className());
    }

    /** The Keras layer name. */
    public final String name() {
        return name;
    }

    /** The Keras class name as written in the file's config. */
    public final String className() {
        return className;
    }

    /**
     * Output shapes for the given input shapes ({@link Shape#UNKNOWN} for unknown dimensions, as
     * Keras's {@code compute_output_shape}). Raises a {@code KerasException} for incompatible shapes.
     */
    public abstract List<Shape> outputShapes(List<Shape> inputShapes);

    /**
     * Output shapes of one call whose non-tensor keyword arguments are {@code kwargs} (as recorded in
     * the file, e.g. MultiHeadAttention's {@code return_attention_scores}). Layers whose outputs
     * depend on a call argument override this; the default ignores the arguments.
     */
    public List<Shape> outputShapes(List<Shape> inputShapes, Map<String, Object> kwargs) {
        return outputShapes(inputShapes);
    }

    /**
     * The dtypes of one call's outputs for inputs of {@code inputDTypes}, worked out once at load time
     * so that a string tensor only reaches layers that take strings and integer semantics reach the
     * ops that depend on them. The default, right for layers that compute in float32 and so cast
     * integer and bool inputs to float32 as Keras does (Dense, Embedding's indices, Rescaling, ...):
     * float32 outputs, and null if any input is a string tensor, which the model builder reports naming
     * this layer and where the string came from. Layers that pass values through unchanged keep the
     * input dtype ({@link #sameDType}); layers whose Keras result on integers differs from the float32
     * computation refuse them ({@link #floatInputsOnly}); layers that take or make strings override it.
     */
    public List<DType> outputDTypes(List<DType> inputDTypes, int outputCount) {
        if (inputDTypes.contains(DType.STRING)) return null;
        return Collections.nCopies(outputCount, DType.FLOAT32);
    }

    /**
     * The output dtypes of one call that also passes keyword tensors ({@code tensorKwargDTypes}: their
     * dtypes by argument name) and other keyword arguments. Op layers, whose result dtype depends on
     * every operand, override this; the default ignores the keywords.
     */
    public List<DType> outputDTypes(List<DType> inputDTypes, Map<String, List<DType>> tensorKwargDTypes, Map<String, Object> kwargs,
                                    int outputCount) {
        return outputDTypes(inputDTypes, outputCount);
    }

    /**
     * For layers that only move values: every output has the dtype of the inputs, float64 made float32
     * as Keras casts float inputs to the layer's float32 (inputs of differing dtypes are refused).
     */
    protected final List<DType> sameDType(List<DType> inputDTypes, int outputCount) {
        if (inputDTypes.contains(DType.STRING)) return null;
        DType t = inputDTypes.isEmpty() || inputDTypes.get(0).isFloat() ? DType.FLOAT32 : inputDTypes.get(0);
        for (DType d : inputDTypes) {
            if ((d.isFloat() ? DType.FLOAT32 : d) != t) {
                throw new UnsupportedFeatureException("layer '" + name + "' (" + className + ") gets inputs of different dtypes "
                        + inputDTypes + " (Keras would promote them to a common dtype); jkeras supports one dtype here");
            }
        }
        return Collections.nCopies(outputCount, t);
    }

    /**
     * For layers that jkeras computes in float32 where Keras keeps integer or bool inputs in their own
     * dtype (with integer arithmetic, or a result dtype that differs between Keras versions): float32
     * outputs for float inputs (Keras casts float64 ones to the layer's float32), a refusal naming the
     * layer and the dtype otherwise.
     */
    protected final List<DType> floatInputsOnly(List<DType> inputDTypes, int outputCount) {
        if (inputDTypes.contains(DType.STRING)) return null;
        for (int i = 0; i < inputDTypes.size(); i++) {
            DType d = inputDTypes.get(i);
            if (!d.isFloat()) {
                throw new UnsupportedFeatureException("layer '" + name + "' (" + className + "): its input " + i + " has dtype " + d.keras()
                        + "; Keras computes this layer on such values in their own dtype, which jkeras does not reproduce (it supports "
                        + "float inputs here). Cast the input to float32 first (e.g. with a Rescaling layer).");
            }
        }
        return Collections.nCopies(outputCount, DType.FLOAT32);
    }

    /**
     * Output shapes of one call that also passes tensors by keyword ({@code tensorKwargShapes}: their
     * shapes by argument name). Layers whose outputs depend on keyword tensors (tf.keras op layers,
     * where {@code 2.0 * x} records {@code x} as keyword {@code y}) override this; the default
     * ignores them.
     */
    public List<Shape> outputShapes(List<Shape> inputShapes, Map<String, List<Shape>> tensorKwargShapes, Map<String, Object> kwargs) {
        return outputShapes(inputShapes, kwargs);
    }

    /** Computes the outputs of one call. */
    public abstract List<Tensor> call(Call call);

    /**
     * Output masks for a call whose outputs are {@code outputs}: a list parallel to the outputs with
     * null where there is no mask, or null for "no masks at all" (the default: the mask is dropped).
     */
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        return null;
    }

    /** Outputs and their masks (masks null, or a list parallel to values with null entries). */
    public record Outputs(List<Tensor> values, List<Tensor> masks) {}

    /**
     * Computes outputs and output masks in one go. The executor calls this; layers that compute both
     * at once (models, wrappers) override it, others implement {@link #call} and {@link #outputMasks}.
     */
    public Outputs forward(Call call) {
        List<Tensor> out = call(call);
        return new Outputs(out, outputMasks(call, out));
    }

    /**
     * True if, after this call, the Keras masks of its input tensors are gone for every later
     * consumer of the same tensors: Keras 3's MultiHeadAttention deletes them from the (shared) input
     * tensors at run time. The executor then drops those masks after running the call.
     */
    public boolean clearsInputMasks() {
        return false;
    }

    /** Number of scalar weights, trainable or not, as Keras's {@code count_params()}. */
    public long paramCount() {
        return 0;
    }

    /**
     * True if Keras keeps this layer's state from one call to the next ({@code stateful=True} recurrent
     * layers, and models or wrappers containing one). Such a layer cannot be shared by several calls.
     */
    public boolean isStateful() {
        return false;
    }

    /**
     * True if every output array is new and not kept by this layer (or anything else) after the
     * call, so the executor may recycle it once no later step reads it ({@link dev.jkeras.kernel.Buffers}).
     */
    public boolean freshOutputs() {
        return false;
    }

    /**
     * True if one sample's output may depend on the other samples of the same call, as Keras computes it (attention
     * over the batch axis of rank-2 inputs, a decibel scale relative to the whole batch's maximum, a reduction or
     * softmax over axis 0, raw TensorFlow ops jkeras cannot prove sample-wise). Then the answer for a set of samples
     * depends on which samples share the call, and whoever merges independent requests into one batch (a model
     * server) must run each request alone. Users' own layers that mix samples should say so here.
     */
    public boolean mixesSamples() {
        return false;
    }

    /** Layers wrapped or contained by this one (for summaries). */
    public List<Layer> sublayers() {
        return List.of();
    }

    /** Sum of the sizes of {@code weights}; a helper for {@link #paramCount()}. */
    protected static long count(List<Tensor> weights) {
        long n = 0;
        for (Tensor t : weights) if (t != null) n += t.size();
        return n;
    }

    /** A list of {@code n} nulls (no masks). */
    protected static List<Tensor> noMasks(int n) {
        return new ArrayList<>(Collections.nCopies(n, null));
    }

    @Override
    public String toString() {
        return className + "('" + name + "')";
    }
}
