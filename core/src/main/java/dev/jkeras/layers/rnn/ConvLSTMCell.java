// ConvLSTM cell (keras-spec 4.6): the LSTM gates i, f, c, o computed by convolutions, x with the layer's strides,
// dilation and padding (+ bias), h with stride 1 and 'same' padding; states h, c of shape (spatial..., filters).
// Works channels-last; Recurrent permutes channels_first data at the edges.
package dev.jkeras.layers.rnn;

import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Conv;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import java.util.List;

/** The cell of Keras {@code ConvLSTM1D/2D/3D} (never serialized on its own). */
final class ConvLSTMCell extends RecurrentCell {
    private final Conv.Geometry inputConv;
    private final Conv.Geometry recurrentConv;
    private final int outPixels;
    private final int filters;
    private final Conv.Kernel kernel;
    private final Conv.Kernel recurrentKernel;
    private final float[] bias;
    private final ActivationFn activation;
    private final ActivationFn recurrentActivation;
    private final Shape stepShape;
    private final Shape stateShape;
    private final long params;

    ConvLSTMCell(LayerSpec spec, Shape stepShape, Conv.Geometry inputConv, Conv.Geometry recurrentConv, int filters, float[] kernel, float[] recurrentKernel,
                 float[] bias, ActivationFn activation, ActivationFn recurrentActivation) {
        super(spec);
        this.inputConv = inputConv;
        this.recurrentConv = recurrentConv;
        this.outPixels = inputConv.outSize();
        this.filters = filters;
        this.kernel = Conv.pack(kernel, inputConv.kSize(), stepShape.dim(stepShape.rank() - 1), 4 * filters, 1);
        this.recurrentKernel = Conv.pack(recurrentKernel, recurrentConv.kSize(), filters, 4 * filters, 1);
        this.bias = bias;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.stepShape = stepShape;
        this.stateShape = Shape.of(inputConv.outDims()).append(filters);
        this.params = kernel.length + recurrentKernel.length + (bias == null ? 0 : bias.length);
    }

    @Override
    public Shape stepInputShape() {
        return stepShape;
    }

    @Override
    public List<Shape> stateShapes() {
        return List.of(stateShape, stateShape);
    }

    @Override
    int projectionSize() {
        return outPixels * 4 * filters;
    }

    @Override
    void project(float[] x, int xOff, int rows, float[] out, int outOff) {
        Conv.conv(x, xOff, rows, stepShape.dim(stepShape.rank() - 1), inputConv, kernel, bias, null, out, outOff);
    }

    @Override
    int scratchSize(int batch) {
        return batch * outPixels * 4 * filters + filters;
    }

    @Override
    void step(int batch, float[] proj, int projOff, int projStride, float[][] states, float[][] next, int s0,
              float[] scratch, int scratchOff) {
        int f = filters, g = 4 * f, pix = outPixels;
        float[] c = states[s0 + 1], h2 = next[s0], c2 = next[s0 + 1];
        Conv.conv(states[s0], 0, batch, f, recurrentConv, recurrentKernel, null, null, scratch, scratchOff);
        int actC = scratchOff + batch * pix * g;
        for (int r = 0; r < batch; r++) {
            for (int q = 0; q < pix; q++) {
                int zo = scratchOff + (r * pix + q) * g, p = projOff + r * projStride + q * g, ho = (r * pix + q) * f;
                for (int j = 0; j < g; j++) scratch[zo + j] = proj[p + j] + scratch[zo + j];
                if (!recurrentActivation.isIdentity()) {
                    recurrentActivation.applyInPlace(scratch, zo, f, f);
                    recurrentActivation.applyInPlace(scratch, zo + f, f, f);
                    recurrentActivation.applyInPlace(scratch, zo + 3 * f, f, f);
                }
                if (!activation.isIdentity()) activation.applyInPlace(scratch, zo + 2 * f, f, f);
                for (int j = 0; j < f; j++) {
                    float cn = scratch[zo + f + j] * c[ho + j] + scratch[zo + j] * scratch[zo + 2 * f + j];
                    c2[ho + j] = cn;
                    scratch[actC + j] = cn;
                }
                if (!activation.isIdentity()) activation.applyInPlace(scratch, actC, f, f);
                for (int j = 0; j < f; j++) h2[ho + j] = scratch[zo + 3 * f + j] * scratch[actC + j];
            }
        }
    }

    @Override
    public long paramCount() {
        return params;
    }
}
