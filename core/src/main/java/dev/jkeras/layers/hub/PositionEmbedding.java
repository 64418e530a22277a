// KerasHub PositionEmbedding: learned position vectors (sequence_length, features); the output is rows
// start_index .. start_index + T - 1 broadcast to the input's shape (B, T, features), or the rows picked by a
// `positions` tensor ((T,) or (B, T)). Only the input's shape is read. T beyond the table is refused.
package dev.jkeras.layers.hub;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** KerasHub {@code keras_hub.layers.PositionEmbedding}. */
public final class PositionEmbedding extends Layer {
    private final float[] table;
    private final int length;
    private final int features;

    PositionEmbedding(LayerSpec spec, Tensor table) {
        super(spec);
        this.table = table.data();
        this.length = table.dim(0);
        this.features = table.dim(1);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    public List<Tensor> call(Call call) {
        Tensor x = call.input(0);
        List<Tensor> positions = call.tensorKwarg("positions");
        int start = startIndex(call.kwargs());
        return List.of(embed(x.shape(), positions.isEmpty() ? null : positions.get(0), start));
    }

    private int startIndex(Map<String, Object> kwargs) {
        Object s = kwargs.get("start_index");
        if (s == null) return 0;
        Integer i = dev.jkeras.layer.Config.asInt(s);
        if (i != null) return i;
        throw new ModelFormatException(where() + ": start_index should be a constant integer, found " + s);
    }

    /** The position vectors for an input of {@code shape} (..., T, features). */
    Tensor embed(Shape shape, Tensor positions, int start) {
        int rank = shape.rank();
        if (rank < 2 || shape.dim(-1) != features) {
            throw new InputException(where() + ": expected input (..., sequence, " + features + "), found " + shape);
        }
        int t = shape.dim(-2);
        int outer = shape.sub(0, rank - 2).size();
        float[] out = new float[shape.size()];
        if (positions == null) {
            if (start < 0 || start + t > length) {
                throw new InputException(where() + ": positions " + start + ".." + (start + t - 1) + " are beyond the " + length
                        + " learned positions (sequence_length)");
            }
            for (int o = 0; o < outer; o++) System.arraycopy(table, start * features, out, o * t * features, t * features);
            return Tensor.of(shape, out);
        }
        float[] p = positions.data();
        boolean perRow = positions.rank() == 2;
        if (!(positions.rank() == 1 && p.length == t) && !(perRow && positions.dim(1) == t && positions.dim(0) == outer && rank == 3)) {
            throw new InputException(where() + ": positions " + positions.shape() + " do not match input " + shape);
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < t; i++) {
                int pos = (int) p[perRow ? o * t + i : i];
                if (pos < 0 || pos >= length) throw new InputException(where() + ": position " + pos + " is outside 0.." + (length - 1));
                System.arraycopy(table, pos * features, out, (o * t + i) * features, features);
            }
        }
        return Tensor.of(shape, out);
    }

    private String where() {
        return "layer '" + name() + "' (" + className() + ")";
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public long paramCount() {
        return table.length;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>PositionEmbedding");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            HubLayers.refuseDtype(spec);
            int length = spec.config().requireInt("sequence_length");
            Shape in = ctx.inputShapes().get(0);
            if (in.rank() < 2 || in.dim(-1) == Shape.UNKNOWN) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, sequence, features)", in);
            if (length <= 0) throw new ModelFormatException(spec.where() + ": sequence_length must be positive, found " + length);
            return new PositionEmbedding(spec, ctx.weights(WeightDecl.trainable("embeddings", length, in.dim(-1))).get(0));
        }
    }
}
