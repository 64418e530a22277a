// JSON text to plain Java values (LinkedHashMap, ArrayList, String, Number, Boolean, null), plus small
// typed accessors that raise ModelFormatException naming the file and key.
package dev.jkeras.load.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jkeras.error.ModelFormatException;
import java.util.List;
import java.util.Map;

/** Internal: parses Keras JSON (Python's json allows NaN/Infinity) into plain Java values. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNestingDepth(2000)
                            .build())
                    .build())
            .build();

    private Json() {}

    /** Parses {@code text}; {@code what} names the source in errors (e.g. "config.json in model.keras"). */
    public static Object parse(String text, String what) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(what + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (RuntimeException e) {
            throw new ModelFormatException(what + " could not be parsed as JSON: " + e, e);
        }
    }

    /** Parses text that must be a JSON object. */
    public static Map<String, Object> parseObject(String text, String what) {
        Object v = parse(text, what);
        if (!(v instanceof Map)) {
            throw new ModelFormatException(what + " should be a JSON object, found " + describe(v));
        }
        return asMap(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object v) {
        return (List<Object>) v;
    }

    /** A short description of a JSON value for error messages. */
    static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof Map<?, ?> m) return "an object with keys " + m.keySet();
        if (v instanceof List<?> l) return "a list of " + l.size();
        if (v instanceof String s) return "the string \"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
        return v.getClass().getSimpleName().toLowerCase() + " " + v;
    }

    static boolean isInt(Object v) {
        return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !(v instanceof Double d && d.isInfinite());
    }
}
