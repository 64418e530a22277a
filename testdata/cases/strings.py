"""String tensors and the string preprocessing layers: StringLookup, Hashing of strings, HashedCrossing,
TextVectorization, and an end-to-end text classifier. Keras 3 runs these cases on the TensorFlow backend
(keras3_backend="tensorflow"): its string layers compute with TF ops whatever the backend, but a JAX model
cannot take a string input at all ("data type 'string' not understood")."""

from . import case

K3_TF = "tensorflow"

# Tokens for the lookup and hashing inputs: ASCII, empty, unicode (NFC and decomposed), an emoji (4 UTF-8
# bytes), the default OOV token itself, and strings of 17-32, 33-64 and > 64 UTF-8 bytes (FarmHash takes a
# different path for each length class).
TOKENS = ["a", "b", "c", "d", "z", "", "Ü", "ü", "e\u0301", "😀", "[UNK]", "A",
          "seventeen bytes!!", "a token of thirty-three bytes ...", "ÜnÏcode " * 9]
VOCAB = ["a", "b", "c", "d", "Ü", "😀", "a token of thirty-three bytes ..."]

# Raw text: punctuation, upper case, unicode, empty strings, runs of ASCII whitespace (tabs, newlines),
# non-ASCII spaces (NBSP, ideographic space: not whitespace for tf.strings.split), a decomposed accent.
TEXTS = [
    "The quick brown Fox, jumps over the lazy dog!",
    "  ÜNÏCODE café   naïve\tTEXT \n",
    "",
    "dog... DOG? dog-dog; [the] fox's (quick) fox",
    "a\u00a0b  C\u3000d e\u0301 ÀÉ 日本語 😀",
    "the the THE; quick: 42 + 7 = 49 #tags @you",
]


def _tokens(pool):
    def make(shape, rng):
        import numpy as np
        return np.array(pool, dtype=str)[rng.integers(0, len(pool), size=shape)]
    return make


def _texts(pool):
    def make(shape, rng):
        import numpy as np
        n = int(np.prod(shape))
        return np.array([pool[i % len(pool)] for i in range(n)], dtype=str).reshape(shape)
    return make


def _is_k3(ctx):
    return ctx.writer == "keras3"


@case("str_lookup", batch=3, keras3_backend=K3_TF, int_high={"idx": 9},
      inputs={"tok": _tokens(TOKENS), "tok_known": _tokens(VOCAB + ["z", ""]), "one": _tokens(TOKENS)})
def build_str_lookup(K, ctx):
    L = K.layers
    tok = K.Input(shape=(5,), dtype="string", name="tok")
    known = K.Input(shape=(4,), dtype="string", name="tok_known")
    one = K.Input(shape=(1,), dtype="string", name="one")
    idx = K.Input(shape=(4,), dtype="int64", name="idx")
    outs = [
        L.StringLookup(vocabulary=VOCAB, name="sl_default")(tok),
        L.StringLookup(vocabulary=VOCAB, mask_token="", name="sl_mask")(tok),
        L.StringLookup(vocabulary=VOCAB, num_oov_indices=3, mask_token="", oov_token="<oov>", name="sl_oov3")(tok),
        L.StringLookup(vocabulary=VOCAB + ["z", ""], num_oov_indices=0, name="sl_no_oov")(known),
        L.StringLookup(vocabulary=["", "[UNK]", "a", "z", "Ü"], mask_token="", name="sl_special_given")(tok),
        L.StringLookup(vocabulary=VOCAB, output_mode="one_hot", name="sl_one_hot")(one),
        L.StringLookup(vocabulary=VOCAB, output_mode="multi_hot", mask_token="", name="sl_multi_hot")(tok),
        L.StringLookup(vocabulary=VOCAB, output_mode="count", num_oov_indices=2, name="sl_count")(tok),
        L.StringLookup(vocabulary=VOCAB, output_mode="count", max_tokens=12, pad_to_max_tokens=True,
                       name="sl_count_padded")(tok),
        L.StringLookup(vocabulary=VOCAB, output_mode="tf_idf", idf_weights=[0.5, 1.5, 2.0, 0.25, 1.0, 3.0, 0.75],
                       name="sl_tf_idf")(tok),
        L.StringLookup(vocabulary=VOCAB, invert=True, name="sl_invert")(idx),
        L.StringLookup(vocabulary=VOCAB, invert=True, mask_token="<pad>", oov_token="?", name="sl_invert_mask")(idx),
        L.StringLookup(vocabulary=VOCAB, encoding="latin-1", name="sl_latin1")(tok),
    ]
    if _is_k3(ctx):
        outs.append(L.StringLookup(vocabulary=VOCAB, num_oov_indices=4, salt=[5, 17], name="sl_siphash")(tok))
        outs.append(L.StringLookup(vocabulary=VOCAB, num_oov_indices=2, salt=1234567, name="sl_siphash_int")(tok))
        outs.append(L.StringLookup(vocabulary=VOCAB, output_mode="one_hot", mask_token="", name="sl_one_hot_r3")(tok))
    return K.Model([tok, known, one, idx], outs, name=ctx.case)


