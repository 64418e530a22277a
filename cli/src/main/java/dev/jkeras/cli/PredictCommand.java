package dev.jkeras.cli;

import dev.jkeras.graph.Model;
import dev.jkeras.load.TextModels;
import dev.jkeras.tensor.Tensor;
import dev.jkeras.text.TextModel;
import dev.jkeras.text.TextPreprocessor;
import dev.jkeras.error.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jkeras predict}: runs a model on arrays, CSV, images or text, a batch at a time, and writes its outputs as they come. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a model on .npy/.npz/.json/.csv inputs, images, or text (a KerasHub model saved with its preprocessor), "
                + "a batch at a time, and write its outputs.",
        footer = {"", "Examples:",
                "  jkeras predict model.keras -i x.npy -o y.npy",
                "  jkeras predict model.keras -i a=a.npy -i b=b.npy -o outputs.npz",
                "  jkeras predict model.json --weights model.weights.h5 -i inputs.npz -o -",
                "  jkeras predict model.keras -i rows.csv -o probs.csv",
                "  jkeras predict classifier.keras -i photos/ --resize -o probs.csv",
                "  jkeras predict model.keras -i x.npy --output-layer conv1 --output-layer dense -o acts.npz",
                "  cat x.npy | jkeras predict model.keras -i - -o - --format csv",
                "  jkeras predict text_model.keras -i texts.json -o probs.npy",
                "  jkeras predict bert_classifier.keras --text \"Great movie!\" --text \"Terrible plot.\" -o -",
                "  jkeras predict gpt2_causal_lm.keras --text-file prompts.jsonl -o logits.npz",
                "", "Samples are run --batch-size at a time (default 32, as Keras's predict) and written as each batch finishes, so memory",
                "stays bounded by a few batches; .npy files and .npz members are read a batch at a time, JSON and CSV inputs whole.",
                "Results equal one call on all samples unless an output mixes samples (then pass --batch-size 0).",
                "Integer and bool inputs are converted to float32 as Keras does; integers beyond +/-2^24 are refused.",
                "String inputs (dtype \"string\") take unicode/byte-string arrays or JSON strings; string outputs are written as",
                "unicode arrays (.npy/.npz) or JSON strings.",
                "Images (PNG, JPEG, GIF, BMP; files or a directory, sorted by name) give the pixels keras.utils.load_img +",
                "img_to_array give: float 0..255, RGB (grayscale for a 1-channel model, RGBA for 4), channels last; --scale and",
                "--offset map them (x * scale + offset), and --resize resizes as load_img(target_size=..., interpolation=\"nearest\").",
                "CSV: one row per sample, reshaped to the input's per-sample shape; a header row is detected (or set --csv-header).",
                "CSV output: one row per sample, each output flattened, columns name[i] or name[i,j], all outputs side by side.",
                "Text goes through the KerasHub preprocessor saved with the model (a task .keras, or a save_to_preset directory),",
                "or the one --preprocessor names; a .jsonl line may be a list of strings, the segments of a text pair."})
