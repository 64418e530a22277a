package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.layer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.CallState;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.WriterInfo;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How masked steps are filled, per writer (keras-spec 4.1), on a SimpleRNN with h' = x + h (one
 * unit, linear, unit weights): x = 1, 2, 3, 4, mask 0, 1, 0, 1, initial h 10. The fixtures check the
 * same against real Keras; this pins the corner cases the writers disagree on.
 */
class RecurrentMaskTest {
    private static final WriterInfo TF_KERAS = new WriterInfo("2.21.0", "tensorflow", "t.h5");
    private static final WriterInfo K3_JAX = new WriterInfo("3.15.1", "jax", "t.h5");
    private static final WriterInfo K3_UNKNOWN = new WriterInfo("3.15.1", null, "t.keras");
    private static final WriterInfo K224_TF = new WriterInfo("2.2.4", "tensorflow", "t.h5");
    private static final WriterInfo K224_THEANO = new WriterInfo("2.2.4", "theano", "t.h5");
    private static final WriterInfo K1 = new WriterInfo("1.2.2", null, "t.h5");

    private static final Tensor X = Tensor.of(Shape.of(1, 4, 1), new float[] {1, 2, 3, 4});
    private static final Tensor MASK = Tensor.of(Shape.of(1, 4), new float[] {0, 1, 0, 1});
    private static final Tensor H0 = Tensor.of(Shape.of(1, 1), new float[] {10});

    private static Layer rnn(WriterInfo w, Object... options) {
        Map<String, Object> c = new HashMap<>(Map.of("units", 1, "activation", "linear", "return_sequences", true));
        for (int i = 0; i < options.length; i += 2) c.put((String) options[i], options[i + 1]);
        Tensor one = Tensor.of(Shape.of(1, 1), new float[] {1});
        return layer("SimpleRNN", c).writer(w).input(-1, 4, 1).weights(one, one, Tensor.zeros(1)).build();
    }

    /** Initial state and an explicit mask (so that Keras 3 applies the mask with initial_state). */
    private static float[] run(Layer l) {
        return l.call(new Call(List.of(X), null, Map.of("initial_state", List.of(H0), "mask", List.of(MASK)), null)).get(0).data();
    }

    @Test
    void maskedStepsEmitThePreviousOutputOrTheCarriedState() {
        float[] previous = {0, 12, 12, 16}, carried = {10, 12, 12, 16};
        assertArrayEquals(previous, run(rnn(TF_KERAS)));
        assertArrayEquals(carried, run(rnn(K3_JAX)));
        assertArrayEquals(carried, run(rnn(K224_TF)), "standalone Keras <= 2.2 on TensorFlow emits states[0]");
        assertArrayEquals(previous, run(rnn(K224_THEANO)));
        assertArrayEquals(new float[] {0, 12, 0, 16}, run(rnn(K3_UNKNOWN, "zero_output_for_mask", true)), "zeros agree everywhere");
        for (WriterInfo unknown : List.of(K3_UNKNOWN, K1)) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> run(rnn(unknown)));
            assertTrue(e.getMessage().contains("depends on which Keras backend wrote the file"), e.getMessage());
        }
        // without an initial state both fill rules give zeros before the first real step: no ambiguity
        float[] noInit = rnn(K3_UNKNOWN).call(new Call(List.of(X), List.of(MASK), null, null)).get(0).data();
        assertArrayEquals(new float[] {0, 2, 2, 6}, noInit);
    }

    @Test
    void unrolledLoopsZeroAfterTheLoopOnTensorFlowOnly() {
        // go_backwards processes 4, 3, 2, 1: emitted 14, 14, 16, 16; TF then zeroes by the mask in input order
        float[] tf = run(rnn(TF_KERAS, "unroll", true, "zero_output_for_mask", true, "go_backwards", true));
        assertArrayEquals(new float[] {0, 14, 0, 16}, tf);
        float[] jax = run(rnn(K3_JAX, "unroll", true, "zero_output_for_mask", true, "go_backwards", true));
        assertArrayEquals(new float[] {14, 14, 16, 16}, jax);
        assertThrows(UnsupportedFeatureException.class, () -> run(rnn(K3_UNKNOWN, "unroll", true, "zero_output_for_mask", true)));
    }

    @Test
    void keras3IgnoresTheImplicitMaskWhenAnInitialStateIsGiven() {
        Call implicit = new Call(List.of(X), List.of(MASK), Map.of("initial_state", List.of(H0)), null);
        assertArrayEquals(new float[] {11, 13, 16, 20}, rnn(K3_JAX).call(implicit).get(0).data());
        assertArrayEquals(new float[] {0, 12, 12, 16}, rnn(TF_KERAS).call(implicit).get(0).data());
    }

    @Test
    void aStreamContinuesWhereTheLastChunkEnded() {
        Layer l = rnn(TF_KERAS);
        CallState s = new CallState();
        float[] a = l.call(new Call(List.of(slice(0, 2)), List.of(maskSlice(0, 2)), Map.of("initial_state", List.of(H0)), null, s)).get(0).data();
        float[] b = l.call(new Call(List.of(slice(2, 4)), List.of(maskSlice(2, 4)), Map.of("initial_state", List.of(H0)), null, s)).get(0).data();
        assertArrayEquals(new float[] {0, 12}, a);
        assertArrayEquals(new float[] {12, 16}, b, "the initial state applies to the first chunk only; masked steps repeat the last output");
        Layer back = rnn(TF_KERAS, "go_backwards", true);
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> back.call(new Call(List.of(X), null, null, null, new CallState())));
        assertTrue(e.getMessage().contains("cannot be streamed"), e.getMessage());
    }

    private static Tensor slice(int from, int to) {
        float[] v = new float[to - from];
        System.arraycopy(X.data(), from, v, 0, v.length);
        return Tensor.of(Shape.of(1, v.length, 1), v);
    }

    private static Tensor maskSlice(int from, int to) {
        float[] v = new float[to - from];
        System.arraycopy(MASK.data(), from, v, 0, v.length);
        return Tensor.of(Shape.of(1, v.length), v);
    }
}
