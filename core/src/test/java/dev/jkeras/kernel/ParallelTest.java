package dev.jkeras.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The parallel-for: every task exactly once, failures propagated, nested and concurrent loops. */
class ParallelTest {
    @Test
    void everyTaskRunsExactlyOnce() {
        for (int tasks : new int[] {0, 1, 2, 3, 17, 1000}) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, tasks));
                Parallel.forEach(tasks, true, i -> seen.incrementAndGet(i));
                for (int i = 0; i < tasks; i++) assertEquals(1, seen.get(i), "task " + i + " of " + tasks);
            }
        }
    }

    @Test
    void aFailingTaskIsRethrownAndTheNextLoopStillWorks() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(64, true, i -> {
            if (i == 40) throw new IllegalStateException("task 40");
        }));
        assertEquals("task 40", e.getMessage());
        AtomicIntegerArray seen = new AtomicIntegerArray(64);
        Parallel.forEach(64, true, seen::incrementAndGet);
        for (int i = 0; i < 64; i++) assertEquals(1, seen.get(i));
    }

    @Test
    void nestedLoopsRunSeriallyInsideATask() {
        AtomicIntegerArray seen = new AtomicIntegerArray(16 * 16);
        Parallel.forEach(16, true, i -> Parallel.forEach(16, true, j -> seen.incrementAndGet(i * 16 + j)));
        for (int i = 0; i < 256; i++) assertEquals(1, seen.get(i));
    }

    @Test
    void concurrentCallersEachGetEveryTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                fs.add(pool.submit(() -> {
                    for (int round = 0; round < 300; round++) {
                        AtomicIntegerArray seen = new AtomicIntegerArray(50);
                        Parallel.forEach(50, true, seen::incrementAndGet);
                        for (int i = 0; i < 50; i++) assertEquals(1, seen.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
