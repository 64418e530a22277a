// Entry point for KerasHub text: reads the tokenizer saved in a save_to_preset directory.
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.load.config.Json;
import dev.jkeras.load.text.KerasHubText;
import dev.jkeras.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** Loads KerasHub tokenizers (keras-hub 0.32.0) saved with {@code save_to_preset(...)}. */
public final class TextModels {
    private static final String PRESET_TOKENIZER = "tokenizer.json";

    private TextModels() {}

    /** The tokenizer of a preset directory: {@code tokenizer.json} and its assets. */
    public static Tokenizer loadTokenizer(Path path) {
        Path tok = path.resolve(PRESET_TOKENIZER);
        if (!Files.isRegularFile(tok)) throw new ModelFormatException(display(path) + ": has no " + PRESET_TOKENIZER);
        Map<String, Object> t = readObject(tok, display(path) + "/" + PRESET_TOKENIZER);
        return KerasHubText.tokenizer(t, presetAssets(path, t), display(path));
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

    private static Map<String, Object> readObject(Path file, String what) {
        try {
            return Json.parseObject(Files.readString(file), what);
        } catch (IOException e) {
            throw new ModelFormatException(what + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    private static String display(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }
}
