package dev.jkeras.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executor recycles intermediate arrays between layers and calls (kernel/Buffers): repeated and
 * interleaved predictions give the same bits, and returned outputs and the caller's inputs are never touched.
 */
class BufferReuseTest {
    @ParameterizedTest
    @ValueSource(strings = {"conv_bn_pool", "conv_depthwise_separable", "tfm_encoder", "merge_elementwise", "act_layers", "mlp",
        "nested_models", "functional_multi", "inference_noops", "mha_basic", "mha_masks", "mha_gqa", "rnn_lstm", "rnn_gru", "embedding_lstm",
        "norm_layernorm", "einsum_dense", "pool_windows", "reshape_crop_pad", "state_stream"})
    void repeatedPredictionsAreIdenticalAndOutputsStayIntact(String fixture) {
        Model m = KerasModels.load(Fixtures.fixture(fixture, "keras3", "model.keras"));
        Random r = new Random(3);
        List<Tensor> a = inputs(m, r, 64), b = inputs(m, r, 64);
        List<Tensor> ya = m.predict(a);
        List<float[]> keep = new ArrayList<>();
        for (Tensor t : ya) keep.add(t.data().clone());
        List<float[]> inA = new ArrayList<>();
        for (Tensor t : a) inA.add(t.data().clone());
        for (int round = 0; round < 3; round++) {
            m.predict(b);
            List<Tensor> again = m.predict(a);
            for (int i = 0; i < keep.size(); i++) {
                assertArrayEquals(keep.get(i), again.get(i).data(), fixture + " output " + i);
                assertArrayEquals(keep.get(i), ya.get(i).data(), fixture + ": a returned output changed");
            }
            for (int i = 0; i < a.size(); i++) assertArrayEquals(inA.get(i), a.get(i).data(), fixture + ": an input changed");
        }
    }

    private static List<Tensor> inputs(Model m, Random r, int batch) {
        List<Tensor> xs = new ArrayList<>();
        for (Shape s : m.inputShapes()) {
            Shape full = s.with(0, batch);
            int[] d = new int[full.rank()];
            for (int i = 0; i < d.length; i++) d[i] = full.dim(i) == Shape.UNKNOWN ? 8 : full.dim(i);
            Shape shape = Shape.of(d);
            float[] x = new float[shape.size()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextInt(4); // small integers: valid token ids for the embedding fixtures too
            xs.add(Tensor.of(shape, x));
        }
        return xs;
    }
}
