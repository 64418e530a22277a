// Entry point of the importer: detects the file format by its first bytes, parses the config in the
// dialect of the Keras that wrote it, attaches the matching weight layout, and builds the Model.
package dev.jkeras.load;

import dev.jkeras.error.KerasException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.load.config.ConfigParser;
import dev.jkeras.load.config.Json;
import dev.jkeras.load.config.ParsedLayer;
import dev.jkeras.load.weights.Hdf5;
import dev.jkeras.load.weights.Keras3Weights;
import dev.jkeras.load.weights.LegacyWeights;
import dev.jkeras.load.weights.WeightScope;
import io.jhdf.api.Group;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;

/**
 * Loads models saved by Keras (1.x, 2.x, tf.keras and 3.x) into runnable {@link Model}s.
 *
 * <ul>
 *   <li>{@code .keras} archives (zip, or the unzipped directory holding {@code config.json});</li>
 *   <li>legacy full-model HDF5 files ({@code model.save("m.h5")});</li>
 *   <li>a KerasHub preset directory ({@code save_to_preset}): the task if it has a {@code task.json}, else
 *       the backbone (see {@link dev.jkeras.load.hub.KerasHubModels} for the supported classes);</li>
 *   <li>a JSON config ({@code model.to_json()}) with a weights file: legacy weights-only HDF5
 *       ({@code save_weights("w.h5")}) or Keras 3 {@code .weights.h5}.</li>
 * </ul>
 *
 * The format is detected from the file's first bytes, not its name. Every failure is a
 * {@link KerasException} subclass whose message names the file, the layer and what was expected.
 * Loading reads all weights; the returned model holds no open files.
 */
public final class KerasModels {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private enum Kind { ZIP, DIRECTORY, HDF5, JSON }

    private KerasModels() {}

    /**
     * Loads a complete model: a {@code .keras} archive or directory, a legacy {@code .h5} saved with
     * {@code model.save}, or a JSON config of a model that has no weights.
     */
    public static Model load(Path path) {
        return load(path, LoadLimits.DEFAULTS);
    }

