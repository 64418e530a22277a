package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.error.InputException;
import dev.jkeras.graph.InputLayer;
import dev.jkeras.graph.Model;
import dev.jkeras.load.config.Json;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model.withOutputs over every fixture in every format, loaded with folding off: every top-level layer that leads to
 * the outputs can be read, a view of all of them runs, and the model's own outputs come out of it bit for bit.
 */
class WithOutputsFixturesTest {
    static Stream<Arguments> fixtures() throws IOException {
        return FixtureTest.fixtures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyLayerCanBeRead(String label, Path dir, String format) throws IOException {
        Map<String, Object> manifest = Json.parseObject(Files.readString(dir.resolve("manifest.json")), "manifest.json");
        Assumptions.assumeFalse(manifest.get("refused") instanceof Map<?, ?> r && r.containsKey(format), "refused format");
        Object file = FixtureTest.asMap(manifest.get("files")).get(format);
        Model m;
        System.setProperty("jkeras.fold", "false");
        try {
            m = file instanceof List<?> p ? KerasModels.load(dir.resolve(p.get(0).toString()), dir.resolve(p.get(1).toString()))
                    : KerasModels.load(dir.resolve(file.toString()));
        } finally {
            System.clearProperty("jkeras.fold");
        }
        List<String> names = new ArrayList<>();
        for (Model.LayerInfo li : m.layers()) {
            if (li.layer() instanceof InputLayer) continue;
            try {
                m.withOutputs(List.of(li.layer().name()));
                names.add(li.layer().name());
            } catch (InputException e) {
                if (!e.getMessage().contains("does not lead to the model's outputs")) throw e;
            }
        }
        Assumptions.assumeFalse(names.isEmpty(), "no layer besides the inputs");
        Assumptions.assumeFalse(Boolean.TRUE.equals(manifest.get("no_data")), "a shape-only fixture (no inputs.npz)");
        Map<String, Tensor> in = Npy.readNpz(dir.resolve("inputs.npz"));
        List<Tensor> feed = new ArrayList<>();
        for (Object name : FixtureTest.asList(manifest.get("inputs"))) feed.add(in.get(name.toString()));
        Model view = m.withOutputs(names);
        List<Tensor> all = view.predict(feed);
        List<Tensor> out = m.predict(feed);
        for (int i = 0; i < m.outputNames().size(); i++) {
            int j = view.outputNames().indexOf(m.outputNames().get(i));
            if (j < 0 || SECOND_CALL_OUTPUTS.contains(m.outputNames().get(i))) continue;
            assertEquals(out.get(i).shape(), all.get(j).shape(), label + " " + m.outputNames().get(i));
            if (out.get(i).isString()) assertArrayEquals(out.get(i).strings(), all.get(j).strings());
            else assertArrayEquals(out.get(i).data(), all.get(j).data(), label + " " + m.outputNames().get(i));
        }
    }

    /** Model outputs made by a later call of a shared layer: the view gives its first call's output, as Keras's {@code layer.output}. */
    private static final java.util.Set<String> SECOND_CALL_OUTPUTS = java.util.Set.of("rev_tied", "rev_untied");
}
