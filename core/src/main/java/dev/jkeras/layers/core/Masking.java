// Masking: a step is real if any feature differs from mask_value (mask = any(x != v) over the last axis); the
// output is x times that mask, so padded steps become 0 (as Keras's multiply: inf or NaN padding gives NaN).
// The input mask is replaced, as in every Keras version.
package dev.jkeras.layers.core;

import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.UnaryLayer;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.List;

/** Keras {@code Masking}. */
public final class Masking extends UnaryLayer {
    private final float maskValue;

    private Masking(LayerSpec spec, float maskValue) {
        super(spec);
        this.maskValue = maskValue;
    }

    /** Keras 3 keeps integer inputs in their dtype (bool ones become int32; tf.keras takes floats only). */
    @Override
    public List<DType> outputDTypes(List<DType> in, int outputCount) {
        return in.get(0) == DType.BOOL ? floatInputsOnly(in, outputCount) : sameDType(in, outputCount);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() < 2) throw shapeError("of rank >= 2 (batch, ..., features)", in);
        return in;
    }

    @Override
    public Tensor apply(Tensor x) {
        float[] m = keep(x);
        float[] d = x.data(), y = new float[d.length];
        int f = x.dim(-1);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < f; j++) y[i * f + j] = d[i * f + j] * m[i];
        }
        return Tensor.of(x.shape(), y);
    }

    /** 1 where any feature of the last axis differs from mask_value, else 0; shape = input shape minus the last axis. */
    private float[] keep(Tensor x) {
        int f = x.dim(-1), n = f == 0 ? 0 : x.size() / f;
        float[] d = x.data(), m = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                if (d[i * f + j] != maskValue) {
                    m[i] = 1f;
                    break;
                }
            }
        }
        return m;
    }

    @Override
    public List<Tensor> outputMasks(Call call, List<Tensor> outputs) {
        Tensor x = call.input(0);
        return List.of(Tensor.of(x.shape().sub(0, x.rank() - 1), keep(x)));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Masking");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Shape in = ctx.inputShape();
            if (in.rank() < 2) throw dev.jkeras.layers.LayerConfigs.badInput(spec, "of rank >= 2 (batch, ..., features)", in);
            return new Masking(spec, spec.config().getFloat("mask_value", 0f));
        }
    }
}
