package dev.jkeras.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jkeras.tensor.DType;
import dev.jkeras.tensor.Shape;
import dev.jkeras.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Tensors as JSON values: a scalar or nested arrays of numbers, booleans or strings ({@code {"b64": ...}} objects are
 * strings too, as TensorFlow Serving writes binary data). Numbers are read as NumPy reads a JSON list into a float32
 * array: parsed to double, then rounded to float32; integers are checked against the ±2^24 that float32 holds
 * exactly, so no value is ever rounded silently.
 */
final class JsonTensors {
    private JsonTensors() {}

    /** One JSON value read: its nesting shape and its scalars, numbers as float32 or strings. */
    static final class Values {
        static final int INT = 1, FLOAT = 2, BOOL = 4, STRING = 8;
        int kinds;
        int[] shape;
        float[] numbers = new float[16];
        List<String> strings;
        int count;
        long minInt = Long.MAX_VALUE, maxInt = Long.MIN_VALUE;
        String badInt; // the text of an integer float32 cannot hold exactly, if any

        void addInteger(long l) {
            if (Math.abs(l) > DType.EXACT_INT_LIMIT && badInt == null) badInt = Long.toString(l);
            minInt = Math.min(minInt, l);
            maxInt = Math.max(maxInt, l);
            addNumber((float) l);
        }

        void addNumber(float v) {
            if (count == numbers.length) numbers = Arrays.copyOf(numbers, Math.max(16, count * 2));
            numbers[count++] = v;
        }

        void addString(String s) {
            if (strings == null) strings = new ArrayList<>();
            strings.add(s);
            count++;
        }

        /** The values of {@code parts} one after another (their shapes are the caller's business). */
        static Values concat(List<Values> parts) {
            Values all = new Values();
            int total = 0;
            for (Values v : parts) total = Math.addExact(total, v.count);
            all.numbers = new float[total];
            for (Values v : parts) {
                all.kinds |= v.kinds;
                all.minInt = Math.min(all.minInt, v.minInt);
                all.maxInt = Math.max(all.maxInt, v.maxInt);
                if (all.badInt == null) all.badInt = v.badInt;
                if (v.strings != null) {
                    if (all.strings == null) all.strings = new ArrayList<>(total);
                    all.strings.addAll(v.strings);
                } else {
                    System.arraycopy(v.numbers, 0, all.numbers, all.count, v.count);
                }
                all.count += v.count;
            }
            if (all.strings != null && all.strings.size() != all.count) all.kinds |= STRING | INT; // mixed: refused by check
            return all;
        }

        /** True if the value was a scalar or nested lists, all rows of equal length. */
        boolean rectangular() {
            return shape != null;
        }

        /**
         * The values as a tensor of {@code shape}, checked against {@code dtype} (the dtype the request or the model
         * gives them): numbers for numeric dtypes (whole and within range for integer ones), true/false for bool,
         * strings for string. {@code what} names the tensor in messages.
         */
        Tensor toTensor(Shape shape, DType dtype, String what) {
            long size = 1;
            for (int d : shape.dims()) {
                if (d < 0) throw HttpError.badRequest(what + ": negative dimension in shape " + shape);
                size = Math.multiplyExact(size, Math.max(d, 0));
                if (size > Integer.MAX_VALUE) throw HttpError.badRequest(what + ": shape " + shape + " is too large");
            }
            if (size != count) {
                throw HttpError.badRequest(what + ": shape " + shape + " needs " + size + " values, the data holds " + count);
            }
            check(dtype, what);
            if (dtype == DType.STRING) return Tensor.ofStrings(shape, strings == null ? new String[0] : strings.toArray(new String[0]));
            return Tensor.of(shape, count == numbers.length ? numbers : Arrays.copyOf(numbers, count));
        }

        private void check(DType dtype, String what) {
            if (count == 0) return;
            if (dtype == DType.STRING) {
                if (kinds != STRING) throw HttpError.badRequest(what + " takes strings, found " + describe());
                return;
            }
            if ((kinds & STRING) != 0) throw HttpError.badRequest(what + " takes " + dtype.keras() + " numbers, found strings");
            if (dtype == DType.BOOL) {
                if (kinds != BOOL) throw HttpError.badRequest(what + " takes booleans (true/false), found " + describe());
                return;
            }
            if ((kinds & BOOL) != 0) throw HttpError.badRequest(what + " takes " + dtype.keras() + " numbers, found booleans");
            if (dtype.isInteger()) {
                if ((kinds & FLOAT) != 0) throw HttpError.badRequest(what + " takes integers (" + dtype.keras() + "), found numbers with a fraction or exponent");
                if (badInt != null || minInt < Datatypes.min(dtype) || maxInt > Datatypes.max(dtype)) {
                    String v = badInt != null ? badInt : Long.toString(minInt < Datatypes.min(dtype) ? minInt : maxInt);
                    throw HttpError.badRequest(what + ": " + v + " is out of range for " + dtype.keras() + " (jkeras carries integers exactly within ±"
                            + DType.EXACT_INT_LIMIT + ")");
                }
            }
        }

        private String describe() {
            List<String> k = new ArrayList<>();
            if ((kinds & INT) != 0 || (kinds & FLOAT) != 0) k.add("numbers");
            if ((kinds & BOOL) != 0) k.add("booleans");
            if ((kinds & STRING) != 0) k.add("strings");
            return String.join(" and ", k);
        }
    }

