// verify --activations: every top-level layer's output compared with Keras's, in execution order, on a model loaded
// with folding off (so each layer's own output exists), to name the first layer that diverges.
package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-layer part of {@code jkeras verify}. */
final class LayerCheck {
    private LayerCheck() {}

    /**
     * Loads the model with folding off, runs it on {@code inputs} with the layers of {@code file} as outputs and
     * compares each with Keras's array, in the model's layer order.
     */
    static VerifyCommand.Layers run(VerifyCommand cmd, ModelArgs modelArgs, List<String> inputs, Path file, LoadLimits limits,
                                    VerifyCommand.Timer timer) {
        Model model = modelArgs.loadUnfolded();
        timer.lap("loaded with folding off");
        Map<String, Tensor> in = Inputs.read(inputs, model, limits);
        Map<String, Tensor> acts = read(file, limits);
        timer.lap("read activations");

        Map<String, Integer> order = new LinkedHashMap<>();
        Map<String, String> classOf = new HashMap<>();
        for (Model.LayerInfo li : model.layers()) {
            order.putIfAbsent(li.layer().name(), order.size());
            classOf.putIfAbsent(li.layer().name(), li.layer().className());
        }
        List<String> keys = new ArrayList<>(acts.keySet());
        keys.sort(Comparator.comparingInt(k -> order.getOrDefault(layerOf(k, order), Integer.MAX_VALUE)));
        for (String k : keys) {
            if (!order.containsKey(layerOf(k, order))) {
                throw new InputException(file + ": '" + k + "' is not a top-level layer of the model; its layers are "
                        + abbreviate(new ArrayList<>(order.keySet())));
            }
        }
        Model view = model.withOutputs(keys);
        Map<String, Tensor> got = view.predict(in);
        timer.lap("ran " + keys.size() + " layers' outputs");

        List<VerifyCommand.Row> rows = new ArrayList<>();
        int first = -1;
        for (String k : keys) {
            Tensor g = got.get(k);
            if (g == null) {
                List<String> parts = new ArrayList<>();
                for (String n : got.keySet()) if (n.startsWith(k + ":")) parts.add(n);
                throw new InputException(file + ": layer '" + k + "' has " + parts.size() + " outputs; key its arrays " + String.join(", ", parts));
            }
            Diff d = cmd.compare(g, acts.get(k), "layer '" + k + "'", file);
            rows.add(new VerifyCommand.Row(k, classOf.get(layerOf(k, order)), d));
            if (first < 0 && !d.pass()) first = rows.size() - 1;
        }
        timer.lap("compared layers");
        return new VerifyCommand.Layers(rows, first);
    }

    private static Map<String, Tensor> read(Path file, LoadLimits limits) {
        if (NpyIO.isZip(file)) {
            Map<String, Tensor> m = NpyIO.readNpz(file, limits);
            if (m.isEmpty()) throw new InputException(file + " holds no arrays");
            return m;
        }
        NpyIO.JsonArrays j = VerifyCommand.isJson(file) ? NpyIO.readJson(file) : null;
        if (j == null || j.named() == null || j.named().isEmpty()) {
            throw new InputException(file + ": --activations takes an .npz (or a JSON object) of arrays keyed by layer name");
        }
        return j.named();
    }

    /** The layer a key names: the key itself, or {@code name} for {@code name:i}. */
    private static String layerOf(String key, Map<String, Integer> layers) {
        if (layers.containsKey(key)) return key;
        int colon = key.lastIndexOf(':');
        return colon > 0 && key.substring(colon + 1).matches("\\d{1,9}") ? key.substring(0, colon) : key;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 30 ? String.join(", ", names) : String.join(", ", names.subList(0, 30)) + " (and " + (names.size() - 30) + " more)";
    }
}
