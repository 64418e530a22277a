// Per-thread recycling of large float arrays between the layers of one prediction and across predictions:
// the executor gives back the output array of a layer once nothing reads it, and the next layer that needs an
// array of that length takes it instead of allocating (and having the JVM zero) a new one.
package dev.jkeras.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** A thread-local pool of float arrays, by exact length. */
public final class Buffers {
    /** Arrays shorter than this are cheaper to allocate than to pool. */
    private static final int MIN = 1 << 12;
    /** Floats kept per thread at most (256 MB). */
    private static final long MAX_FLOATS = 1L << 26;
    private static final int PER_SIZE = 8;

    private static final class Pool {
        final Map<Integer, ArrayDeque<float[]>> bySize = new HashMap<>();
        long floats;
    }

    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

    private Buffers() {}

    /**
     * An array of exactly {@code n} floats whose contents are undefined (a recycled array keeps old
     * values): for outputs the caller overwrites completely.
     */
    public static float[] take(int n) {
        if (n >= MIN) {
            Pool p = POOL.get();
            ArrayDeque<float[]> q = p.bySize.get(n);
            if (q != null && !q.isEmpty()) {
                p.floats -= n;
                return q.pop();
            }
        }
        return new float[n];
    }

    /** A copy of {@code a} in a taken array. */
    public static float[] copyOf(float[] a) {
        float[] r = take(a.length);
        System.arraycopy(a, 0, r, 0, a.length);
        return r;
    }

    /**
     * Gives {@code a} back to this thread's pool. Only for an array that nothing will read or write
     * again (the executor checks that no live tensor shares it).
     */
    public static void recycle(float[] a) {
        if (a == null || a.length < MIN) return;
        Pool p = POOL.get();
        if (p.floats + a.length > MAX_FLOATS) return;
        ArrayDeque<float[]> q = p.bySize.computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (q.size() >= PER_SIZE) return;
        for (float[] b : q) if (b == a) return;
        q.push(a);
        p.floats += a.length;
    }
}
