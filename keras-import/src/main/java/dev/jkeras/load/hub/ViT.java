// KerasHub ViT (keras_hub.src.models.vit): ViTBackbone (images → ViTPatchingAndEmbedding → ViTEncoder) and
// ViTImageClassifier (class token x[:, 0] or the mean over tokens ("gap") → optional Dense(tanh) pre_logits →
// dropout → Dense predictions). channels_last only: a ViT config does not record its data_format.
package dev.jkeras.load.hub;

import static dev.jkeras.load.hub.FunctionalBuilder.obj;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.hub.FunctionalBuilder.Ref;
import java.util.List;
import java.util.Map;

/** Internal: the ViT family. */
final class ViT {
    private ViT() {}

    static Map<String, Object> backbone(HubArgs a) {
        a.known("image_shape", "patch_size", "num_layers", "num_heads", "hidden_dim", "mlp_dim", "dropout_rate", "attention_dropout",
                "layer_norm_epsilon", "use_mha_bias", "use_mlp_bias", "use_class_token", "use_patch_bias", "data_format");
        String format = a.getString("data_format", "channels_last");
        if (!format.equals("channels_last")) {
            throw new UnsupportedFeatureException(a.where + ": data_format '" + format + "' is not supported (supported: channels_last)");
        }
        List<Object> shape = a.list("image_shape");
        if (shape.size() != 3 || shape.stream().anyMatch(d -> !(d instanceof Number))) {
            throw new ModelFormatException(a.where + ": image_shape should be [height, width, channels] with known sizes, found " + shape);
        }
        int h = ((Number) shape.get(0)).intValue(), w = ((Number) shape.get(1)).intValue(), c = ((Number) shape.get(2)).intValue();
        Object p = a.get("patch_size");
        List<Object> patch = p instanceof Number n ? List.of(n, n) : a.list("patch_size");
        int hidden = a.positive("hidden_dim");
        boolean classToken = a.getBool("use_class_token", true);

        FunctionalBuilder f = new FunctionalBuilder();
        Ref images = f.input("images", "float32", h, w, c);
        Ref x = f.hubLayer("ViTPatchingAndEmbedding", obj("name", "vit_patching_and_embedding", "image_size", List.of(h, w), "patch_size", patch,
                "hidden_dim", hidden, "num_channels", c, "use_class_token", classToken, "use_patch_bias", a.getBool("use_patch_bias", true)),
                images, Map.of());
        x = f.hubLayer("ViTEncoder", obj("name", "vit_encoder", "num_layers", a.requireInt("num_layers"), "num_heads", a.positive("num_heads"),
                "hidden_dim", hidden, "mlp_dim", a.positive("mlp_dim"), "use_mha_bias", a.getBool("use_mha_bias", true),
                "use_mlp_bias", a.getBool("use_mlp_bias", true), "dropout_rate", a.getDouble("dropout_rate", 0.0),
                "attention_dropout", a.getDouble("attention_dropout", 0.0), "layer_norm_epsilon", a.getDouble("layer_norm_epsilon", 1e-6)),
                x, Map.of());
        return f.build(a.getString("name", "vi_t_backbone"), images, x);
    }

    static Map<String, Object> imageClassifier(HubArgs a) {
        a.known("backbone", "preprocessor", "num_classes", "pooling", "intermediate_dim", "activation", "dropout", "head_dtype");
        a.dtype("head_dtype");
        Map<String, Object> backbone = a.backbone("ViTBackbone");
        FunctionalBuilder f = new FunctionalBuilder();
        HubArgs bb = new HubArgs("ViTBackbone", dev.jkeras.load.config.Json.asMap(backbone.get("config")), a.where);
        List<Object> shape = bb.list("image_shape");
        Ref images = f.input("images", "float32", shape.stream().map(d -> d == null ? null : ((Number) d).intValue()).toArray(Integer[]::new));
        Ref x = f.nested(backbone, images);
        String pooling = a.getString("pooling", "token");
        switch (pooling) {
            case "token" -> x = f.op("GetItem", obj("name", "get_item"), x, List.of(FunctionalBuilder.slice(null, null, null), 0));
            case "gap" -> x = f.op("Mean", obj("name", "mean", "axis", List.of(1), "keepdims", false), x);
            default -> throw new UnsupportedFeatureException(a.where + ": pooling '" + pooling + "' is not supported (supported: token, gap)");
        }
        if (a.get("intermediate_dim") != null) {
            x = f.layer("Dense", obj("name", "pre_logits", "units", a.positive("intermediate_dim"), "activation", "tanh"), x);
        }
        x = f.layer("Dropout", obj("name", "output_dropout", "rate", a.getDouble("dropout", 0.0)), x);
        x = f.layer("Dense", obj("name", "predictions", "units", a.positive("num_classes"), "activation", a.get("activation")), x);
        return f.build(a.getString("name", "vi_t_image_classifier"), images, x);
    }
}
