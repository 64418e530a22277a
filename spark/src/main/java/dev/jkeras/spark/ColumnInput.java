// One model input fed from one DataFrame column: which column types it takes (checked once, on the driver) and how a
// row's value, read from Spark's internal row (arrays as ArrayData, no boxing), becomes one sample (dims + float32
// values, or a string). Values the model would see differently from Keras (integers beyond 2^24, JPEG pixels) or that
// do not fit the input (lengths, nulls, ragged arrays) are bad values.
package dev.jkeras.spark;

import dev.jkeras.error.InputException;
import dev.jkeras.load.images.ImagePixels;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
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
import org.apache.spark.sql.types.UserDefinedType;

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

    /** The number type of a SCALAR or ARRAY column's values. */
    enum Leaf { FLOAT, DOUBLE, INT, LONG, SHORT, BYTE }

    final String input;
    final String column;
    final int field;
    final Kind kind;
    /** Declared per-sample dims, {@link Shape#UNKNOWN} where free. */
    final int[] dims;
    private final Leaf leaf;
    /** The column's type, kept for VECTOR (its user-defined type reads the internal struct back as a Vector). */
    private final DataType type;

    private ColumnInput(String input, String column, int field, Kind kind, int[] dims, Leaf leaf, DataType type) {
        this.input = input;
        this.column = column;
        this.field = field;
        this.kind = kind;
        this.dims = dims;
        this.leaf = leaf;
        this.type = type;
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
                return new ColumnInput(input, column, field, Kind.STRING, dims.length == 0 ? dims : new int[] {1}, null, type);
            }
            throw new IllegalArgumentException(is + "; " + want + " takes a string column (one string per row, inputs of shape (None,) or (None, 1))");
        }
        if (type instanceof BinaryType) {
            if (dims.length == 3 && (dims[2] == 3 || dims[2] == Shape.UNKNOWN) && dtype.isFloat()) {
                return new ColumnInput(input, column, field, Kind.IMAGE, new int[] {dims[0], dims[1], 3}, null, type);
            }
            throw new IllegalArgumentException(is + "; " + want + ": image columns (PNG bytes, decoded to RGB 0..255) feed float inputs of shape "
                    + "(None, height, width, 3) only");
        }
        if (type.equals(SQLDataTypes.VectorType())) {
            if (dims.length == 1 && !dtype.isInteger()) return new ColumnInput(input, column, field, Kind.VECTOR, dims, null, type);
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
        Leaf l = leaf instanceof FloatType ? Leaf.FLOAT : leaf instanceof DoubleType ? Leaf.DOUBLE : leaf instanceof IntegerType ? Leaf.INT
                : leaf instanceof LongType ? Leaf.LONG : leaf instanceof ShortType ? Leaf.SHORT : Leaf.BYTE;
        return new ColumnInput(input, column, field, depth == 0 ? Kind.SCALAR : Kind.ARRAY, dims, l, type);
    }

    /** The sample in this column of {@code row} (an internal row of the DataFrame being scored). */
    Sample read(InternalRow row) {
        if (row.isNullAt(field)) throw new BadValue("the value is null");
        switch (kind) {
            case STRING:
                return new Sample(dims, null, row.getUTF8String(field).toString());
            case SCALAR:
                return new Sample(dims, new float[] {number(row, field, null, 0)}, null);
            case VECTOR: {
                @SuppressWarnings("unchecked")
                UserDefinedType<Vector> udt = (UserDefinedType<Vector>) type;
                double[] v = udt.deserialize(row.getStruct(field, ((org.apache.spark.sql.types.StructType) udt.sqlType()).size())).toArray();
                checkDims(new int[] {v.length});
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                return new Sample(dims, f, null);
            }
            case IMAGE:
                return readImage(row.getBinary(field));
            default:
                return readArray(row.getArray(field));
        }
    }

    /**
     * PNG bytes as RGB 0..255 by keras-import's ImagePixels (keras.utils.load_img's pixels), at the image's own size. JPEG is
     * refused: the JDK's JPEG decoder differs from PIL's by a few levels per pixel, so scores would not match Keras.
     */
    private Sample readImage(byte[] bytes) {
        ImagePixels.Format f = ImagePixels.format(bytes);
        if (f == ImagePixels.Format.JPEG) {
            throw new BadValue("JPEG images are not supported: the JDK's JPEG decoder differs from PIL's (keras.utils.load_img) "
                    + "by a few levels per pixel, so scores would not match Keras; store PNG bytes or decoded pixel arrays");
        }
        if (f != ImagePixels.Format.PNG) throw new BadValue("not a PNG image (" + bytes.length + " bytes); image columns hold PNG file bytes");
        try {
            BufferedImage img = ImagePixels.decode(bytes);
            int[] d = {img.getHeight(), img.getWidth(), 3};
            checkDims(d);
            float[] rgb = new float[Math.multiplyExact(Math.multiplyExact(d[0], d[1]), 3)];
            ImagePixels.pixels(img, d[0], d[1], 3, 1f, 0f, rgb, 0);
            return new Sample(d, rgb, null);
        } catch (InputException e) {
            throw new BadValue("PNG image: " + e.getMessage());
        }
    }

    private Sample readArray(ArrayData value) {
        int[] d = new int[dims.length];
        ArrayData cur = value;
        for (int i = 0; i < d.length; i++) {
            if (cur == null) {
                d[i] = Math.max(dims[i], 0);
                continue;
            }
            d[i] = cur.numElements();
            cur = d[i] == 0 || i == d.length - 1 || cur.isNullAt(0) ? null : cur.getArray(0);
        }
        checkDims(d);
        float[] out = new float[Math.toIntExact(Arrays.stream(d).asLongStream().reduce(1, Math::multiplyExact))];
        fill(value, d, 0, out, 0, new int[d.length]);
        return new Sample(d, out, null);
    }

    private int fill(ArrayData a, int[] d, int level, float[] out, int pos, int[] index) {
        int n = a.numElements();
        if (n != d[level]) {
            throw new BadValue("ragged nested array: " + at(index, level) + " has " + n + " elements where the first has " + d[level]);
        }
        if (level == d.length - 1) {
            for (int i = 0; i < n; i++) {
                if (a.isNullAt(i)) {
                    index[level] = i;
                    throw new BadValue("null element at " + at(index, level + 1));
                }
                if (leaf == Leaf.FLOAT) {
                    out[pos + i] = a.getFloat(i);
                } else {
                    index[level] = i;
                    out[pos + i] = number(a, i, index, level + 1);
                }
            }
            return pos + n;
        }
        for (int i = 0; i < n; i++) {
            index[level] = i;
            if (a.isNullAt(i)) throw new BadValue("null array at " + at(index, level + 1));
            pos = fill(a.getArray(i), d, level + 1, out, pos, index);
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

    /** Element {@code i} of {@code g} (not null) as float32; {@code index}/{@code level} locate it for messages (null: the row's value). */
    private float number(SpecializedGetters g, int i, int[] index, int level) {
        long v;
        switch (leaf) {
            case FLOAT:
                return g.getFloat(i);
            case DOUBLE:
                return (float) g.getDouble(i);
            case INT:
                v = g.getInt(i);
                break;
            case LONG:
                v = g.getLong(i);
                break;
            case SHORT:
                v = g.getShort(i);
                break;
            default:
                v = g.getByte(i);
        }
        if (Math.abs(v) > DType.EXACT_INT_LIMIT) {
            throw new BadValue("integer " + v + (index == null ? "" : " at " + at(index, level)) + " lies beyond ±2^24, where float32 no longer holds every integer");
        }
        return v;
    }

    private static String at(int[] index, int level) {
        StringBuilder b = new StringBuilder("value");
        for (int i = 0; i < level; i++) b.append('[').append(index[i]).append(']');
        return b.toString();
    }
}
