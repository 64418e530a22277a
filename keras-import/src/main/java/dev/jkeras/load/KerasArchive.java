// A Keras 3 .keras archive (zip) or its unzipped directory form: metadata.json, config.json and the
// model.weights.h5 store, which is read in place when stored uncompressed (the Keras default).
package dev.jkeras.load;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.weights.Hdf5;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Internal: the members of a .keras model (config, metadata, weights, and the layers' assets). */
final class KerasArchive {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    static final String ASSETS = "assets/";
    /** Deflate cannot expand more than about 1032x; larger claims are corrupt or hostile. */
    private static final long MAX_RATIO = 1100;

    final String configJson;
    /** Null if the archive has no metadata.json. */
    final String metadataJson;
    /** Null if the archive has no weights. */
    final Hdf5 weights;
    /** Files under {@code assets/} by member name (e.g. {@code assets/layers/integer_lookup/vocabulary.txt}). */
    final Map<String, byte[]> assets;

    private KerasArchive(String configJson, String metadataJson, Hdf5 weights, Map<String, byte[]> assets) {
        this.configJson = configJson;
        this.metadataJson = metadataJson;
        this.weights = weights;
        this.assets = assets;
    }

    /** Opens a .keras zip; the weights file (if any) is registered with {@code closer}. */
    static KerasArchive openZip(Path path, String display, Closer closer) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) names.add(e.nextElement().getName());
            ZipEntry cfg = zip.getEntry(CONFIG);
            if (cfg == null) {
                throw new ModelFormatException(display + ": this zip has no " + CONFIG + " (members: " + head(names)
                        + "), so it is not a Keras .keras model");
            }
            String config = readText(zip, cfg, display);
            ZipEntry meta = zip.getEntry(METADATA);
            String metadata = meta == null ? null : readText(zip, meta, display);
            Map<String, byte[]> assets = new HashMap<>();
            for (String n : names) {
                if (n.startsWith(ASSETS) && !n.endsWith("/")) assets.put(n, readBytes(zip, zip.getEntry(n), display));
            }
            ZipEntry w = zip.getEntry(WEIGHTS);
            if (w == null) {
                refuseOtherWeights(names, display);
                return new KerasArchive(config, metadata, null, assets);
            }
            return new KerasArchive(config, metadata, openWeights(path, zip, w, display, closer), assets);
        } catch (IOException e) {
            throw new ModelFormatException(display + ": cannot read the zip archive (" + e.getMessage() + ")", e);
        }
    }

    /** Opens the unzipped form: a directory holding config.json (and metadata.json, model.weights.h5). */
    static KerasArchive openDirectory(Path dir, String display, Closer closer) {
        Path cfg = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfg)) {
            throw new ModelFormatException(display + ": the directory has no " + CONFIG + ", so it is not an unzipped Keras model");
        }
        try {
            String config = Files.readString(cfg, StandardCharsets.UTF_8);
            Path meta = dir.resolve(METADATA);
            String metadata = Files.isRegularFile(meta) ? Files.readString(meta, StandardCharsets.UTF_8) : null;
            Path w = dir.resolve(WEIGHTS);
            Hdf5 weights = null;
            if (Files.isRegularFile(w)) {
                weights = closer.add(Hdf5.open(w, display + "/" + WEIGHTS));
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
            return new KerasArchive(config, metadata, weights, assets);
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

    private static Hdf5 openWeights(Path path, ZipFile zip, ZipEntry entry, String display, Closer closer) throws IOException {
        String what = display + "/" + WEIGHTS;
        FileChannel fc = closer.add(FileChannel.open(path, StandardOpenOption.READ));
        ZipIndex.Member m = ZipIndex.find(fc, WEIGHTS, display);
        if (m != null && m.method() == ZipEntry.STORED) {
            return closer.add(Hdf5.open(fc, m.dataOffset(), m.compressedSize(), path.toUri(), what));
        }
        long limit = Math.max(1L << 20, MAX_RATIO * Math.max(entry.getCompressedSize(), Files.size(path)));
        Path tmp = closer.tempFile("jkeras-weights-", ".h5");
        try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(tmp)) {
            copyBounded(in, out, limit, what);
        }
        return closer.add(Hdf5.open(tmp, what));
    }

    private static String readText(ZipFile zip, ZipEntry e, String display) throws IOException {
        return new String(readBytes(zip, e, display), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ZipFile zip, ZipEntry e, String display) throws IOException {
        long limit = Math.min(Integer.MAX_VALUE - 16, Math.max(1L << 20, MAX_RATIO * Math.max(e.getCompressedSize(), 1)));
        try (InputStream in = zip.getInputStream(e)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            copyBounded(in, out, limit, display + "/" + e.getName());
            return out.toByteArray();
        }
    }

    static void copyBounded(InputStream in, OutputStream out, long limit, String what) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > limit) throw new ModelFormatException(what + ": decompresses to more than " + limit + " bytes; the archive is corrupt");
            out.write(buf, 0, n);
        }
    }

    private static String head(List<String> names) {
        return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " and " + (names.size() - 10) + " more";
    }
}
