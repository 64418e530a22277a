// Bidirectional: a forward and a backward recurrent layer on the same input (keras-spec 3.3/3.4); the backward
// sequence is re-reversed, then merged (concat, sum, mul, ave, or both returned for merge_mode=None); states follow
// as forward states then backward states. Initial states split in halves; the importer built both copies and set
// zero_output_for_mask = return_sequences on them, as tf.keras and Keras 3 do (Keras 1 and standalone Keras 2 do not).
package dev.jkeras.layers.rnn;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.BuildContext;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.CallState;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerFactory;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keras {@code Bidirectional}. */
public final class Bidirectional extends Layer {
    enum Merge { CONCAT, SUM, MUL, AVE, NONE }

    private final Recurrent forwardLayer;
    private final Recurrent backwardLayer;
    private final Merge merge;
    private final boolean returnSequences;
    private final boolean returnState;
    private final WriterInfo writer;

    private Bidirectional(LayerSpec spec, Recurrent forwardLayer, Recurrent backwardLayer, Merge merge) {
        super(spec);
        this.forwardLayer = forwardLayer;
        this.backwardLayer = backwardLayer;
        this.merge = merge;
        this.returnSequences = forwardLayer.returnsSequences();
        this.returnState = forwardLayer.returnsState();
        this.writer = spec.writer();
    }

    @Override
    public List<Layer> sublayers() {
        return List.of(forwardLayer, backwardLayer);
    }

    @Override
    public long paramCount() {
        return forwardLayer.paramCount() + backwardLayer.paramCount();
    }

