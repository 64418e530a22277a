// The per-step math of a Keras recurrent cell, driven by Recurrent's time loop: the input projection is
// computed for all steps at once, then the recurrent part step by step on plain float arrays (one per state).
// Cells are layers only so that RNN(cell=...) can build them with their own weight scope; they never run alone.
package dev.jkeras.layers.rnn;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** A Keras RNN cell (SimpleRNNCell, LSTMCell, GRUCell, ConvLSTMCell, StackedRNNCells). */
public abstract class RecurrentCell extends Layer {
    protected RecurrentCell(LayerSpec spec) {
        super(spec);
    }

    /** Per-sample shape of one step's input (no batch dimension). */
    public abstract Shape stepInputShape();

    /** Per-sample shapes of the states in Keras order ([h] or [h, c]; stacked cells: every cell's, in order). */
    public abstract List<Shape> stateShapes();

    /** The state that is also the step's output (stacked cells: the last cell's first state). */
    public int outputState() {
        return 0;
    }

    /** Floats per sample of one step's input projection. */
    abstract int projectionSize();

    /** Projects {@code rows} step inputs (each {@code stepInputShape().size()} floats from {@code xOff}) into {@code out}. */
    abstract void project(float[] x, int xOff, int rows, float[] out, int outOff);

    /** Floats of scratch space {@link #step} needs for {@code batch} rows. */
    abstract int scratchSize(int batch);

    /**
     * One time step for {@code batch} rows: row r's projection starts at {@code projOff + r·projStride};
     * this cell's states are {@code states[s0...]}; it writes its new states to {@code next[s0...]}.
     */
    abstract void step(int batch, float[] proj, int projOff, int projStride, float[][] states, float[][] next, int s0,
                       float[] scratch, int scratchOff);

    @Override
    public final List<Shape> outputShapes(List<Shape> inputShapes) {
        throw standalone();
    }

    @Override
    public final List<Tensor> call(Call call) {
        throw standalone();
    }

    private UnsupportedFeatureException standalone() {
        return new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): a recurrent cell called on its own, "
                + "outside an RNN layer, is not supported; wrap it in keras.layers.RNN");
    }

    /** Applies {@code f} to {@code len} floats at {@code off} of each of {@code rows} rows {@code stride} apart. */
    static void applyRows(dev.jkeras.kernel.ActivationFn f, float[] d, int rows, int stride, int off, int len) {
        if (f.isIdentity()) return;
        for (int r = 0; r < rows; r++) f.applyInPlace(d, r * stride + off, len, len);
    }
}
