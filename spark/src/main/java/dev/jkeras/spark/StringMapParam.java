package dev.jkeras.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;

/**
 * A param whose value maps names to names (a model input or output name to a column), saved in ML metadata as a JSON
 * object. Values are kept as unmodifiable insertion-ordered copies; PySpark passes a {@code dict}, which arrives as a
 * {@link java.util.HashMap}.
 */
public final class StringMapParam extends Param<Map<String, String>> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    /** A param of {@code parent} named {@code name}. */
    public StringMapParam(Identifiable parent, String name, String doc) {
        super(parent, name, doc);
    }

    @Override
    public String jsonEncode(Map<String, String> value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : value.entrySet()) g.writeStringField(e.getKey(), e.getValue());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    @Override
    public Map<String, String> jsonDecode(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("param " + name() + ": expected a JSON object, got " + json);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) throw new IllegalArgumentException("param " + name() + ": value of '" + k + "' is not a string in " + json);
                m.put(k, p.getText());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("param " + name() + ": not JSON: " + json, e);
        }
        return Collections.unmodifiableMap(m);
    }

    /** An unmodifiable copy of {@code m}, refusing null keys and values. */
    static Map<String, String> copyOf(Map<?, ?> m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String v)) {
                throw new IllegalArgumentException("a name map takes string keys and values; got " + e.getKey() + " -> " + e.getValue());
            }
            out.put(k, v);
        }
        return Collections.unmodifiableMap(out);
    }
}
