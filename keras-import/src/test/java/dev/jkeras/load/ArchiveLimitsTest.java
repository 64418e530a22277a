package dev.jkeras.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.load.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, defects 3, 5, 10: the one zip reader, duplicate members, and the load limits. Hostile zips are made here. */
class ArchiveLimitsTest {
    static final Path HOSTILE = testdata().resolve("hostile");

    @TempDir
    Path tmp;

    @Test
    void duplicateMemberNamesAreRefusedNamingTheMember() throws IOException {
        Path mlp = testdata().resolve("fixtures/attn_rank2_causal/keras3/model.keras");
        List<Entry> entries = new ArrayList<>();
        try (ZipArchive z = ZipArchive.open(mlp, "mlp", LoadLimits.DEFAULTS)) {
            for (ZipArchive.Member m : z.members()) entries.add(new Entry(m.name(), z.readBytes(m, Long.MAX_VALUE, "maxMemberBytes"), false));
            entries.add(new Entry("model.weights.h5", z.readBytes(z.find("model.weights.h5"), Long.MAX_VALUE, "maxMemberBytes"), false));
        }
        Path dup = write("dup.keras", entries);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(dup));
        assertTrue(e.getMessage().contains("member 'model.weights.h5' twice"), e.getMessage());
        assertThrows(ModelFormatException.class, () -> KerasModels.load(HOSTILE.resolve("keras_duplicate_weights.keras")));
    }

    @Test
    void aConfigBombIsRefusedWhileStreaming() throws IOException {
        byte[] big = new byte[3 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        Path bomb = write("bomb.keras", List.of(new Entry("config.json", big, true)));
        LoadLimits small = LoadLimits.DEFAULTS.withMaxConfigBytes(1 << 20);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(bomb, small));
        assertTrue(e.getMessage().contains("maxConfigBytes") && e.getMessage().contains("--max-config-bytes"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> KerasModels.load(HOSTILE.resolve("keras_config_bomb.keras")));
        assertTrue(e.getMessage().contains("unpacks to more than"), e.getMessage());
    }

    @Test
    void theDirectoryIsTheTruthNotTheHeaders() throws IOException {
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
        Path p = write("lie.zip", List.of(new Entry("a.txt", text, true)));
        byte[] b = Files.readAllBytes(p);
        int cd = indexOf(b, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(cd + 24, 1 << 30); // the directory claims 1 GiB
        Files.write(p, b);
        try (ZipArchive z = ZipArchive.open(p, "lie.zip", LoadLimits.DEFAULTS)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> z.readBytes(z.members().get(0), 1 << 20, "maxMemberBytes"));
            assertTrue(e.getMessage().contains("holds 5 bytes but its directory entry says 1073741824"), e.getMessage());
        }
        Path ok = write("ok.zip", List.of(new Entry("a.txt", text, true), new Entry("b.txt", text, false)));
        try (ZipArchive z = ZipArchive.open(ok, "ok.zip", LoadLimits.DEFAULTS)) {
            assertEquals(2, z.members().size());
            assertArrayEquals(text, z.readBytes(z.find("a.txt"), 100, "maxMemberBytes"));
            assertEquals("hello", z.readText(z.find("b.txt")));
            assertThrows(ModelFormatException.class, () -> z.readBytes(z.find("b.txt"), 4, "maxMemberBytes"));
        }
        byte[] c = Files.readAllBytes(ok);
        c[indexOf(c, new byte[] {'P', 'K', 1, 2}) + 16] ^= 1; // CRC
        Path crc = tmp.resolve("crc.zip");
        Files.write(crc, c);
        try (ZipArchive z = ZipArchive.open(crc, "crc.zip", LoadLimits.DEFAULTS)) {
            assertTrue(assertThrows(ModelFormatException.class, () -> z.readText(z.find("a.txt"))).getMessage().contains("CRC"));
        }
    }

    @Test
    void compressedWeightsMayNotUnpackBeyondTheFileSize() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(HOSTILE.resolve("h5_unwritten_huge_kernel.h5")));
        assertTrue(e.getMessage().contains("maxExpansion"), e.getMessage());
        LoadLimits few = LoadLimits.DEFAULTS.withMaxTensorElements(1000);
        e = assertThrows(ModelFormatException.class, () -> KerasModels.load(HOSTILE.resolve("h5_unwritten_huge_kernel.h5"), few));
        assertTrue(e.getMessage().contains("maxTensorElements"), e.getMessage());
    }

    @Test
    void jsonDepthAndSizeAreLimited() {
        String deep = "[".repeat(50) + "]".repeat(50);
        LoadLimits l = LoadLimits.DEFAULTS.withMaxJsonDepth(10);
        assertTrue(assertThrows(ModelFormatException.class, () -> Json.parse(deep, "deep", l)).getMessage().contains("maxJsonDepth"));
        assertEquals(List.of(), unwrap(Json.parse(deep, "deep", LoadLimits.DEFAULTS), 49));
        assertThrows(ModelFormatException.class, () -> Json.parse("[1, 2, 3]", "big", LoadLimits.DEFAULTS.withMaxConfigBytes(4)));
        assertThrows(IllegalArgumentException.class, () -> LoadLimits.DEFAULTS.withMaxJsonDepth(0));
    }

    @Test
    void aStreamIsSpooledWithinTheTotalLimit() throws IOException {
        byte[] model = Files.readAllBytes(testdata().resolve("fixtures/pool_gap1d_mask/keras3/model.keras"));
        LoadLimits l = LoadLimits.DEFAULTS.withMaxTotalBytes(1000);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(new java.io.ByteArrayInputStream(model), l));
        assertTrue(e.getMessage().contains("maxTotalBytes"), e.getMessage());
        KerasModels.load(new java.io.ByteArrayInputStream(model));
    }

    private static Object unwrap(Object v, int times) {
        for (int i = 0; i < times; i++) v = ((List<?>) v).get(0);
        return v;
    }

    record Entry(String name, byte[] data, boolean deflate) {}

    /** A zip written byte by byte, so that it may hold what java.util.zip refuses to write (duplicates). */
    private Path write(String name, List<Entry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream cd = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] data = e.data;
            if (e.deflate) {
                Deflater d = new Deflater(9, true);
                d.setInput(e.data);
                d.finish();
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                byte[] buf = new byte[1 << 16];
                while (!d.finished()) c.write(buf, 0, d.deflate(buf));
                d.end();
                data = c.toByteArray();
            }
            CRC32 crc = new CRC32();
            crc.update(e.data);
            byte[] n = e.name.getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            ByteBuffer lh = le(30 + n.length).putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) (e.deflate ? 8 : 0))
                    .putInt(0).putInt((int) crc.getValue()).putInt(data.length).putInt(e.data.length).putShort((short) n.length).putShort((short) 0).put(n);
            out.write(lh.array());
            out.write(data);
            ByteBuffer ch = le(46 + n.length).putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                    .putShort((short) (e.deflate ? 8 : 0)).putInt(0).putInt((int) crc.getValue()).putInt(data.length).putInt(e.data.length)
                    .putShort((short) n.length).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(n);
            cd.write(ch.array());
        }
        int cdOffset = out.size();
        out.write(cd.toByteArray());
        out.write(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(cd.size()).putInt(cdOffset).putShort((short) 0).array());
        Path p = tmp.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int indexOf(byte[] b, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= b.length; i++) {
            for (int k = 0; k < pat.length; k++) if (b[i + k] != pat[k]) continue outer;
            return i;
        }
        return -1;
    }

    static Path testdata() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/hostile"))) return p.resolve("testdata");
        }
        throw new IllegalStateException("no testdata/ above " + Path.of("").toAbsolutePath());
    }
}
