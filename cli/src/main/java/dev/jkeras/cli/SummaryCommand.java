package dev.jkeras.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jkeras.error.WeightsException;
import dev.jkeras.graph.Model;
import dev.jkeras.graph.TensorRef;
import dev.jkeras.layer.Layer;
import dev.jkeras.load.ModelReport;
import dev.jkeras.tensor.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras summary}: a table like Keras's {@code model.summary()}, or the same as JSON. A model given
 * without weights (a JSON config alone, a file whose weights are absent) is summarized from its config.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Print the model's layers, output shapes, parameter counts and connections, like Keras's model.summary().",
                "A JSON config needs no --weights here: parameters are counted from the config."})
final class SummaryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--expand", description = "Also list the layers of nested models and wrappers (Keras's expand_nested).")
    boolean expand;

    @Option(names = "--json", description = "Print the summary as JSON (nested models and wrappers always included).")
    boolean json;

    @Override
    public void run() {
        long t0 = System.nanoTime();
        Model model;
        String note = null;
        try {
            model = modelArgs.load();
        } catch (WeightsException e) {
            if (modelArgs.weights != null) throw e;
            ModelReport r = modelArgs.inspect();
            if (r.weights() == ModelReport.Weights.PRESENT || r.model() == null) throw e;
            model = r.model();
            note = r.weights() == ModelReport.Weights.NOT_GIVEN ? "no weights given: parameters counted from the config"
                    : "the file holds no weights: parameters counted from the config";
        }
        long t1 = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try (JsonGenerator g = InspectCommand.jsonTo(out)) {
                write(g, model, note);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
        } else {
            out.print(SummaryTable.render(model, expand));
            if (note != null) out.println(" (" + note + ")");
        }
        out.flush();
        if (verbose.verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "jkeras: loaded %s in %.1f ms, rendered in %.1f ms%n", modelArgs.model, (t1 - t0) / 1e6,
                    (System.nanoTime() - t1) / 1e6);
            err.flush();
        }
    }

    /** The summary as one JSON object: the model's name, class, layers (recursively) and totals. */
    static void write(JsonGenerator g, Model model, String note) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", model.name());
        g.writeStringField("class", model.className());
        if (note != null) g.writeStringField("note", note);
        g.writeArrayFieldStart("layers");
        for (Model.LayerInfo li : model.layers()) layer(g, li.layer(), li.outputShapes(), li.params(), li.trainableParams(), li.inbound());
        g.writeEndArray();
        long total = model.paramCount(), trainable = model.trainableParamCount();
        g.writeNumberField("total_params", total);
        g.writeNumberField("trainable_params", trainable);
        g.writeNumberField("non_trainable_params", total - trainable);
        g.writeNumberField("total_bytes", total * 4);
        g.writeNumberField("trainable_bytes", trainable * 4);
        g.writeNumberField("non_trainable_bytes", (total - trainable) * 4);
        g.writeEndObject();
    }

    private static void layer(JsonGenerator g, Layer layer, List<Shape> shapes, long params, Long trainable, List<List<TensorRef>> inbound)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("name", layer.name());
        g.writeStringField("class", layer.className());
        if (shapes == null && layer instanceof Model nested) shapes = nested.outputShapes();
        g.writeFieldName("output_shapes");
        InspectCommand.shapes(g, shapes);
        g.writeNumberField("params", params);
        if (trainable != null) g.writeNumberField("trainable_params", trainable);
        if (inbound != null) {
            g.writeArrayFieldStart("connected_to");
            for (List<TensorRef> call : inbound) for (TensorRef r : call) g.writeString(r.toString());
            g.writeEndArray();
        }
        if (layer instanceof Model nested) {
            g.writeArrayFieldStart("layers");
            for (Model.LayerInfo li : nested.layers()) layer(g, li.layer(), li.outputShapes(), li.params(), li.trainableParams(), null);
            g.writeEndArray();
        } else if (!layer.sublayers().isEmpty()) {
            g.writeArrayFieldStart("layers");
            for (Layer sub : layer.sublayers()) layer(g, sub, null, sub.paramCount(), null, null);
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
