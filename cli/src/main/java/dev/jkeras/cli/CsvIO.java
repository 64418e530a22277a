// CSV, one row per sample: reading a model input (each row reshaped to the input's per-sample shape) and the cells of
// predict's CSV output (each output flattened, outputs side by side). Quoting as RFC 4180; numbers as numpy reads them.
package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** CSV input and output for {@code predict}. */
final class CsvIO {
    private CsvIO() {}

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    /**
     * Reads {@code file} as the samples of one model input whose per-sample shape is {@code sample} (dimensions
     * may be unknown: at most one, found from the row width). {@code header}: true/false, or null to detect one
     * (a first row with a cell that is not a number; never for string inputs). Cells are numbers (as numpy reads
     * them: {@code nan}, {@code inf}, {@code true}/{@code false} included; integers beyond ±2<sup>24</sup> refused),
     * or any text for a string input.
     */
    static Tensor read(Path file, Shape sample, boolean strings, Boolean header, String where) {
        List<List<String>> rows;
        try (Reader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            rows = parse(r, where);
        } catch (CharacterCodingException e) {
            throw new InputException(where + ": not UTF-8 text, so not a CSV file");
        } catch (IOException e) {
            throw new InputException("cannot read " + where + ": " + e.getMessage());
        }
        int first = 0;
        boolean skip = header != null ? header : !strings && !rows.isEmpty() && rows.get(0).stream().anyMatch(c -> !isNumber(c));
        if (skip) first = 1;
        int n = rows.size() - first;
        if (n == 0) throw new InputException(where + ": the CSV file holds no rows" + (skip ? " after its header" : ""));
        int width = rows.get(first).size();
        int[] dims = sampleDims(sample, width, where);
        int row = width;
        long total = (long) n * row;
        if (total > Integer.MAX_VALUE - 8) throw new InputException(where + ": " + n + " rows of " + row + " cells are too many for one array");
        float[] data = strings ? null : new float[(int) total];
        String[] text = strings ? new String[(int) total] : null;
        for (int i = 0; i < n; i++) {
            List<String> cells = rows.get(first + i);
            int line = first + i + 1;
            if (cells.size() != width) {
                throw new InputException(where + " row " + line + ": " + cells.size() + " cells, but the first " + (skip ? "data " : "")
                        + "row has " + width + "; every row is one sample of shape " + Shape.of(dims));
            }
            for (int j = 0; j < width; j++) {
                if (strings) text[i * row + j] = cells.get(j);
                else data[i * row + j] = number(cells.get(j), where + " row " + line + ", column " + (j + 1));
            }
        }
        int[] shape = new int[dims.length + 1];
        shape[0] = n;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return strings ? Tensor.ofStrings(Shape.of(shape), text) : Tensor.of(Shape.of(shape), data);
    }

