#!/usr/bin/env python3
"""KerasHub 0.32.0 tokenizers and text preprocessors: the references for jkeras's text package.

    venv/bin/python testdata/keras_hub_tokenizers.py               # references (keras-hub-text/)
    venv/bin/python testdata/keras_hub_tokenizers.py --unicode     # also the Unicode tables of core

Writes testdata/keras-hub-text/:

    corpus.json            the multilingual test corpus (a JSON list of strings: accents, CJK, emoji,
                           whitespace runs, control characters, unknown and very long words, empty strings)
    pairs.json             [first, second] text pairs (two-segment inputs)
    examples.json          the texts the task and stand-in models below were run on
    <config>/              one directory per tokenizer configuration, written by KerasHub's own
                           preprocessor.save_to_preset(): preprocessor.json, tokenizer.json and
                           assets/tokenizer/ (vocabulary.txt, or vocabulary.json + merges.txt)
    <config>/expected.json what KerasHub computed: "tokens" (ids of every corpus string, tokenizer alone),
                           "preprocessed" (the preprocessor's model inputs for the corpus) and, for the
                           two-segment classifiers, "pairs" (the same for pairs.json)
    task_<config>.keras    a tiny KerasHub task model (1 layer, hidden 8) with this preprocessor, saved
                           with task.save(); task_<config>.npz: its predict() on EXAMPLES (out_0)
    standin_<config>.keras a plain Keras functional model taking the preprocessor's outputs (the inputs are
                           named like KerasHub's: token_ids, padding_mask[, segment_ids]);
                           standin_<config>.npz: preprocessor + model.predict on EXAMPLES (out_0)

Every id is what KerasHub computes on its TensorFlow path: the tokenizers and preprocessors are run
inside a tf.data pipeline (Dataset.map), which is how Task.predict/fit/evaluate run them (keras-hub
depends on tensorflow-text; grain, its other data path, is an optional extra and not installed).
The eager Python path (calling a tokenizer directly on Python strings) is run too; where it gives
other ids, expected.json records them under "python_path" (index -> ids) for the record only.

--unicode also writes core/src/main/resources/dev/jkeras/text/: unicode-classes.txt (the code points RE2,
TensorFlow's regex engine, puts in \\p{L}, \\p{M}, \\p{Mn}, \\p{N}, \\p{P}, \\p{Cc}, \\p{Cf}) and
nfkc-casefold.txt (what tensorflow_text.case_fold_utf8, ICU's NFKC_Casefold, maps each code point to).

Vocabularies are trained here on TRAIN_TEXT (WordPiece and byte-level BPE with the HuggingFace
tokenizers trainers), small enough to leave plenty of unknown words.
"""

import argparse
import json
import os
import shutil
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "keras-hub-text")
RESOURCES = os.path.join(os.path.dirname(HERE), "core", "src", "main", "resources", "dev", "jkeras", "text")
KERAS_HUB_VERSION = "0.32.0"

TRAIN_TEXT = [
    "The quick brown fox jumps over the lazy dog.",
    "A quick movement of the enemy will jeopardize six gunboats.",
    "She sells seashells by the seashore, and the shells she sells are surely seashells.",
    "Running, jumped, playing, happily, unhappiness, tokenization, tokenizer, tokenizers.",
    "I'm sure you'll see it's what they've done; we'd rather they didn't.",
    "Transformers read text as tokens: words, subwords and characters.",
    "The model was trained on English, French, German, Spanish and Chinese text.",
    "Numbers like 3.14, 42, 1,000 and 2024 appear in the data too.",
    "Le café est très bon, mais la crème brûlée est meilleure à Paris.",
    "Über den Wolken muss die Freiheit wohl grenzenlos sein; die Straße ist lang.",
    "El niño comió una manzana y la señora bebió café en la mañana.",
    "Привет, как дела? Всё хорошо, спасибо.",
    "Καλημέρα κόσμε, η γλώσσα είναι ελληνική.",
    "你好，世界。今天天气很好，我们去公园散步。",
    "東京は日本の首都です。カタカナとひらがな。",
    "안녕하세요, 세계. 한국어 문장입니다.",
    "नमस्ते दुनिया, यह हिंदी है।",
    "مرحبا بالعالم، هذه جملة عربية.",
    "Emoji 😀 😂 👍 ❤️ 🍕 are symbols too!",
    "Email me at someone@example.com or visit https://example.org/path?q=1.",
    "def tokenize(text): return text.split()  # code is text as well",
    "The end of the text is near, and the tokenizer reads it all.",
]

CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "the QUICK Brown FOX, jumping over THE lazy dogs!",
    "I'm sure you'll see it's what they've done, isn't it? He'd LOVE it. WE'RE HERE. I’m curly.",
    "Café naïve résumé — Ångström façade Zoë São Paulo Dvořák Łódź",
    "e\u0301 decomposed vs \u00e9 composed; a\u0308\u0301 stacked marks",
    "Straße STRASSE ẞ Maße ﬁﬂ ligatures ǅ titlecase",
    "Ὀδυσσεύς ΣΊΣΥΦΟΣ σίσυφος ς final",
    "İstanbul ıi DİYARBAKIR",
    "Привет, мир! Ёлка ЁЛКА",
    "مرحبا بالعالم",
    "שָׁלוֹם עֲלֵיכֶם",
    "नमस्ते दुनिया ६ १२३ ६६",
    "你好，世界！今天天气很好。",
    "東京タワーは333メートルです。ｶﾀｶﾅ ＦＵＬＬＷＩＤＴＨ",
    "안녕하세요 세계",
    "𠀀𠀁 𪜀 豈更 CJK ext and compatibility",
    "I ❤️ 🍕! 👩‍👩‍👧‍👦 family 🇫🇷 flag 👍🏽 thumbs",
    "  leading and trailing spaces  ",
    "tabs\tand\nnewlines\r\nand\rreturns",
    "a    b     c",
    "\u00a0nbsp\u00a0here ideographic\u3000space thin\u2009space narrow\u202fnbsp",
    "em\u2003space en\u2002space line\u2028sep para\u2029sep next\u0085line",
    "vertical\x0btab form\x0cfeed bell\x07char nul\x00char",
    "a \u00a0\u2009\u202f\u3000",
    "ends with space ",
    "ends with newline\n",
    "several\n\n\nnewlines  \n  and spaces\t\t",
    "soft\u00adhyphen zero\u200bwidth joiner\u200dhere \ufeffbom",
    "hangul\u3164filler and \u3164 alone",
    "3.14159 1,000,000 12345678 2024-01-01 ½ ² ① Ⅻ ㍻",
    "def f(x): return x**2  # comment",
    "someone@example.com https://example.org/path?q=1&r=2",
    "¿Qué? ¡Sí! «quotes» “curly” ‘single’ — dash … ellipsis",
    "$100 ^_^ `code` ~tilde |pipe| \\backslash {braces} [brackets]",
    "[CLS] [SEP] [PAD] [MASK] [UNK] <|endoftext|> <s> </s> <pad> <mask>",
    "x[CLS]y <s>tag</s> a<|endoftext|>b",
    "ĴA ĴB ĴAB literal",
    "x ६ y",
    "Xylophonequixotic zzzzqqqq blorptastic",
    "ሰላም ᏣᎳᎩ ᎠᏍᎦᏯ Ethiopic and Cherokee",
    "a" * 99,
    "b" * 100,
    "c" * 101,
    "é" * 50,
    "é" * 51,
    "supercalifragilisticexpialidocious" * 4,
    "word " + "ü" * 60 + " word",
    "",
    " ",
    "\n",
    "\t \n ",
    ".",
    "...!!!???",
    "a",
    "A",
    "The tokenizer reads a long sentence, so the packer has to truncate it to the sequence length "
    "and the round robin trimmer decides how many tokens of each segment survive.",
    "HELLO World hello WORLD HeLLo",
    "\u1e9e" * 34,
    "\x00 text after a leading NUL",
    "<|endoftext|><|endoftext|> <|endoftext|>x<s></s><pad> <mask>",
    "I'M YOU'RE it'S they'Ve",
    "Cherokee small \uab70\uab71\uab72 and capital \u13a0\u13a1",
    "new in Unicode 16: \U0001fae9 \u1c89\u1c8a",
]

