package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples, compiled exactly as written against the shaded jar and run: the scoring service on a
 * fixture, and the custom-layer plugin found through ServiceLoader by {@code jkeras predict} on a real Keras model
 * with that custom layer (testdata/api/make_custom_layer.py).
 */
class ReadmeExamplesIT {
    static final Path ROOT = CliTest.repoRoot();

    @TempDir
    Path tmp;

    static String example(String name) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("<!-- ReadmeExamplesTest: " + name + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no example marked " + name);
        return m.group(1);
    }

    private Path compile(String name) throws IOException {
        Path src = tmp.resolve("src").resolve(name + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, example(name));
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-Xlint:all", "-Werror", "-cp", JarCli.JAR.toString(),
                "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "the README's " + name + " example does not compile as written");
        return classes;
    }

    @Test
    void dependencyVersionIsTheProjectVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher v = Pattern.compile("<artifactId>jkeras-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(v.find());
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("<artifactId>jkeras-keras-import</artifactId>\n  <version>" + v.group(1) + "</version>"),
                "README's Maven dependency should give version " + v.group(1));
    }

    @Test
    void scoringServiceCompilesAndScores() throws Exception {
        Path classes = compile("Scorer");
        Map<String, Tensor> in = NpyIO.readNpz(JarCli.fixtureFile("mlp", "keras3", "inputs.npz"), dev.jkeras.load.LoadLimits.DEFAULTS);
        Map<String, Tensor> want = NpyIO.readNpz(JarCli.fixtureFile("mlp", "keras3", "outputs.npz"), dev.jkeras.load.LoadLimits.DEFAULTS);
        Tensor x = in.values().iterator().next(), y = want.values().iterator().next();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> c = cl.loadClass("Scorer");
            Object scorer = c.getConstructor(Path.class).newInstance(JarCli.fixtureFile("mlp", "keras3", "model.keras"));
            int w = x.size() / x.dim(0), k = y.size() / y.dim(0);
            for (int i = 0; i < x.dim(0); i++) {
                float[] got = (float[]) c.getMethod("score", float[].class).invoke(scorer, (Object) java.util.Arrays.copyOfRange(x.data(), i * w, i * w + w));
                for (int j = 0; j < k; j++) {
                    float e = y.data()[i * k + j];
                    assertTrue(Math.abs(got[j] - e) <= 1e-5 + 1e-4 * Math.abs(e), "sample " + i + " output " + j + ": " + got[j] + " vs Keras " + e);
                }
            }
        }
    }

    @Test
    void customLayerPluginIsFoundByServiceLoader() throws IOException {
        Path api = ROOT.resolve("testdata/api");
        Path model = api.resolve("custom_layer.keras");
        JarCli.Result without = JarCli.run("predict", model.toString(), "-i", api.resolve("custom_inputs.npy").toString());
        assertEquals(3, without.code(), without.toString());
        assertTrue(without.err().contains("'demo>Scale' is not supported"), without.toString());

        Path classes = compile("ScaleFactory");
        Path services = classes.resolve("META-INF/services/dev.jkeras.layer.LayerFactory");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "ScaleFactory\n");
        Path out = tmp.resolve("y.npy");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                JarCli.JAR + java.io.File.pathSeparator + classes, "dev.jkeras.cli.Main", "predict", model.toString(),
                "-i", api.resolve("custom_inputs.npy").toString(), "-o", out.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        try {
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(0, p.exitValue(), log);
        Tensor got = NpyIO.readNpy(out, dev.jkeras.load.LoadLimits.DEFAULTS);
        Tensor want = NpyIO.readNpy(api.resolve("custom_outputs.npy"), dev.jkeras.load.LoadLimits.DEFAULTS);
        assertEquals(want.shape(), got.shape());
        for (int i = 0; i < want.size(); i++) {
            float e = want.data()[i];
            assertTrue(Math.abs(got.data()[i] - e) <= 1e-5 + 1e-4 * Math.abs(e), i + ": " + got.data()[i] + " vs Keras " + e);
        }
    }
}
