// One model output written to one new column: float (per-row scalar), array<float>, or nested arrays for rank > 2
// (string outputs: string / arrays of strings). Values are float32 exactly as Model.predict returns them, built as
// Spark's internal values (a float row slice is one bulk copy into an UnsafeArrayData).
package dev.jkeras.spark;

import dev.jkeras.tensor.Tensor;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

final class ColumnOutput implements Serializable {
    private static final long serialVersionUID = 1L;

    final String output;
    final String column;
    /** Per-row rank: the output's rank without the batch. */
    final int rank;
    final boolean strings;

    ColumnOutput(String output, String column, int rank, boolean strings) {
        this.output = output;
        this.column = column;
        this.rank = rank;
        this.strings = strings;
    }

    DataType type() {
        DataType t = strings ? DataTypes.StringType : DataTypes.FloatType;
        for (int i = 0; i < rank; i++) t = DataTypes.createArrayType(t, false);
        return t;
    }

    /** Row {@code row} of {@code y} (batch first) as this column's internal value (Float, UTF8String or ArrayData). */
    Object value(Tensor y, int row) {
        int[] d = y.shape().dims();
        int per = y.shape().sizeFrom(1);
        return nest(y, d, 1, row * per);
    }

    private Object nest(Tensor y, int[] d, int level, int off) {
        if (level == d.length) return strings ? UTF8String.fromString(y.strings()[off]) : (Object) y.data()[off];
        if (level == d.length - 1) {
            if (strings) {
                Object[] s = new Object[d[level]];
                for (int i = 0; i < s.length; i++) s[i] = UTF8String.fromString(y.strings()[off + i]);
                return new GenericArrayData(s);
            }
            // the offset argument is a byte offset into the array object, an int
            if (off <= (Integer.MAX_VALUE - Platform.FLOAT_ARRAY_OFFSET) / Float.BYTES) {
                return UnsafeArrayData.fromPrimitiveArray(y.data(), Platform.FLOAT_ARRAY_OFFSET + off * Float.BYTES, d[level], Float.BYTES);
            }
            return UnsafeArrayData.fromPrimitiveArray(java.util.Arrays.copyOfRange(y.data(), off, off + d[level]));
        }
        int stride = 1;
        for (int i = level + 1; i < d.length; i++) stride *= d[i];
        Object[] a = new Object[d[level]];
        for (int i = 0; i < a.length; i++) a[i] = nest(y, d, level + 1, off + i * stride);
        return new GenericArrayData(a);
    }
}
