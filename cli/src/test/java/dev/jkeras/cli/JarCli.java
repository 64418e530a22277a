// Runs the packaged cli/target/jkeras.jar in a child JVM, as a user would, for the *IT tests (integration-test phase),
// and lists a fixture's model in every format it was saved in.
package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shaded jar run as {@code java -jar jkeras.jar ARGS}: exit code, stdout and stderr. */
final class JarCli {
    static final Path ROOT = CliTest.repoRoot();
    static final Path JAR = ROOT.resolve("cli/target/jkeras.jar");

    private JarCli() {}

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the jar with {@code args}, feeding {@code stdin} (may be null), killed after 120 s. */
    static Result run(byte[] stdin, String... args) {
        if (!Files.isRegularFile(JAR)) fail(JAR + " is missing: the *IT tests run after mvn package");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("jarcli-", ".out"), err = Files.createTempFile("jarcli-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                Process p = pb.start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) in.write(stdin);
                }
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("jkeras " + String.join(" ", args) + " did not finish in 120 s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result run(String... args) {
        return run(null, args);
    }

    /**
     * The model of fixture {@code name} as the CLI takes it, once per format the fixture holds: each element is the
     * CLI's leading arguments ({@code model.keras}; {@code model.h5}; {@code model.json --weights W}).
     */
    static List<List<String>> formats(String name, String writer) {
        Path dir = ROOT.resolve("testdata/fixtures").resolve(name).resolve(writer);
        if (!Files.isDirectory(dir)) fail("missing fixture " + dir + " (see testdata/README.md to regenerate)");
        List<List<String>> l = new ArrayList<>();
        if (Files.exists(dir.resolve("model.keras"))) l.add(List.of(dir.resolve("model.keras").toString()));
        if (Files.exists(dir.resolve("model.h5"))) l.add(List.of(dir.resolve("model.h5").toString()));
        for (String w : List.of("model.weights.h5", "model_weights.h5")) {
            if (Files.exists(dir.resolve("model.json")) && Files.exists(dir.resolve(w))) {
                l.add(List.of(dir.resolve("model.json").toString(), "--weights", dir.resolve(w).toString()));
            }
        }
        return l;
    }

    /** A file of fixture {@code name} written by {@code writer} (keras3, tfkeras, ...). */
    static Path fixtureFile(String name, String writer, String file) {
        Path p = ROOT.resolve("testdata/fixtures").resolve(name).resolve(writer).resolve(file);
        if (!Files.exists(p)) fail("missing fixture " + p + " (see testdata/README.md to regenerate)");
        return p;
    }
}
