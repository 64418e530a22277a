package dev.jkeras.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Conversions checked element by element against ND4J's own indexed reads ({@code getDouble(i, j, ...)}). */
class Nd4jTensorsTest {
    @BeforeEach
    void backend() {
        Backend.assume();
    }

    /** 0..n-1 as a FLOAT array of {@code shape}, C order. */
    static INDArray iota(long... shape) {
        return Nd4j.arange(0, Shape.of(java.util.Arrays.stream(shape).mapToInt(d -> (int) d).toArray()).size())
                .castTo(DataType.FLOAT).reshape('c', shape);
    }

    /** Same shape, and every element equal to ND4J's own read of it. */
    static void assertSameValues(INDArray want, Tensor got) {
        assertArrayEquals(want.shape(), Nd4jTensors.longs(got.shape()), "shape");
        int[] idx = new int[got.rank()];
        long[] lidx = new long[got.rank()];
        for (int flat = 0; flat < got.size(); flat++) {
            int f = flat;
            for (int d = idx.length - 1; d >= 0; d--) {
                idx[d] = f % got.dim(d);
                lidx[d] = idx[d];
                f /= got.dim(d);
            }
            float w = (float) (idx.length == 0 ? want.getDouble(0) : want.getDouble(lidx));
            assertEquals(w, got.get(idx), 0f, () -> "element " + java.util.Arrays.toString(idx));
        }
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("C order", (UnaryOperator<INDArray>) a -> a),
                Arguments.of("F order", (UnaryOperator<INDArray>) a -> a.dup('f')),
                Arguments.of("permuted (non-contiguous)", (UnaryOperator<INDArray>) a -> a.permute(2, 0, 1)),
                Arguments.of("row view (contiguous, offset)", (UnaryOperator<INDArray>) a -> a.get(NDArrayIndex.point(1))),
                Arguments.of("interval view (strided)", (UnaryOperator<INDArray>) a -> a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3), NDArrayIndex.all())),
                Arguments.of("every other column", (UnaryOperator<INDArray>) a -> a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 5))),
                Arguments.of("view of an F-order array", (UnaryOperator<INDArray>) a -> a.dup('f').get(NDArrayIndex.interval(1, 3))),
                Arguments.of("DOUBLE, F order", (UnaryOperator<INDArray>) a -> a.castTo(DataType.DOUBLE).dup('f')),
                Arguments.of("INT view", (UnaryOperator<INDArray>) a -> a.castTo(DataType.INT32).get(NDArrayIndex.all(), NDArrayIndex.point(2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void everyLayoutIsReadInRowMajorOrder(String name, UnaryOperator<INDArray> layout) {
        INDArray a = layout.apply(iota(3, 4, 5));
        Tensor t = Nd4jTensors.toTensor(a);
        assertSameValues(a, t);
    }

    @Test
    void readingCopies() {
        INDArray a = iota(2, 3);
        Tensor t = Nd4jTensors.toTensor(a);
        a.putScalar(0, 42f);
        assertEquals(0f, t.get(0, 0), "the tensor is a copy");
        assertTrue(Nd4jTensors.isRowMajorDense(a.get(NDArrayIndex.point(1))), "a row of a C-order matrix is read without dup()");
        assertFalse(Nd4jTensors.isRowMajorDense(a.dup('f')));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF", "BFLOAT16", "BYTE", "SHORT", "INT", "LONG", "UBYTE", "UINT16",
        "UINT32", "UINT64", "BOOL"})
    void numericTypesConvertAsTheCliReadsNumpy(DataType type) {
        boolean unsigned = type.name().startsWith("U");
        double[] v = type == DataType.BOOL ? new double[] {0, 1, 1, 0}
                : type.isFPType() ? new double[] {0.1, -1.25, 3, 1e-3}
                : new double[] {0, 1, unsigned ? 7 : -7, 127};
        INDArray a = Nd4j.createFromArray(v).reshape(2, 2).castTo(type);
        Tensor t = Nd4jTensors.toTensor(a);
        assertEquals(DType.FLOAT32, t.dtype());
        assertSameValues(a, t);
        if (type == DataType.DOUBLE) assertEquals((float) 0.1, t.get(0, 0), 0f, "DOUBLE is rounded to the nearest float32");
    }

    @Test
    void integersBeyond2To24AreRefused() {
        assertEquals(-16777216f, Nd4jTensors.toTensor(Nd4j.createFromArray(new long[] {-16777216L})).get(0), 0f);
        InputException e = assertThrows(InputException.class, () -> Nd4jTensors.toTensor(Nd4j.createFromArray(new long[] {3, 16777217L})));
        assertTrue(e.getMessage().contains("element [1] = 16777217") && e.getMessage().contains("2^24"), e.getMessage());
        // unsigned values read as unsigned: 2^32-1 is not -1, 2^64-1 is not -1
        INDArray u32 = Nd4j.createFromArray(new long[] {4294967295L}).castTo(DataType.UINT32);
        assertTrue(assertThrows(InputException.class, () -> Nd4jTensors.toTensor(u32)).getMessage().contains("4294967295"));
        INDArray u64 = Nd4j.createFromArray(new long[] {-1L}).castTo(DataType.UINT64);
        assertTrue(assertThrows(InputException.class, () -> Nd4jTensors.toTensor(u64)).getMessage().contains("18446744073709551615"));
    }

    @Test
    void scalarsAndEmptyArrays() {
        Tensor s = Nd4jTensors.toTensor(Nd4j.scalar(2.5f));
        assertEquals(Shape.of(), s.shape());
        assertEquals(2.5f, s.data()[0]);
        Tensor e = Nd4jTensors.toTensor(Nd4j.create(DataType.FLOAT, 0, 3));
        assertEquals(Shape.of(0, 3), e.shape());

        INDArray back = Nd4jTensors.toINDArray(Tensor.scalar(1.5f));
        assertEquals(0, back.rank());
        assertEquals(1.5, back.getDouble(0));
        INDArray empty = Nd4jTensors.toINDArray(Tensor.zeros(0, 3));
        assertTrue(empty.isEmpty());
        assertArrayEquals(new long[] {0, 3}, empty.shape());
    }

    @Test
    void strings() {
        String[] words = {"a", "", "héllo", "日本"};
        INDArray a = Nd4jTensors.toINDArray(Tensor.ofStrings(Shape.of(2, 2), words));
        assertEquals(DataType.UTF8, a.dataType());
        assertArrayEquals(new long[] {2, 2}, a.shape());
        for (int i = 0; i < words.length; i++) assertEquals(words[i], a.getString(i), "ND4J's own read of element " + i);
        Tensor t = Nd4jTensors.toTensor(a);
        assertEquals(Shape.of(2, 2), t.shape());
        assertArrayEquals(words, t.strings());
        assertArrayEquals(new String[] {"x", "y"}, Nd4jTensors.toTensor(Nd4j.create("x", "y")).strings(), "an array made by ND4J");
        // ND4J cannot read strings from a view of a UTF8 array (getString and dup both fail): refused, not misread
        InputException e = assertThrows(InputException.class, () -> Nd4jTensors.toTensor(a.get(NDArrayIndex.all(), NDArrayIndex.point(1))));
        assertTrue(e.getMessage().contains("UTF8"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, mode = EnumSource.Mode.EXCLUDE, names = "STRING")
    void outputsInEveryKerasDtype(DType dtype) {
        float[] v = dtype == DType.BOOL ? new float[] {0, 1, 1, 0, 1, 0} : new float[] {0, 1, 2, dtype.signed() ? -3 : 3, 100, 127};
        INDArray a = Nd4jTensors.toINDArray(Tensor.of(Shape.of(2, 3), v), dtype);
        assertEquals(Nd4jTensors.nd4jType(dtype), a.dataType());
        assertEquals('c', a.ordering());
        for (int i = 0; i < v.length; i++) assertEquals(v[i], a.getDouble(i / 3, i % 3), 0.0, "element " + i);
        assertSameValues(a, Nd4jTensors.toTensor(a));
    }

    @Test
    void nullAndMismatchedDtypes() {
        assertThrows(InputException.class, () -> Nd4jTensors.toTensor(null));
        assertThrows(IllegalArgumentException.class, () -> Nd4jTensors.toINDArray(Tensor.zeros(2), DType.STRING));
    }

    @Test
    @SuppressWarnings("try")
    void arraysOutliveTheCallersWorkspace() {
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace("jkeras-nd4j-test")) {
            out = Nd4jTensors.toINDArray(Tensor.of(Shape.of(2), new float[] {1, 2}));
            assertFalse(out.isAttached(), "created outside the open workspace");
        }
        assertEquals(2.0, out.getDouble(1));
    }
}
