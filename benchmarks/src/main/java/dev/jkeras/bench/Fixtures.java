package dev.jkeras.bench;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmarked models and their inputs. keras_peer.py builds the same inputs (same shapes and
 * value ranges; integer inputs are token/position ids) so the two sides time the same work.
 */
final class Fixtures {
    private Fixtures() {}

    /** One benchmark case: a model file (relative to the repository root) and a batch size. */
    enum Case {
        video_b2("testdata/examples/video_classifier.keras", 2),
        video_b32("testdata/examples/video_classifier.keras", 32),
        tfm_b32("testdata/fixtures/tfm_encoder/keras3/model.keras", 32),
        conv_b32("testdata/fixtures/conv_bn_pool/keras3/model.keras", 32),
        lstm_b32("testdata/fixtures/rnn_lstm/keras3/model.keras", 32);

        final String file;
        final int batch;

        Case(String file, int batch) {
            this.file = file;
            this.batch = batch;
        }
    }

    /** The repository root: the system property {@code jkeras.root}, else the nearest ancestor of the working directory holding testdata/. */
    static Path root() {
        String prop = System.getProperty("jkeras.root");
        if (prop != null) return Path.of(prop);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/fixtures"))) return p;
        }
        throw new IllegalStateException("testdata/ not found above " + Path.of("").toAbsolutePath()
                + "; run from the repository or pass -Djkeras.root=/path/to/repo");
    }

    /**
     * Inputs for {@code shapes} (batch dimension unknown) at {@code batch}: uniform [-1, 1), except
     * the transformer's int inputs: tokens in [0, 7), positions 0..5 along the sequence.
     */
    static List<Tensor> inputs(List<String> names, List<Shape> shapes, int batch) {
        SplittableRandom rnd = new SplittableRandom(42);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            int[] dims = new int[s.rank()];
            dims[0] = batch;
            int n = batch;
            for (int d = 1; d < dims.length; d++) {
                dims[d] = s.dim(d);
                n *= dims[d];
            }
            float[] v = new float[n];
            String name = names.get(i);
            int last = dims[dims.length - 1];
            for (int j = 0; j < n; j++) {
                if (name.equals("tokens")) v[j] = rnd.nextInt(7);
                else if (name.equals("positions")) v[j] = j % last;
                else v[j] = (float) (rnd.nextDouble() * 2 - 1);
            }
            out.add(Tensor.of(Shape.of(dims), v));
        }
        return out;
    }
}