PAIRS = [
    ["The quick brown fox.", "It jumps over the lazy dog."],
    ["A short one.", "A much longer second segment that will certainly need truncation to fit the length."],
    ["A much longer first segment that will certainly need truncation to fit the sequence length.", "Short."],
    ["", "Only the second."],
    ["Only the first.", ""],
    ["", ""],
    ["你好世界", "Café naïve"],
    ["Both segments are fairly long here so both", "have to give up some of their tokens to fit"],
]

# The examples run through the task and stand-in models (a few corpus strings of different lengths).
EXAMPLES = [CORPUS[0], CORPUS[3], CORPUS[12], CORPUS[16], "", CORPUS[-2]]

# name -> (tokenizer class, tokenizer kwargs, preprocessor class, preprocessor kwargs, task class)
CONFIGS = {
    "bert_uncased": ("BertTokenizer", dict(lowercase=True, strip_accents=True),
                     "BertTextClassifierPreprocessor", dict(sequence_length=16), "BertTextClassifier"),
    "bert_cased": ("BertTokenizer", dict(lowercase=False),
                   "BertTextClassifierPreprocessor", dict(sequence_length=12, truncate="waterfall"), None),
    "distil_bert": ("DistilBertTokenizer", dict(lowercase=True, special_tokens_in_strings=True),
                    "DistilBertTextClassifierPreprocessor", dict(sequence_length=16), "DistilBertTextClassifier"),
    "gpt2": ("GPT2Tokenizer", dict(), "GPT2CausalLMPreprocessor", dict(sequence_length=16), "GPT2CausalLM"),
    "gpt2_prefix": ("GPT2Tokenizer", dict(add_prefix_space=True), "GPT2Preprocessor",
                    dict(sequence_length=12, add_end_token=False), None),
    "roberta": ("RobertaTokenizer", dict(), "RobertaTextClassifierPreprocessor", dict(sequence_length=16),
                "RobertaTextClassifier"),
}
WORDPIECE_SIZE = 600
BPE_MERGES = 500


# ---- vocabularies -----------------------------------------------------------------------------

