package dev.jkeras.cli;

import dev.jkeras.graph.Model;
import dev.jkeras.load.TextModels;
import dev.jkeras.tensor.Tensor;
import dev.jkeras.text.TextModel;
import dev.jkeras.text.TextPreprocessor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jkeras predict}: runs a model on arrays from .npy/.npz files, or on text, and writes its outputs. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a model on .npy/.npz/.json inputs, or on text (a KerasHub model saved with its preprocessor), and write its outputs.",
        footer = {"", "Examples:",
                "  jkeras predict model.keras -i x.npy -o y.npy",
                "  jkeras predict model.keras -i a=a.npy -i b=b.npy -o outputs.npz",
                "  jkeras predict model.json --weights model.weights.h5 -i inputs.npz -o -",
                "  jkeras predict text_model.keras -i texts.json -o probs.npy",
                "  jkeras predict bert_classifier.keras --text \"Great movie!\" --text \"Terrible plot.\" -o -",
                "  jkeras predict gpt2_causal_lm.keras --text-file prompts.jsonl -o logits.npz",
                "", "Integer and bool inputs are converted to float32 as Keras does; integers beyond +/-2^24 are refused.",
                "String inputs (dtype \"string\") take unicode/byte-string arrays or JSON strings; string outputs are written as",
                "unicode arrays (.npy/.npz) or JSON strings.",
                "Text goes through the KerasHub preprocessor saved with the model (a task .keras, or a save_to_preset directory),",
                "or the one --preprocessor names; a .jsonl line may be a list of strings, the segments of a text pair."})
final class PredictCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Option(names = {"-i", "--input"}, paramLabel = "[NAME=]FILE",
            description = "Input array: x.npy (or x.json, a nested array) for a single-input model; NAME=x.npy once per input; "
                    + "or one .npz (or .json object) keyed by input name.")
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
            description = "y.npy (single output), out.npz (keyed by output name), out.json, or - for JSON on stdout (the default).")
    String output;

    @Mixin
    VerboseOption verbose;

    @Override
    public void run() {
        String format = outputFormat(output);
        PrintWriter err = spec.commandLine().getErr();

        List<List<String>> examples = examples();
        long t0 = System.nanoTime();
        Model model = modelArgs.load();
        TextModel textModel = examples == null ? null : new TextModel(model, textPreprocessor());
        long t1 = System.nanoTime();
        Map<String, Tensor> in = examples != null ? textModel.preprocessor().applySegments(examples)
                : Inputs.read(inputs, model, modelArgs.limits());
        if (format.equals("npy") && model.outputNames().size() != 1) {
            throw new UsageException("the model has " + model.outputNames().size() + " outputs (" + String.join(", ", model.outputNames())
                    + "); a .npy holds one array: use -o out.npz to get all of them keyed by output name");
        }
        long t2 = System.nanoTime();
        Map<String, Tensor> out = examples != null ? textModel.predictPreprocessed(in) : model.predict(in);
        long t3 = System.nanoTime();
        if (verbose.verbose) {
            err.printf(Locale.ROOT, "jkeras: loaded %s (Keras %s) in %.1f ms, read inputs in %.1f ms, predicted in %.1f ms%n",
                    modelArgs.model, model.writer().kerasVersion(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
            err.flush();
        }

        Path file = format.equals("stdout") ? null : Path.of(output);
        try {
            switch (format) {
                case "stdout" -> {
                    PrintWriter o = spec.commandLine().getOut();
                    NpyIO.writeJson(o, out);
                    o.flush();
                }
                case "json" -> {
                    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                        NpyIO.writeJson(w, out);
                    }
                }
                case "npz" -> NpyIO.writeNpz(file, out, outputKinds(model), false);
                case "npy" -> NpyIO.writeNpy(file, out.values().iterator().next(), model.outputDTypes().get(0));
                default -> throw new IllegalStateException(format);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot write " + file + ": its directory does not exist");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
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
    private static String outputFormat(String output) {
        if (output == null || output.equals("-")) return "stdout";
        String lower = output.toLowerCase(Locale.ROOT);
        for (String ext : List.of("npy", "npz", "json")) {
            if (lower.endsWith("." + ext)) return ext;
        }
        throw new UsageException("-o " + output + ": unknown output format; use a .npy, .npz or .json file, or - for JSON on stdout");
    }

    /** Each output's dtype by output name, so integer and bool outputs are written as Keras returns them. */
    private static Map<String, dev.jkeras.tensor.DType> outputKinds(Model model) {
        Map<String, dev.jkeras.tensor.DType> kinds = new java.util.HashMap<>();
        for (int i = 0; i < model.outputNames().size(); i++) kinds.put(model.outputNames().get(i), model.outputDTypes().get(i));
        return kinds;
    }
}
