package dev.jkeras.nd4j;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between ND4J {@link INDArray}s and jkeras {@link Tensor}s.
 *
 * <p><b>Copies.</b> A jkeras tensor holds a Java heap {@code float[]} and an INDArray holds off-heap
 * memory, so no conversion can share memory (zero copy is not possible in either direction): each is
 * one copy, a single bulk NIO transfer for {@code FLOAT} and one converting pass for other types. An
 * INDArray whose elements lie in C (row-major) order without gaps, a view such as {@code getRow(i)}
 * included, is read straight from its buffer; any other layout (Fortran order, a transpose, a strided
 * view) is first laid out in C order by ND4J itself ({@code dup('c')}), then read. ND4J's own
 * {@code Nd4j.create(float[], shape, 'c')} copies too (it does not wrap the Java array), and took about
 * twice as long as the bulk transfer {@link #toINDArray} uses (18 ms against 10 ms for 4M floats).
 *
 * <p><b>Dtypes.</b> An INDArray is converted as jkeras reads a NumPy file for its command line:
 * floats become float32 ({@code DOUBLE} rounded to nearest, {@code HALF} and {@code BFLOAT16} exactly),
 * bools become 1/0, integers must lie within ±2<sup>24</sup>, the range in which float32 holds every
 * integer exactly (beyond it an {@link InputException}: an Embedding index would silently become
 * another), and {@code UTF8} arrays become string tensors. Model outputs can be returned in the dtype
 * Keras returns them ({@link #toINDArray(Tensor, DType)}).
 *
 * <p>Arrays are created outside any ND4J workspace the caller has open, so they outlive it. On a GPU
 * backend the host copy is synchronized through ND4J's {@link AffinityManager} (only the CPU backend is
 * tested).
 */
// ND4J deprecated the enum constants BYTE, SHORT, INT, LONG, UBYTE and HALF for static aliases (INT8, ..., FLOAT16),
// which switch labels cannot name; "try": the workspace scopes are opened for their effect only.
@SuppressWarnings({"deprecation", "try"})
public final class Nd4jTensors {
    private Nd4jTensors() {}

    /**
     * The tensor holding {@code array}'s values, in row-major order (see the class comment for copies and
     * dtypes). A rank-0 array gives a rank-0 tensor; an empty array an empty tensor of its shape.
     *
     * @throws InputException if the array is null, of a dtype jkeras does not take ({@code COMPRESSED},
     *     {@code UNKNOWN}), holds an integer beyond ±2^24, or has more elements than a Java array holds
     */
    public static Tensor toTensor(INDArray array) {
        return toTensor(array, "INDArray");
    }

    /**
     * An INDArray of {@code tensor}'s values: {@code FLOAT}, or {@code UTF8} for a string tensor. The
     * array is C-ordered and is the caller's own (a copy).
     */
    public static INDArray toINDArray(Tensor tensor) {
        return toINDArray(tensor, tensor.dtype());
    }

    /**
     * An INDArray of {@code tensor}'s values in the ND4J type of the Keras dtype {@code dtype}, as
     * {@link Model#outputDTypes()} gives it for each output: float32 as {@code FLOAT}, float64 as
     * {@code DOUBLE}, int8/16/32/64 as {@code BYTE}/{@code SHORT}/{@code INT}/{@code LONG}, uint8/16/32/64 as
     * {@code UBYTE}/{@code UINT16}/{@code UINT32}/{@code UINT64}, bool as {@code BOOL}, string as {@code UTF8}.
     * Integer and bool tensors hold whole numbers (bool 1/0), which convert exactly.
     *
     * @throws IllegalArgumentException if a string tensor is asked for as a number or the reverse
     */
    public static INDArray toINDArray(Tensor tensor, DType dtype) {
        if (tensor.isString() != (dtype == DType.STRING)) {
            throw new IllegalArgumentException("a " + (tensor.isString() ? "string" : "numeric") + " tensor " + tensor.shape()
                    + " cannot be converted as dtype " + dtype.keras());
        }
        long[] shape = longs(tensor.shape());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (tensor.isString()) return utf8(tensor.strings(), shape);
            DataType type = nd4jType(dtype);
            if (tensor.size() == 0) return Nd4j.create(type, shape);
            INDArray out = Nd4j.createUninitialized(type, shape, 'c');
            write(tensor.data(), out, type);
            Nd4j.getAffinityManager().tagLocation(out, AffinityManager.Location.HOST);
            return out;
        }
    }

    /** The ND4J data type that carries the Keras dtype {@code dtype}. */
    public static DataType nd4jType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT64 -> DataType.DOUBLE;
            case INT8 -> DataType.BYTE;
            case INT16 -> DataType.SHORT;
            case INT32 -> DataType.INT;
            case INT64 -> DataType.LONG;
            case UINT8 -> DataType.UBYTE;
            case UINT16 -> DataType.UINT16;
            case UINT32 -> DataType.UINT32;
            case UINT64 -> DataType.UINT64;
            case BOOL -> DataType.BOOL;
            case STRING -> DataType.UTF8;
        };
    }

    /** {@link #toTensor(INDArray)} with {@code what} naming the array in messages (e.g. "input 'x'"). */
    static Tensor toTensor(INDArray array, String what) {
        if (array == null) throw new InputException(what + " is null");
        DataType type = array.dataType();
        Shape shape = shape(array, what);
        if (type == DataType.UTF8) return strings(array, shape, what);
        if (!readable(type)) {
            throw new InputException(what + " has ND4J data type " + type + ", which jkeras does not take; it takes floating point "
                    + "(DOUBLE, FLOAT, HALF, BFLOAT16), integer (BYTE, SHORT, INT, LONG, UBYTE, UINT16, UINT32, UINT64), BOOL and UTF8 arrays");
        }
        int n = shape.size();
        if (n == 0) return Tensor.zeros(shape);
        float[] out = new float[n];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray c = array;
            if (type == DataType.HALF || type == DataType.BFLOAT16) {
                c = c.castTo(DataType.FLOAT); // exact: float32 holds every half and bfloat16 value
                type = DataType.FLOAT;
            }
            if (!isRowMajorDense(c)) c = c.dup('c');
            Nd4j.getAffinityManager().ensureLocation(c, AffinityManager.Location.HOST);
            read(c, type, out, what, shape);
        }
        return Tensor.of(shape, out);
    }

    private static boolean readable(DataType t) {
        return switch (t) {
            case DOUBLE, FLOAT, HALF, BFLOAT16, BYTE, SHORT, INT, LONG, UBYTE, UINT16, UINT32, UINT64, BOOL -> true;
            default -> false;
        };
    }

    private static Shape shape(INDArray array, String what) {
        long[] dims = array.shape();
        int[] out = new int[dims.length];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new InputException(what + " has dimension " + dims[i] + " in shape " + Arrays.toString(dims) + "; jkeras tensors take 0.."
                        + Integer.MAX_VALUE);
            }
            out[i] = (int) dims[i];
            size *= dims[i];
            if (size > Model.DEFAULT_MAX_TENSOR_ELEMENTS) {
                throw new InputException(what + " of shape " + Arrays.toString(dims) + " has more elements than a jkeras tensor holds (at most "
                        + Model.DEFAULT_MAX_TENSOR_ELEMENTS + ", the size of one Java array)");
            }
        }
        return Shape.of(out);
    }

    /**
     * True when the elements lie in C order without gaps from {@code offset()} on (dimensions of size 1
     * may have any stride) inside the buffer's allocation, so they can be read in place.
     */
    static boolean isRowMajorDense(INDArray a) {
        long[] dims = a.shape();
        long[] strides = a.stride();
        long expected = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] != 1 && strides[i] != expected) return false;
            expected *= dims[i];
        }
        return a.offset() + expected <= Math.min(a.data().underlyingLength(), Integer.MAX_VALUE);
    }

    /**
     * One bulk transfer of {@code c}'s elements (dense, row-major) into {@code out}. ND4J's NIO view of a
     * buffer starts at the allocation, also for a view's buffer, whose first element is at {@code offset()}
     * (as ND4J's own {@code asNioInt()} reads it).
     */
    private static void read(INDArray c, DataType type, float[] out, String what, Shape shape) {
        int off = Math.toIntExact(c.offset());
        int n = out.length;
        ByteBuffer b = c.data().asNio().order(ByteOrder.nativeOrder());
        if ((long) (off + n) * c.data().getElementSize() > b.capacity()) {
            throw new IllegalStateException("ND4J's buffer of " + b.capacity() + " bytes does not hold elements " + off + ".." + (off + n)
                    + " of " + what);
        }
        switch (type) {
            case FLOAT -> b.asFloatBuffer().get(off, out, 0, n);
            case DOUBLE -> {
                java.nio.DoubleBuffer d = b.asDoubleBuffer();
                for (int i = 0; i < n; i++) out[i] = (float) d.get(off + i);
            }
            case BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(off + i) != 0 ? 1f : 0f; }
            case BYTE -> { for (int i = 0; i < n; i++) out[i] = b.get(off + i); }
            case UBYTE -> { for (int i = 0; i < n; i++) out[i] = b.get(off + i) & 0xff; }
            case SHORT -> {
                java.nio.ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < n; i++) out[i] = s.get(off + i);
            }
            case UINT16 -> {
                java.nio.ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < n; i++) out[i] = s.get(off + i) & 0xffff;
            }
            case INT -> {
                java.nio.IntBuffer s = b.asIntBuffer();
                for (int i = 0; i < n; i++) out[i] = exact(s.get(off + i), false, i, what, shape);
            }
            case UINT32 -> {
                java.nio.IntBuffer s = b.asIntBuffer();
                for (int i = 0; i < n; i++) out[i] = exact(s.get(off + i) & 0xffffffffL, false, i, what, shape);
            }
            case LONG, UINT64 -> {
                java.nio.LongBuffer s = b.asLongBuffer();
                for (int i = 0; i < n; i++) out[i] = exact(s.get(off + i), type == DataType.UINT64, i, what, shape);
            }
            default -> throw new IllegalStateException("unhandled ND4J type " + type);
        }
    }

    private static float exact(long v, boolean unsigned, int flat, String what, Shape shape) {
        long limit = DType.EXACT_INT_LIMIT;
        boolean ok = unsigned ? Long.compareUnsigned(v, limit) <= 0 : v >= -limit && v <= limit;
        if (!ok) {
            throw new InputException(what + ": element " + Arrays.toString(index(shape, flat)) + " = "
                    + (unsigned ? Long.toUnsignedString(v) : Long.toString(v)) + " is an integer beyond ±2^24 = 16777216, which float32 "
                    + "cannot hold exactly; the model computes in float32 as Keras does, so the result would be silently wrong");
        }
        return v;
    }

    private static int[] index(Shape shape, int flat) {
        int[] idx = new int[shape.rank()];
        for (int d = shape.rank() - 1; d >= 0; d--) {
            idx[d] = flat % shape.dim(d);
            flat /= shape.dim(d);
        }
        return idx;
    }

    /**
     * A UTF8 array as a string tensor. ND4J (1.0.0-M2.1) reads strings only from an array that owns its
     * buffer in C order: {@code getString} and {@code dup} both fail on a view of a UTF8 array.
     */
    private static Tensor strings(INDArray array, Shape shape, String what) {
        int n = shape.size();
        if (n == 0) return Tensor.ofStrings(shape, new String[0]);
        if (array.offset() != 0 || !isRowMajorDense(array)) {
            throw new InputException(what + " is a UTF8 array in another layout than C order (offset " + array.offset() + ", strides "
                    + Arrays.toString(array.stride()) + "), which ND4J cannot read strings from; pass a UTF8 array created in C order");
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = array.getString(i);
        return Tensor.ofStrings(shape, out);
    }

    /**
     * A UTF8 array of {@code strings}. ND4J 1.0.0-M2.1's CPU backend stores each Java char as one byte
     * (so "é" is stored as the single byte 0xE9, which its own UTF-8 {@code getString} cannot decode):
     * where a probe shows that, each string is handed over as its UTF-8 bytes, one char per byte, which
     * that backend then stores exactly. A backend that encodes correctly gets the strings as they are.
     */
    private static INDArray utf8(String[] strings, long[] shape) {
        if (strings.length == 0) return Nd4j.create(DataType.UTF8, shape);
        List<String> words = new ArrayList<>(strings.length);
        for (String w : strings) {
            switch (Utf8Probe.MODE) {
                case AS_IS -> words.add(w);
                case BYTEWISE -> words.add(new String(w.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                case ASCII_ONLY -> {
                    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(w)) {
                        throw new UnsupportedFeatureException("this ND4J backend (" + Nd4j.getBackend().getClass().getName()
                                + ") does not store non-ASCII text in UTF8 arrays correctly, and the string \"" + w + "\" is not ASCII; "
                                + "read string outputs with Model.predict (Tensor.strings()) instead");
                    }
                    words.add(w);
                }
            }
        }
        return Nd4j.create(words, shape, 'c');
    }

    private enum Utf8Mode { AS_IS, BYTEWISE, ASCII_ONLY }

    /** How the backend stores a string (see {@link #utf8}); probed once, on first use. */
    private static final class Utf8Probe {
        static final Utf8Mode MODE = probe();

        private static Utf8Mode probe() {
            String s = "\u00e9\u65e5";
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                if (s.equals(Nd4j.create(List.of(s), new long[] {1}, 'c').getString(0))) return Utf8Mode.AS_IS;
                String bytes = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                if (s.equals(Nd4j.create(List.of(bytes), new long[] {1}, 'c').getString(0))) return Utf8Mode.BYTEWISE;
            } catch (RuntimeException e) {
                return Utf8Mode.ASCII_ONLY;
            }
            return Utf8Mode.ASCII_ONLY;
        }
    }

    private static void write(float[] v, INDArray out, DataType type) {
        int n = v.length;
        ByteBuffer b = out.data().asNio().order(ByteOrder.nativeOrder());
        switch (type) {
            case FLOAT -> b.asFloatBuffer().put(0, v, 0, n);
            case DOUBLE -> {
                java.nio.DoubleBuffer d = b.asDoubleBuffer();
                for (int i = 0; i < n; i++) d.put(i, v[i]);
            }
            case BOOL -> { for (int i = 0; i < n; i++) b.put(i, (byte) (v[i] != 0 ? 1 : 0)); }
            case BYTE, UBYTE -> { for (int i = 0; i < n; i++) b.put(i, (byte) (long) v[i]); }
            case SHORT, UINT16 -> {
                java.nio.ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < n; i++) s.put(i, (short) (long) v[i]);
            }
            case INT, UINT32 -> {
                java.nio.IntBuffer s = b.asIntBuffer();
                for (int i = 0; i < n; i++) s.put(i, (int) (long) v[i]);
            }
            case LONG, UINT64 -> {
                java.nio.LongBuffer s = b.asLongBuffer();
                for (int i = 0; i < n; i++) s.put(i, (long) v[i]);
            }
            default -> throw new IllegalStateException("unhandled ND4J type " + type);
        }
    }

    static long[] longs(Shape s) {
        long[] out = new long[s.rank()];
        for (int i = 0; i < out.length; i++) out[i] = s.dim(i);
        return out;
    }
}
