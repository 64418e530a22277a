package dev.jkeras.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal {@code .npy} reader for the peer benchmarks' own files (written by peer_models.py):
 * little-endian {@code <f4}, {@code <i4} or {@code <i8}, C order, under 2 GiB. The data stays a
 * memory-mapped buffer, so a large reference output is compared without copying it onto the heap.
 * (The CLI's NpyIO is the full reader; benchmarks does not depend on the cli module.)
 */
final class Npy {
    final String dtype;
    final int[] shape;
    final long size;
    /** The array's bytes, little-endian, positioned at 0. */
    final ByteBuffer data;

    private Npy(String dtype, int[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        long n = 1;
        for (int d : shape) n *= d;
        this.size = n;
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|=]?)([a-z]\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static Npy read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[6];
            all.get(magic);
            if (magic[0] != (byte) 0x93 || magic[1] != 'N' || magic[2] != 'U') throw new IllegalArgumentException(file + ": not a .npy file");
            int major = all.get() & 0xff;
            all.get();
            int hlen = major == 1 ? all.getShort() & 0xffff : all.getInt();
            byte[] h = new byte[hlen];
            all.get(h);
            String header = new String(h, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
            if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException(file + ": unreadable header " + header);
            if (f.group(1).equals("True")) throw new IllegalArgumentException(file + ": Fortran order not supported");
            String dtype = d.group(2);
            if (!dtype.equals("f4") && !dtype.equals("i4") && !dtype.equals("i8")) {
                throw new IllegalArgumentException(file + ": dtype " + dtype + " not supported (f4, i4, i8)");
            }
            int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            ByteBuffer data = all.slice().order(ByteOrder.LITTLE_ENDIAN);
            Npy a = new Npy(dtype, shape, data);
            long need = a.size * (dtype.equals("i8") ? 8 : 4);
            if (data.remaining() < need) throw new IllegalArgumentException(file + ": truncated (" + data.remaining() + " < " + need + " bytes)");
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isInteger() {
        return dtype.charAt(0) == 'i';
    }

    /** Element i as a float (integers converted). */
    float get(long i) {
        switch (dtype) {
            case "f4": return data.getFloat((int) (i * 4));
            case "i4": return data.getInt((int) (i * 4));
            default: return data.getLong((int) (i * 8));
        }
    }

    float[] toFloats() {
        float[] out = new float[Math.toIntExact(size)];
        if (dtype.equals("f4")) data.asFloatBuffer().get(out);
        else for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }

    int[] toInts() {
        int[] out = new int[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) out[i] = (int) get(i);
        return out;
    }

    long[] toLongs() {
        long[] out = new long[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) out[i] = (long) get(i);
        return out;
    }

    long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
