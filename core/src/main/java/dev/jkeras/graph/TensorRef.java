package dev.jkeras.graph;

/**
 * A reference to one output tensor of one call of a layer inside a graph: {@code layer}'s
 * {@code call}-th call in this graph (0-based, importer has already removed format-specific
 * node-index offsets), output number {@code index}.
 */
public record TensorRef(String layer, int call, int index) {
    @Override
    public String toString() {
        return layer + "[" + call + "][" + index + "]";
    }
}
