package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jkeras verify} from the shaded jar, on every format of fixtures written by Keras 3 and tf_keras. */
class VerifyIT {
    static final Path VERIFY = JarCli.ROOT.resolve("testdata/verify");

    @TempDir
    Path tmp;

    private static List<String> args(List<String> model, String... more) {
        List<String> a = new ArrayList<>(List.of("verify"));
        a.addAll(model);
        a.addAll(List.of(more));
        return a;
    }

    @ParameterizedTest
    @CsvSource({"mlp, keras3", "mlp, tfkeras", "functional_multi, keras3", "functional_multi, tfkeras", "conv_bn_pool, keras3",
            "conv_bn_pool, tfkeras", "embedding_lstm, keras3", "embedding_lstm, tfkeras"})
    void kerasOutputsAndLayersMatchInEveryFormat(String name, String writer) {
        Path acts = VERIFY.resolve(name).resolve(writer).resolve("acts.npz");
        for (List<String> model : JarCli.formats(name, writer)) {
            List<String> a = args(model, "-i", JarCli.fixtureFile(name, writer, "inputs.npz").toString(),
                    "--expected", JarCli.fixtureFile(name, writer, "outputs.npz").toString());
            if (Files.exists(acts)) a.addAll(List.of("--activations", acts.toString()));
            JarCli.Result r = JarCli.run(a.toArray(String[]::new));
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            String last = r.out().strip().substring(r.out().strip().lastIndexOf('\n') + 1);
            assertTrue(last.startsWith("PASS: ") && (!Files.exists(acts) || last.contains("layers within tolerance")), r.toString());
        }
    }

    @Test
    void divergenceExitsFourInEveryFormat() throws IOException {
        Map<String, Tensor> acts = new LinkedHashMap<>(NpyIO.readNpz(VERIFY.resolve("conv_bn_pool/tfkeras/acts.npz")));
        float[] d = acts.get("maxpool").data().clone();
        d[3] -= 0.5f;
        acts.put("maxpool", Tensor.of(acts.get("maxpool").shape(), d));
        Path bad = tmp.resolve("acts.npz");
        NpyIO.writeNpz(bad, acts);
        for (List<String> model : JarCli.formats("conv_bn_pool", "tfkeras")) {
            JarCli.Result r = JarCli.run(args(model, "-i", JarCli.fixtureFile("conv_bn_pool", "tfkeras", "inputs.npz").toString(),
                    "--expected", JarCli.fixtureFile("conv_bn_pool", "tfkeras", "outputs.npz").toString(), "--activations", bad.toString())
                    .toArray(String[]::new));
            assertEquals(4, r.code(), r.toString());
            assertTrue(r.out().contains("first layer out of tolerance: 'maxpool' (MaxPooling2D); last layer that matched: 'conv_dil' (Conv2D)"),
                    r.toString());
            assertTrue(r.out().strip().endsWith("FAIL: 1 output within tolerance; layers diverge at 'maxpool'"), r.toString());
        }
    }

    @Test
    void inputErrorsExitTwo() throws IOException {
        Path y = tmp.resolve("y.npy");
        NpyIO.writeNpy(y, Tensor.zeros(2, 4));
        List<String> model = JarCli.formats("mlp", "keras3").get(0);
        JarCli.Result r = JarCli.run(args(model, "-i", JarCli.fixtureFile("mlp", "keras3", "inputs.npz").toString(), "--expected", y.toString(),
                "--json").toArray(String[]::new));
        assertEquals(2, r.code(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("jkeras: ") && r.err().contains("output 'dense_3' has shape (2, 4) there, but the model gives (2, 3)")
                && r.err().strip().lines().count() == 1, r.err());
    }

    @Test
    void helpStatesTheToleranceAndExitCodes() {
        JarCli.Result r = JarCli.run("verify", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("|got - want| <= ATOL + RTOL * |want|") && r.out().contains("ATOL = 1e-5, RTOL = 1e-4")
                && r.out().contains("NaN matches NaN") && r.out().contains("4 outputs (or layers) differ"), r.out());
    }
}
