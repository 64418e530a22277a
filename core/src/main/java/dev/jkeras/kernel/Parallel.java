package dev.jkeras.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A minimal parallel-for: the calling thread works on the loop together with N − 1 helper threads,
 * N being the number of processors or the system property {@code jkeras.threads}. Work is split into
 * caller-chosen tasks whose boundaries do not depend on the thread count, and each task writes its own
 * outputs, so results never depend on it either. Helpers spin briefly between loops before they park,
 * so back-to-back small loops (one RNN step after another) hand over in microseconds. One loop uses the
 * helpers at a time; a loop started while they are busy, or inside another loop's task, runs serially.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("jkeras.threads", Runtime.getRuntime().availableProcessors()));
    /** How long an idle helper spins for the next loop before it parks. */
    private static final long SPIN_NANOS = 200_000;
    /** Set while this thread runs a task of a parallel loop: loops nested in it run serially. */
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);
    /** Most threads this thread's loops may use ({@link #withThreads}); 0: all. */
    private static final ThreadLocal<int[]> LIMIT = ThreadLocal.withInitial(() -> new int[1]);
    private static final ReentrantLock BUSY = new ReentrantLock();
    private static final Helper[] HELPERS = new Helper[THREADS - 1];
    private static volatile Job current;
    private static long jobs;

    static {
        for (int i = 0; i < HELPERS.length; i++) {
            HELPERS[i] = new Helper("jkeras-parallel-" + (i + 1));
            HELPERS[i].start();
        }
    }

    private Parallel() {}

    /** Number of threads a parallel loop uses (the caller included). */
    public static int threads() {
        return THREADS;
    }

    /** One parallel loop: tasks handed out by a counter, and counted again when done. */
    private static final class Job {
        final long id;
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        /** Helpers that joined; beyond {@code maxHelpers} they leave the loop to the others. */
        final AtomicInteger joined = new AtomicInteger();
        final int maxHelpers;
        volatile Throwable failure;

        Job(long id, int tasks, IntConsumer body, int maxHelpers) {
            this.id = id;
            this.tasks = tasks;
            this.body = body;
            this.maxHelpers = maxHelpers;
        }

        void work() {
            boolean[] flag = IN_LOOP.get();
            flag[0] = true;
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    try {
                        if (failure == null) body.accept(i); // after a failure the rest are only counted
                    } catch (RuntimeException | Error e) {
                        if (failure == null) failure = e;
                    } finally {
                        finished.incrementAndGet();
                    }
                }
            } finally {
                flag[0] = false;
            }
        }
    }

    private static final class Helper extends Thread {
        /** The last loop this helper joined (an id, so an idle helper holds no loop's arrays). */
        private long done = -1;

        Helper(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Job j = current;
                if (j == null || j.id == done) {
                    long until = System.nanoTime() + SPIN_NANOS;
                    while ((j = current) == null || j.id == done) {
                        if (System.nanoTime() > until) {
                            LockSupport.park(this);
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                }
                done = j.id;
                if (j.joined.incrementAndGet() <= j.maxHelpers) j.work();
            }
        }
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in [0, tasks): in parallel when
     * {@code parallel} is true and there are several tasks and threads, else in order on this thread.
     */
    public static void forEach(int tasks, boolean parallel, IntConsumer body) {
        boolean[] inLoop = IN_LOOP.get();
        int limit = LIMIT.get()[0];
        if (!parallel || tasks <= 1 || HELPERS.length == 0 || inLoop[0] || limit == 1 || !BUSY.tryLock()) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        Job job;
        try {
            job = new Job(jobs++, tasks, body, limit == 0 ? HELPERS.length : limit - 1); // under BUSY
            current = job;
            for (Helper h : HELPERS) LockSupport.unpark(h);
            job.work();
            // a helper that is still waking up finds no task left: only the claimed tasks are awaited
            while (job.finished.get() < tasks) Thread.onSpinWait();
            current = null; // let go of the loop body's captured arrays
        } finally {
            BUSY.unlock();
        }
        Throwable f = job.failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error er) throw er;
    }

    /**
     * Runs {@code body} on this thread with its parallel loops using at most {@code threads} threads (this one
     * included; 1: every loop serial). Results do not depend on it. Restores the previous limit afterwards.
     */
    public static <T> T withThreads(int threads, java.util.function.Supplier<T> body) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        int[] limit = LIMIT.get();
        int before = limit[0];
        limit[0] = before == 0 ? threads : Math.min(before, threads);
        try {
            return body.get();
        } finally {
            limit[0] = before;
        }
    }
}
