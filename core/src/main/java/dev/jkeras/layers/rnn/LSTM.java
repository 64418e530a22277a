// LSTM: z = x_t·W + h·U + b with gate blocks i, f, c, o; c' = f⊙c + i⊙act(z_c); h' = o⊙act(c').
// go_backwards reads the sequence from the end and returns outputs in processing order (NOT re-reversed).
// return_state gives [output, h, c]. Masks and stateful=true are refused for now; dropout is inference-inert.
package dev.jkeras.layers.rnn;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.ActivationFn;
import dev.jkeras.kernel.Activations;
import dev.jkeras.kernel.MatMul;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WeightDecl;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.layers.LayerConfigs;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keras {@code LSTM} (stateless; no masking yet). */
public final class LSTM extends Layer {
    private final int inDim;
    private final int units;
    private final Tensor kernel;
    private final Tensor recurrentKernel;
    private final Tensor bias;
    private final ActivationFn activation;
    private final ActivationFn recurrentActivation;
    private final boolean returnSequences;
    private final boolean returnState;
    private final boolean goBackwards;
    private final boolean timeMajor;

    private LSTM(LayerSpec spec, int inDim, int units, List<Tensor> w, boolean useBias, ActivationFn activation,
                 ActivationFn recurrentActivation, boolean returnSequences, boolean returnState, boolean goBackwards,
                 boolean timeMajor) {
        super(spec);
        this.inDim = inDim;
        this.units = units;
        this.kernel = w.get(0);
        this.recurrentKernel = w.get(1);
        this.bias = useBias ? w.get(2) : null;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.returnSequences = returnSequences;
        this.returnState = returnState;
        this.goBackwards = goBackwards;
        this.timeMajor = timeMajor;
    }

    private InputException shapeError(String expected, Object found) {
        return new InputException("layer '" + name() + "' (" + className() + "): expected " + expected + ", found " + found);
    }

    private String expectedInput() {
        return timeMajor ? "input (time, batch, " + inDim + ")" : "input (batch, time, " + inDim + ")";
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        Shape x = in.get(0);
        if (x.rank() != 3 || x.dim(2) != inDim) throw shapeError(expectedInput(), x);
        int b = x.dim(timeMajor ? 1 : 0), t = x.dim(timeMajor ? 0 : 1);
        Shape out = returnSequences ? (timeMajor ? Shape.of(t, b, units) : Shape.of(b, t, units)) : Shape.of(b, units);
        if (!returnState) return List.of(out);
        Shape s = Shape.of(b, units);
        return List.of(out, s, s);
    }

    @Override
    public List<Tensor> call(Call call) {
        for (Tensor m : call.masks()) {
            if (m != null) {
                throw new UnsupportedFeatureException("layer '" + name() + "' (LSTM): a mask reaches this layer (e.g. from "
                        + "Embedding(mask_zero=True) or Masking); masked recurrent layers are not supported yet (they arrive "
                        + "with recurrent-layer masking support)");
            }
        }
        Tensor x = call.input(0);
        if (x.rank() != 3 || x.dim(2) != inDim) throw shapeError(expectedInput(), x.shape());
        if (timeMajor) x = Transpose.permute(x, 1, 0, 2);
        int b = x.dim(0), t = x.dim(1), u = units, g = 4 * u;
        List<Tensor> init = initialState(call, b);
        float[] h = init.isEmpty() ? new float[b * u] : init.get(0).data().clone();
        float[] c = init.isEmpty() ? new float[b * u] : init.get(1).data().clone();

        float[] xw = new float[b * t * g];
        MatMul.gemm(b * t, g, inDim, x.data(), 0, inDim, kernel.data(), 0, g, xw, 0, g);
        float[] rk = recurrentKernel.data();
        float[] bv = bias == null ? null : bias.data();
        float[] z = new float[b * g];
        float[] actC = new float[u];
        float[] seq = returnSequences ? new float[b * t * u] : null;
        for (int s = 0; s < t; s++) {
            int step = goBackwards ? t - 1 - s : s;
            MatMul.gemm(b, g, u, h, 0, u, rk, 0, g, z, 0, g);
            for (int r = 0; r < b; r++) {
                int zo = r * g, xo = (r * t + step) * g, ho = r * u;
                for (int j = 0; j < g; j++) z[zo + j] = xw[xo + j] + z[zo + j];
                if (bv != null) {
                    for (int j = 0; j < g; j++) z[zo + j] += bv[j];
                }
                recurrentActivation.applyInPlace(z, zo, 2 * u, u);
                activation.applyInPlace(z, zo + 2 * u, u, u);
                recurrentActivation.applyInPlace(z, zo + 3 * u, u, u);
                for (int j = 0; j < u; j++) {
                    float i = z[zo + j], f = z[zo + u + j], cc = z[zo + 2 * u + j];
                    float cn = f * c[ho + j] + i * cc;
                    c[ho + j] = cn;
                    actC[j] = cn;
                }
                activation.applyInPlace(actC, 0, u, u);
                for (int j = 0; j < u; j++) h[ho + j] = z[zo + 3 * u + j] * actC[j];
                if (seq != null) System.arraycopy(h, ho, seq, (r * t + s) * u, u);
            }
        }
        Tensor out;
        if (seq != null) {
            out = Tensor.of(Shape.of(b, t, u), seq);
            if (timeMajor) out = Transpose.permute(out, 1, 0, 2);
        } else {
            out = Tensor.of(Shape.of(b, u), h.clone());
        }
        if (!returnState) return List.of(out);
        return List.of(out, Tensor.of(Shape.of(b, u), h), Tensor.of(Shape.of(b, u), c));
    }

