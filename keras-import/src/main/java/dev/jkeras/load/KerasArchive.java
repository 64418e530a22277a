// A Keras 3 .keras archive (zip) or its unzipped directory form: metadata.json, config.json and the
// model.weights.h5 store, which is read in place when stored uncompressed (the Keras default).
package dev.jkeras.load;

import dev.jkeras.error.KerasException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.weights.Hdf5;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Internal: the members of a .keras model (config, metadata, weights, and the layers' assets). */
final class KerasArchive {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    static final String ASSETS = "assets/";

    final String configJson;
    /** Null if the archive has no metadata.json. */
    final String metadataJson;
    /** Null if the archive has no weights. */
    final Hdf5 weights;
    /** Files under {@code assets/} by member name (e.g. {@code assets/layers/integer_lookup/vocabulary.txt}). */
    final Map<String, byte[]> assets;
    /** Why the weights file could not be opened, when opened with {@code tolerant} (then {@link #weights} is null). */
    final KerasException weightsError;

    private KerasArchive(String configJson, String metadataJson, Hdf5 weights, Map<String, byte[]> assets, KerasException weightsError) {
        this.configJson = configJson;
        this.metadataJson = metadataJson;
        this.weights = weights;
        this.assets = assets;
        this.weightsError = weightsError;
    }

    /** Opens a .keras zip or its unzipped directory; the weights file (if any) is registered with {@code closer}. */
    static KerasArchive open(Path path, String display, Closer closer, LoadLimits limits) {
        return open(path, display, closer, limits, false);
    }

    /** {@link #open}; with {@code tolerant}, weights that cannot be opened are recorded in {@link #weightsError} instead of thrown. */
    static KerasArchive open(Path path, String display, Closer closer, LoadLimits limits, boolean tolerant) {
        return Files.isDirectory(path) ? openDirectory(path, display, closer, limits, tolerant) : openZip(path, display, closer, limits, tolerant);
    }

    private static Hdf5 tolerate(boolean tolerant, KerasException[] error, java.util.function.Supplier<Hdf5> open) {
        if (!tolerant) return open.get();
        try {
            return open.get();
        } catch (KerasException e) {
            error[0] = e;
            return null;
        }
    }

    private static KerasArchive openZip(Path path, String display, Closer closer, LoadLimits limits, boolean tolerant) {
        ZipArchive zip = closer.add(ZipArchive.open(path, display, limits));
        List<String> names = new ArrayList<>();
        for (ZipArchive.Member m : zip.members()) names.add(m.name());
        ZipArchive.Member cfg = zip.find(CONFIG);
        if (cfg == null) {
            throw new ModelFormatException(display + ": this zip has no " + CONFIG + " (members: " + head(names)
                    + "), so it is not a Keras .keras model");
        }
        String config = zip.readText(cfg);
        ZipArchive.Member meta = zip.find(METADATA);
        String metadata = meta == null ? null : zip.readText(meta);
        Map<String, byte[]> assets = new HashMap<>();
        for (ZipArchive.Member m : zip.members()) {
            if (m.name().startsWith(ASSETS) && !m.isDirectory()) assets.put(m.name(), zip.readBytes(m, limits.maxMemberBytes(), "maxMemberBytes"));
        }
        ZipArchive.Member w = zip.find(WEIGHTS);
        if (w == null) {
            refuseOtherWeights(names, display);
            return new KerasArchive(config, metadata, null, assets, null);
        }
        KerasException[] error = {null};
        Hdf5 weights = tolerate(tolerant, error, () -> openWeights(path, zip, w, display, closer, limits));
        return new KerasArchive(config, metadata, weights, assets, error[0]);
    }

    /** Opens the unzipped form: a directory holding config.json (and metadata.json, model.weights.h5). */
    private static KerasArchive openDirectory(Path dir, String display, Closer closer, LoadLimits limits, boolean tolerant) {
        Path cfg = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfg)) {
            throw new ModelFormatException(display + ": the directory has no " + CONFIG + ", so it is not an unzipped Keras model");
        }
        try {
            String config = readTextFile(cfg, display + "/" + CONFIG, limits);
            Path meta = dir.resolve(METADATA);
            String metadata = Files.isRegularFile(meta) ? readTextFile(meta, display + "/" + METADATA, limits) : null;
            Path w = dir.resolve(WEIGHTS);
            Hdf5 weights = null;
            KerasException[] error = {null};
            if (Files.isRegularFile(w)) {
                weights = tolerate(tolerant, error, () -> closer.add(Hdf5.open(w, display + "/" + WEIGHTS, limits)));
            } else {
                try (var s = Files.list(dir)) {
                    refuseOtherWeights(s.map(p -> p.getFileName().toString()).toList(), display);
                }
            }
            Map<String, byte[]> assets = new HashMap<>();
            Path assetDir = dir.resolve(ASSETS);
            if (Files.isDirectory(assetDir)) {
                try (var files = Files.walk(assetDir)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        StringBuilder rel = new StringBuilder(ASSETS.substring(0, ASSETS.length() - 1));
                        for (Path part : assetDir.relativize(f)) rel.append('/').append(part);
                        assets.put(rel.toString(), Files.readAllBytes(f));
                    }
                }
            }
            return new KerasArchive(config, metadata, weights, assets, error[0]);
        } catch (IOException e) {
            throw new ModelFormatException(display + ": cannot read the model directory (" + e.getMessage() + ")", e);
        }
    }

    private static void refuseOtherWeights(List<String> names, String display) {
        if (names.contains("model.weights.npz")) {
            throw new UnsupportedFeatureException(display + ": the weights are stored as model.weights.npz (pickled Python objects), "
                    + "which only Python can read. Re-save the model with the default HDF5 weights.");
        }
    }

    private static Hdf5 openWeights(Path path, ZipArchive zip, ZipArchive.Member m, String display, Closer closer, LoadLimits limits) {
        String what = display + "/" + WEIGHTS;
        if (m.method() == ZipArchive.STORED) {
            return closer.add(Hdf5.open(zip.channel(), m.dataOffset(), m.compressedSize(), path.toUri(), what, limits));
        }
        Path tmp = closer.tempFile("jkeras-weights-", ".h5");
        try (InputStream in = zip.open(m, limits.maxMemberBytes(), "maxMemberBytes"); OutputStream out = Files.newOutputStream(tmp)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new ModelFormatException(what + ": cannot unpack the weights (" + e.getMessage() + ")", e);
        }
        return closer.add(Hdf5.open(tmp, what, limits));
    }

    /** The one reader of a JSON or text file: UTF-8, at most {@link LoadLimits#maxConfigBytes} bytes. */
    static String readTextFile(Path file, String what, LoadLimits limits) {
        try {
            long size = Files.size(file);
            if (size > limits.maxConfigBytes()) {
                throw new ModelFormatException(what + ": " + size + " bytes of text is more than the " + LoadLimits.hint("maxConfigBytes", limits.maxConfigBytes()));
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelFormatException(what + ": cannot read the file as UTF-8 text (" + e.getMessage() + ")", e);
        }
    }

    private static String head(List<String> names) {
        return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " and " + (names.size() - 10) + " more";
    }
}
