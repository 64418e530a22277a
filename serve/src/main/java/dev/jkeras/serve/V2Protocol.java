package dev.jkeras.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jkeras.graph.TensorSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Open Inference Protocol v2 REST API (KServe, Triton): {@code /v2}, {@code /v2/health/live|ready},
 * {@code /v2/models/NAME[/versions/1]} (metadata), {@code .../ready} and {@code .../infer}. Tensor data is JSON or
 * the binary tensor data extension (tritonclient's default), in requests and, where asked for, in responses.
 */
final class V2Protocol {
    private final Map<String, ServedModel> models;
    private final String version;

    V2Protocol(Map<String, ServedModel> models, String version) {
        this.models = models;
        this.version = version;
    }

    /** Answers a call whose path starts with {@code v2}. */
    CompletableFuture<Call.Reply> handle(Call c, ServerState state) throws IOException {
        c.protocol = "v2";
        List<String> s = c.segments.subList(1, c.segments.size());
        if (s.isEmpty()) {
            c.require("GET");
            return Call.Reply.now(Call.Reply.ok(g -> {
                g.writeStartObject();
                g.writeStringField("name", "jkeras");
                g.writeStringField("version", version);
                g.writeArrayFieldStart("extensions");
                g.writeEndArray();
                g.writeEndObject();
            }));
        }
        if (s.get(0).equals("health") && s.size() == 2 && (s.get(1).equals("live") || s.get(1).equals("ready"))) {
            c.require("GET");
            c.protocol = "health";
            boolean ok = s.get(1).equals("live") || state.ready();
            return Call.Reply.now(Call.Reply.json(ok ? 200 : 503, Json.bytes(g -> {
                g.writeStartObject();
                g.writeBooleanField(s.get(1), ok);
                g.writeEndObject();
            })));
        }
        if (!s.get(0).equals("models") || s.size() < 2) throw HttpError.notFound("no such endpoint: /" + String.join("/", c.segments));
        ServedModel m = models.get(s.get(1));
        if (m == null) throw HttpError.notFound("unknown model '" + s.get(1) + "'; this server serves " + String.join(", ", models.keySet()));
        c.model = m.name();
        List<String> rest = s.subList(2, s.size());
        if (rest.size() >= 2 && rest.get(0).equals("versions")) {
            if (!rest.get(1).equals(ServedModel.VERSION)) {
                throw HttpError.notFound("model '" + m.name() + "' has no version '" + rest.get(1) + "'; its one version is " + ServedModel.VERSION);
            }
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            c.require("GET");
            return Call.Reply.now(Call.Reply.ok(g -> metadata(g, m)));
        }
        if (rest.size() == 1 && rest.get(0).equals("ready")) {
            c.require("GET");
            boolean ok = state.ready();
            return Call.Reply.now(Call.Reply.json(ok ? 200 : 503, Json.bytes(g -> {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeBooleanField("ready", ok);
                g.writeEndObject();
            })));
        }
        if (rest.size() == 1 && rest.get(0).equals("infer")) {
            c.require("POST");
            return infer(c, m);
        }
        throw HttpError.notFound("no such endpoint: /" + String.join("/", c.segments));
    }

    private static void metadata(JsonGenerator g, ServedModel m) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", m.name());
        g.writeArrayFieldStart("versions");
        g.writeString(ServedModel.VERSION);
        g.writeEndArray();
        g.writeStringField("platform", "jkeras");
        tensors(g, "inputs", m.inputs());
        tensors(g, "outputs", m.outputs());
        g.writeEndObject();
    }

    private static void tensors(JsonGenerator g, String field, List<TensorSpec> specs) throws IOException {
        g.writeArrayFieldStart(field);
        for (TensorSpec t : specs) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            g.writeStringField("datatype", Datatypes.v2(t.dtype()));
            g.writeArrayFieldStart("shape");
            for (int d : t.shape().dims()) g.writeNumber(d);
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** One entry of the request's {@code inputs}. */
    private static final class Input {
        String name, datatype;
        int[] shape;
        JsonTensors.Values data;
        long binarySize = -1;
    }

    /** One entry of the request's {@code outputs}: a name and whether it asks for binary data (null: the request's default). */
    private record Wanted(String name, Boolean binary) {}

    private CompletableFuture<Call.Reply> infer(Call c, ServedModel m) throws IOException {
        String id = null;
        List<Input> inputs = null;
        List<Wanted> wanted = null;
        boolean binaryOutput = false;
        long maxValues = m.model().maxTensorElements();
        try (JsonParser p = Json.FACTORY.createParser(c.body, 0, c.jsonEnd())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw HttpError.badRequest("the request body must be a JSON object");
            while (Json.next(p) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                Json.next(p);
                switch (f) {
                    case "id" -> id = Json.string(p, "\"id\"");
                    case "inputs" -> inputs = inputs(p, maxValues);
                    case "outputs" -> wanted = outputs(p);
                    case "parameters" -> binaryOutput = Boolean.TRUE.equals(booleanParameter(p, "binary_data_output"));
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw HttpError.badRequest("unexpected data after the JSON object");
        }
        if (inputs == null) throw HttpError.badRequest("the request has no \"inputs\"");
        int offset = c.jsonEnd();
        for (Input in : inputs) {
            if (in.binarySize < 0) continue;
            String what = "input '" + in.name + "'";
            if (in.data != null) throw HttpError.badRequest(what + " has both \"data\" and binary_data_size");
            if (c.jsonLength < 0) throw HttpError.badRequest(what + " has binary_data_size but the request has no Inference-Header-Content-Length header");
            if (in.binarySize > c.body.length - offset) throw HttpError.badRequest(what + ": binary_data_size " + in.binarySize + " runs past the end of the body");
            if (in.shape == null || in.datatype == null) throw HttpError.badRequest(what + " needs \"shape\" and \"datatype\"");
            long count = 1;
            for (int d : in.shape) count = Math.min(count * d, 1L << 31); // saturates: a count past int range never matches a size
            in.data = BinaryTensors.read(c.body, offset, (int) in.binarySize, in.datatype, count, what);
            offset += (int) in.binarySize;
        }
        if (c.jsonLength >= 0 && offset != c.body.length) {
            throw HttpError.badRequest("the body holds " + (c.body.length - offset) + " bytes of binary data beyond the inputs' binary_data_size");
        }
        List<TensorSpec> specs = m.inputs();
        Tensor[] ordered = new Tensor[specs.size()];
        for (Input in : inputs) {
            int i = m.inputIndex(in.name);
            if (i < 0) throw HttpError.badRequest("model '" + m.name() + "' has no input '" + in.name + "'; its inputs are " + names(specs));
            if (ordered[i] != null) throw HttpError.badRequest("input '" + in.name + "' is given twice");
            ordered[i] = tensor(in, specs.get(i));
        }
        for (int i = 0; i < ordered.length; i++) {
            if (ordered[i] == null) throw HttpError.badRequest("input '" + specs.get(i).name() + "' is missing; model '" + m.name() + "' takes " + names(specs));
        }
        List<TensorSpec> outSpecs = m.outputs();
        List<Integer> outIdx = new ArrayList<>();
        List<Boolean> outBinary = new ArrayList<>();
        if (wanted == null) {
            for (int i = 0; i < outSpecs.size(); i++) {
                outIdx.add(i);
                outBinary.add(binaryOutput);
            }
        } else {
            for (Wanted w : wanted) {
                int i = m.outputIndex(w.name());
                if (i < 0) throw HttpError.badRequest("model '" + m.name() + "' has no output '" + w.name() + "'; its outputs are " + names(outSpecs));
                outIdx.add(i);
                outBinary.add(w.binary() != null ? w.binary() : binaryOutput);
            }
        }
        String requestId = id;
        return m.inference().submit(List.of(ordered)).thenApply(outs -> reply(m, requestId, outs, outIdx, outBinary));
    }

    /** The response: JSON, or a JSON header followed by the binary data of the outputs asked for as binary. */
    private static Call.Reply reply(ServedModel m, String id, List<Tensor> outs, List<Integer> outIdx, List<Boolean> outBinary) {
        List<TensorSpec> outSpecs = m.outputs();
        byte[] header = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("model_name", m.name());
            g.writeStringField("model_version", ServedModel.VERSION);
            if (id != null) g.writeStringField("id", id);
            g.writeArrayFieldStart("outputs");
            for (int k = 0; k < outIdx.size(); k++) {
                int i = outIdx.get(k);
                Tensor t = outs.get(i);
                DType dt = outSpecs.get(i).dtype();
                g.writeStartObject();
                g.writeStringField("name", outSpecs.get(i).name());
                g.writeStringField("datatype", Datatypes.v2(dt));
                g.writeArrayFieldStart("shape");
                for (int d : t.shape().dims()) g.writeNumber(d);
                g.writeEndArray();
                if (outBinary.get(k)) {
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", BinaryTensors.size(t, dt));
                    g.writeEndObject();
                } else {
                    g.writeFieldName("data");
                    JsonTensors.writeFlat(g, t, dt);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        if (!outBinary.contains(true)) return Call.Reply.json(200, header);
        ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + 1024);
        body.writeBytes(header);
        for (int k = 0; k < outIdx.size(); k++) {
            if (outBinary.get(k)) BinaryTensors.write(body, outs.get(outIdx.get(k)), outSpecs.get(outIdx.get(k)).dtype());
        }
        return new Call.Reply(200, "application/octet-stream", body.toByteArray(), header.length);
    }

    private static Tensor tensor(Input in, TensorSpec spec) {
        String what = "input '" + in.name + "'";
        if (in.datatype == null) throw HttpError.badRequest(what + " has no \"datatype\"");
        if (in.shape == null) throw HttpError.badRequest(what + " has no \"shape\"");
        if (in.data == null) throw HttpError.badRequest(what + " has no \"data\"");
        DType given = Datatypes.fromV2(in.datatype);
        if (given == null) {
            throw HttpError.badRequest(what + ": unknown datatype '" + in.datatype + "' (FP16, FP32, FP64, INT8..INT64, UINT8..UINT64, BOOL, BYTES)");
        }
        if ((given == DType.STRING) != (spec.dtype() == DType.STRING)) {
            throw HttpError.badRequest(what + " has datatype " + in.datatype + ", the model expects " + Datatypes.v2(spec.dtype()));
        }
        return in.data.toTensor(Shape.of(in.shape), given, what + " (" + in.datatype + ")");
    }

    private static List<Input> inputs(JsonParser p, long maxValues) throws IOException {
        Json.expect(p, JsonToken.START_ARRAY, "\"inputs\"");
        List<Input> list = new ArrayList<>();
        while (Json.next(p) != JsonToken.END_ARRAY) {
            Json.expect(p, JsonToken.START_OBJECT, "each of \"inputs\"");
            Input in = new Input();
            while (Json.next(p) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                Json.next(p);
                switch (f) {
                    case "name" -> in.name = Json.string(p, "an input's \"name\"");
                    case "datatype" -> in.datatype = Json.string(p, "an input's \"datatype\"");
                    case "shape" -> in.shape = shape(p);
                    case "data" -> in.data = JsonTensors.read(p, "input '" + (in.name == null ? "?" : in.name) + "'", maxValues);
                    case "parameters" -> in.binarySize = binarySize(p);
                    default -> p.skipChildren();
                }
            }
            if (in.name == null) throw HttpError.badRequest("an entry of \"inputs\" has no \"name\"");
            list.add(in);
        }
        return list;
    }

    /** Reads an input's {@code parameters}: its {@code binary_data_size}, or -1. */
    private static long binarySize(JsonParser p) throws IOException {
        Json.expect(p, JsonToken.START_OBJECT, "\"parameters\"");
        long size = -1;
        while (Json.next(p) == JsonToken.FIELD_NAME) {
            boolean isSize = p.currentName().equals("binary_data_size");
            Json.next(p);
            if (isSize) {
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                    throw HttpError.badRequest("binary_data_size must be a whole number of bytes, found " + p.getText());
                }
                size = p.getLongValue();
            }
            p.skipChildren();
        }
        return size;
    }

    /** Reads a {@code parameters} object and returns its boolean parameter {@code name} (null when absent). */
    private static Boolean booleanParameter(JsonParser p, String name) throws IOException {
        Json.expect(p, JsonToken.START_OBJECT, "\"parameters\"");
        Boolean value = null;
        while (Json.next(p) == JsonToken.FIELD_NAME) {
            boolean match = p.currentName().equals(name);
            Json.next(p);
            if (match) {
                if (!p.currentToken().isBoolean()) throw HttpError.badRequest("parameter " + name + " must be true or false");
                value = p.getBooleanValue();
            }
            p.skipChildren();
        }
        return value;
    }

    private static int[] shape(JsonParser p) throws IOException {
        Json.expect(p, JsonToken.START_ARRAY, "\"shape\"");
        List<Integer> dims = new ArrayList<>();
        while (Json.next(p) != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 0) {
                throw HttpError.badRequest("\"shape\" must hold whole numbers ≥ 0, found " + p.getText());
            }
            if (dims.size() >= Json.MAX_DEPTH) throw HttpError.badRequest("\"shape\" has more than " + Json.MAX_DEPTH + " dimensions");
            dims.add(p.getIntValue());
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Wanted> outputs(JsonParser p) throws IOException {
        Json.expect(p, JsonToken.START_ARRAY, "\"outputs\"");
        List<Wanted> list = new ArrayList<>();
        while (Json.next(p) != JsonToken.END_ARRAY) {
            Json.expect(p, JsonToken.START_OBJECT, "each of \"outputs\"");
            String name = null;
            Boolean binary = null;
            while (Json.next(p) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                Json.next(p);
                if (f.equals("name")) name = Json.string(p, "an output's \"name\"");
                else if (f.equals("parameters")) binary = booleanParameter(p, "binary_data");
                else p.skipChildren();
            }
            if (name == null) throw HttpError.badRequest("an entry of \"outputs\" has no \"name\"");
            list.add(new Wanted(name, binary));
        }
        return list;
    }

    static String names(List<TensorSpec> specs) {
        List<String> n = new ArrayList<>();
        for (TensorSpec t : specs) n.add("'" + t.name() + "'");
        return String.join(", ", n);
    }
}
