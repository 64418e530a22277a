package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Keras 3 fixture with data, run through predict one sample per batch (-b 1) and all in one call (-b 0):
 * both match Keras, and the two agree bit for bit, or the CLI refuses to batch a model whose outputs mix samples.
 */
class BatchingTest {
    @TempDir
    Path tmp;

    static Stream<String> fixtures() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(CliTest.FIXTURES)) {
            for (Path dir : s.sorted().toList()) {
                Path m = dir.resolve("keras3/manifest.json");
                if (!Files.exists(m) || !Files.exists(dir.resolve("keras3/inputs.npz")) || !Files.exists(dir.resolve("keras3/model.keras"))) continue;
                JsonNode j = CliTest.JSON.readTree(m.toFile());
                if (j.has("refused") || j.path("no_data").asBoolean() || j.has("tolerance")) continue;
                out.add(dir.getFileName().toString());
            }
        }
        return out.stream();
    }

    /**
     * Models whose outputs mix the samples of a batch, in Keras too (its predict batches by 32 as well): Attention on
     * rank-2 inputs attends across the batch axis; MelSpectrogram's decibel scale is relative to the largest value of
     * the whole batch. Each is run whole and must match Keras; split, it differs, as Keras's own split would.
     */
    static final java.util.Set<String> BATCH_DEPENDENT = java.util.Set.of("attn_rank2", "mel_spectrogram");

    @ParameterizedTest
    @MethodSource("fixtures")
    void oneSamplePerBatchEqualsOneCall(String name) throws IOException {
        Path whole = tmp.resolve("whole.npz"), split = tmp.resolve("split.npz");
        CliTest.Result a = CliTest.run("predict", CliTest.fixture(name, "model.keras"), "-i", CliTest.fixture(name, "inputs.npz"), "-o", whole, "-b", "0");
        assertEquals(0, a.code(), a.toString());
        if (BATCH_DEPENDENT.contains(name)) {
            assertTrue(dev.jkeras.load.KerasModels.load(CliTest.fixture(name, "model.keras")).mixesSamples(),
                    name + " mixes the samples of a call: Model.mixesSamples() must say so (a model server then never merges its requests)");
            Map<String, Tensor> w = NpyIO.readNpz(whole), keras = NpyIO.readNpz(CliTest.fixture(name, "outputs.npz"));
            for (String k : keras.keySet()) close(keras.get(k), w.get(k), name + "/" + k);
            return;
        }
        CliTest.Result b = CliTest.run("predict", CliTest.fixture(name, "model.keras"), "-i", CliTest.fixture(name, "inputs.npz"), "-o", split, "-b", "1");
        if (b.code() == 2 && b.err().contains("depends on how the samples are batched")) return; // refused, as it must be
        assertEquals(0, b.code(), b.toString());
        Map<String, Tensor> w = NpyIO.readNpz(whole), s = NpyIO.readNpz(split);
        Map<String, Tensor> keras = NpyIO.readNpz(CliTest.fixture(name, "outputs.npz"));
        assertEquals(w.keySet(), s.keySet());
        for (String k : w.keySet()) {
            Tensor x = w.get(k), y = s.get(k);
            assertEquals(x.shape(), y.shape(), k);
            if (x.isString()) {
                assertTrue(java.util.Arrays.equals(x.strings(), y.strings()), k);
                continue;
            }
            for (int i = 0; i < x.size(); i++) {
                float p = x.data()[i], q = y.data()[i];
                assertTrue(Float.floatToIntBits(p) == Float.floatToIntBits(q) || Float.isNaN(p) && Float.isNaN(q),
                        name + "/" + k + "[" + i + "]: one call " + p + ", one sample per batch " + q);
            }
            if (keras.containsKey(k) && !keras.get(k).isString()) close(keras.get(k), y, name + "/" + k);
        }
    }

    private static void close(Tensor want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.size(); i++) {
            float w = want.data()[i], g = got.data()[i];
            assertTrue(w == g || Float.isNaN(w) && Float.isNaN(g) || Math.abs(g - w) <= 1e-5 + 1e-4 * Math.abs(w),
                    what + "[" + i + "]: Keras " + w + ", jkeras " + g);
        }
    }
}
