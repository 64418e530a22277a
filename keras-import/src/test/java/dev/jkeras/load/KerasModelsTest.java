// The public entry points: format detection, the other container forms (stream, directory, deflated zip),
// and the errors for files that are not what they claim to be.
package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.KerasException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.WeightsException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasModelsTest {
    @TempDir
    Path tmp;

    Path mlp;

    @BeforeEach
    void fixture() {
        Path root = FixtureTest.repoRoot();
        Assumptions.assumeTrue(root != null, "testdata/fixtures not found");
        mlp = root.resolve("testdata/fixtures/mlp/keras3");
        Assumptions.assumeTrue(Files.isDirectory(mlp), "mlp fixture not found");
    }

    private List<Tensor> run(Model m) throws IOException {
        Map<String, Tensor> in = Npy.readNpz(mlp.resolve("inputs.npz"));
        return m.predict(List.of(in.get("x")));
    }

    private void assertSameOutputs(Model a, Model b) throws IOException {
        assertArrayEquals(run(a).get(0).data(), run(b).get(0).data());
    }

    @Test
    void streamLoadsLikeAPath() throws IOException {
        Model byPath = KerasModels.load(mlp.resolve("model.keras"));
        try (InputStream in = Files.newInputStream(mlp.resolve("model.keras"))) {
            assertSameOutputs(byPath, KerasModels.load(in));
        }
        try (InputStream in = Files.newInputStream(mlp.resolve("model.h5"))) {
            assertSameOutputs(byPath, KerasModels.load(in));
        }
    }

    @Test
    void unzippedDirectoryAndDeflatedZipLoad() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("unzipped"));
        Path deflated = tmp.resolve("deflated.keras");
        try (ZipFile zip = new ZipFile(mlp.resolve("model.keras").toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(deflated))) {
            for (var e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                Files.write(dir.resolve(entry.getName()), bytes);
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        Model ref = KerasModels.load(mlp.resolve("model.keras"));
        assertSameOutputs(ref, KerasModels.load(dir));
        assertSameOutputs(ref, KerasModels.load(deflated));
    }

    @Test
    void configOfOneFormatWithWeightsOfAnother() throws IOException {
        Model ref = KerasModels.load(mlp.resolve("model.keras"));
        assertSameOutputs(ref, KerasModels.load(mlp.resolve("model.keras"), mlp.resolve("model.weights.h5")));
        assertSameOutputs(ref, KerasModels.load(mlp.resolve("model.json"), mlp.resolve("model.keras")));
        assertSameOutputs(ref, KerasModels.load(mlp.resolve("model.json"), mlp.resolve("model.h5")));
    }

    @Test
    void jsonWithoutWeightsAsksForThem() {
        var e = assertThrows(WeightsException.class, () -> KerasModels.load(mlp.resolve("model.json")));
        assertTrue(e.getMessage().contains("dense_1") && e.getMessage().contains("weights file"), e.getMessage());
    }

    @Test
    void weightsOnlyFileIsExplained() {
        var e = assertThrows(ModelFormatException.class, () -> KerasModels.load(mlp.resolve("model.weights.h5")));
        assertTrue(e.getMessage().contains("only weights"), e.getMessage());
    }

    @Test
    void notKerasFilesAreRefusedClearly() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.h5"));
        var e = assertThrows(ModelFormatException.class, () -> KerasModels.load(empty));
        assertTrue(e.getMessage().contains("empty.h5") && e.getMessage().contains("empty"), e.getMessage());

        Path junk = tmp.resolve("junk.keras");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        e = assertThrows(ModelFormatException.class, () -> KerasModels.load(junk));
        assertTrue(e.getMessage().contains("01 02 03"), e.getMessage());

        assertThrows(ModelFormatException.class, () -> KerasModels.load(tmp.resolve("absent.keras")));
        assertThrows(ModelFormatException.class, () -> KerasModels.load(new ByteArrayInputStream(new byte[0])));

        Path notJson = tmp.resolve("bad.json");
        Files.writeString(notJson, "{\"class_name\": ");
        e = assertThrows(ModelFormatException.class, () -> KerasModels.load(notJson));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("JSON"), e.getMessage());
    }

    @Test
    void damagedFilesFailWithKerasExceptions() throws IOException {
        byte[] keras = Files.readAllBytes(mlp.resolve("model.keras"));
        byte[] h5 = Files.readAllBytes(mlp.resolve("model.h5"));
        for (int cut : new int[] {10, 100, 1000, keras.length / 2, keras.length - 30}) {
            Path p = tmp.resolve("cut" + cut + ".keras");
            Files.write(p, java.util.Arrays.copyOf(keras, cut));
            assertThrows(KerasException.class, () -> KerasModels.load(p), "truncated .keras at " + cut);
        }
        for (int cut : new int[] {8, 100, 1000, h5.length / 2}) {
            Path p = tmp.resolve("cut" + cut + ".h5");
            Files.write(p, java.util.Arrays.copyOf(h5, cut));
            assertThrows(KerasException.class, () -> KerasModels.load(p), "truncated .h5 at " + cut);
        }
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] b = h5.clone();
            for (int j = 0; j < 20; j++) b[512 + rnd.nextInt(b.length - 512)] ^= (byte) (1 + rnd.nextInt(255));
            Path p = tmp.resolve("flip" + i + ".h5");
            Files.write(p, b);
            try {
                KerasModels.load(p);
            } catch (KerasException expected) {
                // a clear error is fine; loading may also succeed if only data bytes changed
            }
        }
    }

    @Test
    void zipWithoutConfigIsNotAModel() throws IOException {
        Path p = tmp.resolve("other.zip");
        try (OutputStream o = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes());
            z.closeEntry();
        }
        var e = assertThrows(ModelFormatException.class, () -> KerasModels.load(p));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("readme.txt"), e.getMessage());
    }

    @Test
    void writerIsRecorded() {
        assertEquals("3.15.1", KerasModels.load(mlp.resolve("model.keras")).writer().kerasVersion());
        assertEquals("jax", KerasModels.load(mlp.resolve("model.h5")).writer().backend());
    }
}
