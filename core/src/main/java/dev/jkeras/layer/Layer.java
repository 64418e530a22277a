package dev.jkeras.layer;

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
     * so that a string tensor only reaches layers that take strings. The default, right for every
     * numeric layer: float32 outputs, and null if any input is a string tensor, which the model builder
     * reports naming this layer and where the string came from. Layers that take or make strings
     * override it (and raise a {@code ModelFormatException} for inputs they cannot take).
     */
    public List<DType> outputDTypes(List<DType> inputDTypes, int outputCount) {
        if (inputDTypes.contains(DType.STRING)) return null;
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
