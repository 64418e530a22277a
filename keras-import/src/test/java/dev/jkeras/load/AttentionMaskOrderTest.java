package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.graph.Model;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keras 3.8+ MultiHeadAttention deletes the masks of its input tensors at run time. Two attentions
 * reading the same masked tensor independently (written by Keras 3.15.1) see different masks
 * depending on Keras's node order, which jkeras cannot know: refused when a mask is present.
 */
class AttentionMaskOrderTest {
    private static Model load() throws Exception {
        try (InputStream in = AttentionMaskOrderTest.class.getResourceAsStream("/attention/mha_shared_masked.keras")) {
            return KerasModels.load(in);
        }
    }

    @Test
    void refusedWhenTheSharedTensorHasAMask() throws Exception {
        Model m = load();
        Tensor tokens = Tensor.of(Shape.of(1, 4), new float[] {1, 0, 2, 1});
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> m.predict(List.of(tokens)));
        assertTrue(e.getMessage().contains("mha_a") && e.getMessage().contains("mha_b"), e.getMessage());
    }
}
