// Pipeline (Keras 3): its layers applied one after the other. The importer parses it as a nested Sequential (its
// weights are laid out as one's in both file formats), so it runs as a nested Model. At run time Keras hands each
// layer the previous one's mask and the last layer's mask stays on the output, as in a Sequential.
package dev.jkeras.layers.preprocessing;

import dev.jkeras.graph.ModelFactory;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Keras {@code Pipeline}, built as a nested Sequential model. */
public final class Pipeline {
    private Pipeline() {}

    public static final class Factory implements LayerFactory {
        private final ModelFactory models = new ModelFactory();

        @Override
        public List<String> classNames() {
            return List.of("Pipeline");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            return models.create(spec, ctx);
        }
    }
}
