package dev.jkeras.tensor;

/**
 * A dense row-major tensor: a fully known {@link Shape} and either a {@code float[]} (every numeric
 * dtype, the common case) or, for Keras string tensors, a {@code String[]} ({@link #ofStrings}).
 * Math lives in {@code dev.jkeras.kernel}, not here.
 *
 * <p>Ownership: {@link #of} and {@link #ofStrings} wrap the caller's array without copying, and
 * {@link #data()}/{@link #strings()} return the backing array itself, so a tensor is only as immutable
 * as its users keep it. The contract: {@code Model.predict} never modifies its input tensors, and every
 * tensor it returns is the caller's own (it never shares an array with an input or with another
 * output), so the caller may modify outputs freely. Do not modify an input while a predict call that
 * uses it is running. Inside the library, a tensor is never modified once a layer has returned it;
 * {@link #reshape} shares the data.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;
    private final String[] strings;

    private Tensor(Shape shape, float[] data) {
        this.shape = shape;
        this.data = data;
        this.strings = null;
    }

    private Tensor(Shape shape, String[] strings) {
        this.shape = shape;
        this.data = null;
        this.strings = strings;
    }

    /** Wraps {@code data} (not copied) as a tensor of {@code shape}. */
    public static Tensor of(Shape shape, float[] data) {
        if (!shape.isKnown()) throw new IllegalArgumentException("tensor shape must be fully known: " + shape);
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        return new Tensor(shape, data);
    }

    /**
     * Wraps {@code strings} (not copied) as a string tensor of {@code shape}, row-major like
     * {@link #of}. Elements must not be null (use {@code ""}).
     */
    public static Tensor ofStrings(Shape shape, String[] strings) {
        if (!shape.isKnown()) throw new IllegalArgumentException("tensor shape must be fully known: " + shape);
        if (shape.size() != strings.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " strings, got " + strings.length);
        }
        for (int i = 0; i < strings.length; i++) {
            if (strings[i] == null) throw new IllegalArgumentException("string element " + i + " is null; use \"\" for an empty string");
        }
        return new Tensor(shape, strings);
    }

    /** A rank-2 tensor {@code (rows.length, rows[0].length)} holding a copy of {@code rows}, which must be rectangular. */
    public static Tensor of(float[][] rows) {
        return fromArray(rows);
    }

    /**
     * A copy of {@code buffer}'s remaining {@code shape.size()} floats, from its position, as a tensor of {@code shape};
     * the buffer's position is left where it was. Heap and direct buffers (of any byte order) are both read with a bulk get.
     *
     * @throws IllegalArgumentException if the shape is not fully known or the buffer holds fewer values than it needs
     */
    public static Tensor of(Shape shape, java.nio.FloatBuffer buffer) {
        if (!shape.isKnown()) throw new IllegalArgumentException("tensor shape must be fully known: " + shape);
        if (buffer.remaining() < shape.size()) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, the buffer has " + buffer.remaining() + " left");
        }
        float[] d = new float[shape.size()];
        buffer.duplicate().get(d);
        return new Tensor(shape, d);
    }

    /**
     * Copies this tensor's values into {@code buffer} from its position, advancing it by {@link #size()} (as
     * {@link java.nio.FloatBuffer#put(float[])} does).
     *
     * @throws IllegalStateException for a string tensor
     * @throws java.nio.BufferOverflowException if the buffer has less room than {@link #size()}
     */
    public void copyTo(java.nio.FloatBuffer buffer) {
        buffer.put(data());
    }

    /**
     * A tensor holding a copy of a rectangular Java array of any rank: {@code float[]}, {@code float[][]}, ...
     * Leaves may be {@code float}, {@code double} (rounded to float32, as NumPy's {@code astype("float32")} does),
     * {@code int}, {@code long}, {@code short}, {@code byte} or {@code boolean} (1/0) arrays, or {@code String}
     * arrays for string tensors. A {@link Float}/{@link Double}/{@link String} scalar gives a rank-0 tensor.
     *
     * @throws dev.jkeras.error.InputException if the array is ragged, holds nulls or another element type, or an
     *         integer beyond ±2^24 (which float32 cannot hold exactly)
     */
    public static Tensor fromArray(Object array) {
        return NestedArrays.toTensor(array);
    }

    /**
     * This tensor's values as a new nested Java array of its rank: {@code float[]} for rank 1, {@code float[][]}
     * for rank 2, ...; {@code String} arrays for a string tensor; a {@link Float} (or {@link String}) for rank 0.
     */
    public Object toArray() {
        return NestedArrays.fromTensor(this);
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.size()]);
    }

    /** A zero-filled tensor of the given dimensions. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(float v) {
        return new Tensor(Shape.of(), new float[] {v});
    }

    public Shape shape() {
        return shape;
    }

    /**
     * The backing array (row-major), not a copy. Modify it only in a tensor you own: one you created,
     * or one {@code Model.predict} returned to you (see the class comment); {@link #copy()} otherwise.
     *
     * @throws IllegalStateException if this is a string tensor (see {@link #strings()})
     */
    public float[] data() {
        if (data == null) {
            throw new IllegalStateException("a string tensor " + shape + " has no float data; read it with strings()");
        }
        return data;
    }

    /**
     * The backing strings (row-major) of a string tensor. Callers must not modify them.
     *
     * @throws IllegalStateException if this is a numeric tensor (see {@link #data()})
     */
    public String[] strings() {
        if (strings == null) {
            throw new IllegalStateException("a float32 tensor " + shape + " holds no strings; read it with data()");
        }
        return strings;
    }

    /** True for a string tensor ({@link #ofStrings}). */
    public boolean isString() {
        return strings != null;
    }

    /**
     * How the elements are held: {@link DType#STRING} for a string tensor, else {@link DType#FLOAT32},
     * the float32 array that carries every numeric dtype (a model's own dtypes are in
     * {@code Model.inputDTypes()} and {@code outputDTypes()}; see {@link DType}).
     */
    public DType dtype() {
        return strings != null ? DType.STRING : DType.FLOAT32;
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int i) {
        return shape.dim(i);
    }

    public int size() {
        return data != null ? data.length : strings.length;
    }

    /** Same data viewed with another shape of equal size (zero copy). */
    public Tensor reshape(Shape newShape) {
        if (data != null) return of(newShape, data);
        if (!newShape.isKnown() || newShape.size() != strings.length) {
            throw new IllegalArgumentException("cannot view " + strings.length + " strings as shape " + newShape);
        }
        return new Tensor(newShape, strings);
    }

    public Tensor reshape(int... dims) {
        return reshape(Shape.of(dims));
    }

    /** Element at a full multi-index (convenient in tests; slow). */
    public float get(int... idx) {
        return data()[offset(idx)];
    }

    /** String element at a full multi-index (convenient in tests; slow). */
    public String getString(int... idx) {
        return strings()[offset(idx)];
    }

    private int offset(int[] idx) {
        if (idx.length != shape.rank()) throw new IllegalArgumentException("index rank " + idx.length + " != " + shape.rank());
        int off = 0;
        for (int i = 0; i < idx.length; i++) off = off * shape.dim(i) + idx[i];
        return off;
    }

    /** A deep copy. */
    public Tensor copy() {
        return data != null ? new Tensor(shape, data.clone()) : new Tensor(shape, strings.clone());
    }

    @Override
    public String toString() {
        return data != null ? "Tensor" + shape : "Tensor" + shape + " string";
    }
}
