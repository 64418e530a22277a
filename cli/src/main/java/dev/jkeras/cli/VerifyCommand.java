package dev.jkeras.cli;

import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jkeras verify}: runs a model and compares its outputs (and, optionally, every layer's) with Keras's. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a model on inputs and compare its outputs with the ones Keras gave, element by element.",
                "An element matches when |got - want| <= ATOL + RTOL * |want| (the project's own criterion, "
                        + "by default ATOL = 1e-5, RTOL = 1e-4); NaN matches NaN, an infinity the same infinity, strings match exactly."},
        footer = {"", "Examples:",
                "  jkeras verify model.keras -i inputs.npz --expected outputs.npz",
                "  jkeras verify model.h5 -i x.npy --expected y.npy --atol 1e-4 --json",
                "  jkeras verify model.keras -i x.npy --activations acts.npz",
                "",
                "Per output: shape, max abs and rel error, the worst element (index, got,",
                "want) and how many elements are out of tolerance. --activations takes",
                "every layer's output keyed by layer name (the README's three-line Keras",
                "snippet writes it): the layers are compared in the model's order, with",
                "folding off, naming the first one out of tolerance and the last match.",
                "",
                "Exit codes: 0 everything within tolerance, 4 outputs (or layers) differ,",
                "2 input error (bad files, missing outputs, shapes that differ), 3 model",
                "error."})
final class VerifyCommand implements Callable<Integer> {
    /** Exit code: something is out of tolerance. */
    static final int DIFFER = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Option(names = {"-i", "--input"}, paramLabel = "[NAME=]FILE",
            description = "Input arrays, as for predict: x.npy (or .json) for a single input, NAME=x.npy per input, or one .npz keyed by input name.")
    List<String> inputs;

    @Option(names = {"-e", "--expected"}, paramLabel = "FILE",
            description = "Keras's outputs: an .npz keyed by output name (or arr_0, arr_1, ... in output order), a .npy for a "
                    + "single-output model, or the JSON predict writes.")
    Path expected;

    @Option(names = "--activations", paramLabel = "FILE",
            description = "Keras's per-layer outputs: an .npz keyed by top-level layer name (see the README's snippet).")
    Path activations;

