package dev.jkeras.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged jars run as users run them: {@code java -jar serve/target/jkeras-server.jar serve ...}, SIGTERM to stop. */
class ServeIT {
    static final Path SERVER_JAR = Fixtures.ROOT.resolve("serve/target/jkeras-server.jar");
    static final Path LEAN_JAR = Fixtures.ROOT.resolve("cli/target/jkeras.jar");

    static ProcessBuilder java(Path jar, String... args) {
        if (!Files.isRegularFile(jar)) fail(jar + " is missing: the *IT tests run after mvn package");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return pb;
    }

    static String run(Path jar, int wantCode, String... args) throws Exception {
        Process p = java(jar, args).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(wantCode, p.exitValue(), out);
        return out;
    }

    @Test
    void serverJarServesBothProtocolsAndStopsOnSigterm() throws Exception {
        Process p = java(SERVER_JAR, "serve", Fixtures.file("mlp", "model.keras").toString(), Fixtures.file("functional_multi", "model.keras").toString(),
                "--name", "mlp", "--name", "multi", "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine(), second = out.readLine();
            assertTrue(first != null && first.startsWith("jkeras: serving mlp at http://127.0.0.1:"), String.valueOf(first));
            assertTrue(second != null && second.startsWith("jkeras: serving multi at http://127.0.0.1:"), String.valueOf(second));
            Matcher mt = Pattern.compile("at (http://\\S+)$").matcher(first);
            assertTrue(mt.find());
            URI base = URI.create(mt.group(1));

            Model m = Fixtures.model("mlp");
            Tensor x = Fixtures.inputs("mlp").get("x");
            Tensor want = m.predict(x);
            StringBuilder nested = new StringBuilder();
            ModelServerTest.nested(nested, x, dev.jkeras.tensor.DType.FLOAT32, x.shape().dims(), 0, 0);
            Fixtures.Reply v2 = Fixtures.post(base, "/v2/models/mlp/infer",
                    "{\"inputs\":[{\"name\":\"x\",\"shape\":" + ModelServerTest.dims(x.shape()) + ",\"datatype\":\"FP32\",\"data\":" + nested + "}]}");
            assertEquals(200, v2.status(), v2.body());
            ModelServerTest.assertSame("v2", want, ModelServerTest.flatten(v2.json().get("outputs").get(0).get("data")));
            ModelServerTest.assertClose("v2", Fixtures.outputs("mlp").get("dense_3"), ModelServerTest.flatten(v2.json().get("outputs").get(0).get("data")));
            Fixtures.Reply tf = Fixtures.post(base, "/v1/models/mlp:predict", "{\"instances\":" + nested + "}");
            assertEquals(200, tf.status(), tf.body());
            ModelServerTest.assertSame("tf", want, ModelServerTest.flatten(tf.json().get("predictions")));
            JsonNode meta = Fixtures.get(base, "/v2/models/multi").json();
            assertEquals(2, meta.get("inputs").size());
            Fixtures.Reply metrics = Fixtures.get(base, "/metrics");
            assertTrue(metrics.body().contains("jkeras_requests_total{model=\"mlp\",protocol=\"v2\",code=\"200\"} 1"), metrics.body());

            p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its stdout)
            StringBuilder rest = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) rest.append(line).append('\n');
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            assertTrue(rest.toString().contains("jkeras: stopped"), rest.toString());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void serverJarHasEveryCommandAndServeHelp() throws Exception {
        String help = run(SERVER_JAR, 0, "--help");
        assertTrue(help.contains("serve") && help.contains("predict") && help.contains("inspect"), help);
        String serveHelp = run(SERVER_JAR, 0, "serve", "--help");
        assertTrue(serveHelp.contains("--max-batch-size") && serveHelp.contains("--max-request-bytes"), serveHelp);
        String summary = run(SERVER_JAR, 0, "summary", Fixtures.file("mlp", "model.keras").toString());
        assertTrue(summary.contains("dense_3"), summary);
        String bad = run(SERVER_JAR, 2, "serve", "missing.keras");
        assertTrue(bad.startsWith("jkeras: model file not found: missing.keras"), bad);
    }

    @Test
    void leanJarPointsToTheServerJar() throws Exception {
        String out = run(LEAN_JAR, 2, "serve", "model.keras", "--port", "8080");
        assertEquals(1, out.strip().lines().count(), out);
        assertTrue(out.startsWith("jkeras: serve is not in this jkeras.jar"), out);
        assertTrue(out.contains("jkeras-server.jar"), out);
    }

    @Test
    void portInUseIsAUsageError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String out = run(SERVER_JAR, 2, "serve", Fixtures.file("mlp", "model.keras").toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertTrue(out.startsWith("jkeras: cannot listen on 127.0.0.1:" + taken.getLocalPort()), out);
        }
    }

}
