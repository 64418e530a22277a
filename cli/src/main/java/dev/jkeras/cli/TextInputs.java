// The texts of predict's --text and --text-file: one example per --text, per line of a text file, or per
// JSON line (a string, a list of strings for the segments of a text pair, or an object with a "text" field).
package dev.jkeras.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.jkeras.error.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the examples given as text: each example is a list of one or more segments. */
final class TextInputs {
    private static final JsonFactory JSON = new JsonFactory();

    private TextInputs() {}

    /** Each {@code --text} value is one example of one segment. */
    static List<List<String>> ofTexts(List<String> texts) {
        List<List<String>> out = new ArrayList<>();
        for (String t : texts) out.add(List.of(t));
        return out;
    }

    /**
     * The examples of a file: a {@code .jsonl}/{@code .ndjson} file holds one JSON value per line (blank lines
     * skipped); any other file one text per line (UTF-8, a leading byte-order mark and the line ends removed).
     */
    static List<List<String>> ofFile(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new UsageException("text file not found: " + file);
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": not UTF-8 text (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".ndjson");
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).endsWith("\r") ? lines.get(i).substring(0, lines.get(i).length() - 1) : lines.get(i);
            if (!jsonl) {
                out.add(List.of(line));
            } else if (!line.isBlank()) {
                out.add(jsonLine(line, file + " line " + (i + 1)));
            }
        }
        if (out.isEmpty()) throw new InputException(file + ": holds no text");
        return out;
    }

    private static List<String> jsonLine(String line, String where) {
        try (JsonParser p = JSON.createParser(line)) {
            JsonToken t = p.nextToken();
            List<String> example = null;
            if (t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    if (key.equals("text")) {
                        example = segments(p, v, where + " \"text\"");
                    } else {
                        p.skipChildren();
                    }
                }
                if (example == null) throw new InputException(where + ": the object has no \"text\" field");
            } else {
                example = segments(p, t, where);
            }
            if (p.nextToken() != null) throw new InputException(where + ": unexpected content after the JSON value");
            return example;
        } catch (JsonProcessingException e) {
            throw new InputException(where + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(where + ": " + e.getMessage());
        }
    }

    /** A JSON string (one segment) or a list of strings (the segments of one example). */
    private static List<String> segments(JsonParser p, JsonToken t, String where) throws IOException {
        if (t == JsonToken.VALUE_STRING) return List.of(p.getText());
        if (t == JsonToken.START_ARRAY) {
            List<String> s = new ArrayList<>();
            for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                if (x != JsonToken.VALUE_STRING) throw new InputException(where + ": expected a list of strings, found " + x.asString());
                s.add(p.getText());
            }
            if (s.isEmpty()) throw new InputException(where + ": an empty list holds no text");
            return s;
        }
        throw new InputException(where + ": expected a JSON string, a list of strings or an object with a \"text\" field, found "
                + (t == null ? "nothing" : t.asString()));
    }
}
