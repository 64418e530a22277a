package dev.jkeras.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jkeras.graph.TensorSpec;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * TensorFlow Serving's REST API: {@code GET /v1/models/NAME[/versions/1]} (status), {@code .../metadata} (the
 * {@code serving_default} signature) and {@code POST .../NAME[/versions/1]:predict} in the row ({@code "instances"})
 * or columnar ({@code "inputs"}) format, answered with {@code "predictions"} or {@code "outputs"} as TF Serving does.
 */
final class TfServingProtocol {
    static final String SIGNATURE = "serving_default";

    private final Map<String, ServedModel> models;

    TfServingProtocol(Map<String, ServedModel> models) {
        this.models = models;
    }

    /** Answers a call whose path starts with {@code v1/models}. */
    CompletableFuture<Call.Reply> handle(Call c) throws IOException {
        c.protocol = "tfserving";
        List<String> s = new ArrayList<>(c.segments.subList(2, c.segments.size()));
        if (s.isEmpty()) throw HttpError.notFound("no such endpoint: /v1/models (name a model: /v1/models/NAME)");
        String verb = null;
        String last = s.get(s.size() - 1);
        int colon = last.lastIndexOf(':');
        if (colon >= 0) {
            verb = last.substring(colon + 1);
            s.set(s.size() - 1, last.substring(0, colon));
        }
        ServedModel m = models.get(s.get(0));
        if (m == null) throw HttpError.notFound("Servable not found for request: Latest(" + s.get(0) + ")");
        c.model = m.name();
        List<String> rest = s.subList(1, s.size());
        if (rest.size() >= 2 && (rest.get(0).equals("versions") || rest.get(0).equals("labels"))) {
            if (rest.get(0).equals("versions") && !rest.get(1).equals(ServedModel.VERSION)) {
                throw HttpError.notFound("Servable not found for request: Specific(" + m.name() + ", " + rest.get(1) + ")");
            }
            if (rest.get(0).equals("labels")) throw HttpError.notFound("model '" + m.name() + "' has no version labels");
            rest = rest.subList(2, rest.size());
        }
        if (verb != null) {
            if (!rest.isEmpty()) throw HttpError.notFound("no such endpoint: /" + String.join("/", c.segments));
            if (!verb.equals("predict")) {
                throw HttpError.badRequest("jkeras serves :predict only, not :" + verb + " (Keras models have no classify or regress signature)");
            }
            c.require("POST");
            return predict(c, m);
        }
        if (rest.isEmpty()) {
            c.require("GET");
            return Call.Reply.now(Call.Reply.ok(TfServingProtocol::status));
        }
        if (rest.size() == 1 && rest.get(0).equals("metadata")) {
            c.require("GET");
            return Call.Reply.now(Call.Reply.ok(g -> metadata(g, m)));
        }
        throw HttpError.notFound("no such endpoint: /" + String.join("/", c.segments));
    }

