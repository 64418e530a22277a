package dev.jkeras.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jkeras.graph.Model;
import dev.jkeras.layers.core.TimeDistributed;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TimeDistributed examples from the Keras documentation, in every format each writer produced. */
class TimeDistributedDocsTest {
    static final String[] FILES = {"keras3/model.keras", "keras3/model.h5", "tfkeras/model.keras", "tfkeras/model.h5"};

    private static Model load(String fixture, String file) {
        Path p = Fixtures.root().resolve("fixtures").resolve(fixture).resolve(file);
        return KerasModels.load(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras3/model.keras", "keras3/model.h5", "tfkeras/model.keras", "tfkeras/model.h5"})
    void conv2dOverTimeWithOneSharedSetOfWeights(String file) {
        Model m = load("td_conv_docs", file);
        // TimeDistributed(Conv2D(64, (3, 3))) on (32, 10, 128, 128, 3) gives (32, 10, 126, 126, 64)
        assertEquals(Shape.of(32, 10, 126, 126, 64), m.outputShapes(List.of(Shape.of(32, 10, 128, 128, 3))).get(0));
        assertEquals(Shape.of(-1, 10, 126, 126, 64), m.outputShapes().get(0));
        // one kernel (3*3*3*64) and one bias (64), shared by the 10 steps
        assertEquals(1792, m.paramCount());
        Model.LayerInfo td = m.layers().get(m.layers().size() - 1);
        TimeDistributed layer = assertInstanceOf(TimeDistributed.class, td.layer());
        assertEquals("Conv2D", layer.inner().className());
        assertEquals(1792, layer.inner().paramCount());
        assertSame(layer.inner(), layer.sublayers().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras3/model.keras", "keras3/model.h5", "tfkeras/model.keras", "tfkeras/model.h5"})
    void denseThenDenseOverTime(String file) {
        Model m = load("td_docs", file);
        List<Model.LayerInfo> layers = m.layers();
        Model.LayerInfo first = layers.get(layers.size() - 2), second = layers.get(layers.size() - 1);
        assertEquals(List.of(Shape.of(-1, 10, 8)), first.outputShapes());
        assertEquals(List.of(Shape.of(-1, 10, 32)), second.outputShapes());
        assertEquals(Shape.of(-1, 10, 32), m.outputShapes().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras3/model.keras", "keras3/model.h5", "tfkeras/model.keras", "tfkeras/model.h5"})
    void conv2dOn299InputReportsItsShape(String file) {
        Model m = load("td_conv_299", file);
        Model.LayerInfo td = m.layers().get(m.layers().size() - 1);
        assertEquals(List.of(Shape.of(-1, 10, 297, 297, 64)), td.outputShapes());
        assertEquals(1792, m.paramCount());
    }
}
