// Attribute-string variants and numeric dataset conversions.
package dev.jkeras.load.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5StringsTest {
    @TempDir
    Path tmp;

    @Test
    void decodesEveryStringShapeKerasWrote() {
        assertEquals(List.of("model"), Hdf5.strings("model"));
        assertEquals(List.of("dense_1", "d2"), Hdf5.strings(new String[] {"dense_1", "d2\0\0\0\0\0"}));
        assertEquals(List.of("abc"), Hdf5.strings("abc\0\0".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "b"), Hdf5.strings(new Object[] {"a".getBytes(StandardCharsets.UTF_8), "b"}));
        assertEquals(List.of(), Hdf5.strings(new double[0]));
    }

    @Test
    void readsAttributesAndSplitLists() {
        Path p = tmp.resolve("a.h5");
        try (WritableHdfFile f = HdfFile.write(p)) {
            f.putAttribute("version", "2.3.1");
            f.putAttribute("names", new String[] {"x", "y"});
            f.putAttribute("parts0", new String[] {"p", "q"});
            f.putAttribute("parts1", new String[] {"r"});
            f.putDataset("f64", new double[][] {{0.5, -1.25}});
            f.putDataset("i32", new int[] {1, 2, 3});
            f.putDataset("f32", new float[][] {{1, 2}, {3, 4}});
        }
        try (Hdf5 h = Hdf5.open(p, "a.h5")) {
            assertEquals("2.3.1", h.stringAttr(h.root(), "version"));
            assertEquals(List.of("x", "y"), h.stringListAttr(h.root(), "names"));
            assertEquals(List.of("p", "q", "r"), h.stringListAttr(h.root(), "parts"));
            assertNull(h.stringListAttr(h.root(), "absent"));
            assertNull(h.stringAttr(h.root(), "absent"));
            Tensor f64 = h.read((Dataset) h.child(h.root(), "f64"));
            assertEquals(Shape.of(1, 2), f64.shape());
            assertArrayEquals(new float[] {0.5f, -1.25f}, f64.data());
            assertArrayEquals(new float[] {1, 2, 3}, h.read((Dataset) h.child(h.root(), "i32")).data());
            assertArrayEquals(new float[] {1, 2, 3, 4}, h.read((Dataset) h.child(h.root(), "/f32")).data());
            assertNull(h.child(h.root(), "f32/nothing"));
        }
    }
}
