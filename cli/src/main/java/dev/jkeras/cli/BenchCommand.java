package dev.jkeras.cli;

import dev.jkeras.graph.Model;
import dev.jkeras.kernel.Simd;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jkeras bench}: times a model's predictions after a warm-up. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time a model: warm-up, then latency percentiles and throughput.",
                "Prints the load time, the first call, then after the warm-up the latency of the timed calls (p50, p90, p99, "
                        + "min, max, mean; nearest rank) and the throughput in samples per second."},
        footer = {"", "Examples:",
                "  jkeras bench model.keras",
                "  jkeras bench model.keras --batch 32 --threads 4 --duration 10s",
                "  jkeras bench model.h5 -i inputs.npz --iterations 200 --json",
                "",
                "Random inputs (seeded by --seed): floats uniform in [0, 1); integer and",
                "bool inputs 0, a valid index for every Embedding and lookup layer.",
                "String inputs, and inputs with open non-batch dimensions, need -i FILE;",
                "--batch then repeats the file's samples to the batch size.",
                "The jkeras launcher runs bench on the Vector API kernels; the report",
                "says which kernels ran."})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Option(names = {"-i", "--input"}, paramLabel = "[NAME=]FILE",
            description = "Run on these arrays (as for predict) instead of random ones.")
    List<String> inputs;

    @Option(names = {"-b", "--batch"}, paramLabel = "N", description = "Samples per call (default: 1, or the -i file's batch).")
    Integer batch;

    @Option(names = {"-t", "--threads"}, paramLabel = "T", description = "Most threads one call uses (default: every processor, ${sys:jkeras.threads} if set).")
    Integer threads;

    @Option(names = "--warmup", paramLabel = "N|TIME",
            description = "Untimed calls first: a count (20) or a time (2s, 500ms) (default: ${DEFAULT-VALUE}).")
    String warmup = "1s";

    @Option(names = "--duration", paramLabel = "TIME", description = "Time the calls for this long, at least 3 calls (default: 5s).")
    String duration;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "Time exactly N calls (instead of --duration).")
    Integer iterations;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    /** A count of calls or a time in nanoseconds. */
    record Budget(long calls, long nanos) {
        static Budget parse(String option, String s) {
            Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|)").matcher(s.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new UsageException(option + " " + s + ": expected a count of calls (20) or a time (2s, 500ms)");
            }
            double v = Double.parseDouble(m.group(1));
            if (m.group(2).isEmpty()) {
                if (m.group(1).contains(".")) throw new UsageException(option + " " + s + ": a count of calls is a whole number");
                return new Budget((long) Math.min(v, Long.MAX_VALUE), -1);
            }
            double nanos = v * (m.group(2).equals("ms") ? 1e6 : 1e9);
            if (nanos > 86_400e9) throw new UsageException(option + " " + s + ": at most one day");
            return new Budget(-1, (long) nanos);
        }

        boolean done(long calls, long elapsedNanos, long minCalls) {
            if (this.calls >= 0) return calls >= this.calls;
            return calls >= minCalls && elapsedNanos >= nanos;
        }
    }

    @Override
    public void run() {
        if (batch != null && batch < 1) throw new UsageException("--batch must be at least 1, found " + batch);
        if (threads != null && threads < 1) throw new UsageException("--threads must be at least 1, found " + threads);
        if (iterations != null && iterations < 1) throw new UsageException("--iterations must be at least 1, found " + iterations);
        if (iterations != null && duration != null) throw new UsageException("give --iterations or --duration, not both");
        Budget warm = Budget.parse("--warmup", warmup);
        Budget timed = iterations != null ? new Budget(iterations, -1) : Budget.parse("--duration", duration == null ? "5s" : duration);
        if (timed.calls >= 0 && iterations == null) {
            throw new UsageException("--duration " + duration + ": give a time (10s, 500ms); to time a count of calls use --iterations");
        }
        LoadLimits limits = modelArgs.limits();
        PrintWriter err = spec.commandLine().getErr();

        long t0 = System.nanoTime();
        Model model = modelArgs.load();
        long loadNanos = System.nanoTime() - t0;
        if (threads != null) model = model.withThreads(threads);
        Map<String, Tensor> in = inputs != null ? repeat(Inputs.read(inputs, model, limits), batch)
                : random(model, batch == null ? 1 : batch, seed, limits);
        model.checkInputs(List.copyOf(in.values()));
        Tensor first = in.values().iterator().next();
        int n = first.rank() == 0 ? 1 : first.dim(0);

        long t1 = System.nanoTime();
        model.predict(in);
        long firstNanos = System.nanoTime() - t1;
        if (verbose.verbose) err.printf(Locale.ROOT, "jkeras: loaded in %.1f ms, first call %.1f ms%n", loadNanos / 1e6, firstNanos / 1e6);

        long warmCalls = 0, ws = System.nanoTime();
        while (!warm.done(warmCalls, System.nanoTime() - ws, 1)) {
            model.predict(in);
            warmCalls++;
        }
        long warmNanos = System.nanoTime() - ws;
        if (verbose.verbose) err.printf(Locale.ROOT, "jkeras: warm-up: %d calls in %.1f ms%n", warmCalls, warmNanos / 1e6);

        long[] lat = new long[64];
        int calls = 0;
        long total = 0;
        while (!timed.done(calls, total, 3)) {
            long s = System.nanoTime();
            model.predict(in);
            long d = System.nanoTime() - s;
            if (calls == lat.length) lat = Arrays.copyOf(lat, calls * 2);
            lat[calls++] = d;
            total += d;
        }
        lat = Arrays.copyOf(lat, calls);
        Arrays.sort(lat);
        if (verbose.verbose) err.printf(Locale.ROOT, "jkeras: timed %d calls in %.1f ms%n", calls, total / 1e6);
        err.flush();

        Report r = new Report(modelArgs.model.toString(), model.writer().kerasVersion(), inputs == null, seed, shapes(in), n,
                model.threads(), Simd.enabled(), Runtime.version().toString(),
                loadNanos, firstNanos, warmCalls, warmNanos, lat, total);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? r.json() : r.text());
        out.flush();
    }

    private static Map<String, Shape> shapes(Map<String, Tensor> in) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : in.entrySet()) m.put(e.getKey(), e.getValue().shape());
        return m;
    }

    /**
     * Seeded random inputs of batch {@code n}: floats uniform in [0, 1), integers and bools 0. Strings and open
     * non-batch dimensions are refused: no made-up value would be representative.
     */
    static Map<String, Tensor> random(Model model, int n, long seed, LoadLimits limits) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < model.inputNames().size(); i++) {
            String name = model.inputNames().get(i);
            Shape declared = model.inputShapes().get(i);
            DType dtype = model.inputDTypes().get(i);
            if (dtype == DType.STRING) {
                throw new UsageException("input '" + name + "' takes strings, which bench does not make up: give -i FILE with real texts");
            }
            int[] dims = declared.dims().clone();
            if (dims.length == 0) throw new UsageException("input '" + name + "' is a scalar without a batch dimension: give -i FILE");
            dims[0] = n;
            for (int d = 1; d < dims.length; d++) {
                if (dims[d] == Shape.UNKNOWN) {
                    throw new UsageException("input '" + name + "' has shape " + declared + ": dimension " + d
                            + " is open, so bench cannot choose it; give -i FILE with arrays of the size you want timed");
                }
            }
            long size = 1;
            for (int d : dims) size = Math.multiplyExact(size, (long) d);
            if (size > limits.maxTensorElements()) {
                throw new UsageException("--batch " + n + " makes input '" + name + "' " + size + " elements, more than the limit of "
                        + limits.maxTensorElements() + " (--max-tensor-elements)");
            }
            float[] v = new float[(int) size];
            if (dtype.isFloat()) for (int k = 0; k < v.length; k++) v[k] = (float) rnd.nextDouble();
            out.put(name, Tensor.of(Shape.of(dims), v));
        }
        return out;
    }

    /** The arrays with their samples repeated (or cut) to {@code n} rows; as they are when n is null. */
    static Map<String, Tensor> repeat(Map<String, Tensor> in, Integer n) {
        if (n == null) return in;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() == 0 || t.dim(0) == 0) throw new UsageException("input '" + e.getKey() + "' has no samples to make a batch of " + n + " from");
            int have = t.dim(0), row = t.shape().sizeFrom(1);
            Shape s = t.shape().with(0, n);
            if ((long) n * row > Integer.MAX_VALUE - 8) throw new UsageException("--batch " + n + " makes input '" + e.getKey() + "' too large");
            if (t.isString()) {
                String[] src = t.strings(), dst = new String[n * row];
                for (int b = 0; b < n; b++) System.arraycopy(src, (b % have) * row, dst, b * row, row);
                out.put(e.getKey(), Tensor.ofStrings(s, dst));
            } else {
                float[] src = t.data(), dst = new float[n * row];
                for (int b = 0; b < n; b++) System.arraycopy(src, (b % have) * row, dst, b * row, row);
                out.put(e.getKey(), Tensor.of(s, dst));
            }
        }
        return out;
    }

    /** What bench measured; latencies sorted, in nanoseconds. */
    record Report(String model, String kerasVersion, boolean random, long seed, Map<String, Shape> inputs, int batch, int threads,
                  boolean vector, String java, long loadNanos, long firstNanos, long warmCalls, long warmNanos, long[] latencies,
                  long totalNanos) {
        /** Nearest-rank percentile. */
        long percentile(double p) {
            int k = (int) Math.ceil(p / 100 * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, k - 1))];
        }

        double mean() {
            return (double) totalNanos / latencies.length;
        }

        double throughput() {
            return batch * (double) latencies.length / (Math.max(1, totalNanos) / 1e9);
        }

        String kernels() {
            return vector ? "Vector API (jdk.incubator.vector)" : "scalar (no Vector API in this JVM, or -Djkeras.simd=false)";
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            sb.append("model:      ").append(model).append(" (Keras ").append(kerasVersion).append(")\n");
            List<String> in = new ArrayList<>();
            inputs.forEach((k, v) -> in.add("'" + k + "' " + v));
            sb.append("inputs:     ").append(String.join(", ", in)).append(random ? ", random (seed " + seed + ")" : ", from -i").append('\n');
            sb.append(String.format(Locale.ROOT, "kernels:    %s, %d thread%s, Java %s%n", kernels(), threads, threads == 1 ? "" : "s", java));
            sb.append(String.format(Locale.ROOT, "load:       %.1f ms%nfirst call: %.3f ms%nwarm-up:    %d calls in %.1f ms%n",
                    loadNanos / 1e6, firstNanos / 1e6, warmCalls, warmNanos / 1e6));
            sb.append(String.format(Locale.ROOT, "latency:    p50 %s  p90 %s  p99 %s  min %s  max %s  mean %s ms over %d calls%n",
                    ms(percentile(50)), ms(percentile(90)), ms(percentile(99)), ms(latencies[0]), ms(latencies[latencies.length - 1]),
                    ms(mean()), latencies.length));
            sb.append(String.format(Locale.ROOT, "throughput: %.1f samples/s (batch %d)%n", throughput(), batch));
            return sb.toString();
        }

        private static String ms(double nanos) {
            return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
        }

        String json() {
            StringBuilder sb = new StringBuilder("{\n");
            sb.append("  \"model\": ").append(NpyIO.jsonString(model)).append(",\n");
            sb.append("  \"keras_version\": ").append(kerasVersion == null ? "null" : NpyIO.jsonString(kerasVersion)).append(",\n");
            sb.append("  \"inputs\": {");
            int i = 0;
            for (Map.Entry<String, Shape> e : inputs.entrySet()) {
                sb.append(i++ == 0 ? "" : ", ").append(NpyIO.jsonString(e.getKey())).append(": ")
                        .append(Arrays.toString(e.getValue().dims()));
            }
            sb.append("},\n");
            sb.append("  \"random_inputs\": ").append(random).append(random ? ", \"seed\": " + seed : "").append(",\n");
            sb.append("  \"batch\": ").append(batch).append(", \"threads\": ").append(threads)
                    .append(", \"vector_api\": ").append(vector).append(", \"java\": ").append(NpyIO.jsonString(java)).append(",\n");
            sb.append(String.format(Locale.ROOT, "  \"load_ms\": %.3f, \"first_call_ms\": %.3f, \"warmup_calls\": %d, \"warmup_ms\": %.3f,%n",
                    loadNanos / 1e6, firstNanos / 1e6, warmCalls, warmNanos / 1e6));
            sb.append(String.format(Locale.ROOT, "  \"calls\": %d, \"latency_ms\": {\"p50\": %s, \"p90\": %s, \"p99\": %s, \"min\": %s, \"max\": %s, \"mean\": %s},%n",
                    latencies.length, ms(percentile(50)), ms(percentile(90)), ms(percentile(99)), ms(latencies[0]),
                    ms(latencies[latencies.length - 1]), ms(mean())));
            sb.append(String.format(Locale.ROOT, "  \"throughput_samples_per_s\": %.3f%n}%n", throughput()));
            return sb.toString();
        }
    }
}
