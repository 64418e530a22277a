package dev.jkeras.layers;

import static dev.jkeras.layers.LayerTesting.layer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.kernel.Transpose;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Layer;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LSTMTest {
    private static final int B = 2, T = 4, D = 3, U = 2;

    private static Tensor random(Random r, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * 0.7);
        return Tensor.of(s, v);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Spec 4.3, written out per scalar in double: returns [sequence (B, T, U) in processing order, h, c]. */
    private static double[][] reference(Tensor x, Tensor w, Tensor u, Tensor b, boolean backwards, double[] h0, double[] c0) {
        double[] h = h0.clone(), c = c0.clone();
        double[] seq = new double[B * T * U];
        for (int s = 0; s < T; s++) {
            int t = backwards ? T - 1 - s : s;
            double[] hn = new double[B * U];
            for (int bi = 0; bi < B; bi++) {
                double[] z = new double[4 * U];
                for (int j = 0; j < 4 * U; j++) {
                    double v = b == null ? 0 : b.data()[j];
                    for (int d = 0; d < D; d++) v += x.get(bi, t, d) * w.get(d, j);
                    for (int k = 0; k < U; k++) v += h[bi * U + k] * u.get(k, j);
                    z[j] = v;
                }
                for (int k = 0; k < U; k++) {
                    double i = sigmoid(z[k]), f = sigmoid(z[U + k]), g = Math.tanh(z[2 * U + k]), o = sigmoid(z[3 * U + k]);
                    c[bi * U + k] = f * c[bi * U + k] + i * g;
                    hn[bi * U + k] = o * Math.tanh(c[bi * U + k]);
                    seq[(bi * T + s) * U + k] = hn[bi * U + k];
                }
            }
            h = hn;
        }
        return new double[][] {seq, h, c};
    }

    private static void assertClose(double[] want, Tensor got) {
        assertEquals(want.length, got.size());
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got.data()[i]) < 1e-5, "index " + i + ": want " + want[i] + ", got " + got.data()[i]);
        }
    }

    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("units", U, "activation", "tanh", "recurrent_activation", "sigmoid"));
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void matchesTheCellEquationsInAllOutputModes() {
        Random r = new Random(1);
        Tensor x = random(r, B, T, D), w = random(r, D, 4 * U), u = random(r, U, 4 * U), b = random(r, 4 * U);
        double[] zeros = new double[B * U];
        for (boolean backwards : new boolean[] {false, true}) {
            double[][] ref = reference(x, w, u, b, backwards, zeros, zeros);
            Layer seq = layer("LSTM", cfg("return_sequences", true, "return_state", true, "go_backwards", backwards))
                    .input(-1, T, D).weights(w, u, b).build();
            assertEquals(List.of(Shape.of(-1, T, U), Shape.of(-1, U), Shape.of(-1, U)), seq.outputShapes(List.of(Shape.of(-1, T, D))));
            List<Tensor> out = seq.call(Call.of(x));
            assertEquals(3, out.size());
            assertClose(ref[0], out.get(0));
            assertClose(ref[1], out.get(1));
            assertClose(ref[2], out.get(2));
            Layer last = layer("LSTM", cfg("go_backwards", backwards)).input(-1, T, D).weights(w, u, b).build();
            Tensor y = last.call(Call.of(x)).get(0);
            assertEquals(Shape.of(B, U), y.shape());
            assertClose(ref[1], y);
        }
        assertEquals(D * 4 * U + U * 4 * U + 4 * U, layer("LSTM", cfg()).input(-1, T, D).weights(w, u, b).build().paramCount());
    }

    @Test
    void initialStateNoBiasAndTimeMajor() {
        Random r = new Random(2);
        Tensor x = random(r, B, T, D), w = random(r, D, 4 * U), u = random(r, U, 4 * U);
        Tensor h0 = random(r, B, U), c0 = random(r, B, U);
        double[] hd = new double[B * U], cd = new double[B * U];
        for (int i = 0; i < hd.length; i++) {
            hd[i] = h0.data()[i];
            cd[i] = c0.data()[i];
        }
        double[][] ref = reference(x, w, u, null, false, hd, cd);
        Layer l = layer("LSTM", cfg("use_bias", false, "return_sequences", true)).input(-1, T, D).weights(w, u).build();
        Tensor viaKwarg = l.call(new Call(List.of(x), null, Map.of("initial_state", List.of(h0, c0)), null)).get(0);
        assertClose(ref[0], viaKwarg);
        Tensor viaInputs = l.call(Call.of(List.of(x, h0, c0))).get(0);
        assertArrayEquals(viaKwarg.data(), viaInputs.data());

        Layer tm = layer("LSTM", cfg("use_bias", false, "return_sequences", true, "time_major", true)).input(T, -1, D).weights(w, u).build();
        assertEquals(List.of(Shape.of(T, -1, U)), tm.outputShapes(List.of(Shape.of(T, -1, D))));
        Tensor y = tm.call(new Call(List.of(Transpose.permute(x, 1, 0, 2)), null, Map.of("initial_state", List.of(h0, c0)), null)).get(0);
        assertArrayEquals(viaKwarg.data(), Transpose.permute(y, 1, 0, 2).data());
    }

    @Test
    void hardSigmoidRecurrentActivationFollowsTheWriter() {
        // One step, one unit, zero weights except the bias: gates see z = bias.
        Tensor w = Tensor.zeros(1, 4), u = Tensor.zeros(1, 4);
        Tensor b = Tensor.of(Shape.of(4), new float[] {1f, 0f, 1f, 1f});
        Tensor x = Tensor.zeros(1, 1, 1);
        Map<String, Object> c = new HashMap<>(Map.of("units", 1, "activation", "linear", "recurrent_activation", "hard_sigmoid"));
        float k2 = layer("LSTM", c).writer(LayerTesting.K2).input(-1, 1, 1).weights(w, u, b).build().call(Call.of(x)).get(0).data()[0];
        float k3 = layer("LSTM", c).input(-1, 1, 1).weights(w, u, b).build().call(Call.of(x)).get(0).data()[0];
        // h = o · (i · g): Keras 2: 0.7 · 0.7 · 1; Keras 3: (1/6 + 0.5)^2
        assertEquals(0.49f, k2, 1e-6f);
        assertEquals((float) Math.pow(1.0 / 6 + 0.5, 2), k3, 1e-6f);
    }
}
