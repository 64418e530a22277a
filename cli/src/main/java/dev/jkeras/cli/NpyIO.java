package dev.jkeras.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.load.ZipArchive;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Array files, in one place: numpy {@code .npy} (format versions 1.0, 2.0 and 3.0, C order) and
 * {@code .npz} (a zip of {@code .npy}, stored or deflated), JSON arrays, and the CLI's JSON output.
 *
 * <p>Reading converts every supported numeric dtype to float32, as Keras casts model inputs: floats are
 * rounded to the nearest float32, bools become 0/1, and integers must lie within ±2<sup>24</sup>,
 * the range in which float32 holds every integer exactly (beyond it an Embedding index would
 * silently become another index, so such a file is refused). Unicode ({@code <U}) and byte
 * ({@code |S}, decoded as UTF-8) arrays become string tensors; string tensors are written as unicode
 * arrays. A file that cannot be read raises an {@link InputException} naming it; allocations are
 * bounded by the file's size, so a corrupt header claiming a huge shape is an error, not an
 * {@link OutOfMemoryError}.
 */
public final class NpyIO {
    private NpyIO() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    /** Largest integer magnitude below which every integer is exactly representable in float32 ({@link dev.jkeras.tensor.DType#EXACT_INT_LIMIT}). */
    public static final long MAX_EXACT_INT = dev.jkeras.tensor.DType.EXACT_INT_LIMIT;

    /** The element types jkeras reads and writes; {@code code} is numpy's type code without byte order. */
    public enum DType {
        FLOAT16("f2", 2), FLOAT32("f4", 4), FLOAT64("f8", 8),
        INT8("i1", 1), INT16("i2", 2), INT32("i4", 4), INT64("i8", 8),
        UINT8("u1", 1), UINT16("u2", 2), UINT32("u4", 4), UINT64("u8", 8),
        BOOL("b1", 1);

        final String code;
        final int size;

        DType(String code, int size) {
            this.code = code;
            this.size = size;
        }

        boolean isInteger() {
            return code.charAt(0) == 'i' || code.charAt(0) == 'u';
        }