@case("str_lookup_adapted", batch=3, keras3_backend=K3_TF, int_high={"idx": 8},
      inputs={"tok": _tokens(TOKENS)})
def build_str_lookup_adapted(K, ctx):
    # Adapted vocabularies live only in the .keras archive (assets/<layer path>/vocabulary.txt); tf_idf
    # weights in vars. Frequency ties are sorted by token, high to low.
    import numpy as np
    L = K.layers
    tok = K.Input(shape=(5,), dtype="string", name="tok")
    idx = K.Input(shape=(4,), dtype="int64", name="idx")
    # no repeated token within a row: tf_keras's tf_idf adapt of a dense batch fails otherwise (it stacks
    # the per-row unique tokens); no "" token: Keras 3 drops a trailing empty line of vocabulary.txt on load
    data = np.array([["a", "Ü", "b", "c"], ["😀", "c", "a", "b"], ["d", "a", "Ü", "b"], ["b", "c", "x", "y"]])
    a = L.StringLookup(num_oov_indices=2, mask_token="", name="adapted_int")
    a.adapt(data)
    b = L.StringLookup(output_mode="tf_idf", name="adapted_tf_idf")
    b.adapt(data)
    c = L.StringLookup(invert=True, name="adapted_invert")
    c.adapt(data)
    return K.Model([tok, idx], [a(tok), b(tok), c(idx)], name=ctx.case)


@case("str_hashing", batch=3, keras3_backend=K3_TF, inputs={"tok": _tokens(TOKENS), "one": _tokens(TOKENS)})
def build_str_hashing(K, ctx):
    L = K.layers
    tok = K.Input(shape=(6,), dtype="string", name="tok")
    outs = [
        L.Hashing(7, name="fast")(tok),
        L.Hashing(1000003, name="fast_big")(tok),
        L.Hashing(5, mask_value="", name="masked_empty")(tok),
        L.Hashing(11, salt=[133, 137], name="salted_pair")(tok),
        L.Hashing(9, salt=42, mask_value="a", name="salted_int_masked")(tok),
        L.Hashing(6, output_mode="multi_hot", name="hash_multi_hot")(tok),
        L.Hashing(6, output_mode="count", name="hash_count")(tok),
    ]
    if _is_k3(ctx):
        one = K.Input(shape=(1,), dtype="string", name="one")
        outs.append(L.Hashing(4, output_mode="one_hot", name="hash_one_hot")(one))
        return K.Model([tok, one], outs, name=ctx.case)
    return K.Model(tok, outs, name=ctx.case)


def _crossing_ints(shape, rng):
    import numpy as np
    # negative and large ids too (exact in float32: |v| <= 2^24)
    return rng.choice(np.array([0, 1, 2, 7, -1, -5, 12345, -16777216, 16777216], dtype="int64"), size=shape)


