package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.error.KerasException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model file in {@code testdata/hostile/} (see {@code expectations.json}) fails with exactly the expected
 * {@link KerasException} subclass, at load or at predict, within seconds. Input files (entries with a "model")
 * belong to the CLI's reader and are run by the cli module's HostileFilesCliTest.
 */
class HostileFilesTest {
    static final Path TESTDATA = testdata();
    static final Path HOSTILE = TESTDATA.resolve("hostile");

    static Stream<Arguments> entries() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : expectations().entrySet()) {
            Map<String, Object> spec = Json.asMap(e.getValue());
            if (spec.containsKey("model")) continue;
            out.add(Arguments.of(e.getKey(), spec));
        }
        return out.stream();
    }

    /** expectations.json's "files": name -> {"error", "exit", "why", optional "config" or "model"}. */
    static Map<String, Object> expectations() throws IOException {
        Path f = HOSTILE.resolve("expectations.json");
        return Json.asMap(Json.parseObject(Files.readString(f), f.toString()).get("files"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void failsWithTheExpectedError(String name, Map<String, Object> spec) {
        Path file = HOSTILE.resolve(name);
        String want = (String) spec.get("error");
        KerasException got = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(file, spec));
        assertNotNull(got, name + " loaded and ran; expected " + want + " (" + spec.get("why") + ")");
        assertEquals(want, got.getClass().getSimpleName(), name + ": " + got);
        assertNotNull(got.getMessage(), name);
    }

    @Test
    void everyHostileFileHasAnExpectation() throws IOException {
        Map<String, Object> files = expectations();
        try (Stream<Path> s = Files.list(HOSTILE)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("expectations.json") && !n.endsWith(".py") && !n.endsWith(".md"))
                    .forEach(n -> { if (!files.containsKey(n)) fail("testdata/hostile/" + n + " has no entry in expectations.json"); });
        }
        for (String n : files.keySet()) {
            if (!Files.exists(HOSTILE.resolve(n))) fail("expectations.json names a missing file " + n);
        }
    }

    /** Loads (and, when that succeeds, predicts on zeros); returns the KerasException, null if all went well. */
    private static KerasException run(Path file, Map<String, Object> spec) {
        try {
            Model m = spec.containsKey("config") ? KerasModels.load(TESTDATA.resolve((String) spec.get("config")), file) : KerasModels.load(file);
            List<Tensor> xs = new ArrayList<>();
            for (Shape s : m.inputShapes()) {
                int[] dims = s.dims().clone();
                for (int d = 0; d < dims.length; d++) if (dims[d] < 0) dims[d] = 1;
                xs.add(Tensor.zeros(Shape.of(dims)));
            }
            m.predict(xs);
            return null;
        } catch (KerasException e) {
            return e;
        }
    }

    private static Path testdata() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata"))) return p.resolve("testdata");
        }
        throw new IllegalStateException("no testdata/ above " + Path.of("").toAbsolutePath());
    }
}
