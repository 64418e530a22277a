package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.load.LoadLimits;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, defects 3, 5, 10 at the CLI: .npz through the one zip reader, the limits as options, the exit codes. */
class ArchiveLimitsCliTest {
    static final Path HOSTILE = CliTest.ROOT.resolve("testdata/hostile");
    static final String MODEL = CliTest.FIXTURES.resolve("act_layers/keras3/model.keras").toString();

    @TempDir
    Path tmp;

    @Test
    void npzMembersAreSizedFromTheirBytesNotTheirHeaders() {
        InputException e = assertThrows(InputException.class, () -> NpyIO.readNpz(HOSTILE.resolve("npz_huge_claim.npz")));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        e = assertThrows(InputException.class, () -> NpyIO.readNpz(HOSTILE.resolve("npz_bomb.npz")));
        assertTrue(e.getMessage().contains("(100000000,)") && e.getMessage().contains("decompression bomb"), e.getMessage());
        e = assertThrows(InputException.class, () -> NpyIO.readNpz(HOSTILE.resolve("npz_duplicate.npz")));
        assertTrue(e.getMessage().contains("member 'x.npy' twice"), e.getMessage());
        e = assertThrows(InputException.class, () -> NpyIO.readNpz(HOSTILE.resolve("npz_local_name_mismatch.npz")));
        assertTrue(e.getMessage().contains("local header"), e.getMessage());
    }

    @Test
    void npzStillReadsStoredAndDeflatedArraysAndHonoursTheElementLimit() throws IOException {
        Map<String, Tensor> arrays = Map.of("a", Tensor.of(dev.jkeras.tensor.Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6}));
        for (boolean compressed : new boolean[] {false, true}) {
            Path f = tmp.resolve("a" + compressed + ".npz");
            NpyIO.writeNpz(f, arrays, compressed);
            assertEquals(6, NpyIO.readNpz(f).get("a").data().length);
            InputException e = assertThrows(InputException.class, () -> NpyIO.readNpz(f, LoadLimits.DEFAULTS.withMaxTensorElements(5)));
            assertTrue(e.getMessage().contains("maxTensorElements"), e.getMessage());
        }
    }

    @Test
    void hostileFilesGiveTheirExitCodes() {
        CliTest.Result r = CliTest.run("predict", HOSTILE.resolve("keras_duplicate_weights.keras").toString(), "-i", "x.npy");
        assertEquals(Main.MODEL, r.code(), r.err());
        assertTrue(r.err().contains("model.weights.h5"), r.err());
        r = CliTest.run("summary", HOSTILE.resolve("keras_config_bomb.keras").toString());
        assertEquals(Main.MODEL, r.code(), r.err());
        r = CliTest.run("summary", HOSTILE.resolve("h5_unwritten_huge_kernel.h5").toString());
        assertEquals(Main.MODEL, r.code(), r.err());
        for (String npz : new String[] {"npz_huge_claim.npz", "npz_bomb.npz", "npz_duplicate.npz", "npz_local_name_mismatch.npz"}) {
            r = CliTest.run("predict", MODEL, "-i", HOSTILE.resolve(npz).toString());
            assertEquals(Main.USAGE, r.code(), npz + ": " + r.err());
            assertTrue(r.err().startsWith("jkeras: ") && !r.err().contains("internal error"), r.err());
        }
    }

    @Test
    void limitsAreCliOptions() {
        CliTest.Result r = CliTest.run("summary", MODEL, "--max-config-bytes", "100");
        assertEquals(Main.MODEL, r.code(), r.err());
        assertTrue(r.err().contains("--max-config-bytes"), r.err());
        r = CliTest.run("summary", MODEL, "--max-json-depth", "0");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertEquals(Main.OK, CliTest.run("summary", MODEL, "--max-expansion", "1000").code());
    }

    @Test
    void maxTensorElementsReachesIntermediateTensors() throws IOException {
        Path model = tmp.resolve("repeat.json");
        java.nio.file.Files.writeString(model, """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "x"}},
                  {"module": "keras.layers", "class_name": "RepeatVector", "config": {"name": "rv", "n": 1000}}]},
                 "keras_version": "3.15.1", "backend": "jax"}
                """);
        Path x = tmp.resolve("x.npy");
        NpyIO.writeNpy(x, Tensor.of(dev.jkeras.tensor.Shape.of(3, 4), new float[12]));
        Path out = tmp.resolve("y.npy");
        CliTest.Result r = CliTest.run("predict", model.toString(), "-i", x.toString(), "-o", out.toString(), "--max-tensor-elements", "12000");
        assertEquals(0, r.code(), r.err());
        r = CliTest.run("predict", model.toString(), "-i", x.toString(), "-o", out.toString(), "--max-tensor-elements", "11999");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("a batch of 3 samples") && r.err().contains("layer 'rv' (RepeatVector)") && r.err().contains("11999"), r.err());
        r = CliTest.run("predict", model.toString(), "-i", x.toString(), "-o", out.toString(), "--max-tensor-elements", "3999");
        assertEquals(Main.MODEL, r.code(), r.err());
        assertTrue(r.err().contains("4000 elements for one sample"), r.err());
    }
}
