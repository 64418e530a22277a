// One loaded Model per model content per JVM (driver or executor), keyed by the SHA-256 of the model file's bytes:
// every task of every transform that scores the same model shares it (a Model is immutable and thread-safe).
package dev.jkeras.spark;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

final class ModelCache {
    private ModelCache() {}

    /** Distinct models one JVM keeps loaded; the least recently used beyond this is dropped. */
    static final int CAPACITY = 8;

    private static final Map<String, Model> MODELS = new LinkedHashMap<>(16, 0.75f, true);
    private static int loads;

    /**
     * The model whose file has hash {@code sha256}, loaded from {@code bytes} the first time this JVM sees it. Loading holds the
     * cache's lock, so concurrent tasks wait for one load rather than each loading their own copy.
     */
    static Model get(String sha256, Supplier<byte[]> bytes) {
        synchronized (MODELS) {
            Model m = MODELS.get(sha256);
            if (m != null) return m;
            m = KerasModels.load(new ByteArrayInputStream(bytes.get()));
            MODELS.put(sha256, m);
            loads++;
            for (Iterator<String> it = MODELS.keySet().iterator(); MODELS.size() > CAPACITY; ) {
                it.next();
                it.remove();
            }
            return m;
        }
    }

    /** How many times this JVM has loaded a model (for tests: a model is loaded once, not per task or row). */
    static int loads() {
        synchronized (MODELS) {
            return loads;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
