package dev.jkeras.nd4j;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ND4J is optional: it never enters core, keras-import or cli (their POMs, their sources, the CLI's jar). Needs no backend. */
class Nd4jStaysOutTest {
    static final Path ROOT = Nd4jModelTest.FIXTURES.getParent().getParent();

    @ParameterizedTest
    @ValueSource(strings = {"core", "keras-import", "cli"})
    void noModuleButThisOneUsesNd4j(String module) throws IOException {
        Path dir = ROOT.resolve(module);
        String pom = Files.readString(dir.resolve("pom.xml")).toLowerCase(Locale.ROOT);
        assertFalse(pom.contains("nd4j") || pom.contains("jkeras-nd4j") || pom.contains("org.bytedeco"), module + "/pom.xml names ND4J");
        List<Path> sources;
        try (Stream<Path> s = Files.walk(dir.resolve("src/main"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path p : sources) assertFalse(Files.readString(p).contains("org.nd4j"), p + " uses ND4J");
    }

    @Test
    void theCommandLineJarCarriesNoNd4j() throws IOException {
        Path jar = ROOT.resolve("cli/target/jkeras.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "cli/target/jkeras.jar not built in this run");
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertFalse(z.stream().anyMatch(e -> e.getName().startsWith("org/nd4j/") || e.getName().startsWith("org/bytedeco/")),
                    jar + " bundles ND4J classes");
        }
    }
}
