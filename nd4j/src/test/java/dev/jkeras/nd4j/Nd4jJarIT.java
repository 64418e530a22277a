package dev.jkeras.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The packaged jkeras-nd4j jar (integration-test phase, after package): a named module, with its classes and nothing of ND4J's or SLF4J's. */
class Nd4jJarIT {
    @Test
    void jarIsTheModuleDevJkerasNd4jAndBundlesNoDependency() throws IOException {
        Path jar;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().matches("jkeras-nd4j-[^-]+(-SNAPSHOT)?\\.jar")).toList();
            assertEquals(1, jars.size(), "jkeras-nd4j jars in target/: " + jars);
            jar = jars.get(0);
        }
        Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
        assertEquals(1, found.size(), jar.toString());
        assertEquals("dev.jkeras.nd4j", found.iterator().next().descriptor().name());
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertNotNull(z.getEntry("dev/jkeras/nd4j/Nd4jModel.class"));
            assertFalse(z.stream().anyMatch(e -> e.getName().startsWith("org/")), jar + " bundles third-party classes");
        }
    }
}
