package dev.jkeras.cli;

import dev.jkeras.graph.Model;
import dev.jkeras.graph.TensorRef;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a model as Keras 3's {@code model.summary()} does: one row per layer of {@code model.layers}
 * with its output shape(s), parameter count and, for a Functional model that is not a plain chain, the
 * tensors each layer takes ("Connected to", {@code layer[call][output]}); then the totals with their
 * float32 sizes ({@code Total params: 1,234 (4.82 KB)}). With {@code expand} (Keras's {@code expand_nested})
 * the layers of nested models follow their model as indented rows ({@code    └ dense (Dense)}), and so,
 * unlike Keras, do the layers a wrapper holds (TimeDistributed, Bidirectional...), which show no output
 * shape (only the wrapper's is known). Unlike Keras's, cells are never wrapped or cut: columns widen.
 */
final class SummaryTable {
    private SummaryTable() {}

    private record Row(String label, List<String> shapes, long params, List<String> connections) {}

    /** The summary table (collapsed: no rows for what nested models and wrappers hold). */
    static String render(Model model) {
        return render(model, false);
    }

    static String render(Model model, boolean expand) {
        boolean connected = !sequentialLike(model);
        List<Row> rows = new ArrayList<>();
        for (Model.LayerInfo li : model.layers()) {
            add(rows, li.layer(), li.outputShapes(), li.params(), connected ? connections(li) : List.of(), 0, expand);
        }

        List<String> head = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (connected) head.add("Connected to");
        int[] w = new int[head.size()];
        for (int i = 0; i < w.length; i++) w[i] = head.get(i).length();
        for (Row r : rows) {
            w[0] = Math.max(w[0], r.label.length());
            for (String s : r.shapes) w[1] = Math.max(w[1], s.length());
            w[2] = Math.max(w[2], thousands(r.params).length());
            if (connected) for (String c : r.connections) w[3] = Math.max(w[3], c.length());
        }
        int[] min = connected ? new int[] {19, 17, 10, 17} : new int[] {29, 22, 11};
        for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], min[i]);

        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append(rule('┏', '━', '┳', '┓', w));
        sb.append('┃');
        for (int i = 0; i < w.length; i++) sb.append(cell(head.get(i), w[i], i == 2)).append('┃');
        sb.append('\n');
        sb.append(rule('┡', '━', '╇', '┩', w));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int lines = Math.max(1, Math.max(r.shapes.size(), r.connections.size()));
            for (int k = 0; k < lines; k++) {
                sb.append('│').append(cell(k == 0 ? r.label : "", w[0], false))
                        .append('│').append(cell(k < r.shapes.size() ? r.shapes.get(k) : "", w[1], false))
                        .append('│').append(cell(k == 0 ? thousands(r.params) : "", w[2], true)).append('│');
                if (connected) sb.append(cell(k < r.connections.size() ? r.connections.get(k) : "", w[3], false)).append('│');
                sb.append('\n');
            }
            if (i + 1 < rows.size()) sb.append(rule('├', '─', '┼', '┤', w));
        }
        sb.append(rule('└', '─', '┴', '┘', w));
        long total = model.paramCount(), trainable = model.trainableParamCount();
        sb.append(" Total params: ").append(thousands(total)).append(" (").append(bytes(total * 4)).append(")\n");
        sb.append(" Trainable params: ").append(thousands(trainable)).append(" (").append(bytes(trainable * 4)).append(")\n");
        sb.append(" Non-trainable params: ").append(thousands(total - trainable)).append(" (").append(bytes((total - trainable) * 4)).append(")\n");
        return sb.toString();
    }

    /**
     * A row for {@code layer}; with {@code expand}, indented rows for what it wraps or contains (their
     * "Connected to" is "-", as in Keras: their calls are not calls of this model).
     */
    private static void add(List<Row> rows, Layer layer, List<Shape> shapes, long params, List<String> connections, int depth,
                            boolean expand) {
        String indent = depth == 0 ? "" : "   ".repeat(depth) + "└ ";
        if (shapes == null && layer instanceof Model nested) shapes = nested.outputShapes();
        List<String> shapeText = new ArrayList<>();
        if (shapes != null) for (Shape s : shapes) shapeText.add(s.toString());
        rows.add(new Row(indent + layer.name() + " (" + layer.className() + ")", shapeText, params, connections));
        if (!expand) return;
        List<String> inner = connections.isEmpty() ? List.of() : List.of("-");
        if (layer instanceof Model nested) {
            for (Model.LayerInfo li : nested.layers()) add(rows, li.layer(), li.outputShapes(), li.params(), inner, depth + 1, true);
        } else {
            for (Layer sub : layer.sublayers()) add(rows, sub, null, sub.paramCount(), inner, depth + 1, true);
        }
    }

    /** Keras's "Connected to": every tensor of every call, {@code name[call][output]}, wrapped at about 40 characters. */
    private static List<String> connections(Model.LayerInfo li) {
        List<String> refs = new ArrayList<>();
        for (List<TensorRef> call : li.inbound()) for (TensorRef r : call) refs.add(r.toString());
        if (refs.isEmpty()) return List.of("-");
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < refs.size(); i++) {
            String item = refs.get(i) + (i + 1 < refs.size() ? "," : "");
            if (line.length() > 0 && line.length() + 1 + item.length() > 40) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(item);
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * Keras prints "Connected to" unless the model is sequential-like: a Sequential, or a Functional model
     * whose calls form one chain (one call per depth, none taking more than one tensor, no layer called twice).
     */
    static boolean sequentialLike(Model model) {
        if ("Sequential".equals(model.className())) return true;
        Map<String, Integer> depth = new HashMap<>();
        Map<String, List<String>> inputsOf = new LinkedHashMap<>();
        for (Model.LayerInfo li : model.layers()) {
            if (li.inbound().size() > 1) return false;
            for (int c = 0; c < li.inbound().size(); c++) {
                List<TensorRef> in = li.inbound().get(c);
                if (in.size() > 1) return false;
                List<String> producers = new ArrayList<>();
                for (TensorRef r : in) producers.add(r.layer() + "#" + r.call());
                inputsOf.put(li.layer().name() + "#" + c, producers);
            }
        }
        // depth as Keras counts it: outputs (calls nothing consumes) at 0, a producer below its deepest consumer
        List<String> nodes = new ArrayList<>(inputsOf.keySet());
        for (int i = nodes.size() - 1; i >= 0; i--) depth.putIfAbsent(nodes.get(i), 0);
        boolean changed = true;
        for (int round = 0; changed && round <= nodes.size(); round++) {
            changed = false;
            for (String n : nodes) {
                for (String p : inputsOf.get(n)) {
                    int d = depth.getOrDefault(n, 0) + 1;
                    if (depth.getOrDefault(p, 0) < d) {
                        depth.put(p, d);
                        changed = true;
                    }
                }
            }
        }
        Map<Integer, Integer> perDepth = new HashMap<>();
        for (int d : depth.values()) if (perDepth.merge(d, 1, Integer::sum) > 1) return false;
        return true;
    }

    private static String rule(char left, char line, char cross, char right, int... widths) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) sb.append(cross);
            sb.append(String.valueOf(line).repeat(widths[i] + 2));
        }
        return sb.append(right).append('\n').toString();
    }

    private static String cell(String text, int width, boolean right) {
        String pad = " ".repeat(width - text.length());
        return " " + (right ? pad + text : text + pad) + " ";
    }

    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Keras's readable size: two decimals (rounded half-even, as Python's format) of B, KB, MB... in steps of 1024. */
    static String bytes(long n) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = 0;
        while (u < units.length - 1 && v / 1024 >= 1) {
            v /= 1024;
            u++;
        }
        return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " " + units[u];
    }
}
