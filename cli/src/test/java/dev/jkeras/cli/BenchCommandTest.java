package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jkeras bench} in process: its report, inputs and errors (BenchIT runs it from the jar on every format). */
class BenchCommandTest {
    private static CliTest.Result bench(Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliTest.run(all);
    }

    @Test
    void jsonReportOnRandomInputs() throws IOException {
        CliTest.Result r = bench(JarCli.fixtureFile("conv_bn_pool", "keras3", "model.keras"), "--batch", "3", "--threads", "1",
                "--warmup", "2", "--iterations", "7", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode j = CliTest.JSON.readTree(r.out());
        assertEquals(7, j.get("calls").asInt());
        assertEquals(2, j.get("warmup_calls").asInt());
        assertEquals(3, j.get("batch").asInt());
        assertEquals(1, j.get("threads").asInt());
        assertEquals("[3,9,13,3]", j.get("inputs").get("image").toString());
        assertTrue(j.get("random_inputs").asBoolean());
        JsonNode l = j.get("latency_ms");
        assertTrue(l.get("min").asDouble() <= l.get("p50").asDouble() && l.get("p50").asDouble() <= l.get("p90").asDouble()
                && l.get("p90").asDouble() <= l.get("p99").asDouble() && l.get("p99").asDouble() <= l.get("max").asDouble(), l.toString());
        assertTrue(j.get("throughput_samples_per_s").asDouble() > 0);
    }

    @Test
    void textReport() {
        CliTest.Result r = bench(JarCli.fixtureFile("mlp", "tfkeras", "model.h5"), "--warmup", "0", "--duration", "50ms");
        assertEquals(0, r.code(), r.toString());
        for (String s : new String[] {"model:      ", "inputs:     'x' (1, 7), random (seed 0)", "kernels:    ", "load:       ",
                "first call: ", "warm-up:    0 calls", "latency:    p50 ", "throughput: "}) {
            assertTrue(r.out().contains(s), s + " in\n" + r.out());
        }
    }

    @Test
    void fileInputsAreRepeatedToTheBatch() throws IOException {
        CliTest.Result r = bench(JarCli.fixtureFile("functional_multi", "keras3", "model.keras"), "-i",
                JarCli.fixtureFile("functional_multi", "keras3", "inputs.npz"), "--batch", "5", "--warmup", "0", "-n", "3", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode j = CliTest.JSON.readTree(r.out());
        assertEquals("[5,5]", j.get("inputs").get("a").toString());
        assertTrue(!j.get("random_inputs").asBoolean());

        Tensor t = Tensor.of(Shape.of(2, 2), new float[] {1, 2, 3, 4});
        Tensor rep = BenchCommand.repeat(Map.of("x", t), 5).get("x");
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2}, rep.data());
        assertEquals(t, BenchCommand.repeat(Map.of("x", t), null).get("x"));
    }

    @Test
    void integerInputsAreZeroAndFloatsSeeded() {
        CliTest.Result r = bench(JarCli.fixtureFile("embedding_lstm", "keras3", "model.keras"), "--warmup", "0", "-n", "2");
        assertEquals(0, r.code(), r.toString());
        dev.jkeras.graph.Model m = dev.jkeras.load.KerasModels.load(JarCli.fixtureFile("conv_bn_pool", "keras3", "model.keras"));
        Map<String, Tensor> a = BenchCommand.random(m, 2, 7, dev.jkeras.load.LoadLimits.DEFAULTS);
        Map<String, Tensor> b = BenchCommand.random(m, 2, 7, dev.jkeras.load.LoadLimits.DEFAULTS);
        assertArrayEquals(a.get("image").data(), b.get("image").data());
        for (float v : a.get("image").data()) assertTrue(v >= 0 && v < 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "str_lookup       | --batch=1      | takes strings, which bench does not make up: give -i FILE",
            "state_stream     | --batch=1      | is open, so bench cannot choose it; give -i FILE",
            "mlp              | --batch=0      | --batch must be at least 1",
            "mlp              | --threads=0    | --threads must be at least 1",
            "mlp              | --warmup=soon  | --warmup soon: expected a count of calls (20) or a time (2s, 500ms)",
            "mlp              | --duration=15  | --duration 15: give a time (10s, 500ms); to time a count of calls use --iterations",
            "mlp              | --warmup=1.5   | --warmup 1.5: a count of calls is a whole number",
            "mlp              | --iterations=0 | --iterations must be at least 1",
            "mlp              | --batch=400000000 | makes input 'x' 2800000000 elements, more than the limit"})
    void refusals(String fixture, String option, String message) {
        CliTest.Result r = bench(JarCli.fixtureFile(fixture, "keras3", "model.keras"), option);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("jkeras: ") && r.err().contains(message), r.err());
        assertEquals("", r.out());
    }

    @Test
    void iterationsOrDuration() {
        CliTest.Result r = bench(JarCli.fixtureFile("mlp", "keras3", "model.keras"), "-n", "3", "--duration", "1s");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("give --iterations or --duration, not both"), r.err());
    }

    @Test
    void budgets() {
        assertEquals(new BenchCommand.Budget(20, -1), BenchCommand.Budget.parse("--warmup", "20"));
        assertEquals(new BenchCommand.Budget(-1, 2_000_000_000L), BenchCommand.Budget.parse("--warmup", "2s"));
        assertEquals(new BenchCommand.Budget(-1, 500_000_000L), BenchCommand.Budget.parse("--warmup", "500ms"));
        assertEquals(new BenchCommand.Budget(-1, 1_500_000_000L), BenchCommand.Budget.parse("--warmup", "1.5s"));
        BenchCommand.Report r = new BenchCommand.Report("m", "3", true, 0, new LinkedHashMap<>(), 1, 1, true, "17",
                0, 0, 0, 0, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 55);
        assertEquals(5, r.percentile(50));
        assertEquals(9, r.percentile(90));
        assertEquals(10, r.percentile(99));
    }
}
