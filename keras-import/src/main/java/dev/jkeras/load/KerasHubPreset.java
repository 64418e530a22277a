// A KerasHub preset directory (Backbone/Task.save_to_preset): metadata.json (keras_version, keras_hub_version),
// config.json + model.weights.h5 (the backbone), and for a task task.json + task.weights.h5 (the task's own weights;
// the backbone's live in model.weights.h5), preprocessor.json, tokenizer.json, assets/.
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.load.config.Json;
import dev.jkeras.load.config.ParsedLayer;
import dev.jkeras.load.hub.KerasHubModels;
import dev.jkeras.load.weights.Hdf5;
import dev.jkeras.load.weights.Keras3Weights;
import dev.jkeras.load.weights.WeightScope;
import dev.jkeras.layer.WeightSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Internal: reads a KerasHub preset directory as a config envelope plus weight scopes. */
final class KerasHubPreset {
    private static final Logger LOG = LoggerFactory.getLogger(KerasHubPreset.class);
    static final String TASK = "task.json";
    static final String TASK_WEIGHTS = "task.weights.h5";
    static final String BACKBONE_WEIGHTS = "model.weights.h5";

    /**
     * Set {@code -Djkeras.kerasHub.versionCheck=off} to silence the warning logged when a preset was
     * saved by another KerasHub version than the one jkeras replays.
     */
    static final String VERSION_CHECK = "jkeras.kerasHub.versionCheck";

    final Map<String, Object> envelope;
    final String kerasVersion;
    final WeightScope scope;

    private KerasHubPreset(Map<String, Object> envelope, String kerasVersion, WeightScope scope) {
        this.envelope = envelope;
        this.kerasVersion = kerasVersion;
        this.scope = scope;
    }

    /** True for a directory KerasHub wrote: it has a task.json, or metadata.json records a KerasHub version. */
    static boolean isPreset(Path dir) {
        if (Files.isRegularFile(dir.resolve(TASK))) return true;
        Path meta = dir.resolve(KerasArchive.METADATA);
        if (!Files.isRegularFile(meta)) return false;
        try {
            String s = Files.readString(meta, StandardCharsets.UTF_8);
            return s.contains("\"keras_hub_version\"") || s.contains("\"keras_nlp_version\"");
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens the task (task.json) if the preset has one, else the backbone (config.json). */
    static KerasHubPreset open(Path dir, String display, Closer closer, LoadLimits limits) {
        Map<String, Object> meta = Files.isRegularFile(dir.resolve(KerasArchive.METADATA))
                ? Json.parseObject(KerasArchive.readTextFile(dir.resolve(KerasArchive.METADATA), display + "/" + KerasArchive.METADATA, limits),
                        KerasArchive.METADATA + " in " + display, limits) : Map.of();
        checkVersion(meta, display);
        String kerasVersion = meta.get("keras_version") instanceof String s ? s : "3";
        boolean task = Files.isRegularFile(dir.resolve(TASK));
        Path cfg = dir.resolve(task ? TASK : KerasArchive.CONFIG);
        if (!Files.isRegularFile(cfg)) throw new ModelFormatException(display + ": the KerasHub preset has no " + KerasArchive.CONFIG);
        Map<String, Object> envelope = Json.parseObject(KerasArchive.readTextFile(cfg, display + "/" + cfg.getFileName(), limits), cfg.getFileName() + " in " + display, limits);
        Path bw = dir.resolve(BACKBONE_WEIGHTS);
        if (!Files.isRegularFile(bw)) {
            throw new ModelFormatException(display + ": the KerasHub preset has no " + BACKBONE_WEIGHTS
                    + (Files.exists(dir.resolve("model.weights.json")) ? " (sharded weights, model.weights.json, are not supported yet)" : ""));
        }
        Hdf5 backboneFile = closer.add(Hdf5.open(bw, display + "/" + BACKBONE_WEIGHTS, limits));
        WeightScope backbone = Keras3Weights.root(backboneFile, Keras3Weights.Layout.KERAS3);
        if (!task) return new KerasHubPreset(envelope, kerasVersion, backbone);
        Path tw = dir.resolve(TASK_WEIGHTS);
        WeightScope taskScope = Files.isRegularFile(tw)
                ? Keras3Weights.root(closer.add(Hdf5.open(tw, display + "/" + TASK_WEIGHTS, limits)), Keras3Weights.Layout.KERAS3)
                : WeightScope.NONE;
        return new KerasHubPreset(envelope, kerasVersion, new TaskScope(taskScope, backbone, backboneName(envelope, display)));
    }

    private static String backboneName(Map<String, Object> envelope, String display) {
        if (envelope.get("config") instanceof Map<?, ?> c && c.get("backbone") instanceof Map<?, ?> b
                && b.get("config") instanceof Map<?, ?> bc && bc.get("name") instanceof String n) {
            return n;
        }
        throw new ModelFormatException(display + ": " + TASK + " has no serialized backbone with a name (config.backbone.config.name)");
    }

    /** Logs a warning (SLF4J) when the preset was saved by another KerasHub than the one whose constructors jkeras replays. */
    private static void checkVersion(Map<String, Object> meta, String display) {
        Object v = meta.get("keras_hub_version");
        if (v == null) v = meta.get("keras_nlp_version");
        if ("off".equals(System.getProperty(VERSION_CHECK)) || KerasHubModels.VERSION.equals(v)) return;
        LOG.warn("{} was saved by KerasHub {}; jkeras replays the KerasHub {} constructors (unknown constructor arguments are refused, "
                + "weights are checked by path and shape). Set -D{}=off to silence this warning.",
                display, v == null ? "(version not recorded)" : v, KerasHubModels.VERSION, VERSION_CHECK);
    }

    /** The task's scope (task.weights.h5), except its backbone, whose weights are the root of model.weights.h5. */
    private record TaskScope(WeightScope task, WeightScope backbone, String backboneName) implements WeightScope {
        @Override
        public WeightSource source() {
            return task.source();
        }

        @Override
        public WeightScope child(String attribute, ParsedLayer child) {
            return task.child(attribute, child);
        }

        @Override
        public List<WeightScope> layers(ParsedLayer model) {
            List<WeightScope> out = new ArrayList<>(task.layers(model));
            List<ParsedLayer> ls = model.graph.layers();
            for (int i = 0; i < ls.size(); i++) if (ls.get(i).name.equals(backboneName)) out.set(i, backbone);
            return out;
        }
    }
}
