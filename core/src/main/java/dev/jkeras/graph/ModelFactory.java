package dev.jkeras.graph;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import java.util.List;

/** Builds a nested Sequential or Functional model used as a layer of another model. */
public final class ModelFactory implements LayerFactory {
    @Override
    public List<String> classNames() {
        return List.of("Functional", "Sequential", "Model");
    }

    @Override
    public Layer create(LayerSpec spec, BuildContext ctx) {
        return ModelBuilder.buildNested(spec, ctx);
    }
}
