// The KerasHub text classes jkeras reproduces, built from their saved configs (preprocessor.json,
// tokenizer.json, or the "preprocessor" entry of a task's config) and the tokenizer's asset files. Each
// tokenizer class brings its special tokens, as its Python constructor does; every other class is refused.
package dev.jkeras.load.text;

import dev.jkeras.error.ModelFormatException;
import dev.jkeras.error.UnsupportedFeatureException;
import dev.jkeras.load.config.Json;
import dev.jkeras.text.BytePairTokenizer;
import dev.jkeras.text.CausalLMPreprocessor;
import dev.jkeras.text.TextClassifierPreprocessor;
import dev.jkeras.text.TextPreprocessor;
import dev.jkeras.text.Tokenizer;
import dev.jkeras.text.WordPieceTokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds KerasHub tokenizers and preprocessors (keras-hub 0.32.0) from their serialized configs. Assets are
 * looked up by file name ({@code vocabulary.txt}, {@code vocabulary.json}, {@code merges.txt}) in the
 * tokenizer's asset directory, which the caller knows (it differs between .keras archives and presets).
 */
public final class KerasHubText {
    /** The tokenizer classes, with the special tokens their constructors add (start, end, pad; null = none). */
    private record TokenizerClass(boolean wordPiece, List<String> specials, String start, String end, String pad) {}

    private static final List<String> BERT_SPECIALS = List.of("[CLS]", "[SEP]", "[PAD]", "[MASK]");
    private static final Map<String, TokenizerClass> TOKENIZERS = Map.of(
            "BertTokenizer", new TokenizerClass(true, BERT_SPECIALS, "[CLS]", "[SEP]", "[PAD]"),
            "DistilBertTokenizer", new TokenizerClass(true, BERT_SPECIALS, "[CLS]", "[SEP]", "[PAD]"),
            "WordPieceTokenizer", new TokenizerClass(true, List.of(), null, null, null),
            "GPT2Tokenizer", new TokenizerClass(false, List.of("<|endoftext|>"), "<|endoftext|>", "<|endoftext|>", null),
            "RobertaTokenizer", new TokenizerClass(false, List.of("<s>", "</s>", "<pad>", "<mask>"), "<s>", "</s>", "<pad>"),
            "BytePairTokenizer", new TokenizerClass(false, List.of(), null, null, null));

    /** Preprocessor classes (and the aliases older keras-nlp/keras-hub versions saved) to how they pack. */
    private enum PreprocessorKind { BERT, DISTIL_BERT, ROBERTA, CAUSAL_LM, GPT2 }

    private static final Map<String, PreprocessorKind> PREPROCESSORS = Map.of(
            "BertTextClassifierPreprocessor", PreprocessorKind.BERT,
            "BertPreprocessor", PreprocessorKind.BERT,
            "DistilBertTextClassifierPreprocessor", PreprocessorKind.DISTIL_BERT,
            "DistilBertPreprocessor", PreprocessorKind.DISTIL_BERT,
            "RobertaTextClassifierPreprocessor", PreprocessorKind.ROBERTA,
            "RobertaPreprocessor", PreprocessorKind.ROBERTA,
            "GPT2CausalLMPreprocessor", PreprocessorKind.CAUSAL_LM,
            "GPT2Preprocessor", PreprocessorKind.GPT2);

    private KerasHubText() {}

    /** Whether {@code className} is a KerasHub preprocessor class jkeras reproduces. */
    public static boolean isSupportedPreprocessor(String className) {
        return PREPROCESSORS.containsKey(className);
    }

    /**
     * A preprocessor from its serialized form ({@code {"class_name": ..., "config": {..., "tokenizer": {...}}}}).
     *
     * @param assets the tokenizer's asset files by file name; null if there is none
     * @param where  the file, for messages
     */
    public static TextPreprocessor preprocessor(Map<String, Object> serialized, Function<String, byte[]> assets, String where) {
        Entry e = Entry.of(serialized, where);
        Map<String, Object> cfg = e.cfg();
        String name = e.name();
        PreprocessorKind kind = e.supported(PREPROCESSORS, "preprocessor");
        Object tok = cfg.get("tokenizer");
        if (!(tok instanceof Map)) throw new ModelFormatException(name + ": the config has no tokenizer object (found " + tok + ")");
        @SuppressWarnings("unchecked")
        Map<String, Object> tokSerialized = (Map<String, Object>) tok;
        Built t = build(tokSerialized, assets, where);
        int length = integer(cfg, "sequence_length", kind == PreprocessorKind.CAUSAL_LM || kind == PreprocessorKind.GPT2 ? 1024 : 512, name);
        if (kind == PreprocessorKind.CAUSAL_LM || kind == PreprocessorKind.GPT2) {
            boolean start = bool(cfg, "add_start_token", true, name);
            boolean end = bool(cfg, "add_end_token", true, name);
            int pad = t.cls.pad == null ? 0 : t.id(t.cls.pad);
            return new CausalLMPreprocessor(name, t.tokenizer, new CausalLMPreprocessor.Options(length, start, end,
                    t.special("start", t.cls.start, name), t.special("end", t.cls.end, name), pad, kind == PreprocessorKind.CAUSAL_LM));
        }
        String truncate = str(cfg, "truncate", "round_robin", name);
        TextClassifierPreprocessor.Truncate tr = switch (truncate) {
            case "round_robin" -> TextClassifierPreprocessor.Truncate.ROUND_ROBIN;
            case "waterfall" -> TextClassifierPreprocessor.Truncate.WATERFALL;
            default -> throw new ModelFormatException(name + ": truncate '" + truncate + "' is not 'round_robin' or 'waterfall'");
        };
        int end = t.special("end", t.cls.end, name);
        List<Integer> sep = kind == PreprocessorKind.ROBERTA ? List.of(end, end) : List.of(end);
        return new TextClassifierPreprocessor(name, t.tokenizer, new TextClassifierPreprocessor.Options(length, tr,
                t.special("start", t.cls.start, name), sep, end, t.special("pad", t.cls.pad, name), kind == PreprocessorKind.BERT));
    }

