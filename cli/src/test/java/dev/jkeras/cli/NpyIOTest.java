package dev.jkeras.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.cli.NpyIO.DType;
import dev.jkeras.error.InputException;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** .npy/.npz/JSON: round trips for every dtype, byte-for-byte agreement with numpy, and corrupt files. */
class NpyIOTest {
    @TempDir
    Path tmp;

    /** np.save of [[0,1,2],[3,-4,5]] (abs for unsigned, != 0 for bool) in each dtype, by numpy 2.4. */
    static final String[][] NUMPY = {
        {"<f2", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA8AEAAQgDEAEU="},
        {"<f4", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBAAACAwAAAoEA="},
        {"<f8", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEAAAAAAAAAIQAAAAAAAABDAAAAAAAAAFEA="},
        {"|i1", "k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQID/AU="},
        {"<i2", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAEAAgADAPz/BQA="},
        {"<i4", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAQAAAAIAAAADAAAA/P///wUAAAA="},
        {"<i8", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAEAAAAAAAAAAgAAAAAAAAADAAAAAAAAAPz/////////BQAAAAAAAAA="},
        {"|u1", "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQIDBAU="},
        {"<u2", "k05VTVBZAQB2AHsnZGVzY3InOiAnPHUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAEAAgADAAQABQA="},
        {"<u4", "k05VTVBZAQB2AHsnZGVzY3InOiAnPHU0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAQAAAAIAAAADAAAABAAAAAUAAAA="},
        {"<u8", "k05VTVBZAQB2AHsnZGVzY3InOiAnPHU4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAEAAAAAAAAAAgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAA="},
        {"|b1", "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQEBAQE="},
    };

    static List<String[]> numpyFiles() {
        return List.of(NUMPY);
    }

    private static float[] expected(String descr) {
        if (descr.equals("|b1")) return new float[] {0, 1, 1, 1, 1, 1};
        if (descr.charAt(1) == 'u') return new float[] {0, 1, 2, 3, 4, 5};
        return new float[] {0, 1, 2, 3, -4, 5};
    }

    private static DType dtype(String descr) {
        for (DType t : DType.values()) if (t.descr(ByteOrder.LITTLE_ENDIAN).equals(descr)) return t;
        throw new AssertionError(descr);
    }

    private static Tensor read(byte[] bytes) throws IOException {
        return NpyIO.readNpy(new ByteArrayInputStream(bytes), bytes.length, "test.npy", dev.jkeras.load.LoadLimits.DEFAULTS);
    }

    private static Tensor read(String base64) throws IOException {
        return read(Base64.getDecoder().decode(base64));
    }

    private static byte[] write(Tensor t, DType d, ByteOrder o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyIO.writeNpy(out, t, d, o);
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyFiles")
    void readsNumpyFilesOfEveryDtype(String descr, String base64) throws IOException {
        Tensor t = read(base64);
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(expected(descr), t.data());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyFiles")
    void writesTheSameBytesAsNumpy(String descr, String base64) throws IOException {
        Tensor t = Tensor.of(Shape.of(2, 3), expected(descr));
        assertArrayEquals(Base64.getDecoder().decode(base64), write(t, dtype(descr), ByteOrder.LITTLE_ENDIAN));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsEveryDtypeInBothByteOrders(DType d) throws IOException {
        float[] v = d == DType.BOOL ? new float[] {1, 0, 1, 1, 0, 0, 1, 0}
                : d.code.startsWith("u") ? new float[] {0, 1, 2, 3, 100, 127, 7, 8}
                : new float[] {0, -1, 2, -3, 100, -128, 127, 5};
        if (d.code.startsWith("f")) v[1] = -0.5f;
        Tensor t = Tensor.of(Shape.of(2, 2, 2), v);
        for (ByteOrder o : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            Tensor back = read(write(t, d, o));
            assertEquals(t.shape(), back.shape(), d + " " + o);
            assertArrayEquals(v, back.data(), d + " " + o);
        }
    }

    @Test
    void roundTripsThroughFiles() throws IOException {
        float[] v = {1.5f, -2e-7f, 3.4e38f, Float.MIN_VALUE, -0f, 42f};
        Path p = tmp.resolve("x.npy");
        NpyIO.writeNpy(p, Tensor.of(Shape.of(3, 2), v));
        Tensor t = NpyIO.readNpy(p);
        assertEquals(Shape.of(3, 2), t.shape());
        assertArrayEquals(v, t.data());
        assertFalse(NpyIO.isZip(p));
    }

    @Test
    void readsBigEndianFromNumpy() throws IOException {
        Tensor f8 = read("k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAAAAAMACAAAAAAAAP1BiTdLxqfw=");
        assertEquals(Shape.of(3), f8.shape());
        assertArrayEquals(new float[] {1.5f, -2.25f, (float) 1e-3}, f8.data());
        Tensor i4 = read("k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDEpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAH////+A==");
        assertEquals(Shape.of(2, 1), i4.shape());
        assertArrayEquals(new float[] {7, -8}, i4.data());
    }

    @Test
    void readsFloat16SpecialValuesLikeNumpy() throws IOException {
        Tensor t = read("k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDYsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAP+D/3sAfAD8Zi4=");
        // numpy: np.array([6e-8, -6.1e-5, 65504, inf, -inf, 0.1], dtype='<f2').astype(np.float32)
        assertArrayEquals(new float[] {5.960464477539063e-08f, -6.097555160522461e-05f, 65504f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.0999755859375f}, t.data());
    }

    @Test
    void float16ConversionMatchesEveryHalfValue() {
        for (int h = 0; h < 0x10000; h++) {
            float f = dev.jkeras.tensor.Float16.toFloat((short) h);
            if (Float.isNaN(f)) continue;
            assertEquals((short) h, dev.jkeras.tensor.Float16.fromFloat(f), "half 0x" + Integer.toHexString(h));
        }
        assertEquals((short) 0x3c00, dev.jkeras.tensor.Float16.fromFloat(1.0004f));   // rounds down to 1
        assertEquals((short) 0x3c01, dev.jkeras.tensor.Float16.fromFloat(1.0007f));   // rounds up
        assertEquals((short) 0x7c00, dev.jkeras.tensor.Float16.fromFloat(70000f));    // overflow to inf
        assertEquals((short) 0x0000, dev.jkeras.tensor.Float16.fromFloat(1e-9f));     // underflow to 0
    }

    @Test
    void readsVersion2And3HeadersScalarsAndEmptyArrays() throws IOException {
        for (String b64 : List.of(
                "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBA",
                "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBA")) {
            Tensor t = read(b64);
            assertEquals(Shape.of(2, 2), t.shape());
            assertArrayEquals(new float[] {0, 1, 2, 3}, t.data());
        }
        Tensor scalar = read("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAGBA");
        assertEquals(Shape.of(), scalar.shape());
        assertArrayEquals(new float[] {3.5f}, scalar.data());
        Tensor empty = read("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=");
        assertEquals(Shape.of(0, 3), empty.shape());
        // and our own writer round-trips those shapes
        assertEquals(Shape.of(), read(write(scalar, DType.FLOAT32, ByteOrder.LITTLE_ENDIAN)).shape());
        assertEquals(Shape.of(0, 3), read(write(empty, DType.FLOAT32, ByteOrder.LITTLE_ENDIAN)).shape());
    }

    @Test
    void writesVersion2WhenTheHeaderIsTooLongForVersion1() throws IOException {
        int[] dims = new int[30000];
        java.util.Arrays.fill(dims, 1);
        byte[] b = write(Tensor.of(Shape.of(dims), new float[] {7}), DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, b[6]);
        assertEquals(0, (b.length - 4) % 64); // data starts on a 64-byte boundary
        Tensor t = read(b);
        assertEquals(30000, t.rank());
        assertArrayEquals(new float[] {7}, t.data());
    }

    @Test
    void refusesFortranOrder() {
        InputException e = assertThrows(InputException.class, () -> read("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA="));
        assertTrue(e.getMessage().contains("Fortran order"), e.getMessage());
    }

    @Test
    void refusesObjectAndComplexDtypes() {
        for (String d : List.of("|O", "<c8")) {
            InputException e = assertThrows(InputException.class,
                    () -> read(npyWithHeader("{'descr': '" + d + "', 'fortran_order': False, 'shape': (1,), }", 8)));
            assertTrue(e.getMessage().contains("'" + d + "' is not supported"), e.getMessage());
        }
    }

    /** np.save of np.array([['a', 'Ü😀'], ['', 'xyz']]) (numpy 2.4: '<U3'). */
    static final String NUMPY_U3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPFUzJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAphAAAAAAAAAAAAAADcAAAAAPYBAAAAAAAAAAAAAAAAAAAAAAB4AAAAeQAAAHoAAAA=";

    @Test
    void readsAndWritesUnicodeArraysLikeNumpy() throws IOException {
        Tensor t = read(NUMPY_U3);
        assertTrue(t.isString());
        assertEquals(Shape.of(2, 2), t.shape());
        assertArrayEquals(new String[] {"a", "Ü😀", "", "xyz"}, t.strings());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyIO.writeStrings(out, t);
        assertArrayEquals(Base64.getDecoder().decode(NUMPY_U3), out.toByteArray());
    }

    @Test
    void readsByteStringsAsUtf8AndBigEndianUnicode() throws IOException {
        // np.array([b'caf\xc3\xa9', b'', b'ab'], dtype='S'), np.array(['big', 'endiañ'], dtype='>U6')
        Tensor s = read("k05VTVBZAQB2AHsnZGVzY3InOiAnfFM1JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIApjYWbDqQAAAAAAYWIAAAA=");
        assertArrayEquals(new String[] {"café", "", "ab"}, s.strings());
        Tensor u = read("k05VTVBZAQB2AHsnZGVzY3InOiAnPlU2JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAABiAAAAaQAAAGcAAAAAAAAAAAAAAAAAAABlAAAAbgAAAGQAAABpAAAAYQAAAPE=");
        assertArrayEquals(new String[] {"big", "endiañ"}, u.strings());
    }

    @Test
    void badStringDataIsAClearError() {
        byte[] notUtf8 = npyWithHeader("{'descr': '|S2', 'fortran_order': False, 'shape': (1,), }", 2);
        notUtf8[notUtf8.length - 2] = (byte) 0xc3;
        notUtf8[notUtf8.length - 1] = (byte) 0x28;
        InputException e = assertThrows(InputException.class, () -> read(notUtf8));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        byte[] surrogate = npyWithHeader("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }", 4);
        ByteBuffer.wrap(surrogate).order(ByteOrder.LITTLE_ENDIAN).putInt(surrogate.length - 4, 0xd800);
        e = assertThrows(InputException.class, () -> read(surrogate));
        assertTrue(e.getMessage().contains("not a Unicode code point"), e.getMessage());
        InputException t = assertThrows(InputException.class,
                () -> read(npyWithHeader("{'descr': '<U1000', 'fortran_order': False, 'shape': (1000,), }", 16)));
        assertTrue(t.getMessage().contains("truncated or corrupt"), t.getMessage());
    }

    @Test
    void stringTensorsRoundTripThroughNpyNpzAndJson() throws IOException {
        Tensor t = Tensor.ofStrings(Shape.of(3, 1), new String[] {"Hello, World!", "", "ÜnÏcode 😀 \"q\"\n"});
        Path npy = tmp.resolve("s.npy");
        NpyIO.writeNpy(npy, t);
        assertArrayEquals(t.strings(), NpyIO.readNpy(npy).strings());
        Path npz = tmp.resolve("s.npz");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("text", t);
        m.put("x", Tensor.of(Shape.of(2), new float[] {1, 2}));
        NpyIO.writeNpz(npz, m);
        Map<String, Tensor> back = NpyIO.readNpz(npz);
        assertArrayEquals(t.strings(), back.get("text").strings());
        assertArrayEquals(new float[] {1, 2}, back.get("x").data());
        Path json = tmp.resolve("s.json");
        Files.writeString(json, NpyIO.toJson(m));
        NpyIO.JsonArrays j = NpyIO.readJson(json);
        assertEquals(Shape.of(3, 1), j.named().get("text").shape());
        assertArrayEquals(t.strings(), j.named().get("text").strings());
        assertArrayEquals(new float[] {1, 2}, j.named().get("x").data());
    }

    @Test
    void readsJsonArrays() throws IOException {
        Path p = tmp.resolve("a.json");
        Files.writeString(p, "[[1, 2.5, true], [false, null, -16777216]]");
        NpyIO.JsonArrays a = NpyIO.readJson(p);
        assertEquals(Shape.of(2, 3), a.array().shape());
        assertArrayEquals(new float[] {1, 2.5f, 1, 0, Float.NaN, -16777216}, a.array().data());
        Files.writeString(p, "[[], []]");
        assertEquals(Shape.of(2, 0), NpyIO.readJson(p).array().shape());
        Files.writeString(p, "{\"a\": [\"x\", \"\"], \"b\": {\"shape\": [1], \"data\": [3]}}");
        a = NpyIO.readJson(p);
        assertArrayEquals(new String[] {"x", ""}, a.named().get("a").strings());
        assertArrayEquals(new float[] {3}, a.named().get("b").data());
    }

    @Test
    void badJsonInputsAreClearErrors() throws IOException {
        Path p = tmp.resolve("bad.json");
        for (String[] c : new String[][] {
                {"[[1, 2], [3]]", "not rectangular"},
                {"[[1, 2], 3]", "not rectangular"},
                {"[[[]], [1]]", "not rectangular"},
                {"[1, \"a\"]", "mixes strings and numbers"},
                {"[16777217]", "beyond ±2^24"},
                {"[1, 2", "not valid JSON"},
                {"[1] [2]", "after the JSON value"},
                {"3", "expected a JSON array"},
                {"{\"a\": 3}", "expected a nested array"},
                {"{\"a\": {\"shape\": [3], \"data\": [1]}}", "\"shape\" says (3,)"},
                {"[{}]", "expected numbers or strings"},
        }) {
            Files.writeString(p, c[0]);
            InputException e = assertThrows(InputException.class, () -> NpyIO.readJson(p), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("bad.json"), c[0] + ": " + e.getMessage());
        }
    }

    private static byte[] npyWithHeader(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        return b.array();
    }

    @Test
    void hugeClaimedShapeIsAnErrorNotAnOutOfMemoryError() {
        byte[] b = npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (50000, 40000), }\n", 16);
        InputException e = assertThrows(InputException.class, () -> read(b));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        byte[] b2 = npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000, 4000000000), }\n", 16);
        assertTrue(assertThrows(InputException.class, () -> read(b2)).getMessage().contains("too large"));
        byte[] b3 = npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 2), }\n", 16);
        assertTrue(assertThrows(InputException.class, () -> read(b3)).getMessage().contains("malformed"));
    }

    @Test
    void corruptHeadersAreClearErrors() {
        assertThrows(InputException.class, () -> read("not numpy at all".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(InputException.class, () -> read(new byte[] {(byte) 0x93, 'N', 'U'}));
        assertThrows(InputException.class, () -> read(npyWithHeader("{'descr': '<f4', 'shape': (2,), }\n", 8)));
        assertThrows(InputException.class, () -> read(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,\n", 8)));
        assertThrows(InputException.class, () -> read(npyWithHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }\n", 8)));
        assertThrows(InputException.class, () -> read(npyWithHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }\n", 16)));
        // header says 2 floats, file holds 1
        assertThrows(InputException.class, () -> read(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 4)));
        byte[] v9 = npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", 4);
        v9[6] = 9;
        assertTrue(assertThrows(InputException.class, () -> read(v9)).getMessage().contains("version 9.0"));
        // Python 2 era headers with long literals still parse
        assertDoesNotThrowRead(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }\n", 8));
    }

    private static void assertDoesNotThrowRead(byte[] b) {
        try {
            assertEquals(Shape.of(1, 2), read(b).shape());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesIntegersThatFloat32CannotHoldExactly() throws IOException {
        long limit = 1L << 24;
        Tensor ok = read(writeLongs(new long[] {0, limit, -limit, 3}, "<i8"));
        assertArrayEquals(new float[] {0, 16777216f, -16777216f, 3}, ok.data());
        for (String dt : List.of("<i8", "<u8")) {
            InputException e = assertThrows(InputException.class, () -> read(writeLongs(new long[] {1, 2, limit + 1, 4}, dt)));
            assertTrue(e.getMessage().contains("[1, 0]") && e.getMessage().contains("16777217"), e.getMessage());
        }
        assertThrows(InputException.class, () -> read(writeLongs(new long[] {-(limit + 1), 0, 0, 0}, "<i8")));
        assertThrows(InputException.class, () -> read(writeLongs(new long[] {-1, 0, 0, 0}, "<u8"))); // 2^64-1
        // int32 too
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyIO.writeNpy(out, Tensor.of(Shape.of(1), new float[] {0}), DType.INT32, ByteOrder.LITTLE_ENDIAN);
        byte[] b = out.toByteArray();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) limit + 1);
        assertThrows(InputException.class, () -> read(b));
    }

    /** An int64/uint64 .npy of shape (2, 2) holding exactly these values. */
    private static byte[] writeLongs(long[] v, String descr) throws IOException {
        byte[] b = write(Tensor.of(Shape.of(2, 2), new float[4]), descr.equals("<u8") ? DType.UINT64 : DType.INT64, ByteOrder.LITTLE_ENDIAN);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) bb.putLong(b.length - 32 + 8 * i, v[i]);
        return b;
    }

    @Test
    void npzRoundTripStoredAndDeflated() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("out_main", Tensor.of(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6}));
        m.put("lstm:1", Tensor.of(Shape.of(1), new float[] {-0.25f}));
        for (boolean compressed : List.of(false, true)) {
            Path p = tmp.resolve("o" + compressed + ".npz");
            NpyIO.writeNpz(p, m, compressed);
            assertTrue(NpyIO.isZip(p));
            Map<String, Tensor> back = NpyIO.readNpz(p);
            assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()));
            for (String k : m.keySet()) {
                assertEquals(m.get(k).shape(), back.get(k).shape());
                assertArrayEquals(m.get(k).data(), back.get(k).data());
            }
        }
    }

    @Test
    void readsNumpyNpzFiles() throws IOException {
        Path p = tmp.resolve("c.npz");
        // np.savez_compressed(f, x=np.arange(6, dtype='<f4').reshape(2,3), y=np.array([1,2,3], dtype='<i8'))
        Files.write(p, Base64.getDecoder().decode("UEsDBC0AAAAIAAAAIQBP6QAq//////////8FABQAeC5ucHkBABAAmAAAAAAAAABVAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CsaaOgq1CmQDLgYwaLAHEg5ABMQNQLzAAQBQSwMELQAAAAgAAAAhALyRVY7//////////wUAFAB5Lm5weQEAEACYAAAAAAAAAE0AAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgbpNpoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaxjqaOgq1ChQALkYGCGCC0sxQGgBQSwECLQMtAAAACAAAACEAT+kAKlUAAACYAAAABQAAAAAAAAAAAAAAgAEAAAAAeC5ucHlQSwECLQMtAAAACAAAACEAvJFVjk0AAACYAAAABQAAAAAAAAAAAAAAgAGMAAAAeS5ucHlQSwUGAAAAAAIAAgBmAAAAEAEAAAAA"));
        Map<String, Tensor> m = NpyIO.readNpz(p);
        assertEquals(List.of("x", "y"), List.copyOf(m.keySet()));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m.get("x").data());
        assertEquals(Shape.of(2, 3), m.get("x").shape());
        assertArrayEquals(new float[] {1, 2, 3}, m.get("y").data());
    }

    @Test
    void corruptNpzIsAClearError() throws IOException {
        Path p = tmp.resolve("bad.npz");
        Files.write(p, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        assertThrows(InputException.class, () -> NpyIO.readNpz(p));
        assertThrows(InputException.class, () -> NpyIO.readNpy(tmp.resolve("missing.npy")));
    }

    @Test
    void jsonHasShapeAndNestedData() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("probs", Tensor.of(Shape.of(2, 3), new float[] {0.1f, 0.2f, 0.7f, 1, -2.5e-7f, Float.NaN}));
        m.put("s\"q", Tensor.scalar(4));
        assertEquals("{\n"
                + "  \"probs\": {\"shape\": [2, 3], \"data\": [[0.1, 0.2, 0.7], [1.0, -2.5E-7, null]]},\n"
                + "  \"s\\\"q\": {\"shape\": [], \"data\": 4.0}\n"
                + "}\n", NpyIO.toJson(m));
    }
}