    @Option(names = "--atol", paramLabel = "ATOL", description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
    double atol = Diff.ATOL;

    @Option(names = "--rtol", paramLabel = "RTOL", description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol = Diff.RTOL;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    /** One compared array: an output or a layer. */
    record Row(String name, String className, Diff diff) {}

    /** Runs the command and returns its exit code. */
    @Override
    public Integer call() {
        if (expected == null && activations == null) {
            throw new UsageException("nothing to compare with: pass --expected OUTPUTS (Keras's outputs) and/or --activations ACTS.npz");
        }
        if (!(atol >= 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
            throw new UsageException("--atol and --rtol must be finite and >= 0, found " + atol + " and " + rtol);
        }
        for (Path p : new Path[] {expected, activations}) {
            if (p != null && !Files.isRegularFile(p)) throw new UsageException("file not found: " + p);
        }
        LoadLimits limits = modelArgs.limits();
        PrintWriter err = spec.commandLine().getErr();
        Timer timer = new Timer();

        List<Row> outputs = new ArrayList<>();
        Layers layers = null;
        if (expected != null) {
            Model model = modelArgs.load();
            timer.lap("loaded");
            Map<String, Tensor> in = Inputs.read(inputs, model, limits);
            Map<String, Tensor> want = readExpected(expected, model.outputNames(), "output", limits);
            timer.lap("read inputs and expected outputs");
            Map<String, Tensor> got = model.predict(in);
            timer.lap("predicted");
            for (Map.Entry<String, Tensor> e : want.entrySet()) {
                String name = e.getKey();
                outputs.add(new Row(name, null, compare(got.get(name), e.getValue(), "output '" + name + "'", expected)));
            }
            timer.lap("compared");
        }
        if (activations != null) {
            layers = LayerCheck.run(this, modelArgs, inputs, activations, limits, timer);
        }
        if (verbose.verbose) {
            err.println("jkeras: " + timer);
            err.flush();
        }

        boolean pass = outputs.stream().allMatch(r -> r.diff.pass()) && (layers == null || layers.firstDivergent() < 0);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(json(outputs, layers, pass));
        } else {
            text(out, outputs, layers, pass);
        }
        out.flush();
        return pass ? Main.OK : DIFFER;
    }

    /** Compares one array, after checking that both are of the same shape and kind (else an input error). */
    Diff compare(Tensor got, Tensor want, String what, Path file) {
        if (!got.shape().equals(want.shape())) {
            throw new InputException(file + ": " + what + " has shape " + want.shape() + " there, but the model gives " + got.shape());
        }
        if (got.isString() != want.isString()) {
            throw new InputException(file + ": " + what + " is " + (want.isString() ? "a string" : "a numeric") + " array there, but the model gives "
                    + (got.isString() ? "strings" : "numbers"));
        }
        return Diff.of(got, want, atol, rtol);
    }

    /**
     * The arrays of {@code file} keyed by {@code names} (output or layer names): an .npz keyed by name (or, for
     * outputs, {@code arr_0, arr_1, ...} in order), a .npy or a single-array JSON for a single name, or a JSON object.
     * Every name must have an array, and every array a name.
     */
    static Map<String, Tensor> readExpected(Path file, List<String> names, String what, LoadLimits limits) {
        Map<String, Tensor> arrays;
        Tensor single = null;
        if (NpyIO.isZip(file)) {
            arrays = NpyIO.readNpz(file, limits);
        } else if (isJson(file)) {
            NpyIO.JsonArrays j = NpyIO.readJson(file);
            arrays = j.named();
            single = j.array();
        } else {
            arrays = null;
            single = NpyIO.readNpy(file, limits);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (single != null) {
            if (names.size() != 1) {
                throw new InputException(file + " holds one array, but the model has " + names.size() + " " + what + "s ("
                        + String.join(", ", names) + "): give an .npz keyed by " + what + " name");
            }
            out.put(names.get(0), single);
            return out;
        }
        if (arrays.isEmpty()) throw new InputException(file + " holds no arrays");
        List<String> keys = new ArrayList<>(arrays.keySet());
        if (names.size() == 1 && keys.size() == 1) {
            out.put(names.get(0), arrays.get(keys.get(0)));
            return out;
        }
        boolean positional = true;
        for (int i = 0; i < keys.size(); i++) positional &= keys.contains("arr_" + i);
        if (positional && !names.containsAll(keys)) {
            if (keys.size() != names.size()) {
                throw new InputException(file + " holds " + keys.size() + " unnamed arrays, but the model has " + names.size() + " " + what + "s ("
                        + String.join(", ", names) + ")");
            }
            for (int i = 0; i < names.size(); i++) out.put(names.get(i), arrays.get("arr_" + i));
            return out;
        }
        for (String k : keys) {
            if (!names.contains(k)) {
                throw new InputException(file + ": '" + k + "' is not an " + what + " of the model; its " + what + "s are " + String.join(", ", names));
            }
        }
        for (String n : names) {
            Tensor t = arrays.get(n);
            if (t == null) throw new InputException(file + " has no array for " + what + " '" + n + "' (it holds " + String.join(", ", keys) + ")");
            out.put(n, t);
        }
        return out;
    }

    static boolean isJson(Path p) {
        if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) return true;
        try (java.io.InputStream in = Files.newInputStream(p)) {
            int c;
            do c = in.read(); while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
            return c == '{' || c == '[';
        } catch (java.io.IOException e) {
            throw new InputException("cannot read " + p + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ reports

    private void text(PrintWriter out, List<Row> outputs, Layers layers, boolean pass) {
        out.printf(Locale.ROOT, "tolerance: |got - want| <= %s + %s * |want| (NaN matches NaN)%n", num(atol), num(rtol));
        for (Row r : outputs) out.println("output " + describe(r));
        if (layers != null) {
            out.println(layers.rows().size() + " layer" + (layers.rows().size() == 1 ? "" : "s") + " compared in execution order (folding off):");
            for (int i = 0; i < layers.rows().size(); i++) {
                Row r = layers.rows().get(i);
                if (i == layers.firstDivergent()) {
                    out.println("  layer " + describe(r) + "  <- first divergence");
                    break;
                }
                Diff d = r.diff;
                out.println("  layer '" + r.name + "' (" + r.className + ") " + d.shape() + ": ok"
                        + (d.got() instanceof String || d.worst() == null ? "" : ", max abs " + num(d.maxAbs()) + ", max rel " + num(d.maxRel())));
            }
            if (layers.firstDivergent() >= 0) {
                Row first = layers.rows().get(layers.firstDivergent());
                Row last = layers.firstDivergent() > 0 ? layers.rows().get(layers.firstDivergent() - 1) : null;
                out.println("first layer out of tolerance: '" + first.name + "' (" + first.className + ")"
                        + (last == null ? ", the first layer compared" : "; last layer that matched: '" + last.name + "' (" + last.className + ")"));
            }
            int after = layers.firstDivergent() < 0 ? 0 : layers.rows().size() - layers.firstDivergent() - 1;
            if (after > 0) out.println("(" + plural(after, "later layer") + " not shown: see --json)");
        }
        long failedOutputs = outputs.stream().filter(r -> !r.diff.pass()).count();
        StringBuilder s = new StringBuilder(pass ? "PASS: " : "FAIL: ");
        List<String> parts = new ArrayList<>();
        if (!outputs.isEmpty()) {
            parts.add(failedOutputs == 0 ? plural(outputs.size(), "output") + " within tolerance"
                    : failedOutputs + " of " + plural(outputs.size(), "output") + " out of tolerance");
        }
        if (layers != null) {
            parts.add(layers.firstDivergent() < 0 ? plural(layers.rows().size(), "layer") + " within tolerance"
                    : "layers diverge at '" + layers.rows().get(layers.firstDivergent()).name + "'");
        }
        out.println(s.append(String.join("; ", parts)));
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String describe(Row r) {
        Diff d = r.diff;
        StringBuilder sb = new StringBuilder("'").append(r.name).append('\'');
        if (r.className != null) sb.append(" (").append(r.className).append(')');
        sb.append(' ').append(d.shape()).append(": ").append(d.pass() ? "ok" : "DIFFERS");
        if (d.worst() == null) return sb.append(", empty").toString();
        boolean strings = d.got() instanceof String;
        if (!strings) sb.append(", max abs ").append(num(d.maxAbs())).append(", max rel ").append(num(d.maxRel()));
        sb.append(strings && d.pass() ? ", e.g. " : ", worst ").append(java.util.Arrays.toString(d.worst()))
                .append(": got ").append(value(d.got())).append(", want ").append(value(d.want()));
        if (!strings && Double.isFinite(d.ratio())) sb.append(" (").append(num(d.ratio())).append(" of tolerance)");
        sb.append(", ").append(d.outOfTolerance()).append(" of ").append(d.elements()).append(" out of tolerance");
        return sb.toString();
    }

    private static String value(Object v) {
        return v instanceof String s ? NpyIO.jsonString(s) : String.valueOf(v);
    }

    /** A tolerance or error: short, in scientific notation, exact zero as 0. */
    static String num(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return Double.toString(v);
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    private String json(List<Row> outputs, Layers layers, boolean pass) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"pass\": ").append(pass).append(",\n");
        sb.append("  \"atol\": ").append(atol).append(", \"rtol\": ").append(rtol).append(",\n");
        sb.append("  \"outputs\": [");
        for (int i = 0; i < outputs.size(); i++) sb.append(i == 0 ? "\n    " : ",\n    ").append(jsonRow(outputs.get(i)));
        sb.append(outputs.isEmpty() ? "]" : "\n  ]");
        if (layers != null) {
            sb.append(",\n  \"layers\": {\n    \"compared\": ").append(layers.rows().size());
            int f = layers.firstDivergent();
            sb.append(",\n    \"first_divergent\": ").append(f < 0 ? "null" : NpyIO.jsonString(layers.rows().get(f).name));
            sb.append(",\n    \"last_matching\": ").append(f <= 0 ? "null" : NpyIO.jsonString(layers.rows().get(f - 1).name));
            sb.append(",\n    \"results\": [");
            for (int i = 0; i < layers.rows().size(); i++) sb.append(i == 0 ? "\n      " : ",\n      ").append(jsonRow(layers.rows().get(i)));
            sb.append(layers.rows().isEmpty() ? "]" : "\n    ]").append("\n  }");
        }
        return sb.append("\n}\n").toString();
    }

    private static String jsonRow(Row r) {
        Diff d = r.diff;
        StringBuilder sb = new StringBuilder("{\"name\": ").append(NpyIO.jsonString(r.name));
        if (r.className != null) sb.append(", \"class\": ").append(NpyIO.jsonString(r.className));
        sb.append(", \"shape\": ").append(java.util.Arrays.toString(d.shape().dims()));
        sb.append(", \"pass\": ").append(d.pass());
        sb.append(", \"elements\": ").append(d.elements()).append(", \"out_of_tolerance\": ").append(d.outOfTolerance());
        sb.append(", \"max_abs\": ").append(jsonNum(d.maxAbs())).append(", \"max_rel\": ").append(jsonNum(d.maxRel()));
        if (d.worst() == null) {
            sb.append(", \"worst\": null");
        } else {
            sb.append(", \"worst\": {\"index\": ").append(java.util.Arrays.toString(d.worst()))
                    .append(", \"got\": ").append(jsonValue(d.got())).append(", \"want\": ").append(jsonValue(d.want()))
                    .append(", \"tolerance_ratio\": ").append(jsonNum(d.ratio())).append('}');
        }
        return sb.append('}').toString();
    }

    /** Non-finite numbers, which JSON cannot write, as null (as predict writes them). */
    private static String jsonNum(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String jsonValue(Object v) {
        if (v instanceof String s) return NpyIO.jsonString(s);
        float f = (Float) v;
        return Float.isFinite(f) ? Float.toString(f) : "null";
    }

    /** Wall-clock laps for --verbose. */
    static final class Timer {
        private long last = System.nanoTime();
        private final List<String> laps = new ArrayList<>();

        void lap(String what) {
            long now = System.nanoTime();
            laps.add(String.format(Locale.ROOT, "%s in %.1f ms", what, (now - last) / 1e6));
            last = now;
        }

        @Override
        public String toString() {
            return String.join(", ", laps);
        }
    }

    /** The per-layer comparison: rows in execution order, the index of the first out of tolerance (-1: none). */
    record Layers(List<Row> rows, int firstDivergent) {}
}
