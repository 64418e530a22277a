package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code testdata/hostile/} through {@code jkeras predict}: the exit code of expectations.json and a
 * single {@code jkeras: ...} line on stderr. A model file is run on a zeros input; an input file (an entry with a
 * "model") is given to that model; a weights file (an entry with a "config") goes with --weights.
 */
class HostileFilesCliTest {
    static final Path TESTDATA = CliTest.ROOT.resolve("testdata");
    static final Path HOSTILE = TESTDATA.resolve("hostile");

    @TempDir
    Path tmp;

    static Stream<Arguments> entries() throws IOException {
        JsonNode files = new ObjectMapper().readTree(HOSTILE.resolve("expectations.json").toFile()).get("files");
        List<Arguments> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Arguments.of(e.getKey(), e.getValue()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void exitsWithTheExpectedCode(String name, JsonNode spec) throws IOException {
        Path file = HOSTILE.resolve(name);
        List<String> args = new ArrayList<>(List.of("predict"));
        if (spec.has("model")) {
            args.addAll(List.of(TESTDATA.resolve(spec.get("model").asText()).toString(), "-i", file.toString()));
        } else {
            Path zeros = tmp.resolve("zeros.npy");
            NpyIO.writeNpy(zeros, Tensor.zeros(1, 1));
            if (spec.has("config")) {
                args.addAll(List.of(TESTDATA.resolve(spec.get("config").asText()).toString(), "--weights", file.toString()));
            } else {
                args.add(file.toString());
            }
            args.addAll(List.of("-i", zeros.toString()));
        }
        args.addAll(List.of("-o", tmp.resolve("out.npy").toString()));
        CliTest.Result r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliTest.run(args.toArray(String[]::new)));
        assertEquals(spec.get("exit").asInt(), r.code(), name + " (" + spec.get("why").asText() + "): " + r);
        String err = r.err().strip();
        assertTrue(err.startsWith("jkeras: ") && !err.contains("\n"), name + ": stderr should be one 'jkeras: ' line: " + r);
        assertTrue(!err.contains("internal error"), name + ": " + r);
    }
}