@case("str_hashed_crossing", batch=4, keras3_backend=K3_TF,
      inputs={"s1": _tokens(TOKENS), "s2": _tokens(TOKENS), "i1": _crossing_ints, "s_flat": _tokens(TOKENS),
              "i_flat": _crossing_ints})
def build_str_hashed_crossing(K, ctx):
    L = K.layers
    s1 = K.Input(shape=(1,), dtype="string", name="s1")
    s2 = K.Input(shape=(1,), dtype="string", name="s2")
    i1 = K.Input(shape=(1,), dtype="int64", name="i1")
    sf = K.Input(shape=(), dtype="string", name="s_flat")
    i_f = K.Input(shape=(), dtype="int64", name="i_flat")
    outs = [
        L.HashedCrossing(13, name="cross_ss")([s1, s2]),
        L.HashedCrossing(1000003, name="cross_si")([s1, i1]),
        L.HashedCrossing(7, name="cross_is")([i1, s1]),
        L.HashedCrossing(5, output_mode="one_hot", name="cross_one_hot")([s2, i1]),
        L.HashedCrossing(11, name="cross_flat")([sf, i_f]),
        L.HashedCrossing(6, output_mode="one_hot", name="cross_flat_one_hot")([i_f, sf]),
    ]
    if not _is_k3(ctx):  # Keras 3 crosses exactly two inputs
        outs.append(L.HashedCrossing(97, name="cross_three")([i1, s2, s1]))
    return K.Model([s1, s2, i1, sf, i_f], outs, name=ctx.case)


TV_VOCAB = ["the", "fox", "quick", "dog", "brown", "jumps", "über", "ünïcode", "café", "naïve", "text", "dog-dog",
            "fox's", "lazy", "over", "42", "ÜNÏCODE", "Fox,"]
TV_CHARS = ["t", "h", "e", "o", "q", "u", "Ü", "ï", "é", " ", "\u0301", "😀", "d", "g"]
TV_BIGRAMS = ["the", "quick", "the quick", "quick brown", "brown", "dog", "dog dog", "fox", "ÜNÏCODE café"]


@case("str_text_vectorization", batch=6, keras3_backend=K3_TF, inputs={"text": _texts(TEXTS), "text_flat": _texts(TEXTS[::-1])})
def build_str_text_vectorization(K, ctx):
    L = K.layers
    TV = L.TextVectorization
    text = K.Input(shape=(1,), dtype="string", name="text")
    flat = K.Input(shape=(), dtype="string", name="text_flat")
    outs = [
        TV(vocabulary=TV_VOCAB, name="tv_default")(text),
        TV(vocabulary=TV_VOCAB, output_sequence_length=12, name="tv_pad")(text),
        TV(vocabulary=TV_VOCAB, output_sequence_length=3, name="tv_truncate")(text),
        TV(vocabulary=TV_VOCAB, standardize="lower", output_sequence_length=9, name="tv_lower")(text),
        TV(vocabulary=TV_VOCAB, standardize="strip_punctuation", output_sequence_length=9, name="tv_strip")(text),
        TV(vocabulary=TV_VOCAB, standardize=None, output_sequence_length=9, name="tv_no_standardize")(text),
        TV(vocabulary=TEXTS[:2] + ["dog dog dogdog the fox's quick fox"], standardize=None, split=None,
           name="tv_no_split")(text),
        TV(vocabulary=["the quick brown fox jumps over the lazy dog", "dog dog dogdog the foxs quick fox"],
           split=None, output_sequence_length=1, name="tv_no_split_std")(text),
        TV(vocabulary=TV_CHARS, standardize="lower", split="character", output_sequence_length=16,
           name="tv_chars")(text),
        TV(vocabulary=TV_CHARS, split="character", output_mode="count", name="tv_chars_count")(text),
        TV(vocabulary=TV_BIGRAMS, ngrams=2, output_sequence_length=20, name="tv_ngrams2")(text),
        TV(vocabulary=TV_BIGRAMS, standardize="lower", ngrams=3, output_mode="count", max_tokens=15,
           pad_to_max_tokens=True, name="tv_ngrams_count_padded")(text),
        TV(vocabulary=TV_VOCAB, output_mode="multi_hot", name="tv_multi_hot")(text),
        TV(vocabulary=TV_VOCAB, output_mode="count", name="tv_count")(text),
        TV(vocabulary=TV_VOCAB[:6], output_mode="tf_idf", idf_weights=[0.1, 1.5, 2.0, 0.7, 1.1, 3.0],
           name="tv_tf_idf")(text),
        TV(vocabulary=TV_VOCAB, output_mode="multi_hot", name="tv_flat_multi_hot")(flat),
        TV(vocabulary=TV_VOCAB, output_sequence_length=7, name="tv_flat_int")(flat),
    ]
    if _is_k3(ctx):  # tf_keras writes a tuple `ngrams` as a list, which it cannot load back
        outs.append(TV(vocabulary=TV_BIGRAMS, ngrams=(2,), output_mode="multi_hot", name="tv_bigrams_only")(text))
        outs.append(TV(vocabulary=TV_BIGRAMS, standardize="lower", ngrams=(3, 1), output_sequence_length=30,
                       name="tv_ngrams_3_1")(text))
        outs.append(TV(vocabulary=TV_VOCAB, split=None, output_mode="one_hot", name="tv_one_hot")(text))
    else:  # tf_keras only: output_mode=None returns the standardized strings
        outs.append(TV(vocabulary=["unused"], split=None, output_mode=None, name="tv_standardized")(text))
    return K.Model([text, flat], outs, name=ctx.case)


