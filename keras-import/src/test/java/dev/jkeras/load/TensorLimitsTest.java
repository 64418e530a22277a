package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: the element limit on intermediate tensors, at load time (one sample) and before each predict (the batch). */
class TensorLimitsTest {
    @TempDir
    Path tmp;

    /** A Keras 3 Sequential: Input(batch_shape) -> RepeatVector(n) -> Flatten -> Dense(1, ones, no bias) in a nested Sequential. */
    private Path model(String batchShape, long n) throws IOException {
        String json = """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "outer", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": %s, "dtype": "float32", "name": "x"}},
                  {"module": "keras", "class_name": "Sequential", "config": {"name": "inner", "layers": [
                    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": %s, "dtype": "float32", "name": "y"}},
                    {"module": "keras.layers", "class_name": "RepeatVector", "config": {"name": "rv", "n": %d}}]}},
                  {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flat"}}]},
                 "keras_version": "3.15.1", "backend": "jax"}
                """.formatted(batchShape, batchShape, n);
        Path p = tmp.resolve("m" + n + ".json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void aHugeRepeatVectorIsRefusedAtLoadNamingLayerShapeAndLimit() throws IOException {
        Path huge = model("[null, 4]", 1L << 30);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(huge));
        assertTrue(e.getMessage().contains("model 'inner'") && e.getMessage().contains("layer 'rv' (RepeatVector)")
                && e.getMessage().contains("(None, 1073741824, 4)")
                && e.getMessage().contains("4294967296") && e.getMessage().contains("no limit can allow it"), e.getMessage());

        Path big = model("[null, 4]", 1000);
        LoadLimits low = LoadLimits.DEFAULTS.withMaxTensorElements(3999);
        e = assertThrows(ModelFormatException.class, () -> KerasModels.load(big, low));
        assertTrue(e.getMessage().contains("layer 'inner/rv' (RepeatVector)") && e.getMessage().contains("4000 elements for one sample")
                && e.getMessage().contains("limit of 3999") && e.getMessage().contains("--max-tensor-elements"), e.getMessage());
        assertEquals(4000, KerasModels.load(big, low.withMaxTensorElements(4000)).outputShapes().get(0).dim(1));
    }

    @Test
    void aBatchWhoseIntermediatesExceedTheLimitIsRefusedBeforeRunning() throws IOException {
        Model m = KerasModels.load(model("[null, 4]", 1000), LoadLimits.DEFAULTS.withMaxTensorElements(40_000));
        assertEquals(40_000, m.maxTensorElements());
        Tensor ok = Tensor.of(Shape.of(10, 4), new float[40]);
        assertArrayEquals(new int[] {10, 4000}, m.predict(ok).shape().dims());
        Tensor big = Tensor.of(Shape.of(11, 4), new float[44]);
        InputException e = assertThrows(InputException.class, () -> m.predict(big));
        assertTrue(e.getMessage().contains("a batch of 11 samples") && e.getMessage().contains("'x'")
                && e.getMessage().contains("layer 'inner/rv' (RepeatVector) output shape (11, 1000, 4), 44000 elements")
                && e.getMessage().contains("limit of 40000") && e.getMessage().contains("at most 10 samples"), e.getMessage());
        assertThrows(InputException.class, () -> m.checkInputs(java.util.List.of(big)));
        // the default limit: 2^31-9 elements, so a batch of 536871 samples (2^31+ elements) is refused, not allocated
        Model d = KerasModels.load(model("[null, 4]", 1000));
        Tensor huge = Tensor.of(Shape.of(536_871, 4), new float[536_871 * 4]);
        e = assertThrows(InputException.class, () -> d.predict(huge));
        assertTrue(e.getMessage().contains("limit of 2147483639"), e.getMessage());
    }

    @Test
    void freeDimensionsAreCheckedPerInputShape() throws IOException {
        Model m = KerasModels.load(model("[null, null]", 1000), LoadLimits.DEFAULTS.withMaxTensorElements(30_000));
        assertArrayEquals(new int[] {3, 3000}, m.predict(Tensor.of(Shape.of(3, 3), new float[9])).shape().dims());
        assertArrayEquals(new int[] {3, 3000}, m.predict(Tensor.of(Shape.of(3, 3), new float[9])).shape().dims());
        InputException e = assertThrows(InputException.class, () -> m.predict(Tensor.of(Shape.of(3, 11), new float[33])));
        assertTrue(e.getMessage().contains("output shape (3, 1000, 11), 33000 elements"), e.getMessage());
    }

    @Test
    void withMaxTensorElementsValidatesAndKeepsTheModel() throws IOException {
        Model m = KerasModels.load(model("[null, 4]", 10));
        assertSame(m, m.withMaxTensorElements(Model.DEFAULT_MAX_TENSOR_ELEMENTS));
        assertThrows(IllegalArgumentException.class, () -> m.withMaxTensorElements(0));
        assertThrows(IllegalArgumentException.class, () -> m.withMaxTensorElements(1L << 31));
        assertThrows(ModelFormatException.class, () -> m.withMaxTensorElements(39));
        Model low = m.withMaxTensorElements(40);
        assertEquals(m.outputShapes(), low.outputShapes());
        assertArrayEquals(m.predict(Tensor.of(Shape.of(1, 4), new float[] {1, 2, 3, 4})).data(),
                low.predict(Tensor.of(Shape.of(1, 4), new float[] {1, 2, 3, 4})).data());
        assertThrows(InputException.class, () -> low.predict(Tensor.of(Shape.of(2, 4), new float[8])));
    }
}
