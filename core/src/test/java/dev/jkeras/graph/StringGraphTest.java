package dev.jkeras.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * String tensors through the graph: where strings may flow is decided at load time, input dtypes at predict.
 * Expected lookups are what Keras 3.15.1 (TensorFlow backend) returns for StringLookup(vocabulary=["a", "b", "Ü"]).
 */
class StringGraphTest {
    static LayerSpec spec(String cls, String name, Object... kv) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", name);
        for (int i = 0; i < kv.length; i += 2) c.put((String) kv[i], kv[i + 1]);
        return new LayerSpec(cls, name, new Config(c, name), ModelTest.K3, null, null, null);
    }

    static LayerSpec input(String name, String dtype, Integer... dims) {
        return spec("InputLayer", name, "batch_shape", new ArrayList<>(Arrays.asList(dims)), "dtype", dtype);
    }

    static LayerSpec lookup(String name, boolean invert) {
        return spec("StringLookup", name, "vocabulary", List.of("a", "b", "Ü"), "invert", invert);
    }

    static LayerSpec relu(String name) {
        return spec("Activation", name, "activation", "relu");
    }

    /** Rescaling by 1: casts integer indices to float32, as Keras does. */
    static LayerSpec toFloat(String name) {
        return spec("Rescaling", name, "scale", 1.0, "offset", 0.0);
    }

    /** A chain of one-input calls: layers[0] is the input, each later layer reads the one before. */
    static LayerSpec chain(String name, LayerSpec... layers) {
        Map<String, List<NodeSpec>> calls = new LinkedHashMap<>();
        for (int i = 1; i < layers.length; i++) calls.put(layers[i].name(), List.of(ModelTest.node(ModelTest.ref(layers[i - 1].name(), 0))));
        return ModelTest.model(name, List.of(layers), calls, List.of(ModelTest.ref(layers[0].name(), 0)),
                List.of(ModelTest.ref(layers[layers.length - 1].name(), 0)), null, true);
    }

    @Test
    void stringInputThroughALookupIntoANumericLayer() {
        Model m = Model.build(chain("m", input("s", "string", null, 2), lookup("lk", false), toFloat("act")));
        assertEquals(List.of(DType.STRING), m.inputDTypes());
        assertEquals(List.of(DType.FLOAT32), m.outputDTypes());
        Tensor y = m.predict(Tensor.ofStrings(Shape.of(2, 2), new String[] {"a", "Ü", "x", ""}));
        assertArrayEquals(new float[] {1, 3, 0, 0}, y.data());
        InputException e = assertThrows(InputException.class, () -> m.predict(Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("input 's' is a string input") && e.getMessage().contains("Tensor.ofStrings"), e.getMessage());
    }

    @Test
    void aStringReachingANumericLayerIsRefusedAtLoad() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> Model.build(chain("m", input("s", "string", null, 2), relu("act"))));
        assertTrue(e.getMessage().contains("layer 'act' (Activation)") && e.getMessage().contains("model input 's'")
                && e.getMessage().contains("cannot take a string tensor"), e.getMessage());
        e = assertThrows(ModelFormatException.class,
                () -> Model.build(chain("m", input("i", "int32", null, 2), lookup("inv", true), relu("act"))));
        assertTrue(e.getMessage().contains("layer 'act' (Activation)") && e.getMessage().contains("string output of layer 'inv'"),
                e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> Model.build(chain("m", input("x", "float32", null, 2), lookup("lk", false))));
        assertTrue(e.getMessage().contains("layer 'lk' (StringLookup)") && e.getMessage().contains("numeric tensor"), e.getMessage());
    }

    @Test
    void stringOutputsAndNumericInputsAreChecked() {
        Model m = Model.build(chain("m", input("i", "int32", null, 3), lookup("inv", true)));
        assertEquals(List.of(DType.STRING), m.outputDTypes());
        Tensor y = m.predict(Tensor.of(Shape.of(1, 3), new float[] {3, 0, 7}));
        assertArrayEquals(new String[] {"Ü", "[UNK]", "[UNK]"}, y.strings());
        InputException e = assertThrows(InputException.class, () -> m.predict(Tensor.ofStrings(Shape.of(1, 3), new String[] {"1", "2", "3"})));
        assertTrue(e.getMessage().contains("input 'i' takes numbers"), e.getMessage());
    }

    @Test
    void aNestedModelChecksTheDTypeOfItsInputs() {
        LayerSpec inner = chain("inner", input("t", "string", null, 2), lookup("lk", false));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> Model.build(chain("outer", input("x", "float32", null, 2), inner)));
        assertTrue(e.getMessage().contains("model 'inner'") && e.getMessage().contains("'t' is declared string"), e.getMessage());
        Model ok = Model.build(chain("outer", input("s", "string", null, 2), chain("inner", input("t", "string", null, 2),
                lookup("lk", false))));
        assertArrayEquals(new float[] {2, 1}, ok.predict(Tensor.ofStrings(Shape.of(1, 2), new String[] {"b", "a"})).data());
    }
}
