// The time loop of every Keras recurrent layer (SimpleRNN, LSTM, GRU, RNN, ConvLSTM*), keras-spec 4.1: masked
// steps carry the states and emit the previous emitted output (zeros at first: TF/torch/Theano, unrolled loops)
// or the carried h (JAX/numpy, Keras <= 2.2 on TensorFlow), or zeros with zero_output_for_mask; go_backwards
// returns outputs in processing order.
package dev.jkeras.layers.rnn;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.kernel.Buffers;
import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.CallState;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A Keras recurrent layer: a {@link RecurrentCell} run over axis 1 with Keras's options
 * (return_sequences, return_state, go_backwards, masking, initial_state, stateful, time_major).
 * Streamed calls ({@link Call#state()}) continue from the states the previous call left.
 */
public final class Recurrent extends Layer {
    /**
     * What the writer's backend emits at a masked step of a non-unrolled loop: the previous emitted
     * output (zeros before the first) or the carried h. They differ only before a row's first real
     * step when h starts non-zero, and in unrolled loops with zero_output_for_mask (see {@link #run}).
     */
    enum Backend { PREVIOUS_OUTPUT, CARRIED_STATE, UNKNOWN }

    private final RecurrentCell cell;
    private final boolean returnSequences;
    private final boolean returnState;
    private final boolean goBackwards;
    private final boolean stateful;
    private final boolean unroll;
    private final boolean zeroOutputForMask;
    private final boolean timeMajor;
    /** ConvLSTM channels_first: the cell works channels-last; inputs, outputs and states are permuted at the edges. */
    private final boolean channelsFirst;
    private final Backend backend;
    private final WriterInfo writer;
    /** Parameters as stored (CuDNN layers store more biases than the cell keeps). */
    private final long storedParams;
    /** CuDNN layers: Keras refuses masks. */
    private final boolean refusesMasks;

    Recurrent(LayerSpec spec, RecurrentCell cell, boolean channelsFirst) {
        this(spec, cell, channelsFirst, 0);
    }

    /** {@code extraStoredParams}: parameters the file stores beyond the cell's (CuDNN LSTM's second bias half). */
    Recurrent(LayerSpec spec, RecurrentCell cell, boolean channelsFirst, long extraStoredParams) {
        super(spec);
        Config c = spec.config();
        this.cell = cell;
        this.returnSequences = c.getBool("return_sequences", false);
        this.returnState = c.getBool("return_state", false);
        this.goBackwards = c.getBool("go_backwards", false);
        this.stateful = c.getBool("stateful", false);
        this.unroll = c.getBool("unroll", false);
        this.zeroOutputForMask = c.getBool("zero_output_for_mask", false);
        this.timeMajor = c.getBool("time_major", false);
        this.channelsFirst = channelsFirst;
        this.writer = spec.writer();
        this.backend = backendOf(writer);
        this.refusesMasks = spec.className().startsWith("CuDNN");
        this.storedParams = cell.paramCount() + Math.max(0, extraStoredParams);
        if (c.has("num_constants") && c.getInt("num_constants", 0) > 0) {
            throw new UnsupportedFeatureException(spec.where() + ": RNN constants (num_constants=" + c.get("num_constants")
                    + ") are only used by custom cells, which jkeras cannot run");
        }
    }

    private Recurrent(Recurrent r, boolean zeroOutputForMask) {
        super(r.name(), r.className());
        this.cell = r.cell;
        this.returnSequences = r.returnSequences;
        this.returnState = r.returnState;
        this.goBackwards = r.goBackwards;
        this.stateful = r.stateful;
        this.unroll = r.unroll;
        this.zeroOutputForMask = zeroOutputForMask;
        this.timeMajor = r.timeMajor;
        this.channelsFirst = r.channelsFirst;
        this.backend = r.backend;
        this.writer = r.writer;
        this.storedParams = r.storedParams;
        this.refusesMasks = r.refusesMasks;
    }

    /** This layer with another zero_output_for_mask (Bidirectional of standalone Keras 2 does not force it). */
    Recurrent withZeroOutputForMask(boolean zero) {
        return zero == zeroOutputForMask ? this : new Recurrent(this, zero);
    }

    static Backend backendOf(WriterInfo w) {
        if (w == null) return Backend.UNKNOWN;
        String b = w.backend();
        String v = w.kerasVersion() == null ? "" : w.kerasVersion();
        if (w.major() == 3) {
            if (b == null) return Backend.UNKNOWN;
            return switch (b) {
                case "tensorflow", "torch" -> Backend.PREVIOUS_OUTPUT;
                case "jax", "numpy" -> Backend.CARRIED_STATE;
                default -> Backend.UNKNOWN;
            };
        }
        boolean tfKeras = v.endsWith("-tf") || (w.major() == 2 && w.majorMinor() >= 203); // 2.3+ runs tf.keras's loop
        if (tfKeras) return w.majorMinor() >= 202 ? Backend.PREVIOUS_OUTPUT : Backend.UNKNOWN;
        // standalone Keras 1.x-2.2.x: the TensorFlow backend emits states[0], Theano the previous output
        if (b == null) return Backend.UNKNOWN;
        return switch (b) {
            case "tensorflow" -> Backend.CARRIED_STATE;
            case "theano" -> Backend.PREVIOUS_OUTPUT;
            default -> Backend.UNKNOWN;
        };
    }

    boolean returnsSequences() {
        return returnSequences;
    }

    boolean returnsState() {
        return returnState;
    }

    /** Number of state tensors (return_state outputs and initial states). */
    int stateCount() {
        return cell.stateShapes().size();
    }

    @Override
    public boolean isStateful() {
        return stateful;
    }

    @Override
    public long paramCount() {
        return storedParams;
    }

    // ---- shapes ----------------------------------------------------------------------------------

    /** A per-sample shape as the file sees it (channels_first moves the last axis to the front). */
    private Shape external(Shape perSample) {
        if (!channelsFirst) return perSample;
        int r = perSample.rank();
        return perSample.sub(0, r - 1).prepend(perSample.dim(r - 1));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        Shape x = in.get(0);
        Shape wantStep = external(cell.stepInputShape());
        if (x.rank() != wantStep.rank() + 2 || !x.sub(2, x.rank()).compatibleWith(wantStep)) {
            throw new InputException("layer '" + name() + "' (" + className() + "): expected input " + expectedInput() + ", found " + x);
        }
        int b = x.dim(timeMajor ? 1 : 0), t = x.dim(timeMajor ? 0 : 1);
        Shape o = external(cell.stateShapes().get(cell.outputState()));
        Shape out = returnSequences ? (timeMajor ? o.prepend(b).prepend(t) : o.prepend(t).prepend(b)) : o.prepend(b);
        if (!returnState) return List.of(out);
        List<Shape> all = new ArrayList<>(List.of(out));
        for (Shape s : cell.stateShapes()) all.add(external(s).prepend(b));
        return all;
    }

    private String expectedInput() {
        Shape step = external(cell.stepInputShape());
        String dims = step.toString().replaceAll("^\\(|\\)$", "");
        return timeMajor ? "(time, batch, " + dims + ")" : "(batch, time, " + dims + ")";
    }

    // ---- call ------------------------------------------------------------------------------------

    /** The result of one run: the output (sequence or last step) and the final states, in the file's layout. */
    record Result(Tensor output, List<Tensor> states) {}

    @Override
    public List<Tensor> call(Call call) {
        return forward(call).values();
    }

    @Override
    public Outputs forward(Call call) {
        if (!call.tensorKwarg("constants").isEmpty()) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): RNN constants are only used by "
                    + "custom cells, which jkeras cannot run");
        }
        boolean initFromKwarg = !call.tensorKwarg("initial_state").isEmpty();
        List<Tensor> init = initFromKwarg ? call.tensorKwarg("initial_state") : call.inputs().subList(1, call.inputs().size());
        List<Tensor> explicitMask = call.tensorKwarg("mask");
        Tensor mask = explicitMask.isEmpty() ? call.mask(0) : explicitMask.get(0);
        Tensor propagated = mask;
        if (ignoresImplicitMask(writer, init, explicitMask)) mask = null;
        if (refusesMasks && mask != null) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): a mask reaches this layer, and CuDNN "
                    + "layers do not support masking (Keras raises \"Masking is not supported for CuDNN RNNs\")");
        }
        Result r = run(call.input(0), mask, init, call.state());
        List<Tensor> values = new ArrayList<>();
        values.add(r.output());
        if (returnState) values.addAll(r.states());
        return new Outputs(values, outputMasks(propagated, values.size()));
    }

    /**
     * Keras 3 fills {@code mask} in only for calls with a single tensor argument: given initial states,
     * the input mask does not reach the loop (it still becomes the output mask) unless passed explicitly.
     */
    static boolean ignoresImplicitMask(WriterInfo w, List<Tensor> init, List<Tensor> explicitMask) {
        return w != null && w.major() >= 3 && !init.isEmpty() && explicitMask.isEmpty();
    }

    /** Keras's compute_mask: the input mask for the output sequence (none for a last output or states). */
    private List<Tensor> outputMasks(Tensor inputMask, int n) {
        if (inputMask == null || !returnSequences || dropsMasks(writer)) return null;
        List<Tensor> m = new ArrayList<>(Collections.nCopies(n, null));
        m.set(0, inputMask);
        return m;
    }

    /** Keras 3.16 and later no longer propagate masks out of RNN, Bidirectional and TimeDistributed layers. */
    static boolean dropsMasks(WriterInfo w) {
        return w != null && w.major() == 3 && w.majorMinor() >= 316;
    }

    /** What a streamed layer keeps between calls: the states and the last emitted output (TF semantics). */
    private record Stream(int batch, float[][] states, float[] lastEmitted) {}

    /**
     * Runs the loop on {@code x} ((batch, time, step...), or (time, batch, ...) when time_major) with an
     * optional mask ((batch, time) or higher rank: a step is real if any entry is), initial states in
     * the file's layout (empty for zeros) and an optional stream node.
     */
    Result run(Tensor x, Tensor mask, List<Tensor> init, CallState stream) {
        Shape stepShape = cell.stepInputShape();
        int sr = stepShape.rank();
        if (x.rank() != sr + 2) throw inputError("input " + expectedInput(), x.shape());
        if (timeMajor) x = swap01(x);
        if (channelsFirst) x = Transpose.permute(x, toChannelsLast(x.rank(), 2));
        if (!x.shape().sub(2, x.rank()).equals(stepShape)) throw inputError("input " + expectedInput(), x.shape());
        int batch = x.dim(0), steps = x.dim(1);
        if (steps == 0) throw inputError("at least one time step", x.shape());

        List<Shape> stateShapes = cell.stateShapes();
        int ns = stateShapes.size(), oi = cell.outputState();
        int[] ssz = new int[ns];
        for (int k = 0; k < ns; k++) ssz[k] = stateShapes.get(k).size();
        int osz = ssz[oi];

        Stream saved = stream == null ? null : (Stream) stream.get();
        if (stream != null && goBackwards && !stateful) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): a layer that reads its sequence "
                    + "backwards (go_backwards=True, or the backward half of Bidirectional) cannot be streamed chunk by chunk: "
                    + "its first output depends on the end of the sequence. Run the whole sequence in one call (no ModelState).");
        }
        if (saved != null && saved.batch != batch) {
            throw inputError("the batch size of the previous call of this stream (" + saved.batch + ")", x.shape());
        }
        float[][] st = new float[ns][];
        float[] prevEmitted;
        if (saved != null && (init.isEmpty() || !stateful)) {
            for (int k = 0; k < ns; k++) st[k] = saved.states[k].clone();
            prevEmitted = stateful ? new float[batch * osz] : saved.lastEmitted.clone();
        } else {
            if (!init.isEmpty()) {
                if (init.size() != ns) throw inputError(ns + " initial state tensor(s)", init.size() + " tensors");
                for (int k = 0; k < ns; k++) {
                    Tensor s = init.get(k);
                    Shape want = external(stateShapes.get(k)).prepend(batch);
                    if (!s.shape().equals(want)) throw inputError("initial state " + k + " of shape " + want, s.shape());
                    if (channelsFirst) s = Transpose.permute(s, toChannelsLast(s.rank(), 1));
                    st[k] = s.data().clone();
                }
            } else {
                for (int k = 0; k < ns; k++) st[k] = new float[batch * ssz[k]];
            }
            prevEmitted = new float[batch * osz];
        }
        boolean[] keep = keepMask(mask, batch, steps);

        int p = cell.projectionSize();
        float[] proj = Buffers.take(batch * steps * p); // overwritten by project, given back after the loop
        cell.project(x.data(), 0, batch * steps, proj, 0);
        float[] scratch = new float[cell.scratchSize(batch)];
        float[][] nx = new float[ns][];
        for (int k = 0; k < ns; k++) nx[k] = new float[batch * ssz[k]];
        float[] seq = returnSequences ? new float[batch * steps * osz] : null;
        float[] cur = new float[batch * osz];
        Backend mode = backend;
        boolean ambiguous = false;

        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            cell.step(batch, proj, t * p, steps * p, st, nx, 0, scratch, 0);
            if (keep == null) System.arraycopy(nx[oi], 0, cur, 0, batch * osz);
            for (int b = 0; keep != null && b < batch; b++) {
                int o = b * osz;
                if (keep[b * steps + t]) {
                    System.arraycopy(nx[oi], o, cur, o, osz);
                    continue;
                }
                for (int k = 0; k < ns; k++) System.arraycopy(st[k], b * ssz[k], nx[k], b * ssz[k], ssz[k]);
                if (zeroOutputForMask && !unroll) {
                    Arrays.fill(cur, o, o + osz, 0f);
                } else if (unroll || mode == Backend.PREVIOUS_OUTPUT) {
                    System.arraycopy(prevEmitted, o, cur, o, osz);
                } else {
                    System.arraycopy(st[oi], o, cur, o, osz);
                }
                // the previous emitted output and the carried h differ only before a row's first real
                // step when the initial h is not zero
                if (mode == Backend.UNKNOWN && !unroll && !zeroOutputForMask && (returnSequences || s == steps - 1)
                        && !Arrays.equals(prevEmitted, o, o + osz, st[oi], o, o + osz)) {
                    ambiguous = true;
                }
            }
            if (seq != null) {
                for (int b = 0; b < batch; b++) System.arraycopy(cur, b * osz, seq, (b * steps + s) * osz, osz);
            }
            float[] tmp = prevEmitted;
            prevEmitted = cur;
            cur = tmp;
            float[][] ts = st;
            st = nx;
            nx = ts;
        }
        Buffers.recycle(proj);
        float[] last = prevEmitted.clone();
        if (unroll && zeroOutputForMask && keep != null && mode != Backend.CARRIED_STATE) {
            // TF/torch unrolled: masked outputs are zeroed after the loop, the sequence with the mask in input
            // order even when go_backwards emitted it reversed (as Keras does); JAX/numpy do not zero at all.
            boolean changed = zeroUnrolled(seq, last, keep, batch, steps, osz);
            if (mode == Backend.UNKNOWN && changed) ambiguous = true;
        }
        if (ambiguous) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + ") in " + (writer == null ? "this model"
                    : writer.source()) + ": for this mask the layer's output depends on which Keras backend wrote the file "
                    + "(TensorFlow/torch/Theano and JAX/numpy fill masked steps differently " + (unroll ? "when unroll=True"
                    : "before a row's first real step when the initial state is not zero") + "), and the file does not record it "
                    + "(Keras " + (writer == null ? "?" : writer.kerasVersion()) + ", backend " + (writer == null ? null : writer.backend())
                    + "). Save the model as .h5 with Keras 2.3+ or 3 (which records the backend) to run it.");
        }
        if (stream != null) {
            float[][] keepStates = new float[ns][];
            for (int k = 0; k < ns; k++) keepStates[k] = st[k].clone();
            stream.set(new Stream(batch, keepStates, prevEmitted.clone()));
        }

        Shape o = stateShapes.get(oi);
        Tensor out;
        if (seq != null) {
            out = Tensor.of(o.prepend(steps).prepend(batch), seq);
            if (channelsFirst) out = Transpose.permute(out, toChannelsFirst(out.rank(), 2));
            if (timeMajor) out = swap01(out);
        } else {
            out = Tensor.of(o.prepend(batch), last);
            if (channelsFirst) out = Transpose.permute(out, toChannelsFirst(out.rank(), 1));
        }
        List<Tensor> states = new ArrayList<>(ns);
        for (int k = 0; k < ns; k++) {
            Tensor s = Tensor.of(stateShapes.get(k).prepend(batch), st[k]);
            states.add(channelsFirst ? Transpose.permute(s, toChannelsFirst(s.rank(), 1)) : s);
        }
        return new Result(out, states);
    }

    /** TF's post-loop zeroing of an unrolled masked run; true if it changed a returned value. */
    private boolean zeroUnrolled(float[] seq, float[] last, boolean[] keep, int batch, int steps, int osz) {
        boolean changed = false;
        if (seq != null) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < steps; k++) {
                    if (keep[b * steps + k]) continue;
                    int o = (b * steps + k) * osz;
                    for (int j = 0; j < osz; j++) {
                        changed |= seq[o + j] != 0f;
                        seq[o + j] = 0f;
                    }
                }
            }
        } else {
            int tLast = goBackwards ? 0 : steps - 1;
            for (int b = 0; b < batch; b++) {
                if (keep[b * steps + tLast]) continue;
                for (int j = 0; j < osz; j++) {
                    changed |= last[b * osz + j] != 0f;
                    last[b * osz + j] = 0f;
                }
            }
        }
        return changed;
    }

    /** Per (row, time) whether the step is real; null when there is no mask. */
    private boolean[] keepMask(Tensor mask, int batch, int steps) {
        if (mask == null) return null;
        if (timeMajor && mask.rank() == 2) mask = swap01(mask);
        if (mask.rank() < 2 || mask.dim(0) != batch || mask.dim(1) != steps) {
            throw inputError("a mask of shape (" + batch + ", " + steps + ", ...)", mask.shape());
        }
        int per = mask.shape().sizeFrom(2);
        if (per > 1 && unroll) {
            throw new UnsupportedFeatureException("layer '" + name() + "' (" + className() + "): an unrolled layer given a mask of shape "
                    + mask.shape() + " (more than one value per step) cannot be reproduced: Keras itself fails on it");
        }
        boolean[] keep = new boolean[batch * steps];
        float[] m = mask.data();
        for (int i = 0; i < keep.length; i++) {
            for (int j = 0; j < per; j++) {
                if (m[i * per + j] != 0f) {
                    keep[i] = true;
                    break;
                }
            }
        }
        return keep;
    }

    private static Tensor swap01(Tensor t) {
        int[] perm = new int[t.rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[0] = 1;
        perm[1] = 0;
        return Transpose.permute(t, perm);
    }

    /** Moves axis {@code lead} (channels) of a rank-{@code rank} tensor to the end. */
    private static int[] toChannelsLast(int rank, int lead) {
        int[] perm = new int[rank];
        for (int i = 0; i < lead; i++) perm[i] = i;
        for (int i = lead; i < rank - 1; i++) perm[i] = i + 1;
        perm[rank - 1] = lead;
        return perm;
    }

    /** Moves the last axis (channels) of a rank-{@code rank} tensor to position {@code lead}. */
    private static int[] toChannelsFirst(int rank, int lead) {
        int[] perm = new int[rank];
        for (int i = 0; i < lead; i++) perm[i] = i;
        perm[lead] = rank - 1;
        for (int i = lead + 1; i < rank; i++) perm[i] = i - 1;
        return perm;
    }

    private InputException inputError(String expected, Object found) {
        return new InputException("layer '" + name() + "' (" + className() + "): expected " + expected + ", found " + found);
    }
}