    /** {@link #load(Path)} under the given resource limits. */
    public static Model load(Path path, LoadLimits limits) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        try (Closer closer = new Closer()) {
            return loadModel(path, display(path), closer, limits);
        } catch (UncheckedIOException e) {
            throw new ModelFormatException(display(path) + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Loads a model from a config and a separate weights file.
     *
     * @param config  a JSON config ({@code model.to_json()}), or a {@code .keras}/{@code .h5} model whose
     *                config is used (its own weights are ignored)
     * @param weights legacy weights-only HDF5, a Keras 3 {@code .weights.h5}, a legacy full-model
     *                {@code .h5}, or a {@code .keras} archive
     */
    public static Model load(Path config, Path weights) {
        return load(config, weights, LoadLimits.DEFAULTS);
    }

    /** {@link #load(Path, Path)} under the given resource limits. */
    public static Model load(Path config, Path weights, LoadLimits limits) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(limits, "limits");
        try (Closer closer = new Closer()) {
            return loadPair(config, weights, closer, limits);
        } catch (UncheckedIOException e) {
            throw new ModelFormatException(display(config) + " + " + display(weights) + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Checks a model without running it: how it is stored, which Keras wrote it, its inputs and outputs,
     * and every layer with whether jkeras supports it and why not (all problems, not the first). Works on a
     * config alone (a JSON config, or a {@code .keras}/{@code .h5} whose weights are absent or unreadable:
     * the report says so and the structure is checked with the parameters counted from the config).
     * Files that cannot be read as a Keras model at all still raise a {@link KerasException}.
     */
    public static ModelReport inspect(Path path) {
        return inspect(path, LoadLimits.DEFAULTS);
    }

    /** {@link #inspect(Path)} under the given resource limits. */
    public static ModelReport inspect(Path path, LoadLimits limits) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        long t0 = System.nanoTime();
        try (Closer closer = new Closer()) {
            return ModelInspector.inspect(open(path, display(path), closer, limits, true), limits, t0);
        } catch (UncheckedIOException e) {
            throw new ModelFormatException(display(path) + ": " + e.getCause().getMessage(), e);
        }
    }

    /** {@link #inspect(Path)} of a config and a separate weights file (see {@link #load(Path, Path)}). */
    public static ModelReport inspect(Path config, Path weights) {
        return inspect(config, weights, LoadLimits.DEFAULTS);
    }

    /** {@link #inspect(Path, Path)} under the given resource limits. */
    public static ModelReport inspect(Path config, Path weights, LoadLimits limits) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(limits, "limits");
        long t0 = System.nanoTime();
        try (Closer closer = new Closer()) {
            return ModelInspector.inspect(openPair(config, weights, closer, limits, true), limits, t0);
        } catch (UncheckedIOException e) {
            throw new ModelFormatException(display(config) + " + " + display(weights) + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Loads a {@code .keras} or {@code .h5} model from a stream (spooled to a temporary file, deleted afterwards). */
    public static Model load(InputStream in) {
        return load(in, LoadLimits.DEFAULTS);
    }

    /** {@link #load(InputStream)} under the given resource limits. */
    public static Model load(InputStream in, LoadLimits limits) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        try (Closer closer = new Closer()) {
            Path tmp = closer.tempFile("jkeras-model-", ".bin");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    total += n;
                    if (total > limits.maxTotalBytes()) {
                        throw new ModelFormatException("<stream>: the model stream holds more than " + limits.maxTotalBytes() + " bytes; "
                                + LoadLimits.hint("maxTotalBytes", limits.maxTotalBytes()));
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                throw new ModelFormatException("cannot read the model stream (" + e.getMessage() + ")", e);
            }
            return loadModel(tmp, "<stream>", closer, limits);
        } catch (UncheckedIOException e) {
            throw new ModelFormatException("<stream>: " + e.getCause().getMessage(), e);
        }
    }

    // ---- one file --------------------------------------------------------------------------------

    private static Model loadModel(Path path, String display, Closer closer, LoadLimits limits) {
        return build(open(path, display, closer, limits, false), limits);
    }

    /**
     * A model file, opened: its config envelope, its writer, its weights ({@link WeightScope#NONE} when it has
     * none), how it is stored, and the state of its weights. Only {@code tolerant} opens (inspection) report
     * weights that cannot be read in {@code weightsProblem} instead of throwing.
     */
    record Opened(Map<String, Object> env, WriterInfo writer, WeightScope scope, String format, ModelReport.Weights weights,
                  String weightsProblem) {}

    /** Opens weights, or in a tolerant open records why they cannot be (then {@code problem[0]} is set and NONE returned). */
    private static WeightScope weights(boolean tolerant, String[] problem, java.util.function.Supplier<WeightScope> open) {
        if (!tolerant) return open.get();
        try {
            return open.get();
        } catch (KerasException e) {
            problem[0] = e.getMessage();
            return WeightScope.NONE;
        } catch (UncheckedIOException e) {
            problem[0] = e.getCause().getMessage();
            return WeightScope.NONE;
        }
    }

    private static ModelReport.Weights state(boolean present, String[] problem) {
        return problem[0] != null ? ModelReport.Weights.UNREADABLE : present ? ModelReport.Weights.PRESENT : ModelReport.Weights.ABSENT;
    }

    static Opened open(Path path, String display, Closer closer, LoadLimits limits, boolean tolerant) {
        String[] problem = {null};
        return switch (detect(path, display)) {
            case ZIP, DIRECTORY -> {
                if (Files.isDirectory(path) && KerasHubPreset.isPreset(path)) {
                    KerasHubPreset p = KerasHubPreset.open(path, display, closer, limits);
                    yield new Opened(p.envelope, new WriterInfo(p.kerasVersion, null, display), p.scope, "KerasHub preset directory",
                            ModelReport.Weights.PRESENT, null);
                }
                KerasArchive a = KerasArchive.open(path, display, closer, limits, tolerant);
                Map<String, Object> env = Json.parseObject(a.configJson, KerasArchive.CONFIG + " in " + display, limits);
                WriterInfo writer = new WriterInfo(archiveVersion(a, env, display, limits), null, display);
                if (a.weightsError != null) problem[0] = a.weightsError.getMessage();
                WeightScope scope = a.weights == null ? WeightScope.NONE : weights(tolerant, problem,
                        () -> Keras3Weights.root(a.weights, Keras3Weights.detectLayout(a.weights, writer.kerasVersion()), a.assets));
                yield new Opened(env, writer, scope, Files.isDirectory(path) ? "unzipped .keras directory" : ".keras archive",
                        state(a.weights != null, problem), problem[0]);
            }
            case HDF5 -> {
                Hdf5 h5 = closer.add(Hdf5.open(path, display, limits));
                Group root = h5.root();
                String modelConfig = h5.stringAttr(root, "model_config");
                if (modelConfig == null) throw notAModel(h5, display);
                WriterInfo writer = hdf5Writer(h5, display, "1");
                Map<String, Object> env = Json.parseObject(modelConfig, "the model_config attribute of " + display, limits);
                Group weights = h5.group(root, "model_weights");
                WeightScope scope = weights == null ? WeightScope.NONE : weights(tolerant, problem, () -> LegacyWeights.root(h5, weights, writer));
                yield new Opened(env, writer, scope, "legacy HDF5 model (.h5)", state(weights != null, problem), problem[0]);
            }
            case JSON -> {
                Map<String, Object> env = Json.parseObject(KerasArchive.readTextFile(path, display, limits), display, limits);
                yield new Opened(env, new WriterInfo(jsonVersion(env, null), stringOrNull(env.get("backend")), display), WeightScope.NONE,
                        "JSON config", ModelReport.Weights.NOT_GIVEN, null);
            }
        };
    }

    // ---- config + weights ------------------------------------------------------------------------

    private static Model loadPair(Path configPath, Path weightsPath, Closer closer, LoadLimits limits) {
        return build(openPair(configPath, weightsPath, closer, limits, false), limits);
    }

    static Opened openPair(Path configPath, Path weightsPath, Closer closer, LoadLimits limits, boolean tolerant) {
        String cfgDisplay = display(configPath);
        String wDisplay = display(weightsPath);
        Map<String, Object> env;
        String version;
        String backend = null;
        String cfgFormat;
        switch (detect(configPath, cfgDisplay)) {
            case JSON -> {
                env = Json.parseObject(KerasArchive.readTextFile(configPath, cfgDisplay, limits), cfgDisplay, limits);
                version = stringOrNull(env.get("keras_version"));
                backend = stringOrNull(env.get("backend"));
                cfgFormat = "JSON config";
            }
            case ZIP, DIRECTORY -> {
                KerasArchive a = KerasArchive.open(configPath, cfgDisplay, closer, limits, true);
                env = Json.parseObject(a.configJson, KerasArchive.CONFIG + " in " + cfgDisplay, limits);
                version = archiveVersion(a, env, cfgDisplay, limits);
                cfgFormat = "the config of a .keras archive";
            }
            case HDF5 -> {
                try (Hdf5 h5 = Hdf5.open(configPath, cfgDisplay, limits)) {
                    String mc = h5.stringAttr(h5.root(), "model_config");
                    if (mc == null) throw notAModel(h5, cfgDisplay);
                    env = Json.parseObject(mc, "the model_config attribute of " + cfgDisplay, limits);
                    WriterInfo w = hdf5Writer(h5, cfgDisplay, null);
                    version = w.kerasVersion();
                    backend = w.backend();
                }
                cfgFormat = "the config of a legacy HDF5 model";
            }
            default -> throw new IllegalStateException();
        }

        String[] problem = {null};
        String[] weightsVersion = {null};
        String[] wFormat = {"weights"};
        String v0 = version;
        WeightScope scope = weights(tolerant, problem, () -> switch (detect(weightsPath, wDisplay)) {
            case HDF5 -> {
                Hdf5 h5 = closer.add(Hdf5.open(weightsPath, wDisplay, limits));
                Group root = h5.root();
                Group legacy = h5.stringListAttr(root, "layer_names") != null ? root : h5.group(root, "model_weights");
                if (legacy != null) {
                    WriterInfo w = hdf5Writer(h5, wDisplay, null);
                    weightsVersion[0] = w.kerasVersion();
                    wFormat[0] = "legacy HDF5 weights";
                    yield LegacyWeights.root(h5, legacy, new WriterInfo(weightsVersion[0] == null ? "1" : weightsVersion[0], w.backend(), wDisplay));
                } else if (h5.group(root, "layers") != null || h5.group(root, "vars") != null
                        || h5.group(root, "_layer_checkpoint_dependencies") != null) {
                    String v = v0 != null ? v0 : "3";
                    wFormat[0] = "Keras 3 .weights.h5";
                    yield Keras3Weights.root(h5, Keras3Weights.detectLayout(h5, v));
                } else {
                    throw new ModelFormatException(wDisplay + ": this HDF5 file is not a Keras weights file (no 'layer_names' attribute, "
                            + "no 'model_weights', 'layers' or 'vars' group)");
                }
            }
            case ZIP, DIRECTORY -> {
                KerasArchive a = KerasArchive.open(weightsPath, wDisplay, closer, limits);
                if (a.weights == null) throw new ModelFormatException(wDisplay + ": the archive holds no " + KerasArchive.WEIGHTS);
                wFormat[0] = "the weights of a .keras archive";
                yield Keras3Weights.root(a.weights, Keras3Weights.detectLayout(a.weights, v0), a.assets);
            }
            case JSON -> {
                Map<String, Object> w = Json.parseObject(KerasArchive.readTextFile(weightsPath, wDisplay, limits), wDisplay, limits);
                if (w.containsKey("weight_map")) {
                    throw new UnsupportedFeatureException(wDisplay + ": sharded Keras weights (.weights.json with shard files) are not supported yet; "
                            + "save the weights unsharded (model.save_weights(\"m.weights.h5\"))");
                }
                throw new ModelFormatException(wDisplay + ": a JSON file is not a weights file; pass the config first and the weights second");
            }
        });
        if (version == null) version = weightsVersion[0];
        WriterInfo writer = new WriterInfo(jsonVersion(env, version), backend, cfgDisplay);
        return new Opened(env, writer, scope, cfgFormat + " + " + wFormat[0], state(true, problem), problem[0]);
    }

    // ---- shared ----------------------------------------------------------------------------------

    /** Builds the model; its intermediate tensors are held to {@link LoadLimits#maxTensorElements} (see {@link Model#withMaxTensorElements}). */
    private static Model build(Opened o, LoadLimits limits) {
        ParsedLayer root = new ConfigParser(o.writer().source(), o.writer().major()).parseModel(o.env());
        LayerSpec spec = SpecAssembler.assemble(root, o.scope(), o.writer());
        return Model.build(spec).withMaxTensorElements(limits.maxTensorElements());
    }

    /** metadata.json's keras_version; without one, a Keras 3 envelope means 3, else tf.keras 2. */
    private static String archiveVersion(KerasArchive a, Map<String, Object> env, String display, LoadLimits limits) {
        if (a.metadataJson != null) {
            Object v = Json.parseObject(a.metadataJson, KerasArchive.METADATA + " in " + display, limits).get("keras_version");
            if (v instanceof String s && !s.isEmpty()) return s;
        }
        return jsonVersion(env, null);
    }

    /** The JSON's own keras_version, else {@code fallback}, else the major version guessed from the config's style. */
    private static String jsonVersion(Map<String, Object> env, String fallback) {
        String v = stringOrNull(env.get("keras_version"));
        if (v != null) return v;
        if (fallback != null) return fallback;
        return Integer.toString(ConfigParser.guessMajor(env));
    }

    /** keras_version/backend from the root or the model_weights group; {@code dflt} if unrecorded. */
    private static WriterInfo hdf5Writer(Hdf5 h5, String display, String dflt) {
        Group root = h5.root();
        Group mw = h5.group(root, "model_weights");
        String version = h5.stringAttr(root, "keras_version");
        if (version == null && mw != null) version = h5.stringAttr(mw, "keras_version");
        String backend = h5.stringAttr(root, "backend");
        if (backend == null && mw != null) backend = h5.stringAttr(mw, "backend");
        return new WriterInfo(version != null ? version : dflt, backend, display);
    }

    private static KerasException notAModel(Hdf5 h5, String display) {
        Group root = h5.root();
        if (h5.stringListAttr(root, "layer_names") != null || h5.group(root, "layers") != null || h5.group(root, "vars") != null) {
            return new ModelFormatException(display + ": this file holds only weights (no model_config). Load it together with the model's "
                    + "config: KerasModels.load(configJson, weightsFile)");
        }
        return new ModelFormatException(display + ": this HDF5 file is not a Keras model (it has no 'model_config' attribute)");
    }

    private static Kind detect(Path path, String display) {
        if (Files.isDirectory(path)) return Kind.DIRECTORY;
        if (!Files.isRegularFile(path)) throw new ModelFormatException(display + ": no such file (" + path.toAbsolutePath() + ")");
        try (FileChannel fc = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = fc.size();
            byte[] head = readAt(fc, 0, 8);
            if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) return Kind.ZIP;
            for (long off = 0; off + 8 <= size; off = off == 0 ? 512 : off * 2) {
                if (java.util.Arrays.equals(off == 0 ? head : readAt(fc, off, 8), HDF5_SIGNATURE)) return Kind.HDF5;
            }
            byte[] text = readAt(fc, 0, (int) Math.min(size, 64));
            String s = new String(text, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
            if (s.startsWith("{")) return Kind.JSON;
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(8, head.length); i++) hex.append(String.format("%02x ", head[i]));
            throw new ModelFormatException(display + ": not a Keras file. Expected a .keras zip archive, an HDF5 .h5 file or a JSON config; "
                    + "the file starts with bytes " + hex.toString().trim() + (size == 0 ? " (it is empty)" : ""));
        } catch (IOException e) {
            throw new ModelFormatException(display + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readAt(FileChannel fc, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (fc.read(b, pos + b.position()) < 0) break;
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static String stringOrNull(Object v) {
        return v instanceof String s ? s : null;
    }

    private static String display(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }
}
