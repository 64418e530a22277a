package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the packaged jars (runs after {@code package}, in the cli module's integration-test phase): each one is
 * usable on a module path under its declared name, and only the application jar binds SLF4J.
 */
class PackagingIT {
    static final Path ROOT = CliTest.repoRoot();

    @ParameterizedTest
    @CsvSource({"core, jkeras-core-, dev.jkeras.core", "keras-import, jkeras-keras-import-, dev.jkeras.kerasimport",
            "cli, jkeras-cli-, dev.jkeras.cli", "cli, jkeras.jar, dev.jkeras.cli"})
    void jarDeclaresItsModuleName(String module, String prefix, String name) throws IOException {
        Path jar = jar(module, prefix);
        // ModuleFinder derives the descriptor as the module system would: it fails on an invalid name
        Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
        assertEquals(1, found.size(), jar.toString());
        assertEquals(name, found.iterator().next().descriptor().name(), jar.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", "keras-import"})
    void librariesForceNoLoggingBinding(String module) throws IOException {
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        Matcher m = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        while (m.find()) {
            String dep = m.group(1);
            if (dep.matches("(?s).*<artifactId>(slf4j-(nop|simple|jdk14|jdk-platform-logging|reload4j|log4j12)|logback-classic|log4j-slf4j2?-impl)</artifactId>.*")) {
                assertTrue(dep.contains("<scope>test</scope>"), module + " forces a logging binding on its users: " + dep.strip());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jkeras-core-", "jkeras-keras-import-"})
    void libraryJarsCarryNoBinding(String prefix) throws IOException {
        Path jar = jar(prefix.contains("core") ? "core" : "keras-import", prefix);
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertFalse(z.stream().anyMatch(e -> e.getName().startsWith("org/slf4j/")), jar + " bundles SLF4J classes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/slf4j/nop/NOPServiceProvider.class", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider"})
    void applicationJarBindsSlf4j(String entry) throws IOException {
        try (ZipFile z = new ZipFile(jar("cli", "jkeras.jar").toFile())) {
            assertNotNull(z.getEntry(entry), "jkeras.jar lacks " + entry);
        }
    }

    private static Path jar(String module, String prefix) throws IOException {
        Path target = ROOT.resolve(module).resolve("target");
        try (Stream<Path> s = Files.list(target)) {
            List<Path> jars = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".jar") && (prefix.endsWith(".jar") ? n.equals(prefix)
                        : n.startsWith(prefix) && !n.contains("-sources") && !n.contains("-javadoc") && !n.contains("-tests"));
            }).toList();
            assertEquals(1, jars.size(), "jars " + prefix + "* in " + target + ": " + jars);
            return jars.get(0);
        }
    }
}
