// Sequential/Functional parsing per dialect: input layers, node-index normalization, wrappers, refusals.
package dev.jkeras.load.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.NodeSpec;
import dev.jkeras.graph.TensorRef;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    private static ParsedLayer parse(int major, String json) {
        return new ConfigParser("test.json", major).parseModel(Json.parseObject(json, "test"));
    }

    private static List<String> names(ParsedGraph g) {
        return g.layers().stream().map(l -> l.name).toList();
    }

    @Test
    void keras1SequentialListBecomesChainWithInputFromFirstLayer() {
        ParsedLayer m = parse(1, """
                {"class_name": "Sequential", "config": [
                  {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 4, "input_dim": 3, "init": "glorot_uniform"}},
                  {"class_name": "Dropout", "config": {"name": "dropout_1", "p": 0.5}}]}""");
        ParsedGraph g = m.graph;
        assertTrue(g.sequential());
        assertEquals(List.of("dense_1_input", "dense_1", "dropout_1"), names(g));
        assertEquals(Arrays.asList(null, 3), g.layers().get(0).config.get("batch_shape"));
        assertEquals(4, g.layers().get(1).config.get("units"));
        assertEquals(0.5, g.layers().get(2).config.get("rate"));
        assertEquals(List.of(NodeSpec.of(List.of(new TensorRef("dense_1_input", 0, 0)))), g.calls().get("dense_1"));
        assertEquals(List.of(new TensorRef("dropout_1", 0, 0)), g.outputs());
        assertEquals(List.of("dense_1_input"), g.inputNames());
    }

    @Test
    void keras1RecurrentFirstLayerInputDimAndLength() {
        ParsedLayer m = parse(1, """
                {"class_name": "Sequential", "config": [
                  {"class_name": "LSTM", "config": {"name": "lstm_1", "output_dim": 5, "input_dim": 3, "input_length": 7}}]}""");
        assertEquals(Arrays.asList(null, 7, 3), m.graph.layers().get(0).config.get("batch_shape"));
    }

    @Test
    void keras2SequentialDictWithBatchInputShape() {
        ParsedLayer m = parse(2, """
                {"class_name": "Sequential", "config": {"name": "seq", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 6], "dtype": "float32"}}]}}""");
        assertEquals("seq", m.name);
        assertEquals(List.of("d_input", "d"), names(m.graph));
        assertEquals(Arrays.asList(null, 6), m.graph.layers().get(0).config.get("batch_shape"));
    }

    @Test
    void tfKerasExplicitInputLayerIsUsed() {
        ParsedLayer m = parse(2, """
                {"class_name": "Sequential", "config": {"name": "seq", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6], "dtype": "float32", "name": "x"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}""");
        assertEquals(List.of("x", "d"), names(m.graph));
        assertEquals(Arrays.asList(null, 6), m.graph.layers().get(0).config.get("batch_shape"));
    }

    @Test
    void keras3SequentialWithoutInputUsesBuildInputShape() {
        ParsedLayer m = parse(3, """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "a", "units": 2}, "registered_name": null}],
                  "build_input_shape": [null, 5]}, "registered_name": null}""");
        assertEquals(Arrays.asList(null, 5), m.graph.layers().get(0).config.get("batch_shape"));
        assertEquals("a_input", m.graph.layers().get(0).name);
    }

    private static final String INNER_FUNCTIONAL = """
            {"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": [
               {"class_name": "InputLayer", "name": "ii", "config": {"batch_shape": [null, 3], "name": "ii"}, "inbound_nodes": []},
               {"class_name": "Dense", "name": "id", "config": {"name": "id", "units": 3}, "inbound_nodes": [%s]}],
               "input_layers": %s, "output_layers": %s}, "inbound_nodes": [%s, %s]}""";

    @Test
    void keras2NestedModelNodeIndicesAreOneBased() {
        String inner = INNER_FUNCTIONAL.formatted("[[\"ii\", 0, 0, {}]]", "[[\"ii\", 0, 0]]", "[[\"id\", 0, 0]]",
                "[[\"x\", 0, 0, {}]]", "[[\"x\", 0, 0, {}]]");
        ParsedLayer m = parse(2, """
                {"class_name": "Model", "config": {"name": "outer", "layers": [
                   {"class_name": "InputLayer", "name": "x", "config": {"batch_input_shape": [null, 3], "name": "x"}, "inbound_nodes": []},
                   %s,
                   {"class_name": "Add", "name": "add", "config": {"name": "add"}, "inbound_nodes": [[["inner", 1, 0, {}], ["inner", 2, 0, {}]]]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["inner", 2, 0], ["add", 0, 0]]}}""".formatted(inner));
        assertEquals(List.of(new TensorRef("inner", 0, 0), new TensorRef("inner", 1, 0)), m.graph.calls().get("add").get(0).args());
        assertEquals(List.of(new TensorRef("inner", 1, 0), new TensorRef("add", 0, 0)), m.graph.outputs());
        assertEquals(2, m.graph.calls().get("inner").size());
        assertFalse(m.graph.layers().get(1).graph.sequential());
    }

    @Test
    void keras3NestedFunctionalIsOffsetOnlyInOutputLayers() {
        String kt0 = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"inner\", 0, 0]}}";
        String kx = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"x\", 0, 0]}}";
        String kii = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"ii\", 0, 0]}}";
        String inner = INNER_FUNCTIONAL.formatted("{\"args\": [" + kii + "], \"kwargs\": {}}", "[\"ii\", 0, 0]", "[\"id\", 0, 0]",
                "{\"args\": [" + kx + "], \"kwargs\": {}}", "{\"args\": [" + kx + "], \"kwargs\": {}}");
        ParsedLayer m = parse(3, """
                {"class_name": "Functional", "config": {"name": "outer", "layers": [
                   {"class_name": "InputLayer", "name": "x", "config": {"batch_shape": [null, 3], "name": "x"}, "inbound_nodes": []},
                   %s,
                   {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 1}, "inbound_nodes": [{"args": [%s], "kwargs": {}}]}],
                 "input_layers": ["x", 0, 0], "output_layers": [["inner", 2, 0], ["d", 0, 0]]}}""".formatted(inner, kt0));
        assertEquals(List.of(new TensorRef("inner", 0, 0)), m.graph.calls().get("d").get(0).args());
        assertEquals(List.of(new TensorRef("inner", 1, 0), new TensorRef("d", 0, 0)), m.graph.outputs());
        assertEquals(List.of(new TensorRef("x", 0, 0)), m.graph.inputs());
    }

    @Test
    void keras2NestedSequentialWithoutInputIsZeroBased() {
        ParsedLayer m = parse(2, """
                {"class_name": "Functional", "config": {"name": "outer", "layers": [
                   {"class_name": "InputLayer", "name": "x", "config": {"batch_input_shape": [null, 3], "name": "x"}, "inbound_nodes": []},
                   {"class_name": "Sequential", "name": "s", "config": {"name": "s", "layers": [
                       {"class_name": "Dense", "config": {"name": "sd", "units": 2}}]}, "inbound_nodes": [[["x", 0, 0, {}]]]},
                   {"class_name": "Sequential", "name": "t", "config": {"name": "t", "layers": [
                       {"class_name": "Dense", "config": {"name": "td", "units": 2, "batch_input_shape": [null, 2]}}]},
                    "inbound_nodes": [[["s", 0, 0, {}]]]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["t", 1, 0]]}}""");
        assertEquals(List.of(new TensorRef("s", 0, 0)), m.graph.calls().get("t").get(0).args());
        assertEquals(List.of(new TensorRef("t", 0, 0)), m.graph.outputs());
    }

    @Test
    void dictInputsAreSortedByKey() {
        ParsedLayer m = parse(3, """
                {"class_name": "Functional", "config": {"name": "m", "layers": [
                   {"class_name": "InputLayer", "name": "b", "config": {"batch_shape": [null, 1], "name": "b"}, "inbound_nodes": []},
                   {"class_name": "InputLayer", "name": "a", "config": {"batch_shape": [null, 1], "name": "a"}, "inbound_nodes": []}],
                 "input_layers": {"y": ["b", 0, 0], "x": ["a", 0, 0]}, "output_layers": [["a", 0, 0], ["a", 0, 0]]}}""");
        assertEquals(List.of("a", "b"), m.graph.inputNames());
        assertEquals(List.of("a:0", "a:0_0"), m.graph.outputNames());
    }

    @Test
    void lambdaGoesToTheRegistryRawOpsAreDispatched() {
        ParsedLayer lam = parse(2, sequentialOf(
                "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"lam\", \"function\": \"...\"}}"));
        assertEquals("Lambda", lam.graph.layers().get(1).specClass, "refused (or built by a user's factory) by the registry");
        ParsedLayer op = parse(3, sequentialOf(
                "{\"module\": \"keras.src.ops.numpy\", \"class_name\": \"Sum\", \"config\": {\"name\": \"sum\"}}"));
        assertEquals("ops.Sum", op.graph.layers().get(1).specClass, "raw ops are dispatched as ops.<Class>");
        ParsedLayer tf = parse(2, sequentialOf(
                "{\"class_name\": \"TFOpLambda\", \"config\": {\"name\": \"tf.math.add\", \"function\": \"math.add\"}}"));
        assertEquals("TFOpLambda", tf.graph.layers().get(1).specClass, "tf.keras op layers go to their factory");
    }

    @Test
    void quantizedPoliciesAreRefusedAndFloatPoliciesBecomeNames() {
        var e = assertThrows(UnsupportedFeatureException.class, () -> parse(3, sequentialOf(
                "{\"class_name\": \"Dense\", \"config\": {\"name\": \"q\", \"units\": 1, \"dtype\": {\"module\": \"keras\", "
                        + "\"class_name\": \"QuantizedDTypePolicy\", \"config\": {\"mode\": \"int8\", \"source_name\": \"float32\"}}}}")));
        assertTrue(e.getMessage().contains("'q'"), e.getMessage());
        assertThrows(UnsupportedFeatureException.class, () -> parse(3, sequentialOf(
                "{\"class_name\": \"Dense\", \"config\": {\"name\": \"q\", \"units\": 1, \"dtype\": \"int8_from_float32\"}}")));
        ParsedLayer m = parse(3, sequentialOf("{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1, \"dtype\": "
                + "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_bfloat16\"}}}}"));
        assertEquals("mixed_bfloat16", m.graph.layers().get(1).config.get("dtype"));
        m = parse(2, sequentialOf("{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1, \"dtype\": "
                + "{\"class_name\": \"Policy\", \"config\": {\"name\": \"mixed_float16\"}}}}"));
        assertEquals("mixed_float16", m.graph.layers().get(1).config.get("dtype"));
    }

    @Test
    void wrappersGetChildren() {
        ParsedLayer m = parse(2, sequentialOf("""
                {"class_name": "Bidirectional", "config": {"name": "bi", "merge_mode": "concat",
                  "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 3, "return_sequences": true, "go_backwards": false}}}},
                {"class_name": "TimeDistributed", "config": {"name": "td", "layer": {"class_name": "Dense", "config": {"name": "dd", "units": 2}}}}"""));
        ParsedLayer bi = m.graph.layers().get(1);
        assertEquals(List.of("forward_layer", "backward_layer"), List.copyOf(bi.children.keySet()));
        assertEquals("forward_lstm", bi.children.get("forward_layer").name);
        assertEquals("backward_lstm", bi.children.get("backward_layer").name);
        assertEquals(true, bi.children.get("backward_layer").config.get("go_backwards"));
        assertEquals(true, bi.children.get("backward_layer").config.get("zero_output_for_mask"));
        assertEquals("dd", m.graph.layers().get(2).children.get("layer").name);
    }

    @Test
    void keras3BidirectionalKeepsStoredCopies() {
        ParsedLayer m = parse(3, sequentialOf("""
                {"class_name": "Bidirectional", "config": {"name": "bi",
                  "layer": {"class_name": "GRU", "config": {"name": "forward_g", "units": 3}},
                  "backward_layer": {"class_name": "GRU", "config": {"name": "backward_g", "units": 3, "go_backwards": true}}}}"""));
        ParsedLayer bi = m.graph.layers().get(1);
        assertEquals("forward_g", bi.children.get("forward_layer").name);
        assertEquals("backward_g", bi.children.get("backward_layer").name);
    }

    @Test
    void customClassesKeepTheirRegisteredName() {
        ParsedLayer m = parse(3, sequentialOf(
                "{\"module\": \"my_pkg\", \"class_name\": \"MyLayer\", \"registered_name\": \"my_pkg>MyLayer\", \"config\": {\"name\": \"c\"}}"));
        assertEquals("my_pkg>MyLayer", m.graph.layers().get(1).specClass);
        assertEquals("MyLayer", m.graph.layers().get(1).kerasClass);
    }

    @Test
    void badConfigsNameTheProblem() {
        var e = assertThrows(ModelFormatException.class, () -> parse(2, """
                {"class_name": "Functional", "config": {"name": "m", "layers": [
                   {"class_name": "InputLayer", "name": "x", "config": {"batch_input_shape": [null, 1]}, "inbound_nodes": []},
                   {"class_name": "Dense", "name": "d", "config": {"units": 1}, "inbound_nodes": [[["nope", 0, 0, {}]]]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["d", 0, 0]]}}"""));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("'d'"), e.getMessage());
        assertThrows(UnsupportedFeatureException.class, () -> parse(2, "{\"class_name\": \"Dense\", \"config\": {}}"));
    }

    @Test
    void guessesTheDialectOfUnversionedJson() {
        assertEquals(3, ConfigParser.guessMajor(Json.parseObject("{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {}}", "t")));
        assertEquals(1, ConfigParser.guessMajor(Json.parseObject(
                "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\", \"config\": {\"output_dim\": 3}}]}", "t")));
        assertEquals(2, ConfigParser.guessMajor(Json.parseObject(
                "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\", \"config\": {\"units\": 3}}]}", "t")));
    }

    private static String sequentialOf(String layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 2, 4], \"name\": \"in\"}}, " + layers + "]}}";
    }
}
