// KerasHub ViT encoder: num_layers pre-norm blocks (x + MHA(LN1(x)); then + MLP(LN2(.)) with Dense(mlp_dim, exact
// gelu) and Dense(hidden)), then a final LayerNormalization. Blocks live at encoder_layers/vi_t_encoder_block[_i].
package dev.jkeras.layers.hub;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** KerasHub {@code ViTEncoder} (keras_hub.src.models.vit.vit_layers). */
public final class ViTEncoder extends Layer {
    /** One ViTEncoderBlock's sublayers. */
    private record Block(Layer norm1, Layer attention, TransformerBlocks.FeedForward mlp) {
        Tensor apply(Tensor in) {
            return mlp.apply(TransformerBlocks.attention(attention, norm1, true, in, null, null, null));
        }

        List<Layer> layers() {
            List<Layer> all = new ArrayList<>(List.of(norm1, attention));
            all.addAll(mlp.layers());
            return all;
        }
    }

    private final List<Block> blocks;
    private final Layer norm;

    private ViTEncoder(LayerSpec spec, List<Block> blocks, Layer norm) {
        super(spec);
        this.blocks = List.copyOf(blocks);
        this.norm = norm;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    public List<Tensor> call(Call call) {
        Tensor x = call.input(0);
        for (Block b : blocks) x = b.apply(x);
        return List.of(HubLayers.apply(norm, x));
    }

    @Override
    public long paramCount() {
        return HubLayers.paramCount(sublayers());
    }

    @Override
    public List<Layer> sublayers() {
        List<Layer> all = new ArrayList<>();
        for (Block b : blocks) all.addAll(b.layers());
        all.add(norm);
        return all;
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("keras_hub>ViTEncoder");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            HubLayers.refuseDtype(spec);
            Shape in = HubLayers.sequence(spec, ctx.inputShape());
            int layers = c.requireInt("num_layers");
            int heads = c.requireInt("num_heads");
            int hidden = c.requireInt("hidden_dim");
            int mlp = c.requireInt("mlp_dim");
            if (in.dim(2) != hidden) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "(batch, sequence, " + hidden + ")", in);
            if (layers < 0 || heads <= 0 || hidden / heads == 0 || mlp <= 0) {
                throw new ModelFormatException(spec.where() + ": num_layers " + layers + ", num_heads " + heads + ", mlp_dim " + mlp
                        + " do not fit hidden_dim " + hidden);
            }
            boolean mhaBias = c.getBool("use_mha_bias", true);
            boolean mlpBias = c.getBool("use_mlp_bias", true);
            double eps = c.getDouble("layer_norm_epsilon", 1e-6);
            double attentionDropout = c.getDouble("attention_dropout", 0.0);
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                String at = "encoder_layers/vi_t_encoder_block" + (i == 0 ? "" : "_" + i) + "/";
                Layer n1 = HubLayers.layerNorm(ctx, at + "layer_norm_1", "ln_1", eps, in);
                Layer att = HubLayers.attention(ctx, "MultiHeadAttention", at + "mha", "mha", heads, hidden / heads, attentionDropout, mhaBias, in, in);
                Layer n2 = HubLayers.layerNorm(ctx, at + "layer_norm_2", "ln_2", eps, in);
                Layer d1 = HubLayers.dense(ctx, at + "mlp/dense_1", "dense_1", mlp, "gelu", mlpBias, in);
                Layer d2 = HubLayers.dense(ctx, at + "mlp/dense_2", "dense_2", hidden, null, mlpBias, in.with(2, mlp));
                blocks.add(new Block(n1, att, new TransformerBlocks.FeedForward(n2, d1, d2, true)));
            }
            return new ViTEncoder(spec, blocks, HubLayers.layerNorm(ctx, "layer_norm", "ln", eps, in));
        }
    }
}
