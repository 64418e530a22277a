package dev.jkeras.layer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WriterInfoTest {
    private static WriterInfo w(String v) {
        return new WriterInfo(v, null, null);
    }

    @Test
    void atLeast() {
        assertTrue(w("3.15.1").atLeast(3, 13));
        assertFalse(w("3.12.1").atLeast(3, 13));
        assertTrue(w("3").atLeast(3, 13), "a Keras 3 JSON without a minor version counts as the newest Keras 3");
        assertFalse(w("2.21.0").atLeast(3, 0));
        assertTrue(w("2.21.0").atLeast(2, 4));
        assertFalse(w("2.2.4-tf").atLeast(2, 4));
        assertFalse(w("1.2.2").atLeast(2, 0));
        assertTrue(w("3.0.0").atLeast(2, 9));
    }
}
