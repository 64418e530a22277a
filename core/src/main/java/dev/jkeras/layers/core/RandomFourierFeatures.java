// RandomFourierFeatures (tf.keras.layers.experimental, tf_keras only): y = cos(x · (unscaled_kernel / kernel_scale) + bias)
// on (batch, dim) inputs, in float32 as tf.keras (the kernel is scaled once, here at load). The random kernel and bias
// are stored weights; kernel_initializer and scale in the config only seeded them.
package dev.jkeras.layers.core;

import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** tf.keras {@code RandomFourierFeatures}. */
public final class RandomFourierFeatures extends UnaryLayer {
    private final int inDim;
    private final int outDim;
    private final MatMul.Packed kernel;
    private final float[] bias;

    private RandomFourierFeatures(LayerSpec spec, int inDim, int outDim, MatMul.Packed kernel, float[] bias) {
        super(spec);
        this.inDim = inDim;
        this.outDim = outDim;
        this.kernel = kernel;
        this.bias = bias;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 2 || in.dim(1) != inDim) throw shapeError("(batch, " + inDim + ")", in);
        return in.with(1, outDim);
    }

    @Override
    public Tensor apply(Tensor x) {
        Shape out = outputShape(x.shape());
        int rows = x.dim(0);
        float[] y = Buffers.take(rows * outDim);
        MatMul.gemm(rows, x.data(), 0, inDim, kernel, y, 0, outDim, bias, null);
        for (int i = 0; i < y.length; i++) y[i] = (float) Math.cos(y[i]);
        return Tensor.of(out, y);
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public long paramCount() {
        return 1L + (long) inDim * outDim + outDim;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("RandomFourierFeatures");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Shape in = ctx.inputShape();
            if (in.rank() != 2 || in.dim(1) == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, "(batch, dim) with a known dim", in);
            int inDim = in.dim(1), outDim = spec.config().requireInt("output_dim");
            List<Tensor> w = ctx.weights(WeightDecl.trainable("kernel_scale", 1), WeightDecl.fixed("unscaled_kernel", inDim, outDim),
                    WeightDecl.fixed("bias", outDim));
            float inverse = 1.0f / w.get(0).data()[0];
            float[] k = w.get(1).data().clone();
            for (int i = 0; i < k.length; i++) k[i] = inverse * k[i];
            return new RandomFourierFeatures(spec, inDim, outDim, MatMul.pack(k, inDim, outDim), w.get(2).data());
        }
    }
}
