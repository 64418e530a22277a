package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@code predict}'s {@code -i} arguments into {@link Batches}: one source per model input, in input order.
 * <ul>
 *   <li>{@code -i x.npy} (or {@code x.json} holding one nested array, or {@code x.csv} with one row per sample) for a
 *       single-input model;</li>
 *   <li>{@code -i name=x.npy}, repeated, one per input;</li>
 *   <li>one {@code -i inputs.npz} whose keys are the input names (or, as {@code np.savez(f, a, b)}
 *       writes them, {@code arr_0, arr_1, ...} in input order), or one {@code -i inputs.json} holding an
 *       object keyed by input name;</li>
 *   <li>images: {@code -i a.png -i b.jpg} or a directory of them, for a single-input image model (or {@code NAME=dir});</li>
 *   <li>{@code -i -}: standard input holding a .npy, .npz, JSON or CSV (told apart by its first bytes).</li>
 * </ul>
 * .npy arrays (files and .npz members) are read a batch at a time; JSON and CSV whole; images are decoded per batch.
 * Errors name the file.
 */
final class Inputs {
    private Inputs() {}

    /** How inputs are read: the limits, whether CSV files have a header row (null: detect), image options, standard input. */
    record Options(LoadLimits limits, Boolean csvHeader, ImageInputs.Options image, InputStream stdin) {}

    private enum Kind { NPY, NPZ, JSON, CSV, IMAGES }

    private record Arg(String name, Path path, Kind kind) {}

    /**
     * Every sample of the {@code -i} arguments at once, keyed by input name in input order (verify, bench): the forms
     * {@link #open} takes, images unresized and unscaled, standard input for {@code -i -}.
     */
    static Map<String, Tensor> read(List<String> args, Model model, LoadLimits limits) {
        try (Batches b = open(args, model, new Options(limits, null, new ImageInputs.Options(null, false, 1f, 0f), System.in))) {
            return b.next(Math.max(1, b.samples()));
        }
    }

    static Batches open(List<String> args, Model model, Options o) {
        List<String> names = model.inputNames();
        List<Shape> shapes = model.inputShapes();
        if (args == null || args.isEmpty()) {
            throw new UsageException("no input given; the model expects " + describe(names, shapes)
                    + (names.size() == 1 ? ": pass -i x.npy" : ": pass -i NAME=x.npy for each, or one -i inputs.npz"));
        }
        List<Closeable> open = new ArrayList<>();
        try {
            Batches b = open(args, model, o, open);
            return b;
        } catch (RuntimeException e) {
            for (Closeable c : open) Outputs.closeQuietly(c);
            throw e;
        }
    }

