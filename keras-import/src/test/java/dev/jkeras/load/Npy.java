// Test-only reader for NumPy .npy/.npz (what the fixture generator writes); the product's reader lives in cli/.
package dev.jkeras.load;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal .npy/.npz reader: little-endian f4, f8, i4, i8, b1 and u1, C order, converted to float32; unicode
 * ({@code <U}) and byte ({@code |S}, UTF-8) string arrays as string tensors.
 */
public final class Npy {
    private Npy() {}

    /** Every array of an .npz, keyed by member name without ".npy". */
    public static Map<String, Tensor> readNpz(Path path) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipArchive zip = ZipArchive.open(path, path.toString(), LoadLimits.DEFAULTS)) {
            for (ZipArchive.Member m : zip.members()) {
                String name = m.name();
                if (!name.endsWith(".npy")) continue;
                out.put(name.substring(0, name.length() - 4), read(zip.readBytes(m, Integer.MAX_VALUE - 8, "maxMemberBytes"), path + ":" + name));
            }
        }
        return out;
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static Tensor read(byte[] bytes, String what) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N') throw new IllegalArgumentException(what + ": not an .npy array");
        int major = bytes[6];
        int headerLen = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException(what + ": bad .npy header " + header);
        if (f.group(1).equals("True")) throw new IllegalArgumentException(what + ": fortran_order arrays are not supported");
        String[] parts = s.group(1).split(",");
        int n = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) if (!p.isBlank()) dims[n++] = Integer.parseInt(p.trim());
        Shape shape = Shape.of(java.util.Arrays.copyOf(dims, n));
        int count = shape.size();
        String descr = d.group(1);
        if (descr.startsWith("<U") || descr.startsWith("|S")) {
            boolean unicode = descr.charAt(1) == 'U';
            int width = Integer.parseInt(descr.substring(2)) * (unicode ? 4 : 1);
            String[] out = new String[count];
            for (int i = 0; i < count; i++) {
                int off = start + headerLen + i * width, len = width;
                while (len > 0 && isNul(bytes, off + len - (unicode ? 4 : 1), unicode)) len -= unicode ? 4 : 1;
                out[i] = unicode ? utf32(b, off, len / 4) : new String(bytes, off, len, StandardCharsets.UTF_8);
            }
            return Tensor.ofStrings(shape, out);
        }
        float[] data = new float[count];
        b.position(start + headerLen);
        switch (descr) {
            case "<f4" -> b.asFloatBuffer().get(data);
            case "<f8" -> { for (int i = 0; i < count; i++) data[i] = (float) b.getDouble(); }
            case "<i4" -> { for (int i = 0; i < count; i++) data[i] = b.getInt(); }
            case "<i8" -> { for (int i = 0; i < count; i++) data[i] = b.getLong(); }
            case "|b1" -> { for (int i = 0; i < count; i++) data[i] = b.get() != 0 ? 1f : 0f; }
            case "|u1" -> { for (int i = 0; i < count; i++) data[i] = b.get() & 0xff; }
            default -> throw new IllegalArgumentException(what + ": unsupported dtype " + descr);
        }
        return Tensor.of(shape, data);
    }

    private static boolean isNul(byte[] b, int off, boolean unicode) {
        if (!unicode) return b[off] == 0;
        return b[off] == 0 && b[off + 1] == 0 && b[off + 2] == 0 && b[off + 3] == 0;
    }

    private static String utf32(ByteBuffer b, int off, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) sb.appendCodePoint(b.getInt(off + 4 * i));
        return sb.toString();
    }
}
