package dev.jkeras.serve;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jkeras.cli.NpyIO;
import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Test helpers: the repository's fixtures, an HTTP client, JSON that keeps numbers exact. */
final class Fixtures {
    static final Path ROOT = root();
    static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Fixtures() {}

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/fixtures"))) return p;
        }
        throw new IllegalStateException("no testdata/ directory above " + Path.of("").toAbsolutePath());
    }

    static Path file(String fixture, String name) {
        Path p = ROOT.resolve("testdata/fixtures").resolve(fixture).resolve("keras3").resolve(name);
        if (!Files.exists(p)) fail("missing fixture " + p + " (see testdata/README.md to regenerate)");
        return p;
    }

    static Model model(String fixture) {
        return KerasModels.load(file(fixture, "model.keras"));
    }

    static Map<String, Tensor> inputs(String fixture) {
        return NpyIO.readNpz(file(fixture, "inputs.npz"));
    }

    static Map<String, Tensor> outputs(String fixture) {
        return NpyIO.readNpz(file(fixture, "outputs.npz"));
    }

    /** A response: status, body, content type and Inference-Header-Content-Length (-1 when absent). */
    record Reply(int status, byte[] bytes, String contentType, int jsonLength) {
        String body() {
            return new String(bytes, 0, jsonLength >= 0 ? jsonLength : bytes.length, StandardCharsets.UTF_8);
        }

        /** The JSON body, or the JSON header of a binary response. */
        JsonNode json() {
            try {
                return JSON.readTree(body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body(), e);
            }
        }
    }

    static Reply get(URI base, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    static Reply post(URI base, String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""),
                    Integer.parseInt(r.headers().firstValue(ModelServer.INFERENCE_HEADER).orElse("-1")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The v2 datatype tritonclient would send for a fixture's array of this dtype (numpy int32 → INT32, ...). */
    static String v2(Tensor t, DType modelDtype) {
        if (t.isString()) return "BYTES";
        return Datatypes.v2(modelDtype);
    }

    /** A JSON number as tritonclient writes one of a float32 array: the float as a Python float (a double). */
    static String number(float v, DType dtype) {
        if (dtype == DType.BOOL) return v != 0 ? "true" : "false";
        if (dtype.isInteger()) return Long.toString((long) v);
        if (Float.isNaN(v)) return "NaN";
        if (Float.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
        return Double.toString(v);
    }

    /** The float32 value of a JSON number or boolean, read from its exact text. */
    static float value(JsonNode n) {
        if (n.isBoolean()) return n.booleanValue() ? 1f : 0f;
        if (n.isBigDecimal()) return Float.parseFloat(n.decimalValue().toString());
        if (n.isIntegralNumber()) return n.longValue();
        if (n.isDouble() || n.isFloat()) return (float) n.doubleValue(); // NaN, Infinity
        throw new AssertionError("not a number: " + n);
    }
}
