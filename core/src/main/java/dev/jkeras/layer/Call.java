package dev.jkeras.layer;

import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one layer call at run time: tensor inputs in positional order, their masks (same
 * length; an entry is null where the input has no mask), keyword tensors such as
 * {@code initial_state}, and other keyword values ({@code training}, ...), and, when the caller
 * streams a sequence, the {@link CallState} node of this call; and the dtypes the model builder
 * worked out for the tensors ({@link #inputDType}). Created per call, never stored in a layer, so one
 * model can serve many threads.
 */
public final class Call {
    private final List<Tensor> inputs;
    private final List<Tensor> masks;
    private final Map<String, List<Tensor>> tensorKwargs;
    private final Map<String, Object> kwargs;
    private final CallState state;
    private final List<DType> inputDTypes;
    private final Map<String, List<DType>> tensorKwargDTypes;

    public Call(List<Tensor> inputs, List<Tensor> masks, Map<String, List<Tensor>> tensorKwargs, Map<String, Object> kwargs) {
        this(inputs, masks, tensorKwargs, kwargs, null);
    }

    /** A call that continues a stream: {@code state} is this call's node of the caller's state tree (null: no stream). */
    public Call(List<Tensor> inputs, List<Tensor> masks, Map<String, List<Tensor>> tensorKwargs, Map<String, Object> kwargs,
                CallState state) {
        this(inputs, masks, tensorKwargs, kwargs, state, null, null);
    }

    /** A call with the dtypes the model builder worked out for its tensors ({@code inputDTypes} null: unknown, float32). */
    public Call(List<Tensor> inputs, List<Tensor> masks, Map<String, List<Tensor>> tensorKwargs, Map<String, Object> kwargs,
                CallState state, List<DType> inputDTypes, Map<String, List<DType>> tensorKwargDTypes) {
        if (inputDTypes != null && inputDTypes.size() != inputs.size()) {
            throw new IllegalArgumentException(inputDTypes.size() + " input dtypes for " + inputs.size() + " inputs");
        }
        this.inputs = inputs;
        this.masks = masks == null ? Collections.nCopies(inputs.size(), null) : masks;
        this.tensorKwargs = tensorKwargs == null ? Map.of() : tensorKwargs;
        this.kwargs = kwargs == null ? Map.of() : kwargs;
        this.state = state;
        this.inputDTypes = inputDTypes;
        this.tensorKwargDTypes = tensorKwargDTypes == null ? Map.of() : tensorKwargDTypes;
    }

    /** A call with only positional inputs and no masks. */
    public static Call of(List<Tensor> inputs) {
        return new Call(inputs, null, null, null);
    }

    public static Call of(Tensor input) {
        return of(List.of(input));
    }

    public List<Tensor> inputs() {
        return inputs;
    }

    public Tensor input(int i) {
        return inputs.get(i);
    }

    /** Masks parallel to {@link #inputs()}; entries may be null. */
    public List<Tensor> masks() {
        return masks;
    }

    public Tensor mask(int i) {
        return masks.get(i);
    }

    /** Keyword tensors by name, or an empty list. */
    public List<Tensor> tensorKwarg(String name) {
        return tensorKwargs.getOrDefault(name, List.of());
    }

    public Map<String, List<Tensor>> tensorKwargs() {
        return tensorKwargs;
    }

    public Map<String, Object> kwargs() {
        return kwargs;
    }

    /**
     * The state node of this call when the caller streams a sequence through the model
     * ({@code Model.predict(x, state)}), else null. Recurrent layers continue from what they stored here.
     */
    public CallState state() {
        return state;
    }

    /**
     * The dtype of input {@code i} as the model builder worked it out ({@link DType#FLOAT32} if the
     * caller gave none, e.g. a layer called directly); numbers of every dtype are held as float32.
     */
    public DType inputDType(int i) {
        return inputDTypes == null ? (inputs.get(i).isString() ? DType.STRING : DType.FLOAT32) : inputDTypes.get(i);
    }

    /** The dtypes of the inputs, or null if the caller gave none (float32). */
    public List<DType> inputDTypes() {
        return inputDTypes;
    }

    /** The dtypes of the keyword tensors by name (empty if the caller gave none). */
    public Map<String, List<DType>> tensorKwargDTypes() {
        return tensorKwargDTypes;
    }

    /** The same call with other inputs and masks (keywords and state kept; the dtypes too if the number of inputs is the same). */
    public Call with(List<Tensor> newInputs, List<Tensor> newMasks) {
        return new Call(newInputs, newMasks, tensorKwargs, kwargs, state, newInputs.size() == inputs.size() ? inputDTypes : null,
                tensorKwargDTypes);
    }

    /** The same call with another state node (null: not streamed). */
    public Call withState(CallState newState) {
        return new Call(inputs, masks, tensorKwargs, kwargs, newState, inputDTypes, tensorKwargDTypes);
    }
}