ADAPT_TEXTS = [
    "The fox jumps. The dog sleeps!",
    "A quick brown fox; a lazy dog.",
    "Ünïcode text, ÜNÏCODE TEXT and café",
    "the end",
    "",
]


@case("str_text_vectorization_adapted", batch=6, keras3_backend=K3_TF, inputs={"text": _texts(TEXTS)})
def build_str_text_vectorization_adapted(K, ctx):
    import numpy as np
    L = K.layers
    text = K.Input(shape=(1,), dtype="string", name="text")
    data = np.array(ADAPT_TEXTS)[:, None]
    a = L.TextVectorization(max_tokens=12, output_sequence_length=6, name="adapted_int")
    a.adapt(data)
    b = L.TextVectorization(output_mode="tf_idf", name="adapted_tf_idf")
    b.adapt(data)
    c = L.TextVectorization(ngrams=2, output_mode="multi_hot", max_tokens=10, pad_to_max_tokens=True,
                            name="adapted_bigrams")
    c.adapt(data)
    return K.Model(text, [a(text), b(text), c(text)], name=ctx.case)


CLASSIFIER_TEXTS = [
    "I loved this movie, GREAT acting!",
    "terrible plot... I hated it",
    "Ünïcode título: ¡Qué película!",
    "great great great",
    "",
    "not bad, not great; just OK",
]


@case("str_text_classifier", batch=6, keras3_backend=K3_TF, inputs={"text": _texts(CLASSIFIER_TEXTS)})
def build_str_text_classifier(K, ctx):
    # Raw text in, class probabilities out: TextVectorization (adapted: vocabulary in the .keras assets)
    # -> Embedding -> GlobalAveragePooling1D -> Dense. (No mask_zero: an empty text masks every step, and
    # Keras's masked average is then 0/0 = NaN.)
    import numpy as np
    L = K.layers
    text = K.Input(shape=(1,), dtype="string", name="text")
    tv = L.TextVectorization(max_tokens=24, output_sequence_length=8, name="vectorize")
    tv.adapt(np.array(CLASSIFIER_TEXTS + TEXTS)[:, None])
    x = tv(text)
    x = L.Embedding(24, 8, name="embed")(x)
    x = L.GlobalAveragePooling1D(name="pool")(x)
    x = L.Dense(8, activation="relu", name="hidden")(x)
    y = L.Dense(3, activation="softmax", name="probs")(x)
    return K.Model(text, y, name=ctx.case)
