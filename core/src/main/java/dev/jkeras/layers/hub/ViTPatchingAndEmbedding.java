// KerasHub ViT patch embedding: a Conv2D with kernel = strides = patch_size over (B, H, W, C) images, flattened to
// (B, patches, hidden), a learned class token prepended (use_class_token), plus the position_embedding table.
// channels_last only: the layer's config does not record its data_format (Keras reloads it with the global default).
package dev.jkeras.layers.hub;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** KerasHub {@code ViTPatchingAndEmbedding} (keras_hub.src.models.vit.vit_layers). */
public final class ViTPatchingAndEmbedding extends Layer {
    private final Layer patches;
    /** Class token (hidden), or null. */
    private final float[] classToken;
    /** Position vectors (positions, hidden). */
    private final float[] positions;
    private final int numPositions;
    private final int hidden;
    private final long params;

    private ViTPatchingAndEmbedding(LayerSpec spec, Layer patches, float[] classToken, float[] positions, int numPositions, int hidden,
                                    long params) {
        super(spec);
        this.patches = patches;
        this.classToken = classToken;
        this.positions = positions;
        this.numPositions = numPositions;
        this.hidden = hidden;
        this.params = params;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        patches.outputShapes(in);
        return List.of(Shape.of(in.get(0).dim(0), numPositions, hidden));
    }

    @Override
    public List<Tensor> call(Call call) {
        Tensor p = HubLayers.apply(patches, call.input(0));
        int b = p.dim(0);
        int n = p.dim(1) * p.dim(2);
        int lead = classToken != null ? 1 : 0;
        float[] src = p.data();
        float[] out = new float[b * numPositions * hidden];
        for (int i = 0; i < b; i++) {
            int base = i * numPositions * hidden;
            if (classToken != null) System.arraycopy(classToken, 0, out, base, hidden);
            System.arraycopy(src, i * n * hidden, out, base + lead * hidden, n * hidden);
            for (int j = 0; j < numPositions * hidden; j++) out[base + j] += positions[j];
        }
        return List.of(Tensor.of(Shape.of(b, numPositions, hidden), out));
    }

    @Override
    public boolean freshOutputs() {
        return true;
    }

    @Override
    public long paramCount() {
        return params;
    }

    @Override
    public List<Layer> sublayers() {
        return List.of(patches);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>ViTPatchingAndEmbedding");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            HubLayers.refuseDtype(spec);
            String format = c.getString("data_format", "channels_last");
            if (!format.equals("channels_last")) {
                throw new UnsupportedFeatureException(spec.where() + ": data_format '" + format + "' is not supported (supported: channels_last)");
            }
            int hidden = c.requireInt("hidden_dim");
            int[] patch = c.getInts("patch_size", 2, null);
            boolean useClassToken = c.getBool("use_class_token", true);
            Shape in = ctx.inputShape();
            if (in.rank() != 4 || in.dim(1) == Shape.UNKNOWN || in.dim(2) == Shape.UNKNOWN || in.dim(3) == Shape.UNKNOWN) {
                throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, height, width, channels) with known sizes", in);
            }
            if (patch == null || patch[0] <= 0 || patch[1] <= 0 || in.dim(1) % patch[0] != 0 || in.dim(2) % patch[1] != 0) {
                throw new ModelFormatException(spec.where() + ": patch_size " + c.get("patch_size") + " does not tile the image " + in);
            }
            int numPatches = (in.dim(1) / patch[0]) * (in.dim(2) / patch[1]);
            int numPositions = numPatches + (useClassToken ? 1 : 0);
            if (c.has("num_positions") && c.requireInt("num_positions") != numPositions) {
                throw new ModelFormatException(spec.where() + ": num_positions " + c.get("num_positions") + " does not match "
                        + numPatches + " patches" + (useClassToken ? " + class token" : ""));
            }
            float[] classToken = useClassToken ? ctx.weights(WeightDecl.trainable("class_token", 1, 1, hidden)).get(0).data() : null;
            Layer conv = ctx.build(spec.sublayer("Conv2D", "patch_embedding", "patch_embedding", HubLayers.config("filters", hidden,
                    "kernel_size", List.of(patch[0], patch[1]), "strides", List.of(patch[0], patch[1]), "padding", "valid",
                    "data_format", "channels_last", "use_bias", c.getBool("use_patch_bias", true))), List.of(in));
            Layer table = ctx.build(spec.sublayer("Embedding", "position_embedding", "position_embedding",
                    HubLayers.config("input_dim", numPositions, "output_dim", hidden)), List.of(Shape.of(1, numPositions)));
            float[] ids = new float[numPositions];
            for (int i = 0; i < numPositions; i++) ids[i] = i;
            float[] positions = HubLayers.apply(table, Tensor.of(Shape.of(1, numPositions), ids)).data().clone();
            long params = conv.paramCount() + table.paramCount() + (useClassToken ? hidden : 0);
            return new ViTPatchingAndEmbedding(spec, conv, classToken, positions, numPositions, hidden, params);
        }
    }
}
