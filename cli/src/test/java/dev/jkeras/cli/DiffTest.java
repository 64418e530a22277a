package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The element-wise comparison behind {@code jkeras verify}. */
class DiffTest {
    private static Tensor t(int rows, float... v) {
        return Tensor.of(Shape.of(rows, v.length / rows), v);
    }

    private static Diff diff(Tensor got, Tensor want) {
        return Diff.of(got, want, Diff.ATOL, Diff.RTOL);
    }

    @Test
    void identicalArraysPassWithZeroError() {
        Diff d = diff(t(2, 1, 2, 3, 4), t(2, 1, 2, 3, 4));
        assertTrue(d.pass());
        assertEquals(0, d.maxAbs());
        assertEquals(0, d.maxRel());
        assertEquals(4, d.elements());
    }

    @Test
    void toleranceIsAtolPlusRtolTimesWant() {
        // allowed at want = 100: 1e-5 + 1e-2
        assertTrue(diff(t(1, 100.0099f), t(1, 100f)).pass());
        assertFalse(diff(t(1, 100.0105f), t(1, 100f)).pass());
        // near zero only atol counts
        assertTrue(diff(t(1, 9e-6f), t(1, 0f)).pass());
        Diff d = diff(t(1, 2e-5f), t(1, 0f));
        assertFalse(d.pass());
        assertEquals(Double.POSITIVE_INFINITY, d.maxRel(), "relative error where want is 0, as numpy reports it");
    }

    @Test
    void worstIsTheElementFurthestOutOfItsToleranceAsAnIndexTuple() {
        // [1, 2] is off by 0.5 at 1000 (allowed 0.1), [0, 1] by 0.01 at 0 (allowed 1e-5): [0, 1] is worse relative to its tolerance
        Diff d = diff(t(2, 0, 0.01f, 0, 0, 0, 1000.5f), t(2, 0, 0, 0, 0, 0, 1000));
        assertArrayEquals(new int[] {0, 1}, d.worst());
        assertEquals(0.01f, d.got());
        assertEquals(0f, d.want());
        assertEquals(2, d.outOfTolerance());
        assertEquals(0.5, d.maxAbs(), 1e-9);
        assertTrue(d.ratio() > 900, "error / allowed error: " + d.ratio());
    }

    @Test
    void nanMatchesNanAndInfinityItself() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        Diff same = diff(t(1, nan, inf, -inf), t(1, nan, inf, -inf));
        assertTrue(same.pass());
        assertEquals(0, same.maxAbs());
        for (float[] pair : new float[][] {{nan, 1}, {1, nan}, {inf, -inf}, {inf, 1e30f}, {1, inf}}) {
            Diff d = diff(t(1, 0, pair[0]), t(1, 0, pair[1]));
            assertFalse(d.pass(), pair[0] + " vs " + pair[1]);
            assertEquals(1, d.outOfTolerance());
            assertEquals(Double.POSITIVE_INFINITY, d.maxAbs());
            assertArrayEquals(new int[] {0, 1}, d.worst());
        }
    }

    @Test
    void customTolerances() {
        assertTrue(Diff.of(t(1, 1.5f), t(1, 1f), 0.5, 0).pass());
        assertFalse(Diff.of(t(1, 1.5f), t(1, 1f), 0.49, 0).pass());
        assertTrue(Diff.of(t(1, 1.5f), t(1, 1f), 0, 0.5).pass());
        assertFalse(Diff.of(t(1, 1e-30f), t(1, 0f), 0, 0).pass());
        assertTrue(Diff.of(t(1, 0f), t(1, 0f), 0, 0).pass());
    }

    @Test
    void stringsMatchExactly() {
        Shape s = Shape.of(2, 2);
        Diff ok = diff(Tensor.ofStrings(s, new String[] {"a", "b", "c", "d"}), Tensor.ofStrings(s, new String[] {"a", "b", "c", "d"}));
        assertTrue(ok.pass());
        Diff bad = diff(Tensor.ofStrings(s, new String[] {"a", "b", "x", "y"}), Tensor.ofStrings(s, new String[] {"a", "b", "c", "d"}));
        assertEquals(2, bad.outOfTolerance());
        assertArrayEquals(new int[] {1, 0}, bad.worst());
        assertEquals("x", bad.got());
        assertEquals("c", bad.want());
    }

    @Test
    void emptyArraysPass() {
        Diff d = diff(Tensor.zeros(0, 3), Tensor.zeros(0, 3));
        assertTrue(d.pass());
        assertNull(d.worst());
    }
}
