package dev.jkeras.cli;

import dev.jkeras.graph.Model;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a model as Keras 3's {@code model.summary()} does: one row per layer of
 * {@code model.layers} with its output shape(s) and parameter count, then the total. Wrapped layers
 * (TimeDistributed, Bidirectional...) and the layers of nested models follow their parent as
 * indented rows ({@code └ conv2d (Conv2D)}); a layer inside a wrapper shows no output shape (only
 * the wrapper's is known), except a nested model, which shows its own. The totals are Keras's:
 * all parameters, trainable ones, and the rest (frozen layers, moving statistics).
 */
final class SummaryTable {
    private SummaryTable() {}

    private record Row(String label, List<String> shapes, long params) {}

    static String render(Model model) {
        List<Row> rows = new ArrayList<>();
        for (Model.LayerInfo li : model.layers()) add(rows, li.layer(), li.outputShapes(), li.params(), 0);

        String[] head = {"Layer (type)", "Output Shape", "Param #"};
        int w0 = head[0].length(), w1 = head[1].length(), w2 = head[2].length();
        for (Row r : rows) {
            w0 = Math.max(w0, r.label.length());
            for (String s : r.shapes) w1 = Math.max(w1, s.length());
            w2 = Math.max(w2, thousands(r.params).length());
        }
        w0 = Math.max(w0, 29);
        w1 = Math.max(w1, 22);
        w2 = Math.max(w2, 11);

        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append(rule('┏', '━', '┳', '┓', w0, w1, w2));
        sb.append('┃').append(cell(head[0], w0, false)).append('┃').append(cell(head[1], w1, false))
                .append('┃').append(cell(head[2], w2, true)).append("┃\n");
        sb.append(rule('┡', '━', '╇', '┩', w0, w1, w2));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int lines = Math.max(1, r.shapes.size());
            for (int k = 0; k < lines; k++) {
                sb.append('│').append(cell(k == 0 ? r.label : "", w0, false))
                        .append('│').append(cell(k < r.shapes.size() ? r.shapes.get(k) : "", w1, false))
                        .append('│').append(cell(k == 0 ? thousands(r.params) : "", w2, true)).append("│\n");
            }
            if (i + 1 < rows.size()) sb.append(rule('├', '─', '┼', '┤', w0, w1, w2));
        }
        sb.append(rule('└', '─', '┴', '┘', w0, w1, w2));
        sb.append(" Total params: ").append(thousands(model.paramCount())).append('\n');
        sb.append(" Trainable params: ").append(thousands(model.trainableParamCount())).append('\n');
        sb.append(" Non-trainable params: ").append(thousands(model.paramCount() - model.trainableParamCount())).append('\n');
        return sb.toString();
    }

    /** A row for {@code layer}, then indented rows for what it wraps or contains. */
    private static void add(List<Row> rows, Layer layer, List<Shape> shapes, long params, int depth) {
        String indent = depth == 0 ? "" : "  ".repeat(depth - 1) + "└ ";
        if (shapes == null && layer instanceof Model nested) shapes = nested.outputShapes();
        List<String> shapeText = new ArrayList<>();
        if (shapes != null) for (Shape s : shapes) shapeText.add(s.toString());
        rows.add(new Row(indent + layer.name() + " (" + layer.className() + ")", shapeText, params));
        if (layer instanceof Model nested) {
            for (Model.LayerInfo li : nested.layers()) add(rows, li.layer(), li.outputShapes(), li.params(), depth + 1);
        } else {
            for (Layer sub : layer.sublayers()) add(rows, sub, null, sub.paramCount(), depth + 1);
        }
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
}
