package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.error.InputException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict's input kinds and helpers in process: CSV, progress, streaming (image pixels: keras-import's ImagePixelsTest). */
class PredictInputsTest {
    static final Path INPUTS = CliTest.ROOT.resolve("testdata/cli-inputs");

    @TempDir
    Path tmp;

    @Test
    void csvParsesQuotesAndBlankLines() throws IOException {
        List<List<String>> rows = CsvIO.parse(new StringReader("a, \"b,\"\"c\"\"\"\r\n\n1,2\n"), "t.csv");
        assertEquals(List.of(List.of("a", "b,\"c\""), List.of("1", "2")), rows);
        assertEquals("\"x,y\"", CsvIO.quote("x,y"));
        assertEquals(List.of("y[0,0]", "y[0,1]", "y[1,0]", "y[1,1]"), CsvIO.columns("y", new int[] {2, 2}));
        assertEquals(List.of("y"), CsvIO.columns("y", new int[0]));
        assertEquals("nan", CsvIO.cell(Float.NaN, null));
        assertEquals("3", CsvIO.cell(3f, dev.jkeras.tensor.DType.INT64));
        assertEquals("true", CsvIO.cell(1f, dev.jkeras.tensor.DType.BOOL));
    }

    @Test
    void csvReadsRowsAsSamplesAndNamesBadCells() throws IOException {
        Path f = tmp.resolve("x.csv");
        Files.writeString(f, "a,b,c,d\n1,2,3,4\n-1.5e0,nan,inf,true\n");
        Tensor t = CsvIO.read(f, Shape.of(2, 2), false, null, "x.csv");
        assertEquals(Shape.of(2, 2, 2), t.shape());
        assertEquals(-1.5f, t.data()[4]);
        assertTrue(Float.isNaN(t.data()[5]));
        assertEquals(1f, t.data()[7]);
        assertEquals(Shape.of(2, 4), CsvIO.read(f, Shape.of(Shape.UNKNOWN), false, null, "x.csv").shape());
        assertEquals(Shape.of(3, 4), CsvIO.read(f, Shape.of(4), true, null, "x.csv").shape(), "string inputs: no header detection");

        Files.writeString(f, "1,2\n3,x\n");
        InputException e = assertThrows(InputException.class, () -> CsvIO.read(f, Shape.of(2), false, false, "x.csv"));
        assertTrue(e.getMessage().contains("row 2, column 2") && e.getMessage().contains("'x'"), e.getMessage());
        Files.writeString(f, "1,2\n3\n");
        e = assertThrows(InputException.class, () -> CsvIO.read(f, Shape.of(2), false, null, "x.csv"));
        assertTrue(e.getMessage().contains("row 2: 1 cells"), e.getMessage());
        Files.writeString(f, "1,2,3\n");
        e = assertThrows(InputException.class, () -> CsvIO.read(f, Shape.of(2), false, null, "x.csv"));
        assertTrue(e.getMessage().contains("3 cells") && e.getMessage().contains("(2,)"), e.getMessage());
        Files.writeString(f, "16777217\n");
        e = assertThrows(InputException.class, () -> CsvIO.read(f, Shape.of(1), false, null, "x.csv"));
        assertTrue(e.getMessage().contains("2^24"), e.getMessage());
    }

    @Test
    void progressLineAndQuietWhenDisabled() {
        AtomicLong now = new AtomicLong();
        StringWriter sw = new StringWriter();
        Progress p = new Progress(new PrintWriter(sw), 20000, now::get);
        now.set(2_000_000_000L);
        p.update(1000);
        assertEquals("\r 1000/20000 [=>                      ]   5%  500 samples/s  ETA 0:38", sw.toString());
        now.set(2_050_000_000L);
        p.update(1100);
        assertEquals(1, sw.toString().split("\r", -1).length - 1, "redrawn at most 10 times a second");
        now.set(40_000_000_000L);
        p.update(20000);
        p.finish();
        assertTrue(sw.toString().endsWith("100%  500 samples/s  done in 0:40\n"), sw.toString());

        StringWriter quiet = new StringWriter();
        Progress off = Progress.start(new PrintWriter(quiet), 10, true); // no console under the test runner
        off.update(5);
        off.finish();
        assertEquals("", quiet.toString());
    }

    /** A .npy read a batch at a time gives the same rows as read whole; string arrays too. */
    @Test
    void arrayReaderSlices() throws IOException {
        Path f = tmp.resolve("a.npy");
        float[] data = new float[7 * 3];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.5f;
        NpyIO.writeNpy(f, Tensor.of(Shape.of(7, 3), data));
        try (NpyIO.ArrayReader r = NpyIO.openNpy(f, dev.jkeras.load.LoadLimits.DEFAULTS)) {
            assertEquals(Shape.of(3, 3), r.read(3).shape());
            Tensor rest = r.read(4);
            assertEquals(4.5f, rest.data()[0]);
            assertEquals(10f, rest.data()[11]);
        }
        Path s = tmp.resolve("s.npy");
        NpyIO.writeNpy(s, Tensor.ofStrings(Shape.of(3), new String[] {"a", "bé", "c"}));
        try (NpyIO.ArrayReader r = NpyIO.openNpy(s, dev.jkeras.load.LoadLimits.DEFAULTS)) {
            r.read(1);
            assertArrayEquals(new String[] {"bé", "c"}, r.read(2).strings());
        }
    }

    /** A CSV written by predict reads back as the same numbers (one row per sample, the header skipped). */
    @Test
    void csvOutputRoundTrips() throws IOException {
        Path out = tmp.resolve("y.csv");
        CliTest.Result r = CliTest.run("predict", CliTest.fixture("mlp", "model.keras"), "-i", INPUTS.resolve("mlp_rows.csv"), "-o", out, "-b", "1");
        assertEquals(0, r.code(), r.toString());
        Tensor want = NpyIO.readNpz(CliTest.fixture("mlp", "outputs.npz")).values().iterator().next();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(want.dim(0) + 1, lines.size());
        assertFalse(lines.get(0).matches(".*\\d\\.\\d.*"), lines.get(0));
        Tensor got = CsvIO.read(out, want.shape().dropFirst(), false, null, "y.csv");
        CliTest.assertClose(want, got, "csv");
    }
}
