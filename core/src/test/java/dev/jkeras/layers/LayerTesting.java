package dev.jkeras.layers;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerRegistry;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds single layers through the registry with given weights, for layer unit tests. */
public final class LayerTesting {
    public static final WriterInfo K3 = new WriterInfo("3.15.1", "jax", "test.keras");
    public static final WriterInfo K2 = new WriterInfo("2.21.0", "tensorflow", "test.h5");
    public static final WriterInfo K1 = new WriterInfo("1.2.2", null, "test.h5");

    private LayerTesting() {}

    /** A builder for one layer. */
    public static final class Builder {
        private final String className;
        private final Map<String, Object> config;
        private WriterInfo writer = K3;
        private List<Shape> inputs = new ArrayList<>();
        private List<Tensor> weights = new ArrayList<>();
        /** Declarations the layer made, filled by {@link #build()}. */
        public final List<WeightDecl> declared = new ArrayList<>();

        Builder(String className, Map<String, Object> config) {
            this.className = className;
            this.config = config;
        }

        public Builder writer(WriterInfo w) {
            this.writer = w;
            return this;
        }

        public Builder input(int... dims) {
            inputs.add(Shape.of(dims));
            return this;
        }

        public Builder weights(Tensor... w) {
            weights = Arrays.asList(w);
            return this;
        }

        public Layer build() {
            LayerSpec spec = new LayerSpec(className, "test_layer", new Config(config, "layer 'test_layer'"), writer, null, null, null);
            BuildContext ctx = new BuildContext() {
                @Override
                public List<Shape> inputShapes() {
                    return inputs;
                }

                @Override
                public Shape inputShape() {
                    if (inputs.size() != 1) throw new IllegalStateException("layer takes one input, test gave " + inputs.size());
                    return inputs.get(0);
                }

                @Override
                public List<Tensor> weights(List<WeightDecl> decls) {
                    declared.addAll(decls);
                    if (decls.size() != weights.size()) {
                        throw new IllegalStateException("layer declared " + decls + " but the test gave " + weights.size() + " weights");
                    }
                    for (int i = 0; i < decls.size(); i++) {
                        if (!decls.get(i).shape().equals(weights.get(i).shape())) {
                            throw new IllegalStateException("declared " + decls.get(i) + ", test weight has shape " + weights.get(i).shape());
                        }
                    }
                    return weights;
                }

                @Override
                public Layer build(LayerSpec child, List<Shape> inputShapes) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public WriterInfo writer() {
                    return writer;
                }

                @Override
                public LayerSpec spec() {
                    return spec;
                }
            };
            return LayerRegistry.defaults().create(spec, ctx);
        }
    }

    public static Builder layer(String className, Map<String, Object> config) {
        return new Builder(className, config);
    }

    public static Tensor t(int[] dims, float... v) {
        return Tensor.of(Shape.of(dims), v);
    }

    public static int[] dims(int... d) {
        return d;
    }

    /** Values 0, 1, 2, ... scaled by {@code step}, offset by {@code start}. */
    public static Tensor ramp(float start, float step, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = start + step * i;
        return Tensor.of(s, v);
    }

    /** Runs a one-input layer. */
    public static Tensor run(Layer l, Tensor x) {
        return l.call(Call.of(x)).get(0);
    }

    /** Runs a layer and returns outputs and masks. */
    public static Layer.Outputs forward(Layer l, List<Tensor> xs, List<Tensor> masks) {
        return l.forward(new Call(xs, masks, null, null));
    }
}
