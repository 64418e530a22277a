package dev.jkeras.layer;

import java.util.HashMap;
import java.util.Map;

/**
 * What one stream of calls carries from a model call to the next (recurrent states, for
 * {@code Model.predict(x, state)}): a tree with one node per layer call, and children for the calls
 * inside nested models and wrappers. It belongs to the caller, who uses it from one thread at a
 * time; layers read and write their node during a call and keep nothing in fields.
 */
public final class CallState {
    private Object value;
    private Map<Integer, CallState> children;

    /** The node of sub-call {@code key} (a step of a nested model, a direction of Bidirectional, ...), created on first use. */
    public CallState child(int key) {
        if (children == null) children = new HashMap<>();
        return children.computeIfAbsent(key, k -> new CallState());
    }

    /** What the layer stored at the end of its previous call in this stream, or null at the start. */
    public Object get() {
        return value;
    }

    /** Stores what the layer's next call in this stream continues from. */
    public void set(Object value) {
        this.value = value;
    }

    /** Forgets everything below and at this node: the stream starts over. */
    public void clear() {
        value = null;
        children = null;
    }
}
