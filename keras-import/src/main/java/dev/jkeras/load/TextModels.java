// Entry point for text models: finds the KerasHub preprocessor saved with a model (the "preprocessor" of a
// task's config.json in a .keras archive, or preprocessor.json / task.json of a save_to_preset directory),
// reads its tokenizer's assets, and pairs it with the model.
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.load.text.KerasHubText;
import dev.jkeras.text.TextModel;
import dev.jkeras.text.TextPreprocessor;
import dev.jkeras.text.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads KerasHub text preprocessors and tokenizers (keras-hub 0.32.0) saved with a model, and models
 * that take text.
 *
 * <ul>
 *   <li>a {@code .keras} archive (or its unzipped directory) of a KerasHub task saved with
 *       {@code task.save(...)}: the preprocessor in its config.json, the vocabulary under
 *       {@code assets/preprocessor/tokenizer/};</li>
 *   <li>a directory written by {@code save_to_preset(...)} (of a task, a preprocessor or a tokenizer):
 *       {@code preprocessor.json} (else the preprocessor of {@code task.json}), {@code tokenizer.json},
 *       the vocabulary under {@code assets/tokenizer/}.</li>
 * </ul>
 */
public final class TextModels {
    private static final String PRESET_PREPROCESSOR = "preprocessor.json";
    private static final String PRESET_TASK = "task.json";
    private static final String PRESET_TOKENIZER = "tokenizer.json";
    private static final String ARCHIVE_TOKENIZER_ASSETS = "assets/preprocessor/tokenizer/";

    private TextModels() {}

    /** A model and the preprocessor saved with it ({@link KerasModels#load(Path)} plus {@link #loadPreprocessor(Path)}). */
    public static TextModel load(Path model) {
        return new TextModel(KerasModels.load(model), loadPreprocessor(model));
    }

    /** A model and a preprocessor saved elsewhere (e.g. a preset directory of the task or of the preprocessor alone). */
    public static TextModel load(Path model, Path preprocessor) {
        Model m = KerasModels.load(model);
        return new TextModel(m, loadPreprocessor(preprocessor));
    }

    /**
     * The preprocessor saved at {@code path}.
     *
     * @throws ModelFormatException if there is none (e.g. a plain Keras model, a backbone)
     */
    public static TextPreprocessor loadPreprocessor(Path path) {
        return findPreprocessor(path).orElseThrow(() -> new ModelFormatException(display(path) + ": holds no KerasHub preprocessor ("
                + (Files.isDirectory(path) ? "no " + PRESET_PREPROCESSOR + ", no " + PRESET_TASK + " with one, no config.json with one"
                : "its config.json has no \"preprocessor\"") + "); text input needs the task saved with its preprocessor"));
    }

    /** The preprocessor saved at {@code path}, if there is one. */
    public static Optional<TextPreprocessor> findPreprocessor(Path path) {
        Objects.requireNonNull(path, "path");
        String display = display(path);
        try {
            if (Files.isDirectory(path)) {
                Path pre = path.resolve(PRESET_PREPROCESSOR);
                if (Files.isRegularFile(pre)) return Optional.of(presetPreprocessor(path, readObject(pre, display + "/" + PRESET_PREPROCESSOR), display));
                Path task = path.resolve(PRESET_TASK);
                if (Files.isRegularFile(task)) {
                    Map<String, Object> p = preprocessorOf(readObject(task, display + "/" + PRESET_TASK));
                    return p == null ? Optional.empty() : Optional.of(presetPreprocessor(path, p, display));
                }
                if (!Files.isRegularFile(path.resolve(KerasArchive.CONFIG))) return Optional.empty();
            }
            try (Closer closer = new Closer()) {
                if (!Files.isDirectory(path) && !Files.isRegularFile(path)) throw new ModelFormatException(display + ": no such file (" + path.toAbsolutePath() + ")");
                KerasArchive a = KerasArchive.open(path, display, closer, LoadLimits.DEFAULTS);
                Map<String, Object> p = preprocessorOf(Json.parseObject(a.configJson, KerasArchive.CONFIG + " in " + display));
                if (p == null) return Optional.empty();
                Function<String, byte[]> assets = file -> a.assets.get(ARCHIVE_TOKENIZER_ASSETS + file);
                return Optional.of(KerasHubText.preprocessor(p, assets, display));
            }
        } catch (UncheckedIOException e) {
            throw new ModelFormatException(display + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * The tokenizer saved at {@code path}: {@code tokenizer.json} of a preset directory, or the tokenizer of the
     * preprocessor saved there or in a {@code .keras} archive.
     */
    public static Tokenizer loadTokenizer(Path path) {
        Path tok = path.resolve(PRESET_TOKENIZER);
        if (Files.isDirectory(path) && Files.isRegularFile(tok)) {
            Map<String, Object> t = readObject(tok, display(path) + "/" + PRESET_TOKENIZER);
            return KerasHubText.tokenizer(t, presetAssets(path, t), display(path));
        }
        return loadPreprocessor(path).tokenizer();
    }

    // ---- presets -----------------------------------------------------------------------------------

    private static TextPreprocessor presetPreprocessor(Path dir, Map<String, Object> serialized, String display) {
        Object cfg = serialized.get("config");
        Object tok = cfg instanceof Map<?, ?> m ? m.get("tokenizer") : null;
        @SuppressWarnings("unchecked")
        Function<String, byte[]> assets = tok instanceof Map<?, ?> t ? presetAssets(dir, (Map<String, Object>) t) : null;
        return KerasHubText.preprocessor(serialized, assets, display);
    }

    /** KerasHub's load_preset_assets: {@code assets/<the tokenizer's config_file without extension>/<file>}. */
    private static Function<String, byte[]> presetAssets(Path dir, Map<String, Object> tokenizer) {
        Object cfg = tokenizer.get("config");
        Object configFile = cfg instanceof Map<?, ?> m ? m.get("config_file") : null;
        String file = configFile instanceof String s ? s : PRESET_TOKENIZER;
        int dot = file.indexOf('.');
        Path assetDir = dir.resolve("assets").resolve(dot < 0 ? file : file.substring(0, dot));
        return name -> {
            Path p = assetDir.resolve(name);
            if (!Files.isRegularFile(p)) return null;
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new ModelFormatException(display(dir) + ": cannot read " + dir.relativize(p) + " (" + e.getMessage() + ")", e);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> preprocessorOf(Map<String, Object> serialized) {
        Object cfg = serialized.get("config");
        if (cfg instanceof Map<?, ?> m && m.get("preprocessor") instanceof Map<?, ?> p) return (Map<String, Object>) p;
        return null;
    }

    private static Map<String, Object> readObject(Path file, String what) {
        return Json.parseObject(KerasArchive.readTextFile(file, what, LoadLimits.DEFAULTS), what);
    }

    private static String display(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }
}
