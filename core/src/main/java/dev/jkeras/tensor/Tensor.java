package dev.jkeras.tensor;

/**
 * A dense row-major float32 tensor: a fully known {@link Shape} and a {@code float[]}. Treated as
 * immutable once returned from a layer; {@link #reshape} shares the data. Math lives in
 * {@code dev.jkeras.kernel}, not here.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** Wraps {@code data} (not copied) as a tensor of {@code shape}. */
    public static Tensor of(Shape shape, float[] data) {
        if (!shape.isKnown()) throw new IllegalArgumentException("tensor shape must be fully known: " + shape);
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        return new Tensor(shape, data);
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

    /** The backing array (row-major). Callers must not modify a tensor they did not just create. */
    public float[] data() {
        return data;
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int i) {
        return shape.dim(i);
    }

    public int size() {
        return data.length;
    }

    /** Same data viewed with another shape of equal size (zero copy). */
    public Tensor reshape(Shape newShape) {
        return of(newShape, data);
    }

    public Tensor reshape(int... dims) {
        return reshape(Shape.of(dims));
    }

    /** Element at a full multi-index (convenient in tests; slow). */
    public float get(int... idx) {
        if (idx.length != shape.rank()) throw new IllegalArgumentException("index rank " + idx.length + " != " + shape.rank());
        int off = 0;
        for (int i = 0; i < idx.length; i++) off = off * shape.dim(i) + idx[i];
        return data[off];
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    @Override
    public String toString() {
        return "Tensor" + shape;
    }
}