    /**
     * Reads the JSON value at the parser's current token (a scalar or nested arrays). Ragged lists are read but
     * leave {@link Values#rectangular()} false. {@code maxValues} bounds how many scalars may be read.
     */
    static Values read(JsonParser p, String what, long maxValues) throws IOException {
        Values v = new Values();
        Nesting n = new Nesting();
        readInto(p, v, n, 0, what, maxValues);
        if (n.rank >= 0 && n.rank != n.dims.size()) n.ragged = true;
        if (!n.ragged) v.shape = n.dims.stream().mapToInt(Integer::intValue).toArray();
        return v;
    }

    /** The dimensions seen so far, the depth of the scalars (-1 before the first), and whether rows disagree. */
    private static final class Nesting {
        final List<Integer> dims = new ArrayList<>();
        int rank = -1;
        boolean ragged;
    }

    private static void readInto(JsonParser p, Values v, Nesting n, int depth, String what, long maxValues) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            if (depth == n.dims.size()) {
                if (n.rank >= 0) n.ragged = true;
                n.dims.add(-1);
            }
            int len = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == null) throw HttpError.badRequest("unexpected end of JSON in " + what);
                readInto(p, v, n, depth + 1, what, maxValues);
                len++;
            }
            if (n.dims.get(depth) == -1) n.dims.set(depth, len);
            else if (n.dims.get(depth) != len) n.ragged = true;
            return;
        }
        if (n.rank < 0) {
            n.rank = depth;
            if (n.dims.size() > depth) n.ragged = true;
        } else if (n.rank != depth) {
            n.ragged = true;
        }
        if (v.count >= maxValues) throw new HttpError(413, what + " holds more than " + maxValues + " values");
        switch (t) {
            case VALUE_NUMBER_INT -> {
                v.kinds |= Values.INT;
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    if (v.badInt == null) v.badInt = p.getText();
                    v.addNumber((float) p.getDoubleValue());
                } else {
                    v.addInteger(p.getLongValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                v.kinds |= Values.FLOAT;
                v.addNumber((float) p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                v.kinds |= Values.BOOL;
                v.addNumber(t == JsonToken.VALUE_TRUE ? 1f : 0f);
            }
            case VALUE_STRING -> {
                v.kinds |= Values.STRING;
                v.addString(p.getText());
            }
            case START_OBJECT -> {
                v.kinds |= Values.STRING;
                v.addString(readB64(p, what));
            }
            default -> throw HttpError.badRequest(what + ": expected numbers, booleans or strings, found " + describeToken(t));
        }
    }

    /**
     * A {@code {"b64": "..."}} object read as one string value (a scalar); the parser is at its {@code "b64"} field
     * name and ends at the object's end.
     */
    static Values b64Value(JsonParser p, String what) throws IOException {
        p.nextToken();
        if (p.currentToken() != JsonToken.VALUE_STRING) throw HttpError.badRequest(what + ": an object in tensor data must be {\"b64\": \"<base64>\"}");
        String s = decodeB64(p.getText(), what);
        if (p.nextToken() != JsonToken.END_OBJECT) throw HttpError.badRequest(what + ": an object in tensor data must be {\"b64\": \"<base64>\"}");
        Values v = new Values();
        v.kinds = Values.STRING;
        v.addString(s);
        v.shape = new int[0];
        return v;
    }

    /** {@code {"b64": "..."}}: base64 bytes, which must be UTF-8 text (jkeras's string tensors hold text). */
    private static String readB64(JsonParser p, String what) throws IOException {
        String b64 = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (!f.equals("b64") || p.currentToken() != JsonToken.VALUE_STRING) {
                throw HttpError.badRequest(what + ": an object in tensor data must be {\"b64\": \"<base64>\"}");
            }
            b64 = p.getText();
        }
        if (b64 == null) throw HttpError.badRequest(what + ": an object in tensor data must be {\"b64\": \"<base64>\"}");
        return decodeB64(b64, what);
    }

    private static String decodeB64(String b64, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(what + ": bad base64 in {\"b64\": ...}: " + e.getMessage());
        }
        return utf8(bytes, what);
    }

    /** Decodes UTF-8, refusing malformed bytes. */
    static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest(what + ": string bytes are not UTF-8 (jkeras's string inputs hold text)");
        }
    }

    static String describeToken(JsonToken t) {
        if (t == null) return "the end of the input";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NULL -> "null";
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    /** Writes {@code t} as a flat JSON array, typed by {@code dtype}. */
    static void writeFlat(JsonGenerator g, Tensor t, DType dtype) throws IOException {
        g.writeStartArray();
        int n = t.size();
        for (int i = 0; i < n; i++) writeScalar(g, t, dtype, i);
        g.writeEndArray();
    }

    /**
     * Writes the part of {@code t} starting at element {@code offset} with dimensions {@code dims[from..]} as nested
     * JSON arrays (a scalar when {@code from == dims.length}).
     */
    static void writeNested(JsonGenerator g, Tensor t, DType dtype, int[] dims, int from, int offset) throws IOException {
        if (from == dims.length) {
            writeScalar(g, t, dtype, offset);
            return;
        }
        int stride = 1;
        for (int i = from + 1; i < dims.length; i++) stride *= dims[i];
        g.writeStartArray();
        for (int i = 0; i < dims[from]; i++) writeNested(g, t, dtype, dims, from + 1, offset + i * stride);
        g.writeEndArray();
    }

    private static void writeScalar(JsonGenerator g, Tensor t, DType dtype, int i) throws IOException {
        if (t.isString()) {
            g.writeString(t.strings()[i]);
            return;
        }
        float v = t.data()[i];
        if (dtype == DType.BOOL) g.writeBoolean(v != 0f);
        else if (dtype.isInteger() && Float.isFinite(v)) g.writeNumber((long) v);
        else g.writeNumber(v);
    }
}
