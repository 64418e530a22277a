package dev.jkeras.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The string side of Tensor: a shape and a String[], never confused with float data. */
class StringTensorTest {
    @Test
    void holdsStringsRowMajor() {
        String[] v = {"a", "", "Ü😀", "d", "e", "f"};
        Tensor t = Tensor.ofStrings(Shape.of(2, 3), v);
        assertTrue(t.isString());
        assertEquals(DType.STRING, t.dtype());
        assertSame(v, t.strings());
        assertEquals(6, t.size());
        assertEquals("Ü😀", t.getString(0, 2));
        Tensor r = t.reshape(3, 2);
        assertSame(v, r.strings());
        assertEquals("d", r.getString(1, 1));
        Tensor c = t.copy();
        assertNotSame(v, c.strings());
        assertArrayEquals(v, c.strings());
        assertEquals("Tensor(2, 3) string", t.toString());
        assertFalse(Tensor.zeros(2).isString());
        assertEquals(DType.FLOAT32, Tensor.zeros(2).dtype());
    }

    @Test
    void misuseFailsClearly() {
        Tensor s = Tensor.ofStrings(Shape.of(1), new String[] {"x"});
        IllegalStateException e = assertThrows(IllegalStateException.class, s::data);
        assertTrue(e.getMessage().contains("string tensor") && e.getMessage().contains("strings()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.get(0));
        e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(1).strings());
        assertTrue(e.getMessage().contains("data()"), e.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> Tensor.ofStrings(Shape.of(2), new String[] {"a", null}));
        assertTrue(a.getMessage().contains("element 1 is null"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofStrings(Shape.of(3), new String[] {"a"}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofStrings(Shape.of(-1), new String[0]));
        assertThrows(IllegalArgumentException.class, () -> s.reshape(2));
    }
}
