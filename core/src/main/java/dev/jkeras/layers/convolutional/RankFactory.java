// The factory frame shared by the layers over 1-3 spatial axes (convolution, locally-connected, pooling): one
// instance per rank, answering to the Keras 3 class name and its Keras 1/2 aliases; create() parses the config.
package dev.jkeras.layers.convolutional;

import dev.jkeras.layer.LayerFactory;
import java.util.List;

/** A {@link LayerFactory} for one rank of a spatial layer family. */
public abstract class RankFactory implements LayerFactory {
    /** Number of spatial axes: 1, 2 or 3. */
    protected final int rank;
    private final List<String> names;

    /** @param names the Keras 3 class name, then its Keras 1/2 aliases */
    protected RankFactory(int rank, String... names) {
        this.rank = rank;
        this.names = List.of(names);
    }

    @Override
    public final List<String> classNames() {
        return names;
    }
}