final class PredictCommand implements Runnable {
    /** Keras's {@code model.predict} default. */
    static final int DEFAULT_BATCH = 32;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Option(names = {"-i", "--input"}, paramLabel = "[NAME=]FILE",
            description = "Input: x.npy (or x.json, a nested array; x.csv, one row per sample) for a single-input model; NAME=x.npy once "
                    + "per input; one .npz (or .json object) keyed by input name; image files or a directory of images; - for standard "
                    + "input (.npy, .npz, JSON or CSV).")
    List<String> inputs;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "A text to run the model on (repeatable, one example each); needs a saved KerasHub preprocessor.")
    List<String> texts;

    @Option(names = "--text-file", paramLabel = "FILE",
            description = "Texts, one example per line; a .jsonl file: a JSON string per line, a list of strings (the segments "
                    + "of a text pair), or an object with a \"text\" field.")
    Path textFile;

    @Option(names = "--preprocessor", paramLabel = "PATH",
            description = "Take the KerasHub preprocessor from this preset directory or .keras file, not from the model.")
    Path preprocessor;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "y.npy (single output), out.npz (keyed by output name), out.json, out.csv, or - for standard output (the default; "
                    + "JSON unless --format csv).")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of standard output: json (default) or csv.")
    String stdoutFormat;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N",
            description = "Samples per model call (default: ${DEFAULT-VALUE}, as Keras's predict); 0 runs all samples in one call.")
    int batchSize = DEFAULT_BATCH;

    @Option(names = "--output-layer", paramLabel = "NAME",
            description = "Return this layer's output instead of the model's (repeatable); the model is loaded without folding "
                    + "BatchNormalization and activations into the layers before them, so every layer's own output exists.")
    List<String> outputLayers;

    @Option(names = "--csv-header", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Whether CSV inputs start with a header row (default: detected: a first row that is not all numbers).")
    Boolean csvHeader;

    @Option(names = "--resize", arity = "0..1", fallbackValue = "model", paramLabel = "HEIGHTxWIDTH",
            description = "Resize images (nearest neighbour, as keras.utils.load_img) to the model's input size, or to HEIGHTxWIDTH "
                    + "for a model that takes any size. Without it an image of another size is refused.")
    String resize;

    @Option(names = "--scale", paramLabel = "S", description = "Multiply image pixels (0..255) by S, e.g. 1/255 or 0.00392 (default 1: "
            + "raw pixels, which a model beginning with a Rescaling layer expects).")
    String scale;

    @Option(names = "--offset", paramLabel = "O", description = "Add O to image pixels after --scale, e.g. -1 (default 0).")
    String offset;

    @Option(names = "--no-progress", description = "No progress bar (it is shown on stderr only when that is a terminal).")
    boolean noProgress;

    @Mixin
    VerboseOption verbose;

    /** Standard input, for -i - (tests may replace it). */
    InputStream stdin = System.in;

    @Override
    public void run() {
        Outputs.Format format = outputFormat();
        if (batchSize < 0) throw new UsageException("--batch-size must be 0 (all samples in one call) or positive, found " + batchSize);
        PrintWriter err = spec.commandLine().getErr();
        List<List<String>> examples = examples();
        ImageInputs.Options imageOptions = imageOptions();

        long t0 = System.nanoTime();
        Model model = outputLayers == null ? modelArgs.load() : modelArgs.loadUnfolded();
        TextModel textModel = examples == null ? null : new TextModel(model, textPreprocessor());
        if (outputLayers != null) model = model.withOutputs(outputLayers);
        long t1 = System.nanoTime();
        if (format == Outputs.Format.NPY && model.outputNames().size() != 1) {
            throw new UsageException("the model has " + model.outputNames().size() + " outputs (" + String.join(", ", model.outputNames())
                    + "); a .npy holds one array: use -o out.npz to get all of them keyed by output name");
        }
        Batches in = examples != null ? textBatches(textModel, model, examples)
                : Inputs.open(inputs, model, new Inputs.Options(modelArgs.limits(), csvHeader, imageOptions, stdin));
        long t2 = System.nanoTime();
        Model m = model;
        Function<Map<String, Tensor>, Map<String, Tensor>> predict = examples != null && outputLayers == null
                ? textModel::predictPreprocessed : m::predict;
        Path file = output == null || output.equals("-") ? null : Path.of(output);
        int size = batchSize == 0 ? Math.max(1, in.samples()) : batchSize;
        Timings t = new Timings();
        try (in) {
            run(in, predict, format, file, model, size, t);
        }
        if (verbose.verbose) {
            int batches = Math.max(1, (in.samples() + size - 1) / size);
            err.printf(Locale.ROOT, "jkeras: loaded %s (Keras %s) in %.1f ms; opened inputs in %.1f ms; %d samples in %d batch%s of up to %d: "
                            + "read %.1f ms, predicted %.1f ms, wrote %.1f ms (%.1f samples/s)%n",
                    modelArgs.model, model.writer().kerasVersion(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, in.samples(), batches,
                    batches == 1 ? "" : "es", size, t.read / 1e6, t.predict / 1e6, t.write / 1e6,
                    in.samples() / Math.max(1e-9, (t.read + t.predict + t.write) / 1e9));
            for (String note : in.notes()) err.println("jkeras: " + note + rescalingNote(model));
            err.flush();
        }
    }

    /** Whether the model's first layer already rescales the raw pixels, for --verbose. */
    private String rescalingNote(Model model) {
        for (Model.LayerInfo li : model.layers()) {
            if (li.layer().className().equals("InputLayer")) continue;
            if (!li.layer().className().equals("Rescaling")) return "";
            return "; the model begins with a Rescaling layer (" + li.layer().name() + "), which takes raw 0..255 pixels"
                    + (scale != null || offset != null ? " (but --scale/--offset were given)" : "");
        }
        return "";
    }

    /** Time spent reading inputs, predicting and writing outputs, in nanoseconds. */
    private static final class Timings {
        long read, predict, write;
    }

    private void run(Batches in, Function<Map<String, Tensor>, Map<String, Tensor>> predict, Outputs.Format format, Path file, Model model,
                     int size, Timings t) {
        PrintWriter err = spec.commandLine().getErr();
        Outputs out = null;
        Progress progress = Progress.start(err, in.samples(), !noProgress);
        boolean ok = false;
        try {
            out = Outputs.open(format, file, spec.commandLine().getOut(), model.outputNames(), model.outputDTypes(), in.samples(),
                    in.samples() <= size);
            do {
                int from = in.done();
                long a = System.nanoTime();
                Map<String, Tensor> x = in.next(size);
                long b = System.nanoTime();
                Map<String, Tensor> y;
                try {
                    y = predict.apply(x);
                } catch (InputException e) {
                    throw in.samples() <= size ? e : new InputException(in.describe(from, in.done()) + ": " + e.getMessage(), e);
                }
                long c = System.nanoTime();
                out.write(y, in.done() - from);
                long d = System.nanoTime();
                t.read += b - a;
                t.predict += c - b;
                t.write += d - c;
                progress.update(in.done());
            } while (in.done() < in.samples());
            out.finish();
            ok = true;
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot write " + file + ": its directory does not exist");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageException("cannot write " + (file == null ? "standard output" : file) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            progress.finish();
            if (out != null && !ok) out.abort();
            if (out != null) Outputs.closeQuietly(out);
        }
    }

    /** The preprocessed texts, in memory, handed out in batches. */
    private static Batches textBatches(TextModel textModel, Model model, List<List<String>> examples) {
        Map<String, Tensor> in = textModel.preprocessor().applySegments(examples);
        List<Batches.Source> sources = new ArrayList<>();
        for (String n : model.inputNames()) {
            Tensor t = in.get(n);
            if (t == null) throw new InputException("the preprocessor gives no value for model input '" + n + "' (it gives " + in.keySet() + ")");
            sources.add(Batches.of(t, "the preprocessed texts"));
        }
        return Batches.of(model, sources, List.of());
    }

    /** The examples of --text / --text-file, or null when the inputs are arrays (-i). */
    private List<List<String>> examples() {
        boolean text = texts != null || textFile != null;
        if (texts != null && textFile != null) throw new UsageException("give the texts with --text or with --text-file, not both");
        if (text && inputs != null) throw new UsageException("give either arrays (-i) or texts (--text, --text-file), not both");
        if (!text && preprocessor != null) throw new UsageException("--preprocessor applies to texts: add --text or --text-file");
        if (!text) return null;
        return texts != null ? TextInputs.ofTexts(texts) : TextInputs.ofFile(textFile);
    }

    private TextPreprocessor textPreprocessor() {
        Path from = preprocessor != null ? preprocessor : modelArgs.model;
        if (preprocessor != null && !Files.exists(preprocessor)) throw new UsageException("preprocessor not found: " + preprocessor);
        return TextModels.findPreprocessor(from).orElseThrow(() -> new UsageException(from + " holds no KerasHub preprocessor, so it "
                + "cannot take text: save the task with its preprocessor, pass --preprocessor PRESET_DIR, or give arrays with -i"));
    }

    /** Checked before loading the model, so a typo fails fast. */
    private Outputs.Format outputFormat() {
        if (output == null || output.equals("-")) {
            if (stdoutFormat == null || stdoutFormat.equalsIgnoreCase("json")) return Outputs.Format.JSON;
            if (stdoutFormat.equalsIgnoreCase("csv")) return Outputs.Format.CSV;
            throw new UsageException("--format " + stdoutFormat + ": use json or csv");
        }
        if (stdoutFormat != null) throw new UsageException("--format applies to standard output (-o -); a file's extension gives its format");
        String lower = output.toLowerCase(Locale.ROOT);
        for (Outputs.Format f : Outputs.Format.values()) {
            if (lower.endsWith("." + f.name().toLowerCase(Locale.ROOT))) return f;
        }
        throw new UsageException("-o " + output + ": unknown output format; use a .npy, .npz, .json or .csv file, or - for standard output");
    }

    private ImageInputs.Options imageOptions() {
        int[] size = null;
        if (resize != null && !resize.equals("model")) {
            java.util.regex.Matcher mm = java.util.regex.Pattern.compile("(\\d{1,5})[xX](\\d{1,5})").matcher(resize);
            if (!mm.matches() || Integer.parseInt(mm.group(1)) == 0 || Integer.parseInt(mm.group(2)) == 0) {
                throw new UsageException("--resize " + resize + ": give HEIGHTxWIDTH, e.g. 224x224, or --resize alone for the model's size");
            }
            size = new int[] {Integer.parseInt(mm.group(1)), Integer.parseInt(mm.group(2))};
        }
        return new ImageInputs.Options(size, "model".equals(resize), number("--scale", scale, 1f), number("--offset", offset, 0f));
    }

    /** A float option, also as a fraction a/b (computed in double, then rounded to float32). */
    private static float number(String option, String text, float dflt) {
        if (text == null) return dflt;
        try {
            int slash = text.indexOf('/');
            double v = slash < 0 ? Double.parseDouble(text) : Double.parseDouble(text.substring(0, slash)) / Double.parseDouble(text.substring(slash + 1));
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return (float) v;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " " + text + ": give a number or a fraction such as 1/255");
        }
    }
}
