// Builds a ModelReport from an opened model file: parses the config, checks every layer through core's
// Inspection (weights read when the file has readable ones, else structure only), and describes inputs/outputs.
package dev.jkeras.load;

import dev.jkeras.error.KerasException;
import dev.jkeras.graph.GraphSpec;
import dev.jkeras.graph.Inspection;
import dev.jkeras.graph.Model;
import dev.jkeras.graph.TensorRef;
import dev.jkeras.layer.LayerRegistry;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.load.config.ConfigParser;
import dev.jkeras.load.config.ParsedLayer;
import dev.jkeras.load.weights.WeightScope;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Internal: an {@link KerasModels.Opened} file → {@link ModelReport}. */
final class ModelInspector {
    private ModelInspector() {}

    static ModelReport inspect(KerasModels.Opened o, LoadLimits limits, long startNanos) {
        long t1 = System.nanoTime();
        WriterInfo writer = o.writer();
        ParsedLayer root = new ConfigParser(writer.source(), writer.major()).parseModel(o.env());
        ModelReport.Weights weights = o.weights();
        String weightsProblem = o.weightsProblem();
        LayerSpec spec;
        try {
            spec = SpecAssembler.assemble(root, o.scope(), writer);
        } catch (KerasException e) { // the weights' layout does not match the config's layers
            if (o.scope() == WeightScope.NONE) throw e;
            weights = ModelReport.Weights.UNREADABLE;
            weightsProblem = e.getMessage();
            spec = SpecAssembler.assemble(root, WeightScope.NONE, writer);
        }
        Inspection.Result r = Inspection.check(spec, LayerRegistry.defaults(), weights == ModelReport.Weights.PRESENT,
                Inspection.DEFAULT_MAX_ZERO_ELEMENTS);
        List<String> problems = new ArrayList<>(r.problems());
        Model model = r.model();
        if (model != null) {
            try {
                model = model.withMaxTensorElements(limits.maxTensorElements());
            } catch (KerasException e) {
                problems.add(e.getMessage());
                model = null;
            }
        }
        List<ModelReport.Io> inputs = new ArrayList<>();
        List<ModelReport.Io> outputs = new ArrayList<>();
        if (model != null) {
            for (int i = 0; i < model.inputNames().size(); i++) {
                inputs.add(new ModelReport.Io(model.inputNames().get(i), model.inputShapes().get(i), model.inputDTypes().get(i)));
            }
            for (int i = 0; i < model.outputNames().size(); i++) {
                outputs.add(new ModelReport.Io(model.outputNames().get(i), model.outputShapes().get(i), model.outputDTypes().get(i)));
            }
        } else {
            describe(spec.graph(), spec, r.layers(), inputs, outputs);
        }
        long t2 = System.nanoTime();
        String file = writer.source();
        return new ModelReport(file, o.format(), writer.kerasVersion(), writer.backend(), dialect(writer), weights, weightsProblem,
                inputs, outputs, r.layers(), problems, r.params(), r.trainableParams(), model,
                Duration.ofNanos(t1 - startNanos), Duration.ofNanos(t2 - t1));
    }

    /** Inputs and outputs of a model that did not build: names from the graph, shapes where the checked layers give them. */
    private static void describe(GraphSpec g, LayerSpec spec, List<Inspection.LayerCheck> checks, List<ModelReport.Io> inputs,
                                 List<ModelReport.Io> outputs) {
        if (g == null) return;
        for (int i = 0; i < g.inputs().size(); i++) {
            TensorRef ref = g.inputs().get(i);
            DType dtype = null;
            for (LayerSpec l : g.layers()) {
                if (l.name().equals(ref.layer()) && l.config().get("dtype") instanceof String d) {
                    try {
                        dtype = DType.forName(d);
                    } catch (RuntimeException e) {
                        dtype = null;
                    }
                }
            }
            inputs.add(new ModelReport.Io(g.inputNames().get(i), shapeOf(ref, checks), dtype));
        }
        for (int i = 0; i < g.outputs().size(); i++) {
            outputs.add(new ModelReport.Io(g.outputNames().get(i), shapeOf(g.outputs().get(i), checks), null));
        }
    }

    private static Shape shapeOf(TensorRef ref, List<Inspection.LayerCheck> checks) {
        if (ref.call() != 0) return null;
        for (Inspection.LayerCheck c : checks) {
            if (c.name().equals(ref.layer()) && c.outputShapes() != null && ref.index() < c.outputShapes().size()) {
                return c.outputShapes().get(ref.index());
            }
        }
        return null;
    }

    private static String dialect(WriterInfo w) {
        if (w.major() <= 1) return "Keras 1";
        if (w.major() >= 3) return "Keras 3";
        return w.isStandaloneKeras2() ? "Keras 2" : "tf.keras";
    }
}