def wordpiece_vocabulary(lowercase, strip_accents):
    """A WordPiece vocabulary trained by HuggingFace tokenizers (BERT's normalizer and pre-tokenizer)."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=lowercase, strip_accents=strip_accents)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=WORDPIECE_SIZE, min_frequency=1, show_progress=False,
                                        special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    tok.train_from_iterator(TRAIN_TEXT, trainer)
    return [t for t, _ in sorted(tok.get_vocab().items(), key=lambda kv: kv[1])]


def bpe_vocabulary(specials_first, specials_last):
    """Byte-level BPE trained by HuggingFace tokenizers (GPT-2's byte alphabet); special tokens are
    given the first ids (RoBERTa's <s> <pad> </s> <unk>) or the last (GPT-2's <|endoftext|>)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    trainer = trainers.BpeTrainer(vocab_size=len(alphabet) + BPE_MERGES, initial_alphabet=alphabet,
                                  show_progress=False, min_frequency=1)
    tok.train_from_iterator(TRAIN_TEXT, trainer)
    model = json.loads(tok.to_str())["model"]
    trained = sorted(model["vocab"].items(), key=lambda kv: kv[1])
    merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    tokens = list(specials_first) + [t for t, _ in trained] + list(specials_last)
    vocab = {t: i for i, t in enumerate(tokens)}
    return vocab, ["#version: 0.2"] + merges


def make_tokenizer(name):
    import keras_hub
    cls_name, kwargs, _, _, _ = CONFIGS[name]
    cls = getattr(keras_hub.models, cls_name)
    if cls_name in ("BertTokenizer", "DistilBertTokenizer"):
        vocab = wordpiece_vocabulary(kwargs.get("lowercase", False), kwargs.get("strip_accents", False))
        return cls(vocabulary=vocab, **kwargs)
    if cls_name == "GPT2Tokenizer":
        vocab, merges = bpe_vocabulary([], ["<|endoftext|>"])
    else:
        vocab, merges = bpe_vocabulary(["<s>", "<pad>", "</s>", "<unk>"], ["<mask>"])
    return cls(vocabulary=vocab, merges=merges, **kwargs)


def make_preprocessor(name, tokenizer):
    import keras_hub
    _, _, pre_name, pre_kwargs, _ = CONFIGS[name]
    return getattr(keras_hub.models, pre_name)(tokenizer, **pre_kwargs)


# ---- running KerasHub ------------------------------------------------------------------------

def tf_path_tokens(tokenizer, texts):
    """Token ids as the tf.data pipeline computes them (the TensorFlow path)."""
    import tensorflow as tf
    ds = tf.data.Dataset.from_tensor_slices(tf.constant(texts, dtype=tf.string)).batch(len(texts))
    ragged = next(iter(ds.map(tokenizer)))
    return [[int(v) for v in row] for row in ragged.to_list()]


def python_path_tokens(tokenizer, texts):
    out = tokenizer(list(texts))
    return [[int(v) for v in row] for row in (out.to_list() if hasattr(out, "to_list") else out)]


def to_lists(x):
    import numpy as np
    return np.asarray(x).astype("int64").tolist()


def tf_path_preprocess(preprocessor, texts, pairs=False):
    """The preprocessor's model inputs, computed in a tf.data map as Task.predict does."""
    import tensorflow as tf
    if pairs:
        first = tf.constant([p[0] for p in texts], dtype=tf.string)
        second = tf.constant([p[1] for p in texts], dtype=tf.string)
        ds = tf.data.Dataset.from_tensor_slices((first, second)).batch(len(texts))
        ds = ds.map(lambda a, b: preprocessor(x=(a, b)))
    else:
        ds = tf.data.Dataset.from_tensor_slices(tf.constant(texts, dtype=tf.string)).batch(len(texts))
        ds = ds.map(preprocessor)
    out = next(iter(ds))
    x = out[0] if isinstance(out, tuple) else out
    return {k: to_lists(v) for k, v in x.items()}


def write_config(name):
    import keras
    import keras_hub
    import numpy as np
    keras.utils.set_random_seed(1234)
    tokenizer = make_tokenizer(name)
    pre = make_preprocessor(name, tokenizer)
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    pre.save_to_preset(d)

    tokens = tf_path_tokens(tokenizer, CORPUS)
    py = python_path_tokens(tokenizer, CORPUS)
    differs = {str(i): p for i, (t, p) in enumerate(zip(tokens, py)) if t != p}
    expected = {
        "keras_hub_version": keras_hub.__version__,
        "tokenizer": type(tokenizer).__name__,
        "preprocessor": type(pre).__name__,
        "tokens": tokens,
        "preprocessed": tf_path_preprocess(pre, CORPUS),
    }
    if "TextClassifier" in type(pre).__name__:
        expected["pairs"] = tf_path_preprocess(pre, PAIRS, pairs=True)
    expected["python_path"] = differs
    with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print("%-13s %-22s %-38s vocab %4d  python path differs on %d of %d strings"
          % (name, type(tokenizer).__name__, type(pre).__name__, tokenizer.vocabulary_size(), len(differs), len(CORPUS)))

    task_cls = CONFIGS[name][4]
    if task_cls:
        write_task(name, task_cls, tokenizer, pre)
    write_standin(name, tokenizer, pre)


def write_task(name, task_cls, tokenizer, pre):
    import keras
    import keras_hub
    import numpy as np
    keras.utils.set_random_seed(99)
    backbone_cls = getattr(keras_hub.models, task_cls.replace("TextClassifier", "Backbone").replace("CausalLM", "Backbone"))
    backbone = backbone_cls(vocabulary_size=tokenizer.vocabulary_size(), num_layers=1, num_heads=2, hidden_dim=8,
                            intermediate_dim=16, max_sequence_length=pre.sequence_length)
    if task_cls == "GPT2CausalLM":
        task = keras_hub.models.GPT2CausalLM(backbone, preprocessor=pre)
    else:
        task = getattr(keras_hub.models, task_cls)(backbone, num_classes=3, preprocessor=pre)
    examples = EXAMPLES[:2] if task_cls == "GPT2CausalLM" else EXAMPLES  # (2, 16, vocab) logits: 100 KB
    out = task.predict(examples, verbose=0)
    path = os.path.join(OUT, "task_%s.keras" % name)
    task.save(path)
    np.savez(os.path.join(OUT, "task_%s.npz" % name), out_0=np.asarray(out, dtype="float32"))
    back = keras.saving.load_model(path)
    diff = float(np.max(np.abs(np.asarray(back.predict(examples, verbose=0)) - out)))
    print("    task_%s.keras: %s, predict %s, reloaded max diff %.3g" % (name, task_cls, np.asarray(out).shape, diff))


def write_standin(name, tokenizer, pre):
    """A plain Keras model whose inputs are the preprocessor's outputs: every position's id and mask
    reaches the output through an Embedding, so a wrong id anywhere changes the result."""
    import keras
    import numpy as np
    keras.utils.set_random_seed(7)
    L = pre.sequence_length
    x = tf_path_preprocess(pre, EXAMPLES)
    inputs, parts = {}, []
    for key in ("token_ids", "segment_ids", "padding_mask"):
        if key not in x:
            continue
        inp = keras.Input(shape=(L,), dtype="int32", name=key)
        inputs[key] = inp
        size = tokenizer.vocabulary_size() if key == "token_ids" else 2
        parts.append(keras.layers.Embedding(size, 3, name=key + "_embedding")(inp))
    h = keras.layers.Add(name="add")(parts) if len(parts) > 1 else parts[0]
    if "CausalLM" in type(pre).__name__ or type(pre).__name__ == "GPT2Preprocessor":
        out = keras.layers.Dense(5, name="logits")(h)
    else:
        out = keras.layers.Dense(3, name="logits")(keras.layers.Flatten(name="flatten")(h))
    model = keras.Model(inputs, out, name="standin_" + name)
    feed = {k: np.asarray(v, dtype="int32") for k, v in x.items()}
    y = model.predict(feed, verbose=0)
    model.save(os.path.join(OUT, "standin_%s.keras" % name))
    np.savez(os.path.join(OUT, "standin_%s.npz" % name), out_0=np.asarray(y, dtype="float32"))


# ---- Unicode tables ----------------------------------------------------------------------------

def all_code_points():
    return [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def ranges(sorted_cps):
    runs = []
    for c in sorted_cps:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return ["%X" % a if a == b else "%X-%X" % (a, b) for a, b in runs]


def write_unicode_tables():
    import tensorflow as tf
    import tensorflow_text as tf_text
    cps = all_code_points()
    strings = tf.constant([chr(c).encode("utf-8") for c in cps])
    os.makedirs(RESOURCES, exist_ok=True)

    lines = ["# Character classes as TensorFlow sees them, made by testdata/keras_hub_tokenizers.py --unicode.",
             "# <L> <M> <Mn> <N> <P> <Cc> <Cf>: the code points of RE2's \\p{...} classes (RE2 as built into",
             "# TensorFlow %s). <Norm>: the code points ICU's normalizers (tensorflow-text %s) decompose, that"
             % (tf.__version__, tf_text.__version__),
             "# occur in such a decomposition, or that have a combining class of 2 or more. Ranges are hex, inclusive."]
    for cls in ("L", "M", "Mn", "N", "P", "Cc", "Cf"):
        member = tf.strings.regex_full_match(strings, r"\p{%s}" % cls).numpy()
        lines.append("<%s>" % cls)
        lines.extend(ranges([c for c, m in zip(cps, member) if m]))
    nfd = [o.decode("utf-8") for o in tf_text.normalize_utf8(strings, "NFD").numpy()]
    hangul = lambda c: 0xAC00 <= c <= 0xD7A3  # noqa: E731 -- decomposed arithmetically, by every normalizer
    norm = set()
    for c, d in zip(cps, nfd):
        if d != chr(c) and not hangul(c):
            norm.add(c)
            norm.update(ord(ch) for ch in d)
    # A mark of combining class 1 (U+0334) moves in front of every character of a higher class.
    probe = tf.constant([(chr(c) + "\u0334").encode("utf-8") for c in cps])
    for c, d in zip(cps, tf_text.normalize_utf8(probe, "NFD").numpy()):
        if d.decode("utf-8").startswith("\u0334"):
            norm.add(c)
    lines.append("<Norm>")
    lines.extend(ranges(sorted(norm)))
    with open(os.path.join(RESOURCES, "unicode-classes.txt"), "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")

    # Test data: what strip_accents (ICU NFD, then RE2 removes \p{Mn}) makes of each code point it changes.
    stripped = tf.strings.regex_replace(tf.constant([d.encode("utf-8") for d in nfd]), r"\p{Mn}", "").numpy()
    lines = ["# strip_accents of every code point it changes but Hangul syllables: tensorflow_text.normalize_utf8(NFD)",
             "# then tf.strings.regex_replace(\\p{Mn}, ''); '<code point> <result code points>' (hex), made by",
             "# testdata/keras_hub_tokenizers.py --unicode."]
    for c, o in zip(cps, stripped):
        o = o.decode("utf-8")
        if o != chr(c) and not hangul(c):
            lines.append(("%X %s" % (c, " ".join("%X" % ord(ch) for ch in o))).rstrip())
    with open(os.path.join(OUT, "strip-accents.txt"), "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")

    folded = tf_text.case_fold_utf8(strings).numpy()
    mapping = [(c, o.decode("utf-8")) for c, o in zip(cps, folded) if o.decode("utf-8") != chr(c)]
    # Runs of code points that map to one code point at a constant distance, with a stride of 1 or 2
    # (upper/lower case pairs alternate), or that are removed; anything else is listed.
    entries = []
    for c, o in mapping:
        kind = ("x",) if o == "" else ("d", ord(o) - c) if len(o) == 1 else ("s", o)
        last = entries[-1] if entries else None
        if last and kind[0] != "s" and last["kind"] == kind:
            gap = c - last["end"]
            if last["stride"] is None and gap in (1, 2):
                last["stride"], last["end"] = gap, c
                continue
            if gap == last["stride"]:
                last["end"] = c
                continue
        entries.append(dict(start=c, end=c, stride=None, kind=kind))
    lines = ["# NFKC_Casefold of every code point that it changes, as tensorflow_text.case_fold_utf8 computes it",
             "# (ICU, tensorflow-text %s); made by testdata/keras_hub_tokenizers.py --unicode." % tf_text.__version__,
             "# <first>[-<last>[/<stride>]] then: 'x' (removed), '+n'/'-n' (the code point n further), or the",
             "# code points of the replacement. Casefolding a string maps each code point, then composes (NFC)."]
    for e in entries:
        r = "%X" % e["start"] if e["start"] == e["end"] else "%X-%X" % (e["start"], e["end"])
        if e["stride"] == 2:
            r += "/2"
        k = e["kind"]
        lines.append(r + " " + ("x" if k[0] == "x" else "%+d" % k[1] if k[0] == "d" else " ".join("%X" % ord(ch) for ch in k[1])))
    with open(os.path.join(RESOURCES, "nfkc-casefold.txt"), "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")
    print("unicode tables: %d casefold entries for %d code points" % (len(entries), len(mapping)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unicode", action="store_true", help="also write core's Unicode tables")
    ap.add_argument("--configs", help="comma-separated subset of " + ",".join(CONFIGS))
    args = ap.parse_args()
    import keras_hub
    if keras_hub.__version__ != KERAS_HUB_VERSION:
        sys.exit("these references are for keras-hub %s, found %s" % (KERAS_HUB_VERSION, keras_hub.__version__))
    os.makedirs(OUT, exist_ok=True)
    if args.unicode:
        write_unicode_tables()
    with open(os.path.join(OUT, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(CORPUS, f, ensure_ascii=True, indent=0)
        f.write("\n")
    with open(os.path.join(OUT, "pairs.json"), "w", encoding="utf-8") as f:
        json.dump(PAIRS, f, ensure_ascii=True, indent=0)
        f.write("\n")
    with open(os.path.join(OUT, "examples.json"), "w", encoding="utf-8") as f:
        json.dump(EXAMPLES, f, ensure_ascii=True, indent=0)
        f.write("\n")
    names = args.configs.split(",") if args.configs else list(CONFIGS)
    for name in names:
        write_config(name)


if __name__ == "__main__":
    main()
