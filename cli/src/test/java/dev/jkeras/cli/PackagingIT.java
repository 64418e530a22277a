package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the packaged jars (runs after {@code package}, in the cli module's integration-test phase): each one is
 * usable on a module path under its declared name, carries LICENSE and NOTICE, comes with sources and Javadoc jars;
 * only the application jar binds SLF4J; jkeras.jar holds no native code and stays small.
 */
class PackagingIT {
    static final Path ROOT = CliTest.repoRoot();
    static final String SLF4J_SERVICES = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    /** jkeras.jar was 3.4 MB once lz4-java's natives (0.8 MB) were left out; the bound leaves room for growth, not for natives. */
    static final long MAX_APPLICATION_JAR_BYTES = 4_500_000;

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

    /** Libraries leave output to the application: core never logs, keras-import logs through the SLF4J API only. */
    @ParameterizedTest
    @ValueSource(strings = {"core", "keras-import"})
    void librariesNeitherPrintNorUseOtherLoggers(String module) throws IOException {
        Pattern printing = Pattern.compile("System\\.(out|err)\\b|java\\.util\\.logging|System\\.getLogger|printStackTrace\\(\\)"
                + (module.equals("core") ? "|org\\.slf4j" : ""));
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (printing.matcher(lines.get(i)).find()) found.add(ROOT.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jkeras-core-", "jkeras-keras-import-"})
    void libraryJarsCarryNoBinding(String prefix) throws IOException {
        Path jar = jar(prefix.contains("core") ? "core" : "keras-import", prefix);
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertFalse(z.stream().anyMatch(e -> e.getName().startsWith("org/slf4j/")), jar + " bundles SLF4J classes");
        }
    }

    @Test
    void applicationJarBindsSlf4jToItsOwnProvider() throws IOException {
        try (ZipFile z = new ZipFile(jar("cli", "jkeras.jar").toFile())) {
            ZipEntry services = z.getEntry(SLF4J_SERVICES);
            assertNotNull(services, "jkeras.jar lacks " + SLF4J_SERVICES);
            assertEquals("dev.jkeras.cli.CliLogging", new String(z.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8).strip());
            assertNotNull(z.getEntry("dev/jkeras/cli/CliLogging.class"));
        }
        // the plain jkeras-cli jar (a Maven artifact others could depend on) registers no binding
        try (ZipFile z = new ZipFile(jar("cli", "jkeras-cli-").toFile())) {
            assertNull(z.getEntry(SLF4J_SERVICES));
        }
    }

    @Test
    void applicationJarHoldsNoNativeCodeAndStaysSmall() throws IOException {
        Path jar = jar("cli", "jkeras.jar");
        try (ZipFile z = new ZipFile(jar.toFile())) {
            List<String> natives = z.stream().map(ZipEntry::getName).filter(n -> n.matches("(?i).*\\.(so|dylib|jnilib|dll)")).toList();
            assertEquals(List.of(), natives, "native libraries in jkeras.jar");
            long size = Files.size(jar);
            assertTrue(size < MAX_APPLICATION_JAR_BYTES, jar + " is " + size + " bytes (bound " + MAX_APPLICATION_JAR_BYTES
                    + "); largest entries: " + z.stream().sorted(Comparator.comparingLong(ZipEntry::getCompressedSize).reversed())
                            .limit(8).map(e -> e.getName() + " " + e.getCompressedSize()).toList());
        }
    }

    @ParameterizedTest
    @CsvSource({"core, jkeras-core-", "keras-import, jkeras-keras-import-", "cli, jkeras-cli-", "cli, jkeras.jar"})
    void everyJarCarriesLicenseAndNotice(String module, String prefix) throws IOException {
        List<Path> jars = new ArrayList<>(List.of(jar(module, prefix)));
        if (!prefix.endsWith(".jar")) {
            jars.add(jar(module, prefix, "-sources.jar"));
            jars.add(jar(module, prefix, "-javadoc.jar"));
        }
        for (Path jar : jars) {
            try (ZipFile z = new ZipFile(jar.toFile())) {
                String license = text(z, "META-INF/LICENSE", jar);
                assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004")
                        && license.contains("END OF TERMS AND CONDITIONS"), jar + ": META-INF/LICENSE is not the Apache-2.0 text");
                assertTrue(text(z, "META-INF/NOTICE", jar).contains("The jkeras authors"), jar + ": META-INF/NOTICE lacks jkeras's notice");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"core, jkeras-core-, dev/jkeras/graph/Model", "keras-import, jkeras-keras-import-, dev/jkeras/load/KerasModels",
            "cli, jkeras-cli-, dev/jkeras/cli/Main"})
    void librariesShipSourcesAndJavadoc(String module, String prefix, String type) throws IOException {
        try (ZipFile z = new ZipFile(jar(module, prefix, "-sources.jar").toFile())) {
            assertNotNull(z.getEntry(type + ".java"), module + " sources jar lacks " + type + ".java");
        }
        try (ZipFile z = new ZipFile(jar(module, prefix, "-javadoc.jar").toFile())) {
            assertNotNull(z.getEntry("index.html"), module + " javadoc jar lacks index.html");
            assertNotNull(z.getEntry(type + ".html"), module + " javadoc jar lacks " + type + ".html");
        }
    }

    @Test
    void licenseAtTheRootIsApache2() throws IOException {
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        for (String tag : List.of("<url", "<licenses>", "<scm", "<developers>", "<name>Apache-2.0</name>")) {
            assertTrue(pom.contains(tag), "parent pom lacks " + tag);
        }
    }

    /** jhdf decodes LZ4 (HDF5 filter 32004) with lz4-java, whose natives jkeras.jar leaves out: the Java decoder must give the same weights. */
    @Test
    void applicationJarReadsLz4CompressedHdf5WithoutNatives() {
        Path lz4 = ROOT.resolve("testdata/packaging");
        Path inputs = JarCli.fixtureFile("mlp", "keras3", "inputs.npz");
        JarCli.Result want = JarCli.run("predict", JarCli.fixtureFile("mlp", "keras3", "model.h5").toString(), "-i", inputs.toString(), "-o", "-");
        assertEquals(0, want.code(), want.toString());
        List<List<String>> models = List.of(List.of(lz4.resolve("mlp_lz4.h5").toString()),
                List.of(JarCli.fixtureFile("mlp", "keras3", "model.json").toString(), "--weights", lz4.resolve("mlp_lz4.weights.h5").toString()));
        for (List<String> model : models) {
            List<String> args = new ArrayList<>(List.of("predict"));
            args.addAll(model);
            args.addAll(List.of("-i", inputs.toString(), "-o", "-"));
            JarCli.Result got = JarCli.run(args.toArray(String[]::new));
            assertEquals(0, got.code(), got.toString());
            assertEquals(want.out(), got.out(), String.join(" ", model));
            assertEquals("", got.err(), String.join(" ", model));
        }
    }

    /** keras-import logs its warnings through SLF4J; the CLI's binding prints them as one {@code jkeras: warning:} line. */
    @Test
    void applicationJarPrintsLibraryWarningsOnStderr(@TempDir Path tmp) throws IOException {
        Path preset = tmp.resolve("preset");
        Path src = JarCli.fixtureFile("hub_bert_backbone", "keras3", "preset");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) Files.copy(p, preset.resolve(src.relativize(p).toString()));
        }
        Path meta = preset.resolve("metadata.json");
        Files.writeString(meta, Files.readString(meta).replaceAll("\"keras_hub_version\":\\s*\"[^\"]*\"", "\"keras_hub_version\": \"0.1.0\""));
        JarCli.Result r = JarCli.run("summary", preset.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("jkeras: warning: ") && lines.get(0).contains("saved by KerasHub 0.1.0"), r.toString());
    }

    private static String text(ZipFile z, String entry, Path jar) throws IOException {
        ZipEntry e = z.getEntry(entry);
        assertNotNull(e, jar + " lacks " + entry);
        return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The module's {@code prefix*-kind} jar (sources, javadoc). */
    private static Path jar(String module, String prefix, String kind) {
        Path target = ROOT.resolve(module).resolve("target");
        try (Stream<Path> s = Files.list(target)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(kind)).toList();
            assertEquals(1, jars.size(), "jars " + prefix + "*" + kind + " in " + target + ": " + jars);
            return jars.get(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
