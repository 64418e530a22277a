package dev.jkeras.serve;

import dev.jkeras.graph.Model;
import dev.jkeras.graph.TensorSpec;
import java.util.List;
import java.util.Objects;

/**
 * One model the server serves: its name in URLs, the loaded model (for its signature) and how requests run on it.
 *
 * @param name the name clients use ({@code /v2/models/NAME}, {@code /v1/models/NAME})
 * @param model the loaded model
 * @param inference runs requests on {@code model} (a {@link Batcher})
 */
public record ServedModel(String name, Model model, Inference inference) {
    /** The one version each model has. */
    public static final String VERSION = "1";

    /** Checks the name: one URL path segment without ':' (TensorFlow Serving puts {@code :predict} after it). */
    public ServedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inference, "inference");
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9_.\\-]+") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("model name '" + name + "' must be letters, digits, '_', '-' and '.' (it goes in URLs)");
        }
    }

    List<TensorSpec> inputs() {
        return model.inputs();
    }

    List<TensorSpec> outputs() {
        return model.outputs();
    }

    /** The index of input {@code name}, or -1. */
    int inputIndex(String name) {
        List<TensorSpec> in = inputs();
        for (int i = 0; i < in.size(); i++) if (in.get(i).name().equals(name)) return i;
        return -1;
    }

    /** The index of output {@code name}, or -1. */
    int outputIndex(String name) {
        List<TensorSpec> out = outputs();
        for (int i = 0; i < out.size(); i++) if (out.get(i).name().equals(name)) return i;
        return -1;
    }
}
