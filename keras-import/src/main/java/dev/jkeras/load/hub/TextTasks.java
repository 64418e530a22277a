// Pieces shared by the KerasHub text models: the constructor arguments of the transformer backbones, the backbone's
// inputs re-declared by name (a task's inputs are its backbone's, in Keras's sorted dict order) and the
// [CLS]/start-token slice x[:, 0, :].
package dev.jkeras.load.hub;

import static dev.jkeras.load.hub.FunctionalBuilder.obj;

import dev.jkeras.load.hub.FunctionalBuilder.Ref;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Internal: helpers of the text task expansions. */
final class TextTasks {
    private TextTasks() {}

    /** The constructor arguments every text transformer backbone takes, read in this order. */
    record Backbone(int vocab, int layers, int heads, int hidden, int intermediate, double dropout, int maxLength) {
        /** Reads them from {@code a}, refusing keys other than these and {@code extraKeys}. */
        static Backbone read(HubArgs a, int defaultMaxLength, String... extraKeys) {
            List<String> known = new java.util.ArrayList<>(List.of("vocabulary_size", "num_layers", "num_heads", "hidden_dim",
                    "intermediate_dim", "dropout", "max_sequence_length"));
            known.addAll(List.of(extraKeys));
            a.known(known.toArray(String[]::new));
            int vocab = a.positive("vocabulary_size");
            int layers = a.requireInt("num_layers");
            int heads = a.positive("num_heads");
            int hidden = a.positive("hidden_dim");
            int intermediate = a.positive("intermediate_dim");
            return new Backbone(vocab, layers, heads, hidden, intermediate, a.getDouble("dropout", 0.1),
                    a.getInt("max_sequence_length", defaultMaxLength));
        }
    }

    /** int32 (batch, sequence) inputs with these names, by name in sorted order. */
    static Map<String, Ref> inputs(FunctionalBuilder f, String... names) {
        Map<String, Ref> in = new TreeMap<>();
        for (String n : new java.util.TreeSet<>(List.of(names))) in.put(n, f.input(n, "int32", (Integer) null));
        return in;
    }

    /** {@code x[:, 0, :]}. */
    static Ref firstToken(FunctionalBuilder f, Ref x) {
        return f.op("GetItem", obj("name", "get_item"), x, List.of(FunctionalBuilder.slice(null, null, null), 0,
                FunctionalBuilder.slice(null, null, null)));
    }
}
