// Every inbound-node format Keras wrote, parsed into NodeSpecs.
package dev.jkeras.load.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.NodeSpec;
import dev.jkeras.graph.TensorRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeParserTest {
    /** Resolves references as written (no offsets). */
    private static final NodeParser.Resolver AS_IS = TensorRef::new;

    private static NodeSpec parse(String json) {
        return NodeParser.parse(Json.parse(json, "test"), AS_IS, "test");
    }

    private static String kt(String layer, int node, int tensor) {
        return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4], \"dtype\": \"float32\", \"keras_history\": [\""
                + layer + "\", " + node + ", " + tensor + "]}}";
    }

    @Test
    void keras3SingleTensor() {
        NodeSpec n = parse("{\"args\": [" + kt("x", 0, 0) + "], \"kwargs\": {}}");
        assertEquals(List.of(new TensorRef("x", 0, 0)), n.args());
        assertTrue(n.kwargs().isEmpty());
    }

    @Test
    void keras3ListArgumentIsFlattenedInOrder() {
        NodeSpec n = parse("{\"args\": [[" + kt("a", 0, 0) + ", " + kt("b", 1, 2) + "]], \"kwargs\": {}}");
        assertEquals(List.of(new TensorRef("a", 0, 0), new TensorRef("b", 1, 2)), n.args());
    }

    @Test
    void keras3KwargsSplitIntoTensorsAndValues() {
        NodeSpec n = parse("{\"args\": [" + kt("q", 0, 0) + ", " + kt("v", 0, 0) + "], \"kwargs\": {"
                + "\"initial_state\": [" + kt("h", 0, 0) + ", " + kt("c", 0, 0) + "], \"attention_mask\": " + kt("m", 0, 0)
                + ", \"use_causal_mask\": false, \"training\": false, \"mask\": null}}");
        assertEquals(List.of(new TensorRef("q", 0, 0), new TensorRef("v", 0, 0)), n.args());
        assertEquals(List.of(new TensorRef("h", 0, 0), new TensorRef("c", 0, 0)), n.tensorKwargs().get("initial_state"));
        assertEquals(List.of(new TensorRef("m", 0, 0)), n.tensorKwargs().get("attention_mask"));
        assertEquals(Map.of("use_causal_mask", false, "training", false), n.kwargs());
    }

    @Test
    void keras3ConstantPositionalArgumentKeptByPosition() {
        NodeSpec n = parse("{\"args\": [" + kt("x", 0, 0) + ", 2.0], \"kwargs\": {}}");
        assertEquals(List.of(new TensorRef("x", 0, 0)), n.args());
        assertEquals(2.0, n.kwargs().get("#1"));
    }

    @Test
    void mixedTensorsAndConstantsAreRefused() {
        assertThrows(UnsupportedFeatureException.class, () -> parse("{\"args\": [[" + kt("x", 0, 0) + ", 3]], \"kwargs\": {}}"));
    }

    @Test
    void keras1Triples() {
        NodeSpec n = parse("[[\"a\", 0, 0], [\"b\", 2, 1]]");
        assertEquals(List.of(new TensorRef("a", 0, 0), new TensorRef("b", 2, 1)), n.args());
    }

    @Test
    void keras2QuadsCarryKwargs() {
        NodeSpec n = parse("[[\"a\", 0, 0, {\"training\": true}]]");
        assertEquals(List.of(new TensorRef("a", 0, 0)), n.args());
        assertEquals(Map.of("training", true), n.kwargs());
    }

    @Test
    void tfKerasTensorsInKwargsAreBareTriples() {
        NodeSpec n = parse("[[\"q_proj\", 0, 0, {\"value\": [\"v_proj\", 0, 0], \"attention_mask\": [\"mask_in\", 0, 0], "
                + "\"initial_state\": [[\"h\", 0, 0], [\"c\", 0, 1]], \"return_attention_scores\": false}]]");
        assertEquals(List.of(new TensorRef("q_proj", 0, 0)), n.args());
        assertEquals(List.of(new TensorRef("v_proj", 0, 0)), n.tensorKwargs().get("value"));
        assertEquals(List.of(new TensorRef("mask_in", 0, 0)), n.tensorKwargs().get("attention_mask"));
        assertEquals(List.of(new TensorRef("h", 0, 0), new TensorRef("c", 0, 1)), n.tensorKwargs().get("initial_state"));
        assertEquals(Map.of("return_attention_scores", false), n.kwargs());
    }

    @Test
    void tfKerasNestedFirstArgumentAndConstants() {
        NodeSpec n = parse("[[[\"a\", 0, 0, {}], [\"_CONSTANT_VALUE\", -1, 5.0, {}]], {\"z\": [\"c\", 0, 0, {}], \"y\": [\"b\", 0, 0, {}]}]");
        assertEquals(List.of(new TensorRef("a", 0, 0), new TensorRef("b", 0, 0), new TensorRef("c", 0, 0)), n.args());
        assertEquals(5.0, n.kwargs().get("#1"));
    }

    @Test
    void tfKerasOpLayerFirstArgumentStructure() {
        NodeSpec single = parse("[\"x\", 0, 0, {\"y\": 3, \"name\": null}]");
        assertEquals(List.of(new TensorRef("x", 0, 0)), single.args());
        assertEquals(true, single.kwargs().get(NodeSpec.SINGLE), "a bare leaf: the first argument is one value");
        assertEquals(3, single.kwargs().get("y"));
        NodeSpec constant = parse("[\"_CONSTANT_VALUE\", -1, 2.0, {\"y\": [\"x\", 0, 0]}]");
        assertEquals(true, constant.kwargs().get(NodeSpec.SINGLE));
        assertEquals(2.0, constant.kwargs().get("#0"));
        assertEquals(List.of(new TensorRef("x", 0, 0)), constant.tensorKwargs().get("y"));
        NodeSpec list = parse("[[\"x\", 0, 0, {\"axis\": 0}]]");
        assertEquals(null, list.kwargs().get(NodeSpec.SINGLE), "a list of one leaf: the first argument is a list");
    }
}
