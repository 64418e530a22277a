// Loader behaviour specific to preprocessing layers: adapted vocabularies that only .keras assets hold (zip and
// unzipped directory), and the refusals for what cannot be reproduced.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingLoadTest {
    private static Path dir(String c, String writer) {
        return FixtureTest.repoRoot().resolve("testdata/fixtures").resolve(c).resolve(writer);
    }

    @Test
    void adaptedVocabularyOutsideKerasArchiveIsRefused() {
        Path d = dir("pre_integer_lookup_adapted", "keras3");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(d.resolve("model.h5")));
        assertTrue(e.getMessage().contains("adapted_int") && e.getMessage().contains("vocabulary.txt"), e.getMessage());
        assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(d.resolve("model.json"), d.resolve("model.weights.h5")));
    }

    @Test
    void unzippedArchiveReadsAssets(@TempDir Path tmp) throws IOException {
        Path d = dir("pre_integer_lookup_adapted", "keras3");
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(d.resolve("model.keras")))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path out = tmp.resolve(e.getName());
                Files.createDirectories(out.getParent());
                if (!e.isDirectory()) Files.copy(z, out);
            }
        }
        Model m = KerasModels.load(tmp);
        Map<String, Tensor> in = Npy.readNpz(d.resolve("inputs.npz"));
        Map<String, Tensor> want = Npy.readNpz(d.resolve("outputs.npz"));
        List<Tensor> got = m.predict(List.of(in.get("ids")));
        List<String> names = List.of("adapted_int", "adapted_tf_idf", "adapted_invert");
        for (int i = 0; i < names.size(); i++) FixtureTest.compare(names.get(i), want.get(names.get(i)), got.get(i), 1e-4, 1e-5);
    }

    @Test
    void categoryEncodingRefusesOutOfRangeIds() throws IOException {
        Path d = dir("pre_category_encoding", "keras3");
        Model m = KerasModels.load(d.resolve("model.keras"));
        Map<String, Tensor> in = Npy.readNpz(d.resolve("inputs.npz"));
        List<Tensor> feed = new ArrayList<>();
        for (String n : List.of("tok", "tok1", "tok_flat")) feed.add(in.get(n).copy());
        feed.get(0).data()[3] = 6f;
        InputException e = assertThrows(InputException.class, () -> m.predict(feed));
        assertTrue(e.getMessage().contains("[0, 6)") && e.getMessage().contains("6.0"), e.getMessage());
    }

    @Test
    void keras3AreaInterpolationIsRefused(@TempDir Path tmp) throws IOException {
        Path d = dir("pre_resizing", "keras3");
        String json = Files.readString(d.resolve("model.json"));
        assertTrue(json.contains("\"interpolation\": \"lanczos5\""));
        Files.writeString(tmp.resolve("model.json"), json.replace("\"interpolation\": \"lanczos5\"", "\"interpolation\": \"area\""));
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> KerasModels.load(tmp.resolve("model.json"), d.resolve("model.weights.h5")));
        assertTrue(e.getMessage().contains("area") && e.getMessage().contains("JAX"), e.getMessage());
    }

    @Test
    void aStringInputReachingANumericLayerIsAFormatError(@TempDir Path tmp) throws IOException {
        // the 'ids' input feeds Hashing layers (which take strings) and the Rescaling 'shift' (which does not)
        Path d = dir("pre_hashing", "keras3");
        String json = Files.readString(d.resolve("model.json"));
        String ids = "\"dtype\": \"int32\", \"sparse\": false, \"ragged\": false, \"name\": \"ids\"";
        assertTrue(json.contains(ids));
        Files.writeString(tmp.resolve("model.json"), json.replace(ids, ids.replace("int32", "string")));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasModels.load(tmp.resolve("model.json"), d.resolve("model.weights.h5")));
        assertTrue(e.getMessage().contains("layer 'shift' (Rescaling)") && e.getMessage().contains("model input 'ids'")
                && e.getMessage().contains("cannot take a string tensor"), e.getMessage());
    }

    @Test
    void assetsAreReadFromTheArchiveOnly() throws IOException {
        Path d = dir("pre_integer_lookup_adapted", "tfkeras");
        try (InputStream s = Files.newInputStream(d.resolve("model.keras"))) {
            Model m = KerasModels.load(s);
            assertEquals(1, m.paramCount());
        }
    }
}
