package dev.jkeras.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jkeras.graph.Inspection;
import dev.jkeras.graph.TensorRef;
import dev.jkeras.load.ModelReport;
import dev.jkeras.tensor.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras inspect}: what jkeras makes of a model without running it (see {@link ModelReport}). The
 * exit code says whether the model can run: 0 when it can (for a JSON config given alone: when jkeras
 * supports every layer), 3 when not, with one {@code jkeras:} line on stderr saying why.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Check a model without running it: its format, the Keras that wrote it, inputs and outputs, and every layer "
                + "with whether jkeras supports it and why not (all problems at once), parameters and weight size.",
                "Exit code 0: the model can run (a JSON config alone: every layer is supported); 3: it cannot."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        ModelReport r = modelArgs.inspect();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try (JsonGenerator g = jsonTo(out)) {
                write(g, r, verbose.verbose);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
        } else {
            out.print(text(r));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (verbose.verbose) {
            err.printf(Locale.ROOT, "jkeras: read %s in %.1f ms, checked its layers in %.1f ms%n", modelArgs.model,
                    r.readTime().toNanos() / 1e6, r.checkTime().toNanos() / 1e6);
        }
        boolean ok = r.runnable() || (r.supported() && r.weights() == ModelReport.Weights.NOT_GIVEN);
        if (!ok) err.println("jkeras: " + r.file() + ": " + verdict(r));
        err.flush();
        return ok ? Main.OK : Main.MODEL;
    }

    /** The report as text: a header, inputs and outputs, one line per layer with its problems under it, the verdict. */
    static String text(ModelReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.file()).append(": ").append(r.format()).append(", written by Keras ").append(r.kerasVersion())
                .append(" (").append(r.dialect()).append(" config)");
        if (r.backend() != null) sb.append(", backend ").append(r.backend());
        sb.append('\n');
        sb.append("Weights: ").append(weightsText(r)).append('\n');
        sb.append("Parameters: ").append(r.paramsComplete() ? "" : "at least ").append(SummaryTable.thousands(r.params())).append(" (").append(SummaryTable.thousands(r.trainableParams()))
                .append(" trainable), ").append(SummaryTable.bytes(r.weightBytes())).append(" as float32\n");
        io(sb, "Inputs", r.inputs());
        io(sb, "Outputs", r.outputs());
        int[] counts = new int[Inspection.Status.values().length];
        count(r.layers(), counts);
        sb.append("Layers: ").append(r.layers().size()).append(" (");
        List<String> parts = new ArrayList<>();
        for (Inspection.Status s : Inspection.Status.values()) if (counts[s.ordinal()] > 0) parts.add(counts[s.ordinal()] + " " + label(s).toLowerCase(Locale.ROOT));
        sb.append(String.join(", ", parts)).append(nested(r.layers()) ? ", nested layers included)\n" : ")\n");
        List<String[]> rows = new ArrayList<>();
        rows(r.layers(), 0, rows);
        int w0 = 0, w1 = 0, w2 = 0;
        for (String[] row : rows) {
            if (row.length == 1) continue;
            w0 = Math.max(w0, row[0].length());
            w1 = Math.max(w1, row[1].length());
            w2 = Math.max(w2, row[2].length());
        }
        for (String[] row : rows) {
            if (row.length == 1) {
                sb.append("  ").append(" ".repeat(w0 + 2)).append(row[0]).append('\n');
            } else {
                sb.append(String.format(Locale.ROOT, "  %-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  %s", row[0], row[1], row[2], row[3])
                        .stripTrailing()).append('\n');
            }
        }
        for (String p : r.problems()) sb.append("Model problem: ").append(p).append('\n');
        sb.append("Result: ").append(verdict(r)).append('\n');
        return sb.toString();
    }

    private static String weightsText(ModelReport r) {
        return switch (r.weights()) {
            case PRESENT -> "present";
            case ABSENT -> "absent: the file holds none (structure checked, parameters counted from the config)";
            case NOT_GIVEN -> "not given (a config alone: structure checked, parameters counted from the config)";
            case UNREADABLE -> "unreadable (structure checked, parameters counted from the config): " + r.weightsProblem();
        };
    }

    private static void io(StringBuilder sb, String title, List<ModelReport.Io> l) {
        sb.append(title).append(":");
        for (ModelReport.Io io : l) {
            sb.append(' ').append(io.name()).append(' ').append(io.shape() == null ? "?" : io.shape().toString())
                    .append(' ').append(io.dtype() == null ? "?" : io.dtype().keras()).append(l.indexOf(io) + 1 < l.size() ? ";" : "");
        }
        sb.append('\n');
    }

    private static boolean nested(List<Inspection.LayerCheck> l) {
        for (Inspection.LayerCheck c : l) if (!c.layers().isEmpty()) return true;
        return false;
    }

    private static void count(List<Inspection.LayerCheck> l, int[] counts) {
        for (Inspection.LayerCheck c : l) {
            counts[c.status().ordinal()]++;
            count(c.layers(), counts);
        }
    }

    private static void rows(List<Inspection.LayerCheck> l, int depth, List<String[]> rows) {
        for (Inspection.LayerCheck c : l) {
            String shapes = c.outputShapes() == null ? "?" : String.join(", ", c.outputShapes().stream().map(Shape::toString).toList());
            rows.add(new String[] {label(c.status()), (depth == 0 ? "" : "   ".repeat(depth) + "└ ") + c.name() + " (" + c.className() + ")",
                    shapes, c.params() < 0 ? "? params" : SummaryTable.thousands(c.params()) + " params"});
            for (String p : c.problems()) rows.add(new String[] {"   ".repeat(depth) + "- " + p});
            rows(c.layers(), depth + 1, rows);
        }
    }

    private static String label(Inspection.Status s) {
        return switch (s) {
            case OK -> "ok";
            case UNSUPPORTED -> "UNSUPPORTED";
            case INVALID -> "INVALID";
            case NOT_CHECKED -> "NOT CHECKED";
        };
    }

    /** One sentence on whether jkeras can run the model, and if not why. */
    static String verdict(ModelReport r) {
        if (r.runnable()) return "jkeras can run this model.";
        if (r.supported()) {
            return switch (r.weights()) {
                case NOT_GIVEN -> "jkeras supports every layer of this config; give its weights (--weights FILE) to run it.";
                case ABSENT -> "jkeras supports every layer, but the file holds no weights, so the model cannot run.";
                case UNREADABLE -> "jkeras supports every layer, but the weights cannot be read, so the model cannot run.";
                case PRESENT -> "the model cannot run.";
            };
        }
        int[] counts = new int[Inspection.Status.values().length];
        count(r.layers(), counts);
        List<String> parts = new ArrayList<>();
        if (counts[Inspection.Status.UNSUPPORTED.ordinal()] > 0) parts.add(counts[Inspection.Status.UNSUPPORTED.ordinal()] + " unsupported");
        if (counts[Inspection.Status.INVALID.ordinal()] > 0) parts.add(counts[Inspection.Status.INVALID.ordinal()] + " invalid");
        if (counts[Inspection.Status.NOT_CHECKED.ordinal()] > 0) parts.add(counts[Inspection.Status.NOT_CHECKED.ordinal()] + " not checked");
        String layers = parts.isEmpty() ? "" : " layers: " + String.join(", ", parts);
        String model = r.problems().isEmpty() ? "" : (layers.isEmpty() ? " " : "; ") + r.problems().get(0);
        return "jkeras cannot run this model;" + layers + model + ".";
    }

    /** A pretty-printing JSON generator on {@code out} that leaves it open. */
    static JsonGenerator jsonTo(Writer out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        return g;
    }

    /** The report as one JSON object (field names in snake_case, as Keras's own JSON). */
    static void write(JsonGenerator g, ModelReport r, boolean timings) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", r.file());
        g.writeStringField("format", r.format());
        g.writeStringField("keras_version", r.kerasVersion());
        g.writeStringField("backend", r.backend());
        g.writeStringField("dialect", r.dialect());
        g.writeStringField("weights", r.weights().name().toLowerCase(Locale.ROOT));
        if (r.weightsProblem() != null) g.writeStringField("weights_problem", r.weightsProblem());
        g.writeBooleanField("supported", r.supported());
        g.writeBooleanField("runnable", r.runnable());
        g.writeNumberField("params", r.params());
        g.writeBooleanField("params_complete", r.paramsComplete());
        g.writeNumberField("trainable_params", r.trainableParams());
        g.writeNumberField("weight_bytes", r.weightBytes());
        io(g, "inputs", r.inputs());
        io(g, "outputs", r.outputs());
        g.writeArrayFieldStart("problems");
        for (String p : r.problems()) g.writeString(p);
        g.writeEndArray();
        g.writeArrayFieldStart("layers");
        for (Inspection.LayerCheck c : r.layers()) layer(g, c);
        g.writeEndArray();
        if (timings) {
            g.writeObjectFieldStart("timings_ms");
            g.writeNumberField("read", r.readTime().toNanos() / 1e6);
            g.writeNumberField("check", r.checkTime().toNanos() / 1e6);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void io(JsonGenerator g, String field, List<ModelReport.Io> l) throws IOException {
        g.writeArrayFieldStart(field);
        for (ModelReport.Io io : l) {
            g.writeStartObject();
            g.writeStringField("name", io.name());
            g.writeFieldName("shape");
            shape(g, io.shape());
            g.writeStringField("dtype", io.dtype() == null ? null : io.dtype().keras());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void layer(JsonGenerator g, Inspection.LayerCheck c) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeStringField("class", c.className());
        g.writeStringField("status", c.status().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("problems");
        for (String p : c.problems()) g.writeString(p);
        g.writeEndArray();
        g.writeFieldName("output_shapes");
        shapes(g, c.outputShapes());
        if (c.params() < 0) g.writeNullField("params");
        else g.writeNumberField("params", c.params());
        g.writeNumberField("trainable_params", c.trainableParams());
        g.writeArrayFieldStart("connected_to");
        for (List<TensorRef> call : c.inbound()) for (TensorRef t : call) g.writeString(t.toString());
        g.writeEndArray();
        if (!c.layers().isEmpty()) {
            g.writeArrayFieldStart("layers");
            for (Inspection.LayerCheck n : c.layers()) layer(g, n);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Shapes as arrays of dimensions, null for an unknown one; null when the shapes are unknown. */
    static void shapes(JsonGenerator g, List<Shape> shapes) throws IOException {
        if (shapes == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (Shape s : shapes) shape(g, s);
        g.writeEndArray();
    }

    private static void shape(JsonGenerator g, Shape s) throws IOException {
        if (s == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (int d : s.dims()) {
            if (d == Shape.UNKNOWN) g.writeNull();
            else g.writeNumber(d);
        }
        g.writeEndArray();
    }
}
