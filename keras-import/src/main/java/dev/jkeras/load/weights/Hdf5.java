// Thin layer over jhdf: opens files, walks relative paths, decodes every attribute-string variant Keras
// wrote, and reads numeric datasets as float32 tensors. jhdf exceptions never escape raw.
package dev.jkeras.load.weights;

import dev.jkeras.error.KerasException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Internal: one open HDF5 file and the reading helpers the importers share. */
public final class Hdf5 implements Closeable {
    private final HdfFile file;
    private final String display;
    private final FileChannel channel;
    private final LoadLimits limits;
    /** Bytes the datasets may unpack to in all: {@link LoadLimits#maxExpansion} times the file's size. */
    private final long budget;
    private long unpacked;

    private Hdf5(HdfFile file, String display, FileChannel channel, LoadLimits limits, long storedSize) {
        this.file = file;
        this.display = display;
        this.channel = channel;
        this.limits = limits;
        this.budget = Math.max(LoadLimits.EXPANSION_FLOOR, storedSize > Long.MAX_VALUE / limits.maxExpansion() ? Long.MAX_VALUE : storedSize * limits.maxExpansion());
    }

    /** Opens a file under the default limits. */
    public static Hdf5 open(Path path, String display) {
        return open(path, display, LoadLimits.DEFAULTS);
    }

    /** Opens a file; {@code display} names it in errors. */
    public static Hdf5 open(Path path, String display, LoadLimits limits) {
        FileChannel fc = FileWindow.openChannel(path, display);
        try {
            FileWindow window = new FileWindow(fc, 0, fc.size());
            return new Hdf5(guard(display, "cannot be opened as HDF5", () -> new HdfFile(window, path.toUri())), display, fc, limits, fc.size());
        } catch (IOException | RuntimeException e) {
            try {
                fc.close();
            } catch (IOException ignored) {
                // already failing
            }
            if (e instanceof RuntimeException r) throw r;
            throw new ModelFormatException(display + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Opens HDF5 bytes held in part of a file (e.g. a STORED member of a zip archive); the caller closes {@code fc}. */
    public static Hdf5 open(FileChannel fc, long start, long size, URI uri, String display, LoadLimits limits) {
        FileWindow window = new FileWindow(fc, start, size);
        return new Hdf5(guard(display, "cannot be opened as HDF5", () -> new HdfFile(window, uri)), display, null, limits, size);
    }

    /** The file name used in messages. */
    public String display() {
        return display;
    }

    public Group root() {
        return file;
    }

    @Override
    public void close() {
        try {
            file.close();
            if (channel != null) channel.close();
        } catch (RuntimeException | IOException ignored) {
            // closing a file we only read cannot lose data
        }
    }

    /** Runs a jhdf call, turning any failure into a {@link ModelFormatException} naming the file. */
    public static <T> T guard(String display, String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            if (isOpaqueTypeBug(e)) {
                throw new UnsupportedFeatureException(display + ": " + what + ": the file holds an HDF5 opaque datatype (h5py's encoding "
                        + "of bfloat16) in a form the HDF5 reader jkeras uses (jhdf 0.13) cannot decode. Save the model with float32 "
                        + "weights (dtype policy float32 or mixed_bfloat16).");
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ModelFormatException(display + ": " + what + " (" + msg + "). The file may be damaged or not written by Keras.", e);
        }
    }

    /** jhdf 0.13 fails on opaque datatypes with an empty tag, which is how h5py stores bfloat16. */
    private static boolean isOpaqueTypeBug(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().endsWith("OpaqueDataType")) return true;
            }
        }
        return false;
    }

    <T> T guard(String what, Supplier<T> body) {
        return guard(display, what, body);
    }

    // ---- navigation ------------------------------------------------------------------------------

    /** The node at a '/'-separated path relative to {@code g} (empty path: {@code g}), or null. */
    public Node child(Group g, String path) {
        return guard("cannot read '" + path + "'", () -> {
            Node n = g;
            for (String part : path.split("/")) {
                if (part.isEmpty()) continue;
                if (!(n instanceof Group grp)) return null;
                n = grp.getChildren().get(part);
                if (n == null) return null;
            }
            return n;
        });
    }

    /** The group at a relative path, or null if absent or not a group. */
    public Group group(Group g, String path) {
        return child(g, path) instanceof Group grp ? grp : null;
    }

