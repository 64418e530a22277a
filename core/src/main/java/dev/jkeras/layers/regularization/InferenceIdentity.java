// Keras Identity, and the layers that only act in training, so are the identity at inference (training=False):
// Dropout, SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization, ConvNeXt's
// StochasticDepth (these pass the mask through, as in Keras), and the image augmentation layers (Random*, MixUp, CutMix, ...; they drop
// it). One class serves them all; each Keras class is registered by its own Factory instance.
package dev.jkeras.layers.regularization;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Set;

/** Keras {@code Identity}, or a Keras layer that only acts during training: the identity here. */
public final class InferenceIdentity extends UnaryLayer {
    /** Augmentation layers that Keras leaves integer images in their dtype at inference; the others make float32. */
    private static final Set<String> KEEP_INT_KERAS3 = Set.of("RandomGrayscale", "RandomBrightness", "MaxNumBoundingBoxes");
    private static final Set<String> KEEP_INT_TFKERAS = Set.of("RandomHeight", "RandomWidth");

    private final boolean passesMask;
    private final boolean augmentation;
    private final boolean keepsInt;

    private InferenceIdentity(LayerSpec spec, boolean passesMask, boolean augmentation) {
        super(spec);
        this.passesMask = passesMask;
        this.augmentation = augmentation;
        boolean keras3 = spec.writer() == null || spec.writer().major() >= 3;
        this.keepsInt = (keras3 ? KEEP_INT_KERAS3 : KEEP_INT_TFKERAS).contains(spec.className());
    }

    /**
     * Regularization layers return their input as is (float64 cast to float32, as every Keras layer does);
     * augmentation layers keep or cast integer images depending on the class and the Keras version, and
     * give bool inputs a dtype of their own: refused.
     */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        if (!augmentation || in.contains(DType.STRING)) return sameDType(in, outputCount);
        if (in.get(0) == DType.BOOL) return floatInputsOnly(in, outputCount);
        return keepsInt ? sameDType(in, outputCount) : List.of(DType.FLOAT32);
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        return x;
    }

    @Override
    protected boolean passesMask() {
        return passesMask;
    }

    /** Builds the identity for one Keras class name (and its aliases). */
    public static final class Factory implements LayerFactory {
        private final List<String> names;
        private final boolean passesMask;

        /** A layer that passes the input mask through (Identity, Dropout and the other regularization layers). */
        public Factory(String... classNames) {
            this(true, classNames);
        }

        private Factory(boolean passesMask, String... classNames) {
            this.names = List.of(classNames);
            this.passesMask = passesMask;
        }

        /** An image augmentation layer: Keras does not propagate masks through it. */
        public static Factory augmentation(String... classNames) {
            return new Factory(false, classNames);
        }

        @Override
        public List<String> classNames() {
            return names;
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return new InferenceIdentity(spec, passesMask, !passesMask);
        }
    }
}