    private static void status(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("model_version_status");
        g.writeStartObject();
        g.writeStringField("version", ServedModel.VERSION);
        g.writeStringField("state", "AVAILABLE");
        g.writeObjectFieldStart("status");
        g.writeStringField("error_code", "OK");
        g.writeStringField("error_message", "");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void metadata(JsonGenerator g, ServedModel m) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("model_spec");
        g.writeStringField("name", m.name());
        g.writeStringField("signature_name", "");
        g.writeStringField("version", ServedModel.VERSION);
        g.writeEndObject();
        g.writeObjectFieldStart("metadata");
        g.writeObjectFieldStart("signature_def");
        g.writeObjectFieldStart("signature_def");
        g.writeObjectFieldStart(SIGNATURE);
        signature(g, "inputs", m.inputs(), "serving_default_");
        signature(g, "outputs", m.outputs(), "StatefulPartitionedCall_");
        g.writeStringField("method_name", "tensorflow/serving/predict");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void signature(JsonGenerator g, String field, List<TensorSpec> specs, String prefix) throws IOException {
        g.writeObjectFieldStart(field);
        for (TensorSpec t : specs) {
            g.writeObjectFieldStart(t.name());
            g.writeStringField("dtype", Datatypes.tf(t.dtype()));
            g.writeObjectFieldStart("tensor_shape");
            g.writeArrayFieldStart("dim");
            for (int d : t.shape().dims()) {
                g.writeStartObject();
                g.writeStringField("size", Integer.toString(d));
                g.writeStringField("name", "");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("unknown_rank", false);
            g.writeEndObject();
            g.writeStringField("name", prefix + t.name() + ":0");
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private CompletableFuture<Call.Reply> predict(Call c, ServedModel m) throws IOException {
        List<TensorSpec> specs = m.inputs();
        long maxValues = m.model().maxTensorElements();
        Tensor[] inputs = null;
        Boolean rows = null;
        try (JsonParser p = Json.FACTORY.createParser(c.body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw HttpError.badRequest("the request body must be a JSON object");
            while (Json.next(p) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                Json.next(p);
                switch (f) {
                    case "signature_name" -> {
                        String sig = Json.string(p, "\"signature_name\"");
                        if (!sig.equals(SIGNATURE)) throw HttpError.badRequest("Serving signature name: \"" + sig + "\" not found in signature def");
                    }
                    case "instances", "inputs" -> {
                        if (rows != null) throw HttpError.badRequest("give either \"instances\" (row format) or \"inputs\" (columnar format), not both");
                        rows = f.equals("instances");
                        inputs = rows ? instances(p, m, maxValues) : columns(p, m, maxValues);
                    }
                    default -> throw HttpError.badRequest("unknown field \"" + f + "\": a predict request holds \"instances\" or \"inputs\", and "
                            + "optionally \"signature_name\"");
                }
            }
            if (p.nextToken() != null) throw HttpError.badRequest("unexpected data after the JSON object");
        }
        if (rows == null) throw HttpError.badRequest("Missing 'inputs' or 'instances' key");
        boolean rowFormat = rows;
        Tensor[] in = inputs;
        List<TensorSpec> outSpecs = m.outputs();
        return m.inference().submit(List.of(in)).thenApply(outs -> {
            if (rowFormat) {
                int n = in[0].dim(0);
                for (int i = 0; i < outs.size(); i++) {
                    if (outs.get(i).rank() == 0 || outs.get(i).dim(0) != n) {
                        throw HttpError.badRequest("output '" + outSpecs.get(i).name() + "' has shape " + outs.get(i).shape() + ", not one row per instance ("
                                + n + "): ask in the columnar format (\"inputs\")");
                    }
                }
            }
            return Call.Reply.ok(g -> {
                g.writeStartObject();
                if (rowFormat) {
                    g.writeArrayFieldStart("predictions");
                    int n = in[0].dim(0);
                    for (int r = 0; r < n; r++) {
                        if (outs.size() == 1) {
                            row(g, outs.get(0), outSpecs.get(0), r);
                        } else {
                            g.writeStartObject();
                            for (int i = 0; i < outs.size(); i++) {
                                g.writeFieldName(outSpecs.get(i).name());
                                row(g, outs.get(i), outSpecs.get(i), r);
                            }
                            g.writeEndObject();
                        }
                    }
                    g.writeEndArray();
                } else {
                    g.writeFieldName("outputs");
                    if (outs.size() == 1) {
                        whole(g, outs.get(0), outSpecs.get(0));
                    } else {
                        g.writeStartObject();
                        for (int i = 0; i < outs.size(); i++) {
                            g.writeFieldName(outSpecs.get(i).name());
                            whole(g, outs.get(i), outSpecs.get(i));
                        }
                        g.writeEndObject();
                    }
                }
                g.writeEndObject();
            });
        });
    }

    private static void row(JsonGenerator g, Tensor t, TensorSpec spec, int r) throws IOException {
        int[] dims = t.shape().dims();
        JsonTensors.writeNested(g, t, spec.dtype(), dims, 1, r * t.shape().sizeFrom(1));
    }

    private static void whole(JsonGenerator g, Tensor t, TensorSpec spec) throws IOException {
        JsonTensors.writeNested(g, t, spec.dtype(), t.shape().dims(), 0, 0);
    }

    /** The row format: a list of instances, each a value (one-input models) or an object keyed by input name. */
    private static Tensor[] instances(JsonParser p, ServedModel m, long maxValues) throws IOException {
        Json.expect(p, JsonToken.START_ARRAY, "\"instances\"");
        List<TensorSpec> specs = m.inputs();
        List<List<JsonTensors.Values>> perInput = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) perInput.add(new ArrayList<>());
        Boolean named = null;
        int n = 0;
        long values = 0;
        boolean b64Values = specs.size() == 1 && specs.get(0).dtype() == DType.STRING && !specs.get(0).name().equals("b64");
        while (Json.next(p) != JsonToken.END_ARRAY) {
            JsonTensors.Values single = null;
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                t = Json.next(p);
                if (b64Values && t == JsonToken.FIELD_NAME && p.currentName().equals("b64")) single = JsonTensors.b64Value(p, "instance " + n);
            }
            boolean isNamed = p.currentToken() != JsonToken.START_ARRAY && single == null && (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT);
            if (named != null && named != isNamed) {
                throw HttpError.badRequest("all instances must be of the same form: either all objects keyed by input name or all values");
            }
            named = isNamed;
            if (isNamed) {
                boolean[] seen = new boolean[specs.size()];
                for (; t == JsonToken.FIELD_NAME; t = Json.next(p)) {
                    String name = p.currentName();
                    int i = m.inputIndex(name);
                    if (i < 0) throw HttpError.badRequest("model '" + m.name() + "' has no input '" + name + "'; its inputs are " + V2Protocol.names(specs));
                    if (seen[i]) throw HttpError.badRequest("instance " + n + " gives input '" + name + "' twice");
                    seen[i] = true;
                    Json.next(p);
                    JsonTensors.Values v = JsonTensors.read(p, "input '" + name + "' of instance " + n, maxValues);
                    values += v.count;
                    if (values > maxValues) throw new HttpError(413, "the instances hold more than " + maxValues + " values");
                    perInput.get(i).add(v);
                }
                for (int i = 0; i < seen.length; i++) {
                    if (!seen[i]) throw HttpError.badRequest("instance " + n + " lacks input '" + specs.get(i).name() + "'; model '" + m.name() + "' takes " + V2Protocol.names(specs));
                }
            } else {
                if (specs.size() != 1) {
                    throw HttpError.badRequest("model '" + m.name() + "' has " + specs.size() + " inputs: each instance must be an object keyed by input name ("
                            + V2Protocol.names(specs) + ")");
                }
                JsonTensors.Values v = single != null ? single : JsonTensors.read(p, "instance " + n, maxValues);
                values += v.count;
                if (values > maxValues) throw new HttpError(413, "the instances hold more than " + maxValues + " values");
                perInput.get(0).add(v);
            }
            n++;
        }
        if (n == 0) throw HttpError.badRequest("\"instances\" is empty");
        Tensor[] out = new Tensor[specs.size()];
        for (int i = 0; i < specs.size(); i++) out[i] = stack(perInput.get(i), specs.get(i));
        return out;
    }

    /** Stacks per-instance values of one input into a tensor with the instances as its batch dimension. */
    private static Tensor stack(List<JsonTensors.Values> samples, TensorSpec spec) {
        String what = "input '" + spec.name() + "'";
        JsonTensors.Values first = samples.get(0);
        if (!first.rectangular()) throw HttpError.badRequest(what + " of instance 0 is a ragged list (rows of different lengths)");
        for (int k = 1; k < samples.size(); k++) {
            JsonTensors.Values v = samples.get(k);
            if (!v.rectangular() || !java.util.Arrays.equals(v.shape, first.shape)) {
                throw HttpError.badRequest(what + ": instance " + k + " has shape " + (v.rectangular() ? java.util.Arrays.toString(v.shape) : "(ragged)")
                        + ", instance 0 has " + java.util.Arrays.toString(first.shape) + "; all instances must have the same shape");
            }
        }
        JsonTensors.Values all = JsonTensors.Values.concat(samples);
        int[] dims = new int[first.shape.length + 1];
        dims[0] = samples.size();
        System.arraycopy(first.shape, 0, dims, 1, first.shape.length);
        return all.toTensor(Shape.of(dims), spec.dtype(), what);
    }

    /** The columnar format: one value (one-input models) or an object keyed by input name, each holding the whole batch. */
    private static Tensor[] columns(JsonParser p, ServedModel m, long maxValues) throws IOException {
        List<TensorSpec> specs = m.inputs();
        Tensor[] out = new Tensor[specs.size()];
        if (p.currentToken() == JsonToken.START_OBJECT) {
            Map<String, JsonTensors.Values> byName = new LinkedHashMap<>();
            while (Json.next(p) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int i = m.inputIndex(name);
                if (i < 0) throw HttpError.badRequest("model '" + m.name() + "' has no input '" + name + "'; its inputs are " + V2Protocol.names(specs));
                if (byName.containsKey(name)) throw HttpError.badRequest("input '" + name + "' is given twice");
                Json.next(p);
                byName.put(name, JsonTensors.read(p, "input '" + name + "'", maxValues));
            }
            for (int i = 0; i < specs.size(); i++) {
                JsonTensors.Values v = byName.get(specs.get(i).name());
                if (v == null) throw HttpError.badRequest("input '" + specs.get(i).name() + "' is missing; model '" + m.name() + "' takes " + V2Protocol.names(specs));
                out[i] = whole(v, specs.get(i));
            }
            return out;
        }
        if (specs.size() != 1) {
            throw HttpError.badRequest("model '" + m.name() + "' has " + specs.size() + " inputs: \"inputs\" must be an object keyed by input name ("
                    + V2Protocol.names(specs) + ")");
        }
        out[0] = whole(JsonTensors.read(p, "\"inputs\"", maxValues), specs.get(0));
        return out;
    }

    private static Tensor whole(JsonTensors.Values v, TensorSpec spec) {
        String what = "input '" + spec.name() + "'";
        if (!v.rectangular()) throw HttpError.badRequest(what + " is a ragged list (rows of different lengths)");
        return v.toTensor(Shape.of(v.shape), spec.dtype(), what);
    }
}
