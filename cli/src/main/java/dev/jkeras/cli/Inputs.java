package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code predict}'s {@code -i} arguments into tensors keyed by model input name:
 * <ul>
 *   <li>{@code -i x.npy} (or {@code x.json} holding one nested array) for a single-input model;</li>
 *   <li>{@code -i name=x.npy}, repeated, one per input;</li>
 *   <li>one {@code -i inputs.npz} whose keys are the input names (or, as {@code np.savez(f, a, b)}
 *       writes them, {@code arr_0, arr_1, ...} in input order), or one {@code -i inputs.json} holding an
 *       object keyed by input name.</li>
 * </ul>
 * Each array is checked by the model's own input check ({@link Model#checkInput}), and errors name the file.
 */
final class Inputs {
    private Inputs() {}

    private record Arg(String name, Path path) {}

    static Map<String, Tensor> read(List<String> args, Model model, LoadLimits limits) {
        List<String> names = model.inputNames();
        List<Shape> shapes = model.inputShapes();
        List<DType> dtypes = model.inputDTypes();
        if (args == null || args.isEmpty()) {
            throw new UsageException("no input given; the model expects " + describe(names, shapes)
                    + (names.size() == 1 ? ": pass -i x.npy" : ": pass -i NAME=x.npy for each, or one -i inputs.npz"));
        }
        List<Arg> parsed = new ArrayList<>();
        for (String a : args) parsed.add(parse(a));
        for (Arg a : parsed) {
            if (!Files.isRegularFile(a.path)) throw new UsageException("input file not found: " + a.path);
        }

        Map<String, Tensor> byName = new LinkedHashMap<>();
        Map<String, String> source = new LinkedHashMap<>();
        Map<Path, NpyIO.JsonArrays> json = new LinkedHashMap<>();
        for (Arg a : parsed) if (isJson(a.path)) json.put(a.path, NpyIO.readJson(a.path));
        boolean anyKeyed = false;
        for (Arg a : parsed) anyKeyed |= NpyIO.isZip(a.path) || json.containsKey(a.path) && json.get(a.path).named() != null;
        if (anyKeyed) {
            if (parsed.size() != 1 || parsed.get(0).name != null) {
                throw new UsageException("an .npz input (or a JSON object of arrays) must be the only -i and carry no NAME= (its keys name "
                        + "the inputs)");
            }
            Path p = parsed.get(0).path;
            Map<String, Tensor> arrays = json.containsKey(p) ? json.get(p).named() : NpyIO.readNpz(p, limits);
            if (arrays.isEmpty()) throw new InputException(p + ": the .npz holds no arrays");
            List<String> keys = new ArrayList<>(arrays.keySet());
            if (names.size() == 1 && keys.size() == 1) {
                put(byName, source, names.get(0), arrays.get(keys.get(0)), p + "[" + keys.get(0) + "]");
            } else if (!json.containsKey(p) && isPositional(keys) && !names.containsAll(keys)) {
                if (keys.size() != names.size()) {
                    throw new InputException(p + " holds " + keys.size() + " unnamed arrays (" + String.join(", ", keys)
                            + ") but the model has " + names.size() + " inputs: " + describe(names, shapes));
                }
                for (int i = 0; i < keys.size(); i++) put(byName, source, names.get(i), arrays.get("arr_" + i), p + "[arr_" + i + "]");
            } else {
                for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                    checkName(e.getKey(), names, p + "[" + e.getKey() + "]");
                    put(byName, source, e.getKey(), e.getValue(), p + "[" + e.getKey() + "]");
                }
            }
        } else if (parsed.size() == 1 && parsed.get(0).name == null) {
            Arg a = parsed.get(0);
            if (names.size() != 1) {
                throw new UsageException("the model has " + names.size() + " inputs (" + describe(names, shapes)
                        + "): pass -i NAME=x.npy for each, or one -i inputs.npz keyed by input name");
            }
            put(byName, source, names.get(0), readOne(a.path, json, limits), a.path.toString());
        } else {
            for (Arg a : parsed) {
                if (a.name == null) {
                    throw new UsageException("with several -i options each must be NAME=FILE; '" + a.path
                            + "' has no name (inputs: " + String.join(", ", names) + ")");
                }
                checkName(a.name, names, a.path.toString());
                if (byName.containsKey(a.name)) throw new UsageException("input '" + a.name + "' is given twice");
                put(byName, source, a.name, readOne(a.path, json, limits), a.path.toString());
            }
        }

        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Tensor t = byName.get(n);
            if (t == null) {
                throw new InputException("no value for model input '" + n + "' " + shapes.get(i) + "; the model expects " + describe(names, shapes));
            }
            t = checkDType(n, dtypes.get(i), t, source.get(n));
            try {
                model.checkInput(i, t);
            } catch (InputException e) {
                throw new InputException(source.get(n) + ": " + e.getMessage(), e);
            }
            ordered.put(n, t);
        }
        try {
            model.checkInputs(List.copyOf(ordered.values()));
        } catch (InputException e) {
            throw new InputException(e.getMessage() + " (from " + String.join(", ", new java.util.LinkedHashSet<>(source.values())) + ")", e);
        }
        return ordered;
    }

    /** A .json file (by extension, or by a leading '[' or '{'); anything else is read as .npy. */
    private static boolean isJson(Path p) {
        if (p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) return true;
        try (java.io.InputStream in = Files.newInputStream(p)) {
            int c;
            do c = in.read(); while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
            return c == '[' || c == '{';
        } catch (java.io.IOException e) {
            throw new InputException("cannot read " + p + ": " + e.getMessage());
        }
    }

    private static Tensor readOne(Path p, Map<Path, NpyIO.JsonArrays> json, LoadLimits limits) {
        return json.containsKey(p) ? json.get(p).array() : NpyIO.readNpy(p, limits);
    }

    /** The array as the input's dtype: string arrays for string inputs, numbers otherwise (an empty array fits either). */
    private static Tensor checkDType(String name, DType want, Tensor t, String from) {
        if (t.isString() == (want == DType.STRING)) return t;
        if (t.size() == 0) return want == DType.STRING ? Tensor.ofStrings(t.shape(), new String[0]) : Tensor.zeros(t.shape());
        throw new InputException(from + ": model input '" + name + "' " + (want == DType.STRING
                ? "takes strings (Keras dtype \"string\"), got a numeric array; give a unicode (<U) or byte-string (|S) array, or JSON strings"
                : "takes numbers, got a string array"));
    }

    private static Arg parse(String a) {
        int eq = a.indexOf('=');
        if (eq < 0 || Files.exists(Path.of(a))) return new Arg(null, Path.of(a));
        if (eq == 0) throw new UsageException("-i '" + a + "': the input name before '=' is empty");
        return new Arg(a.substring(0, eq), Path.of(a.substring(eq + 1)));
    }

    private static boolean isPositional(List<String> keys) {
        for (int i = 0; i < keys.size(); i++) if (!keys.contains("arr_" + i)) return false;
        return true;
    }

    private static void put(Map<String, Tensor> byName, Map<String, String> source, String name, Tensor t, String from) {
        byName.put(name, t);
        source.put(name, from);
    }

    private static void checkName(String name, List<String> names, String from) {
        if (!names.contains(name)) {
            throw new InputException(from + ": '" + name + "' is not an input of the model; its inputs are " + String.join(", ", names));
        }
    }

    private static String describe(List<String> names, List<Shape> shapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('\'').append(names.get(i)).append("' ").append(shapes.get(i));
        }
        return sb.toString();
    }
}