    @Override
    public boolean isStateful() {
        return forwardLayer.isStateful();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        List<Shape> seq = List.of(in.get(0));
        List<Shape> f = forwardLayer.outputShapes(seq), b = backwardLayer.outputShapes(seq);
        Shape y = f.get(0), yr = b.get(0);
        List<Shape> out = new ArrayList<>();
        switch (merge) {
            case CONCAT -> out.add(y.with(y.rank() - 1, y.dim(-1) + yr.dim(-1)));
            case NONE -> {
                out.add(y);
                out.add(yr);
            }
            default -> out.add(y);
        }
        if (returnState) {
            out.addAll(f.subList(1, f.size()));
            out.addAll(b.subList(1, b.size()));
        }
        return out;
    }

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public Outputs forward(Call call) {
        boolean initFromKwarg = !call.tensorKwarg("initial_state").isEmpty();
        List<Tensor> init = initFromKwarg ? call.tensorKwarg("initial_state") : call.inputs().subList(1, call.inputs().size());
        int nf = forwardLayer.stateCount(), nb = backwardLayer.stateCount();
        if (!init.isEmpty() && init.size() != nf + nb) {
            throw new InputException("layer '" + name() + "' (Bidirectional): expected " + (nf + nb) + " initial states (forward then "
                    + "backward), found " + init.size());
        }
        if (!call.tensorKwarg("constants").isEmpty()) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (Bidirectional): RNN constants are only used by custom cells, "
                    + "which jkeras cannot run");
        }
        List<Tensor> explicitMask = call.tensorKwarg("mask");
        Tensor mask = explicitMask.isEmpty() ? call.mask(0) : explicitMask.get(0);
        Tensor propagated = mask;
        if (Recurrent.ignoresImplicitMask(writer, init, explicitMask)) mask = null;
        CallState s = call.state();
        Tensor x = call.input(0);
        Recurrent.Result f = forwardLayer.run(x, mask, init.isEmpty() ? List.of() : init.subList(0, nf), s == null ? null : s.child(0));
        Recurrent.Result b = backwardLayer.run(x, mask, init.isEmpty() ? List.of() : init.subList(nf, nf + nb), s == null ? null : s.child(1));
        Tensor y = f.output(), yr = b.output();
        if (returnSequences) yr = reverseTime(yr);
        List<Tensor> out = new ArrayList<>();
        switch (merge) {
            case CONCAT -> out.add(concatLast(y, yr));
            case NONE -> {
                out.add(y);
                out.add(yr);
            }
            default -> out.add(combine(y, yr));
        }
        int merged = out.size();
        if (returnState) {
            out.addAll(f.states());
            out.addAll(b.states());
        }
        List<Tensor> masks = null;
        if (propagated != null && returnSequences && !Recurrent.dropsMasks(writer)) {
            masks = new ArrayList<>(Collections.nCopies(out.size(), null));
            for (int i = 0; i < merged; i++) masks.set(i, propagated);
        }
        return new Outputs(out, masks);
    }

    private Tensor combine(Tensor y, Tensor yr) {
        if (!y.shape().equals(yr.shape())) {
            throw new InputException("layer '" + name() + "' (Bidirectional): merge_mode " + merge.name().toLowerCase() + " needs equal "
                    + "forward and backward outputs, found " + y.shape() + " and " + yr.shape());
        }
        float[] a = y.data(), c = yr.data(), r = new float[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = switch (merge) {
                case SUM -> a[i] + c[i];
                case MUL -> a[i] * c[i];
                case AVE -> (a[i] + c[i]) / 2f;
                default -> throw new IllegalStateException(merge.name());
            };
        }
        return Tensor.of(y.shape(), r);
    }

    private static Tensor concatLast(Tensor a, Tensor b) {
        int ca = a.dim(-1), cb = b.dim(-1), rows = a.shape().sub(0, a.rank() - 1).size();
        float[] r = new float[rows * (ca + cb)];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a.data(), i * ca, r, i * (ca + cb), ca);
            System.arraycopy(b.data(), i * cb, r, i * (ca + cb) + ca, cb);
        }
        return Tensor.of(a.shape().with(a.rank() - 1, ca + cb), r);
    }

    /** Reverses axis 1 (time) of a (batch, time, ...) tensor. */
    private static Tensor reverseTime(Tensor t) {
        int b = t.dim(0), n = t.dim(1), per = t.shape().sizeFrom(2);
        float[] r = new float[t.size()];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) System.arraycopy(t.data(), (i * n + k) * per, r, (i * n + n - 1 - k) * per, per);
        }
        return Tensor.of(t.shape(), r);
    }

    public static final class Factory implements LayerFactory {
        @Override
        public List<String> classNames() {
            return List.of("Bidirectional");
        }

        @Override
        public Layer create(LayerSpec spec, BuildContext ctx) {
            Object m = spec.config().get("merge_mode");
            Merge merge;
            if (m == null) {
                merge = spec.config().asMap().containsKey("merge_mode") ? Merge.NONE : Merge.CONCAT;
            } else {
                merge = switch (String.valueOf(m)) {
                    case "concat" -> Merge.CONCAT;
                    case "sum" -> Merge.SUM;
                    case "mul" -> Merge.MUL;
                    case "ave" -> Merge.AVE;
                    default -> throw new ModelFormatException(spec.where() + ": config key 'merge_mode' should be \"concat\", \"sum\", "
                            + "\"mul\", \"ave\" or null, found " + m);
                };
            }
            List<Shape> seq = List.of(ctx.inputShapes().get(0));
            Recurrent f = recurrent(spec, "forward_layer", ctx.build(spec.child("forward_layer"), seq));
            Recurrent b = recurrent(spec, "backward_layer", ctx.build(spec.child("backward_layer"), seq));
            if (spec.writer() != null && spec.writer().isStandaloneKeras2()) {
                // tf.keras and Keras 3 zero the masked outputs of both halves (the importer sets it); standalone Keras 2 does not
                f = f.withZeroOutputForMask(false);
                b = b.withZeroOutputForMask(false);
            }
            if (f.returnsSequences() != b.returnsSequences() || f.returnsState() != b.returnsState() || f.isStateful() != b.isStateful()) {
                throw new ModelFormatException(spec.where() + ": the forward and backward layers must agree on return_sequences, "
                        + "return_state and stateful");
            }
            return new Bidirectional(spec, f, b, merge);
        }

        private static Recurrent recurrent(LayerSpec spec, String attr, Layer l) {
            if (l instanceof Recurrent r) return r;
            throw new UnsupportedFeatureException(spec.where() + ": the " + attr + " of a Bidirectional must be a recurrent layer "
                    + "(SimpleRNN, LSTM, GRU, RNN, ConvLSTM*), found " + l.className());
        }
    }
}
