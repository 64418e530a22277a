// The preprocessor a KerasHub task was saved with, as stored: its serialized config (preprocessor.json in a preset,
// the task config's "preprocessor" entry in a .keras file), its tokenizer's config, and the files it saved (tokenizer
// vocabularies, merges) by path relative to the preprocessor. jkeras's tokenizers are built from this.
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.load.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A KerasHub preprocessor as saved with a task model, read without running anything.
 *
 * @param className        the preprocessor class, e.g. {@code BertTextClassifierPreprocessor}
 * @param preprocessorJson the serialized preprocessor ({@code {"module", "class_name", "config": {..., "tokenizer": {...},
 *                         "sequence_length", ...}}}), exactly as KerasHub wrote it
 * @param tokenizerJson    the serialized tokenizer (a preset's tokenizer.json, else the preprocessor's
 *                         {@code config.tokenizer} entry), or null if the preprocessor has none (image models)
 * @param assets           files the preprocessor saved, by path relative to it: {@code tokenizer/vocabulary.txt}
 *                         (WordPiece), {@code tokenizer/vocabulary.json} and {@code tokenizer/merges.txt} (BPE)
 * @param kerasHubVersion  the KerasHub version recorded in a preset's metadata.json, or null (a .keras file does not record it)
 * @param source           the file or directory it came from, for messages
 */
public record KerasHubPreprocessorSpec(String className, String preprocessorJson, String tokenizerJson, Map<String, byte[]> assets,
                                       String kerasHubVersion, String source) {
    public KerasHubPreprocessorSpec {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(preprocessorJson, "preprocessorJson");
        assets = Map.copyOf(assets);
    }

    /** The preprocessor's config parsed into maps and lists. */
    public Map<String, Object> preprocessorConfig() {
        return Json.parseObject(preprocessorJson, "the preprocessor config of " + source);
    }

    /** The tokenizer's config parsed, if there is a tokenizer. */
    public Optional<Map<String, Object>> tokenizerConfig() {
        return tokenizerJson == null ? Optional.empty() : Optional.of(Json.parseObject(tokenizerJson, "the tokenizer config of " + source));
    }

    /** A saved file by its path relative to the preprocessor (e.g. {@code tokenizer/vocabulary.txt}). */
    public Optional<byte[]> asset(String path) {
        return Optional.ofNullable(assets.get(path)).map(byte[]::clone);
    }

    /** A saved text file (UTF-8), or a {@link ModelFormatException} naming what exists. */
    public String assetText(String path) {
        byte[] b = assets.get(path);
        if (b == null) throw new ModelFormatException(source + ": the preprocessor saved no '" + path + "' (saved: " + assets.keySet() + ")");
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The preprocessor saved with the KerasHub task in {@code path}: a {@code .keras} file (zip or unzipped
     * directory) or a preset directory. Empty if the model has none (a backbone, or a task saved without one).
     */
    public static Optional<KerasHubPreprocessorSpec> read(Path path) {
        Objects.requireNonNull(path, "path");
        String display = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try (Closer closer = new Closer()) {
            if (Files.isDirectory(path) && KerasHubPreset.isPreset(path)) return fromPreset(path, display);
            KerasArchive a = KerasArchive.open(path, display, closer, LoadLimits.DEFAULTS);
            Map<String, Object> env = Json.parseObject(a.configJson, KerasArchive.CONFIG + " in " + display);
            if (!(env.get("config") instanceof Map<?, ?> cfg) || !(cfg.get("preprocessor") instanceof Map<?, ?> pre)) return Optional.empty();
            Map<String, Object> p = Json.asMap(pre);
            Object tok = p.get("config") instanceof Map<?, ?> pc ? pc.get("tokenizer") : null;
            return Optional.of(new KerasHubPreprocessorSpec(className(p, display), Json.write(p), tok == null ? null : Json.write(tok),
                    under(a.assets, KerasArchive.ASSETS + "preprocessor/"), null, display));
        } catch (UncheckedIOException e) {
            throw new ModelFormatException(display + ": " + e.getCause().getMessage(), e);
        }
    }

    private static Optional<KerasHubPreprocessorSpec> fromPreset(Path dir, String display) {
        Path pre = dir.resolve("preprocessor.json");
        if (!Files.isRegularFile(pre)) return Optional.empty();
        try {
            String json = KerasArchive.readTextFile(pre, display + "/preprocessor.json", LoadLimits.DEFAULTS);
            Map<String, Object> p = Json.parseObject(json, "preprocessor.json in " + display);
            Path tokFile = dir.resolve("tokenizer.json");
            String tok = Files.isRegularFile(tokFile) ? KerasArchive.readTextFile(tokFile, display + "/tokenizer.json", LoadLimits.DEFAULTS) : null;
            if (tok == null && p.get("config") instanceof Map<?, ?> pc && pc.get("tokenizer") != null) tok = Json.write(pc.get("tokenizer"));
            Map<String, byte[]> assets = new TreeMap<>();
            Path assetDir = dir.resolve("assets");
            if (Files.isDirectory(assetDir)) {
                try (var files = Files.walk(assetDir)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        StringBuilder rel = new StringBuilder();
                        for (Path part : assetDir.relativize(f)) rel.append(rel.length() == 0 ? "" : "/").append(part);
                        assets.put(rel.toString(), Files.readAllBytes(f));
                    }
                }
            }
            Path meta = dir.resolve(KerasArchive.METADATA);
            String version = null;
            if (Files.isRegularFile(meta)) {
                Object v = Json.parseObject(Files.readString(meta, StandardCharsets.UTF_8), "metadata.json in " + display).get("keras_hub_version");
                if (v instanceof String s) version = s;
            }
            return Optional.of(new KerasHubPreprocessorSpec(className(p, display), json, tok, assets, version, display));
        } catch (IOException e) {
            throw new ModelFormatException(display + ": cannot read the preset's preprocessor (" + e.getMessage() + ")", e);
        }
    }

    private static String className(Map<String, Object> p, String display) {
        if (p.get("class_name") instanceof String s) return s;
        throw new ModelFormatException(display + ": the saved preprocessor has no class_name");
    }

    /** Members under {@code prefix}, keyed by the rest of their name. */
    private static Map<String, byte[]> under(Map<String, byte[]> members, String prefix) {
        Map<String, byte[]> out = new TreeMap<>();
        members.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }
}