    /** [h0, c0] from the {@code initial_state} keyword, or from inputs 1 and 2 (tf.keras list form); else empty. */
    private List<Tensor> initialState(Call call, int batch) {
        List<Tensor> init = call.tensorKwarg("initial_state");
        if (init.isEmpty() && call.inputs().size() > 1) init = call.inputs().subList(1, call.inputs().size());
        if (init.isEmpty()) return init;
        if (init.size() != 2) throw shapeError("2 initial states [h, c]", init.size() + " tensors");
        for (Tensor s : init) {
            if (!s.shape().equals(Shape.of(batch, units))) throw shapeError("initial states of shape (" + batch + ", " + units + ")", s.shape());
        }
        return init;
    }

    @Override
    public long paramCount() {
        return count(Arrays.asList(kernel, recurrentKernel, bias));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("LSTM");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Config c = spec.config();
            if (c.getBool("stateful", false)) {
                throw new UnsupportedFeatureException(spec.where() + ": stateful=true is not supported yet (stateful inference "
                        + "arrives with the recurrent-layer issue); re-save the model with stateful=False");
            }
            int units = c.requireInt("units");
            if (units < 1) throw new ModelFormatException(spec.where() + ": config key 'units' should be >= 1, found " + units);
            ActivationFn act = c.has("activation") ? LayerConfigs.activation(spec, "activation") : Activations.byName("tanh", null);
            ActivationFn ract = c.has("recurrent_activation") ? LayerConfigs.activation(spec, "recurrent_activation")
                    : Activations.byName(defaultRecurrentActivation(spec.writer()), spec.writer());
            for (ActivationFn f : List.of(act, ract)) {
                if (!f.inPlaceCapable()) {
                    throw new UnsupportedFeatureException(spec.where() + ": activation " + f.name() + " cannot be used inside an LSTM cell");
                }
            }
            boolean timeMajor = c.getBool("time_major", false);
            Shape in = ctx.inputShape();
            if (in.rank() != 3 || in.dim(2) == Shape.UNKNOWN) {
                throw LayerConfigs.badInput(spec, timeMajor ? "(time, batch, features) with known features"
                        : "(batch, time, features) with known features", in);
            }
            boolean useBias = c.getBool("use_bias", true);
            List<WeightDecl> decls = new ArrayList<>(List.of(
                    WeightDecl.trainable("kernel", in.dim(2), 4 * units),
                    WeightDecl.trainable("recurrent_kernel", units, 4 * units)));
            if (useBias) decls.add(WeightDecl.trainable("bias", 4 * units));
            List<Tensor> w = ctx.weights(decls);
            return new LSTM(spec, in.dim(2), units, w, useBias, act, ract, c.getBool("return_sequences", false),
                    c.getBool("return_state", false), c.getBool("go_backwards", false), timeMajor);
        }

        /** Used only when the config lacks the key: hard_sigmoid up to Keras 2.2, sigmoid after. */
        private static String defaultRecurrentActivation(WriterInfo w) {
            return w != null && w.isLegacy() && w.majorMinor() <= 202 ? "hard_sigmoid" : "sigmoid";
        }
    }
}
