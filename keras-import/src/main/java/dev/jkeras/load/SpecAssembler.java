// Joins the two halves of loading: the parsed layer tree (config) and the weight scopes (file layout),
// producing the format-neutral LayerSpec tree that core builds.
package dev.jkeras.load;

import dev.jkeras.graph.GraphSpec;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.load.config.ParsedGraph;
import dev.jkeras.load.config.ParsedLayer;
import dev.jkeras.load.weights.WeightScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Internal: ParsedLayer + WeightScope → LayerSpec, recursively. */
final class SpecAssembler {
    private SpecAssembler() {}

    static LayerSpec assemble(ParsedLayer p, WeightScope scope, WriterInfo writer) {
        String where = "layer '" + p.name + "' (" + p.specClass + ")" + (writer.source() != null ? " in " + writer.source() : "");
        Map<String, LayerSpec> children = new LinkedHashMap<>();
        for (Map.Entry<String, ParsedLayer> e : p.children.entrySet()) {
            children.put(e.getKey(), assemble(e.getValue(), scope.child(e.getKey(), e.getValue()), writer));
        }
        GraphSpec graph = null;
        if (p.graph != null) {
            ParsedGraph g = p.graph;
            List<WeightScope> scopes = scope.layers(p);
            List<LayerSpec> layers = new ArrayList<>();
            for (int i = 0; i < g.layers().size(); i++) layers.add(assemble(g.layers().get(i), scopes.get(i), writer));
            graph = new GraphSpec(g.name(), g.className(), layers, g.calls(), g.inputs(), g.outputs(), g.inputNames(), g.outputNames());
        }
        return new LayerSpec(p.specClass, p.name, new Config(p.config, where), writer, scope.source(), children, graph);
    }
}
