// Streaming: feeding a Keras-generated fixture's sequences chunk by chunk through one ModelState gives Keras's
// one-call outputs (sequence outputs concatenated over the chunks, last-step outputs from the final chunk).
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.graph.ModelState;
import dev.jkeras.load.config.Json;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamingTest {
    /** Chunk lengths along time; the fixtures have 6 steps. */
    private static final int[] CHUNKS = {2, 1, 3};

    private record Fixture(Model model, List<Tensor> inputs, List<Tensor> outputs) {}

    private static Fixture fixture(String name, String writer, String format) throws IOException {
        Path dir = FixtureTest.repoRoot().resolve("testdata/fixtures").resolve(name).resolve(writer);
        Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
        Object file = FixtureTest.asMap(manifest.get("files")).get(format);
        Model m = file instanceof List<?> p ? KerasModels.load(dir.resolve(p.get(0).toString()), dir.resolve(p.get(1).toString()))
                : KerasModels.load(dir.resolve(file.toString()));
        Map<String, Tensor> in = Npy.readNpz(dir.resolve("inputs.npz"));
        Map<String, Tensor> out = Npy.readNpz(dir.resolve("outputs.npz"));
        List<Tensor> ins = new ArrayList<>(), outs = new ArrayList<>();
        for (Object n : FixtureTest.asList(manifest.get("inputs"))) ins.add(in.get(n.toString()));
        for (Object n : FixtureTest.asList(manifest.get("outputs"))) outs.add(out.get(n.toString()));
        return new Fixture(m, ins, outs);
    }

    /** Axis-1 slice [from, to) of a (batch, time, ...) tensor. */
    static Tensor slice(Tensor t, int from, int to) {
        int b = t.dim(0), n = t.dim(1), per = t.size() / Math.max(1, b * n);
        float[] r = new float[b * (to - from) * per];
        for (int i = 0; i < b; i++) System.arraycopy(t.data(), (i * n + from) * per, r, i * (to - from) * per, (to - from) * per);
        return Tensor.of(t.shape().with(1, to - from), r);
    }

    /** Concatenation along axis 1. */
    static Tensor concat(List<Tensor> parts) {
        Tensor f = parts.get(0);
        int b = f.dim(0), per = f.size() / (b * f.dim(1)), n = 0;
        for (Tensor p : parts) n += p.dim(1);
        float[] r = new float[b * n * per];
        int at = 0;
        for (Tensor p : parts) {
            int k = p.dim(1);
            for (int i = 0; i < b; i++) System.arraycopy(p.data(), i * k * per, r, (i * n + at) * per, k * per);
            at += k;
        }
        return Tensor.of(f.shape().with(1, n), r);
    }

    /** Runs the fixture in chunks through one state; sequence outputs are concatenated, others taken from the last chunk. */
    private static List<Tensor> streamed(Model m, List<Tensor> inputs, ModelState state, int steps) {
        List<List<Tensor>> per = new ArrayList<>();
        int from = 0;
        for (int len : CHUNKS) {
            List<Tensor> chunk = new ArrayList<>();
            for (Tensor x : inputs) chunk.add(x.rank() >= 2 && x.dim(1) == steps ? slice(x, from, from + len) : x);
            per.add(m.predict(chunk, state));
            from += len;
        }
        assertEquals(steps, from, "chunks must cover the sequence");
        List<Tensor> out = new ArrayList<>();
        for (int o = 0; o < per.get(0).size(); o++) {
            List<Tensor> parts = new ArrayList<>();
            for (List<Tensor> p : per) parts.add(p.get(o));
            boolean sequence = parts.get(0).rank() >= 3 && parts.get(0).dim(1) == CHUNKS[0];
            out.add(sequence ? concat(parts) : parts.get(parts.size() - 1));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({
        "state_stream, keras3, keras", "state_stream, keras3, h5", "state_stream, tfkeras, h5", "state_stream, tfkeras, json",
        "state_stateful, keras3, keras", "state_stateful, tfkeras, h5",
        "state_td, keras3, json", "state_td, tfkeras, keras",
    })
    void chunkedEqualsOneCall(String name, String writer, String format) throws IOException {
        Fixture f = fixture(name, writer, format);
        int steps = 6;
        ModelState state = f.model().newState();
        List<Tensor> got = streamed(f.model(), f.inputs(), state, steps);
        for (int o = 0; o < got.size(); o++) {
            FixtureTest.compare(name + "/" + writer + " " + format + " streamed output " + o, f.outputs().get(o), got.get(o),
                    FixtureTest.RTOL, FixtureTest.ATOL);
        }
        // reset: the same stream again gives the same outputs; a fresh state after it does too
        state.reset();
        List<Tensor> again = streamed(f.model(), f.inputs(), state, steps);
        for (int o = 0; o < got.size(); o++) assertArrayEquals(got.get(o).data(), again.get(o).data(), "after reset, output " + o);
        // without a state every call starts from zero states, as Keras's predict does
        List<Tensor> oneCall = f.model().predict(f.inputs());
        for (int o = 0; o < got.size(); o++) {
            FixtureTest.compare(name + " one call output " + o, f.outputs().get(o), oneCall.get(o), FixtureTest.RTOL, FixtureTest.ATOL);
        }
    }

    /**
     * stateful=True layers continue exactly as Keras's do between calls, which is not always "one long
     * sequence": compared with Keras's own chunk-by-chunk outputs (testdata/stateful_refs.py).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"keras3, h5", "tfkeras, h5", "tfkeras, keras", "tfkeras, json"})
    void statefulLayersContinueAsKerasDoes(String writer, String format) throws IOException {
        Fixture f = fixture("state_bidirectional", writer, format);
        Map<String, Tensor> ref = Npy.readNpz(FixtureTest.repoRoot().resolve("testdata/stateful-refs/state_bidirectional_" + writer + ".npz"));
        float[] chunks = ref.get("chunks").data();
        ModelState state = f.model().newState();
        int from = 0;
        for (int c = 0; c < chunks.length; c++) {
            int len = (int) chunks[c];
            List<Tensor> got = f.model().predict(List.of(slice(f.inputs().get(0), from, from + len)), state);
            for (int o = 0; o < got.size(); o++) {
                FixtureTest.compare(writer + " " + format + " chunk " + c + " output " + o, ref.get("out_" + o + "_" + c), got.get(o),
                        FixtureTest.RTOL, FixtureTest.ATOL);
            }
            from += len;
        }
    }

    @Test
    void aStatefulKeras3FileWithoutBackendIsRefusedWhereTheBackendsDiffer() throws IOException {
        // JAX emits the carried h at a chunk's leading masked step, TensorFlow zeros; a .keras file does not say which
        Fixture f = fixture("state_bidirectional", "keras3", "keras");
        ModelState state = f.model().newState();
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> {
            int from = 0;
            for (int len : new int[] {2, 1, 2, 1}) {
                f.model().predict(List.of(slice(f.inputs().get(0), from, from + len)), state);
                from += len;
            }
        });
        assertTrue(e.getMessage().contains("depends on which Keras backend wrote the file"), e.getMessage());
    }

    @Test
    void streamsAreIndependentAndTheModelIsShared() throws Exception {
        Fixture f = fixture("state_stream", "tfkeras", "h5");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Tensor>>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) runs.add(pool.submit(() -> streamed(f.model(), f.inputs(), f.model().newState(), 6)));
            for (Future<List<Tensor>> r : runs) {
                List<Tensor> got = r.get();
                for (int o = 0; o < got.size(); o++) {
                    FixtureTest.compare("concurrent stream output " + o, f.outputs().get(o), got.get(o), FixtureTest.RTOL, FixtureTest.ATOL);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void misuseIsRefused() throws IOException {
        Fixture f = fixture("state_stream", "tfkeras", "h5");
        Fixture other = fixture("state_td", "tfkeras", "h5");
        ModelState s = other.model().newState();
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> f.model().predict(f.inputs(), s));
        assertTrue(wrong.getMessage().contains("another model"), wrong.getMessage());

        ModelState st = f.model().newState();
        f.model().predict(f.inputs(), st);
        List<Tensor> fewer = new ArrayList<>();
        for (Tensor x : f.inputs()) fewer.add(firstRows(x, 3));
        InputException batch = assertThrows(InputException.class, () -> f.model().predict(fewer, st));
        assertTrue(batch.getMessage().contains("batch size of the previous call"), batch.getMessage());

        // go_backwards layers (and Bidirectional) cannot be streamed: their first output needs the sequence's end
        Fixture back = fixture("rnn_bidirectional", "keras3", "h5");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> back.model().predict(back.inputs(), back.model().newState()));
        assertTrue(e.getMessage().contains("cannot be streamed"), e.getMessage());
    }

    private static Tensor firstRows(Tensor x, int n) {
        int per = x.size() / x.dim(0);
        float[] r = new float[n * per];
        System.arraycopy(x.data(), 0, r, 0, n * per);
        return Tensor.of(x.shape().with(0, n), r);
    }

    @Test
    void sliceAndConcatRoundTrip() {
        Tensor t = Tensor.of(Shape.of(2, 3, 2), new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertArrayEquals(t.data(), concat(List.of(slice(t, 0, 1), slice(t, 1, 3))).data());
    }
}
