package dev.jkeras.layer;

import dev.jkeras.tensor.Tensor;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one layer call at run time: tensor inputs in positional order, their masks (same
 * length; an entry is null where the input has no mask), keyword tensors such as
 * {@code initial_state}, and other keyword values ({@code training}, ...), and, when the caller
 * streams a sequence, the {@link CallState} node of this call. Created per call, never stored in a
 * layer, so one model can serve many threads.
 */
public final class Call {
    private final List<Tensor> inputs;
    private final List<Tensor> masks;
    private final Map<String, List<Tensor>> tensorKwargs;
    private final Map<String, Object> kwargs;
    private final CallState state;

    public Call(List<Tensor> inputs, List<Tensor> masks, Map<String, List<Tensor>> tensorKwargs, Map<String, Object> kwargs) {
        this(inputs, masks, tensorKwargs, kwargs, null);
    }

    /** A call that continues a stream: {@code state} is this call's node of the caller's state tree (null: no stream). */
    public Call(List<Tensor> inputs, List<Tensor> masks, Map<String, List<Tensor>> tensorKwargs, Map<String, Object> kwargs,
                CallState state) {
        this.inputs = inputs;
        this.masks = masks == null ? Collections.nCopies(inputs.size(), null) : masks;
        this.tensorKwargs = tensorKwargs == null ? Map.of() : tensorKwargs;
        this.kwargs = kwargs == null ? Map.of() : kwargs;
        this.state = state;
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

    /** The same call with other inputs and masks (keywords and state kept). */
    public Call with(List<Tensor> newInputs, List<Tensor> newMasks) {
        return new Call(newInputs, newMasks, tensorKwargs, kwargs, state);
    }

    /** The same call with another state node (null: not streamed). */
    public Call withState(CallState newState) {
        return new Call(inputs, masks, tensorKwargs, kwargs, newState);
    }
}
