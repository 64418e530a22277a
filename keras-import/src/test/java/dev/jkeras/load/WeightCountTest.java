package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule in every weight format: a layer must find exactly as many stored arrays as it declares, also when
 * it declares none (an Activation whose group holds an array), as Keras refuses such files.
 */
class WeightCountTest {
    private static final Path HOSTILE = HostileFilesTest.HOSTILE;
    private static final Path MLP = HostileFilesTest.TESTDATA.resolve("fixtures/mlp/keras3");

    @Test
    void legacyH5ActivationHoldingAnArrayIsRefused() {
        WeightsException e = assertThrows(WeightsException.class, () -> KerasModels.load(HOSTILE.resolve("weights_activation_holds_array.h5")));
        assertNames(e, "weights_activation_holds_array.h5", "group 'model_weights/softmax'");
    }

    @Test
    void keras3ArchiveActivationHoldingAVariableIsRefused() {
        WeightsException e = assertThrows(WeightsException.class, () -> KerasModels.load(HOSTILE.resolve("weights_activation_holds_var.keras")));
        assertNames(e, "model.weights.h5", "'layers/activation/vars'");
    }

    @Test
    void keras3WeightsFileActivationHoldingAVariableIsRefused(@TempDir Path tmp) throws IOException {
        Path weights = tmp.resolve("extra.weights.h5");
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(HOSTILE.resolve("weights_activation_holds_var.keras")))) {
            for (ZipEntry en; (en = z.getNextEntry()) != null; ) {
                if (en.getName().equals("model.weights.h5")) Files.copy((InputStream) z, weights);
            }
        }
        WeightsException e = assertThrows(WeightsException.class, () -> KerasModels.load(MLP.resolve("model.json"), weights));
        assertNames(e, "extra.weights.h5", "'layers/activation/vars'");
    }

    @Test
    void theUntouchedFixturesLoad() {
        assertEquals(1, KerasModels.load(MLP.resolve("model.h5")).inputShapes().size());
        assertEquals(1, KerasModels.load(MLP.resolve("model.keras")).inputShapes().size());
    }

    private static void assertNames(WeightsException e, String file, String where) {
        String m = e.getMessage();
        for (String part : new String[] {"'softmax'", "Activation", file, where, "needs 0 weight array(s)", "holds 1"}) {
            assertTrue(m.contains(part), "message lacks " + part + ": " + m);
        }
    }
}
