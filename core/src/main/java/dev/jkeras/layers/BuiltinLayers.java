package dev.jkeras.layers;

import dev.jkeras.error.KerasException;
import dev.jkeras.graph.InputLayer;
import dev.jkeras.graph.ModelFactory;
import dev.jkeras.layers.activations.ELU;
import dev.jkeras.layers.activations.LeakyReLU;
import dev.jkeras.layers.activations.PReLU;
import dev.jkeras.layers.activations.ReLU;
import dev.jkeras.layers.activations.Softmax;
import dev.jkeras.layers.activations.ThresholdedReLU;
import dev.jkeras.layers.applications.CustomScaleLayer;
import dev.jkeras.layers.applications.LayerScale;
import dev.jkeras.layers.attention.AdditiveAttention;
import dev.jkeras.layers.attention.Attention;
import dev.jkeras.layers.attention.GroupQueryAttention;
import dev.jkeras.layers.attention.MultiHeadAttention;
import dev.jkeras.layers.convolutional.Convolution;
import dev.jkeras.layers.convolutional.ConvolutionTranspose;
import dev.jkeras.layers.convolutional.DepthwiseConvolution;
import dev.jkeras.layers.convolutional.SeparableConvolution;
import dev.jkeras.layers.core.Activation;
import dev.jkeras.layers.core.Dense;
import dev.jkeras.layers.core.EinsumDense;
import dev.jkeras.layers.core.Embedding;
import dev.jkeras.layers.core.Lambda;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layers.core.Masking;
import dev.jkeras.layers.core.RandomFourierFeatures;
import dev.jkeras.layers.core.ReversibleEmbedding;
import dev.jkeras.layers.core.TimeDistributed;
import dev.jkeras.layers.hub.CachedMultiHeadAttention;
import dev.jkeras.layers.hub.PositionEmbedding;
import dev.jkeras.layers.hub.TokenAndPositionEmbedding;
import dev.jkeras.layers.hub.TransformerDecoder;
import dev.jkeras.layers.hub.TransformerEncoder;
import dev.jkeras.layers.hub.ViTEncoder;
import dev.jkeras.layers.hub.ViTPatchingAndEmbedding;
import dev.jkeras.layers.locallyconnected.LocallyConnected;
import dev.jkeras.layers.merging.Add;
import dev.jkeras.layers.merging.Average;
import dev.jkeras.layers.merging.Concatenate;
import dev.jkeras.layers.merging.Dot;
import dev.jkeras.layers.merging.Maximum;
import dev.jkeras.layers.merging.Minimum;
import dev.jkeras.layers.merging.Multiply;
import dev.jkeras.layers.merging.Subtract;
import dev.jkeras.layers.normalization.BatchNormalization;
import dev.jkeras.layers.normalization.GroupNormalization;
import dev.jkeras.layers.normalization.LayerNormalization;
import dev.jkeras.layers.normalization.Normalization;
import dev.jkeras.layers.normalization.RMSNormalization;
import dev.jkeras.layers.normalization.SpectralNormalization;
import dev.jkeras.layers.normalization.UnitNormalization;
import dev.jkeras.layers.ops.ElementwiseOp;
import dev.jkeras.layers.ops.GetItem;
import dev.jkeras.layers.ops.ReduceOp;
import dev.jkeras.layers.ops.ShapeOp;
import dev.jkeras.layers.ops.TFOpLambda;
import dev.jkeras.layers.ops.TensorFlowOpLayer;
import dev.jkeras.layers.pooling.AdaptivePooling;
import dev.jkeras.layers.pooling.GlobalPooling;
import dev.jkeras.layers.pooling.Pooling;
import dev.jkeras.layers.preprocessing.AutoContrast;
import dev.jkeras.layers.preprocessing.CategoryEncoding;
import dev.jkeras.layers.preprocessing.CenterCrop;
import dev.jkeras.layers.preprocessing.Clahe;
import dev.jkeras.layers.preprocessing.Discretization;
import dev.jkeras.layers.preprocessing.HashedCrossing;
import dev.jkeras.layers.preprocessing.Hashing;
import dev.jkeras.layers.preprocessing.IntegerLookup;
import dev.jkeras.layers.preprocessing.MelSpectrogram;
import dev.jkeras.layers.preprocessing.Pipeline;
import dev.jkeras.layers.preprocessing.RandomCrop;
import dev.jkeras.layers.preprocessing.Rescaling;
import dev.jkeras.layers.preprocessing.Resizing;
import dev.jkeras.layers.preprocessing.StringLookup;
import dev.jkeras.layers.preprocessing.TextVectorization;
import dev.jkeras.layers.preprocessing.STFTSpectrogram;
import dev.jkeras.layers.regularization.InferenceIdentity;
import dev.jkeras.layers.reshaping.Cropping;
import dev.jkeras.layers.reshaping.Flatten;
import dev.jkeras.layers.reshaping.Permute;
import dev.jkeras.layers.reshaping.RepeatVector;
import dev.jkeras.layers.reshaping.Reshape;
import dev.jkeras.layers.reshaping.UpSampling;
import dev.jkeras.layers.reshaping.ZeroPadding;
import dev.jkeras.layers.rnn.Bidirectional;
import dev.jkeras.layers.rnn.ConvLSTM;
import dev.jkeras.layers.rnn.CuDNN;
import dev.jkeras.layers.rnn.GRU;
import dev.jkeras.layers.rnn.GRUCell;
import dev.jkeras.layers.rnn.LSTM;
import dev.jkeras.layers.rnn.LSTMCell;
import dev.jkeras.layers.rnn.RNN;
import dev.jkeras.layers.rnn.SimpleRNN;
import dev.jkeras.layers.rnn.SimpleRNNCell;
import dev.jkeras.layers.rnn.StackedRNNCells;
import java.util.List;