    /** Names of the children of a group, in file order. */
    public List<String> childNames(Group g) {
        return guard("cannot list '" + g.getPath() + "'", () -> new ArrayList<>(g.getChildren().keySet()));
    }

    // ---- attributes ------------------------------------------------------------------------------

    public boolean hasAttr(Node n, String name) {
        return guard("cannot read attributes of '" + n.getPath() + "'", () -> n.getAttributes().containsKey(name));
    }

    /** A string attribute (variable or fixed length, scalar or one-element array), or null if absent. */
    public String stringAttr(Node n, String name) {
        return guard("cannot read attribute '" + name + "' of '" + n.getPath() + "'", () -> {
            Attribute a = n.getAttributes().get(name);
            if (a == null || a.isEmpty()) return null;
            List<String> l = strings(a.getData());
            if (l.size() != 1) {
                throw new ModelFormatException(display + ": attribute '" + name + "' of '" + n.getPath() + "' should be one string, found " + l.size());
            }
            return l.get(0);
        });
    }

    /**
     * A list-of-strings attribute such as {@code layer_names}/{@code weight_names}: fixed-length
     * (NUL-padded) or variable-length strings; an empty numeric array means no names; a long list
     * may be split over {@code name0}, {@code name1}, .... Null if absent.
     */
    public List<String> stringListAttr(Node n, String name) {
        return guard("cannot read attribute '" + name + "' of '" + n.getPath() + "'", () -> {
            java.util.Map<String, Attribute> attrs = n.getAttributes();
            if (attrs.containsKey(name)) return strings(attrs.get(name));
            if (!attrs.containsKey(name + "0")) return null;
            List<String> all = new ArrayList<>();
            for (int i = 0; attrs.containsKey(name + i); i++) all.addAll(strings(attrs.get(name + i)));
            return all;
        });
    }

    private static List<String> strings(Attribute a) {
        if (a.isEmpty()) return List.of();
        return strings(a.getData());
    }

    /** Decodes attribute data: String, String[], byte[] (one fixed string), or an empty numeric array. */
    static List<String> strings(Object data) {
        List<String> out = new ArrayList<>();
        if (data == null) return out;
        if (data instanceof String s) {
            out.add(strip(s));
        } else if (data instanceof byte[] b) {
            out.add(strip(new String(b, StandardCharsets.UTF_8)));
        } else if (data.getClass().isArray()) {
            int n = Array.getLength(data);
            for (int i = 0; i < n; i++) {
                Object x = Array.get(data, i);
                if (x instanceof String s) out.add(strip(s));
                else if (x instanceof byte[] b) out.add(strip(new String(b, StandardCharsets.UTF_8)));
                else if (x != null && x.getClass().isArray()) out.addAll(strings(x));
                else throw new ModelFormatException("expected strings, found " + (x == null ? "null" : x.getClass().getSimpleName()));
            }
        } else {
            throw new ModelFormatException("expected strings, found " + data.getClass().getSimpleName());
        }
        return out;
    }

    private static String strip(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') end--;
        return s.substring(0, end);
    }

    // ---- datasets --------------------------------------------------------------------------------

    /** The dataset's shape ({@code ()} for a scalar). */
    public Shape shape(Dataset ds) {
        return guard("cannot read the shape of '" + ds.getPath() + "'", () -> ds.isScalar() ? Shape.of() : Shape.of(ds.getDimensions()));
    }

    /**
     * Reads a numeric dataset as float32: float16, bfloat16 (a 2-byte opaque type, which the
     * {@code .keras} writer also marks with attribute {@code dtype="bfloat16"}), float64 and integer
     * types are converted. The caller checks the
     * shape first, so the allocation is bounded by what the layer expects.
     */
    public Tensor read(Dataset ds) {
        Shape shape = shape(ds);
        checkLimits(ds, shape);
        return guard("cannot read dataset '" + ds.getPath() + "'", () -> {
            int n = shape.size();
            if (n == 0) return Tensor.zeros(shape);
            boolean bf16 = "bfloat16".equals(stringAttr(ds, "dtype")) || isPatchedOpaque(ds);
            Object data = ds.isScalar() ? ds.getData() : ds.getDataFlat();
            float[] out = bf16 ? bfloat16(data, n) : toFloats(data, n);
            if (out.length != n) {
                throw new ModelFormatException(display + ": dataset '" + ds.getPath() + "' holds " + out.length + " values, its shape " + shape + " needs " + n);
            }
            return Tensor.of(shape, out);
        });
    }

