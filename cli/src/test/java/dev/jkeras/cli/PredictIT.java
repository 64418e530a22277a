package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** predict's batches, input kinds and output kinds, run from the shaded jar on every format of the fixtures. */
class PredictIT {
    static final Path INPUTS = JarCli.ROOT.resolve("testdata/cli-inputs");

    @TempDir
    Path tmp;

    private static List<String> args(List<String> model, Object... rest) {
        List<String> a = new ArrayList<>(List.of("predict"));
        a.addAll(model);
        for (Object o : rest) a.add(o.toString());
        return a;
    }

    private static JarCli.Result ok(List<String> args) {
        JarCli.Result r = JarCli.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    /** Batches of one sample, to .npz, .npy, .json and .csv, equal Keras's outputs in every format and both writers. */
    @ParameterizedTest
    @ValueSource(strings = {"mlp/keras3", "mlp/tfkeras", "functional_multi/keras3", "functional_multi/tfkeras", "conv_2d/keras3"})
    void batchesOfOneInEveryFormat(String fixture) throws IOException {
        String name = fixture.split("/")[0], writer = fixture.split("/")[1];
        Path inputs = JarCli.fixtureFile(name, writer, "inputs.npz");
        Map<String, Tensor> keras = NpyIO.readNpz(JarCli.fixtureFile(name, writer, "outputs.npz"));
        for (List<String> model : JarCli.formats(name, writer)) {
            Path npz = tmp.resolve("y.npz"), json = tmp.resolve("y.json"), csv = tmp.resolve("y.csv");
            ok(args(model, "-i", inputs, "-b", 1, "-o", npz));
            Map<String, Tensor> got = NpyIO.readNpz(npz);
            for (String k : keras.keySet()) CliTest.assertClose(keras.get(k), got.get(k), model + " " + k);
            ok(args(model, "-i", inputs, "-b", 1, "-o", json));
            Map<String, Tensor> fromJson = NpyIO.readJson(json).named();
            for (String k : keras.keySet()) CliTest.assertClose(keras.get(k), fromJson.get(k), model + " json " + k);
            ok(args(model, "-i", inputs, "-b", 1, "-o", csv, "--no-progress"));
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertEquals(keras.values().iterator().next().dim(0) + 1, lines.size(), "a header and one line per sample");
            int cols = 0;
            for (Tensor t : keras.values()) cols += t.shape().sizeFrom(1);
            List<List<String>> cells = CsvIO.parse(new java.io.StringReader(Files.readString(csv)), "y.csv");
            assertEquals(cols, cells.get(0).size(), "all outputs side by side (names with commas are quoted)");
            for (List<String> row : cells) assertEquals(cols, row.size());
            if (keras.size() == 1) {
                Path npy = tmp.resolve("y.npy");
                ok(args(model, "-i", inputs, "-b", 1, "-o", npy));
                CliTest.assertClose(keras.values().iterator().next(), NpyIO.readNpy(npy), model + " npy");
            }
        }
    }

    /** -i - reads .npy, .npz and JSON from standard input; --format csv writes CSV to standard output; no progress bar when piped. */
    @Test
    void standardInputAndOutput() throws IOException {
        Path inputs = JarCli.fixtureFile("mlp", "keras3", "inputs.npz");
        Tensor want = NpyIO.readNpz(JarCli.fixtureFile("mlp", "keras3", "outputs.npz")).values().iterator().next();
        Tensor x = NpyIO.readNpz(inputs).values().iterator().next();
        Path npy = tmp.resolve("x.npy"), json = tmp.resolve("x.json");
        NpyIO.writeNpy(npy, x);
        Files.writeString(json, NpyIO.toJson(Map.of("x", x)));
        for (Path in : List.of(npy, inputs, json)) {
            for (List<String> model : JarCli.formats("mlp", "keras3")) {
                List<String> a = args(model, "-i", "-", "-o", "-", "-b", 1);
                JarCli.Result r = JarCli.run(Files.readAllBytes(in), a.toArray(new String[0]));
                assertEquals(0, r.code(), in + " " + r);
                assertEquals("", r.err(), "nothing on stderr when it is not a terminal");
                Path out = tmp.resolve("out.json");
                Files.writeString(out, r.out());
                CliTest.assertClose(want, NpyIO.readJson(out).named().values().iterator().next(), in.toString());
            }
        }
        JarCli.Result r = JarCli.run(Files.readAllBytes(npy), "predict", JarCli.fixtureFile("mlp", "keras3", "model.keras").toString(),
                "-i", "-", "--format", "csv");
        assertEquals(0, r.code(), r.toString());
        assertEquals(want.dim(0) + 1, r.out().split("\n").length, r.out());
        assertTrue(r.out().startsWith("dense_3[0],"), r.out());
    }

    /** CSV input (header detected) through every format. */
    @Test
    void csvInput() throws IOException {
        Tensor want = NpyIO.readNpz(JarCli.fixtureFile("mlp", "keras3", "outputs.npz")).values().iterator().next();
        for (List<String> model : JarCli.formats("mlp", "keras3")) {
            Path out = tmp.resolve("y.npy");
            ok(args(model, "-i", INPUTS.resolve("mlp_rows.csv"), "-o", out));
            CliTest.assertClose(want, NpyIO.readNpy(out), model.toString());
        }
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, Files.readString(INPUTS.resolve("mlp_rows.csv")).replaceFirst("\n(-?[0-9.e-]+),", "\nabc,"));
        JarCli.Result r = JarCli.run("predict", JarCli.fixtureFile("mlp", "keras3", "model.keras").toString(), "-i", bad.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("row 2, column 1: 'abc' is not a number"), r.err());
    }

