package dev.jkeras.graph;

import dev.jkeras.layer.CallState;

/**
 * The recurrent state of one stream through a {@link Model}, owned by the caller: feed a long
 * sequence chunk by chunk with {@link Model#predict(java.util.List, ModelState)} and every recurrent
 * layer continues where the previous chunk ended, so the chunks' outputs equal those of one call on
 * the whole sequence (for models whose only layers that mix timesteps are recurrent). Layers that
 * Keras marks {@code stateful=True} continue exactly as Keras's stateful layers do between calls.
 * <pre>{@code
 * ModelState s = model.newState();
 * for (Tensor chunk : chunks) out.add(model.predict(chunk, s));
 * s.reset();   // a new sequence
 * }</pre>
 * A state is not thread-safe: use one per stream (the {@link Model} itself is shared freely). The
 * batch size must stay the same from chunk to chunk.
 */
public final class ModelState {
    private final Model model;
    private final CallState root = new CallState();

    ModelState(Model model) {
        this.model = model;
    }

    /** Forgets everything: the next call starts a new sequence (zero states, as a fresh Keras model). */
    public void reset() {
        root.clear();
    }

    /** The model this state belongs to. */
    public Model model() {
        return model;
    }

    CallState root() {
        return root;
    }
}
