// predict's inputs as per-input sources read one batch of samples at a time, in order, so a large input never has
// to be in memory at once (.npy/.npz stream their rows; JSON and CSV are read whole; images are decoded per batch).
package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model's inputs, in input order, all with the same number of samples, read a batch at a time. */
final class Batches implements Closeable {
    /** One input's samples: the whole array's shape, and its next rows on demand. */
    interface Source extends Closeable {
        /** The whole array's shape, samples first. */
        Shape shape();

        boolean isString();

        /** Names the file (and member) in messages. */
        String where();

        /** The next {@code rows} samples, shape (rows, ...). */
        Tensor next(int rows) throws IOException;

        /** What --verbose says about how the values were made (images), or null. */
        default String note() {
            return null;
        }

        @Override
        default void close() throws IOException {}
    }

    private final List<String> names;
    private final List<Source> sources;
    private final List<Closeable> resources;
    private final int samples;
    private int done;

    private Batches(List<String> names, List<Source> sources, List<Closeable> resources, int samples) {
        this.names = names;
        this.sources = sources;
        this.resources = resources;
        this.samples = samples;
    }

    /**
     * Checks each source against its model input (numbers or strings, the per-sample shape) and that all have
     * the same number of samples, before anything is read: the values themselves are checked by the model, batch by batch.
     * {@code resources} (open files, temp files) are closed with the batches.
     */
    static Batches of(Model model, List<Source> sources, List<Closeable> resources) {
        List<String> names = model.inputNames();
        for (int i = 0; i < sources.size(); i++) checkShape(model, i, sources.get(i));
        int n = sources.get(0).shape().dim(0);
        for (int i = 1; i < sources.size(); i++) {
            if (sources.get(i).shape().dim(0) != n) {
                throw new InputException("the inputs disagree on the batch size (number of samples): " + sources.get(0).where() + " ('" + names.get(0)
                        + "') has " + n + ", " + sources.get(i).where() + " ('" + names.get(i) + "') has " + sources.get(i).shape().dim(0));
            }
        }
        return new Batches(names, List.copyOf(sources), List.copyOf(resources), n);
    }

    private static void checkShape(Model model, int i, Source s) {
        String name = model.inputNames().get(i);
        boolean wantStrings = model.inputDTypes().get(i) == DType.STRING;
        if (s.isString() != wantStrings && s.shape().size() != 0) {
            throw new InputException(s.where() + ": model input '" + name + "' " + (wantStrings
                    ? "takes strings (Keras dtype \"string\"), got a numeric array; give a unicode (<U) or byte-string (|S) array, or JSON strings"
                    : "takes numbers, got a string array"));
        }
        Shape want = model.inputShapes().get(i).with(0, Shape.UNKNOWN);
        Shape got = s.shape();
        if (got.rank() == 0 || !got.with(0, Shape.UNKNOWN).compatibleWith(want)) {
            String hint = got.rank() == want.rank() - 1 && want.dropFirst().compatibleWith(got)
                    ? " (the batch dimension is missing: add a leading axis of size 1, e.g. x[None] in NumPy)" : "";
            throw new InputException(s.where() + ": input '" + name + "' should have shape " + want + " (None = any size), found " + got + hint);
        }
    }

    /** The sources' notes for --verbose. */
    List<String> notes() {
        List<String> out = new ArrayList<>();
        for (Source s : sources) if (s.note() != null) out.add(s.note());
        return out;
    }

    /** Samples in all. */
    int samples() {
        return samples;
    }

    /** Samples read so far. */
    int done() {
        return done;
    }

    /** The next batch of at most {@code size} samples, keyed by input name in input order. */
    Map<String, Tensor> next(int size) {
        int rows = Math.min(size, samples - done);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            try {
                Tensor t = s.next(rows);
                if (t.isString() != s.isString() || t.size() == 0 && s.isString()) t = emptyAs(t, s.isString());
                out.put(names.get(i), t);
            } catch (ModelFormatException e) {
                throw new InputException(e.getMessage());
            } catch (IOException e) {
                throw new InputException("cannot read " + s.where() + ": " + e.getMessage());
            }
        }
        done += rows;
        return out;
    }

    private static Tensor emptyAs(Tensor t, boolean strings) {
        return strings ? Tensor.ofStrings(t.shape(), new String[0]) : Tensor.zeros(t.shape());
    }

    /** Which files samples {@code from..to-1} came from, for messages about a batch. */
    String describe(int from, int to) {
        List<String> w = new ArrayList<>();
        for (Source s : sources) w.add(s.where());
        return "samples " + from + ".." + (to - 1) + " of " + String.join(", ", new java.util.LinkedHashSet<>(w));
    }

    @Override
    public void close() {
        for (Source s : sources) Outputs.closeQuietly(s);
        for (Closeable c : resources) Outputs.closeQuietly(c);
    }

    /** A whole array in memory, handed out a slice of rows at a time (copies, so batches are independent). */
    static Source of(Tensor t, String where) {
        return new Source() {
            private int at;

            @Override
            public Shape shape() {
                return t.shape();
            }

            @Override
            public boolean isString() {
                return t.isString();
            }

            @Override
            public String where() {
                return where;
            }

            @Override
            public Tensor next(int rows) {
                int row = t.shape().sizeFrom(1);
                Shape s = t.shape().with(0, rows);
                int from = at * row, to = (at + rows) * row;
                at += rows;
                if (from == 0 && rows == t.dim(0)) return t;
                return t.isString() ? Tensor.ofStrings(s, Arrays.copyOfRange(t.strings(), from, to))
                        : Tensor.of(s, Arrays.copyOfRange(t.data(), from, to));
            }
        };
    }

    /** A .npy array (a file, or a member of an .npz) read from its stream, a slice at a time. */
    static Source of(NpyIO.ArrayReader r) {
        Shape shape = Shape.of(r.shape());
        return new Source() {
            @Override
            public Shape shape() {
                return shape;
            }

            @Override
            public boolean isString() {
                return r.isString();
            }

            @Override
            public String where() {
                return r.where();
            }

            @Override
            public Tensor next(int rows) throws IOException {
                return r.read(rows);
            }

            @Override
            public void close() throws IOException {
                r.close();
            }
        };
    }
}
