// The constructor arguments of one KerasHub class as stored in its config, read strictly: every key must be known
// for the pinned KerasHub version (an unknown one may change the architecture), the dtype policy must be float32.
package dev.jkeras.load.hub;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.config.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Internal: typed access to a KerasHub class's stored constructor arguments. */
final class HubArgs {
    /** Keys every KerasHub model config may hold besides its own arguments. */
    private static final Set<String> COMMON = Set.of("name", "trainable", "dtype");

    final String className;
    final Map<String, Object> config;
    final String where;

    HubArgs(String className, Map<String, Object> config, String source) {
        this.className = className;
        this.config = config;
        this.where = "KerasHub " + className + " '" + (config.get("name") instanceof String s ? s : "?") + "' in " + source;
    }

    /** Refuses keys other than {@code known} (and name/trainable/dtype) and dtype policies other than float32. */
    HubArgs known(String... known) {
        Set<String> ok = new TreeSet<>(COMMON);
        ok.addAll(List.of(known));
        for (String k : config.keySet()) {
            if (!ok.contains(k)) {
                throw new UnsupportedFeatureException(where + ": constructor argument '" + k + "' = " + Json.describe(config.get(k))
                        + " is not known to jkeras for KerasHub " + KerasHubModels.VERSION + " (known: " + ok + ")");
            }
        }
        dtype("dtype");
        return this;
    }

    /** Refuses a dtype policy under {@code key} other than float32 (absent or null means float32). */
    void dtype(String key) {
        Object d = config.get(key);
        if (d == null) return;
        String name = d instanceof String s ? s : null;
        if (d instanceof Map<?, ?> m) {
            Object cls = m.get("class_name");
            if (!"DTypePolicy".equals(cls) && !"Policy".equals(cls)) {
                throw new UnsupportedFeatureException(where + ": dtype policy " + cls + " " + Json.describe(m.get("config"))
                        + " is not supported (quantized or per-layer policies; supported: float32)");
            }
            if (m.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String n) name = n;
        }
        if (!"float32".equals(name)) {
            throw new UnsupportedFeatureException(where + ": " + key + " policy '" + (name != null ? name : Json.describe(d))
                    + "' is not supported (supported: float32); jkeras computes in float32 only");
        }
    }

    int requireInt(String key) {
        Object v = config.get(key);
        Integer i = dev.jkeras.layer.Config.asInt(v);
        if (i != null) return i;
        throw new ModelFormatException(where + ": constructor argument '" + key + "' should be an integer, found " + Json.describe(v));
    }

    int getInt(String key, int dflt) {
        return config.get(key) == null ? dflt : requireInt(key);
    }

    double getDouble(String key, double dflt) {
        Object v = config.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new ModelFormatException(where + ": constructor argument '" + key + "' should be a number, found " + Json.describe(v));
    }

    boolean getBool(String key, boolean dflt) {
        Object v = config.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new ModelFormatException(where + ": constructor argument '" + key + "' should be true or false, found " + Json.describe(v));
    }

    String getString(String key, String dflt) {
        Object v = config.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new ModelFormatException(where + ": constructor argument '" + key + "' should be a string, found " + Json.describe(v));
    }

    Object get(String key) {
        return config.get(key);
    }

    /** A list of integers ({@code null} entries allowed where {@code nullable}). */
    List<Object> list(String key) {
        Object v = config.get(key);
        if (v instanceof List<?> l) return Json.asList(l);
        throw new ModelFormatException(where + ": constructor argument '" + key + "' should be a list, found " + Json.describe(v));
    }

    /** A positive size. */
    int positive(String key) {
        int v = requireInt(key);
        if (v <= 0) throw new ModelFormatException(where + ": constructor argument '" + key + "' must be positive, found " + v);
        return v;
    }

    /** The serialized backbone of a task, which must be of class {@code expected}. */
    Map<String, Object> backbone(String expected) {
        Object b = config.get("backbone");
        if (!(b instanceof Map<?, ?> m) || !(m.get("config") instanceof Map)) {
            throw new ModelFormatException(where + ": 'backbone' should be a serialized " + expected + ", found " + Json.describe(b));
        }
        Object cls = m.get("class_name");
        if (!expected.equals(cls)) {
            throw new UnsupportedFeatureException(where + ": a " + className + " over a '" + cls + "' backbone is not supported (expected "
                    + expected + ")");
        }
        return Json.asMap(m);
    }

    /** The name KerasHub gave the backbone (the nested model's name). */
    static String nameOf(Map<String, Object> entry) {
        return ((Map<?, ?>) entry.get("config")).get("name") instanceof String s ? s : "backbone";
    }
}
