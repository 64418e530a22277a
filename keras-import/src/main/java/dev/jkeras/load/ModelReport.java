package dev.jkeras.load;

import dev.jkeras.graph.Inspection;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import java.time.Duration;
import java.util.List;

/**
 * What {@link KerasModels#inspect} found in a model file, without running it: how the model is stored and
 * which Keras wrote it, its inputs and outputs, every layer with what jkeras makes of it, the parameter
 * count and the weights.
 *
 * @param file            the model file name (and the weights file's, for a config + weights pair)
 * @param format          how the model is stored, e.g. {@code .keras archive}, {@code legacy HDF5 model (.h5)},
 *                        {@code JSON config + Keras 3 .weights.h5}
 * @param kerasVersion    the Keras version the file records; when it records none, the major version its config style implies
 * @param backend         the backend the file records, else null
 * @param dialect         the config dialect jkeras read: {@code Keras 1}, {@code Keras 2}, {@code tf.keras} or {@code Keras 3}
 * @param weights         the state of the weights
 * @param weightsProblem  why the weights could not be read ({@link Weights#UNREADABLE}), else null
 * @param inputs          the model inputs
 * @param outputs         the model outputs
 * @param layers          every top-level layer (Keras's {@code model.layers}); nested models carry theirs
 * @param problems        problems of the model as a whole (its graph, its limits), not of one layer
 * @param params          parameters declared by the layers (those checked far enough to declare them)
 * @param trainableParams how many of them Keras counts as trainable
 * @param model           the model as built when {@link #supported()}, else null. Without weights
 *                        ({@link #weights()} not PRESENT) its weights are zeros: fine for a summary, not for predictions
 * @param readTime        time spent reading the file(s)
 * @param checkTime       time spent building and checking the layers
 */
public record ModelReport(
        String file,
        String format,
        String kerasVersion,
        String backend,
        String dialect,
        Weights weights,
        String weightsProblem,
        List<Io> inputs,
        List<Io> outputs,
        List<Inspection.LayerCheck> layers,
        List<String> problems,
        long params,
        long trainableParams,
        Model model,
        Duration readTime,
        Duration checkTime) {

    public ModelReport {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        layers = List.copyOf(layers);
        problems = List.copyOf(problems);
    }

    /** The state of a model's weights. */
    public enum Weights {
        /** Read, and every layer's arrays checked against what it declares. */
        PRESENT,
        /** The file holds none (a .keras archive without model.weights.h5, an .h5 without model_weights). */
        ABSENT,
        /** A config alone, given without a weights file. */
        NOT_GIVEN,
        /** The weights file or group exists but cannot be read (see {@link #weightsProblem}). */
        UNREADABLE
    }

    /**
     * One model input or output.
     *
     * @param name  the input or output name
     * @param shape its shape, batch dimension {@link Shape#UNKNOWN}; null when an unsupported layer hides it
     * @param dtype its dtype; null when unknown
     */
    public record Io(String name, Shape shape, DType dtype) {}

    /** True when jkeras builds every layer and the model as a whole from the config (the weights are not considered). */
    public boolean supported() {
        if (!problems.isEmpty()) return false;
        for (Inspection.LayerCheck c : layers) if (!ok(c)) return false;
        return true;
    }

    /** True when the model can run: {@link #supported()}, and its weights were present and fit every layer. */
    public boolean runnable() {
        return model != null && weights == Weights.PRESENT;
    }

    /** False when some layer was not checked far enough to know its parameters: {@link #params} is then a lower bound. */
    public boolean paramsComplete() {
        return complete(layers);
    }

    private static boolean complete(List<Inspection.LayerCheck> l) {
        for (Inspection.LayerCheck c : l) if (c.params() < 0 || !complete(c.layers())) return false;
        return true;
    }

    /** Bytes the parameters take as float32, as Keras's summary counts them. */
    public long weightBytes() {
        return params * 4;
    }

    /** Every layer that is not {@link Inspection.Status#OK}, nested ones included, in model order. */
    public List<Inspection.LayerCheck> failures() {
        List<Inspection.LayerCheck> out = new java.util.ArrayList<>();
        collect(layers, out);
        return out;
    }

    private static void collect(List<Inspection.LayerCheck> l, List<Inspection.LayerCheck> out) {
        for (Inspection.LayerCheck c : l) {
            if (c.status() != Inspection.Status.OK) out.add(c);
            collect(c.layers(), out);
        }
    }

    private static boolean ok(Inspection.LayerCheck c) {
        if (c.status() != Inspection.Status.OK) return false;
        for (Inspection.LayerCheck n : c.layers()) if (!ok(n)) return false;
        return true;
    }
}
