package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jkeras summary} from the shaded jar, in every format (and a JSON config alone), against Keras's own
 * {@code model.summary()} (testdata/inspect/summaries, written by make_inspect.py): the same rows in the same
 * order with the same cells (Keras wraps and cuts long cells; jkeras widens the column), the same totals with
 * their byte sizes, and the same columns ("Connected to" only where Keras prints it).
 */
class SummaryIT {
    static final Path SUMMARIES = JarCli.ROOT.resolve("testdata/inspect/summaries");
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String c : List.of("functional_multi", "nested_models", "mlp", "td_nested", "conv_bn_pool")) {
            for (boolean expand : List.of(false, true)) {
                for (List<String> f : JarCli.formats(c, "keras3")) out.add(Arguments.of(c, expand, f));
                out.add(Arguments.of(c, expand, List.of(JarCli.fixtureFile(c, "keras3", "model.json").toString())));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} expand={1} {2}")
    @MethodSource("cases")
    void matchesKerasSummary(String name, boolean expand, List<String> model) throws IOException {
        List<String> args = new ArrayList<>(List.of("summary"));
        args.addAll(model);
        if (expand) args.add("--expand");
        JarCli.Result r = JarCli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        String keras = Files.readString(SUMMARIES.resolve(name + (expand ? ".expand" : "") + ".txt"));
        List<List<String>> want = rows(keras), got = rows(r.out());
        assertEquals(header(keras), header(r.out()), r.out());
        if (expand && name.equals("td_nested")) got.removeIf(row -> row.get(0).startsWith("└")); // jkeras also expands wrappers
        assertEquals(want.size(), got.size(), "rows\n" + keras + "\n" + r.out());
        for (int i = 0; i < want.size(); i++) {
            for (int c = 0; c < want.get(i).size(); c++) {
                String w = want.get(i).get(c), g = got.get(i).get(c);
                if (w.endsWith("…")) assertTrue(g.startsWith(w.substring(0, w.length() - 1)), g + " vs Keras's " + w);
                else assertEquals(w, g, "row " + i + " column " + c + "\n" + keras + "\n" + r.out());
            }
        }
        for (String total : List.of(" Total params:", " Trainable params:", " Non-trainable params:")) {
            assertEquals(line(keras, total), line(r.out(), total), r.out());
        }
    }

    @Test
    void jsonSummary() throws IOException {
        for (List<String> f : JarCli.formats("nested_models", "keras3")) {
            List<String> args = new ArrayList<>(List.of("summary", "--json"));
            args.addAll(f);
            JarCli.Result r = JarCli.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.toString());
            JsonNode j = JSON.readTree(r.out());
            assertEquals("nested_models", j.get("name").asText());
            assertEquals(85, j.get("total_params").asLong());
            assertEquals(49, j.get("trainable_params").asLong());
            assertEquals(340, j.get("total_bytes").asLong());
            JsonNode seq = j.get("layers").get(1);
            assertEquals("inner_seq", seq.get("name").asText());
            assertEquals(List.of("x1[0][0]", "x2[0][0]"), texts(seq.get("connected_to")));
            assertEquals("seq_dense_frozen", seq.get("layers").get(0).get("name").asText());
            assertEquals("[[null,3]]", seq.get("output_shapes").toString());
        }
        JarCli.Result r = JarCli.run("summary", "--json", JarCli.fixtureFile("nested_models", "tfkeras", "model.json").toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(JSON.readTree(r.out()).get("note").asText().contains("no weights"), r.out());
    }

    @Test
    void verbosePrintsTimings() {
        JarCli.Result r = JarCli.run("summary", "--verbose", JarCli.fixtureFile("mlp", "keras3", "model.keras").toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().matches("(?s)jkeras: loaded .* in [0-9.]+ ms, rendered in [0-9.]+ ms\\R"), r.err());
    }

    @Test
    void unsupportedModelSummaryFailsWithOneLine() {
        JarCli.Result r = JarCli.run("summary", JarCli.ROOT.resolve("testdata/inspect/unsupported.keras").toString());
        assertEquals(3, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    /** The cells of each table row, wrapped lines joined, whitespace collapsed. */
    static List<List<String>> rows(String table) {
        List<List<String>> rows = new ArrayList<>();
        List<StringBuilder> cur = null;
        for (String l : table.lines().toList()) {
            if (l.startsWith("│")) {
                String[] cells = l.substring(1, l.length() - 1).split("│", -1);
                if (cur == null) {
                    cur = new ArrayList<>();
                    for (int i = 0; i < cells.length; i++) cur.add(new StringBuilder());
                }
                for (int i = 0; i < cells.length; i++) cur.get(i).append(' ').append(cells[i].strip());
            } else if (cur != null) {
                List<String> row = new ArrayList<>();
                for (StringBuilder b : cur) row.add(b.toString().strip().replaceAll("\\s+", " ").replace(" ,", ","));
                rows.add(row);
                cur = null;
            }
        }
        return rows;
    }

    private static List<String> header(String table) {
        for (String l : table.lines().toList()) {
            if (l.startsWith("┃")) {
                List<String> h = new ArrayList<>();
                for (String c : l.substring(1, l.length() - 1).split("┃")) h.add(c.strip());
                return h;
            }
        }
        return List.of();
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no " + prefix + ")");
    }

    private static List<String> texts(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return l;
    }
}
