// What jkeras refuses in KerasHub text configs (and why), and how it reads vocabulary files like Python does.
package dev.jkeras.load.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.InputException;
import dev.jkeras.error.KerasException;
import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.TextModels;
import dev.jkeras.load.config.Json;
import dev.jkeras.tensor.Shape;
import dev.jkeras.text.TextModel;
import dev.jkeras.text.TextPreprocessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KerasHubTextRefusalTest {
    static final String VOCAB = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\nfox\n##es\n";
    static final Function<String, byte[]> ASSETS = f -> f.equals("vocabulary.txt") ? VOCAB.getBytes(StandardCharsets.UTF_8) : null;

    static Map<String, Object> tokenizer(String cls, String extra) {
        return Json.parseObject("{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"t\", \"vocabulary\": null, \"lowercase\": true"
                + extra + "}}", "test");
    }

    static Map<String, Object> preprocessor(String cls, String tokenizerCls, String extra) {
        return Json.parseObject("{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"p\", \"sequence_length\": 8" + extra
                + ", \"tokenizer\": {\"class_name\": \"" + tokenizerCls + "\", \"config\": {\"name\": \"t\", \"vocabulary\": null}}}}", "test");
    }

    static <E extends KerasException> void refused(Class<E> type, String fragment, Runnable r) {
        E e = assertThrows(type, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void aBertPreprocessorWorks() {
        TextPreprocessor p = KerasHubText.preprocessor(preprocessor("BertTextClassifierPreprocessor", "BertTokenizer", ""), ASSETS, "test");
        assertEquals(List.of("token_ids", "padding_mask", "segment_ids"), p.outputNames());
        float[] ids = p.apply("the foxes the").get("token_ids").data();
        assertEquals(List.of(2f, 5f, 6f, 7f, 5f, 3f, 0f, 0f), toList(ids));
    }

    @Test
    void otherKerasHubClassesAreRefusedByName() {
        refused(UnsupportedFeatureException.class, "'BertMaskedLMPreprocessor' is not supported",
                () -> KerasHubText.preprocessor(preprocessor("BertMaskedLMPreprocessor", "BertTokenizer", ""), ASSETS, "test"));
        refused(UnsupportedFeatureException.class, "'SentencePieceTokenizer' is not supported",
                () -> KerasHubText.tokenizer(tokenizer("SentencePieceTokenizer", ""), ASSETS, "test"));
    }

    @Test
    void optionsJkerasCannotReproduceAreRefused() {
        refused(UnsupportedFeatureException.class, "split=False", () -> KerasHubText.tokenizer(tokenizer("BertTokenizer", ", \"split\": false"), ASSETS, "test"));
        refused(UnsupportedFeatureException.class, "dtype 'string'",
                () -> KerasHubText.tokenizer(tokenizer("BertTokenizer", ", \"dtype\": \"string\""), ASSETS, "test"));
        refused(UnsupportedFeatureException.class, "'[CLS]' a prefix of '[CLS]x'", () -> KerasHubText.tokenizer(
                tokenizer("BertTokenizer", ", \"special_tokens_in_strings\": true, \"special_tokens\": [\"[CLS]x\"]"), ASSETS, "test"));
        refused(UnsupportedFeatureException.class, "file path", () -> KerasHubText.tokenizer(
                Json.parseObject("{\"class_name\": \"BertTokenizer\", \"config\": {\"vocabulary\": \"/etc/vocab.txt\"}}", "test"), ASSETS, "test"));
        refused(UnsupportedFeatureException.class, "has no end token", () -> KerasHubText.preprocessor(
                preprocessor("BertTextClassifierPreprocessor", "WordPieceTokenizer", ""), ASSETS, "test"));
    }

    @Test
    void brokenFilesAreModelFormatErrors() {
        refused(ModelFormatException.class, "vocabulary.txt is missing", () -> KerasHubText.tokenizer(tokenizer("BertTokenizer", ""), f -> null, "test"));
        refused(ModelFormatException.class, "oov_token '[UNK]'", () -> KerasHubText.tokenizer(tokenizer("BertTokenizer", ""),
                f -> "[PAD]\n[CLS]\n[SEP]\n[MASK]\n".getBytes(StandardCharsets.UTF_8), "test"));
        refused(ModelFormatException.class, "special token '[MASK]'", () -> KerasHubText.tokenizer(tokenizer("BertTokenizer", ""),
                f -> "[PAD]\n[UNK]\n[CLS]\n[SEP]\n".getBytes(StandardCharsets.UTF_8), "test"));
        refused(ModelFormatException.class, "'the' twice", () -> KerasHubText.tokenizer(tokenizer("BertTokenizer", ""),
                f -> (VOCAB + "the\n").getBytes(StandardCharsets.UTF_8), "test"));
        refused(ModelFormatException.class, "not valid UTF-8", () -> KerasHubText.tokenizer(tokenizer("BertTokenizer", ""),
                f -> new byte[] {'a', (byte) 0xff, '\n'}, "test"));
        refused(ModelFormatException.class, "cannot hold the start and end tokens", () -> KerasHubText.preprocessor(
                Json.parseObject("{\"class_name\": \"BertTextClassifierPreprocessor\", \"config\": {\"sequence_length\": 1, \"tokenizer\": "
                        + "{\"class_name\": \"BertTokenizer\", \"config\": {}}}}", "test"), ASSETS, "test"));
    }

    @Test
    void vocabularyLinesAreReadLikePython() {
        byte[] b = "a\r\nb \u3000\rc\n\u00a0d\u00a0\n\ne\u2028f\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("a", "b", "c", "\u00a0d", "", "e\u2028f"), KerasHubText.lines(b, "test"));
    }

    @Test
    void badTextInputsAreInputErrors() {
        TextPreprocessor p = KerasHubText.preprocessor(preprocessor("BertTextClassifierPreprocessor", "BertTokenizer", ""), ASSETS, "test");
        refused(InputException.class, "same number of segments", () -> p.applySegments(List.of(List.of("a", "b"), List.of("c"))));
        refused(InputException.class, "lone surrogate", () -> p.apply("a\uD800"));
        TextPreprocessor lm = KerasHubText.preprocessor(Json.parseObject("{\"class_name\": \"GPT2Preprocessor\", \"config\": {\"sequence_length\": 4, "
                + "\"tokenizer\": {\"class_name\": \"GPT2Tokenizer\", \"config\": {}}}}", "test"), f -> f.equals("vocabulary.json")
                ? "{\"<|endoftext|>\": 0, \"a\": 1}".getBytes(StandardCharsets.UTF_8) : new byte[0], "test");
        refused(InputException.class, "one text per example", () -> lm.applySegments(List.of(List.of("a", "a"))));
        assertEquals(List.of(0f, 1f, 0f, 0f), toList(lm.apply("a").get("token_ids").data()));
        assertEquals(List.of(1f, 1f, 1f, 0f), toList(lm.apply("a").get("padding_mask").data()));
    }

    @Test
    void aModelThatTakesOtherInputsDoesNotFit() {
        Path dir = root();
        refused(ModelFormatException.class, "do not fit together",
                () -> TextModels.load(dir.resolve("standin_bert_uncased.keras"), dir.resolve("gpt2")));
        refused(ModelFormatException.class, "holds no KerasHub preprocessor", () -> TextModels.load(dir.resolve("standin_gpt2.keras")));
        TextModel ok = TextModels.load(dir.resolve("standin_gpt2.keras"), dir.resolve("gpt2"));
        assertEquals(Shape.of(1, 16, 5), ok.predict("x").get("logits").shape());
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata/keras-hub-text"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no testdata/keras-hub-text");
        return p.resolve("testdata/keras-hub-text");
    }

    static List<Float> toList(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return List.of(b);
    }
}