    private static Batches open(List<String> args, Model model, Options o, List<Closeable> open) {
        List<String> names = model.inputNames();
        List<Shape> shapes = model.inputShapes();
        List<Arg> parsed = new ArrayList<>();
        boolean stdinUsed = false;
        for (String a : args) {
            Arg arg = parse(a);
            if (arg.path.toString().equals("-")) {
                if (stdinUsed) throw new UsageException("-i - (standard input) can be given once");
                stdinUsed = true;
                Path tmp = copyStdin(o.stdin());
                open.add(() -> Files.deleteIfExists(tmp));
                arg = new Arg(arg.name, tmp, stdinKind(tmp));
            } else {
                if (!Files.exists(arg.path)) throw new UsageException("input file not found: " + arg.path);
                if (Files.isDirectory(arg.path)) arg = new Arg(arg.name, arg.path, Kind.IMAGES);
                else arg = new Arg(arg.name, arg.path, kind(arg.path));
            }
            parsed.add(arg);
        }

        Map<String, Batches.Source> byName = new LinkedHashMap<>();
        boolean allImages = parsed.stream().allMatch(a -> a.kind == Kind.IMAGES && a.name == null);
        boolean anyKeyed = false;
        Map<Path, NpyIO.JsonArrays> json = new LinkedHashMap<>();
        for (Arg a : parsed) if (a.kind == Kind.JSON) json.put(a.path, NpyIO.readJson(a.path));
        for (Arg a : parsed) anyKeyed |= a.kind == Kind.NPZ || json.containsKey(a.path) && json.get(a.path).named() != null;
        if (allImages) {
            if (names.size() != 1) {
                throw new UsageException("the model has " + names.size() + " inputs (" + describe(names, shapes) + "): give images as "
                        + "-i NAME=DIR (or NAME=image.png) per image input");
            }
            List<Path> files = new ArrayList<>();
            for (Arg a : parsed) files.addAll(Files.isDirectory(a.path) ? ImageInputs.listDirectory(a.path) : List.of(a.path));
            byName.put(names.get(0), ImageInputs.source(files, shapes.get(0).dropFirst(), o.image(), names.get(0)));
        } else if (anyKeyed) {
            if (parsed.size() != 1 || parsed.get(0).name != null) {
                throw new UsageException("an .npz input (or a JSON object of arrays) must be the only -i and carry no NAME= (its keys name "
                        + "the inputs)");
            }
            Path p = parsed.get(0).path;
            Map<String, Batches.Source> arrays = new LinkedHashMap<>();
            if (json.containsKey(p)) {
                for (Map.Entry<String, Tensor> e : json.get(p).named().entrySet()) {
                    arrays.put(e.getKey(), Batches.of(e.getValue(), display(p, o) + "[" + e.getKey() + "]"));
                }
            } else {
                NpyIO.NpzReader npz = NpyIO.openNpz(p, o.limits(), false);
                open.add(npz);
                for (Map.Entry<String, NpyIO.ArrayReader> e : npz.arrays().entrySet()) arrays.put(e.getKey(), Batches.of(e.getValue()));
            }
            if (arrays.isEmpty()) throw new InputException(display(p, o) + ": the .npz holds no arrays");
            List<String> keys = new ArrayList<>(arrays.keySet());
            if (names.size() == 1 && keys.size() == 1) {
                byName.put(names.get(0), arrays.get(keys.get(0)));
            } else if (!json.containsKey(p) && isPositional(keys) && !names.containsAll(keys)) {
                if (keys.size() != names.size()) {
                    throw new InputException(display(p, o) + " holds " + keys.size() + " unnamed arrays (" + String.join(", ", keys)
                            + ") but the model has " + names.size() + " inputs: " + describe(names, shapes));
                }
                for (int i = 0; i < keys.size(); i++) byName.put(names.get(i), arrays.get("arr_" + i));
            } else {
                for (Map.Entry<String, Batches.Source> e : arrays.entrySet()) {
                    checkName(e.getKey(), names, display(p, o) + "[" + e.getKey() + "]");
                    byName.put(e.getKey(), e.getValue());
                }
            }
        } else if (parsed.size() == 1 && parsed.get(0).name == null) {
            Arg a = parsed.get(0);
            if (names.size() != 1) {
                throw new UsageException("the model has " + names.size() + " inputs (" + describe(names, shapes)
                        + "): pass -i NAME=x.npy for each, or one -i inputs.npz keyed by input name");
            }
            byName.put(names.get(0), source(a, 0, model, o, json, open));
        } else {
            for (Arg a : parsed) {
                if (a.name == null) {
                    throw new UsageException("with several -i options each must be NAME=FILE; '" + a.path
                            + "' has no name (inputs: " + String.join(", ", names) + ")");
                }
                checkName(a.name, names, a.path.toString());
                if (byName.containsKey(a.name)) throw new UsageException("input '" + a.name + "' is given twice");
                byName.put(a.name, source(a, names.indexOf(a.name), model, o, json, open));
            }
        }

        List<Batches.Source> ordered = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Batches.Source s = byName.get(names.get(i));
            if (s == null) {
                throw new InputException("no value for model input '" + names.get(i) + "' " + shapes.get(i) + "; the model expects "
                        + describe(names, shapes));
            }
            ordered.add(s);
        }
        return Batches.of(model, ordered, open);
    }

    /** The source of one input from one argument. */
    private static Batches.Source source(Arg a, int input, Model model, Options o, Map<Path, NpyIO.JsonArrays> json, List<Closeable> open) {
        String where = display(a.path, o);
        Shape sample = model.inputShapes().get(input).dropFirst();
        return switch (a.kind) {
            case JSON -> Batches.of(json.get(a.path).array(), where);
            case CSV -> Batches.of(CsvIO.read(a.path, sample, model.inputDTypes().get(input) == DType.STRING, o.csvHeader(), where), where);
            case IMAGES -> ImageInputs.source(Files.isDirectory(a.path) ? ImageInputs.listDirectory(a.path) : List.of(a.path), sample, o.image(),
                    model.inputNames().get(input));
            case NPY -> {
                NpyIO.ArrayReader r = NpyIO.openNpy(a.path, o.limits());
                open.add(r);
                yield Batches.of(r);
            }
            case NPZ -> throw new IllegalStateException("keyed");
        };
    }

    /** Standard input is read through a temp file, deleted when the run ends. */
    private static String display(Path p, Options o) {
        return p.getFileName().toString().startsWith(STDIN_PREFIX) ? "<stdin>" : p.toString();
    }

    private static final String STDIN_PREFIX = "jkeras-stdin-";

    private static Path copyStdin(InputStream in) {
        try {
            Path tmp = Files.createTempFile(STDIN_PREFIX, ".in");
            tmp.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            if (Files.size(tmp) == 0) throw new UsageException("-i -: standard input is empty");
            return tmp;
        } catch (IOException e) {
            throw new UsageException("cannot read standard input: " + e.getMessage());
        }
    }

    /** What standard input holds, from its first bytes: .npy, .npz, JSON, else CSV. */
    private static Kind stdinKind(Path p) {
        byte[] b = head(p);
        if (b.length >= 6 && (b[0] & 0xff) == 0x93 && b[1] == 'N' && b[2] == 'U' && b[3] == 'M' && b[4] == 'P' && b[5] == 'Y') return Kind.NPY;
        if (NpyIO.isZip(p)) return Kind.NPZ;
        return firstNonSpace(b) == '[' || firstNonSpace(b) == '{' ? Kind.JSON : Kind.CSV;
    }

    /** What a file holds: by its first bytes (.npz zip, JSON, images) or extension (.json, .csv, images); anything else is read as .npy. */
    private static Kind kind(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (NpyIO.isZip(p)) return Kind.NPZ;
        if (name.endsWith(".json")) return Kind.JSON;
        if (name.endsWith(".csv") || name.endsWith(".tsv")) return Kind.CSV;
        if (name.endsWith(".npy")) return Kind.NPY;
        if (ImageInputs.isImage(p)) return Kind.IMAGES;
        int c = firstNonSpace(head(p));
        return c == '[' || c == '{' ? Kind.JSON : Kind.NPY;
    }

    private static byte[] head(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw new InputException("cannot read " + p + ": " + e.getMessage());
        }
    }

    private static int firstNonSpace(byte[] b) {
        for (byte x : b) if (x != ' ' && x != '\t' && x != '\n' && x != '\r') return x;
        return -1;
    }

    private static Arg parse(String a) {
        int eq = a.indexOf('=');
        if (eq < 0 || a.equals("-") || Files.exists(Path.of(a))) return new Arg(null, Path.of(a), null);
        if (eq == 0) throw new UsageException("-i '" + a + "': the input name before '=' is empty");
        return new Arg(a.substring(0, eq), Path.of(a.substring(eq + 1)), null);
    }

    private static boolean isPositional(List<String> keys) {
        for (int i = 0; i < keys.size(); i++) if (!keys.contains("arr_" + i)) return false;
        return true;
    }

    private static void checkName(String name, List<String> names, String from) {
        if (!names.contains(name)) {
            throw new InputException(from + ": '" + name + "' is not an input of the model; its inputs are " + String.join(", ", names));
        }
    }

    static String describe(List<String> names, List<Shape> shapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('\'').append(names.get(i)).append("' ").append(shapes.get(i));
        }
        return sb.toString();
    }
}
