package dev.jkeras.bench;

import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.serve.BatchOptions;
import dev.jkeras.serve.Batcher;
import dev.jkeras.serve.DirectInference;
import dev.jkeras.serve.Inference;
import dev.jkeras.serve.Metrics;
import dev.jkeras.serve.ModelServer;
import dev.jkeras.serve.ServedModel;
import dev.jkeras.tensor.Tensor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of the model server (issue 13; a main, not JMH, not CI): per model, at 1, 8 and 64 concurrent
 * clients, one-sample requests for a bounded time and count, measured five ways in the same JVM and run:
 * {@code direct} (Model.predict from as many threads), {@code batcher} (the Batcher in-process, no HTTP),
 * and the server on a loopback port driven by java.net.http clients (one shared HTTP/1.1 client, keep-alive)
 * posting an Open Inference Protocol v2 request ({@code {"inputs":[{"name","shape","datatype":"FP32","data"}]}})
 * to {@code /v2/models/NAME/infer}: {@code http-batch} (dynamic batching on, {@link #BATCH}) and {@code http-nobatch}
 * (each request runs on its HTTP thread: {@link DirectInference}). Prints throughput (requests/s; samples/s is the same, one sample per request) and
 * latency p50/p90/p99 per cell and round, then the median of the rounds with their spread.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.jkeras.bench.ServeLoad [seconds] [rounds] [maxRequests]</pre>
 */
public final class ServeLoad {
    private ServeLoad() {}

    static final int[] CLIENTS = {1, 8, 64};
    static final String[] MODES = {"direct", "batcher", "http-batch", "http-nobatch"};
    /** Batching: up to 32 samples, a delay of -Djkeras.serveload.delayMicros (default 1000: 1 ms; the server's default is 0). */
    static final BatchOptions BATCH = new BatchOptions(32, Long.getLong("jkeras.serveload.delayMicros", 1000), 4096);

    /** One measured cell: requests done, wall time, and every request's latency in nanoseconds (sorted). */
    record Cell(long requests, long nanos, long[] latencies, long errors) {
        double perSecond() {
            return requests * 1e9 / nanos;
        }

        double percentileMs(double p) {
            if (latencies.length == 0) return Double.NaN;
            int i = (int) Math.ceil(p / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }
    }

    /** One unit of client work; returns false on an error answer. */
    interface Call {
        boolean run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long maxRequests = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        String[][] models = {
                {"mlp", "testdata/fixtures/mlp/keras3/model.keras"},
                {"mobilenet_v3_small", "testdata/fixtures/app_mobilenet_v3_small/keras3/model.keras"}};
        System.out.printf(Locale.ROOT, "# ServeLoad: %.1f s per cell (at most %d requests), %d rounds, %d CPUs, %s %s%n",
                seconds, maxRequests, rounds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        for (String[] spec : models) {
            Model model = KerasModels.load(Fixtures.root().resolve(spec[1]));
            List<Tensor> x = Fixtures.inputs(model.inputNames(), model.inputShapes(), 1);
            String body = v2Body(model, x);
            // warm-up: the JIT, the kernels and the HTTP stack
            Cell[][][] cells = new Cell[MODES.length][CLIENTS.length][rounds];
            for (int mode = 0; mode < MODES.length; mode++) measureMode(spec[0], model, x, body, MODES[mode], new int[] {8}, Math.min(seconds, 2), maxRequests, null);
            for (int r = 0; r < rounds; r++) {
                for (int mode = 0; mode < MODES.length; mode++) {
                    Cell[] got = new Cell[CLIENTS.length];
                    measureMode(spec[0], model, x, body, MODES[mode], CLIENTS, seconds, maxRequests, got);
                    for (int c = 0; c < CLIENTS.length; c++) {
                        cells[mode][c][r] = got[c];
                        System.out.printf(Locale.ROOT, "%s round %d %-12s clients=%2d  %9.0f req/s  p50 %7.3f  p90 %7.3f  p99 %7.3f ms  (%d requests, %d errors)%n",
                                spec[0], r + 1, MODES[mode], CLIENTS[c], got[c].perSecond(), got[c].percentileMs(50),
                                got[c].percentileMs(90), got[c].percentileMs(99), got[c].requests, got[c].errors);
                    }
                }
            }
            System.out.println();
            System.out.println("| model | mode | clients | requests/s (= samples/s), median [min-max] | p50 ms | p90 ms | p99 ms |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|");
            for (int c = 0; c < CLIENTS.length; c++) {
                for (int mode = 0; mode < MODES.length; mode++) {
                    Cell[] rs = cells[mode][c];
                    double[] tput = Arrays.stream(rs).mapToDouble(Cell::perSecond).sorted().toArray();
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f [%.0f-%.0f] | %.3f | %.3f | %.3f |%n", spec[0], MODES[mode], CLIENTS[c],
                            median(tput), tput[0], tput[tput.length - 1], median(rs, 50), median(rs, 90), median(rs, 99));
                }
            }
            System.out.println();
        }
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(Cell[] rounds, double p) {
        return median(Arrays.stream(rounds).mapToDouble(c -> c.percentileMs(p)).sorted().toArray());
    }

    /** Measures {@code mode} at each client count (results into {@code out} when non-null), starting what the mode needs once. */
    static void measureMode(String name, Model model, List<Tensor> x, String body, String mode, int[] clients, double seconds,
                            long maxRequests, Cell[] out) throws Exception {
        switch (mode) {
            case "direct" -> {
                for (int c = 0; c < clients.length; c++) {
                    Cell cell = measure(clients[c], seconds, maxRequests, () -> model.predict(x) != null);
                    if (out != null) out[c] = cell;
                }
            }
            case "batcher" -> {
                try (Batcher b = new Batcher(name, model, BATCH, new Metrics())) {
                    for (int c = 0; c < clients.length; c++) {
                        Cell cell = measure(clients[c], seconds, maxRequests, () -> b.submit(x).get() != null);
                        if (out != null) out[c] = cell;
                    }
                }
            }
            default -> {
                Metrics metrics = new Metrics();
                Inference inference = mode.equals("http-batch") ? new Batcher(name, model, BATCH, metrics) : new DirectInference(model);
                try (ModelServer server = new ModelServer(List.of(new ServedModel(name, model, inference)), metrics, ModelServer.Options.loopback()).start()) {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(10)).build();
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v2/models/" + name + "/infer"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    for (int c = 0; c < clients.length; c++) {
                        Cell cell = measure(clients[c], seconds, maxRequests,
                                () -> client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200);
                        if (out != null) out[c] = cell;
                    }
                }
            }
        }
    }

    /** {@code clients} threads run {@code call} back to back until {@code seconds} pass or {@code maxRequests} are done. */
    static Cell measure(int clients, double seconds, long maxRequests, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong budget = new AtomicLong(maxRequests);
        AtomicLong errors = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[1];
        List<Future<long[]>> lat = new ArrayList<>();
        try {
            for (int t = 0; t < clients; t++) {
                lat.add(pool.submit(() -> {
                    long[] mine = new long[1024];
                    int n = 0;
                    go.await();
                    long end = window[0];
                    while (System.nanoTime() < end && budget.decrementAndGet() >= 0) {
                        long t0 = System.nanoTime();
                        boolean ok = call.run();
                        long dt = System.nanoTime() - t0;
                        if (!ok) errors.incrementAndGet();
                        if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                        mine[n++] = dt;
                    }
                    return Arrays.copyOf(mine, n);
                }));
            }
            long start = System.nanoTime();
            window[0] = start + (long) (seconds * 1e9);
            go.countDown();
            long[] all = new long[0];
            for (Future<long[]> f : lat) {
                long[] l = f.get();
                int at = all.length;
                all = Arrays.copyOf(all, at + l.length);
                System.arraycopy(l, 0, all, at, l.length);
            }
            long nanos = System.nanoTime() - start;
            Arrays.sort(all);
            return new Cell(all.length, nanos, all, errors.get());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A v2 infer request body for {@code x}, data row-major and flat, as KServe documents it. */
    static String v2Body(Model model, List<Tensor> x) {
        StringBuilder sb = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < x.size(); i++) {
            if (i > 0) sb.append(',');
            Tensor t = x.get(i);
            sb.append("{\"name\":\"").append(model.inputNames().get(i)).append("\",\"shape\":").append(Arrays.toString(t.shape().dims()).replace(" ", ""))
                    .append(",\"datatype\":\"FP32\",\"data\":[");
            float[] d = t.data();
            for (int j = 0; j < d.length; j++) {
                if (j > 0) sb.append(',');
                sb.append(d[j]);
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }
}
