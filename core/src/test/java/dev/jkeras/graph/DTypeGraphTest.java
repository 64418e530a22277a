package dev.jkeras.graph;

import static dev.jkeras.graph.StringGraphTest.chain;
import static dev.jkeras.graph.StringGraphTest.input;
import static dev.jkeras.graph.StringGraphTest.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Integer, bool and float64 dtypes through the graph: decided at load time, checked at predict. */
class DTypeGraphTest {
    static LayerSpec toFloat(String name) {
        return spec("Rescaling", name, "scale", 1.0, "offset", 0.0);
    }

    @Test
    void inputDTypesAreDeclaredAndIntegerInputsChecked() {
        Model m = Model.build(chain("m", input("u", "uint8", null, 3), toFloat("f")));
        assertEquals(List.of(DType.UINT8), m.inputDTypes());
        assertEquals(List.of(DType.FLOAT32), m.outputDTypes());
        assertArrayEquals(new float[] {0, 255, 7}, m.predict(Tensor.of(Shape.of(1, 3), new float[] {0, 255, 7})).data());
        InputException e = assertThrows(InputException.class, () -> m.predict(Tensor.of(Shape.of(1, 3), new float[] {0, 256, 7})));
        assertTrue(e.getMessage().contains("input 'u' is uint8") && e.getMessage().contains("256.0"), e.getMessage());
        assertThrows(InputException.class, () -> m.predict(Tensor.of(Shape.of(1, 3), new float[] {0, 2.5f, 7})));
    }

    @Test
    void layersThatMoveValuesKeepTheDType() {
        LayerSpec reshape = spec("Reshape", "r", "target_shape", List.of(3, 1));
        assertEquals(List.of(DType.INT32), Model.build(chain("m", input("i", "int32", null, 3), reshape, spec("Flatten", "fl"))).outputDTypes());
        assertEquals(List.of(DType.BOOL), Model.build(chain("m", input("b", "bool", null, 3), spec("Dropout", "d", "rate", 0.5))).outputDTypes());
        // Keras casts float64 inputs of a layer to its float32
        assertEquals(List.of(DType.FLOAT32), Model.build(chain("m", input("x", "float64", null, 3), spec("Flatten", "fl"))).outputDTypes());
    }

    @Test
    void layersWithIntegerSemanticsRefuseIntegers() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> Model.build(chain("m", input("i", "int32", null, 3), spec("Activation", "act", "activation", "relu"))));
        assertTrue(e.getMessage().contains("layer 'act' (Activation)") && e.getMessage().contains("dtype int32"), e.getMessage());
        // tf.keras averages integers with a truncating mean
        e = assertThrows(UnsupportedFeatureException.class,
                () -> Model.build(chain("m", input("i", "int64", null, 3, 2), spec("GlobalAveragePooling1D", "gap"))));
        assertTrue(e.getMessage().contains("layer 'gap' (GlobalAveragePooling1D)") && e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void halfPrecisionInputsAreRefused() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> Model.build(chain("m", input("h", "float16", null, 3), toFloat("f"))));
        assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("float16"), e.getMessage());
    }

    @Test
    void aNestedModelCastsItsInputsAsKerasDoes() {
        // the inner model declares int32: Keras casts the float input (truncating toward zero)
        LayerSpec inner = chain("inner", input("t", "int32", null, 3), toFloat("f"));
        Model m = Model.build(chain("outer", input("x", "float32", null, 3), inner));
        assertArrayEquals(new float[] {1, -2, 3}, m.predict(Tensor.of(Shape.of(1, 3), new float[] {1.7f, -2.7f, 3f})).data());
        assertThrows(InputException.class, () -> m.predict(Tensor.of(Shape.of(1, 3), new float[] {Float.NaN, 0, 0})));
    }
}