/**
 * The built-in layer table: every Keras class jkeras builds, one factory per line, by family. It
 * doubles as the list of what jkeras supports ({@code jkeras layers}). {@link dev.jkeras.layer.LayerRegistry}
 * serves it by name, with users' own factories.
 */
public final class BuiltinLayers {
    private static final List<LayerFactory> TABLE = List.of(
            // graph
            new InputLayer.Factory(),
            new ModelFactory(),
            new TimeDistributed.Factory(),
            // core
            new Dense.Factory(),
            new Activation.Factory(),
            new Embedding.Factory(),
            new ReversibleEmbedding.Factory(),
            new RandomFourierFeatures.Factory(),
            // activation layers
            new ReLU.Factory(),
            new LeakyReLU.Factory(),
            new PReLU.Factory(),
            new ELU.Factory(),
            new Softmax.Factory(),
            new ThresholdedReLU.Factory(),
            // regularization and other identities at inference
            new InferenceIdentity.Factory("Identity"),
            new InferenceIdentity.Factory("Dropout"),
            new InferenceIdentity.Factory("SpatialDropout1D"),
            new InferenceIdentity.Factory("SpatialDropout2D"),
            new InferenceIdentity.Factory("SpatialDropout3D"),
            new InferenceIdentity.Factory("GaussianNoise"),
            new InferenceIdentity.Factory("GaussianDropout"),
            new InferenceIdentity.Factory("AlphaDropout"),
            new InferenceIdentity.Factory("ActivityRegularization"),
            // preprocessing computed at inference
            new Rescaling.Factory(),
            new Resizing.Factory(),
            new CenterCrop.Factory(),
            new RandomCrop.Factory(),
            new AutoContrast.Factory(),
            new CategoryEncoding.Factory(),
            new Discretization.Factory(),
            new Hashing.Factory(),
            new IntegerLookup.Factory(),
            new StringLookup.Factory(),
            new HashedCrossing.Factory(),
            new TextVectorization.Factory(),
            new MelSpectrogram.Factory(),
            new STFTSpectrogram.Factory(),
            new Pipeline.Factory(),
            new Clahe.Factory(),
            // image augmentation: the identity at inference (Keras 3 and tf.keras); drops the mask
            InferenceIdentity.Factory.augmentation("RandomFlip"),
            InferenceIdentity.Factory.augmentation("RandomRotation"),
            InferenceIdentity.Factory.augmentation("RandomZoom"),
            InferenceIdentity.Factory.augmentation("RandomContrast"),
            InferenceIdentity.Factory.augmentation("RandomBrightness"),
            InferenceIdentity.Factory.augmentation("RandomTranslation"),
            InferenceIdentity.Factory.augmentation("RandomHeight"),
            InferenceIdentity.Factory.augmentation("RandomWidth"),
            InferenceIdentity.Factory.augmentation("RandomGrayscale"),
            InferenceIdentity.Factory.augmentation("RandomHue"),
            InferenceIdentity.Factory.augmentation("RandomSaturation"),
            InferenceIdentity.Factory.augmentation("RandomSharpness"),
            InferenceIdentity.Factory.augmentation("RandomShear"),
            InferenceIdentity.Factory.augmentation("RandomColorJitter"),
            InferenceIdentity.Factory.augmentation("RandomColorDegeneration"),
            InferenceIdentity.Factory.augmentation("RandomPosterization"),
            InferenceIdentity.Factory.augmentation("RandomInvert"),
            InferenceIdentity.Factory.augmentation("RandomErasing"),
            InferenceIdentity.Factory.augmentation("RandomGaussianBlur"),
            InferenceIdentity.Factory.augmentation("RandomElasticTransform"),
            InferenceIdentity.Factory.augmentation("RandomPerspective"),
            InferenceIdentity.Factory.augmentation("Solarization"),
            InferenceIdentity.Factory.augmentation("MixUp"),
            InferenceIdentity.Factory.augmentation("CutMix"),
            InferenceIdentity.Factory.augmentation("AugMix"),
            InferenceIdentity.Factory.augmentation("RandAugment"),
            InferenceIdentity.Factory.augmentation("MaxNumBoundingBoxes"),
            InferenceIdentity.Factory.augmentation("Equalization"),
            // keras.applications ConvNeXt blocks (StochasticDepth: the identity at inference; Keras 3's mask stays on
            // the input object it returns)
            new LayerScale.Factory(),
            new CustomScaleLayer.Factory(),
            new InferenceIdentity.Factory("StochasticDepth"),
            // reshaping
            new Flatten.Factory(),
            new Reshape.Factory(),
            new Permute.Factory(),
            new RepeatVector.Factory(),
            new Cropping.Factory(1),
            new Cropping.Factory(2),
            new Cropping.Factory(3),
            new ZeroPadding.Factory(1),
            new ZeroPadding.Factory(2),
            new ZeroPadding.Factory(3),
            new UpSampling.Factory(1),
            new UpSampling.Factory(2),
            new UpSampling.Factory(3),
            // convolutional (by rank; Keras 3 name first, then Keras 1/2 aliases)
            new Convolution.Factory(1, "Conv1D", "Convolution1D", "AtrousConvolution1D"),
            new Convolution.Factory(2, "Conv2D", "Convolution2D", "AtrousConvolution2D"),
            new Convolution.Factory(3, "Conv3D", "Convolution3D"),
            new ConvolutionTranspose.Factory(1, "Conv1DTranspose", "Convolution1DTranspose"),
            new ConvolutionTranspose.Factory(2, "Conv2DTranspose", "Convolution2DTranspose", "Deconvolution2D"),
            new ConvolutionTranspose.Factory(3, "Conv3DTranspose", "Convolution3DTranspose", "Deconvolution3D"),
            new DepthwiseConvolution.Factory(1, "DepthwiseConv1D"),
            new DepthwiseConvolution.Factory(2, "DepthwiseConv2D"),
            new SeparableConvolution.Factory(1, "SeparableConv1D", "SeparableConvolution1D"),
            new SeparableConvolution.Factory(2, "SeparableConv2D", "SeparableConvolution2D"),
            new LocallyConnected.Factory(1, "LocallyConnected1D"),
            new LocallyConnected.Factory(2, "LocallyConnected2D"),
            // pooling
            new Pooling.Factory(1, true, "MaxPooling1D", "MaxPool1D"),
            new Pooling.Factory(2, true, "MaxPooling2D", "MaxPool2D"),
            new Pooling.Factory(3, true, "MaxPooling3D", "MaxPool3D"),
            new Pooling.Factory(1, false, "AveragePooling1D", "AvgPool1D"),
            new Pooling.Factory(2, false, "AveragePooling2D", "AvgPool2D"),
            new Pooling.Factory(3, false, "AveragePooling3D", "AvgPool3D"),
            new GlobalPooling.Factory(1, true, "GlobalMaxPooling1D", "GlobalMaxPool1D"),
            new GlobalPooling.Factory(2, true, "GlobalMaxPooling2D", "GlobalMaxPool2D"),
            new GlobalPooling.Factory(3, true, "GlobalMaxPooling3D", "GlobalMaxPool3D"),
            new GlobalPooling.Factory(1, false, "GlobalAveragePooling1D", "GlobalAvgPool1D"),
            new GlobalPooling.Factory(2, false, "GlobalAveragePooling2D", "GlobalAvgPool2D"),
            new GlobalPooling.Factory(3, false, "GlobalAveragePooling3D", "GlobalAvgPool3D"),
            new AdaptivePooling.Factory(1, true, "AdaptiveMaxPooling1D"),
            new AdaptivePooling.Factory(2, true, "AdaptiveMaxPooling2D"),
            new AdaptivePooling.Factory(3, true, "AdaptiveMaxPooling3D"),
            new AdaptivePooling.Factory(1, false, "AdaptiveAveragePooling1D"),
            new AdaptivePooling.Factory(2, false, "AdaptiveAveragePooling2D"),
            new AdaptivePooling.Factory(3, false, "AdaptiveAveragePooling3D"),
            // normalization
            new BatchNormalization.Factory(),
            new BatchNormalization.Factory("SyncBatchNormalization"),
            new LayerNormalization.Factory(),
            new GroupNormalization.Factory(),
            new UnitNormalization.Factory(),
            new RMSNormalization.Factory(),
            new Normalization.Factory(),
            new SpectralNormalization.Factory(),
            // merging
            new Add.Factory(),
            new Concatenate.Factory(),
            new Subtract.Factory(),
            new Multiply.Factory(),
            new Average.Factory(),
            new Maximum.Factory(),
            new Minimum.Factory(),
            new Dot.Factory(),
            // recurrent and masking
            new LSTM.Factory(),
            new GRU.Factory(),
            new SimpleRNN.Factory(),
            new RNN.Factory(),
            new LSTMCell.Factory(),
            new GRUCell.Factory(),
            new SimpleRNNCell.Factory(),
            new StackedRNNCells.Factory(),
            new Bidirectional.Factory(),
            new ConvLSTM.Factory(1),
            new ConvLSTM.Factory(2),
            new ConvLSTM.Factory(3),
            new CuDNN.LstmFactory(),
            new CuDNN.GruFactory(),
            new Masking.Factory(),
            // attention and transformer blocks
            new EinsumDense.Factory(),
            new MultiHeadAttention.Factory(),
            new GroupQueryAttention.Factory(),
            new Attention.Factory(),
            new AdditiveAttention.Factory(),
            // KerasHub layers (registered_name keras_hub>...; the KerasHub models are expanded into them by the importer)
            new TransformerEncoder.Factory(),
            new TransformerDecoder.Factory(),
            new CachedMultiHeadAttention.Factory(),
            new PositionEmbedding.Factory(),
            new TokenAndPositionEmbedding.Factory(),
            new ViTPatchingAndEmbedding.Factory(),
            new ViTEncoder.Factory(),
            // raw ops: Keras 3 keras.src.ops nodes (mask computations, ops on symbolic tensors), tf.keras 2.0-2.3 TF ops,
            // tf.keras >= 2.4 TF functions (TFOpLambda, SlicingOpLambda)
            new ElementwiseOp.Factory(ElementwiseOp.Kind.NOT_EQUAL),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.EQUAL),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.GREATER),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.GREATER_EQUAL),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.LESS),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.LESS_EQUAL),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.LOGICAL_AND),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.LOGICAL_OR),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.LOGICAL_XOR),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.LOGICAL_NOT),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.ADD),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.SUBTRACT),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.MULTIPLY),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.TRUE_DIVIDE),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.DIVIDE),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.MAXIMUM),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.MINIMUM),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.ZEROS_LIKE),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.ONES_LIKE),
            new ElementwiseOp.Factory(ElementwiseOp.Kind.CAST),
            new ReduceOp.Factory(ReduceOp.Kind.ANY),
            new ReduceOp.Factory(ReduceOp.Kind.ALL),
            new ReduceOp.Factory(ReduceOp.Kind.SUM),
            new ReduceOp.Factory(ReduceOp.Kind.MEAN),
            new ReduceOp.Factory(ReduceOp.Kind.MAX),
            new ReduceOp.Factory(ReduceOp.Kind.MIN),
            new ShapeOp.Factory(ShapeOp.Kind.EXPAND_DIMS),
            new ShapeOp.Factory(ShapeOp.Kind.SQUEEZE),
            new ShapeOp.Factory(ShapeOp.Kind.CONCATENATE),
            new GetItem.Factory(),
            new TensorFlowOpLayer.Factory(),
            new TFOpLambda.Factory()
    );

    private BuiltinLayers() {}

    /** The built-in factories, in table order. */
    public static List<LayerFactory> all() {
        return TABLE;
    }

    /**
     * Why a Keras class that no factory builds is refused, for the classes jkeras refuses by name
     * ({@code Lambda}: it holds Python code); null for any other class.
     */
    public static KerasException refusal(LayerSpec spec) {
        return "Lambda".equals(spec.className()) ? Lambda.refusal(spec) : null;
    }
}
