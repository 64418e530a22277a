package dev.jkeras.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One loaded model shared by many threads gives every thread the single-threaded answer, bit for bit. */
class ConcurrencyTest {
    @Test
    void sharedModelIsThreadSafe() throws Exception {
        Model m = KerasModels.load(Fixtures.fixture("video_classifier", "keras3", "model.keras"));
        int threads = 8, rounds = 20;
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < threads; i++) {
            float[] x = new float[(i % 3 + 1) * 4 * 16 * 16];
            for (int j = 0; j < x.length; j++) x[j] = (float) r.nextGaussian();
            Tensor t = Tensor.of(Shape.of(i % 3 + 1, 4, 16, 16, 1), x);
            inputs.add(t);
            expected.add(m.predict(t).data().clone());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                final int k = i;
                fs.add(pool.submit(() -> {
                    for (int n = 0; n < rounds; n++) assertArrayEquals(expected.get(k), m.predict(inputs.get(k)).data());
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
