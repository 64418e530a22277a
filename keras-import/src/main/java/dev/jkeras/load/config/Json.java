// JSON text to plain Java values (LinkedHashMap, ArrayList, String, Number, Boolean, null), plus small
// typed accessors that raise ModelFormatException naming the file and key.
package dev.jkeras.load.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.load.LoadLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Internal: parses Keras JSON (Python's json allows NaN/Infinity) into plain Java values. */
public final class Json {
    // Jackson's streaming parser: a third of the cold-start time of an ObjectMapper, the same values
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(Integer.MAX_VALUE) // checked in value(), against LoadLimits.maxJsonDepth
                    .build())
            .build();

    private Json() {}

    /** Parses {@code text} under the default limits; {@code what} names the source in errors (e.g. "config.json in model.keras"). */
    public static Object parse(String text, String what) {
        return parse(text, what, LoadLimits.DEFAULTS);
    }

    /** Parses {@code text}, refusing more than {@link LoadLimits#maxConfigBytes} characters or nesting deeper than {@link LoadLimits#maxJsonDepth}. */
    public static Object parse(String text, String what, LoadLimits limits) {
        if (text.length() > limits.maxConfigBytes()) {
            throw new ModelFormatException(what + ": " + text.length() + " characters of JSON is more than the " + LoadLimits.hint("maxConfigBytes", limits.maxConfigBytes()));
        }
        try {
            try (JsonParser p = FACTORY.createParser(text)) {
                JsonToken t = p.nextToken();
                if (t == null) throw new ModelFormatException(what + " is not valid JSON: it is empty");
                return value(p, t, 1, limits.maxJsonDepth(), what);
            }
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(what + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(what + " could not be parsed as JSON: " + e, e);
        }
    }

    /** The value starting at token {@code t}: objects as LinkedHashMap (a repeated key keeps its last value), arrays as ArrayList. */
    private static Object value(JsonParser p, JsonToken t, int depth, int maxDepth, String what) throws IOException {
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > maxDepth) {
            throw new ModelFormatException(what + ": JSON nested more than " + maxDepth + " deep (line " + p.currentLocation().getLineNr() + "); "
                    + LoadLimits.hint("maxJsonDepth", maxDepth));
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k = p.nextFieldName(); k != null; k = p.nextFieldName()) m.put(k, value(p, p.nextToken(), depth + 1, maxDepth, what));
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) l.add(value(p, x, depth + 1, maxDepth, what));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new ModelFormatException("unexpected JSON token " + t);
        }
    }

    /** Parses text that must be a JSON object. */
    public static Map<String, Object> parseObject(String text, String what) {
        return parseObject(text, what, LoadLimits.DEFAULTS);
    }

    /** Parses text that must be a JSON object, under {@code limits}. */
    public static Map<String, Object> parseObject(String text, String what, LoadLimits limits) {
        Object v = parse(text, what, limits);
        if (!(v instanceof Map)) {
            throw new ModelFormatException(what + " should be a JSON object, found " + describe(v));
        }
        return asMap(v);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object v) {
        return (List<Object>) v;
    }

    /** {@code v} (maps, lists, strings, numbers, booleans, null, as {@link #parse} gives them) as compact JSON text. */
    public static String write(Object v) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, v);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static void write(com.fasterxml.jackson.core.JsonGenerator g, Object v) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : l) write(g, x);
            g.writeEndArray();
        } else if (v instanceof String s) g.writeString(s);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Double || v instanceof Float) g.writeNumber(((Number) v).doubleValue());
        else if (v instanceof java.math.BigDecimal d) g.writeNumber(d);
        else if (v instanceof java.math.BigInteger i) g.writeNumber(i);
        else if (v instanceof Number n) g.writeNumber(n.longValue());
        else throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }

    /** A short description of a JSON value for error messages. */
    public static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof Map<?, ?> m) return "an object with keys " + m.keySet();
        if (v instanceof List<?> l) return "a list of " + l.size();
        if (v instanceof String s) return "the string \"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
        return v.getClass().getSimpleName().toLowerCase() + " " + v;
    }

    public static boolean isInt(Object v) {
        return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !(v instanceof Double d && d.isInfinite());
    }
}
