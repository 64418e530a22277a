// One model input fed from one DataFrame column: which column types it takes (checked once, on the driver) and how a
// row's value becomes one sample (dims + float32 values, or a string). Values the model would see differently from Keras
// (integers beyond 2^24, JPEG pixels) or that do not fit the input (lengths, nulls, ragged arrays) are bad values.
package dev.jkeras.spark;

import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;

final class ColumnInput implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A value that cannot become this input's sample; the message says what was expected and found. */
    static final class BadValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    /** One row's sample: its dims (without the batch) and values, or its string. */
    record Sample(int[] dims, float[] values, String text) {}

    enum Kind { ARRAY, SCALAR, VECTOR, IMAGE, STRING }

    final String input;
    final String column;
    final int field;
    final Kind kind;
    /** Declared per-sample dims, {@link Shape#UNKNOWN} where free. */
    final int[] dims;

    private ColumnInput(String input, String column, int field, Kind kind, int[] dims) {
        this.input = input;
        this.column = column;
        this.field = field;
        this.kind = kind;
        this.dims = dims;
    }

    /**
     * How column {@code column} (field {@code field}, of type {@code type}) feeds model input {@code input} of the given
     * shape (batch first) and dtype.
     *
     * @throws IllegalArgumentException if the column's type cannot feed the input
     */
    static ColumnInput of(String input, Shape shape, DType dtype, String column, int field, DataType type) {
        int[] dims = shape.dropFirst().dims();
        String want = "model input '" + input + "' " + shape + " " + dtype.keras();
        String is = "column '" + column + "' is " + type.simpleString();
        if (dtype == DType.STRING) {
            if (type instanceof StringType && (dims.length == 0 || dims.length == 1 && (dims[0] == 1 || dims[0] == Shape.UNKNOWN))) {
                return new ColumnInput(input, column, field, Kind.STRING, dims.length == 0 ? dims : new int[] {1});
            }
            throw new IllegalArgumentException(is + "; " + want + " takes a string column (one string per row, inputs of shape (None,) or (None, 1))");
        }
        if (type instanceof BinaryType) {
            if (dims.length == 3 && (dims[2] == 3 || dims[2] == Shape.UNKNOWN) && dtype.isFloat()) {
                return new ColumnInput(input, column, field, Kind.IMAGE, new int[] {dims[0], dims[1], 3});
            }
            throw new IllegalArgumentException(is + "; " + want + ": image columns (PNG bytes, decoded to RGB 0..255) feed float inputs of shape "
                    + "(None, height, width, 3) only");
        }
        if (type.equals(SQLDataTypes.VectorType())) {
            if (dims.length == 1 && !dtype.isInteger()) return new ColumnInput(input, column, field, Kind.VECTOR, dims);
            throw new IllegalArgumentException(is + " (an ML Vector); " + want + ": vectors feed float inputs of shape (None, n) only; use nested arrays");
        }
        int depth = 0;
        DataType leaf = type;
        while (leaf instanceof ArrayType a) {
            depth++;
            leaf = a.elementType();
        }
        boolean integral = leaf instanceof IntegerType || leaf instanceof LongType || leaf instanceof ShortType || leaf instanceof ByteType;
        boolean floating = leaf instanceof FloatType || leaf instanceof DoubleType;
        if (!integral && !floating) {
            throw new IllegalArgumentException(is + "; " + want + " takes numbers: array<float>, array<double>, integer arrays, nested arrays for "
                    + "rank > 2, an ML Vector, or PNG bytes (binary) for images");
        }
        if (dtype.isInteger() && !integral) {
            throw new IllegalArgumentException(is + "; " + want + " takes integers: give an integer column (int, bigint, smallint, tinyint or arrays of them)");
        }
        if (depth != dims.length) {
            throw new IllegalArgumentException(is + " (" + depth + " nesting level" + (depth == 1 ? "" : "s") + "); " + want + " needs "
                    + (dims.length == 0 ? "a number per row" : dims.length + " nesting level" + (dims.length == 1 ? "" : "s") + " of arrays per row"));
        }
        return new ColumnInput(input, column, field, depth == 0 ? Kind.SCALAR : Kind.ARRAY, dims);
    }

    /** The sample in {@code value} (the row's value of this column). */
    Sample read(Object value) {
        if (value == null) throw new BadValue("the value is null");
        switch (kind) {
            case STRING:
                return new Sample(dims, null, (String) value);
            case SCALAR:
                return new Sample(dims, new float[] {leaf(value, "")}, null);
            case VECTOR: {
                double[] v = ((Vector) value).toArray();
                checkDims(new int[] {v.length});
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                return new Sample(dims, f, null);
            }
            case IMAGE: {
                PngPixels.Image img = PngPixels.decode((byte[]) value);
                int[] d = {img.height(), img.width(), 3};
                checkDims(d);
                return new Sample(d, img.rgb(), null);
            }
            default:
                return readArray(value);
        }
    }

    private Sample readArray(Object value) {
        int[] d = new int[dims.length];
        Object cur = value;
        for (int i = 0; i < d.length; i++) {
            if (cur == null) {
                d[i] = Math.max(dims[i], 0);
                continue;
            }
            d[i] = length(cur);
            cur = d[i] == 0 ? null : element(cur, 0);
        }
        checkDims(d);
        float[] out = new float[Math.toIntExact(Arrays.stream(d).asLongStream().reduce(1, Math::multiplyExact))];
        fill(value, d, 0, out, 0, new int[d.length]);
        return new Sample(d, out, null);
    }

    private int fill(Object seq, int[] d, int level, float[] out, int pos, int[] index) {
        if (seq == null) throw new BadValue("null array at " + at(index, level));
        int n = length(seq);
        if (n != d[level]) {
            throw new BadValue("ragged nested array: " + at(index, level) + " has " + n + " elements where the first has " + d[level]);
        }
        for (int i = 0; i < n; i++) {
            index[level] = i;
            Object e = element(seq, i);
            if (level == d.length - 1) {
                out[pos++] = leaf(e, at(index, level + 1));
            } else {
                pos = fill(e, d, level + 1, out, pos, index);
            }
        }
        return pos;
    }

    private void checkDims(int[] found) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != Shape.UNKNOWN && dims[i] != found[i]) {
                throw new BadValue("expected " + (dims.length == 1 ? dims[0] + " values" : "per-row shape " + Arrays.toString(dims).replace("-1", "None"))
                        + ", found " + (dims.length == 1 ? found[0] + " values" : "shape " + Arrays.toString(found)));
            }
        }
    }

    private static float leaf(Object o, String where) {
        if (o instanceof Float f) return f;
        if (o instanceof Double d) return (float) d.doubleValue();
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            long v = ((Number) o).longValue();
            if (Math.abs(v) > DType.EXACT_INT_LIMIT) {
                throw new BadValue("integer " + v + (where.isEmpty() ? "" : " at " + where) + " lies beyond ±2^24, where float32 no longer holds every integer");
            }
            return v;
        }
        if (o == null) throw new BadValue("null element" + (where.isEmpty() ? "" : " at " + where));
        throw new BadValue("element " + o + " (" + o.getClass().getSimpleName() + ") is not a number");
    }

    private static String at(int[] index, int level) {
        StringBuilder b = new StringBuilder("value");
        for (int i = 0; i < level; i++) b.append('[').append(index[i]).append(']');
        return b.toString();
    }

    private static int length(Object seq) {
        if (seq instanceof scala.collection.Seq<?> s) return s.length();
        if (seq instanceof java.util.List<?> l) return l.size();
        if (seq instanceof Object[] a) return a.length;
        throw new BadValue("expected an array, found " + seq.getClass().getSimpleName());
    }

    private static Object element(Object seq, int i) {
        if (seq instanceof scala.collection.Seq<?> s) return s.apply(i);
        if (seq instanceof java.util.List<?> l) return l.get(i);
        return ((Object[]) seq)[i];
    }
}
