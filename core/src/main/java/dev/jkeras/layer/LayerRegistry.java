package dev.jkeras.layer;

import dev.jkeras.error.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The table of supported Keras layer classes. The built-in table below doubles as the list of what
 * jkeras supports; users' own factories are added through {@link ServiceLoader} (keyed by their
 * Keras {@code registered_name}, e.g. {@code mypkg>MyLayer}, or class name).
 */
public final class LayerRegistry {
    private static final List<LayerFactory> BUILTIN = List.of(
            // graph
            new dev.jkeras.graph.InputLayer.Factory(),
            new dev.jkeras.graph.ModelFactory(),
            new dev.jkeras.layers.core.TimeDistributed.Factory(),
            new dev.jkeras.layers.core.Lambda.Factory(),
            // raw Keras 3 ops (module keras.src.ops): the mask computations Keras writes as graph nodes
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.NOT_EQUAL),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.EQUAL),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.GREATER),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.GREATER_EQUAL),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.LESS),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.LESS_EQUAL),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.LOGICAL_AND),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.LOGICAL_OR),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.LOGICAL_XOR),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.LOGICAL_NOT),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.ADD),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.SUBTRACT),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.MULTIPLY),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.TRUE_DIVIDE),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.DIVIDE),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.MAXIMUM),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.MINIMUM),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.ZEROS_LIKE),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.ONES_LIKE),
            new dev.jkeras.layers.ops.ElementwiseOp.Factory(dev.jkeras.layers.ops.ElementwiseOp.Kind.CAST),
            new dev.jkeras.layers.ops.ReduceOp.Factory(dev.jkeras.layers.ops.ReduceOp.Kind.ANY),
            new dev.jkeras.layers.ops.ReduceOp.Factory(dev.jkeras.layers.ops.ReduceOp.Kind.ALL),
            new dev.jkeras.layers.ops.ReduceOp.Factory(dev.jkeras.layers.ops.ReduceOp.Kind.SUM),
            new dev.jkeras.layers.ops.ReduceOp.Factory(dev.jkeras.layers.ops.ReduceOp.Kind.MEAN),
            new dev.jkeras.layers.ops.ReduceOp.Factory(dev.jkeras.layers.ops.ReduceOp.Kind.MAX),
            new dev.jkeras.layers.ops.ReduceOp.Factory(dev.jkeras.layers.ops.ReduceOp.Kind.MIN),
            new dev.jkeras.layers.ops.ShapeOp.Factory(dev.jkeras.layers.ops.ShapeOp.Kind.EXPAND_DIMS),
            new dev.jkeras.layers.ops.ShapeOp.Factory(dev.jkeras.layers.ops.ShapeOp.Kind.SQUEEZE),
            new dev.jkeras.layers.ops.ShapeOp.Factory(dev.jkeras.layers.ops.ShapeOp.Kind.CONCATENATE),
            new dev.jkeras.layers.ops.TensorFlowOpLayer.Factory(), // tf.keras 2.0-2.3 raw TF op (Transpose, Reshape)
            // layers: one line per Keras class, grouped by family
            // core
            new dev.jkeras.layers.core.Dense.Factory(),
            new dev.jkeras.layers.core.Activation.Factory(),
            new dev.jkeras.layers.core.Embedding.Factory(),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("Identity"),
            // regularization: identities at inference
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("Dropout"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("SpatialDropout1D"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("SpatialDropout2D"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("SpatialDropout3D"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("GaussianNoise"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("GaussianDropout"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("AlphaDropout"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("ActivityRegularization"),
            // preprocessing: computed at inference
            new dev.jkeras.layers.preprocessing.Rescaling.Factory(),
            new dev.jkeras.layers.preprocessing.Resizing.Factory(),
            new dev.jkeras.layers.preprocessing.CenterCrop.Factory(),
            new dev.jkeras.layers.preprocessing.RandomCrop.Factory(),
            new dev.jkeras.layers.preprocessing.AutoContrast.Factory(),
            new dev.jkeras.layers.preprocessing.CategoryEncoding.Factory(),
            new dev.jkeras.layers.preprocessing.Discretization.Factory(),
            new dev.jkeras.layers.preprocessing.Hashing.Factory(),
            new dev.jkeras.layers.preprocessing.IntegerLookup.Factory(),
            // preprocessing: image augmentation, the identity at inference (Keras 3 and tf.keras)
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomFlip"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomRotation"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomZoom"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomContrast"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomBrightness"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomTranslation"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomHeight"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomWidth"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomGrayscale"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomHue"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomSaturation"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomSharpness"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomShear"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomColorJitter"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomColorDegeneration"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomPosterization"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomInvert"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomErasing"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomGaussianBlur"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomElasticTransform"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandomPerspective"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("Solarization"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("MixUp"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("CutMix"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("AugMix"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("RandAugment"),
            dev.jkeras.layers.regularization.InferenceIdentity.Factory.augmentation("MaxNumBoundingBoxes"),
            // reshaping
            new dev.jkeras.layers.reshaping.Flatten.Factory(),
            new dev.jkeras.layers.reshaping.Reshape.Factory(),
            new dev.jkeras.layers.reshaping.Permute.Factory(),
            new dev.jkeras.layers.reshaping.RepeatVector.Factory(),
            // convolutional (one class per kind, by rank: Keras 3 name first, then Keras 1/2 aliases)
            new dev.jkeras.layers.convolutional.Convolution.Factory(1, "Conv1D", "Convolution1D", "AtrousConvolution1D"),
            new dev.jkeras.layers.convolutional.Convolution.Factory(2, "Conv2D", "Convolution2D", "AtrousConvolution2D"),
            new dev.jkeras.layers.convolutional.Convolution.Factory(3, "Conv3D", "Convolution3D"),
            new dev.jkeras.layers.convolutional.ConvolutionTranspose.Factory(1, "Conv1DTranspose", "Convolution1DTranspose"),
            new dev.jkeras.layers.convolutional.ConvolutionTranspose.Factory(2, "Conv2DTranspose", "Convolution2DTranspose", "Deconvolution2D"),
            new dev.jkeras.layers.convolutional.ConvolutionTranspose.Factory(3, "Conv3DTranspose", "Convolution3DTranspose", "Deconvolution3D"),
            new dev.jkeras.layers.convolutional.DepthwiseConvolution.Factory(1, "DepthwiseConv1D"),
            new dev.jkeras.layers.convolutional.DepthwiseConvolution.Factory(2, "DepthwiseConv2D"),
            new dev.jkeras.layers.convolutional.SeparableConvolution.Factory(1, "SeparableConv1D", "SeparableConvolution1D"),
            new dev.jkeras.layers.convolutional.SeparableConvolution.Factory(2, "SeparableConv2D", "SeparableConvolution2D"),
            // locally connected (Keras 1/2 only)
            new dev.jkeras.layers.locallyconnected.LocallyConnected.Factory(1, "LocallyConnected1D"),
            new dev.jkeras.layers.locallyconnected.LocallyConnected.Factory(2, "LocallyConnected2D"),
            // pooling
            new dev.jkeras.layers.pooling.Pooling.Factory(1, true, "MaxPooling1D", "MaxPool1D"),
            new dev.jkeras.layers.pooling.Pooling.Factory(2, true, "MaxPooling2D", "MaxPool2D"),
            new dev.jkeras.layers.pooling.Pooling.Factory(3, true, "MaxPooling3D", "MaxPool3D"),
            new dev.jkeras.layers.pooling.Pooling.Factory(1, false, "AveragePooling1D", "AvgPool1D"),
            new dev.jkeras.layers.pooling.Pooling.Factory(2, false, "AveragePooling2D", "AvgPool2D"),
            new dev.jkeras.layers.pooling.Pooling.Factory(3, false, "AveragePooling3D", "AvgPool3D"),
            new dev.jkeras.layers.pooling.GlobalPooling.Factory(1, true, "GlobalMaxPooling1D", "GlobalMaxPool1D"),
            new dev.jkeras.layers.pooling.GlobalPooling.Factory(2, true, "GlobalMaxPooling2D", "GlobalMaxPool2D"),
            new dev.jkeras.layers.pooling.GlobalPooling.Factory(3, true, "GlobalMaxPooling3D", "GlobalMaxPool3D"),
            new dev.jkeras.layers.pooling.GlobalPooling.Factory(1, false, "GlobalAveragePooling1D", "GlobalAvgPool1D"),
            new dev.jkeras.layers.pooling.GlobalPooling.Factory(2, false, "GlobalAveragePooling2D", "GlobalAvgPool2D"),
            new dev.jkeras.layers.pooling.GlobalPooling.Factory(3, false, "GlobalAveragePooling3D", "GlobalAvgPool3D"),
            new dev.jkeras.layers.pooling.AdaptivePooling.Factory(1, true, "AdaptiveMaxPooling1D"),
            new dev.jkeras.layers.pooling.AdaptivePooling.Factory(2, true, "AdaptiveMaxPooling2D"),
            new dev.jkeras.layers.pooling.AdaptivePooling.Factory(3, true, "AdaptiveMaxPooling3D"),
            new dev.jkeras.layers.pooling.AdaptivePooling.Factory(1, false, "AdaptiveAveragePooling1D"),
            new dev.jkeras.layers.pooling.AdaptivePooling.Factory(2, false, "AdaptiveAveragePooling2D"),
            new dev.jkeras.layers.pooling.AdaptivePooling.Factory(3, false, "AdaptiveAveragePooling3D"),
            // normalization
            new dev.jkeras.layers.normalization.BatchNormalization.Factory(),
            // merging
            new dev.jkeras.layers.merging.Add.Factory(),
            new dev.jkeras.layers.merging.Concatenate.Factory(),
            // rnn: recurrent layers and cells, Masking (Keras 3 writes mask computations as raw ops, above)
            new dev.jkeras.layers.rnn.LSTM.Factory(),
            new dev.jkeras.layers.rnn.GRU.Factory(),
            new dev.jkeras.layers.rnn.SimpleRNN.Factory(),
            new dev.jkeras.layers.rnn.RNN.Factory(),
            new dev.jkeras.layers.rnn.LSTMCell.Factory(),
            new dev.jkeras.layers.rnn.GRUCell.Factory(),
            new dev.jkeras.layers.rnn.SimpleRNNCell.Factory(),
            new dev.jkeras.layers.rnn.StackedRNNCells.Factory(),
            new dev.jkeras.layers.rnn.Bidirectional.Factory(),
            new dev.jkeras.layers.rnn.ConvLSTM.Factory(1),
            new dev.jkeras.layers.rnn.ConvLSTM.Factory(2),
            new dev.jkeras.layers.rnn.ConvLSTM.Factory(3),
            new dev.jkeras.layers.rnn.CuDNN.LstmFactory(),
            new dev.jkeras.layers.rnn.CuDNN.GruFactory(),
            new dev.jkeras.layers.core.Masking.Factory(),
            // attention and transformer layers (EinsumDense lives in core)
            new dev.jkeras.layers.core.EinsumDense.Factory(),
            new dev.jkeras.layers.attention.MultiHeadAttention.Factory(),
            new dev.jkeras.layers.attention.GroupQueryAttention.Factory(),
            new dev.jkeras.layers.attention.Attention.Factory(),
            new dev.jkeras.layers.attention.AdditiveAttention.Factory(),
            // normalization, merging, reshaping, activations (issue 3, branch norm)
            new dev.jkeras.layers.normalization.LayerNormalization.Factory(),
            new dev.jkeras.layers.normalization.GroupNormalization.Factory(),
            new dev.jkeras.layers.normalization.UnitNormalization.Factory(),
            new dev.jkeras.layers.normalization.RMSNormalization.Factory(),
            new dev.jkeras.layers.normalization.Normalization.Factory(),
            new dev.jkeras.layers.merging.Subtract.Factory(),
            new dev.jkeras.layers.merging.Multiply.Factory(),
            new dev.jkeras.layers.merging.Average.Factory(),
            new dev.jkeras.layers.merging.Maximum.Factory(),
            new dev.jkeras.layers.merging.Minimum.Factory(),
            new dev.jkeras.layers.merging.Dot.Factory(),
            new dev.jkeras.layers.reshaping.Cropping.Factory(1),
            new dev.jkeras.layers.reshaping.Cropping.Factory(2),
            new dev.jkeras.layers.reshaping.Cropping.Factory(3),
            new dev.jkeras.layers.reshaping.ZeroPadding.Factory(1),
            new dev.jkeras.layers.reshaping.ZeroPadding.Factory(2),
            new dev.jkeras.layers.reshaping.ZeroPadding.Factory(3),
            new dev.jkeras.layers.reshaping.UpSampling.Factory(1),
            new dev.jkeras.layers.reshaping.UpSampling.Factory(2),
            new dev.jkeras.layers.reshaping.UpSampling.Factory(3),
            new dev.jkeras.layers.activations.ReLU.Factory(),
            new dev.jkeras.layers.activations.LeakyReLU.Factory(),
            new dev.jkeras.layers.activations.PReLU.Factory(),
            new dev.jkeras.layers.activations.ELU.Factory(),
            new dev.jkeras.layers.activations.Softmax.Factory(),
            new dev.jkeras.layers.activations.ThresholdedReLU.Factory()
    );

    private static final LayerRegistry DEFAULT = new LayerRegistry(BUILTIN, true);

    private final Map<String, LayerFactory> byName = new TreeMap<>();

    private LayerRegistry(List<LayerFactory> factories, boolean withServices) {
        List<LayerFactory> all = new ArrayList<>(factories);
        if (withServices) ServiceLoader.load(LayerFactory.class).forEach(all::add);
        for (LayerFactory f : all) {
            for (String n : f.classNames()) {
                if (byName.putIfAbsent(n, f) != null && !withServices) {
                    throw new IllegalStateException("two factories for " + n);
                }
            }
        }
    }

    /** The built-in layers plus any found by {@link ServiceLoader}. */
    public static LayerRegistry defaults() {
        return DEFAULT;
    }

    /** This registry plus {@code extra} factories, which take precedence (for users' own layers and tests). */
    public LayerRegistry with(LayerFactory... extra) {
        List<LayerFactory> all = new ArrayList<>(List.of(extra));
        LayerRegistry r = new LayerRegistry(all, false);
        byName.forEach(r.byName::putIfAbsent);
        return r;
    }

    /** The factory for a Keras class name; an {@link UnsupportedFeatureException} naming the layer if none. */
    public LayerFactory factory(LayerSpec spec) {
        LayerFactory f = byName.get(spec.className());
        if (f == null) {
            throw new UnsupportedFeatureException(spec.where() + ": layer class '" + spec.className()
                    + "' is not supported by jkeras (run `jkeras layers` for the supported list)");
        }
        return f;
    }

    /** Every distinct factory, in table order. */
    public List<LayerFactory> factories() {
        List<LayerFactory> out = new ArrayList<>();
        java.util.Set<LayerFactory> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (LayerFactory f : byName.values()) if (seen.add(f)) out.add(f);
        return out;
    }

    /** Every supported class name (aliases included), sorted. */
    public List<String> classNames() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    /** Builds a layer through its factory. */
    public Layer create(LayerSpec spec, BuildContext ctx) {
        return factory(spec).create(spec, ctx);
    }
}
