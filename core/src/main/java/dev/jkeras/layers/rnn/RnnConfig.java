// Config parsing shared by the recurrent layers and cells: sizes, activations with the writer's defaults, the
// sequence input shape. Keras 1/2 spellings were already renamed by the importer.
package dev.jkeras.layers.rnn;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Activations;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;

/** Internal: config helpers of the rnn package. */
final class RnnConfig {
    private RnnConfig() {}

    /** A required integer config value >= 1 ({@code units}, {@code filters}). */
    static int positive(LayerSpec spec, String key) {
        int v = spec.config().requireInt(key);
        if (v < 1) throw new ModelFormatException(spec.where() + ": config key '" + key + "' should be >= 1, found " + v);
        return v;
    }

    /** The activation under {@code key}, or the named default when the key is absent (old files). */
    static ActivationFn activation(LayerSpec spec, String key, String dflt) {
        ActivationFn f = spec.config().has(key) ? LayerConfigs.activation(spec, key) : Activations.byName(dflt, spec.writer());
        if (!f.inPlaceCapable()) {
            throw new UnsupportedFeatureException(spec.where() + ": " + key + " " + f.name() + " changes the shape of what it is "
                    + "applied to, so it cannot be a recurrent cell's activation");
        }
        return f;
    }

    /** Keras's default recurrent activation, for configs that lack the key: hard_sigmoid up to Keras 2.2, then sigmoid. */
    static String recurrentDefault(WriterInfo w) {
        return w != null && w.isLegacy() && w.majorMinor() <= 202 ? "hard_sigmoid" : "sigmoid";
    }

    /**
     * The sequence input shape of a recurrent layer's first call: (batch, time, step...) with the step
     * shape of the given rank fully known ({@code (time, batch, ...)} when {@code timeMajor}).
     */
    static Shape sequenceShape(LayerSpec spec, Shape in, int stepRank, boolean timeMajor) {
        String what = timeMajor ? "(time, batch, features)" : stepRank == 1 ? "(batch, time, features)"
                : "(batch, time, " + stepRank + " step dimensions)";
        if (in.rank() != stepRank + 2) throw LayerConfigs.badInput(spec, what + " of rank " + (stepRank + 2), in);
        for (int i = 2; i < in.rank(); i++) {
            if (in.dim(i) == Shape.UNKNOWN) throw LayerConfigs.badInput(spec, what + " with known step dimensions", in);
        }
        return in;
    }

    /** A step's per-sample shape (the dimensions after batch and time). */
    static Shape stepShape(Shape sequence) {
        return sequence.sub(2, sequence.rank());
    }
}