    /**
     * A tokenizer from its serialized form ({@code tokenizer.json}, or the preprocessor's "tokenizer" entry).
     *
     * @param assets the tokenizer's asset files by file name; null if there is none
     */
    public static Tokenizer tokenizer(Map<String, Object> serialized, Function<String, byte[]> assets, String where) {
        return build(serialized, assets, where).tokenizer;
    }

    private record Built(Tokenizer tokenizer, TokenizerClass cls) {
        int id(String token) {
            return tokenizer.tokenToId(token);
        }

        /** The id of a special token the preprocessor needs; KerasHub fails when the vocabulary lacks it. */
        int special(String role, String token, String who) {
            if (token == null) {
                throw new UnsupportedFeatureException(who + ": its tokenizer " + tokenizer.name() + " has no " + role
                        + " token; supported: the tokenizer classes of the model (BertTokenizer, GPT2Tokenizer, ...)");
            }
            int id = id(token);
            if (id < 0) throw new ModelFormatException(who + ": the vocabulary has no " + role + " token '" + token + "'");
            return id;
        }
    }

    private static Built build(Map<String, Object> serialized, Function<String, byte[]> assets, String where) {
        Entry e = Entry.of(serialized, where);
        String cls = e.cls();
        Map<String, Object> cfg = e.cfg();
        String name = e.name();
        TokenizerClass tc = e.supported(TOKENIZERS, "tokenizer");
        String dtype = dtype(cfg.get("dtype"));
        if (dtype != null && !Set.of("int32", "int64", "int16", "int8", "uint8", "uint16", "uint32", "uint64").contains(dtype)) {
            throw new UnsupportedFeatureException(name + ": dtype '" + dtype + "' is not supported (the tokenizer would output token "
                    + "strings); supported: integer dtypes (token ids)");
        }
        int length = integer(cfg, "sequence_length", 0, name);
        Tokenizer t = tc.wordPiece ? wordPiece(cfg, tc, assets, name, length) : bytePair(cfg, tc, assets, name, length);
        for (String s : tc.specials) {
            if (t.tokenToId(s) < 0) {
                throw new ModelFormatException(name + ": the vocabulary does not contain the special token '" + s + "' that " + cls + " needs");
            }
        }
        return new Built(t, tc);
    }

    private static Tokenizer wordPiece(Map<String, Object> cfg, TokenizerClass tc, Function<String, byte[]> assets, String name, int length) {
        if (!bool(cfg, "split", true, name)) {
            throw new UnsupportedFeatureException(name + ": split=False (the input must be words split beforehand) is not supported; "
                    + "supported: split=True, raw text");
        }
        List<String> vocabulary;
        Object v = cfg.get("vocabulary");
        if (v == null) {
            vocabulary = lines(asset(assets, "vocabulary.txt", name), "vocabulary.txt of " + name);
        } else if (v instanceof List<?> l) {
            vocabulary = new ArrayList<>();
            for (Object o : l) vocabulary.add(String.valueOf(o));
        } else {
            throw new UnsupportedFeatureException(name + ": the vocabulary is the file path '" + v + "' outside the model; supported: "
                    + "a vocabulary saved with the model (KerasHub's assets)");
        }
        List<String> special = List.of();
        if (bool(cfg, "special_tokens_in_strings", false, name)) {
            List<String> s = new ArrayList<>(tc.specials);
            Object init = cfg.get("special_tokens");
            if (init instanceof List<?> l) {
                for (Object o : l) s.add(String.valueOf(o));
            } else if (init != null) {
                throw new ModelFormatException(name + ": special_tokens should be a list, found " + init);
            }
            special = s;
        }
        WordPieceTokenizer.Options o = new WordPieceTokenizer.Options(bool(cfg, "lowercase", false, name), bool(cfg, "strip_accents", false, name),
                bool(cfg, "split_on_cjk", true, name), str(cfg, "suffix_indicator", "##", name), str(cfg, "oov_token", "[UNK]", name),
                special, length);
        return new WordPieceTokenizer(name, vocabulary, o);
    }

