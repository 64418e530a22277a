// predict's outputs written batch by batch as they come: .npy (its header knows the sample count up front), .npz (each
// output streamed to a temp .npy beside the target, then stored in the zip), JSON and CSV (rows as they come).
package dev.jkeras.cli;

import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where predict writes its outputs, one batch at a time. Every batch must give each output one row per sample
 * with the same per-sample shape as the first batch (else the model's outputs depend on how the samples are
 * batched, and a {@link UsageException} says to run them in one call). Output files are written in place; on
 * failure {@link #abort} removes what was written.
 */
abstract class Outputs implements Closeable {
    /** Output formats, by {@code -o}'s extension or {@code --format}. */
    enum Format { NPY, NPZ, JSON, CSV }

    final List<String> names;
    final List<DType> kinds;
    final int samples;
    private int[][] rest;
    private int written;

    private Outputs(List<String> names, List<DType> kinds, int samples) {
        this.names = List.copyOf(names);
        this.kinds = List.copyOf(kinds);
        this.samples = samples;
    }

    /**
     * Opens the target: {@code file}, or {@code stdout} when it is null. {@code kinds} are the outputs' dtypes (integer and
     * bool outputs are written as such); {@code samples} how many rows all batches will bring. {@code oneBatch}: all samples
     * come in one batch, so outputs of any shape (e.g. a reduction over the batch) are written as they are, except to CSV.
     */
    static Outputs open(Format format, Path file, Writer stdout, List<String> names, List<DType> kinds, int samples, boolean oneBatch)
            throws IOException {
        if (oneBatch && format != Format.CSV) return new Whole(format, file, stdout, names, kinds, samples);
        return switch (format) {
            case NPY -> new Npy(file, names, kinds, samples);
            case NPZ -> new Npz(file, names, kinds, samples);
            case JSON -> new Json(file == null ? stdout : Files.newBufferedWriter(file, StandardCharsets.UTF_8), file, names, kinds, samples);
            case CSV -> new Csv(file == null ? stdout : Files.newBufferedWriter(file, StandardCharsets.UTF_8), file, names, kinds, samples);
        };
    }

    /** Writes one batch of {@code rows} samples, its outputs keyed by output name in output order. */
    void write(Map<String, Tensor> batch, int rows) throws IOException {
        List<Tensor> ts = new ArrayList<>(batch.values());
        if (rest == null) {
            rest = new int[ts.size()][];
            for (int i = 0; i < ts.size(); i++) {
                checkRows(i, ts.get(i), rows);
                rest[i] = ts.get(i).shape().dropFirst().dims();
            }
            start(rest, ts);
        }
        for (int i = 0; i < ts.size(); i++) {
            checkRows(i, ts.get(i), rows);
            if (!Arrays.equals(rest[i], ts.get(i).shape().dropFirst().dims())) {
                throw notBatchable(i, "gives shape " + ts.get(i).shape() + " for a batch of " + rows + " samples but " + Shape.of(rest[i])
                        + " per sample for the first batch");
            }
        }
        if (written + rows > samples) throw new IllegalStateException("more rows than announced");
        written += rows;
        rows(ts, rows);
    }

    private void checkRows(int i, Tensor t, int rows) {
        if (t.rank() == 0 || t.dim(0) != rows) {
            throw notBatchable(i, "has shape " + t.shape() + " for a batch of " + rows + " samples: not one row per sample");
        }
    }

    private UsageException notBatchable(int i, String what) {
        return new UsageException("output '" + names.get(i) + "' " + what + ", so the result depends on how the samples are batched; "
                + "pass --batch-size 0 to run all samples in one call");
    }

    /** Called once, with each output's per-sample dims and the first batch, before the first batch's rows. */
    abstract void start(int[][] rest, List<Tensor> first) throws IOException;

    abstract void rows(List<Tensor> outputs, int rows) throws IOException;

    /** Completes the target after the last batch. */
    abstract void finish() throws IOException;

    /** Removes whatever was written (after a failure); never throws. */
    abstract void abort();

    static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the failure being reported matters more
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            if (c != null) c.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    // ------------------------------------------------------------------ one batch

    /** All samples in one call: the outputs written whole, whatever their shapes, as {@link NpyIO} writes arrays. */
    private static final class Whole extends Outputs {
        private final Format format;
        private final Path file;
        private final Writer stdout;
        private Map<String, Tensor> outputs;

        Whole(Format format, Path file, Writer stdout, List<String> names, List<DType> kinds, int samples) throws IOException {
            super(names, kinds, samples);
            this.format = format;
            this.file = file;
            this.stdout = stdout;
            if (file != null) Files.newOutputStream(file).close(); // fail now, not after the run, on a missing directory
        }

        @Override
        void write(Map<String, Tensor> batch, int rows) {
            if (outputs != null) throw new IllegalStateException("one batch expected");
            outputs = batch;
        }

        @Override
        void start(int[][] rest, List<Tensor> first) {}

        @Override
        void rows(List<Tensor> outputs, int rows) {}

        @Override
        void finish() throws IOException {
            Map<String, DType> byName = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) byName.put(names.get(i), kinds.get(i));
            switch (format) {
                case NPY -> NpyIO.writeNpy(file, outputs.values().iterator().next(), kinds.get(0));
                case NPZ -> NpyIO.writeNpz(file, outputs, byName, false);
                case JSON -> {
                    if (file == null) {
                        NpyIO.writeJson(stdout, outputs);
                        stdout.flush();
                    } else {
                        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                            NpyIO.writeJson(w, outputs);
                        }
                    }
                }
                default -> throw new IllegalStateException(format.toString());
            }
        }

        @Override
        void abort() {
            deleteQuietly(file);
        }

        @Override
        public void close() {}
    }

    // ------------------------------------------------------------------ .npy / .npz

    /** One output as a .npy stream: header from the first batch (string arrays, whose width the header needs, are kept until the end). */
    private static final class ArrayOut {
        private final OutputStream out;
        private final DType kind;
        private final int samples;
        private final List<Tensor> strings = new ArrayList<>();
        private boolean isString;

        ArrayOut(OutputStream out, DType kind, int samples) {
            this.out = out;
            this.kind = kind;
            this.samples = samples;
        }

        void start(int[] rest, boolean strings) throws IOException {
            isString = strings;
            if (strings) return;
            int[] dims = new int[rest.length + 1];
            dims[0] = samples;
            System.arraycopy(rest, 0, dims, 1, rest.length);
            NpyIO.writeHeader(out, NpyIO.fileType(kind).descr(ByteOrder.LITTLE_ENDIAN), dims);
        }

        void write(Tensor t) throws IOException {
            if (isString) strings.add(t);
            else NpyIO.writeData(out, t, NpyIO.fileType(kind), ByteOrder.LITTLE_ENDIAN);
        }

        void finish() throws IOException {
            if (isString) NpyIO.writeStrings(out, concatStrings(strings));
            out.flush();
        }
    }

    private static Tensor concatStrings(List<Tensor> parts) {
        int n = 0;
        for (Tensor t : parts) n += t.dim(0);
        List<String> all = new ArrayList<>();
        for (Tensor t : parts) all.addAll(Arrays.asList(t.strings()));
        return Tensor.ofStrings(parts.get(0).shape().with(0, n), all.toArray(new String[0]));
    }

    private static final class Npy extends Outputs {
        private final Path file;
        private final OutputStream out;
        private final ArrayOut array;

        Npy(Path file, List<String> names, List<DType> kinds, int samples) throws IOException {
            super(names, kinds, samples);
            this.file = file;
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            this.array = new ArrayOut(out, kinds.get(0), samples);
        }

        @Override
        void start(int[][] rest, List<Tensor> first) throws IOException {
            array.start(rest[0], first.get(0).isString());
        }

        @Override
        void rows(List<Tensor> outputs, int rows) throws IOException {
            array.write(outputs.get(0));
        }

        @Override
        void finish() throws IOException {
            array.finish();
            out.close();
        }

        @Override
        void abort() {
            closeQuietly(out);
            deleteQuietly(file);
        }

        @Override
        public void close() {
            closeQuietly(out);
        }
    }

    private static final class Npz extends Outputs {
        private final Path file;
        private final Path[] temps;
        private final CheckedOutputStream[] sums;
        private final ArrayOut[] arrays;
        private final long[] sizes;

        Npz(Path file, List<String> names, List<DType> kinds, int samples) throws IOException {
            super(names, kinds, samples);
            this.file = file;
            Files.newOutputStream(file).close(); // fail now, not after the run, on a missing directory or no permission
            int n = names.size();
            temps = new Path[n];
            sums = new CheckedOutputStream[n];
            arrays = new ArrayOut[n];
            sizes = new long[n];
            Path dir = file.toAbsolutePath().getParent();
            try {
                for (int i = 0; i < n; i++) {
                    temps[i] = Files.createTempFile(dir, ".jkeras-", ".npy.part");
                    final int k = i;
                    OutputStream counting = new BufferedOutputStream(new OutputStream() {
                        private final OutputStream f = Files.newOutputStream(temps[k]);

                        @Override
                        public void write(int b) throws IOException {
                            f.write(b);
                            sizes[k]++;
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            f.write(b, off, len);
                            sizes[k] += len;
                        }

                        @Override
                        public void close() throws IOException {
                            f.close();
                        }
                    }, 1 << 16);
                    sums[i] = new CheckedOutputStream(counting, new CRC32());
                    arrays[i] = new ArrayOut(sums[i], kinds.get(i), samples);
                }
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }

        @Override
        void start(int[][] rest, List<Tensor> first) throws IOException {
            for (int i = 0; i < arrays.length; i++) arrays[i].start(rest[i], first.get(i).isString());
        }

        @Override
        void rows(List<Tensor> outputs, int rows) throws IOException {
            for (int i = 0; i < arrays.length; i++) arrays[i].write(outputs.get(i));
        }

        @Override
        void finish() throws IOException {
            for (int i = 0; i < arrays.length; i++) {
                arrays[i].finish();
                sums[i].close();
            }
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                for (int i = 0; i < arrays.length; i++) {
                    ZipEntry ze = new ZipEntry(names.get(i) + ".npy");
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(sizes[i]);
                    ze.setCompressedSize(sizes[i]);
                    ze.setCrc(sums[i].getChecksum().getValue());
                    zip.putNextEntry(ze);
                    try (InputStream in = Files.newInputStream(temps[i])) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                    deleteQuietly(temps[i]);
                }
            }
        }

        @Override
        void abort() {
            close();
            deleteQuietly(file);
        }

        @Override
        public void close() {
            for (int i = 0; i < temps.length; i++) {
                closeQuietly(sums[i]);
                deleteQuietly(temps[i]);
            }
        }
    }

    // ------------------------------------------------------------------ JSON

    /** {@link NpyIO#writeJson}'s text, written as the rows come: the first output in place, the others through temp files. */
    private static final class Json extends Outputs {
        private final Writer out;
        private final Path file;
        private final Path[] temps;
        private final Writer[] parts;
        private final int[] rowsOf;

        Json(Writer out, Path file, List<String> names, List<DType> kinds, int samples) throws IOException {
            super(names, kinds, samples);
            this.out = out;
            this.file = file;
            int n = names.size();
            temps = new Path[n];
            parts = new Writer[n];
            rowsOf = new int[n];
            parts[0] = out;
            try {
                for (int i = 1; i < n; i++) {
                    temps[i] = file == null ? Files.createTempFile("jkeras-", ".json.part")
                            : Files.createTempFile(file.toAbsolutePath().getParent(), ".jkeras-", ".json.part");
                    parts[i] = Files.newBufferedWriter(temps[i], StandardCharsets.UTF_8);
                }
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }

        private int[][] rest;

        @Override
        void start(int[][] rest, List<Tensor> first) throws IOException {
            this.rest = rest;
            out.write("{\n");
            NpyIO.jsonEntryStart(out, names.get(0), withSamples(rest[0]));
            out.write('[');
        }

        private int[] withSamples(int[] r) {
            int[] dims = new int[r.length + 1];
            dims[0] = samples;
            System.arraycopy(r, 0, dims, 1, r.length);
            return dims;
        }

        @Override
        void rows(List<Tensor> outputs, int rows) throws IOException {
            for (int i = 0; i < parts.length; i++) {
                for (int r = 0; r < rows; r++) {
                    if (rowsOf[i]++ > 0) parts[i].write(", ");
                    NpyIO.jsonRow(parts[i], outputs.get(i), r);
                }
            }
        }

        @Override
        void finish() throws IOException {
            out.write("]}");
            for (int i = 1; i < parts.length; i++) {
                parts[i].close();
                out.write(",\n");
                NpyIO.jsonEntryStart(out, names.get(i), withSamples(rest[i]));
                out.write('[');
                try (Reader in = Files.newBufferedReader(temps[i], StandardCharsets.UTF_8)) {
                    in.transferTo(out);
                }
                out.write("]}");
                deleteQuietly(temps[i]);
            }
            out.write("\n}\n");
            if (file != null) out.close();
            else out.flush();
        }

        @Override
        void abort() {
            close();
            if (file != null) deleteQuietly(file);
            else {
                try {
                    out.flush();
                } catch (IOException ignored) {
                    // stdout gone
                }
            }
        }

        @Override
        public void close() {
            for (int i = 1; i < parts.length; i++) {
                closeQuietly(parts[i]);
                deleteQuietly(temps[i]);
            }
            if (file != null) closeQuietly(out);
        }
    }

    // ------------------------------------------------------------------ CSV

    /** One line per sample, each output flattened (C order), outputs side by side; a header line names the columns. */
    private static final class Csv extends Outputs {
        private final Writer out;
        private final Path file;
        private int[] widths;

        Csv(Writer out, Path file, List<String> names, List<DType> kinds, int samples) {
            super(names, kinds, samples);
            this.out = file == null ? out : new BufferedWriter(out, 1 << 16);
            this.file = file;
        }

        @Override
        void start(int[][] rest, List<Tensor> first) throws IOException {
            widths = new int[rest.length];
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rest.length; i++) {
                widths[i] = Shape.of(rest[i]).size();
                for (String c : CsvIO.columns(names.get(i), rest[i])) sb.append(sb.length() > 0 ? "," : "").append(CsvIO.quote(c));
            }
            out.write(sb.append('\n').toString());
        }

        @Override
        void rows(List<Tensor> outputs, int rows) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                sb.setLength(0);
                boolean firstCell = true;
                for (int i = 0; i < outputs.size(); i++) {
                    Tensor t = outputs.get(i);
                    int w = widths[i];
                    for (int k = r * w; k < (r + 1) * w; k++) {
                        if (!firstCell) sb.append(',');
                        firstCell = false;
                        sb.append(t.isString() ? CsvIO.quote(t.strings()[k]) : CsvIO.cell(t.data()[k], kinds.get(i)));
                    }
                }
                out.write(sb.append('\n').toString());
            }
        }

        @Override
        void finish() throws IOException {
            if (file != null) out.close();
            else out.flush();
        }

        @Override
        void abort() {
            if (file != null) {
                closeQuietly(out);
                deleteQuietly(file);
            }
        }

        @Override
        public void close() {
            if (file != null) closeQuietly(out);
        }
    }
}
