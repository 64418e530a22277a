package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jkeras bench} from the shaded jar, on every format: it runs, reports, and runs on the Vector API kernels. */
class BenchIT {
    @ParameterizedTest
    @CsvSource({"conv_bn_pool, keras3", "conv_bn_pool, tfkeras", "embedding_lstm, keras3", "embedding_lstm, tfkeras"})
    void benchesEveryFormatOnTheVectorApi(String name, String writer) throws IOException {
        for (List<String> model : JarCli.formats(name, writer)) {
            List<String> a = new ArrayList<>(List.of("bench"));
            a.addAll(model);
            a.addAll(List.of("--batch", "4", "--threads", "2", "--warmup", "3", "--iterations", "5", "--json"));
            JarCli.Result r = JarCli.run(a.toArray(String[]::new));
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            JsonNode j = CliTest.JSON.readTree(r.out());
            assertTrue(j.get("vector_api").asBoolean(), "the jar relaunches itself with the Vector API: " + r.out());
            assertEquals(5, j.get("calls").asInt());
            assertEquals(4, j.get("batch").asInt());
            assertTrue(j.get("latency_ms").get("p50").asDouble() > 0 && j.get("throughput_samples_per_s").asDouble() > 0, r.out());
        }
    }

    @Test
    void textReportWithFileInputsAndVerboseTimings() {
        JarCli.Result r = JarCli.run("bench", JarCli.fixtureFile("functional_multi", "tfkeras", "model.h5").toString(), "-i",
                JarCli.fixtureFile("functional_multi", "tfkeras", "inputs.npz").toString(), "--warmup", "100ms", "--duration", "200ms", "--verbose");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("inputs:     'a' (2, 5), 'b' (2, 5), from -i"), r.out());
        assertTrue(r.out().contains("kernels:    Vector API (jdk.incubator.vector)"), r.out());
        assertTrue(r.out().contains("throughput: ") && r.out().contains("samples/s (batch 2)"), r.out());
        assertTrue(r.err().contains("jkeras: loaded in ") && r.err().contains("jkeras: timed "), r.err());
    }

    @Test
    void stringInputsAreRefused() {
        JarCli.Result r = JarCli.run("bench", JarCli.fixtureFile("str_lookup", "tfkeras", "model.h5").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("jkeras: input '") && r.err().contains("takes strings"), r.err());
    }
}
