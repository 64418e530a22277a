// TimeDistributed: applies the wrapped layer (any layer, nested models included) to every step of axis 1.
// Folds (B, T, ...) to (B*T, ...) with no copy, calls the inner layer once, unfolds. Output mask follows the writer:
// Keras 3 (<= 3.15) passes the input mask through (3.16+: none); tf.keras 2 uses the inner layer's, else ORs; Keras 1
// and standalone Keras 2 with a fixed batch size (their per-step loop) pass it through without giving it to the inner layer.
package dev.jkeras.layers.core;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras {@code TimeDistributed}: the inner layer applied independently at each time step. */
public final class TimeDistributed extends Layer {
    private final Layer inner;
    private final WriterInfo writer;
    /** Keras 1, and standalone Keras 2 with a fixed batch size: a per-step loop that ignores masks. */
    private final boolean maskBlindLoop;

    private TimeDistributed(LayerSpec spec, Layer inner, boolean maskBlindLoop) {
        super(spec);
        this.inner = inner;
        this.writer = spec.writer();
        this.maskBlindLoop = maskBlindLoop;
    }

    /** The wrapped layer. */
    public Layer inner() {
        return inner;
    }

    @Override
    public List<Layer> sublayers() {
        return List.of(inner);
    }

    @Override
    public long paramCount() {
        return inner.paramCount();
    }

    private Shape fold(Shape s) {
        return fold(s, name());
    }

    private static Shape fold(Shape s, String name) {
        if (s.rank() < 3) {
            throw new InputException("layer '" + name + "' (TimeDistributed): expected inputs of rank >= 3 (batch, time, ...), found " + s);
        }
        int b = s.dim(0), t = s.dim(1);
        int bt = b == Shape.UNKNOWN || t == Shape.UNKNOWN ? Shape.UNKNOWN : b * t;
        return s.sub(2, s.rank()).prepend(bt);
    }

    private static Shape unfold(Shape inner, int b, int t) {
        return inner.sub(1, inner.rank()).prepend(t).prepend(b);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        List<Shape> folded = new ArrayList<>();
        for (Shape s : inputShapes) folded.add(fold(s));
        Shape first = inputShapes.get(0);
        List<Shape> out = new ArrayList<>();
        for (Shape s : inner.outputShapes(folded)) out.add(unfold(s, first.dim(0), first.dim(1)));
        return out;
    }

    @Override
    public List<DType> outputDTypes(List<DType> in, Map<String, List<DType>> tensorKwargDTypes, Map<String, Object> kwargs, int outputCount) {
        Map<String, List<DType>> kw = new LinkedHashMap<>(tensorKwargDTypes);
        kw.remove("mask");
        return inner.outputDTypes(in, kw, kwargs, outputCount);
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public Outputs forward(Call call) {
        Tensor first = call.input(0);
        int b = first.dim(0), t = first.dim(1);
        List<Tensor> folded = new ArrayList<>();
        for (Tensor x : call.inputs()) {
            if (x.rank() < 3 || x.dim(0) != b || x.dim(1) != t) {
                throw new InputException("layer '" + name() + "' (TimeDistributed): every input must be (batch=" + b + ", time=" + t
                        + ", ...), found " + x.shape());
            }
            folded.add(x.reshape(fold(x.shape())));
        }
        List<Tensor> foldedMasks = null;
        if (!maskBlindLoop) {
            foldedMasks = new ArrayList<>();
            for (Tensor m : call.masks()) {
                foldedMasks.add(m == null || m.rank() < 2 ? null : m.reshape(m.shape().sub(2, m.rank()).prepend(b * t)));
            }
            if (foldedMasks.stream().allMatch(x -> x == null)) foldedMasks = null;
        }
        // The inner layer sees (batch·time, ...) slices: no explicit (batch, time) mask argument, and no stream
        // state (each step's inner sequence is independent; stateful inner layers are refused at load time).
        Map<String, List<Tensor>> kw = new LinkedHashMap<>(call.tensorKwargs());
        kw.remove("mask");
        Map<String, List<DType>> kwTypes = new LinkedHashMap<>(call.tensorKwargDTypes());
        kwTypes.remove("mask");
        Outputs in = inner.forward(new Call(folded, foldedMasks, kw, call.kwargs(), null, call.inputDTypes(), kwTypes));
        List<Tensor> out = new ArrayList<>();
        for (Tensor y : in.values()) out.add(y.reshape(unfold(y.shape(), b, t)));
        return new Outputs(out, outputMasks(call, in, b, t, out.size()));
    }

    private List<Tensor> outputMasks(Call call, Outputs inner, int b, int t, int nOut) {
        Tensor inMask = call.mask(0);
        if (writer != null && writer.major() == 3 && writer.majorMinor() >= 316) return null; // Keras 3.16+: no output mask
        if (writer == null || writer.major() >= 3 || maskBlindLoop) {
            return inMask == null ? null : java.util.Collections.nCopies(nOut, inMask);
        }
        // tf.keras 2: the inner layer's mask, unfolded; else the input mask reduced to (batch, time).
        if (inner.masks() != null && inner.masks().get(0) != null) {
            Tensor m = inner.masks().get(0);
            return java.util.Collections.nCopies(nOut, m.reshape(unfold(m.shape(), b, t)));
        }
        if (inMask == null) return null;
        if (inMask.rank() == 2) return java.util.Collections.nCopies(nOut, inMask);
        int per = inMask.shape().sizeFrom(2);
        float[] r = new float[b * t];
        float[] d = inMask.data();
        for (int i = 0; i < b * t; i++) {
            for (int j = 0; j < per; j++) {
                if (d[i * per + j] != 0f) {
                    r[i] = 1f;
                    break;
                }
            }
        }
        return java.util.Collections.nCopies(nOut, Tensor.of(Shape.of(b, t), r));
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("TimeDistributed");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            List<Shape> in = ctx.inputShapes();
            List<Shape> folded = new ArrayList<>();
            for (Shape s : in) folded.add(fold(s, spec.name()));
            Layer inner = ctx.build(spec.child("layer"), folded);
            if (inner.isStateful()) {
                throw new UnsupportedFeatureException(spec.where() + ": a stateful layer (stateful=True) inside TimeDistributed is not "
                        + "supported: Keras carries its state from one time step to the next and across calls");
            }
            WriterInfo w = spec.writer();
            boolean maskBlind = w != null && (w.major() == 1 || (w.isStandaloneKeras2() && in.get(0).dim(0) != Shape.UNKNOWN));
            return new TimeDistributed(spec, inner, maskBlind);
        }
    }
}
