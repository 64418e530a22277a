// One model output written to one new column: float (per-row scalar), array<float>, or nested arrays for rank > 2
// (string outputs: string / arrays of strings). Values are float32 exactly as Model.predict returns them.
package dev.jkeras.spark;

import dev.jkeras.tensor.Tensor;
import java.io.Serializable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

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

    /** Row {@code row} of {@code y} (batch first) as this column's value. */
    Object value(Tensor y, int row) {
        int[] d = y.shape().dims();
        int per = y.shape().sizeFrom(1);
        return nest(y, d, 1, row * per);
    }

    private Object nest(Tensor y, int[] d, int level, int off) {
        if (level == d.length) return strings ? y.strings()[off] : (Object) y.data()[off];
        if (level == d.length - 1) {
            if (strings) {
                String[] s = new String[d[level]];
                System.arraycopy(y.strings(), off, s, 0, s.length);
                return s;
            }
            float[] f = new float[d[level]];
            System.arraycopy(y.data(), off, f, 0, f.length);
            return f;
        }
        int stride = 1;
        for (int i = level + 1; i < d.length; i++) stride *= d[i];
        Object[] a = new Object[d[level]];
        for (int i = 0; i < a.length; i++) a[i] = nest(y, d, level + 1, off + i * stride);
        return a;
    }
}
