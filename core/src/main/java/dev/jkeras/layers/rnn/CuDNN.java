// CuDNNLSTM / CuDNNGRU (Keras 2 and tf.compat.v1): an LSTM (tanh, sigmoid) and a reset_after GRU (tanh, sigmoid)
// whose stored weights cuDNN reads its own way: each gate block's row-major buffer is taken as a (units, in)
// matrix (so the kernel in Keras terms is that matrix transposed), and the bias is input half + recurrent half.
// No masks (Keras refuses them too).
package dev.jkeras.layers.rnn;

import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras 2 {@code CuDNNLSTM} and {@code CuDNNGRU}. */
public final class CuDNN {
    private CuDNN() {}

    /**
     * The Keras-layout kernel cuDNN effectively applies: for each of the {@code gates} column blocks
     * (rows × units) of {@code w} (rows × gates·units), its row-major buffer read as a (units × rows)
     * matrix, transposed back to (rows × units).
     */
    static Tensor cudnnKernel(Tensor w, int gates, int units) {
        int rows = w.dim(0), cols = gates * units;
        float[] src = w.data(), dst = new float[src.length];
        float[] block = new float[rows * units];
        for (int g = 0; g < gates; g++) {
            for (int r = 0; r < rows; r++) System.arraycopy(src, r * cols + g * units, block, r * units, units);
            // block viewed as W (units × rows) row-major: W[j][i] = block[j·rows + i]; the kernel is Wᵀ
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < units; j++) dst[i * cols + g * units + j] = block[j * rows + i];
            }
        }
        return Tensor.of(w.shape(), dst);
    }

    private static Shape step(LayerSpec spec, BuildContext ctx) {
        boolean timeMajor = spec.config().getBool("time_major", false);
        return RnnConfig.stepShape(RnnConfig.sequenceShape(spec, ctx.inputShapes().get(0), 1, timeMajor));
    }

    public static final class LstmFactory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("CuDNNLSTM");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int in = step(spec, ctx).dim(0), u = RnnConfig.positive(spec, "units");
            List<Tensor> w = ctx.weights(WeightDecl.trainable("kernel", in, 4 * u), WeightDecl.trainable("recurrent_kernel", u, 4 * u),
                    WeightDecl.trainable("bias", 8 * u));
            float[] b = w.get(2).data(), sum = new float[4 * u];
            for (int j = 0; j < 4 * u; j++) sum[j] = b[j] + b[4 * u + j];
            LSTMCell cell = new LSTMCell(spec, in, u, cudnnKernel(w.get(0), 4, u), cudnnKernel(w.get(1), 4, u),
                    Tensor.of(Shape.of(4 * u), sum), Activations.byName("tanh", null), Activations.byName("sigmoid", null));
            return new Recurrent(spec, cell, false, 4L * u);
        }
    }

    public static final class GruFactory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("CuDNNGRU");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int in = step(spec, ctx).dim(0), u = RnnConfig.positive(spec, "units");
            List<Tensor> w = ctx.weights(WeightDecl.trainable("kernel", in, 3 * u), WeightDecl.trainable("recurrent_kernel", u, 3 * u),
                    WeightDecl.trainable("bias", 6 * u));
            GRUCell cell = new GRUCell(spec, in, u, true, cudnnKernel(w.get(0), 3, u), cudnnKernel(w.get(1), 3, u),
                    w.get(2).reshape(Shape.of(2, 3 * u)), Activations.byName("tanh", null), Activations.byName("sigmoid", null));
            return new Recurrent(spec, cell, false, 0);
        }
    }
}
