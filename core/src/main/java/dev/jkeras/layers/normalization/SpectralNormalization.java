// SpectralNormalization (wrapper): at inference Keras runs the wrapped layer with its stored kernel as is (the power
// iteration and kernel update happen only in training); vector_u is loaded for the parameter count. Keras 3 casts the
// output to the input's dtype, which truncates an Embedding's rows to integers for token ids: refused. The wrapped
// layer's output mask stays (Keras 3 keeps it on the output, which a cast to the same dtype returns unchanged).
package dev.jkeras.layers.normalization;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keras {@code SpectralNormalization}: the wrapped layer, unchanged at inference. */
public final class SpectralNormalization extends Layer {
    private static final Set<String> CONV = Set.of("Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D");
    private static final Set<String> CONV_TRANSPOSE = Set.of("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
            "Convolution1DTranspose", "Convolution2DTranspose", "Convolution3DTranspose");
    private static final Set<String> DEPTHWISE = Set.of("DepthwiseConv1D", "DepthwiseConv2D");
    private static final Set<String> EMBEDDING = Set.of("Embedding", "ReversibleEmbedding");

    private final Layer inner;
    private final long vectorSize;

    private SpectralNormalization(LayerSpec spec, Layer inner, long vectorSize) {
        super(spec);
        this.inner = inner;
        this.vectorSize = vectorSize;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        return inner.outputShapes(inputShapes);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes, Map<String, Object> kwargs) {
        return inner.outputShapes(inputShapes, kwargs);
    }

    @Override
    public List<Tensor> call(Call call) {
        return inner.forward(call).values();
    }

    @Override
    public Outputs forward(Call call) {
        return inner.forward(call);
    }

    @Override
    public List<Layer> sublayers() {
        return List.of(inner);
    }

    @Override
    public long paramCount() {
        return inner.paramCount() + vectorSize;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("SpectralNormalization");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            int iterations = spec.config().getInt("power_iterations", 1);
            if (iterations < 1) {
                throw new dev.jkeras.error.ModelFormatException(spec.where() + ": config key 'power_iterations' must be >= 1, found " + iterations);
            }
            LayerSpec child = spec.child("layer");
            String cls = child.className();
            if (EMBEDDING.contains(cls) && spec.writer() != null && spec.writer().major() >= 3) {
                throw new UnsupportedFeatureException(spec.where() + ": SpectralNormalization around an " + cls + " is not supported for "
                        + "Keras 3 files: Keras 3 casts the output to the input's dtype, so integer token ids give the embedding rows "
                        + "truncated to integers (supported around an embedding: files written by tf.keras)");
            }
            Layer inner = ctx.build(child, ctx.inputShapes());
            int columns = kernelColumns(spec, child, ctx.inputShape());
            ctx.weights(WeightDecl.fixed("vector_u", 1, columns));
            return new SpectralNormalization(spec, inner, columns);
        }

        /** The last dimension of the wrapped layer's {@code kernel} (or {@code embeddings}), the length of vector_u. */
        private static int kernelColumns(LayerSpec spec, LayerSpec child, Shape in) {
            String cls = child.className();
            if (cls.equals("Dense")) return child.config().requireInt("units");
            if (CONV.contains(cls)) return child.config().requireInt("filters");
            if (DEPTHWISE.contains(cls)) return child.config().getInt("depth_multiplier", 1);
            if (EMBEDDING.contains(cls)) return child.config().requireInt("output_dim");
            if (CONV_TRANSPOSE.contains(cls)) return in.dim(LayerConfigs.channelsFirst(child) ? 1 : in.rank() - 1);
            throw new UnsupportedFeatureException(spec.where() + ": SpectralNormalization around a " + cls + " is not supported "
                    + "(supported: Dense, Conv1D/2D/3D, Conv1D/2D/3DTranspose, DepthwiseConv1D/2D, Embedding)");
        }
    }
}
