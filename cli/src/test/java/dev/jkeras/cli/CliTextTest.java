// predict on text (--text, --text-file) through a KerasHub preprocessor, against what Keras computed for the same
// texts (testdata/keras-hub-text: stand-in Keras models taking token_ids/padding_mask[/segment_ids]).
package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkeras.load.TextModels;
import dev.jkeras.tensor.Tensor;
import dev.jkeras.text.TextModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTextTest {
    static final Path TEXT = CliTest.ROOT.resolve("testdata/keras-hub-text");

    @TempDir
    Path tmp;

    static List<String> examples() throws IOException {
        List<String> out = new ArrayList<>();
        for (var n : new ObjectMapper().readTree(TEXT.resolve("examples.json").toFile())) out.add(n.asText());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert_uncased", "bert_cased", "distil_bert", "gpt2", "gpt2_prefix", "roberta"})
    void textArgumentsMatchKeras(String config) throws IOException {
        List<Object> args = new ArrayList<>(List.of("predict", TEXT.resolve("standin_" + config + ".keras"), "--preprocessor", TEXT.resolve(config)));
        for (String e : examples()) args.addAll(List.of("--text", e));
        Path out = tmp.resolve("out.npz");
        args.addAll(List.of("-o", out));
        CliTest.Result r = CliTest.run(args.toArray());
        assertEquals(0, r.code(), r.toString());
        Tensor want = NpyIO.readNpz(TEXT.resolve("standin_" + config + ".npz")).get("out_0");
        CliTest.assertClose(want, NpyIO.readNpz(out).get("logits"), config);
    }

    @Test
    void textFilesPlainAndJsonl() throws IOException {
        List<String> ex = examples();
        Path txt = tmp.resolve("texts.txt");
        Files.writeString(txt, "\uFEFF" + String.join("\r\n", ex) + "\n", StandardCharsets.UTF_8);
        Path jsonl = tmp.resolve("texts.jsonl");
        StringBuilder b = new StringBuilder();
        ObjectMapper m = new ObjectMapper();
        for (int i = 0; i < ex.size(); i++) {
            String s = m.writeValueAsString(ex.get(i));
            b.append(i % 2 == 0 ? s : "{\"label\": [1, {\"x\": 2}], \"text\": " + s + "}").append("\n\n");
        }
        Files.writeString(jsonl, b.toString(), StandardCharsets.UTF_8);
        Tensor want = NpyIO.readNpz(TEXT.resolve("standin_bert_uncased.npz")).get("out_0");
        for (Path f : List.of(txt, jsonl)) {
            Path out = tmp.resolve("out.npy");
            CliTest.Result r = CliTest.run("predict", TEXT.resolve("standin_bert_uncased.keras"), "--preprocessor", TEXT.resolve("bert_uncased"),
                    "--text-file", f, "-o", out);
            assertEquals(0, r.code(), r.toString());
            CliTest.assertClose(want, NpyIO.readNpy(out), f.getFileName().toString());
        }
    }

    @Test
    void textPairsFromJsonl() throws IOException {
        Path jsonl = tmp.resolve("pairs.jsonl");
        Files.writeString(jsonl, "[\"The quick brown fox.\", \"It jumps.\"]\n{\"text\": [\"你好\", \"Café\"]}\n");
        Path out = tmp.resolve("out.npz");
        CliTest.Result r = CliTest.run("predict", TEXT.resolve("standin_bert_uncased.keras"), "--preprocessor", TEXT.resolve("bert_uncased"),
                "--text-file", jsonl, "-o", out);
        assertEquals(0, r.code(), r.toString());
        TextModel m = TextModels.load(TEXT.resolve("standin_bert_uncased.keras"), TEXT.resolve("bert_uncased"));
        Map<String, Tensor> api = m.predictSegments(List.of(List.of("The quick brown fox.", "It jumps."), List.of("你好", "Café")));
        CliTest.assertClose(api.get("logits"), NpyIO.readNpz(out).get("logits"), "pairs");
    }

    @Test
    void textErrorsAreUsageErrors() throws IOException {
        Path standin = TEXT.resolve("standin_bert_uncased.keras");
        CliTest.Result r = CliTest.run("predict", standin, "--text", "hello");
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("holds no KerasHub preprocessor"), r.err());

        r = CliTest.run("predict", standin, "--text", "hello", "-i", "x.npy");
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("not both"), r.err());

        r = CliTest.run("predict", standin, "--preprocessor", TEXT.resolve("bert_uncased"), "-i", "x.npy");
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("--preprocessor applies to texts"), r.err());

        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "\"ok\"\n{\"label\": 1}\n");
        r = CliTest.run("predict", standin, "--preprocessor", TEXT.resolve("bert_uncased"), "--text-file", bad);
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("bad.jsonl line 2: the object has no \"text\" field"), r.err());

        Path pairs = tmp.resolve("pairs.jsonl");
        Files.writeString(pairs, "[\"a\", \"b\"]\n");
        r = CliTest.run("predict", TEXT.resolve("standin_gpt2.keras"), "--preprocessor", TEXT.resolve("gpt2"), "--text-file", pairs);
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("one text per example"), r.err());

        r = CliTest.run("predict", standin, "--preprocessor", TEXT.resolve("gpt2"), "--text", "x");
        assertEquals(Main.MODEL, r.code(), r.toString());
        assertTrue(r.err().contains("do not fit together"), r.err());
    }

    @Test
    void kerasHubTaskFromItsOwnArchive() throws IOException {
        // The preprocessor comes from the task's own .keras. Until the KerasHub model classes load, the model is refused
        // by class name (exit 3); once they do, the logits must be KerasHub's task.predict(texts).
        List<Object> args = new ArrayList<>(List.of("predict", TEXT.resolve("task_bert_uncased.keras")));
        for (String e : examples()) args.addAll(List.of("--text", e));
        Path out = tmp.resolve("out.npy");
        args.addAll(List.of("-o", out));
        CliTest.Result r = CliTest.run(args.toArray());
        if (r.code() == 0) {
            CliTest.assertClose(NpyIO.readNpz(TEXT.resolve("task_bert_uncased.npz")).get("out_0"), NpyIO.readNpy(out), "task_bert_uncased");
        } else {
            assertEquals(Main.MODEL, r.code(), r.toString());
            assertTrue(r.err().contains("BertTextClassifier"), r.err());
        }
    }
}
