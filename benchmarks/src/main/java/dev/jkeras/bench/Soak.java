package dev.jkeras.bench;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Soak test (not JMH, not CI): {@code threads} threads share one loaded instance of each model and call
 * {@code predict} on randomly mixed (model, batch size) pairs for {@code seconds}; every output must be bit-identical
 * to the single-threaded result computed first, and the heap used after a full GC must stay flat.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.jkeras.bench.Soak [threads=4] [seconds=180]</pre>
 * Prints threads x calls, mismatches, and the heap after GC before, during and after the run; exits 1 on any mismatch
 * or failure.
 */
public final class Soak {
    private static final String[] MODELS = {
        "testdata/examples/video_classifier.keras",
        "testdata/fixtures/tfm_encoder/keras3/model.keras",
        "testdata/fixtures/conv_bn_pool/keras3/model.keras",
        "testdata/fixtures/rnn_lstm/keras3/model.keras",
        "testdata/fixtures/mlp/tfkeras/model.h5",
        "testdata/fixtures/nested_models/keras3/model.keras",
    };
    private static final int[] BATCHES = {1, 2, 3, 7, 16};

    /** One (model, batch) pair with its inputs and single-threaded outputs. */
    private record Job(String name, Model model, List<Tensor> inputs, List<float[]> want) {}

    private Soak() {}

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        List<Job> jobs = new ArrayList<>();
        for (String file : MODELS) {
            Model m = KerasModels.load(Fixtures.root().resolve(file));
            for (int b : BATCHES) {
                List<Tensor> x = Fixtures.inputs(m.inputNames(), m.inputShapes(), b);
                List<float[]> want = new ArrayList<>();
                for (Tensor y : m.predict(x)) want.add(y.data().clone());
                jobs.add(new Job(file + " b" + b, m, x, want));
            }
        }
        // warm up every job on this thread, then measure the baseline heap
        for (int r = 0; r < 3; r++) for (Job j : jobs) j.model().predict(j.inputs());
        long before = heapAfterGc();
        System.out.printf("soak: %d threads x %d s over %d (model, batch) jobs; heap after GC before: %.1f MiB%n",
                threads, seconds, jobs.size(), before / 1048576.0);

        LongAdder calls = new LongAdder();
        AtomicLong mismatches = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom rnd = new SplittableRandom(1000 + t);
            Thread w = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    Job j = jobs.get(rnd.nextInt(jobs.size()));
                    try {
                        List<Tensor> got = j.model().predict(j.inputs());
                        if (!identical(j.want(), got)) {
                            if (mismatches.incrementAndGet() <= 5) System.out.println("MISMATCH " + j.name());
                        }
                    } catch (RuntimeException e) {
                        if (failures.incrementAndGet() <= 5) System.out.println("FAILED " + j.name() + ": " + e);
                    }
                    calls.increment();
                }
            }, "soak-" + t);
            workers.add(w);
            w.start();
        }
        List<Long> during = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(30_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() < deadline) during.add(heapAfterGc());
        }
        for (Thread w : workers) w.join();
        long after = heapAfterGc();
        StringBuilder mid = new StringBuilder();
        for (long h : during) mid.append(String.format(" %.1f", h / 1048576.0));
        System.out.printf("soak: %d threads x %d calls (%d total), mismatches %d, failures %d%n",
                threads, calls.sum() / threads, calls.sum(), mismatches.get(), failures.get());
        System.out.printf("soak: heap after GC (MiB): before %.1f, during%s, after %.1f%n", before / 1048576.0, mid, after / 1048576.0);
        if (mismatches.get() > 0 || failures.get() > 0) System.exit(1);
    }

    private static boolean identical(List<float[]> want, List<Tensor> got) {
        if (want.size() != got.size()) return false;
        for (int i = 0; i < want.size(); i++) {
            float[] w = want.get(i), g = got.get(i).data();
            if (w.length != g.length) return false;
            for (int k = 0; k < w.length; k++) {
                if (Float.floatToRawIntBits(w[k]) != Float.floatToRawIntBits(g[k])) return false;
            }
        }
        return true;
    }

    private static long heapAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }
}
