package dev.jkeras.serve;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's metrics in the Prometheus text exposition format 0.0.4 ({@link #scrape()}, served with
 * {@link #CONTENT_TYPE}): requests by model, protocol and HTTP status, errors, a latency histogram, a
 * batch-size histogram and the queue depth per model, and the process's uptime and start time.
 *
 * <p>Thread-safe; recording is lock-free once a series exists ({@link LongAdder}s in a
 * {@link ConcurrentHashMap}). A scrape reads each adder once, so a histogram's {@code _count} always equals its
 * {@code +Inf} bucket, while its {@code _sum} may already include an observation still missing from the
 * buckets. Each family holds at most {@link #MAX_SERIES} label sets: a request for yet another model name (a
 * client may send any name, known or not) is counted under {@code model="_other"}.
 */
public final class Metrics {
    /** The Content-Type of {@link #scrape()}'s text. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Most label sets per metric family. */
    public static final int MAX_SERIES = 1000;
    /** The model label value that stands for every model beyond {@link #MAX_SERIES}. */
    public static final String OTHER = "_other";

    /** Latency bucket upper bounds in seconds, from 0.5 ms to 10 s. */
    private static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Batch-size bucket upper bounds in samples. */
    private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final Map<List<String>, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<List<String>, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<List<String>, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<List<String>, Histogram> batchSizes = new ConcurrentHashMap<>();
    private final Map<List<String>, IntSupplier> queueDepths = new ConcurrentHashMap<>();

    /**
     * A histogram over longs in some unit ({@code scale} units per exported value: 1e9 for nanoseconds shown in
     * seconds): non-cumulative counts per bucket, the last one {@code +Inf}.
     */
    private static final class Histogram {
        final double[] bounds;
        final long[] limits;
        final double scale;
        final LongAdder[] counts;
        final LongAdder sum = new LongAdder();

        Histogram(double[] bounds, double scale) {
            this.bounds = bounds;
            this.scale = scale;
            limits = new long[bounds.length];
            for (int i = 0; i < bounds.length; i++) limits[i] = Math.round(bounds[i] * scale);
            counts = new LongAdder[bounds.length + 1];
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        void observe(long v) {
            int i = 0;
            while (i < limits.length && v > limits[i]) i++;
            counts[i].increment();
            sum.add(v);
        }
    }

    /**
     * Counts one finished HTTP request: its status and its duration from receipt to response. Statuses of 400
     * and above also count as errors.
     *
     * @param model    the model named in the request path ("" when none)
     * @param protocol which API answered (for example {@code v2}, {@code tfserving}, {@code health})
     */
    public void request(String model, String protocol, int status, long nanos) {
        List<String> mp = labels(latency, model, protocol);
        counter(requests, labels(requests, model, protocol, Integer.toString(status))).increment();
        if (status >= 400) counter(errors, labels(errors, model, protocol)).increment();
        Histogram h = latency.get(mp);
        if (h == null) h = latency.computeIfAbsent(mp, k -> new Histogram(LATENCY_BOUNDS, 1e9));
        h.observe(Math.max(0, nanos));
    }

    /** Counts one model call of {@code size} samples (a merged batch, or a request run alone). */
    public void batch(String model, int size) {
        List<String> m = labels(batchSizes, model);
        Histogram h = batchSizes.get(m);
        if (h == null) h = batchSizes.computeIfAbsent(m, k -> new Histogram(BATCH_BOUNDS, 1));
        h.observe(Math.max(0, size));
    }

    /** Reports {@code depth} (read at each scrape) as the model's queue depth, replacing an earlier supplier. */
    public void queueDepth(String model, IntSupplier depth) {
        queueDepths.put(labels(queueDepths, model), depth);
    }

    /** All metrics as Prometheus text format 0.0.4. */
    public String scrape() {
        StringBuilder sb = new StringBuilder(4096);
        counters(sb, "jkeras_requests_total", "HTTP requests answered, by model, protocol and status code.", requests, "model", "protocol", "code");
        counters(sb, "jkeras_request_errors_total", "HTTP requests answered with a status of 400 or more.", errors, "model", "protocol");
        histograms(sb, "jkeras_request_duration_seconds", "Time from receiving a request to answering it.", latency, "model", "protocol");
        histograms(sb, "jkeras_batch_size", "Samples per model call (a merged batch, or a request run alone).", batchSizes, "model");
        header(sb, "jkeras_queue_depth", "Requests waiting to join a batch.", "gauge");
        for (List<String> k : sorted(queueDepths)) {
            sample(sb, "jkeras_queue_depth", k, new String[] {"model"}, null, Integer.toString(queueDepths.get(k).getAsInt()));
        }
        var runtime = ManagementFactory.getRuntimeMXBean();
        header(sb, "jkeras_uptime_seconds", "Seconds since the process started.", "gauge");
        sb.append("jkeras_uptime_seconds ").append(number(runtime.getUptime() / 1e3)).append('\n');
        header(sb, "process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.", "gauge");
        sb.append("process_start_time_seconds ").append(number(runtime.getStartTime() / 1e3)).append('\n');
        return sb.toString();
    }

    private static LongAdder counter(Map<List<String>, LongAdder> family, List<String> key) {
        LongAdder a = family.get(key);
        return a != null ? a : family.computeIfAbsent(key, k -> new LongAdder());
    }

    /** The label values as a key; the model becomes {@link #OTHER} once the family is full and holds no such series. */
    private static List<String> labels(Map<List<String>, ?> family, String model, String... rest) {
        List<String> key = new ArrayList<>(1 + rest.length);
        key.add(model == null ? "" : model);
        for (String r : rest) key.add(r == null ? "" : r);
        if (family.size() >= MAX_SERIES && !family.containsKey(key)) key.set(0, OTHER);
        return List.copyOf(key);
    }

    private static void counters(StringBuilder sb, String name, String help, Map<List<String>, LongAdder> family, String... labelNames) {
        header(sb, name, help, "counter");
        for (List<String> k : sorted(family)) sample(sb, name, k, labelNames, null, Long.toString(family.get(k).sum()));
    }

    private static void histograms(StringBuilder sb, String name, String help, Map<List<String>, Histogram> family, String... labelNames) {
        header(sb, name, help, "histogram");
        for (List<String> k : sorted(family)) {
            Histogram h = family.get(k);
            long cumulative = 0;
            for (int i = 0; i < h.counts.length; i++) {
                cumulative += h.counts[i].sum();
                String le = i < h.bounds.length ? number(h.bounds[i]) : "+Inf";
                sample(sb, name + "_bucket", k, labelNames, le, Long.toString(cumulative));
            }
            sample(sb, name + "_sum", k, labelNames, null, number(h.sum.sum() / h.scale));
            sample(sb, name + "_count", k, labelNames, null, Long.toString(cumulative));
        }
    }

    private static <V> List<List<String>> sorted(Map<List<String>, V> family) {
        List<List<String>> keys = new ArrayList<>(family.keySet());
        keys.sort(Comparator.comparing((List<String> k) -> String.join("\u0000", k)));
        return keys;
    }

    private static void header(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, List<String> values, String[] labelNames, String le, String value) {
        sb.append(name).append('{');
        for (int i = 0; i < labelNames.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(labelNames[i]).append("=\"");
            escape(sb, values.get(i));
            sb.append('"');
        }
        if (le != null) sb.append(",le=\"").append(le).append('"');
        sb.append("} ").append(value).append('\n');
    }

    /** A label value as the format quotes it: backslash, double quote and line feed escaped. */
    private static void escape(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /** A sample value or bucket bound: the shortest decimal that reads back as {@code v}, without an exponent ("0.0005", "10"). */
    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
