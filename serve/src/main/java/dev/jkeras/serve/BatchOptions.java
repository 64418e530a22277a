package dev.jkeras.serve;

/**
 * How a {@link Batcher} merges concurrent requests for one model.
 *
 * @param maxBatchSize   most samples one merged model call holds (1: no merging); a request larger than this
 *                       runs alone, unsplit
 * @param maxDelayMicros longest a queued request waits for others to join its batch (0: merge only what is
 *                       already queued, never wait)
 * @param maxQueue       most requests waiting to run; one more is refused with a {@link QueueFullException}
 * @param workers        threads that run batches of this model at once (each call also parallelizes inside its
 *                       kernels, so 1 suits most hosts; more keeps several small calls in flight)
 */
public record BatchOptions(int maxBatchSize, long maxDelayMicros, int maxQueue, int workers) {
    /** Longest allowed {@link #maxDelayMicros}: 10 seconds. */
    public static final long MAX_DELAY_MICROS = 10_000_000L;
    /** Most allowed {@link #workers}. */
    public static final int MAX_WORKERS = 256;
    /**
     * 32 samples, no delay (a request never waits for others; those that queued while the model was busy are merged),
     * 1024 queued requests, one worker.
     */
    public static final BatchOptions DEFAULTS = new BatchOptions(32, 0, 1024, 1);

    /** @throws IllegalArgumentException if a value is out of range (each names its range) */
    public BatchOptions {
        if (maxBatchSize < 1) throw new IllegalArgumentException("maxBatchSize must be at least 1, found " + maxBatchSize);
        if (maxDelayMicros < 0 || maxDelayMicros > MAX_DELAY_MICROS) {
            throw new IllegalArgumentException("maxDelayMicros must be in 0.." + MAX_DELAY_MICROS + " (10 s), found " + maxDelayMicros);
        }
        if (maxQueue < 1) throw new IllegalArgumentException("maxQueue must be at least 1, found " + maxQueue);
        if (workers < 1 || workers > MAX_WORKERS) throw new IllegalArgumentException("workers must be in 1.." + MAX_WORKERS + ", found " + workers);
    }

    /** Options with one worker thread. */
    public BatchOptions(int maxBatchSize, long maxDelayMicros, int maxQueue) {
        this(maxBatchSize, maxDelayMicros, maxQueue, 1);
    }

    /** These options with another worker count. */
    public BatchOptions withWorkers(int n) {
        return new BatchOptions(maxBatchSize, maxDelayMicros, maxQueue, n);
    }
}
