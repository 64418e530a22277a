// Scores one partition of Spark's internal rows: pulls batchSize rows at a time, turns their columns into one tensor per
// model input, runs one Model.predict, and returns the rows in order with the output columns appended. Bad rows fail the
// task with their position, or get null outputs (onError = "null"); a batch the model rejects as a whole is then retried
// row by row.
package dev.jkeras.spark;

import dev.jkeras.error.KerasException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;

final class PartitionScorer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final String sha256;
    private final String where;
    private final List<ColumnInput> inputs;
    private final List<ColumnOutput> outputs;
    private final int batchSize;
    private final boolean nullOnError;
    private final int threads;

    PartitionScorer(Broadcast<byte[]> model, String sha256, String where, List<ColumnInput> inputs, List<ColumnOutput> outputs,
                    int batchSize, boolean nullOnError, int threads) {
        this.model = model;
        this.sha256 = sha256;
        this.where = where;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.batchSize = batchSize;
        this.nullOnError = nullOnError;
        this.threads = threads;
    }

    /**
     * Partition {@code partition}'s rows, each followed by its outputs. The input rows may be reused by their iterator (as
     * Spark's scans do); the rows returned are not, and are meant to be projected by the consumer.
     */
    Iterator<InternalRow> score(Iterator<InternalRow> rows, int partition) {
        Model m = ModelCache.get(sha256, model::value);
        Model run = threads == 0 ? m : m.withThreads(threads);
        return new Iterator<>() {
            private final List<InternalRow> out = new ArrayList<>();
            private int next;
            private long position;

            @Override
            public boolean hasNext() {
                if (next < out.size()) return true;
                out.clear();
                next = 0;
                List<InternalRow> batch = new ArrayList<>(Math.min(batchSize, 4096));
                while (batch.size() < batchSize && rows.hasNext()) batch.add(rows.next().copy());
                if (batch.isEmpty()) return false;
                score(run, batch, partition, position, out);
                position += batch.size();
                return true;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) throw new NoSuchElementException();
                return out.get(next++);
            }
        };
    }

    private void score(Model m, List<InternalRow> batch, int partition, long first, List<InternalRow> out) {
        int n = batch.size();
        ColumnInput.Sample[][] samples = new ColumnInput.Sample[n][];
        int[][] batchDims = new int[inputs.size()][];
        for (int r = 0; r < n; r++) {
            ColumnInput.Sample[] s = new ColumnInput.Sample[inputs.size()];
            for (int i = 0; s != null && i < s.length; i++) {
                ColumnInput in = inputs.get(i);
                try {
                    s[i] = in.read(batch.get(r));
                    if (batchDims[i] != null && !Arrays.equals(batchDims[i], s[i].dims())) {
                        throw new ColumnInput.BadValue("found shape " + Arrays.toString(s[i].dims()) + " where earlier rows of its batch have "
                                + Arrays.toString(batchDims[i]) + "; free dimensions must agree within a batch (batchSize 1 scores each row at its own shape)");
                    }
                } catch (ColumnInput.BadValue e) {
                    if (!nullOnError) throw badRow(partition, first + r, in, e.getMessage());
                    s = null;
                } catch (ClassCastException e) {
                    throw new IllegalStateException(where + ": column '" + in.column + "' holds " + e.getMessage(), e);
                }
            }
            if (s != null) {
                for (int i = 0; i < s.length; i++) if (batchDims[i] == null) batchDims[i] = s[i].dims();
            }
            samples[r] = s;
        }
        List<Integer> good = new ArrayList<>(n);
        for (int r = 0; r < n; r++) if (samples[r] != null) good.add(r);
        Object[][] results = new Object[n][];
        try {
            predict(m, samples, good, results);
        } catch (KerasException e) {
            if (!nullOnError) {
                throw new dev.jkeras.error.InputException(where + ": rows " + first + ".." + (first + n - 1) + " of partition " + partition
                        + " (one batch): " + e.getMessage(), e);
            }
            for (int r : good) {
                try {
                    predict(m, samples, List.of(r), results);
                } catch (KerasException single) {
                    results[r] = null;
                }
            }
        }
        for (int r = 0; r < n; r++) {
            out.add(new JoinedRow(batch.get(r), new GenericInternalRow(results[r] != null ? results[r] : new Object[outputs.size()])));
        }
    }

    private void predict(Model m, ColumnInput.Sample[][] samples, List<Integer> rows, Object[][] results) {
        if (rows.isEmpty()) return;
        int b = rows.size();
        List<Tensor> xs = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            int[] dims = samples[rows.get(0)][i].dims();
            Shape shape = Shape.of(dims).prepend(b);
            if (inputs.get(i).kind == ColumnInput.Kind.STRING) {
                String[] s = new String[b];
                for (int k = 0; k < b; k++) s[k] = samples[rows.get(k)][i].text();
                xs.add(Tensor.ofStrings(shape, s));
            } else {
                int per = Shape.of(dims).size();
                float[] data = new float[Math.multiplyExact(b, per)];
                for (int k = 0; k < b; k++) System.arraycopy(samples[rows.get(k)][i].values(), 0, data, k * per, per);
                xs.add(Tensor.of(shape, data));
            }
        }
        List<Tensor> ys = m.predict(xs);
        for (int k = 0; k < b; k++) {
            Object[] o = new Object[outputs.size()];
            for (int j = 0; j < o.length; j++) o[j] = outputs.get(j).value(ys.get(j), k);
            results[rows.get(k)] = o;
        }
    }

    private dev.jkeras.error.InputException badRow(int partition, long row, ColumnInput in, String why) {
        return new dev.jkeras.error.InputException(where + ": bad row " + row + " of partition " + partition + ", column '" + in.column
                + "' (model input '" + in.input + "'): " + why + " (set onError to \"null\" to give such rows null outputs)");
    }
}
