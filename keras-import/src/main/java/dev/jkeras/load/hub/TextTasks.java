// Pieces shared by the KerasHub text task models: the backbone's inputs re-declared by name (the task's inputs are
// its backbone's, in Keras's sorted dict order) and the [CLS]/start-token slice x[:, 0, :].
package dev.jkeras.load.hub;

import static dev.jkeras.load.hub.FunctionalBuilder.obj;

import dev.jkeras.load.hub.FunctionalBuilder.Ref;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Internal: helpers of the text task expansions. */
final class TextTasks {
    private TextTasks() {}

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
