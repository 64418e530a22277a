package dev.jkeras.serve;

import dev.jkeras.error.KerasException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching for one model: concurrent requests whose non-batch shapes agree (and which are string or
 * numeric alike, input by input) are concatenated along the batch axis into one {@link Model#predict} call of at
 * most {@link BatchOptions#maxBatchSize} samples, and the outputs are sliced back per request. This is exact:
 * every sample's result is bit-identical to predicting it alone, because no kernel mixes samples and each
 * output row is summed in a fixed order whatever the batch size.
 *
 * <p>A batch forms around the oldest queued request: it waits until the batch is full or
 * {@link BatchOptions#maxDelayMicros} after that request arrived, whichever is first (a request that already
 * waited that long while the workers were busy leaves at once with whatever matches it). Batches are formed one
 * at a time and run by {@link BatchOptions#workers} threads. A request larger than {@code maxBatchSize} runs
 * alone. When a merged call fails (one request's values are bad, or the merged batch exceeds the model's
 * tensor limit), each of its requests is run alone, so a request only ever fails on its own account. Requests
 * whose outputs would have a value-dependent dimension run alone too (see {@link #submit}).
 *
 * <p>Thread-safe. The futures are completed on a worker thread: callers that do real work in a continuation
 * should attach it with an {@code ...Async} method so as not to hold up the next batch.
 */
public final class Batcher implements Inference {
    private final String modelName;
    private final Model model;
    /** The model's answer for a sample depends on what else shares the call: never merge requests. */
    private final boolean mixesSamples;
    private final BatchOptions options;
    private final Metrics metrics;
    private final long delayNanos;
    private final Thread[] workers;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a request arrives, a batch has been taken, or the batcher closes. */
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private boolean forming;
    private boolean closed;
    private volatile int depth;
    /** Per request key: whether such requests may share a batch ({@link #mergeable}). */
    private final Map<String, Boolean> mergeableByKey = new ConcurrentHashMap<>();

    private static final class Request {
        final List<Tensor> inputs;
        final int samples;
        final String key;
        final boolean mergeable;
        final long arrived;
        final CompletableFuture<List<Tensor>> result = new CompletableFuture<>();
        boolean taken;

        Request(List<Tensor> inputs, String key, boolean mergeable, long arrived) {
            this.inputs = inputs;
            this.samples = inputs.get(0).dim(0);
            this.key = key;
            this.mergeable = mergeable;
            this.arrived = arrived;
        }
    }

    /**
     * Starts the worker threads (daemon threads named {@code jkeras-batch-<modelName>-<i>}) and registers the
     * queue-depth gauge with {@code metrics}.
     *
     * @param modelName the model's name in thread names, messages and metric labels
     */
    public Batcher(String modelName, Model model, BatchOptions options, Metrics metrics) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.model = Objects.requireNonNull(model, "model");
        this.mixesSamples = model.mixesSamples();
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(options.maxDelayMicros());
        metrics.queueDepth(modelName, this::queueDepth);
        workers = new Thread[options.workers()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(this::work, "jkeras-batch-" + modelName + "-" + i);
            workers[i].setDaemon(true);
        }
        for (Thread t : workers) t.start();
    }

    /**
     * Queues one request: {@code inputs} in the model's input order, each with the same batch size. The future
     * completes with the outputs in output order, each holding this request's samples only, or exceptionally
     * with the model's {@link KerasException} (an {@link dev.jkeras.error.InputException} when the inputs do
     * not fit the model: they are checked here, before queueing, with {@link Model#checkInputs}).
     * Requests for which shape inference leaves an output dimension other than the batch unknown (it then
     * depends on the values of the whole batch, as a TextVectorization without {@code output_sequence_length}
     * pads to the longest text) never share a batch.
     *
     * @throws QueueFullException if {@link BatchOptions#maxQueue} requests are already waiting
     * @throws RejectedExecutionException if the batcher is closed
     * @throws NullPointerException if {@code inputs} or one of them is null
     */
    public CompletableFuture<List<Tensor>> submit(List<Tensor> inputs) {
        List<Tensor> in = List.copyOf(inputs);
        try {
            model.checkInputs(in);
        } catch (KerasException e) {
            return CompletableFuture.failedFuture(e);
        }
        String key = key(in);
        Request r = new Request(in, key, mergeable(key, in), System.nanoTime());
        lock.lock();
        try {
            if (closed) throw new RejectedExecutionException("model '" + modelName + "' is shutting down and takes no more requests");
            if (queue.size() >= options.maxQueue()) {
                throw new QueueFullException("model '" + modelName + "' is overloaded: " + queue.size()
                        + " requests are already queued (the limit); retry later");
            }
            queue.addLast(r);
            depth = queue.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return r.result;
    }

    /** Requests queued and not yet taken into a batch. */
    public int queueDepth() {
        return depth;
    }

    public String modelName() {
        return modelName;
    }

    public Model model() {
        return model;
    }

    public BatchOptions options() {
        return options;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking requests, runs every request already queued (without waiting out batch delays), and returns
     * when the workers have finished. Idempotent. If the calling thread is interrupted while waiting, it returns
     * early with the interrupt flag set; the workers still drain the queue.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : workers) {
            if (t == Thread.currentThread()) continue;
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work() {
        while (true) {
            List<Request> batch;
            lock.lock();
            try {
                while (forming || (queue.isEmpty() && !closed)) changed.awaitUninterruptibly();
                if (queue.isEmpty()) return;
                forming = true;
                try {
                    batch = form();
                } finally {
                    forming = false;
                    depth = queue.size();
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
            run(batch);
        }
    }

    /** Under the lock, with {@code forming} set (so the head stays the head): waits for the batch, then takes it. */
    private List<Request> form() {
        Request head = queue.peekFirst();
        long deadline = head.arrived + delayNanos;
        while (true) {
            List<Request> picked = new ArrayList<>();
            boolean full = pick(head, picked);
            long wait = deadline - System.nanoTime();
            if (full || closed || wait <= 0) {
                for (Request r : picked) r.taken = true;
                queue.removeIf(r -> r.taken);
                return picked;
            }
            try {
                changed.awaitNanos(wait);
            } catch (InterruptedException e) {
                // our own thread: nobody interrupts it; close() works through the flag
            }
        }
    }

    /** Collects into {@code picked} the queued requests that can join {@code head}'s batch, oldest first; true if it cannot grow. */
    private boolean pick(Request head, List<Request> picked) {
        int max = options.maxBatchSize();
        picked.add(head);
        if (head.samples >= max || !head.mergeable) return true;
        int total = head.samples;
        boolean first = true;
        for (Request r : queue) {
            if (first) {
                first = false;
                continue;
            }
            if (!r.key.equals(head.key)) continue;
            if (total + r.samples > max) return true;
            picked.add(r);
            total += r.samples;
            if (total == max) return true;
        }
        return false;
    }

    private void run(List<Request> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        int total = 0;
        for (Request r : batch) total += r.samples;
        List<Tensor> out;
        try {
            out = model.predict(concat(batch, total));
        } catch (Throwable t) {
            for (Request r : batch) runAlone(r);
            return;
        }
        for (Tensor t : out) {
            if (t.rank() == 0 || t.dim(0) != total) {
                // an output that is not one row per sample cannot be split back
                for (Request r : batch) runAlone(r);
                return;
            }
        }
        metrics.batch(modelName, total);
        int offset = 0;
        for (Request r : batch) {
            List<Tensor> mine = new ArrayList<>(out.size());
            for (Tensor t : out) mine.add(rows(t, offset, r.samples));
            offset += r.samples;
            r.result.complete(mine);
        }
    }

    private void runAlone(Request r) {
        try {
            List<Tensor> out = model.predict(r.inputs);
            metrics.batch(modelName, r.samples);
            r.result.complete(out);
        } catch (Throwable t) {
            r.result.completeExceptionally(t);
        }
    }

    private static List<Tensor> concat(List<Request> batch, int total) {
        List<Tensor> first = batch.get(0).inputs;
        List<Tensor> merged = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            Tensor t0 = first.get(i);
            int per = t0.shape().sizeFrom(1);
            int n = Math.multiplyExact(total, per);
            if (t0.isString()) {
                String[] s = new String[n];
                int at = 0;
                for (Request r : batch) {
                    String[] src = r.inputs.get(i).strings();
                    System.arraycopy(src, 0, s, at, src.length);
                    at += src.length;
                }
                merged.add(Tensor.ofStrings(t0.shape().with(0, total), s));
            } else {
                float[] d = new float[n];
                int at = 0;
                for (Request r : batch) {
                    float[] src = r.inputs.get(i).data();
                    System.arraycopy(src, 0, d, at, src.length);
                    at += src.length;
                }
                merged.add(Tensor.of(t0.shape().with(0, total), d));
            }
        }
        return merged;
    }

    /** Rows {@code [from, from + n)} of {@code t} as a new tensor. */
    private static Tensor rows(Tensor t, int from, int n) {
        int per = t.shape().sizeFrom(1);
        int lo = from * per;
        int hi = lo + n * per;
        if (t.isString()) return Tensor.ofStrings(t.shape().with(0, n), Arrays.copyOfRange(t.strings(), lo, hi));
        return Tensor.of(t.shape().with(0, n), Arrays.copyOfRange(t.data(), lo, hi));
    }

    /**
     * Whether requests of this key may share a batch: shape inference must give every output one row per sample
     * and fully known dimensions. A free output dimension depends on the values of the whole batch (a
     * TextVectorization without {@code output_sequence_length} pads to the batch's longest text), so merging
     * would change a request's result; such requests run alone, as do all requests of a model that
     * {@linkplain Model#mixesSamples() mixes the samples} of a call (Keras's answer depends on what shares the call).
     */
    private boolean mergeable(String key, List<Tensor> inputs) {
        if (mixesSamples) return false;
        Boolean known = mergeableByKey.get(key);
        if (known != null) return known;
        boolean ok = true;
        try {
            List<Shape> shapes = new ArrayList<>(inputs.size());
            for (Tensor t : inputs) shapes.add(t.shape().with(0, Shape.UNKNOWN));
            for (Shape s : model.outputShapes(shapes)) {
                if (s.rank() == 0 || !s.dropFirst().isKnown()) ok = false;
            }
        } catch (RuntimeException e) {
            ok = false;
        }
        if (mergeableByKey.size() >= 256) mergeableByKey.clear();
        mergeableByKey.put(key, ok);
        return ok;
    }

    /** Requests with equal keys can share a batch: per input, string or numeric and the non-batch dimensions. */
    private static String key(List<Tensor> inputs) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : inputs) {
            sb.append(t.isString() ? 's' : 'f');
            int[] dims = t.shape().dims();
            for (int i = 1; i < dims.length; i++) sb.append(dims[i]).append(',');
            sb.append('|');
        }
        return sb.toString();
    }
}