    private static Tokenizer bytePair(Map<String, Object> cfg, TokenizerClass tc, Function<String, byte[]> assets, String name, int length) {
        Object v = cfg.get("vocabulary");
        Object m = cfg.get("merges");
        if (v != null || m != null) {
            throw new UnsupportedFeatureException(name + ": a vocabulary or merges given in the config (not as saved assets) is not supported; "
                    + "supported: the vocabulary.json and merges.txt KerasHub saves with the model");
        }
        String what = "vocabulary.json of " + name;
        Object parsed = Json.parse(text(asset(assets, "vocabulary.json", name), what), what);
        if (!(parsed instanceof Map<?, ?> map)) throw new ModelFormatException(what + " should be a JSON object of token: id");
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Integer id = dev.jkeras.layer.Config.asInt(e.getValue());
            if (id == null) throw new ModelFormatException(what + ": the id of '" + e.getKey() + "' is " + e.getValue() + ", not an integer");
            vocabulary.put((String) e.getKey(), id);
        }
        List<String> merges = lines(asset(assets, "merges.txt", name), "merges.txt of " + name);
        Object u = cfg.get("unsplittable_tokens");
        List<String> unsplittable = new ArrayList<>();
        if (u == null) {
            unsplittable.addAll(tc.specials);
        } else if (u instanceof List<?> l) {
            for (Object o : l) unsplittable.add(String.valueOf(o));
        } else {
            throw new ModelFormatException(name + ": unsplittable_tokens should be a list, found " + u);
        }
        return new BytePairTokenizer(name, vocabulary, merges, new BytePairTokenizer.Options(bool(cfg, "add_prefix_space", false, name), unsplittable, length));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static byte[] asset(Function<String, byte[]> assets, String file, String name) {
        byte[] b = assets == null ? null : assets.apply(file);
        if (b == null) throw new ModelFormatException(name + ": its asset file " + file + " is missing");
        return b;
    }

    private static String text(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(what + " is not valid UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The lines of a text asset as KerasHub reads them ({@code [line.rstrip() for line in open(path, encoding="utf-8")]}):
     * universal newlines, trailing whitespace (Python's {@code str.isspace}) removed.
     */
    static List<String> lines(byte[] bytes, String what) {
        String s = text(bytes, what);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(rstrip(s.substring(start, i)));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        if (start < s.length()) out.add(rstrip(s.substring(start)));
        return out;
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isPythonSpace(cp)) break;
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /** Python's {@code str.isspace()} (Python 3.11, Unicode 14), which {@code rstrip()} strips. */
    static boolean isPythonSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** One serialized KerasHub object: its class, its config, and how messages name it ({@code name (Class) in where}). */
    private record Entry(String cls, Map<String, Object> cfg, String name) {
        @SuppressWarnings("unchecked")
        static Entry of(Map<String, Object> serialized, String where) {
            if (!(serialized.get("class_name") instanceof String cls)) {
                throw new ModelFormatException(where + ": a KerasHub layer entry has no class_name");
            }
            if (!(serialized.get("config") instanceof Map<?, ?> c)) {
                throw new ModelFormatException(where + ": the " + cls + " entry has no config object");
            }
            Map<String, Object> cfg = (Map<String, Object>) c;
            return new Entry(cls, cfg, str(cfg, "name", cls, where) + " (" + cls + ") in " + where);
        }

        /** What {@code supported} maps this class to; a class it lacks (a KerasHub {@code what} class) is refused. */
        <T> T supported(Map<String, T> supported, String what) {
            T v = supported.get(cls);
            if (v == null) {
                throw new UnsupportedFeatureException(name + ": the KerasHub " + what + " class '" + cls + "' is not supported; supported: "
                        + String.join(", ", supported.keySet().stream().sorted().toList()));
            }
            return v;
        }
    }

    private static String dtype(Object d) {
        if (d instanceof String s) return s;
        if (d instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s) return s;
        return null;
    }

    private static String str(Map<String, Object> cfg, String key, String dflt, String who) {
        Object v = cfg.get(key);
        if (v == null) return dflt;
        if (!(v instanceof String s)) throw new ModelFormatException(who + ": config key '" + key + "' should be a string, found " + v);
        return s;
    }

    private static boolean bool(Map<String, Object> cfg, String key, boolean dflt, String who) {
        Object v = cfg.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) throw new ModelFormatException(who + ": config key '" + key + "' should be true or false, found " + v);
        return b;
    }

    private static int integer(Map<String, Object> cfg, String key, int dflt, String who) {
        Object v = cfg.get(key);
        if (v == null) return dflt;
        Integer n = dev.jkeras.layer.Config.asInt(v);
        if (n == null || n < 0 || n > 1 << 24) {
            throw new ModelFormatException(who + ": config key '" + key + "' should be a non-negative integer, found " + v);
        }
        return n;
    }
}
