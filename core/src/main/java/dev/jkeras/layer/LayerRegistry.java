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
            // layers: one line per Keras class, grouped by family
            // core
            new dev.jkeras.layers.core.Dense.Factory(),
            new dev.jkeras.layers.core.Activation.Factory(),
            new dev.jkeras.layers.core.Embedding.Factory(),
            new dev.jkeras.layers.core.Identity.Factory(),
            // regularization: identities at inference
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("Dropout"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("SpatialDropout1D"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("SpatialDropout2D"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("SpatialDropout3D"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("GaussianNoise"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("GaussianDropout"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("AlphaDropout"),
            new dev.jkeras.layers.regularization.InferenceIdentity.Factory("ActivityRegularization"),
            // reshaping
            new dev.jkeras.layers.reshaping.Flatten.Factory(),
            new dev.jkeras.layers.reshaping.Reshape.Factory(),
            new dev.jkeras.layers.reshaping.Permute.Factory(),
            new dev.jkeras.layers.reshaping.RepeatVector.Factory(),
            // convolutional
            new dev.jkeras.layers.convolutional.Conv2D.Factory(),
            // pooling
            new dev.jkeras.layers.pooling.MaxPooling2D.Factory(),
            new dev.jkeras.layers.pooling.AveragePooling2D.Factory(),
            new dev.jkeras.layers.pooling.GlobalAveragePooling2D.Factory(),
            // normalization
            new dev.jkeras.layers.normalization.BatchNormalization.Factory(),
            // merging
            new dev.jkeras.layers.merging.Add.Factory(),
            new dev.jkeras.layers.merging.Concatenate.Factory(),
            // rnn: recurrent layers and cells, masking (Masking, and the two ops Keras 3 records for masks)
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
            new dev.jkeras.layers.ops.NotEqual.Factory(),
            new dev.jkeras.layers.ops.Any.Factory()
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
