package dev.jkeras.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * A minimal parallel-for on one shared {@link ForkJoinPool}. Work is split into caller-chosen
 * tasks whose boundaries do not depend on the thread count, so results never do either. The pool
 * size is the number of processors, or the system property {@code jkeras.threads}. A loop started
 * on a pool thread (a loop nested in another) runs serially on it.
 */
public final class Parallel {
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1,
            Integer.getInteger("jkeras.threads", Runtime.getRuntime().availableProcessors())));

    private Parallel() {}

    /** Number of worker threads in the shared pool. */
    public static int threads() {
        return POOL.getParallelism();
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in [0, tasks): in parallel when
     * {@code parallel} is true and there are several tasks and threads, else in order on this thread.
     */
    public static void forEach(int tasks, boolean parallel, IntConsumer body) {
        if (!parallel || tasks <= 1 || POOL.getParallelism() <= 1 || inPool()) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        ForkJoinTask<?>[] fs = new ForkJoinTask<?>[tasks];
        for (int i = 0; i < tasks; i++) {
            int t = i;
            fs[i] = ForkJoinTask.adapt(() -> body.accept(t));
        }
        POOL.invoke(ForkJoinTask.adapt(() -> {
            if (inPool()) {
                ForkJoinTask.invokeAll(fs);
            } else {
                for (ForkJoinTask<?> f : fs) f.invoke(); // the caller ran the root itself: stay off other pools
            }
        }));
    }

    /** True on one of the pool's own threads: nested loops run serially there, so a task never waits on another. */
    private static boolean inPool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL;
    }
}
