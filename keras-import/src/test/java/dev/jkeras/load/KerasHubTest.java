// KerasHub models: every hub_* fixture in each format it was saved in (.keras, preset directory, Functional JSON),
// with KerasHub-specific checks: refusals by name, the version pin, the saved preprocessor's config and assets.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jkeras.load.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class KerasHubTest {
    static List<Path> hubFixtures() throws IOException {
        Path root = FixtureTest.repoRoot().resolve("testdata/fixtures");
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("hub_")).map(p -> p.resolve("keras3")).sorted().toList();
        }
    }

    @TestFactory
    List<DynamicTest> everyHubFixtureInEveryFormat() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : hubFixtures()) {
            Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
            for (String format : FixtureTest.asMap(manifest.get("files")).keySet()) {
                String label = dir.getParent().getFileName() + " " + format;
                tests.add(DynamicTest.dynamicTest(label, () -> new FixtureTest().fixture(label, dir, format)));
            }
        }
        assertFalse(tests.isEmpty(), "no hub_* fixtures found");
        return tests;
    }
}