        /** numpy's {@code descr}, e.g. {@code <f4}, {@code >i8}, {@code |b1}. */
        public String descr(ByteOrder order) {
            return (size == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + code;
        }

        static DType ofCode(String code) {
            for (DType t : values()) if (t.code.equals(code)) return t;
            return null;
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads a {@code .npy} file as a float32 tensor (a string tensor for unicode and byte-string arrays). */
    public static Tensor readNpy(Path file) {
        return readNpy(file, LoadLimits.DEFAULTS);
    }

    /** {@link #readNpy(Path)}, refusing arrays of more than {@link LoadLimits#maxTensorElements} elements. */
    public static Tensor readNpy(Path file, LoadLimits limits) {
        long size = fileSize(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return readNpy(in, size, file.toString(), limits);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads a {@code .npz} file: its arrays keyed by name (the entry name without {@code .npy}), in
     * the archive's order.
     */
    public static Map<String, Tensor> readNpz(Path file) {
        return readNpz(file, LoadLimits.DEFAULTS);
    }

    /**
     * {@link #readNpz(Path)} under {@code limits}. Members are streamed: each array's header is checked
     * against the bytes its member can really hold (its stored size, or what that may unpack to) and
     * the element limit before anything is allocated or unpacked.
     */
    public static Map<String, Tensor> readNpz(Path file, LoadLimits limits) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (NpzReader npz = openNpz(file, limits, true)) {
            for (Map.Entry<String, ArrayReader> e : npz.arrays().entrySet()) out.put(e.getKey(), e.getValue().read(e.getValue().rows()));
        } catch (ModelFormatException e) {
            throw new InputException(e.getMessage());
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    /** The arrays of an open {@code .npz}, keyed by name in archive order, each read in slices; closing it releases the file. */
    record NpzReader(ZipArchive zip, Map<String, ArrayReader> arrays) implements java.io.Closeable {
        @Override
        public void close() {
            for (ArrayReader r : arrays.values()) {
                try {
                    r.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing a member stream only releases its inflater
                }
            }
            zip.close();
        }
    }

    /**
     * Opens an {@code .npz} and reads each member's header (checked as {@link #readNpz} checks them);
     * {@code whole}: each array will be read in one piece. Members are read independently, so the
     * arrays can be read a slice of each at a time.
     */
    static NpzReader openNpz(Path file, LoadLimits limits, boolean whole) {
        fileSize(file);
        ZipArchive zip = null;
        Map<String, ArrayReader> arrays = new LinkedHashMap<>();
        try {
            zip = ZipArchive.open(file, file.toString(), limits);
            for (ZipArchive.Member e : zip.members()) {
                if (e.isDirectory()) continue;
                String where = file + "[" + e.name() + "]";
                if (!e.name().endsWith(".npy")) {
                    throw new InputException(where + ": not a .npy array; an .npz must contain only .npy files");
                }
                String key = e.name().substring(0, e.name().length() - 4);
                long bound = Math.min(e.size(), limits.unpackBound(e.compressedSize()));
                InputStream in = zip.open(e, limits.maxMemberBytes(), "maxMemberBytes");
                arrays.put(key, new ArrayReader(new BufferedInputStream(in, 1 << 16), bound, where, limits, whole, true));
            }
            return new NpzReader(zip, arrays);
        } catch (ModelFormatException | InputException | IOException e) {
            if (zip != null) new NpzReader(zip, arrays).close();
            if (e instanceof InputException ie) throw ie;
            if (e instanceof ModelFormatException) throw new InputException(e.getMessage());
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Opens a {@code .npy} file to read in slices ({@link ArrayReader}). */
    static ArrayReader openNpy(Path file, LoadLimits limits) {
        long size = fileSize(file);
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return new ArrayReader(in, size, file.toString(), limits, false, false);
        } catch (IOException | RuntimeException e) {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            if (e instanceof RuntimeException r) throw r;
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** True if the file starts like a zip archive (an {@code .npz}) rather than a {@code .npy}. */
    public static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 || b[2] == 5) && (b[3] == 4 || b[3] == 6);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static long fileSize(Path file) {
        if (!Files.isRegularFile(file)) throw new InputException("file not found: " + file);
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The parsed header of a {@code .npy}: a numeric {@code dtype}, or (dtype null) a string array of
     * kind {@code text} ('U' UTF-32 code points, 'S' bytes) with {@code width} code points or bytes per element.
     */
    record Header(DType dtype, ByteOrder order, int[] shape, int length, char text, int width) {
        int itemSize() {
            return dtype != null ? dtype.size : text == 'U' ? 4 * width : width;
        }

        String descr() {
            return dtype != null ? dtype.descr(order) : (text == 'S' ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + text + width;
        }
    }

    /**
     * Reads one {@code .npy} from {@code in}, which holds at most {@code limit} bytes (used to bound
     * allocations); {@code where} names the file in errors.
     */
    static Tensor readNpy(InputStream in, long limit, String where, LoadLimits limits) throws IOException {
        ArrayReader r = new ArrayReader(in, limit, where, limits, true, false);
        return r.read(r.rows());
    }

    /**
     * One {@code .npy} array read in slices of rows (along its first axis), in order, from a stream
     * positioned at its start: the one .npy parser, used whole by {@link #readNpy} and a batch at a time by
     * {@code predict}. A slice holds at most {@link LoadLimits#maxTensorElements} elements; a rank-0
     * array is one "row".
     */
    static final class ArrayReader implements java.io.Closeable {
        private final InputStream in;
        private final Header h;
        private final String where;
        private final LoadLimits limits;
        private final long rowElements;
        private final boolean exact;
        private long rowsRead;

        /**
         * Reads the header; {@code limit} bounds the bytes {@code in} can hold (the file or member size).
         * {@code whole}: the array will be read in one piece, so it must fit the element limit as a whole;
         * {@code exact}: nothing may follow the array's data (an .npz member, whose stream then checks its CRC).
         */
        ArrayReader(InputStream in, long limit, String where, LoadLimits limits, boolean whole, boolean exact) throws IOException {
            this.in = in;
            this.exact = exact;
            this.where = where;
            this.limits = limits;
            this.h = readHeader(in, where);
            long row = 1;
            for (int k = whole ? 0 : 1; k < h.shape.length; k++) {
                row = Math.multiplyExact(row, (long) h.shape[k]);
                if (row > limits.maxTensorElements()) throw tooLarge(h.shape);
            }
            if (whole && h.shape.length > 0) row = h.shape[0] == 0 ? 0 : row / h.shape[0];
            this.rowElements = row;
            long need;
            try {
                need = Math.multiplyExact(Math.multiplyExact(h.shape.length == 0 ? 1 : h.shape[0], row), (long) h.itemSize());
            } catch (ArithmeticException e) {
                need = Long.MAX_VALUE;
            }
            long available = limit - h.length;
            if (need > available) {
                throw new InputException(where + ": header claims shape " + shapeString(h.shape) + " of " + h.descr()
                        + " (" + need + " bytes) but the file can hold only " + Math.max(0, available) + " bytes of data; the file is truncated or corrupt, "
                        + "or a decompression bomb");
            }
        }

        /** The array's whole shape. */
        int[] shape() {
            return h.shape.clone();
        }

        /** Rows along the first axis (1 for a rank-0 array). */
        int rows() {
            return h.shape.length == 0 ? 1 : h.shape[0];
        }

        boolean isString() {
            return h.dtype == null;
        }

        String where() {
            return where;
        }

        /** The next {@code count} rows, as a tensor of shape (count, ...). */
        Tensor read(int count) throws IOException {
            if (count < 0 || rowsRead + count > rows()) throw new IllegalStateException("read past the end of " + where);
            long n = count * rowElements;
            if (n > limits.maxTensorElements()) {
                int[] s = h.shape.clone();
                s[0] = count;
                throw tooLarge(s);
            }
            int[] shape = h.shape.clone();
            if (shape.length > 0) shape[0] = count;
            long base = rowsRead * rowElements;
            rowsRead += count;
            Tensor t;
            if (h.dtype == null) {
                t = Tensor.ofStrings(Shape.of(shape), decodeStrings(in, h, (int) n, base, where));
            } else {
                float[] out = new float[(int) n];
                decode(in, h, out, base, where);
                t = Tensor.of(Shape.of(shape), out);
            }
            if (exact && rowsRead == rows() && in.read() >= 0) throw new InputException(where + ": bytes follow the array's data; the file is corrupt");
            return t;
        }

        private InputException tooLarge(int[] shape) {
            return new InputException(where + ": array of shape " + shapeString(shape) + " is too large: more elements than the "
                    + LoadLimits.hint("maxTensorElements", limits.maxTensorElements()));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static Header readHeader(InputStream in, String where) throws IOException {
        byte[] pre = in.readNBytes(8);
        if (pre.length < 8 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
            throw new InputException(where + ": not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = pre[6] & 0xff, minor = pre[7] & 0xff;
        long len;
        int prefix;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            if (b.length < 2) throw truncated(where);
            len = (b[0] & 0xff) | (b[1] & 0xff) << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            if (b.length < 4) throw truncated(where);
            len = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            prefix = 12;
        } else {
            throw new InputException(where + ": unsupported .npy format version " + major + "." + minor + " (jkeras reads 1.0, 2.0 and 3.0)");
        }
        if (len > MAX_HEADER) throw new InputException(where + ": .npy header of " + len + " bytes is implausibly large; the file is corrupt");
        byte[] hb = in.readNBytes((int) len);
        if (hb.length < len) throw truncated(where);
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseHeader(text, prefix + (int) len, where);
    }

    /** Parses numpy's header, a Python dict literal: {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. */
    static Header parseHeader(String text, int length, String where) {
        String descr = null;
        Boolean fortran = null;
        int[] shape = null;
        HeaderParser p = new HeaderParser(text, where);
        p.expect('{');
        while (!p.peek('}')) {
            String key = p.string();
            p.expect(':');
            switch (key) {
                case "descr" -> {
                    if (p.peek('[')) {
                        throw new InputException(where + ": structured dtype " + p.rest() + " is not supported; save a plain numeric array");
                    }
                    descr = p.string();
                }
                case "fortran_order" -> fortran = p.bool();
                case "shape" -> shape = p.tuple();
                default -> throw new InputException(where + ": unexpected key '" + key + "' in .npy header");
            }
            if (!p.peek('}')) p.expect(',');
        }
        if (descr == null || fortran == null || shape == null) {
            throw new InputException(where + ": .npy header lacks " + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'") + ": " + text.strip());
        }
        if (fortran) {
            throw new InputException(where + ": array is stored in Fortran order, which jkeras does not read; save it in C order, e.g. np.save(f, np.ascontiguousarray(x))");
        }
        char bo = descr.isEmpty() ? '?' : descr.charAt(0);
        String code = (bo == '<' || bo == '>' || bo == '|' || bo == '=') ? descr.substring(1) : descr;
        if (code.equals("?")) code = "b1";
        ByteOrder order = bo == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (code.matches("[US]\\d{1,9}")) return new Header(null, order, shape, length, code.charAt(0), Integer.parseInt(code.substring(1)));
        DType t = DType.ofCode(code);
        if (t == null) {
            throw new InputException(where + ": dtype '" + descr + "' is not supported; jkeras reads float16/32/64, int8-64, uint8-64, bool, "
                    + "unicode (<U) and byte-string (|S, UTF-8) arrays");
        }
        return new Header(t, order, shape, length, (char) 0, 0);
    }

    /** A tiny tokenizer for the header's Python literal syntax. */
    private static final class HeaderParser {
        private final String s;
        private final String where;
        private int i;

        HeaderParser(String s, String where) {
            this.s = s;
            this.where = where;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        boolean peek(char c) {
            ws();
            if (i >= s.length()) throw bad("unexpected end");
            return s.charAt(i) == c;
        }

        void expect(char c) {
            if (!peek(c)) throw bad("expected '" + c + "'");
            i++;
        }

        String string() {
            ws();
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) throw bad("expected a quoted string");
            char q = s.charAt(i++);
            int end = s.indexOf(q, i);
            if (end < 0) throw bad("unterminated string");
            String r = s.substring(i, end);
            i = end + 1;
            return r;
        }

        boolean bool() {
            ws();
            if (s.startsWith("True", i)) { i += 4; return true; }
            if (s.startsWith("False", i)) { i += 5; return false; }
            throw bad("expected True or False");
        }

        int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (!peek(')')) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (start == i) throw bad("expected a dimension");
                long d;
                try {
                    d = Long.parseLong(s.substring(start, i));
                } catch (NumberFormatException e) {
                    throw bad("dimension too large");
                }
                if (d > Integer.MAX_VALUE) throw bad("dimension " + d + " too large");
                dims.add((int) d);
                if (i < s.length() && s.charAt(i) == 'L') i++; // Python 2 long literal
                if (!peek(')')) expect(',');
            }
            i++;
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        String rest() {
            return s.substring(i).strip();
        }

        InputException bad(String what) {
            return new InputException(where + ": malformed .npy header (" + what + " at offset " + i + "): " + s.strip());
        }
    }

    private static InputException truncated(String where) {
        return new InputException(where + ": file is truncated");
    }

    /** Decodes {@code out.length} elements; {@code base} is the flat index of the first (for messages). */
    private static void decode(InputStream in, Header h, float[] out, long base, String where) throws IOException {
        int size = h.dtype.size;
        int chunkElems = Math.max(1, (1 << 16) / size);
        byte[] buf = new byte[chunkElems * size];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order);
        for (int off = 0; off < out.length; off += chunkElems) {
            int m = Math.min(chunkElems, out.length - off);
            int got = in.readNBytes(buf, 0, m * size);
            if (got < m * size) throw truncated(where);
            switch (h.dtype) {
                case FLOAT32 -> bb.asFloatBuffer().get(out, off, m);
                case FLOAT64 -> { for (int k = 0; k < m; k++) out[off + k] = (float) bb.getDouble(k * 8); }
                case FLOAT16 -> { for (int k = 0; k < m; k++) out[off + k] = dev.jkeras.tensor.Float16.toFloat(bb.getShort(k * 2)); }
                case BOOL -> { for (int k = 0; k < m; k++) out[off + k] = buf[k] != 0 ? 1f : 0f; }
                case INT8 -> { for (int k = 0; k < m; k++) out[off + k] = buf[k]; }
                case UINT8 -> { for (int k = 0; k < m; k++) out[off + k] = buf[k] & 0xff; }
                case INT16 -> { for (int k = 0; k < m; k++) out[off + k] = bb.getShort(k * 2); }
                case UINT16 -> { for (int k = 0; k < m; k++) out[off + k] = bb.getShort(k * 2) & 0xffff; }
                case INT32 -> { for (int k = 0; k < m; k++) out[off + k] = exactInt(bb.getInt(k * 4), false, h, base + off + k, where); }
                case UINT32 -> { for (int k = 0; k < m; k++) out[off + k] = exactInt(bb.getInt(k * 4) & 0xffffffffL, false, h, base + off + k, where); }
                case INT64 -> { for (int k = 0; k < m; k++) out[off + k] = exactInt(bb.getLong(k * 8), false, h, base + off + k, where); }
                case UINT64 -> { for (int k = 0; k < m; k++) out[off + k] = exactInt(bb.getLong(k * 8), true, h, base + off + k, where); }
            }
        }
    }

    /** numpy's fixed-width strings: trailing NULs are padding; 'U' holds UTF-32 code points, 'S' bytes (read as UTF-8). */
    private static String[] decodeStrings(InputStream in, Header h, int n, long base, String where) throws IOException {
        String[] out = new String[n];
        int size = h.itemSize();
        byte[] item = new byte[size];
        ByteBuffer bb = ByteBuffer.wrap(item).order(h.order);
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT).onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        for (int i = 0; i < n; i++) {
            if (in.readNBytes(item, 0, size) < size) throw truncated(where);
            if (h.text == 'S') {
                int len = size;
                while (len > 0 && item[len - 1] == 0) len--;
                try {
                    out[i] = utf8.decode(ByteBuffer.wrap(item, 0, len)).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new InputException(where + ": element " + multiIndex(h.shape, base + i) + " of the byte-string array is not valid UTF-8; "
                            + "jkeras reads |S arrays as UTF-8 text");
                }
                continue;
            }
            int chars = h.width;
            while (chars > 0 && bb.getInt(4 * (chars - 1)) == 0) chars--;
            StringBuilder sb = new StringBuilder(chars);
            for (int k = 0; k < chars; k++) {
                int cp = bb.getInt(4 * k);
                if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xd800 && cp <= 0xdfff)) {
                    throw new InputException(where + ": element " + multiIndex(h.shape, base + i) + " holds " + Integer.toUnsignedString(cp, 16)
                            + ", which is not a Unicode code point");
                }
                sb.appendCodePoint(cp);
            }
            out[i] = sb.toString();
        }
        return out;
    }

    private static float exactInt(long v, boolean unsigned, Header h, long flat, String where) {
        boolean ok = unsigned ? Long.compareUnsigned(v, MAX_EXACT_INT) <= 0 : (v >= -MAX_EXACT_INT && v <= MAX_EXACT_INT);
        if (!ok) {
            throw new InputException(where + ": element " + multiIndex(h.shape, flat) + " = " + (unsigned ? Long.toUnsignedString(v) : Long.toString(v))
                    + " (" + h.descr() + ") is an integer beyond ±2^24 = 16777216, which float32 cannot hold exactly;"
                    + " the model computes in float32 as Keras does, so the result would be silently wrong");
        }
        return v;
    }

    private static String multiIndex(int[] shape, long flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = (int) (flat % shape[d]);
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    private static String shapeString(int[] shape) {
        return Shape.of(shape).toString();
    }

    // ------------------------------------------------------------------ writing

    /** Writes a float32 {@code .npy} (little endian), or a unicode ({@code <U}) one for a string tensor. */
    public static void writeNpy(Path file, Tensor t) throws IOException {
        writeNpy(file, t, null);
    }

    /**
     * Writes {@code t} as the model computed it: integer and bool outputs ({@code kind}) in their own numpy dtype, as
     * Keras returns them; float outputs as float32; strings as unicode. A null {@code kind} means float32.
     */
    public static void writeNpy(Path file, Tensor t, dev.jkeras.tensor.DType kind) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeAny(out, t, kind);
        }
    }

    private static void writeAny(OutputStream out, Tensor t, dev.jkeras.tensor.DType kind) throws IOException {
        if (t.isString()) writeStrings(out, t);
        else writeNpy(out, t, fileType(kind), ByteOrder.LITTLE_ENDIAN);
    }

    /** A string tensor as numpy's {@code <U<n>}: n = the longest element in code points (at least 1), NUL-padded UTF-32LE. */
    static void writeStrings(OutputStream out, Tensor t) throws IOException {
        String[] s = t.strings();
        int width = 1;
        for (String x : s) width = Math.max(width, x.codePointCount(0, x.length()));
        writeHeader(out, "<U" + width, t.shape().dims());
        byte[] item = new byte[4 * width];
        ByteBuffer bb = ByteBuffer.wrap(item).order(ByteOrder.LITTLE_ENDIAN);
        for (String x : s) {
            java.util.Arrays.fill(item, (byte) 0);
            int k = 0;
            for (int i = 0; i < x.length(); k++) {
                int cp = x.codePointAt(i);
                bb.putInt(4 * k, cp);
                i += Character.charCount(cp);
            }
            out.write(item);
        }
    }

    static void writeHeader(OutputStream out, String descr, int[] dims) throws IOException {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + pyTuple(dims) + ", }";
        // numpy pads the header with spaces so the data starts on a 64-byte boundary, then ends it with '\n'
        boolean v1 = header.length() + 1 + 64 <= 0xffff;
        int prefix = v1 ? 10 : 12;
        int total = ((prefix + header.length() + 1 + 63) / 64) * 64;
        StringBuilder hs = new StringBuilder(header);
        while (prefix + hs.length() + 1 < total) hs.append(' ');
        hs.append('\n');
        byte[] hb = hs.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) pre.putShort((short) hb.length);
        else pre.putInt(hb.length);
        out.write(pre.array());
        out.write(hb);
    }

    /**
     * Writes {@code t} as a {@code .npy} of the given dtype and byte order. Integer and bool dtypes
     * need integral values within the type's range (bool: any non-zero is true).
     */
    public static void writeNpy(OutputStream out, Tensor t, DType dtype, ByteOrder order) throws IOException {
        writeHeader(out, dtype.descr(order), t.shape().dims());
        writeData(out, t, dtype, order);
    }

    /** The npy dtype {@link #writeNpy(Path, Tensor, dev.jkeras.tensor.DType)} writes a numeric output of {@code kind} as. */
    static DType fileType(dev.jkeras.tensor.DType kind) {
        return kind != null && (kind.isInteger() || kind == dev.jkeras.tensor.DType.BOOL) ? DType.valueOf(kind.name()) : DType.FLOAT32;
    }

    /** The elements of {@code t} as {@link #writeNpy(OutputStream, Tensor, DType, ByteOrder)} writes them, without a header. */
    static void writeData(OutputStream out, Tensor t, DType dtype, ByteOrder order) throws IOException {
        float[] data = t.data();
        int size = dtype.size;
        int chunkElems = Math.max(1, (1 << 16) / size);
        byte[] buf = new byte[chunkElems * size];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        for (int off = 0; off < data.length; off += chunkElems) {
            int m = Math.min(chunkElems, data.length - off);
            for (int k = 0; k < m; k++) {
                float v = data[off + k];
                switch (dtype) {
                    case FLOAT32 -> bb.putFloat(k * 4, v);
                    case FLOAT64 -> bb.putDouble(k * 8, v);
                    case FLOAT16 -> bb.putShort(k * 2, dev.jkeras.tensor.Float16.fromFloat(v));
                    case BOOL -> buf[k] = (byte) (v != 0 ? 1 : 0);
                    case INT8 -> buf[k] = (byte) integral(v, -128, 127);
                    case UINT8 -> buf[k] = (byte) integral(v, 0, 255);
                    case INT16 -> bb.putShort(k * 2, (short) integral(v, Short.MIN_VALUE, Short.MAX_VALUE));
                    case UINT16 -> bb.putShort(k * 2, (short) integral(v, 0, 65535));
                    case INT32 -> bb.putInt(k * 4, (int) integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                    case UINT32 -> bb.putInt(k * 4, (int) integral(v, 0, 0xffffffffL));
                    case INT64 -> bb.putLong(k * 8, integral(v, Long.MIN_VALUE, Long.MAX_VALUE));
                    case UINT64 -> bb.putLong(k * 8, integral(v, 0, Long.MAX_VALUE));
                }
            }
            out.write(buf, 0, m * size);
        }
    }

    private static long integral(float v, long min, long max) {
        if (v != Math.rint(v) || v < min || v > max) {
            throw new IllegalArgumentException("value " + v + " is not an integer in [" + min + ", " + max + "]");
        }
        return (long) v;
    }

    private static String pyTuple(int[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        if (dims.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    /** Writes float32 (and unicode) arrays as an {@code .npz}, keyed by name, in map order (stored, like {@code np.savez}). */
    public static void writeNpz(Path file, Map<String, Tensor> arrays) throws IOException {
        writeNpz(file, arrays, false);
    }

    /** Writes an {@code .npz}; {@code compressed} deflates entries like {@code np.savez_compressed}. */
    public static void writeNpz(Path file, Map<String, Tensor> arrays, boolean compressed) throws IOException {
        writeNpz(file, arrays, Map.of(), compressed);
    }

    /** Writes an {@code .npz} whose arrays keep the dtypes in {@code kinds} (by name; see {@link #writeNpy(Path, Tensor, dev.jkeras.tensor.DType)}). */
    public static void writeNpz(Path file, Map<String, Tensor> arrays, Map<String, dev.jkeras.tensor.DType> kinds, boolean compressed)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey() + ".npy");
                if (compressed) {
                    ze.setMethod(ZipEntry.DEFLATED);
                    zip.putNextEntry(ze);
                    writeAny(zip, e.getValue(), kinds.get(e.getKey()));
                } else {
                    // a stored entry needs its size and CRC before its data
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    writeAny(bytes, e.getValue(), kinds.get(e.getKey()));
                    byte[] b = bytes.toByteArray();
                    CRC32 crc = new CRC32();
                    crc.update(b);
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(b.length);
                    ze.setCompressedSize(b.length);
                    ze.setCrc(crc.getValue());
                    zip.putNextEntry(ze);
                    zip.write(b);
                }
                zip.closeEntry();
            }
        }
    }

    // ------------------------------------------------------------------ JSON

    /**
     * The arrays of a JSON input file: either one bare nested array ({@code array}), or an object keyed
     * by input name ({@code named}) whose values are nested arrays or {@code {"shape": [...], "data": [...]}}
     * as {@link #writeJson} writes them.
     */
    public record JsonArrays(Tensor array, Map<String, Tensor> named) {}

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads a JSON input file (see {@link JsonArrays}). A nested array must be rectangular; its leaves
     * are all strings (a string tensor) or all numbers, booleans (0/1) and nulls (NaN), read as for
     * {@code .npy}: integers beyond ±2<sup>24</sup> are refused.
     */
    public static JsonArrays readJson(Path file) {
        fileSize(file);
        String where = file.toString();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            JsonToken t = p.nextToken();
            JsonArrays out;
            if (t == JsonToken.START_ARRAY) {
                out = new JsonArrays(new JsonArray(where).read(p), null);
            } else if (t == JsonToken.START_OBJECT) {
                Map<String, Tensor> named = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String at = where + "[" + name + "]";
                    JsonToken v = p.nextToken();
                    Tensor x;
                    if (v == JsonToken.START_ARRAY) x = new JsonArray(at).read(p);
                    else if (v == JsonToken.START_OBJECT) x = shapeAndData(p, at);
                    else throw new InputException(at + ": expected a nested array (or {\"shape\": ..., \"data\": ...}), found " + v.asString());
                    if (named.put(name, x) != null) throw new InputException(where + ": '" + name + "' is given twice");
                }
                out = new JsonArrays(null, named);
            } else {
                throw new InputException(where + ": expected a JSON array, or an object of arrays keyed by input name");
            }
            if (p.nextToken() != null) throw new InputException(where + ": unexpected content after the JSON value");
            return out;
        } catch (JsonProcessingException e) {
            throw new InputException(where + ": not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code {"shape": [...], "data": nested array}}, the parser on its START_OBJECT. */
    private static Tensor shapeAndData(JsonParser p, String where) throws IOException {
        Tensor data = null;
        int[] shape = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals("data") && v == JsonToken.START_ARRAY) {
                data = new JsonArray(where).read(p);
            } else if (key.equals("shape") && v == JsonToken.START_ARRAY) {
                List<Integer> dims = new ArrayList<>();
                while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) dims.add(p.getIntValue());
                if (p.currentToken() != JsonToken.END_ARRAY) throw new InputException(where + ": 'shape' should be a list of integers");
                shape = dims.stream().mapToInt(Integer::intValue).toArray();
            } else {
                throw new InputException(where + ": expected only \"shape\" and \"data\" (a nested array), found '" + key + "'");
            }
        }
        if (data == null) throw new InputException(where + ": no \"data\"");
        if (shape != null && !java.util.Arrays.equals(shape, data.shape().dims())) {
            throw new InputException(where + ": \"shape\" says " + Shape.of(shape) + " but \"data\" has shape " + data.shape());
        }
        return data;
    }

    /** One rectangular nested JSON array, read leaf by leaf. */
    private static final class JsonArray {
        private final String where;
        private final List<Integer> dims = new ArrayList<>();
        private int leafDepth = -1;
        private float[] numbers = new float[16];
        private final List<String> strings = new ArrayList<>();
        private int count;

        JsonArray(String where) {
            this.where = where;
        }

        /** Reads the array whose START_ARRAY the parser is on. */
        Tensor read(JsonParser p) throws IOException {
            read(p, 0);
            int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
            if (!strings.isEmpty()) return Tensor.ofStrings(Shape.of(shape), strings.toArray(new String[0]));
            return Tensor.of(Shape.of(shape), java.util.Arrays.copyOf(numbers, count));
        }

        private void read(JsonParser p, int depth) throws IOException {
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), n++) {
                if (t == JsonToken.START_ARRAY) {
                    if (leafDepth >= 0 && depth + 1 >= leafDepth) throw ragged();
                    read(p, depth + 1);
                    continue;
                }
                if (leafDepth < 0 && dims.size() <= depth + 1) leafDepth = depth + 1;
                else if (leafDepth != depth + 1) throw ragged();
                leaf(p, t);
            }
            if (dims.size() <= depth) {
                while (dims.size() < depth) dims.add(-1);
                dims.add(n);
            } else if (dims.get(depth) == -1) {
                dims.set(depth, n);
            } else if (dims.get(depth).intValue() != n) {
                throw ragged();
            }
        }

        private void leaf(JsonParser p, JsonToken t) throws IOException {
            boolean text = t == JsonToken.VALUE_STRING;
            if (count > 0 && text != !strings.isEmpty()) {
                throw new InputException(where + ": mixes strings and numbers; an array holds one or the other");
            }
            if (text) {
                strings.add(p.getText());
                count++;
                return;
            }
            float v = switch (t) {
                case VALUE_NUMBER_INT -> {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || Math.abs(p.getLongValue()) > MAX_EXACT_INT) {
                        throw new InputException(where + ": " + p.getText() + " is an integer beyond ±2^24 = 16777216, which float32 cannot "
                                + "hold exactly; the model computes in float32 as Keras does, so the result would be silently wrong");
                    }
                    yield p.getLongValue();
                }
                case VALUE_NUMBER_FLOAT -> (float) p.getDoubleValue();
                case VALUE_TRUE -> 1f;
                case VALUE_FALSE -> 0f;
                case VALUE_NULL -> Float.NaN;
                default -> throw new InputException(where + ": expected numbers or strings in the array, found " + t.asString());
            };
            if (count == numbers.length) numbers = java.util.Arrays.copyOf(numbers, numbers.length * 2);
            numbers[count++] = v;
        }

        private InputException ragged() {
            return new InputException(where + ": the nested array is not rectangular (every list at one depth must have the same length, "
                    + "and values only at the innermost depth)");
        }
    }

    /**
     * Writes {@code {"<name>": {"shape": [...], "data": nested lists}, ...}}, one array per line.
     * Values are written in Java's shortest float32 form; NaN and ±Infinity, which JSON cannot
     * express, are written as {@code null}; string tensors as JSON strings.
     */
    public static void writeJson(Appendable out, Map<String, Tensor> arrays) {
        try {
            out.append("{\n");
            int i = 0;
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                Tensor t = e.getValue();
                int[] dims = t.shape().dims();
                jsonEntryStart(out, e.getKey(), dims);
                nested(out, t, dims, 0, 0);
                out.append('}').append(++i < arrays.size() ? ",\n" : "\n");
            }
            out.append("}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The start of one array's entry in {@link #writeJson}'s object, up to its data: {@code "name": {"shape": [..], "data": }. */
    static void jsonEntryStart(Appendable out, String name, int[] dims) throws IOException {
        out.append("  ").append(jsonString(name)).append(": {\"shape\": [");
        for (int d = 0; d < dims.length; d++) {
            if (d > 0) out.append(", ");
            out.append(Integer.toString(dims[d]));
        }
        out.append("], \"data\": ");
    }

    /** Row {@code row} of {@code t} (along its first axis) as {@link #writeJson} writes it inside the data's outer list. */
    static void jsonRow(Appendable out, Tensor t, int row) throws IOException {
        int[] dims = t.shape().dims();
        nested(out, t, dims, 1, row * t.shape().sizeFrom(1));
    }

    /** The JSON text of {@link #writeJson}. */
    public static String toJson(Map<String, Tensor> arrays) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, arrays);
        return sb.toString();
    }

    private static int nested(Appendable out, Tensor t, int[] dims, int d, int off) throws IOException {
        if (d == dims.length) {
            if (t.isString()) {
                out.append(jsonString(t.strings()[off]));
            } else {
                float v = t.data()[off];
                out.append(Float.isFinite(v) ? Float.toString(v) : "null");
            }
            return off + 1;
        }
        out.append('[');
        for (int k = 0; k < dims[d]; k++) {
            if (k > 0) out.append(", ");
            off = nested(out, t, dims, d + 1, off);
        }
        out.append(']');
        return off;
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
