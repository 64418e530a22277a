package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layer.LayerRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {
    @Test
    void everyLayerOfThisIssueIsRegistered() {
        List<String> names = LayerRegistry.defaults().classNames();
        for (String n : List.of("Dense", "Activation", "Embedding", "Identity", "Dropout", "SpatialDropout1D", "SpatialDropout2D",
                "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Flatten", "Reshape",
                "Permute", "RepeatVector", "Conv2D", "Convolution2D", "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D",
                "GlobalAveragePooling2D", "GlobalAvgPool2D", "BatchNormalization", "Add", "Concatenate", "LSTM")) {
            assertTrue(names.contains(n), n + " is not registered");
        }
    }
}