    /** Refuses a dataset that alone, or with those read before it, unpacks to more than the file can plausibly hold. */
    private void checkLimits(Dataset ds, Shape shape) {
        long n = 1;
        for (int d : shape.dims()) n = d < 0 || (d > 0 && n > Long.MAX_VALUE / d) ? Long.MAX_VALUE : n * d;
        if (n > limits.maxTensorElements()) {
            throw new ModelFormatException(display + ": dataset '" + ds.getPath() + "' of shape " + shape + " has " + n + " elements, more than the "
                    + LoadLimits.hint("maxTensorElements", limits.maxTensorElements()));
        }
        long item = guard("cannot read the type of '" + ds.getPath() + "'", () -> (long) Math.max(1, ds.getDataType().getSize()));
        unpacked += n * item;
        if (unpacked > budget) {
            throw new ModelFormatException(display + ": dataset '" + ds.getPath() + "' of shape " + shape + " brings the weights read to " + unpacked
                    + " bytes, more than " + limits.maxExpansion() + " times the file's size (at least " + LoadLimits.EXPANSION_FLOOR
                    + "); the file is corrupt or a decompression bomb; " + LoadLimits.hint("maxExpansion", limits.maxExpansion()));
        }
    }

    private float[] toFloats(Object data, int n) {
        if (data instanceof float[] f) return f;
        if (data instanceof double[] d) {
            float[] o = new float[d.length];
            for (int i = 0; i < d.length; i++) o[i] = (float) d[i];
            return o;
        }
        if (data instanceof Number x) return new float[] {x.floatValue()};
        if (data instanceof Boolean b) return new float[] {b ? 1f : 0f};
        if (data instanceof boolean[] b) {
            float[] o = new float[b.length];
            for (int i = 0; i < b.length; i++) o[i] = b[i] ? 1f : 0f;
            return o;
        }
        if (data != null && data.getClass().isArray() && data.getClass().getComponentType().isPrimitive()) {
            int len = Array.getLength(data);
            float[] o = new float[len];
            for (int i = 0; i < len; i++) o[i] = ((Number) Array.get(data, i)).floatValue();
            return o;
        }
        if (data instanceof String[] enums) {
            float[] o = new float[enums.length];
            for (int i = 0; i < o.length; i++) o[i] = "TRUE".equalsIgnoreCase(enums[i]) ? 1f : 0f;
            return o;
        }
        if (data != null && data.getClass().isArray() && Array.getLength(data) == 1) return toFloats(Array.get(data, 0), n);
        throw new ModelFormatException("unsupported element type " + (data == null ? "null" : data.getClass().getSimpleName()));
    }

    /** A 2-byte opaque type (shown as a reference by FileWindow): how h5py stores bfloat16, with or without Keras's dtype attribute. */
    private static boolean isPatchedOpaque(Dataset ds) {
        return ds.getDataType() instanceof io.jhdf.object.datatype.Reference r && r.getSize() == 2;
    }

    /** bfloat16 is the upper half of a float32; the 2-byte values arrive as integers (see FileWindow) or bytes. */
    private static float[] bfloat16(Object data, int n) {
        short[] raw;
        if (data instanceof short[] s) {
            raw = s;
        } else if (data instanceof long[] l) {
            raw = new short[l.length];
            for (int i = 0; i < l.length; i++) raw[i] = (short) l[i];
        } else if (data instanceof Long l) {
            raw = new short[] {(short) l.longValue()};
        } else {
            byte[] bytes = flatBytes(data);
            if (bytes.length != 2 * n) throw new ModelFormatException("bfloat16 data has " + bytes.length + " bytes, expected " + 2 * n);
            raw = new short[n];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(raw);
        }
        float[] o = new float[raw.length];
        for (int i = 0; i < raw.length; i++) o[i] = Float.intBitsToFloat((raw[i] & 0xffff) << 16);
        return o;
    }

    private static byte[] flatBytes(Object data) {
        if (data instanceof byte[] b) return b;
        if (data instanceof ByteBuffer bb) {
            byte[] b = new byte[bb.remaining()];
            bb.duplicate().get(b);
            return b;
        }
        if (data != null && data.getClass().isArray()) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int len = Array.getLength(data);
            for (int i = 0; i < len; i++) out.writeBytes(flatBytes(Array.get(data, i)));
            return out.toByteArray();
        }
        throw new ModelFormatException("cannot decode bfloat16 values from " + (data == null ? "null" : data.getClass().getSimpleName()));
    }
}