    /** Images: a directory (sorted names, every PNG colour type and a BMP), resized files, a grayscale model, --scale/--offset. */
    @Test
    void images() throws IOException {
        Map<String, Tensor> keras = NpyIO.readNpz(INPUTS.resolve("expected.npz"));
        for (String writer : List.of("keras3")) {
            for (List<String> model : JarCli.formats("cli_image_rgb", writer)) {
                Path out = tmp.resolve("y.npy");
                JarCli.Result r = ok(args(model, "-i", INPUTS.resolve("rgb_set"), "-o", out, "-b", 4, "--verbose"));
                assertTrue(r.err().contains("Rescaling layer (rescale), which takes raw 0..255 pixels"), r.err());
                assertTrue(r.err().matches("(?s).*6 samples in 2 batches of up to 4: read [0-9.]+ ms, predicted [0-9.]+ ms.*"), r.err());
                CliTest.assertClose(keras.get("rgb_set"), NpyIO.readNpy(out), model + " rgb_set");
                ok(args(model, "-i", INPUTS.resolve("rgb_set"), "-o", out, "--scale", "1/127.5", "--offset", "-1"));
                CliTest.assertClose(keras.get("rgb_set_scaled"), NpyIO.readNpy(out), model + " scaled");
                ok(args(model, "-i", INPUTS.resolve("odd_30x40.png"), "-i", INPUTS.resolve("odd_45x21.png"), "--resize", "-o", out));
                CliTest.assertClose(keras.get("odd_resized"), NpyIO.readNpy(out), model + " resized");
                ok(args(model, "-i", INPUTS.resolve("photo.jpg"), "-o", out));
                Tensor jpeg = NpyIO.readNpy(out), want = keras.get("photo");
                for (int i = 0; i < want.size(); i++) {
                    assertTrue(Math.abs(jpeg.data()[i] - want.data()[i]) < 0.02, "JPEG: close to PIL's decoding, not exact");
                }
                JarCli.Result refused = JarCli.run(args(model, "-i", INPUTS.resolve("odd_30x40.png")).toArray(new String[0]));
                assertEquals(2, refused.code(), refused.toString());
                assertTrue(refused.err().contains("the image is 30x40 (height x width), but model input 'image' takes 32x32; pass --resize"),
                        refused.err());
            }
            for (List<String> model : JarCli.formats("cli_image_gray", writer)) {
                Path out = tmp.resolve("g.npy");
                ok(args(model, "-i", INPUTS.resolve("gray_set"), "-o", out));
                CliTest.assertClose(keras.get("gray_set"), NpyIO.readNpy(out), model + " gray");
            }
        }
    }

    /** --output-layer returns intermediate outputs (loaded unfolded, so a Conv followed by its activation layer still has its own). */
    @Test
    void outputLayers() throws IOException {
        for (List<String> model : JarCli.formats("cli_image_rgb", "keras3")) {
            Path out = tmp.resolve("acts.npz");
            ok(args(model, "-i", INPUTS.resolve("rgb_set"), "--output-layer", "gap", "--output-layer", "probs", "-o", out, "-b", 2));
            Map<String, Tensor> got = NpyIO.readNpz(out);
            assertEquals(List.of("gap", "probs"), new ArrayList<>(got.keySet()));
            assertEquals(dev.jkeras.tensor.Shape.of(6, 4), got.get("gap").shape());
            CliTest.assertClose(NpyIO.readNpz(INPUTS.resolve("expected.npz")).get("rgb_set"), got.get("probs"), model + " probs");
            JarCli.Result r = JarCli.run(args(model, "-i", INPUTS.resolve("rgb_set"), "--output-layer", "nope").toArray(new String[0]));
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("nope"), r.err());
        }
    }

    /** A run that fails after some batches were written (a bad value in the last rows) leaves no partial output file. */
    @Test
    void failedRunLeavesNoOutput() throws IOException {
        Path bad = tmp.resolve("bad.npy");
        float[] data = new float[40 * 7];
        data[data.length - 1] = 1 << 25; // an int64 beyond 2^24: refused when its batch is read
        try (var o = Files.newOutputStream(bad)) {
            NpyIO.writeNpy(o, Tensor.of(dev.jkeras.tensor.Shape.of(40, 7), data), NpyIO.DType.INT64, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        for (String ext : List.of("csv", "npy", "npz", "json")) {
            Path out = tmp.resolve("y." + ext);
            JarCli.Result r = JarCli.run("predict", JarCli.fixtureFile("mlp", "keras3", "model.keras").toString(), "-i", bad.toString(),
                    "-o", out.toString(), "-b", "4");
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("element [39, 6] = 33554432"), r.err());
            assertFalse(Files.exists(out), "no partial " + ext);
            try (var s = Files.list(tmp)) {
                assertEquals(0, s.filter(p -> p.getFileName().toString().contains(".part")).count(), "temp files removed");
            }
        }
    }
}
