package dev.jkeras.load.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jkeras.error.KerasException;
import dev.jkeras.graph.Model;
import dev.jkeras.load.KerasModels;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzz targets for the file readers: any input must load, or fail with a {@link KerasException};
 * any other exception, a hang or an OutOfMemoryError is a finding. Plain {@code mvn verify} replays the committed
 * corpus under {@code src/test/resources/dev/jkeras/load/fuzz/LoadFuzzTestInputs/<target>/}; see testdata/README.md
 * ("Fuzzing") for a fuzzing session ({@code JAZZER_FUZZ=1}).
 */
class LoadFuzzTest {
    private static final Path TESTDATA = testdata();
    /** The config the weights target loads fuzzed weights into (a small Keras 3 Dense model). */
    private static final Path WEIGHTS_CONFIG = TESTDATA.resolve("fixtures/mlp/keras3/model.json");

    /** A whole model file: the format is detected from the bytes (.keras zip, legacy HDF5 or JSON config). */
    @FuzzTest(maxDuration = "2m")
    void model(byte[] data) {
        loadAndRun(() -> KerasModels.load(write(data, ".bin")));
    }

    /** A JSON config: parser, dialect normalizers, node parsing and the model builder. */
    @FuzzTest(maxDuration = "2m")
    void jsonConfig(byte[] data) {
        loadAndRun(() -> KerasModels.load(write(data, ".json")));
    }

    /** A weights file (Keras 3 .weights.h5 or legacy HDF5) loaded into a fixed config. */
    @FuzzTest(maxDuration = "2m")
    void hdf5Weights(byte[] data) {
        loadAndRun(() -> KerasModels.load(WEIGHTS_CONFIG, write(data, ".h5")));
    }

    private static void loadAndRun(java.util.function.Supplier<Model> load) {
        Model m;
        try {
            m = load.get();
        } catch (KerasException expected) {
            return;
        }
        try {
            m.predict(zeros(m));
        } catch (KerasException expected) {
            // a model that loads may still refuse an input (e.g. a string input given floats)
        } catch (SkipPredict skip) {
            // inputs too large or not numeric: loading was the test
        }
    }

    /** One zero example per input, when every input is small and numeric. */
    private static List<Tensor> zeros(Model m) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < m.inputShapes().size(); i++) {
            Shape s = m.inputShapes().get(i);
            if (m.inputDTypes().get(i) == DType.STRING) throw new SkipPredict();
            int[] dims = s.dims().clone();
            long n = 1;
            for (int d = 0; d < dims.length; d++) {
                if (dims[d] < 0) dims[d] = d == 0 ? 1 : 2;
                n *= dims[d];
                if (n > 4096) throw new SkipPredict();
            }
            xs.add(Tensor.zeros(Shape.of(dims)));
        }
        return xs;
    }

    private static final class SkipPredict extends RuntimeException {
        private static final long serialVersionUID = 1L;
        SkipPredict() {
            super(null, null, false, false);
        }
    }

    private static final ThreadLocal<Path> DIR = ThreadLocal.withInitial(() -> {
        try {
            Path d = Files.createTempDirectory("jkeras-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private static Path write(byte[] data, String suffix) {
        try {
            Path p = DIR.get().resolve("input" + suffix);
            Files.write(p, data);
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path testdata() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata"))) return p.resolve("testdata");
        }
        throw new IllegalStateException("no testdata/ above " + Path.of("").toAbsolutePath());
    }
}
