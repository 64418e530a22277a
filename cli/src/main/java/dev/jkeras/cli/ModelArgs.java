package dev.jkeras.cli;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.WeightsException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.load.ModelReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The model file and optional weights file shared by {@code predict}, {@code summary} and {@code inspect} (a picocli
 * mixin; public for commands added from other jars, such as {@code serve}).
 */
public final class ModelArgs {
    /** For picocli. */
    public ModelArgs() {}

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "A .keras archive, a legacy .h5 model, or a JSON config (then pass --weights).")
    Path model;

    @Option(names = "--weights", paramLabel = "WEIGHTS",
            description = "Weights file (.h5 or .weights.h5) for a JSON config, or to override the model's own weights.")
    Path weights;

    @Option(names = "--max-member-bytes", paramLabel = "N", description = "Most bytes read from one archive member (default: ${DEFAULT-VALUE}).")
    long maxMemberBytes = LoadLimits.DEFAULTS.maxMemberBytes();

    @Option(names = "--max-total-bytes", paramLabel = "N", description = "Most bytes unpacked from one archive (default: ${DEFAULT-VALUE}).")
    long maxTotalBytes = LoadLimits.DEFAULTS.maxTotalBytes();

    @Option(names = "--max-expansion", paramLabel = "N",
            description = "How many times its stored size compressed data may unpack to, beyond 64 MiB (default: ${DEFAULT-VALUE}).")
    long maxExpansion = LoadLimits.DEFAULTS.maxExpansion();

    @Option(names = "--max-config-bytes", paramLabel = "N", description = "Most bytes of one JSON config (default: ${DEFAULT-VALUE}).")
    long maxConfigBytes = LoadLimits.DEFAULTS.maxConfigBytes();

    @Option(names = "--max-json-depth", paramLabel = "N", description = "Deepest JSON nesting (default: ${DEFAULT-VALUE}).")
    int maxJsonDepth = LoadLimits.DEFAULTS.maxJsonDepth();

    @Option(names = "--max-tensor-elements", paramLabel = "N", description = "Most elements of one weight, input array or intermediate tensor; a larger batch is refused before running "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxTensorElements = LoadLimits.DEFAULTS.maxTensorElements();

    /** The MODEL argument. */
    public Path model() {
        return model;
    }

    /** The --weights option, or null. */
    public Path weights() {
        return weights;
    }

    /** The limits the options give; a bad value is a usage error. */
    public LoadLimits limits() {
        try {
            return new LoadLimits(maxMemberBytes, maxTotalBytes, maxExpansion, maxConfigBytes, maxJsonDepth, maxTensorElements);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Loads the model; missing files are usage errors, unreadable ones model errors. */
    Model load() {
        return load(model, weights);
    }

    /** Loads {@code model} (with {@code weights}, or null) under these limits, as {@link #load()} does. */
    public Model load(Path model, Path weights) {
        requireFiles(model, weights);
        try {
            LoadLimits limits = limits();
            return weights == null ? KerasModels.load(model, limits) : KerasModels.load(model, weights, limits);
        } catch (WeightsException e) {
            if (weights != null || !model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) throw e;
            throw new WeightsException(e.getMessage() + " (a JSON config holds no weights: pass --weights FILE)");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // an I/O failure, whether or not the loader declares it
            throw new ModelFormatException("cannot read " + model + ": " + e.getMessage(), e);
        }
    }

    /** Inspects the model ({@link KerasModels#inspect}); missing files are usage errors, unreadable ones model errors. */
    ModelReport inspect() {
        requireFiles(model, weights);
        try {
            LoadLimits limits = limits();
            return weights == null ? KerasModels.inspect(model, limits) : KerasModels.inspect(model, weights, limits);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // an I/O failure, whether or not the loader declares it
            throw new ModelFormatException("cannot read " + model + ": " + e.getMessage(), e);
        }
    }

    private static void requireFiles(Path model, Path weights) {
        if (!(Files.isDirectory(model) && Files.isRegularFile(model.resolve("config.json")))) {
            requireFile(model, "model"); // an unzipped .keras directory (config.json inside) is a model too
        }
        if (weights != null) requireFile(weights, "weights");
    }

    /**
     * {@link #load()} with folding off ({@code jkeras.fold=false}, read at each load, restored after), so every layer's
     * own output exists for {@code Model.withOutputs}.
     */
    Model loadUnfolded() {
        String before = System.getProperty("jkeras.fold");
        System.setProperty("jkeras.fold", "false");
        try {
            return load();
        } finally {
            if (before == null) System.clearProperty("jkeras.fold");
            else System.setProperty("jkeras.fold", before);
        }
    }

    private static void requireFile(Path p, String what) {
        if (Files.isDirectory(p)) {
            throw new UnsupportedFeatureException(p + " is a directory, not a " + what
                    + " file (only an unzipped .keras directory, holding config.json, is read as a model; TensorFlow "
                    + "SavedModel directories are not supported: save the model as .keras or .h5)");
        }
        if (!Files.exists(p)) throw new UsageException(what + " file not found: " + p);
    }
}
