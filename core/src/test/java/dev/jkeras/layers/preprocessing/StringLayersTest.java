package dev.jkeras.layers.preprocessing;

import static dev.jkeras.layers.LayerTesting.layer;
import static dev.jkeras.layers.LayerTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.KerasException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.layer.Call;
import dev.jkeras.layer.Config;
import dev.jkeras.layer.Layer;
import dev.jkeras.layer.LayerSpec;
import dev.jkeras.layers.LayerTesting;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The string layers' refusals and edge rules; their numbers are checked against Keras by the str_* fixtures.
 * The few expected values here were computed by Keras 3.15.1 (TensorFlow backend) on the same inputs.
 */
class StringLayersTest {
    static Map<String, Object> config(Object... kv) {
        Map<String, Object> c = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) c.put((String) kv[i], kv[i + 1]);
        return c;
    }

    static Tensor strings(String... s) {
        return Tensor.ofStrings(Shape.of(s.length, 1), s);
    }

    static <E extends KerasException> void fails(Class<E> type, Executable run, String... mentions) {
        E e = assertThrows(type, run);
        for (String m : mentions) assertTrue(e.getMessage().contains(m), "should mention '" + m + "': " + e.getMessage());
    }

    static Layer textVectorization(Object... kv) {
        Map<String, Object> c = config("standardize", "lower_and_strip_punctuation", "split", "whitespace", "output_mode", "int",
                "vocabulary", List.of("the", "fox"));
        c.putAll(config(kv));
        return layer("TextVectorization", c).input(-1, 1).build();
    }

    @Test
    void textVectorizationRefusesWhatItCannotReproduce() {
        Map<String, Object> fn = config("module", "builtins", "class_name", "function", "config", "my_standardize");
        fails(UnsupportedFeatureException.class, () -> textVectorization("standardize", fn), "standardize=", "custom function", "never runs code");
        fails(UnsupportedFeatureException.class, () -> textVectorization("split", "my_split"), "split=\"my_split\"", "custom function");
        fails(UnsupportedFeatureException.class, () -> textVectorization("ragged", true), "ragged=True");
        fails(UnsupportedFeatureException.class, () -> textVectorization("split", null, "ngrams", 2), "ngrams with split=None");
        fails(UnsupportedFeatureException.class, () -> textVectorization("output_mode", null), "output_mode=None", "ragged");
        fails(UnsupportedFeatureException.class, () -> textVectorization("output_mode", "one_hot"), "one_hot");
        fails(UnsupportedFeatureException.class, () -> textVectorization("sparse", true, "output_mode", "multi_hot"), "sparse=True");
        fails(ModelFormatException.class, () -> textVectorization("ngrams", 0), "ngrams");
        fails(UnsupportedFeatureException.class, () -> textVectorization("vocabulary", "/tmp/vocab.txt"), "path to a file");
        fails(UnsupportedFeatureException.class, () -> textVectorization("vocabulary", null), "only a .keras archive");
        fails(InputException.class, () -> layer("TextVectorization", config("vocabulary", List.of("a"))).input(-1, 3).build(),
                "(batch,) or (batch, 1)");
    }

    @Test
    void textVectorizationTakesStringsOnly() {
        Layer tv = textVectorization();
        fails(ModelFormatException.class, () -> tv.outputDTypes(List.of(DType.FLOAT32), 1), "TextVectorization takes strings");
        assertEquals(List.of(DType.INT64), tv.outputDTypes(List.of(DType.STRING), 1)); // token indices, as Keras's
    }

    @Test
    void textVectorizationSplitsOnAsciiWhitespaceAndLowersAsciiOnly() {
        Layer tv = textVectorization("vocabulary", List.of("the", "fox", "Ünï", "a\u00a0b", "été"), "standardize", "lower");
        // NBSP is not whitespace for tf.strings.split; Ü and É are not lowered (tf.strings.lower without an encoding).
        // Expected values: Keras 3.15.1 (TensorFlow backend) on the same vocabulary and strings.
        Tensor y = run(tv, strings("The\tFOX\u000bÜnÏ", " a\u00a0b ÉTÉ été\r\n", ""));
        assertEquals(Shape.of(3, 3), y.shape());
        assertArrayEquals(new float[] {2, 3, 1, 5, 1, 6, 0, 0, 0}, y.data());
    }

    @Test
    void lookupsRefuseInputsOfTheWrongKind() {
        Layer sl = layer("StringLookup", config("vocabulary", List.of("a"))).input(-1, 2).build();
        fails(ModelFormatException.class, () -> sl.outputDTypes(List.of(DType.FLOAT32), 1), "numeric tensor");
        Layer inv = layer("StringLookup", config("vocabulary", List.of("a"), "invert", true)).input(-1, 2).build();
        fails(ModelFormatException.class, () -> inv.outputDTypes(List.of(DType.STRING), 1), "invert=True");
        assertEquals(List.of(DType.STRING), inv.outputDTypes(List.of(DType.FLOAT32), 1));
        Layer il = layer("IntegerLookup", config("vocabulary", List.of(3, 4))).input(-1, 2).build();
        fails(ModelFormatException.class, () -> il.outputDTypes(List.of(DType.STRING), 1), "IntegerLookup takes integer tokens", "StringLookup");
        fails(ModelFormatException.class, () -> layer("StringLookup", config("vocabulary", List.of(1, 2))).input(-1, 2).build(),
                "string tokens");
        fails(ModelFormatException.class, () -> layer("StringLookup", config("vocabulary", List.of("a", ""), "mask_token", "")).input(-1, 2)
                .build(), "mask token \"\" appears inside the vocabulary");
        fails(ModelFormatException.class, () -> layer("StringLookup", config("vocabulary", List.of("a", "b"), "max_tokens", 2)).input(-1, 2)
                .build(), "more than max_tokens 2");
    }

    @Test
    void stringLookupWithoutOovIndicesNamesTheUnknownToken() {
        Layer sl = layer("StringLookup", config("vocabulary", List.of("a", "b"), "num_oov_indices", 0)).input(-1, 1).build();
        assertArrayEquals(new float[] {1, 0}, run(sl, strings("b", "a")).data());
        fails(InputException.class, () -> run(sl, strings("a", "zz")), "\"zz\"", "num_oov_indices=0", "flat index 1");
    }

    @Test
    void hashingCompareMasksOfTheInputsKindOnly() {
        Layer stringMask = layer("Hashing", config("num_bins", 5, "mask_value", "")).input(-1, 2).build();
        fails(ModelFormatException.class, () -> stringMask.outputDTypes(List.of(DType.FLOAT32), 1), "mask_value \"\"", "float32 input");
        assertEquals(List.of(DType.INT64), stringMask.outputDTypes(List.of(DType.STRING), 1)); // bin indices, as Keras's
        assertEquals(0f, run(stringMask, strings("")).data()[0]);
        Layer numberMask = layer("Hashing", config("num_bins", 5, "mask_value", 0)).input(-1, 2).build();
        fails(ModelFormatException.class, () -> numberMask.outputDTypes(List.of(DType.STRING), 1), "mask_value 0.0", "string input");
    }

    @Test
    void binIndicesBeyondFloat32AreRefused() {
        fails(UnsupportedFeatureException.class, () -> layer("Hashing", config("num_bins", (1 << 24) + 1)).input(-1, 2).build(), "2^24");
        fails(UnsupportedFeatureException.class, () -> layer("HashedCrossing", config("num_bins", 1 << 25)).input(-1, 1).input(-1, 1).build(),
                "2^24");
    }

    @Test
    void hashedCrossingChecksItsInputs() {
        Layer hc = layer("HashedCrossing", config("num_bins", 7)).input(-1, 1).input(-1, 1).build();
        fails(InputException.class, () -> layer("HashedCrossing", config("num_bins", 7)).input(-1, 3).input(-1, 3).build(), "(batch, 1)");
        fails(ModelFormatException.class, () -> layer("HashedCrossing", config("num_bins", 7)).input(-1, 1).build(), "at least two");
        Tensor ints = Tensor.of(Shape.of(2, 1), new float[] {1, 2.5f});
        fails(InputException.class, () -> hc.call(Call.of(List.of(strings("a", "b"), ints))), "should hold integers", "2.5");
        fails(InputException.class, () -> hc.call(Call.of(List.of(strings("a", "b"), strings("a", "b", "c")))), "equal shapes");
    }

    @Test
    void vocabularyAssetLinesAreSplitAsEachWritersKerasReadsThem() {
        byte[] asset = "a\u000bb\r\nc\rd\u2028e\n\n".getBytes(StandardCharsets.UTF_8);
        // Keras 3: str.splitlines(), trailing empty lines dropped; tf.keras: universal newlines, split('\n')
        assertEquals(List.of("a", "b", "c", "d", "e"), IndexTable.assetLines(spec(LayerTesting.K3), asset));
        assertEquals(List.of("a\u000bb", "c", "d\u2028e", "", ""), IndexTable.assetLines(spec(LayerTesting.K2), asset));
        assertEquals(List.of("", "[UNK]", "x"), IndexTable.assetLines(spec(LayerTesting.K3), "\n[UNK]\nx".getBytes(StandardCharsets.UTF_8)));
        fails(ModelFormatException.class, () -> IndexTable.assetLines(spec(LayerTesting.K3), new byte[] {(byte) 0xc3, 0x28}), "not UTF-8");
    }

    private static LayerSpec spec(dev.jkeras.layer.WriterInfo w) {
        return new LayerSpec("StringLookup", "lk", new Config(Map.of(), "lk"), w, null, null, null);
    }
}
