package dev.jkeras.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape, batch first as in Keras. A dimension of {@link #UNKNOWN} (-1) stands for
 * Keras's {@code None} and appears only in symbolic shapes (shape inference, summaries), never in a
 * {@link Tensor}.
 */
public final class Shape {
    /** The value of an unknown dimension (Keras {@code None}). */
    public static final int UNKNOWN = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given dimensions; each must be ≥ 0 or {@link #UNKNOWN}. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < UNKNOWN) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}; negative {@code i} counts from the end as in Python. */
    public int dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** True when no dimension is unknown. */
    public boolean isKnown() {
        for (int d : dims) if (d == UNKNOWN) return false;
        return true;
    }

    /** Number of elements; throws if a dimension is unknown or the count exceeds an int. */
    public int size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) throw new IllegalStateException("size of a shape with unknown dimensions: " + this);
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new dev.jkeras.error.UnsupportedFeatureException("a tensor of shape " + this + " has " + n
                        + "+ elements; jkeras tensors hold at most 2^31-1 (one Java array): use a smaller batch");
            }
        }
        return (int) n;
    }

    /** Product of dimensions from {@code from} (inclusive) to the end. */
    public int sizeFrom(int from) {
        return sub(from, dims.length).size();
    }

    /** The shape of dimensions [from, to). */
    public Shape sub(int from, int to) {
        return new Shape(Arrays.copyOfRange(dims, from, to));
    }

    /** This shape with dimension {@code i} replaced. */
    public Shape with(int i, int d) {
        int[] c = dims.clone();
        c[i < 0 ? c.length + i : i] = d;
        return new Shape(c);
    }

    /** {@code [first] + this}. */
    public Shape prepend(int first) {
        int[] c = new int[dims.length + 1];
        c[0] = first;
        System.arraycopy(dims, 0, c, 1, dims.length);
        return new Shape(c);
    }

    /** {@code this + [last...]}. */
    public Shape append(int... last) {
        int[] c = Arrays.copyOf(dims, dims.length + last.length);
        System.arraycopy(last, 0, c, dims.length, last.length);
        return new Shape(c);
    }

    /** This shape without its first dimension. */
    public Shape dropFirst() {
        return sub(1, dims.length);
    }

    /** True if every known dimension of {@code this} equals the same dimension of {@code other}. */
    public boolean compatibleWith(Shape other) {
        if (other.rank() != rank()) return false;
        for (int i = 0; i < dims.length; i++) {
            int a = dims[i], b = other.dims[i];
            if (a != UNKNOWN && b != UNKNOWN && a != b) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras style: {@code (None, 10, 8)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i] == UNKNOWN ? "None" : Integer.toString(dims[i]));
        }
        if (dims.length == 1) sb.append(',');
        return sb.append(')').toString();
    }
}
