package dev.jkeras.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.cli.NpyIO;
import dev.jkeras.error.InputException;
import dev.jkeras.graph.Model;
import dev.jkeras.graph.TensorSpec;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatcherTest {
    static Path fixture(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("testdata/fixtures").resolve(name).resolve("keras3");
            if (Files.isDirectory(f)) return f;
        }
        throw new IllegalStateException("no testdata/fixtures/" + name + " above " + Path.of("").toAbsolutePath());
    }

    static Model load(String name) {
        return KerasModels.load(fixture(name).resolve("model.keras"));
    }

    /**
     * A request of {@code n} samples: float inputs random, integer and string inputs rows of the fixture's own
     * inputs; a free axis 1 is cropped to a length between 1 and the fixture's.
     */
    static List<Tensor> request(Model m, Map<String, Tensor> fixtureInputs, int n, Random rnd) {
        List<TensorSpec> specs = m.inputs();
        int steps = Integer.MAX_VALUE;
        for (TensorSpec s : specs) {
            if (s.shape().rank() > 1 && s.shape().dim(1) == Shape.UNKNOWN) steps = Math.min(steps, fixtureInputs.get(s.name()).dim(1));
        }
        int t = steps == Integer.MAX_VALUE ? -1 : 1 + rnd.nextInt(steps);
        List<Tensor> in = new ArrayList<>();
        for (TensorSpec s : specs) {
            Tensor f = fixtureInputs.get(s.name());
            boolean crop = t > 0 && s.shape().rank() > 1 && s.shape().dim(1) == Shape.UNKNOWN;
            Shape shape = f.shape().with(0, n);
            if (crop) shape = shape.with(1, t);
            // cropping axis 1 keeps the first t steps: the first per values of each fixture row
            int per = shape.sizeFrom(1);
            if (f.isString()) {
                String[] d = new String[n * per];
                for (int r = 0; r < n; r++) {
                    int row = rnd.nextInt(f.dim(0)) * f.shape().sizeFrom(1);
                    for (int j = 0; j < per; j++) d[r * per + j] = f.strings()[row + j];
                }
                in.add(Tensor.ofStrings(shape, d));
            } else {
                float[] d = new float[n * per];
                for (int r = 0; r < n; r++) {
                    int row = rnd.nextInt(f.dim(0)) * f.shape().sizeFrom(1);
                    for (int j = 0; j < per; j++) d[r * per + j] = s.dtype().isFloat() ? (float) rnd.nextGaussian() : f.data()[row + j];
                }
                in.add(Tensor.of(shape, d));
            }
        }
        return in;
    }

    static void assertSame(List<Tensor> want, List<Tensor> got, String what) {
        assertEquals(want.size(), got.size(), what);
        for (int o = 0; o < want.size(); o++) {
            assertEquals(want.get(o).shape(), got.get(o).shape(), what + " output " + o);
            if (want.get(o).isString()) assertArrayEquals(want.get(o).strings(), got.get(o).strings(), what + " output " + o);
            else assertArrayEquals(want.get(o).data(), got.get(o).data(), what + " output " + o + " (bit for bit)");
        }
    }

    /** The number of model calls the metrics recorded for {@code model}. */
    static long calls(Metrics metrics, String model) {
        Matcher mt = Pattern.compile("(?m)^jkeras_batch_size_count\\{model=\"" + Pattern.quote(model) + "\"} (\\d+)$").matcher(metrics.scrape());
        return mt.find() ? Long.parseLong(mt.group(1)) : 0;
    }

    static long liveWorkers(String model) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jkeras-batch-" + model + "-") && t.isAlive()).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "conv_bn_pool", "conv_1d", "rnn_lstm", "functional_multi", "embedding_lstm", "mha_basic",
            "norm_layernorm", "str_lookup", "state_stream", "str_text_vectorization", "attn_rank2", "mel_spectrogram"})
    void mergedRequestsGetExactlyTheirOwnResults(String name) throws Exception {
        Model m = load(name);
        Map<String, Tensor> fx = NpyIO.readNpz(fixture(name).resolve("inputs.npz"));
        Random rnd = new Random(name.hashCode());
        List<List<Tensor>> requests = new ArrayList<>();
        List<List<Tensor>> want = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            List<Tensor> r = request(m, fx, 1 + rnd.nextInt(3), rnd);
            requests.add(r);
            want.add(m.predict(r));
        }
        Metrics metrics = new Metrics();
        List<CompletableFuture<List<Tensor>>> got = new ArrayList<>();
        try (Batcher b = new Batcher(name, m, new BatchOptions(16, 300_000, 100), metrics)) {
            for (List<Tensor> r : requests) got.add(b.submit(r));
            for (int i = 0; i < got.size(); i++) assertSame(want.get(i), got.get(i).get(30, TimeUnit.SECONDS), name + " request " + i);
        }
        long calls = calls(metrics, name);
        if (name.equals("str_text_vectorization")) {
            assertEquals(24, calls, "outputs padded to the batch's longest text: requests must run alone");
        } else if (m.mixesSamples()) {
            assertEquals(24, calls, name + " mixes the samples of a call (as Keras computes it): requests must run alone");
        } else {
            assertTrue(calls < 24, name + ": requests should have been merged, but the model was called " + calls + " times");
        }
        assertEquals(0, liveWorkers(name));
    }

    @Test
    void manyThreadsGetBitIdenticalResults() throws Exception {
        Model m = load("functional_multi");
        Map<String, Tensor> fx = NpyIO.readNpz(fixture("functional_multi").resolve("inputs.npz"));
        int threads = 16, each = 40;
        Metrics metrics = new Metrics();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try (Batcher b = new Batcher("multi", m, new BatchOptions(8, 500, 10_000, 2), metrics)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    start.await();
                    for (int i = 0; i < each; i++) {
                        List<Tensor> r = request(m, fx, 1 + rnd.nextInt(3), rnd);
                        List<Tensor> got = b.submit(r).get(30, TimeUnit.SECONDS);
                        assertSame(m.predict(r), got, "thread " + seed + " request " + i);
                    }
                    return each;
                }));
            }
            start.countDown();
            for (Future<Integer> f : done) assertEquals(each, f.get(60, TimeUnit.SECONDS));
            assertEquals(0, b.queueDepth());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, liveWorkers("multi"));
        assertTrue(metrics.scrape().contains("jkeras_queue_depth{model=\"multi\"} 0\n"));
    }

    @Test
    void aFullQueueRefusesAndCloseDrainsWithoutWaitingOutTheDelay() throws Exception {
        Model m = load("mlp");
        List<Tensor> x = List.of(Tensor.of(Shape.of(1, 7), new float[] {1, 2, 3, 4, 5, 6, 7}));
        Batcher b = new Batcher("full", m, new BatchOptions(64, BatchOptions.MAX_DELAY_MICROS, 3), new Metrics());
        List<CompletableFuture<List<Tensor>>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) queued.add(b.submit(x));
        QueueFullException e = assertThrows(QueueFullException.class, () -> b.submit(x));
        assertTrue(e.getMessage().contains("'full'") && e.getMessage().contains("3 requests"), e.getMessage());
        assertEquals(3, b.queueDepth());
        long t0 = System.nanoTime();
        b.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "close() waited out the 10 s delay");
        List<Tensor> want = m.predict(x);
        for (CompletableFuture<List<Tensor>> f : queued) {
            assertTrue(f.isDone());
            assertSame(want, f.get(), "drained request");
        }
        RejectedExecutionException closed = assertThrows(RejectedExecutionException.class, () -> b.submit(x));
        assertFalse(closed instanceof QueueFullException);
        assertTrue(closed.getMessage().contains("shutting down"), closed.getMessage());
        assertEquals(0, liveWorkers("full"));
        b.close();
    }

    @Test
    void theDelayIsHonouredAndAFullBatchLeavesAtOnce() throws Exception {
        Model m = load("mlp");
        List<Tensor> x = List.of(Tensor.of(Shape.of(1, 7), new float[7]));
        m.predict(x);
        try (Batcher b = new Batcher("delay", m, new BatchOptions(2, 150_000, 10), new Metrics())) {
            long t0 = System.nanoTime();
            b.submit(x).get(10, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 140 && ms < 5000, "a lone request should wait about 150 ms for company, waited " + ms);
        }
        try (Batcher b = new Batcher("full-batch", m, new BatchOptions(2, BatchOptions.MAX_DELAY_MICROS, 10), new Metrics())) {
            long t0 = System.nanoTime();
            CompletableFuture<List<Tensor>> a = b.submit(x), c = b.submit(x);
            a.get(5, TimeUnit.SECONDS);
            c.get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        }
        try (Batcher b = new Batcher("no-delay", m, new BatchOptions(32, 0, 10), new Metrics())) {
            long t0 = System.nanoTime();
            b.submit(x).get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    void aBadRequestFailsAloneAndNeverItsBatch() throws Exception {
        Model m = load("embedding_lstm");
        Map<String, Tensor> fx = NpyIO.readNpz(fixture("embedding_lstm").resolve("inputs.npz"));
        Random rnd = new Random(7);
        List<Tensor> good1 = request(m, fx, 2, rnd), good2 = request(m, fx, 1, rnd);
        float[] bad = good2.get(0).data().clone();
        bad[0] = 1_000_000;
        List<Tensor> badValue = List.of(Tensor.of(good2.get(0).shape(), bad));
        List<Tensor> badShape = List.of(Tensor.of(Shape.of(1, 2, 3), new float[6]));
        Metrics metrics = new Metrics();
        try (Batcher b = new Batcher("emb", m, new BatchOptions(4, BatchOptions.MAX_DELAY_MICROS, 10), metrics)) {
            CompletableFuture<List<Tensor>> shape = b.submit(badShape);
            assertTrue(shape.isCompletedExceptionally(), "a wrong shape is refused before queueing");
            assertEquals(0, b.queueDepth());
            CompletableFuture<List<Tensor>> f1 = b.submit(good1), fb = b.submit(badValue), f2 = b.submit(good2);
            assertSame(m.predict(good1), f1.get(10, TimeUnit.SECONDS), "good request 1");
            assertSame(m.predict(good2), f2.get(10, TimeUnit.SECONDS), "good request 2");
            ExecutionException e = assertThrows(ExecutionException.class, () -> fb.get(10, TimeUnit.SECONDS));
            assertInstanceOf(InputException.class, e.getCause());
            ExecutionException es = assertThrows(ExecutionException.class, shape::get);
            assertInstanceOf(InputException.class, es.getCause());
        }
        assertEquals(2, calls(metrics, "emb"), "the merged call failed, then each request ran alone");
    }

    @Test
    void aRequestLargerThanTheBatchRunsAloneUnsplit() throws Exception {
        Model m = load("mlp");
        Map<String, Tensor> fx = NpyIO.readNpz(fixture("mlp").resolve("inputs.npz"));
        List<Tensor> big = request(m, fx, 9, new Random(3));
        Metrics metrics = new Metrics();
        try (Batcher b = new Batcher("big", m, new BatchOptions(4, 1000, 10), metrics)) {
            assertSame(m.predict(big), b.submit(big).get(10, TimeUnit.SECONDS), "9 samples, batches of 4");
        }
        assertEquals(1, calls(metrics, "big"));
        assertTrue(metrics.scrape().contains("jkeras_batch_size_bucket{model=\"big\",le=\"8\"} 0\n"));
        assertTrue(metrics.scrape().contains("jkeras_batch_size_bucket{model=\"big\",le=\"16\"} 1\n"));
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(1, BatchOptions.MAX_DELAY_MICROS + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchOptions(1, 0, 1, 0));
        assertEquals(1, new BatchOptions(8, 100, 10).workers());
        assertEquals(3, BatchOptions.DEFAULTS.withWorkers(3).workers());
    }
}
