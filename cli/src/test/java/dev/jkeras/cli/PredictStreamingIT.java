package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory: 20,000 images (245 MB of float32) through the jar in a JVM with -Xmx64m, which could not hold the
 * input, from a .npy and from an .npz, to .npy and .csv. Sample i is image i % 6 of testdata/cli-inputs/rgb_set, so
 * each output row must equal Keras's output for that image.
 */
class PredictStreamingIT {
    static final int N = 20_000;

    @TempDir
    Path tmp;

    @Test
    void twentyThousandImagesInSixtyFourMegabytes() throws IOException, InterruptedException {
        Map<String, Tensor> pixels = NpyIO.readNpz(PredictIT.INPUTS.resolve("pixels.npz"));
        List<float[]> images = new ArrayList<>();
        for (String k : List.of("a_rgb_rgb", "b_rgba_rgb", "c_palette_rgb", "d_gray_rgb", "e_bilevel_rgb", "f_rgb_rgb")) images.add(pixels.get(k).data());
        Tensor keras = NpyIO.readNpz(PredictIT.INPUTS.resolve("expected.npz")).get("rgb_set");
        int per = 32 * 32 * 3;

        Path npy = tmp.resolve("big.npy");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(npy), 1 << 16)) {
            NpyIO.writeHeader(o, "<f4", new int[] {N, 32, 32, 3});
            ByteBuffer row = ByteBuffer.allocate(per * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < N; i++) {
                row.clear();
                row.asFloatBuffer().put(images.get(i % 6));
                o.write(row.array());
            }
        }
        Path npz = tmp.resolve("big.npz");
        storeInZip(npy, npz, "image.npy");

        Path model = JarCli.fixtureFile("cli_image_rgb", "keras3", "model.keras");
        for (Path in : List.of(npy, npz)) {
            Path out = tmp.resolve("y.npy");
            run("predict", model.toString(), "-i", in.toString(), "-o", out.toString(), "-b", "64");
            Tensor y = NpyIO.readNpy(out);
            assertEquals(Shape.of(N, 3), y.shape());
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < 3; j++) {
                    float w = keras.data()[(i % 6) * 3 + j], g = y.data()[i * 3 + j];
                    if (!(Math.abs(g - w) <= 1e-5 + 1e-4 * Math.abs(w))) fail(in + " row " + i + ": want " + w + ", got " + g);
                }
            }
        }
        Path csv = tmp.resolve("y.csv");
        run("predict", model.toString(), "-i", npy.toString(), "-o", csv.toString());
        try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            assertEquals(N + 1, lines.count());
        }
    }

    private static void storeInZip(Path file, Path zip, String name) throws IOException {
        CRC32 crc = new CRC32();
        try (var in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) crc.update(b, 0, n);
        }
        try (ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
            ZipEntry e = new ZipEntry(name);
            e.setMethod(ZipEntry.STORED);
            e.setSize(Files.size(file));
            e.setCompressedSize(Files.size(file));
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            Files.copy(file, z);
            z.closeEntry();
        }
    }

    /** The jar in a JVM with 64 MB of heap. */
    private static void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError", "-jar", JarCli.JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("did not finish in 300 s");
        }
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        assertTrue(out.length == 0, new String(out, StandardCharsets.UTF_8));
    }
}
