package dev.jkeras.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's JSON: bounded nesting, numbers and strings; NaN and Infinity read and written bare, as Python's
 * {@code json} module (and so tritonclient and TensorFlow Serving) do.
 */
final class Json {
    /** Deepest nesting a request may use: tensors of rank up to about 60 inside the protocol's own objects. */
    static final int MAX_DEPTH = 64;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(400).build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private Json() {}

    /** The JSON {@code body} writes. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {"error": message}}. */
    static byte[] error(String message) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /** Moves to the next token, failing with a 400 at the end of the input. */
    static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw HttpError.badRequest("the JSON body ends too early");
        return t;
    }

    /** The current token, which must be {@code want}; {@code what} names the value in the message. */
    static void expect(JsonParser p, JsonToken want, String what) {
        JsonToken t = p.currentToken();
        if (t != want) throw HttpError.badRequest(what + " must be " + JsonTensors.describeToken(want) + ", found " + JsonTensors.describeToken(t));
    }

    /** The current token as a string value. */
    static String string(JsonParser p, String what) throws IOException {
        expect(p, JsonToken.VALUE_STRING, what);
        return p.getText();
    }
}
