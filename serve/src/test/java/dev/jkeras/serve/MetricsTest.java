package dev.jkeras.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsTest {
    /** One sample line read back: metric name, labels in order, value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    /** The families with their TYPE, and every sample, checked against the text format 0.0.4 as it is read. */
    static final class Exposition {
        final Map<String, String> types = new LinkedHashMap<>();
        final Map<String, String> help = new HashMap<>();
        final List<Sample> samples = new ArrayList<>();

        static Exposition parse(String text) {
            Exposition e = new Exposition();
            assertTrue(text.endsWith("\n"), "the text ends with a line feed");
            Set<String> closed = new HashSet<>();
            String current = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String[] p = line.substring(7).split(" ", 2);
                    assertFalse(e.help.containsKey(p[0]), "one HELP per family: " + p[0]);
                    e.help.put(p[0], p[1]);
                } else if (line.startsWith("# TYPE ")) {
                    String[] p = line.substring(7).split(" ");
                    assertEquals(2, p.length, line);
                    assertTrue(Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(p[1]), line);
                    assertTrue(e.types.putIfAbsent(p[0], p[1]) == null, "one TYPE per family: " + p[0]);
                    assertTrue(e.help.containsKey(p[0]), "HELP before TYPE for " + p[0]);
                    if (current != null) closed.add(current);
                    current = p[0];
                } else {
                    assertFalse(line.isEmpty() || line.startsWith("#"), "unexpected line: '" + line + "'");
                    Sample s = sample(line);
                    String family = familyOf(s.name, e.types);
                    assertEquals(current, family, "sample " + s.name + " outside its family's block");
                    assertFalse(closed.contains(family));
                    e.samples.add(s);
                }
            }
            return e;
        }

        static String familyOf(String name, Map<String, String> types) {
            if (types.containsKey(name)) return name;
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (name.endsWith(suffix)) {
                    String f = name.substring(0, name.length() - suffix.length());
                    if ("histogram".equals(types.get(f))) return f;
                }
            }
            fail("sample " + name + " has no TYPE line");
            return null;
        }

        static Sample sample(String line) {
            int i = 0;
            while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) i++;
            String name = line.substring(0, i);
            assertTrue(name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"), "metric name in " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq);
                    assertTrue(key.matches("[a-zA-Z_][a-zA-Z0-9_]*"), "label name '" + key + "' in " + line);
                    assertEquals('"', line.charAt(eq + 1), line);
                    StringBuilder v = new StringBuilder();
                    int j = eq + 2;
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char n = line.charAt(++j);
                            v.append(switch (n) {
                                case '\\' -> '\\';
                                case '"' -> '"';
                                case 'n' -> '\n';
                                default -> throw new AssertionError("bad escape \\" + n + " in " + line);
                            });
                        } else {
                            v.append(c);
                        }
                    }
                    assertNotNull(labels.put(key, v.toString()) == null ? "" : null, "label " + key + " twice in " + line);
                    i = j + 1;
                    if (line.charAt(i) == ',') i++;
                }
                i++;
            }
            assertEquals(' ', line.charAt(i), line);
            String value = line.substring(i + 1);
            double d = switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(value);
            };
            return new Sample(name, labels, d);
        }

        double value(String name, String... labelPairs) {
            Map<String, String> want = new LinkedHashMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) want.put(labelPairs[i], labelPairs[i + 1]);
            for (Sample s : samples) if (s.name.equals(name) && s.labels.equals(want)) return s.value;
            throw new AssertionError("no sample " + name + want);
        }

        List<Sample> all(String name) {
            return samples.stream().filter(s -> s.name.equals(name)).toList();
        }
    }

    @Test
    void textFormatReadsBack() {
        Metrics m = new Metrics();
        String weird = "we\"ird\\name\nx";
        m.request("mlp", "v2", 200, 300_000);
        m.request("mlp", "v2", 200, 1_000_000);
        m.request("mlp", "v2", 200, 7_000_000);
        m.request("mlp", "v2", 400, 20_000_000_000L);
        m.request("mlp", "tfserving", 503, 10);
        m.request(weird, "v2", 404, 50_000);
        m.batch("mlp", 1);
        m.batch("mlp", 3);
        m.batch("mlp", 4096);
        AtomicInteger depth = new AtomicInteger(5);
        m.queueDepth("mlp", depth::get);
        Exposition e = Exposition.parse(m.scrape());

        assertEquals(Map.of("jkeras_requests_total", "counter", "jkeras_request_errors_total", "counter",
                "jkeras_request_duration_seconds", "histogram", "jkeras_batch_size", "histogram", "jkeras_queue_depth", "gauge",
                "jkeras_uptime_seconds", "gauge", "process_start_time_seconds", "gauge"), e.types);
        assertEquals(3, e.value("jkeras_requests_total", "model", "mlp", "protocol", "v2", "code", "200"));
        assertEquals(1, e.value("jkeras_requests_total", "model", "mlp", "protocol", "v2", "code", "400"));
        assertEquals(1, e.value("jkeras_requests_total", "model", "mlp", "protocol", "tfserving", "code", "503"));
        assertEquals(1, e.value("jkeras_requests_total", "model", weird, "protocol", "v2", "code", "404"), "label escaping round trip");
        assertEquals(1, e.value("jkeras_request_errors_total", "model", "mlp", "protocol", "v2"));
        assertEquals(1, e.value("jkeras_request_errors_total", "model", "mlp", "protocol", "tfserving"));
        assertEquals(1, e.value("jkeras_request_errors_total", "model", weird, "protocol", "v2"));
        assertEquals(6, e.all("jkeras_requests_total").stream().mapToDouble(Sample::value).sum());

        String h = "jkeras_request_duration_seconds";
        assertEquals(1, e.value(h + "_bucket", "model", "mlp", "protocol", "v2", "le", "0.0005"));
        assertEquals(2, e.value(h + "_bucket", "model", "mlp", "protocol", "v2", "le", "0.001"), "an upper bound is inclusive");
        assertEquals(2, e.value(h + "_bucket", "model", "mlp", "protocol", "v2", "le", "0.005"));
        assertEquals(3, e.value(h + "_bucket", "model", "mlp", "protocol", "v2", "le", "0.01"));
        assertEquals(3, e.value(h + "_bucket", "model", "mlp", "protocol", "v2", "le", "10"));
        assertEquals(4, e.value(h + "_bucket", "model", "mlp", "protocol", "v2", "le", "+Inf"));
        assertEquals(4, e.value(h + "_count", "model", "mlp", "protocol", "v2"));
        assertEquals(20.0083, e.value(h + "_sum", "model", "mlp", "protocol", "v2"), 1e-12);
        assertCumulative(e, h);

        assertEquals(1, e.value("jkeras_batch_size_bucket", "model", "mlp", "le", "1"));
        assertEquals(1, e.value("jkeras_batch_size_bucket", "model", "mlp", "le", "2"));
        assertEquals(2, e.value("jkeras_batch_size_bucket", "model", "mlp", "le", "4"));
        assertEquals(2, e.value("jkeras_batch_size_bucket", "model", "mlp", "le", "1024"));
        assertEquals(3, e.value("jkeras_batch_size_bucket", "model", "mlp", "le", "+Inf"));
        assertEquals(4100, e.value("jkeras_batch_size_sum", "model", "mlp"));
        assertEquals(3, e.value("jkeras_batch_size_count", "model", "mlp"));
        assertCumulative(e, "jkeras_batch_size");

        assertEquals(5, e.value("jkeras_queue_depth", "model", "mlp"));
        depth.set(2);
        assertEquals(2, Exposition.parse(m.scrape()).value("jkeras_queue_depth", "model", "mlp"), "read at each scrape");
        assertTrue(e.value("jkeras_uptime_seconds") > 0);
        double start = e.value("process_start_time_seconds");
        assertTrue(start > 1.6e9 && start <= System.currentTimeMillis() / 1e3, "start " + start);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", Metrics.CONTENT_TYPE);
    }

    /** Per series: buckets in increasing le, non-decreasing, the last +Inf and equal to _count. */
    static void assertCumulative(Exposition e, String histogram) {
        Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
        for (Sample s : e.all(histogram + "_bucket")) {
            Map<String, String> k = new LinkedHashMap<>(s.labels);
            k.remove("le");
            series.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
        }
        assertFalse(series.isEmpty());
        for (var entry : series.entrySet()) {
            double prevLe = Double.NEGATIVE_INFINITY, prev = 0;
            for (Sample s : entry.getValue()) {
                String le = s.labels.get("le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                assertTrue(bound > prevLe && s.value >= prev, histogram + entry.getKey() + " at le=" + le);
                prevLe = bound;
                prev = s.value;
            }
            assertEquals(Double.POSITIVE_INFINITY, prevLe, "the last bucket is +Inf");
            String[] pairs = entry.getKey().entrySet().stream().flatMap(x -> java.util.stream.Stream.of(x.getKey(), x.getValue())).toArray(String[]::new);
            assertEquals(prev, e.value(histogram + "_count", pairs));
        }
    }

    @Test
    void anEmptyRegistryIsValidText() {
        Exposition e = Exposition.parse(new Metrics().scrape());
        assertEquals(7, e.types.size());
        assertEquals(2, e.samples.size(), "uptime and start time only");
    }

    @Test
    void unknownModelNamesCannotGrowTheSeriesWithoutBound() {
        Metrics m = new Metrics();
        for (int i = 0; i < Metrics.MAX_SERIES + 5; i++) m.request("model-" + i, "v2", 404, 1000);
        Exposition e = Exposition.parse(m.scrape());
        assertEquals(Metrics.MAX_SERIES + 1, e.all("jkeras_requests_total").size());
        assertEquals(5, e.value("jkeras_requests_total", "model", Metrics.OTHER, "protocol", "v2", "code", "404"));
        assertEquals(Metrics.MAX_SERIES + 1, e.all("jkeras_request_duration_seconds_count").size());
        assertEquals(Metrics.MAX_SERIES + 5, e.all("jkeras_requests_total").stream().mapToDouble(Sample::value).sum());
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        Metrics m = new Metrics();
        int threads = 8, each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        m.request("m" + (i % 3), "v2", i % 10 == 0 ? 500 : 200, (long) i * 1000 + id);
                        m.batch("m" + (i % 3), 1 + i % 64);
                        if (i % 5000 == 0) Exposition.parse(m.scrape());
                    }
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Exposition e = Exposition.parse(m.scrape());
        assertEquals(threads * each, e.all("jkeras_requests_total").stream().mapToDouble(Sample::value).sum());
        assertEquals(threads * each / 10, e.all("jkeras_request_errors_total").stream().mapToDouble(Sample::value).sum());
        assertEquals(threads * each, e.all("jkeras_batch_size_count").stream().mapToDouble(Sample::value).sum());
        assertCumulative(e, "jkeras_request_duration_seconds");
        assertCumulative(e, "jkeras_batch_size");
    }
}
