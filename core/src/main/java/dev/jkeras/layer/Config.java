package dev.jkeras.layer;

import dev.jkeras.error.ModelFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of one layer's config, already normalized to Keras 3 key names by the importer.
 * Values are plain Java objects as JSON gives them: {@code String}, {@code Number}, {@code Boolean},
 * {@code List<Object>}, {@code Map<String, Object>} or {@code null}. Getters raise a
 * {@link ModelFormatException} naming the key, the expected type and what was found.
 */
public final class Config {
    private final Map<String, Object> map;
    private final String where;

    /**
     * @param map   the config entries (not copied; must not be modified afterwards)
     * @param where a description used in errors, e.g. {@code layer 'dense_1' (Dense) in model.h5}
     */
    public Config(Map<String, Object> map, String where) {
        this.map = Collections.unmodifiableMap(map);
        this.where = where;
    }

    public Map<String, Object> asMap() {
        return map;
    }

    public String where() {
        return where;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    /** The raw value, or null. */
    public Object get(String key) {
        return map.get(key);
    }

    private ModelFormatException bad(String key, String expected, Object found) {
        return new ModelFormatException(where + ": config key '" + key + "' should be " + expected + ", found "
                + (found == null ? "null" : found + " (" + found.getClass().getSimpleName() + ")"));
    }

    public String getString(String key, String dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw bad(key, "a string", v);
    }

    public String requireString(String key) {
        String s = getString(key, null);
        if (s == null) throw bad(key, "a string", null);
        return s;
    }

    public boolean getBool(String key, boolean dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw bad(key, "true or false", v);
    }

    public int getInt(String key, int dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        return toInt(key, v);
    }

    public int requireInt(String key) {
        Object v = map.get(key);
        if (v == null) throw bad(key, "an integer", null);
        return toInt(key, v);
    }

    private int toInt(String key, Object v) {
        Integer i = asInt(v);
        if (i != null) return i;
        if (v instanceof List<?> l && l.size() == 1) return toInt(key, l.get(0));
        throw bad(key, v instanceof Number && isWhole((Number) v) ? "an integer in the int range" : "an integer", v);
    }

    /**
     * A config value as an int: a whole number within the int range, or null for anything else (a
     * fraction, a non-number, or a value such as 4294967299 that a plain {@code intValue()} would wrap).
     * Every config integer goes through this conversion.
     */
    public static Integer asInt(Object v) {
        if (!(v instanceof Number n) || !isWhole(n)) return null;
        double d = n.doubleValue();
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) return null;
        return n.intValue();
    }

    private static boolean isWhole(Number n) {
        double d = n.doubleValue();
        return !Double.isInfinite(d) && d == Math.rint(d);
    }

    public double getDouble(String key, double dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw bad(key, "a number", v);
    }

    public float getFloat(String key, float dflt) {
        return (float) getDouble(key, dflt);
    }

    /**
     * An int tuple of length {@code n}: accepts a single int (repeated n times, as Keras does for
     * kernel_size/strides) or a list of n ints. Returns {@code dflt} if absent.
     */
    public int[] getInts(String key, int n, int[] dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof Number) {
            int x = toInt(key, v);
            int[] r = new int[n];
            java.util.Arrays.fill(r, x);
            return r;
        }
        int[] r = getIntList(key);
        if (n >= 0 && r.length != n) throw bad(key, n + " integers", v);
        return r;
    }

    /** A list of ints (a single int is a list of one); null entries become -1. Null if absent. */
    public int[] getIntList(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (v instanceof Number) return new int[] {toInt(key, v)};
        if (!(v instanceof List<?> l)) throw bad(key, "a list of integers", v);
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = l.get(i) == null ? -1 : toInt(key, l.get(i));
        return r;
    }

    /** A list value, or null if absent. */
    public List<Object> getList(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (v instanceof List<?> l) return Collections.unmodifiableList(new ArrayList<>(l));
        throw bad(key, "a list", v);
    }

    /** A nested object as a Config, or null if absent. */
    @SuppressWarnings("unchecked")
    public Config getConfig(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (v instanceof Map<?, ?> m) return new Config((Map<String, Object>) m, where + " › " + key);
        throw bad(key, "an object", v);
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
