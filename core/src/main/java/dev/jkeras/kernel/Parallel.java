package dev.jkeras.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A minimal parallel-for: the calling thread works on the loop together with up to N − 1 helpers
 * from one shared {@link ForkJoinPool}, N being the number of processors or the system property
 * {@code jkeras.threads}. Work is split into caller-chosen tasks whose boundaries do not depend on
 * the thread count, and each task writes its own outputs, so results never depend on it either.
 * A loop started inside another loop's task runs serially on that thread.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("jkeras.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1) : null;
    /** Set while this thread runs a task of a parallel loop: loops nested in it run serially. */
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {}

    /** Number of threads a parallel loop uses (the caller included). */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in [0, tasks): in parallel when
     * {@code parallel} is true and there are several tasks and threads, else in order on this thread.
     */
    public static void forEach(int tasks, boolean parallel, IntConsumer body) {
        boolean[] inLoop = IN_LOOP.get();
        if (!parallel || tasks <= 1 || POOL == null || inLoop[0]) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            boolean[] flag = IN_LOOP.get();
            boolean outer = flag[0];
            flag[0] = true;
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) body.accept(i);
            } finally {
                flag[0] = outer;
            }
        };
        int helpers = Math.min(THREADS - 1, tasks - 1);
        ForkJoinTask<?>[] hs = new ForkJoinTask<?>[helpers];
        for (int h = 0; h < helpers; h++) hs[h] = POOL.submit(worker);
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            next.set(tasks); // the helpers stop taking tasks
            failure = e;
        }
        for (ForkJoinTask<?> h : hs) {
            try {
                h.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
    }
}
