package dev.jkeras.serve;

import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Open Inference Protocol's binary tensor data extension (what tritonclient sends by default): raw little-endian
 * elements after the JSON header, BOOL one byte each, BYTES each a 4-byte little-endian length then the bytes.
 */
final class BinaryTensors {
    private BinaryTensors() {}

    /**
     * Reads {@code size} bytes at {@code offset} of {@code body} as {@code count} elements of v2 {@code datatype},
     * into values checked later as JSON data is ({@link JsonTensors.Values#toTensor}).
     */
    static JsonTensors.Values read(byte[] body, int offset, int size, String datatype, long count, String what) {
        ByteBuffer b = ByteBuffer.wrap(body, offset, size).slice().order(ByteOrder.LITTLE_ENDIAN);
        JsonTensors.Values v = new JsonTensors.Values();
        if (datatype.equals("BYTES")) {
            v.kinds = JsonTensors.Values.STRING;
            while (b.hasRemaining()) {
                if (b.remaining() < 4) throw HttpError.badRequest(what + ": BYTES data ends inside an element's 4-byte length");
                long len = b.getInt() & 0xffffffffL;
                if (len > b.remaining()) throw HttpError.badRequest(what + ": a BYTES element of " + len + " bytes runs past its binary_data_size");
                byte[] s = new byte[(int) len];
                b.get(s);
                v.addString(JsonTensors.utf8(s, what));
            }
            return v;
        }
        int width = width(datatype);
        if (width == 0) throw HttpError.badRequest(what + ": unknown datatype '" + datatype + "'");
        if ((long) width * count != size) {
            throw HttpError.badRequest(what + ": binary_data_size is " + size + " bytes, its shape needs " + count + " " + datatype + " elements of "
                    + width + " bytes");
        }
        for (long i = 0; i < count; i++) {
            switch (datatype) {
                case "FP32" -> number(v, b.getFloat());
                case "FP64" -> number(v, (float) b.getDouble());
                case "FP16" -> number(v, dev.jkeras.tensor.Float16.toFloat(b.getShort()));
                case "BF16" -> number(v, Float.intBitsToFloat((b.getShort() & 0xffff) << 16));
                case "BOOL" -> {
                    v.kinds |= JsonTensors.Values.BOOL;
                    v.addNumber(b.get() != 0 ? 1f : 0f);
                }
                case "INT8" -> integer(v, b.get());
                case "INT16" -> integer(v, b.getShort());
                case "INT32" -> integer(v, b.getInt());
                case "INT64" -> integer(v, b.getLong());
                case "UINT8" -> integer(v, b.get() & 0xff);
                case "UINT16" -> integer(v, b.getShort() & 0xffff);
                case "UINT32" -> integer(v, b.getInt() & 0xffffffffL);
                case "UINT64" -> {
                    long l = b.getLong();
                    if (l < 0) {
                        if (v.badInt == null) v.badInt = Long.toUnsignedString(l);
                        v.kinds |= JsonTensors.Values.INT;
                        v.addNumber(Float.POSITIVE_INFINITY);
                    } else {
                        integer(v, l);
                    }
                }
                default -> throw new IllegalStateException(datatype);
            }
        }
        return v;
    }

    private static void number(JsonTensors.Values v, float f) {
        v.kinds |= JsonTensors.Values.FLOAT;
        v.addNumber(f);
    }

    private static void integer(JsonTensors.Values v, long l) {
        v.kinds |= JsonTensors.Values.INT;
        v.addInteger(l);
    }

    /** Bytes per element of a fixed-width v2 datatype, 0 for BYTES and unknown names. */
    static int width(String datatype) {
        return switch (datatype) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "FP16", "BF16", "INT16", "UINT16" -> 2;
            case "FP32", "INT32", "UINT32" -> 4;
            case "FP64", "INT64", "UINT64" -> 8;
            default -> 0;
        };
    }

    /** Writes {@code t} as binary data of v2 {@code datatype} (the output's Keras dtype). */
    static void write(ByteArrayOutputStream out, Tensor t, DType dtype) {
        if (t.isString()) {
            for (String s : t.strings()) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
                out.writeBytes(bytes);
            }
            return;
        }
        String datatype = Datatypes.v2(dtype);
        int width = width(datatype);
        float[] d = t.data();
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(width, d.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : d) {
            switch (datatype) {
                case "FP32" -> b.putFloat(f);
                case "FP64" -> b.putDouble(f);
                case "BOOL" -> b.put((byte) (f != 0 ? 1 : 0));
                case "INT8", "UINT8" -> b.put((byte) (long) f);
                case "INT16", "UINT16" -> b.putShort((short) (long) f);
                case "INT32", "UINT32" -> b.putInt((int) (long) f);
                case "INT64", "UINT64" -> b.putLong((long) f);
                default -> throw new IllegalStateException(datatype);
            }
        }
        out.writeBytes(b.array());
    }

    /** The byte size {@link #write} gives. */
    static int size(Tensor t, DType dtype) {
        if (!t.isString()) return Math.multiplyExact(width(Datatypes.v2(dtype)), t.size());
        long n = 0;
        for (String s : t.strings()) n += 4 + s.getBytes(StandardCharsets.UTF_8).length;
        return Math.toIntExact(n);
    }
}