    /** The per-sample dims a row of {@code width} cells fills: the input's, with at most one unknown found from the width. */
    private static int[] sampleDims(Shape sample, int width, String where) {
        int[] dims = sample.dims().clone();
        int unknown = -1;
        long known = 1;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] == Shape.UNKNOWN) {
                if (unknown >= 0) {
                    throw new InputException(where + ": the model input's per-sample shape " + sample + " has several free dimensions, so a "
                            + "CSV row cannot say its shape; give a .npy, .npz or JSON array");
                }
                unknown = d;
            } else {
                known *= dims[d];
            }
        }
        boolean fits = unknown < 0 ? known == width : known > 0 && width % known == 0;
        if (!fits) {
            throw new InputException(where + ": a row has " + width + " cells, but one sample of the model input has shape " + sample
                    + (unknown < 0 ? " = " + known + " values" : ", a multiple of " + known + " values") + " (the row is reshaped to it, C order)");
        }
        if (unknown >= 0) dims[unknown] = (int) (width / known);
        return dims;
    }

    private static boolean isNumber(String c) {
        String s = c.strip().toLowerCase(Locale.ROOT);
        return NUMBER.matcher(s).matches() || isSpecial(s) || s.equals("true") || s.equals("false");
    }

    private static boolean isSpecial(String s) {
        String u = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return u.equals("nan") || u.equals("inf") || u.equals("infinity");
    }

    /** A cell as float32, read as numpy reads text (float64, then rounded once to float32). */
    static float number(String cell, String where) {
        String s = cell.strip().toLowerCase(Locale.ROOT);
        if (s.equals("true")) return 1f;
        if (s.equals("false")) return 0f;
        if (isSpecial(s)) {
            if (s.endsWith("nan")) return Float.NaN;
            return s.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        if (!NUMBER.matcher(s).matches()) {
            throw new InputException(where + ": '" + cell + "' is not a number" + (s.isEmpty() ? " (the cell is empty; write nan for a missing value)" : ""));
        }
        if (INTEGER.matcher(s).matches()) {
            long v;
            try {
                v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                v = Long.MAX_VALUE;
            }
            if (Math.abs(v) > NpyIO.MAX_EXACT_INT) {
                throw new InputException(where + ": " + cell.strip() + " is an integer beyond ±2^24 = 16777216, which float32 cannot hold exactly; "
                        + "the model computes in float32 as Keras does, so the result would be silently wrong");
            }
            return v;
        }
        return (float) Double.parseDouble(s);
    }

    /** RFC 4180 records: commas, double-quoted cells ("" inside is one quote), LF or CRLF line ends; blank lines skipped. */
    static List<List<String>> parse(Reader r, String where) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false, wasQuoted = false, any = false;
        int line = 1;
        int c = r.read();
        if (c == '\uFEFF') c = r.read();
        for (; c >= 0; c = r.read()) {
            if (quoted) {
                if (c == '"') {
                    r.mark(1);
                    int d = r.read();
                    if (d == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (d >= 0) r.reset();
                    }
                } else {
                    if (c == '\n') line++;
                    cell.append((char) c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (!cell.toString().isBlank()) throw new InputException(where + " row " + line + ": a quote inside an unquoted cell");
                    cell.setLength(0);
                    quoted = true;
                    wasQuoted = true;
                    any = true;
                }
                case ',' -> {
                    row.add(wasQuoted ? cell.toString() : cell.toString().strip());
                    cell.setLength(0);
                    wasQuoted = false;
                    any = true;
                }
                case '\n' -> {
                    endRow(rows, row, cell, wasQuoted, any);
                    row = new ArrayList<>();
                    cell.setLength(0);
                    wasQuoted = false;
                    any = false;
                    line++;
                }
                case '\r' -> { }
                default -> {
                    if (wasQuoted && !Character.isWhitespace(c)) {
                        throw new InputException(where + " row " + line + ": text after a quoted cell's closing quote");
                    }
                    if (!wasQuoted) cell.append((char) c);
                    if (!Character.isWhitespace(c)) any = true;
                }
            }
        }
        if (quoted) throw new InputException(where + ": a quoted cell is not closed before the end of the file");
        endRow(rows, row, cell, wasQuoted, any);
        return rows;
    }

    private static void endRow(List<List<String>> rows, List<String> row, StringBuilder cell, boolean wasQuoted, boolean any) {
        if (!any && row.isEmpty()) return;
        row.add(wasQuoted ? cell.toString() : cell.toString().strip());
        rows.add(row);
    }

    // ------------------------------------------------------------------ output

    /** Column names of one output with per-sample shape {@code sample}: {@code name} for a scalar, {@code name[i]}, {@code name[i,j]}... */
    static List<String> columns(String name, int[] sample) {
        List<String> out = new ArrayList<>();
        int n = 1;
        for (int d : sample) n *= d;
        if (sample.length == 0) return List.of(name);
        int[] idx = new int[sample.length];
        for (int k = 0; k < n; k++) {
            StringBuilder sb = new StringBuilder(name).append('[');
            for (int d = 0; d < idx.length; d++) sb.append(d > 0 ? "," : "").append(idx[d]);
            out.add(sb.append(']').toString());
            for (int d = idx.length - 1; d >= 0 && ++idx[d] == sample[d]; d--) idx[d] = 0;
        }
        return out;
    }

    /** A cell as written: quoted when it holds a comma, quote, or line break (or is text that would read back as a number). */
    static String quote(String s) {
        boolean q = s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || !s.equals(s.strip());
        return q ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** A number as written: shortest float32 text; whole numbers for integer outputs; true/false for bool; nan, inf, -inf. */
    static String cell(float v, DType kind) {
        if (Float.isNaN(v)) return "nan";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (kind == DType.BOOL) return v != 0 ? "true" : "false";
        if (kind != null && kind.isInteger() && v == Math.rint(v)) return Long.toString((long) v);
        return Float.toString(v);
    }
}
