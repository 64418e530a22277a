package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Integer values in the float32 carrier: wrapping as TensorFlow wraps, the ±2^24 limit, casts. */
class IntMathTest {
    @Test
    void wrapsToTheWidthOfTheDType() {
        assertEquals(194, IntMath.wrap(450, DType.UINT8));
        assertEquals(-48, IntMath.wrap(2000, DType.INT8));
        assertEquals(-31072, IntMath.wrap(100000, DType.INT16));
        assertEquals(0, IntMath.wrap(1L << 32, DType.INT32));
        assertEquals(4294967295L, IntMath.wrap(-1, DType.UINT32));
        assertEquals(1L << 40, IntMath.wrap(1L << 40, DType.INT64));
    }

    @Test
    void exactResultsWithinTwoToThe24() {
        assertEquals(16777216f, IntMath.exact(1 << 24, DType.INT32, "w"));
        assertEquals(-16777216f, IntMath.exact(-(1 << 24), DType.INT64, "w"));
        assertEquals(0f, IntMath.exact(1L << 32, DType.INT32, "w")); // wraps to 0 first, as TensorFlow's int32 does
        InputException e = assertThrows(InputException.class, () -> IntMath.exact((1 << 24) + 1, DType.INT32, "layer 'x'"));
        assertTrue(e.getMessage().contains("layer 'x'") && e.getMessage().contains("16777217") && e.getMessage().contains("±2^24"), e.getMessage());
        assertThrows(InputException.class, () -> IntMath.exact(-1, DType.UINT64, "w"));
    }

    @Test
    void castsTruncateWrapAndTestForNonzero() {
        Tensor x = Tensor.of(dev.jkeras.tensor.Shape.of(5), new float[] {2.7f, -2.7f, -0.5f, 0f, 300f});
        assertArrayEquals(new float[] {2, -2, 0, 0, 300}, IntMath.cast(x, DType.FLOAT32, DType.INT32, "w").data());
        assertArrayEquals(new float[] {1, 1, 1, 0, 1}, IntMath.cast(x, DType.FLOAT32, DType.BOOL, "w").data());
        Tensor i = Tensor.of(dev.jkeras.tensor.Shape.of(3), new float[] {300, -1, 127});
        assertArrayEquals(new float[] {44, 255, 127}, IntMath.cast(i, DType.INT32, DType.UINT8, "w").data());
        assertArrayEquals(new float[] {44, -1, 127}, IntMath.cast(i, DType.INT32, DType.INT8, "w").data());
        assertSame(i, IntMath.cast(i, DType.INT32, DType.INT64, "w"));
        assertSame(x, IntMath.cast(x, DType.FLOAT32, DType.FLOAT64, "w"));
        // float to unsigned: negative values are out of range (TensorFlow's result is undefined), NaN too
        Tensor neg = Tensor.of(dev.jkeras.tensor.Shape.of(1), new float[] {-1.5f});
        assertThrows(InputException.class, () -> IntMath.cast(neg, DType.FLOAT32, DType.UINT8, "w"));
        Tensor nan = Tensor.of(dev.jkeras.tensor.Shape.of(1), new float[] {Float.NaN});
        assertThrows(InputException.class, () -> IntMath.cast(nan, DType.FLOAT32, DType.INT64, "w"));
        assertArrayEquals(new float[] {1}, IntMath.cast(nan, DType.FLOAT32, DType.BOOL, "w").data());
    }

    @Test
    void whichCastsChangeValues() {
        assertFalse(IntMath.changesValues(DType.INT32, DType.FLOAT32));
        assertFalse(IntMath.changesValues(DType.BOOL, DType.INT8));
        assertFalse(IntMath.changesValues(DType.UINT8, DType.INT16));
        assertFalse(IntMath.changesValues(DType.INT32, DType.INT64));
        assertTrue(IntMath.changesValues(DType.INT8, DType.UINT16));
        assertTrue(IntMath.changesValues(DType.UINT8, DType.INT8));
        assertTrue(IntMath.changesValues(DType.FLOAT32, DType.INT64));
        assertTrue(IntMath.changesValues(DType.INT32, DType.BOOL));
    }

    @Test
    void integerInputsMustBeWholeAndInRange() {
        IntMath.checkInput(Tensor.of(dev.jkeras.tensor.Shape.of(3), new float[] {0, 255, 7}), DType.UINT8, "input 'u'");
        IntMath.checkInput(Tensor.of(dev.jkeras.tensor.Shape.of(2), new float[] {0.5f, 1e30f}), DType.FLOAT32, "input 'x'");
        assertThrows(InputException.class, () -> IntMath.checkInput(Tensor.of(dev.jkeras.tensor.Shape.of(1), new float[] {256}), DType.UINT8, "u"));
        assertThrows(InputException.class, () -> IntMath.checkInput(Tensor.of(dev.jkeras.tensor.Shape.of(1), new float[] {1.5f}), DType.INT32, "i"));
        assertThrows(InputException.class, () -> IntMath.checkInput(Tensor.of(dev.jkeras.tensor.Shape.of(1), new float[] {0x1p25f}), DType.INT64, "i"));
        InputException e = assertThrows(InputException.class,
                () -> IntMath.checkInput(Tensor.of(dev.jkeras.tensor.Shape.of(1), new float[] {2}), DType.BOOL, "input 'm'"));
        assertTrue(e.getMessage().contains("input 'm' is bool") && e.getMessage().contains("0 (false) and 1 (true)"), e.getMessage());
    }

    @Test
    void dtypeNames() {
        assertEquals(DType.FLOAT64, DType.forName("double"));
        assertEquals(DType.UINT16, DType.forName("uint16"));
        assertEquals(DType.BOOL, DType.forName("bool"));
        assertEquals(null, DType.forName("float16"));
        assertEquals(null, DType.forName("bfloat16"));
    }
}
