// StackedRNNCells: at each step cell k reads cell k−1's new output; the states are every cell's states in order,
// and the output is the last cell's. Keras 3 wraps a list of cells given to RNN in it; tf.keras may store the list.
package dev.jkeras.layers.rnn;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** Keras {@code StackedRNNCells}. */
public final class StackedRNNCells extends RecurrentCell {
    private final List<RecurrentCell> cells;
    private final int[] stateOffset;
    private final List<Shape> states;

    StackedRNNCells(LayerSpec spec, List<RecurrentCell> cells) {
        super(spec);
        this.cells = List.copyOf(cells);
        this.stateOffset = new int[cells.size()];
        List<Shape> all = new ArrayList<>();
        for (int k = 0; k < cells.size(); k++) {
            stateOffset[k] = all.size();
            all.addAll(cells.get(k).stateShapes());
        }
        this.states = List.copyOf(all);
    }

    /**
     * Builds the cells stored as children {@code cells/0, cells/1, ...} of {@code spec}, each on the
     * previous cell's output; {@code batchedStep} is the first cell's input shape with the batch dimension.
     */
    static List<RecurrentCell> buildCells(LayerSpec spec, BuildContext ctx, Shape batchedStep) {
        List<RecurrentCell> cells = new ArrayList<>();
        Shape in = batchedStep;
        for (int k = 0; spec.children().containsKey("cells/" + k); k++) {
            LayerSpec child = spec.child("cells/" + k);
            Layer l = ctx.build(child, List.of(in));
            if (!(l instanceof RecurrentCell c)) {
                throw new UnsupportedFeatureException(child.where() + ": only Keras's built-in recurrent cells can be stacked, found "
                        + child.className());
            }
            cells.add(c);
            in = c.stateShapes().get(c.outputState()).prepend(batchedStep.dim(0));
        }
        if (cells.isEmpty()) throw new ModelFormatException(spec.where() + ": expected a list of cells under config key 'cells', found none");
        return cells;
    }

    @Override
    public Shape stepInputShape() {
        return cells.get(0).stepInputShape();
    }

    @Override
    public List<Shape> stateShapes() {
        return states;
    }

    @Override
    public int outputState() {
        int last = cells.size() - 1;
        return stateOffset[last] + cells.get(last).outputState();
    }

    @Override
    int projectionSize() {
        return cells.get(0).projectionSize();
    }

    @Override
    void project(float[] x, int xOff, int rows, float[] out, int outOff) {
        cells.get(0).project(x, xOff, rows, out, outOff);
    }

    @Override
    int scratchSize(int batch) {
        int n = 0;
        for (int k = 0; k < cells.size(); k++) {
            n += cells.get(k).scratchSize(batch);
            if (k > 0) n += batch * cells.get(k).projectionSize();
        }
        return n;
    }

    @Override
    void step(int batch, float[] proj, int projOff, int projStride, float[][] states, float[][] next, int s0,
              float[] scratch, int scratchOff) {
        int off = scratchOff;
        RecurrentCell first = cells.get(0);
        first.step(batch, proj, projOff, projStride, states, next, s0 + stateOffset[0], scratch, off);
        off += first.scratchSize(batch);
        for (int k = 1; k < cells.size(); k++) {
            RecurrentCell prev = cells.get(k - 1), c = cells.get(k);
            float[] in = next[s0 + stateOffset[k - 1] + prev.outputState()];
            int p = off;
            off += batch * c.projectionSize();
            c.project(in, 0, batch, scratch, p);
            c.step(batch, scratch, p, c.projectionSize(), states, next, s0 + stateOffset[k], scratch, off);
            off += c.scratchSize(batch);
        }
    }

    @Override
    public long paramCount() {
        long n = 0;
        for (RecurrentCell c : cells) n += c.paramCount();
        return n;
    }

    @Override
    public List<Layer> sublayers() {
        return List.copyOf(cells);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("StackedRNNCells");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new StackedRNNCells(spec, buildCells(spec, ctx, ctx.inputShape()));
        }
    }
}
