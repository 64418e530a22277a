package dev.jkeras.serve;

import static dev.jkeras.serve.Fixtures.get;
import static dev.jkeras.serve.Fixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.graph.TensorSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server on a loopback port driven as tritonclient.http and TensorFlow Serving clients drive it, on fixtures of
 * several kinds: one input (mlp), several inputs and outputs (functional_multi), integer inputs (embedding_lstm),
 * integer and bool outputs (ops_int_k3), string inputs and outputs (str_lookup_adapted, str_text_classifier).
 */
class ModelServerTest {
    /** The fixtures served, each under its own name. */
    static final List<String> FIXTURES = List.of("mlp", "functional_multi", "embedding_lstm", "ops_int_k3", "str_lookup_adapted", "str_text_classifier");
    static final double ATOL = 1e-5, RTOL = 1e-4;

    static final Map<String, Model> MODELS = new LinkedHashMap<>();
    static ModelServer server;
    static URI base;
    static Metrics metrics;

    @BeforeAll
    static void start() throws Exception {
        metrics = new Metrics();
        List<ServedModel> served = new ArrayList<>();
        for (String f : FIXTURES) {
            Model m = Fixtures.model(f);
            MODELS.put(f, m);
            served.add(new ServedModel(f, m, new Batcher(f, m, new BatchOptions(16, 2000, 256), metrics)));
        }
        server = new ModelServer(served, metrics, new ModelServer.Options("127.0.0.1", 0, 1 << 20, 10_000)).start();
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    // ---- requests as clients write them

    /** The body tritonclient.http sends for JSON data (binary_data=False), outputs left to the server. */
    static String tritonRequest(String id, Model m, List<Tensor> inputs) {
        StringBuilder b = new StringBuilder("{");
        if (id != null) b.append("\"id\":\"").append(id).append("\",");
        b.append("\"inputs\":[");
        List<TensorSpec> specs = m.inputs();
        for (int i = 0; i < specs.size(); i++) {
            Tensor t = inputs.get(i);
            if (i > 0) b.append(',');
            b.append("{\"name\":\"").append(specs.get(i).name()).append("\",\"shape\":").append(dims(t.shape()))
                    .append(",\"datatype\":\"").append(Fixtures.v2(t, specs.get(i).dtype())).append("\",\"data\":[");
            for (int k = 0; k < t.size(); k++) {
                if (k > 0) b.append(',');
                b.append(t.isString() ? quote(t.strings()[k]) : Fixtures.number(t.data()[k], specs.get(i).dtype()));
            }
            b.append("]}");
        }
        return b.append("],\"parameters\":{\"binary_data_output\":true}}").toString();
    }

    /** How a v2 request carries tensors, as tritonclient.http sends them. */
    enum Form {
        /** binary_data=False inputs, outputs left to the server: tritonclient adds binary_data_output=true. */
        JSON_IN_BINARY_OUT,
        /** JSON both ways (a plain JSON client such as curl). */
        JSON,
        /** tritonclient's defaults: binary inputs after the JSON header, binary outputs. */
        BINARY
    }

    /** A v2 request in {@code form}. */
    static HttpRequest.Builder v2Request(String model, String id, Model m, List<Tensor> inputs, Form form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v2/models/" + model + "/infer"));
        if (form != Form.BINARY) {
            String json = tritonRequest(id, m, inputs);
            if (form == Form.JSON) json = json.replace(",\"parameters\":{\"binary_data_output\":true}", "");
            return b.POST(HttpRequest.BodyPublishers.ofString(json));
        }
        StringBuilder j = new StringBuilder("{");
        if (id != null) j.append("\"id\":\"").append(id).append("\",");
        j.append("\"inputs\":[");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<TensorSpec> specs = m.inputs();
        for (int i = 0; i < specs.size(); i++) {
            Tensor t = inputs.get(i);
            DType dt = t.isString() ? DType.STRING : specs.get(i).dtype();
            int before = raw.size();
            BinaryTensors.write(raw, t, dt);
            j.append(i > 0 ? "," : "").append("{\"name\":\"").append(specs.get(i).name()).append("\",\"shape\":").append(dims(t.shape()))
                    .append(",\"datatype\":\"").append(Fixtures.v2(t, dt)).append("\",\"parameters\":{\"binary_data_size\":").append(raw.size() - before).append("}}");
        }
        j.append("],\"parameters\":{\"binary_data_output\":true}}");
        byte[] header = j.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header);
        body.writeBytes(raw.toByteArray());
        return b.header(ModelServer.INFERENCE_HEADER, Integer.toString(header.length)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    /** Each output's data in a v2 response, read from JSON or from the binary data after the header. */
    static List<List<JsonNode>> v2Outputs(Fixtures.Reply r) {
        List<List<JsonNode>> out = new ArrayList<>();
        int offset = r.jsonLength();
        for (JsonNode o : r.json().get("outputs")) {
            JsonNode size = o.path("parameters").path("binary_data_size");
            if (size.isMissingNode()) {
                out.add(flatten(o.get("data")));
                continue;
            }
            assertTrue(offset >= 0, "binary output without " + ModelServer.INFERENCE_HEADER);
            ByteBuffer b = ByteBuffer.wrap(r.bytes(), offset, size.intValue()).slice().order(ByteOrder.LITTLE_ENDIAN);
            offset += size.intValue();
            List<JsonNode> data = new ArrayList<>();
            String dt = o.get("datatype").asText();
            while (b.hasRemaining()) {
                switch (dt) {
                    case "FP32" -> data.add(FloatNode.valueOf(b.getFloat()));
                    case "BOOL" -> data.add(BooleanNode.valueOf(b.get() != 0));
                    case "INT32" -> data.add(LongNode.valueOf(b.getInt()));
                    case "INT64" -> data.add(LongNode.valueOf(b.getLong()));
                    case "BYTES" -> {
                        byte[] s = new byte[b.getInt()];
                        b.get(s);
                        data.add(TextNode.valueOf(new String(s, StandardCharsets.UTF_8)));
                    }
                    default -> fail("unexpected datatype " + dt);
                }
            }
            out.add(data);
        }
        if (r.jsonLength() >= 0) assertEquals(r.bytes().length, offset, "binary data left over");
        return out;
    }

    /** TF Serving's row format: a list of instances, each a value or an object keyed by input name. */
    static String tfRows(Model m, List<Tensor> inputs) {
        List<TensorSpec> specs = m.inputs();
        int n = inputs.get(0).dim(0);
        StringBuilder b = new StringBuilder("{\"signature_name\":\"serving_default\",\"instances\":[");
        for (int r = 0; r < n; r++) {
            if (r > 0) b.append(',');
            if (specs.size() > 1) b.append('{');
            for (int i = 0; i < specs.size(); i++) {
                if (i > 0) b.append(',');
                if (specs.size() > 1) b.append(quote(specs.get(i).name())).append(':');
                Tensor t = inputs.get(i);
                nested(b, t, specs.get(i).dtype(), t.shape().dims(), 1, r * t.shape().sizeFrom(1));
            }
            if (specs.size() > 1) b.append('}');
        }
        return b.append("]}").toString();
    }

    /** TF Serving's columnar format. */
    static String tfColumns(Model m, List<Tensor> inputs) {
        List<TensorSpec> specs = m.inputs();
        StringBuilder b = new StringBuilder("{\"inputs\":");
        if (specs.size() > 1) b.append('{');
        for (int i = 0; i < specs.size(); i++) {
            if (i > 0) b.append(',');
            if (specs.size() > 1) b.append(quote(specs.get(i).name())).append(':');
            nested(b, inputs.get(i), specs.get(i).dtype(), inputs.get(i).shape().dims(), 0, 0);
        }
        if (specs.size() > 1) b.append('}');
        return b.append('}').toString();
    }

    static void nested(StringBuilder b, Tensor t, DType dtype, int[] dims, int from, int offset) {
        if (from == dims.length) {
            b.append(t.isString() ? quote(t.strings()[offset]) : Fixtures.number(t.data()[offset], dtype));
            return;
        }
        int stride = 1;
        for (int i = from + 1; i < dims.length; i++) stride *= dims[i];
        b.append('[');
        for (int i = 0; i < dims[from]; i++) {
            if (i > 0) b.append(',');
            nested(b, t, dtype, dims, from + 1, offset + i * stride);
        }
        b.append(']');
    }

    static String dims(Shape s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.rank(); i++) b.append(i > 0 ? "," : "").append(s.dim(i));
        return b.append(']').toString();
    }

    static String quote(String s) {
        try {
            return Fixtures.JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<Tensor> fixtureInputs(String f) {
        Map<String, Tensor> in = Fixtures.inputs(f);
        List<Tensor> list = new ArrayList<>();
        for (TensorSpec s : MODELS.get(f).inputs()) list.add(in.get(s.name()));
        return list;
    }

    // ---- checks

    /** {@code data} (flat or nested JSON) holds exactly {@code want}: bit-identical floats, equal strings. */
    static void assertSame(String what, Tensor want, List<JsonNode> data) {
        assertEquals(want.size(), data.size(), what + ": element count");
        for (int k = 0; k < want.size(); k++) {
            if (want.isString()) {
                assertEquals(want.strings()[k], data.get(k).asText(), what + "[" + k + "]");
            } else {
                float got = Fixtures.value(data.get(k));
                assertEquals(Float.floatToIntBits(want.data()[k]), Float.floatToIntBits(got), what + "[" + k + "]: want " + want.data()[k] + ", got " + got);
            }
        }
    }

    /** {@code data} is within Keras's tolerance of the fixture's expected output; returns the largest error. */
    static double assertClose(String what, Tensor keras, List<JsonNode> data) {
        double max = 0;
        for (int k = 0; k < keras.size(); k++) {
            if (keras.isString()) {
                assertEquals(keras.strings()[k], data.get(k).asText(), what + "[" + k + "]");
                continue;
            }
            double want = keras.data()[k], got = Fixtures.value(data.get(k));
            if (Double.isNaN(want) && Double.isNaN(got) || want == got) continue;
            double err = Math.abs(got - want);
            assertTrue(err <= ATOL + RTOL * Math.abs(want), what + "[" + k + "]: Keras " + want + ", served " + got);
            max = Math.max(max, err);
        }
        return max;
    }

    static List<JsonNode> flatten(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        flatten(n, out);
        return out;
    }

    private static void flatten(JsonNode n, List<JsonNode> out) {
        if (n.isArray()) for (JsonNode c : n) flatten(c, out);
        else out.add(n);
    }

    // ---- Open Inference Protocol v2

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "functional_multi", "embedding_lstm", "ops_int_k3", "str_lookup_adapted", "str_text_classifier"})
    void v2InferMatchesKerasAndPredict(String f) {
        Model m = MODELS.get(f);
        List<Tensor> in = fixtureInputs(f);
        List<Tensor> direct = m.predict(in);
        Map<String, Tensor> keras = Fixtures.outputs(f);
        for (Form form : Form.values()) {
            Fixtures.Reply r = Fixtures.send(v2Request(f, "req-" + f, m, in, form));
            assertEquals(200, r.status(), r.body());
            assertEquals(form == Form.JSON, r.jsonLength() < 0, form + ": " + ModelServer.INFERENCE_HEADER + " " + r.jsonLength());
            assertTrue(r.contentType().startsWith(form == Form.JSON ? "application/json" : "application/octet-stream"), r.contentType());
            JsonNode j = r.json();
            assertEquals(f, j.get("model_name").asText());
            assertEquals("1", j.get("model_version").asText());
            assertEquals("req-" + f, j.get("id").asText());
            JsonNode outs = j.get("outputs");
            List<List<JsonNode>> data = v2Outputs(r);
            List<TensorSpec> specs = m.outputs();
            assertEquals(specs.size(), outs.size());
            for (int i = 0; i < specs.size(); i++) {
                JsonNode o = outs.get(i);
                String name = specs.get(i).name();
                assertEquals(name, o.get("name").asText());
                assertEquals(Datatypes.v2(specs.get(i).dtype()), o.get("datatype").asText());
                assertEquals(dims(direct.get(i).shape()), o.get("shape").toString());
                assertSame(form + " " + f + "/" + name, direct.get(i), data.get(i));
                Tensor k = keras.get(name);
                if (k != null) assertClose(f + "/" + name, k, data.get(i));
            }
        }
    }

    @Test
    void v2OutputsFilterAndOrderAndVersionPath() {
        Model m = MODELS.get("functional_multi");
        List<Tensor> in = fixtureInputs("functional_multi");
        List<Tensor> direct = m.predict(in);
        String body = tritonRequest(null, m, in).replace(",\"parameters\":{\"binary_data_output\":true}",
                ",\"outputs\":[{\"name\":\"add\",\"parameters\":{\"binary_data\":false}},{\"name\":\"out_main\",\"parameters\":{\"binary_data\":false}}]");
        Fixtures.Reply r = post(base, "/v2/models/functional_multi/versions/1/infer", body);
        assertEquals(200, r.status(), r.body());
        JsonNode outs = r.json().get("outputs");
        assertEquals(2, outs.size());
        assertEquals("add", outs.get(0).get("name").asText());
        assertEquals("out_main", outs.get(1).get("name").asText());
        assertSame("add", direct.get(2), flatten(outs.get(0).get("data")));
        assertSame("out_main", direct.get(0), flatten(outs.get(1).get("data")));
        assertFalse(r.json().has("id"));
    }

    @Test
    void v2NestedDataAndOtherFloatDatatypes() {
        Model m = MODELS.get("mlp");
        Tensor x = fixtureInputs("mlp").get(0);
        StringBuilder nested = new StringBuilder();
        nested(nested, x, DType.FLOAT32, x.shape().dims(), 0, 0);
        for (String dt : new String[] {"FP32", "FP64", "FP16"}) {
            Fixtures.Reply r = post(base, "/v2/models/mlp/infer",
                    "{\"inputs\":[{\"name\":\"x\",\"shape\":" + dims(x.shape()) + ",\"datatype\":\"" + dt + "\",\"data\":" + nested + "}]}");
            assertEquals(200, r.status(), r.body());
            assertSame(dt, m.predict(x), flatten(r.json().get("outputs").get(0).get("data")));
        }
    }

    @Test
    void v2MetadataHealthAndServer() {
        JsonNode meta = get(base, "/v2/models/functional_multi").json();
        assertEquals("functional_multi", meta.get("name").asText());
        assertEquals("jkeras", meta.get("platform").asText());
        assertEquals("[\"1\"]", meta.get("versions").toString());
        assertEquals("{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[-1,5]}", meta.get("inputs").get(0).toString());
        assertEquals(3, meta.get("outputs").size());
        assertEquals(meta, get(base, "/v2/models/functional_multi/versions/1").json());
        JsonNode strs = get(base, "/v2/models/str_lookup_adapted").json();
        assertEquals("BYTES", strs.get("inputs").get(0).get("datatype").asText());
        assertEquals("INT64", strs.get("outputs").get(0).get("datatype").asText());
        JsonNode ints = get(base, "/v2/models/ops_int_k3").json();
        assertEquals("INT32", ints.get("inputs").get(0).get("datatype").asText());
        assertTrue(ints.get("outputs").toString().contains("\"BOOL\""));

        assertEquals(200, get(base, "/v2/health/live").status());
        assertEquals(200, get(base, "/v2/health/ready").status());
        Fixtures.Reply ready = get(base, "/v2/models/mlp/ready");
        assertEquals(200, ready.status());
        assertTrue(ready.json().get("ready").asBoolean());
        JsonNode v2 = get(base, "/v2").json();
        assertEquals("jkeras", v2.get("name").asText());
        assertTrue(v2.has("version") && v2.get("extensions").isArray());
    }

    // ---- TensorFlow Serving

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "functional_multi", "embedding_lstm", "str_lookup_adapted", "str_text_classifier"})
    void tfServingRowAndColumnarFormats(String f) {
        Model m = MODELS.get(f);
        List<Tensor> in = fixtureInputs(f);
        List<Tensor> direct = m.predict(in);
        Map<String, Tensor> keras = Fixtures.outputs(f);
        List<TensorSpec> outs = m.outputs();

        Fixtures.Reply rows = post(base, "/v1/models/" + f + ":predict", tfRows(m, in));
        assertEquals(200, rows.status(), rows.body());
        JsonNode preds = rows.json().get("predictions");
        int n = in.get(0).dim(0);
        assertEquals(n, preds.size());
        for (int i = 0; i < outs.size(); i++) {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode p : preds) all.addAll(flatten(outs.size() == 1 ? p : p.get(outs.get(i).name())));
            assertSame(f + "/" + outs.get(i).name(), direct.get(i), all);
            Tensor k = keras.get(outs.get(i).name());
            if (k != null) assertClose(f + "/" + outs.get(i).name(), k, all);
        }

        Fixtures.Reply cols = post(base, "/v1/models/" + f + "/versions/1:predict", tfColumns(m, in));
        assertEquals(200, cols.status(), cols.body());
        JsonNode o = cols.json().get("outputs");
        for (int i = 0; i < outs.size(); i++) {
            JsonNode t = outs.size() == 1 ? o : o.get(outs.get(i).name());
            assertSame(f + "/" + outs.get(i).name(), direct.get(i), flatten(t));
            assertEquals(direct.get(i).dim(0), t.size()); // nested, batch first
        }
    }

    @Test
    void tfServingB64StringsAndIntegerOutputs() {
        Model m = MODELS.get("str_text_classifier");
        Tensor text = fixtureInputs("str_text_classifier").get(0);
        StringBuilder b = new StringBuilder("{\"instances\":[");
        for (int r = 0; r < text.dim(0); r++) {
            String b64 = Base64.getEncoder().encodeToString(text.strings()[r].getBytes(StandardCharsets.UTF_8));
            b.append(r > 0 ? "," : "").append("[{\"b64\":\"").append(b64).append("\"}]");
        }
        Fixtures.Reply r = post(base, "/v1/models/str_text_classifier:predict", b.append("]}").toString());
        assertEquals(200, r.status(), r.body());
        assertSame("probs", m.predict(text), flatten(r.json().get("predictions")));

        Fixtures.Reply ints = post(base, "/v1/models/ops_int_k3:predict", tfColumns(MODELS.get("ops_int_k3"), fixtureInputs("ops_int_k3")));
        assertEquals(200, ints.status(), ints.body());
        JsonNode outs = ints.json().get("outputs");
        assertTrue(outs.get("add").get(0).get(0).get(0).isIntegralNumber(), outs.get("add").toString());
        assertTrue(outs.get("greater").get(0).get(0).get(0).isBoolean(), outs.get("greater").toString());
    }

    @Test
    void tfServingStatusAndMetadata() {
        JsonNode status = get(base, "/v1/models/mlp").json();
        assertEquals("{\"model_version_status\":[{\"version\":\"1\",\"state\":\"AVAILABLE\",\"status\":{\"error_code\":\"OK\",\"error_message\":\"\"}}]}",
                status.toString());
        assertEquals(status, get(base, "/v1/models/mlp/versions/1").json());
        JsonNode sig = get(base, "/v1/models/functional_multi/metadata").json().get("metadata").get("signature_def").get("signature_def")
                .get("serving_default");
        assertEquals("DT_FLOAT", sig.get("inputs").get("a").get("dtype").asText());
        assertEquals("[{\"size\":\"-1\",\"name\":\"\"},{\"size\":\"5\",\"name\":\"\"}]", sig.get("inputs").get("a").get("tensor_shape").get("dim").toString());
        assertEquals("tensorflow/serving/predict", sig.get("method_name").asText());
        assertEquals(3, sig.get("outputs").size());
        assertEquals("DT_STRING", get(base, "/v1/models/str_lookup_adapted/metadata").json().get("metadata").get("signature_def")
                .get("signature_def").get("serving_default").get("inputs").get("tok").get("dtype").asText());
    }

    // ---- errors

    static void assertError(int status, String fragment, Fixtures.Reply r) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        String message = r.json().get("error").asText();
        assertTrue(message.contains(fragment), "'" + message + "' should contain '" + fragment + "'");
    }

    @Test
    void badRequestsGet400WithTheModelsMessage() {
        Model m = MODELS.get("mlp");
        // the same message as the CLI's (Model.checkInputs)
        Tensor wrong = Tensor.of(Shape.of(1, 3), new float[3]);
        String want;
        try {
            m.checkInputs(List.of(wrong));
            throw new AssertionError("checkInputs accepted a wrong shape");
        } catch (InputException e) {
            want = e.getMessage();
        }
        Fixtures.Reply r = post(base, "/v2/models/mlp/infer", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
        assertError(400, "", r);
        assertEquals(want, r.json().get("error").asText());
        assertEquals(want, post(base, "/v1/models/mlp:predict", "{\"instances\":[[1,2,3]]}").json().get("error").asText());

        assertError(400, "bad JSON", post(base, "/v2/models/mlp/infer", "{\"inputs\":[{\"name\":"));
        assertError(400, "bad JSON", post(base, "/v1/models/mlp:predict", "{instances: 1}"));
        assertError(400, "needs 7 values, the data holds 3", post(base, "/v2/models/mlp/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}"));
        assertError(400, "has no input 'y'", post(base, "/v2/models/mlp/infer",
                "{\"inputs\":[{\"name\":\"y\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7]}]}"));
        assertError(400, "input 'b' is missing", post(base, "/v2/models/functional_multi/infer",
                "{\"inputs\":[{\"name\":\"a\",\"shape\":[1,5],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5]}]}"));
        assertError(400, "has no output 'nope'", post(base, "/v2/models/mlp/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7]}],\"outputs\":[{\"name\":\"nope\"}]}"));
        assertError(400, "unknown datatype 'FP8'", post(base, "/v2/models/mlp/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,7],\"datatype\":\"FP8\",\"data\":[1,2,3,4,5,6,7]}]}"));
        assertError(400, "the model expects BYTES", post(base, "/v2/models/str_text_classifier/infer",
                "{\"inputs\":[{\"name\":\"text\",\"shape\":[1,1],\"datatype\":\"FP32\",\"data\":[1]}]}"));
        assertError(400, "takes strings", post(base, "/v2/models/str_text_classifier/infer",
                "{\"inputs\":[{\"name\":\"text\",\"shape\":[1,1],\"datatype\":\"BYTES\",\"data\":[1]}]}"));
        assertError(400, "has no Inference-Header-Content-Length header", post(base, "/v2/models/mlp/infer",
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,7],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":28}}]}"));
        assertError(400, "2 bytes of binary data beyond", Fixtures.send(HttpRequest.newBuilder(base.resolve("/v2/models/mlp/infer"))
                .header(ModelServer.INFERENCE_HEADER, "13").POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[]}\u0000\u0001"))));
        assertError(400, "not a length within the body", Fixtures.send(HttpRequest.newBuilder(base.resolve("/v2/models/mlp/infer"))
                .header(ModelServer.INFERENCE_HEADER, "99").POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[]}"))));
        String header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,7],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":8}}]}";
        assertError(400, "binary_data_size is 8 bytes, its shape needs 7 FP32 elements", Fixtures.send(HttpRequest.newBuilder(base.resolve("/v2/models/mlp/infer"))
                .header(ModelServer.INFERENCE_HEADER, Integer.toString(header.length())).POST(HttpRequest.BodyPublishers.ofString(header + "12345678"))));
        // integers: whole and within what float32 holds exactly
        assertError(400, "takes integers", post(base, "/v2/models/embedding_lstm/infer",
                "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[1,6],\"datatype\":\"INT32\",\"data\":[1,2,3,4,5,6.5]}]}"));
        assertError(400, "16777217 is out of range", post(base, "/v2/models/embedding_lstm/infer",
                "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[1,6],\"datatype\":\"INT64\",\"data\":[1,2,3,4,5,16777217]}]}"));
        assertError(400, "out of range for uint8", post(base, "/v2/models/embedding_lstm/infer",
                "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[1,6],\"datatype\":\"UINT8\",\"data\":[1,2,3,4,5,256]}]}"));
        // TF Serving forms
        assertError(400, "signature name", post(base, "/v1/models/mlp:predict", "{\"signature_name\":\"other\",\"instances\":[[1,2,3,4,5,6,7]]}"));
        assertError(400, "Missing 'inputs' or 'instances'", post(base, "/v1/models/mlp:predict", "{}"));
        assertError(400, "same shape", post(base, "/v1/models/mlp:predict", "{\"instances\":[[1,2,3,4,5,6,7],[1,2]]}"));
        assertError(400, "ragged", post(base, "/v1/models/mlp:predict", "{\"inputs\":[[1,2,3,4,5,6,7],[1,2]]}"));
        assertError(400, "each instance must be an object", post(base, "/v1/models/functional_multi:predict", "{\"instances\":[[1,2,3,4,5]]}"));
        assertError(400, ":predict only", post(base, "/v1/models/mlp:classify", "{\"instances\":[[1,2,3,4,5,6,7]]}"));
    }

    @Test
    void unknownModelsAndEndpointsGet404AndWrongMethods405() {
        assertError(404, "unknown model 'nope'", post(base, "/v2/models/nope/infer", "{}"));
        assertError(404, "unknown model 'nope'", get(base, "/v2/models/nope"));
        assertError(404, "no version '7'", get(base, "/v2/models/mlp/versions/7"));
        assertError(404, "Servable not found", post(base, "/v1/models/nope:predict", "{\"instances\":[1]}"));
        assertError(404, "Servable not found", get(base, "/v1/models/mlp/versions/2"));
        assertError(404, "no such endpoint", get(base, "/"));
        assertError(405, "use POST", get(base, "/v2/models/mlp/infer"));
        assertError(405, "use GET", post(base, "/v2/models/mlp", "{}"));
    }

    @Test
    void tooLargeBodiesGet413() {
        StringBuilder b = new StringBuilder("{\"instances\":[");
        while (b.length() < (1 << 20) + 10) b.append("[1,2,3,4,5,6,7],");
        b.append("[1,2,3,4,5,6,7]]}");
        assertError(413, "at most 1048576 bytes", post(base, "/v1/models/mlp:predict", b.toString()));
        // streamed without a Content-Length (chunked)
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        Fixtures.Reply chunked = Fixtures.send(HttpRequest.newBuilder(base.resolve("/v1/models/mlp:predict"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
        assertError(413, "more than 1048576 bytes", chunked);
        // the server still answers
        assertEquals(200, get(base, "/v2/health/live").status());
    }

    // ---- concurrency, metrics

    @Test
    void concurrentRequestsAreBitIdenticalToSinglePredicts() throws Exception {
        Model m = MODELS.get("functional_multi");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(client);
                    for (int k = 0; k < 12; k++) {
                        int n = 1 + rnd.nextInt(3);
                        List<Tensor> in = new ArrayList<>();
                        for (int i = 0; i < 2; i++) {
                            float[] d = new float[n * 5];
                            for (int e = 0; e < d.length; e++) d[e] = (float) rnd.nextGaussian();
                            in.add(Tensor.of(Shape.of(n, 5), d));
                        }
                        boolean tf = rnd.nextBoolean();
                        Fixtures.Reply r = tf ? post(base, "/v1/models/functional_multi:predict", tfColumns(m, in))
                                : Fixtures.send(v2Request("functional_multi", "c" + client + "-" + k, m, in, Form.values()[k % 3]));
                        assertEquals(200, r.status(), r.body());
                        List<Tensor> alone = m.predict(in);
                        for (int i = 0; i < alone.size(); i++) {
                            String name = m.outputs().get(i).name();
                            List<JsonNode> data = tf ? flatten(r.json().get("outputs").get(name)) : v2Outputs(r).get(i);
                            assertSame("client " + client + " request " + k + " " + name, alone.get(i), data);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        String scrape = get(base, "/metrics").body();
        assertTrue(scrape.contains("jkeras_requests_total{model=\"functional_multi\",protocol=\"v2\",code=\"200\"}"), scrape);
        assertTrue(scrape.contains("jkeras_requests_total{model=\"functional_multi\",protocol=\"tfserving\",code=\"200\"}"), scrape);
        assertTrue(scrape.contains("jkeras_batch_size_count{model=\"functional_multi\"}"), scrape);
    }

    @Test
    void metricsEndpoint() {
        post(base, "/v2/models/nope/infer", "{}");
        Fixtures.Reply r = get(base, "/metrics");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/plain; version=0.0.4"), r.contentType());
        assertTrue(r.body().contains("# TYPE jkeras_requests_total counter"), r.body());
        assertTrue(r.body().contains("code=\"404\""), r.body());
        assertTrue(r.body().contains("jkeras_queue_depth{model=\"mlp\"}"), r.body());
        if (!r.body().contains("model=\"\"")) fail("an unknown model is counted without its name: " + r.body());
    }
}
