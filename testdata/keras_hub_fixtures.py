#!/usr/bin/env python3
"""KerasHub fixtures for jkeras, made by the real KerasHub (see the README section "KerasHub models").

    KERAS_BACKEND=jax python testdata/keras_hub_fixtures.py                  # all cases
    KERAS_BACKEND=jax python testdata/keras_hub_fixtures.py --cases hub_bert_backbone
    KERAS_BACKEND=jax python testdata/keras_hub_fixtures.py --large         # the on-demand larger check -> testdata/hub-large/

KerasHub models do not fit the generic case machinery of generate_fixtures.py: their inputs and outputs are dicts,
they are saved with save_to_preset as well as model.save, and the task models' inputs come from their preprocessors.
Each case writes fixtures/<case>/keras3/ in the generic layout (FixtureTest runs it like any other fixture):

    model.keras                         model.save("model.keras")   (the task saved WITH its preprocessor)
    preset/                             model.save_to_preset("preset")  (config.json, model.weights.h5, metadata.json,
                                        + task.json, task.weights.h5, preprocessor.json, tokenizer.json, assets/)
    model.json (+ preset/model.weights.h5)  backbones only: keras.Model(model.input, model.output), the Functional graph
                                        the constructor built, serialized as Keras would (KerasHub layers as plain layers);
                                        its weights file is the preset's (the same layout), not a second copy
    inputs.npz, outputs.npz, manifest.json

Weights: every variable overwritten with seeded random values (kernels/embeddings N(0, 0.15), biases N(0, 0.1),
LayerNormalization gamma U(0.5, 1.5) and beta N(0, 0.3)). Text task inputs are the preprocessor's output for the
texts listed in the manifest ("texts"), so a tokenizer can be checked end to end; backbone inputs are seeded ids with
right padding.
"""

import argparse
import json
import os
import shutil
import sys
import warnings
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

if "--large" in sys.argv and os.environ["KERAS_BACKEND"] == "jax":
    import jax  # the float64 reference run of --large needs real float64 in JAX

    jax.config.update("jax_enable_x64", True)

import numpy as np  # noqa: E402
import keras  # noqa: E402
import keras_hub  # noqa: E402

HUB_VERSION = "0.32.0"

# ---- vocabularies (tiny, but real: the tokenizer worker checks token ids against KerasHub on them) -------------

WORDPIECE = (["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
             + list("abcdefghijklmnopqrstuvwxyz") + list(".,!?'")
             + ["the", "quick", "brown", "fox", "jump", "over", "lazy", "dog", "cafe", "naive", "hello", "world"]
             + ["##s", "##ed", "##ing", "##e", "##er", "##ly", "##a", "##o", "##n", "##t", "##r", "##l", "##d"]
             + ["é", "ü", "日", "本", "語", "😀"])


def bytes_to_unicode():
    """GPT-2's byte -> printable unicode character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BPE_MERGES = ["Ġ t", "h e", "Ġt he", "Ġ q", "u i", "Ġq ui", "c k", "Ġqui ck", "Ġ f", "o x", "Ġf ox", "Ġ d", "o g", "Ġd og",
              "e r", "v er", "Ġ o", "Ġo ver", "i n", "in g", "Ġ a", "Ġ l", "a z", "Ġl az", "Ġlaz y", "l l", "he ll",
              "hell o", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d"]


def bpe_vocabulary(specials):
    vocab = {}
    for s in specials:
        vocab[s] = len(vocab)
    for ch in bytes_to_unicode().values():
        vocab.setdefault(ch, len(vocab))
    for m in BPE_MERGES:
        vocab.setdefault(m.replace(" ", ""), len(vocab))
    return vocab


TEXTS = ["The quick brown fox jumps over the lazy dog.",
         "hello world",
         "Café naïve  façade — 日本語 😀 unknownword",
         "   spaces\tand\nnewlines   "]

# ---- cases ------------------------------------------------------------------------------------------------------

SIZE = dict(num_layers=2, num_heads=2, hidden_dim=64, intermediate_dim=128)
CASES = {}


def case(name):
    def deco(fn):
        CASES[name] = fn
        return fn
    return deco


def random_inputs(model, name):
    """Seeded inputs for a plain Functional model: int inputs in [1, 20) with right padding zeros, floats N(0, 1)."""
    out = {}
    for t in model.inputs:
        n = t._keras_history[0].name
        rng = np.random.default_rng(zlib.crc32((name + "/in/" + n).encode()))
        shape = (2,) + tuple(t.shape[1:])
        if "int" in str(t.dtype):
            if n == "padding":
                a = np.ones(shape, "int32")
                a[1, 5:] = 0
            else:
                a = rng.integers(1, 20, size=shape).astype("int32")
                a[1, 6:] = 0
        else:
            a = rng.normal(0.0, 1.0, shape).astype("float32")
        out[n] = a
    return out


def token_inputs(name, vocab, batch=2, seq=12, segments=False, lengths=(12, 7)):
    rng = np.random.default_rng(zlib.crc32((name + "/in").encode()))
    ids = rng.integers(1, vocab, size=(batch, seq)).astype("int32")
    mask = np.zeros((batch, seq), "int32")
    for i, n in enumerate(lengths):
        mask[i, :n] = 1
    ids[mask == 0] = 0
    x = {"token_ids": ids, "padding_mask": mask}
    if segments:
        seg = np.zeros((batch, seq), "int32")
        seg[:, seq // 2:] = 1
        seg[mask == 0] = 0
        x["segment_ids"] = seg
    return x


@case("hub_bert_backbone")
def bert_backbone():
    m = keras_hub.models.BertBackbone(vocabulary_size=50, max_sequence_length=16, **SIZE)
    return m, token_inputs("hub_bert_backbone", 50, segments=True), None


@case("hub_bert_classifier")
def bert_classifier():
    tok = keras_hub.models.BertTokenizer(vocabulary=WORDPIECE, lowercase=True)
    pre = keras_hub.models.BertTextClassifierPreprocessor(tok, sequence_length=16)
    bb = keras_hub.models.BertBackbone(vocabulary_size=len(WORDPIECE), max_sequence_length=16, **SIZE)
    return keras_hub.models.BertTextClassifier(bb, num_classes=3, preprocessor=pre), None, TEXTS


@case("hub_distil_bert_backbone")
def distil_bert_backbone():
    m = keras_hub.models.DistilBertBackbone(vocabulary_size=50, max_sequence_length=16, **SIZE)
    return m, token_inputs("hub_distil_bert_backbone", 50), None


@case("hub_distil_bert_classifier")
def distil_bert_classifier():
    tok = keras_hub.models.DistilBertTokenizer(vocabulary=WORDPIECE, lowercase=False)
    pre = keras_hub.models.DistilBertTextClassifierPreprocessor(tok, sequence_length=16)
    bb = keras_hub.models.DistilBertBackbone(vocabulary_size=len(WORDPIECE), max_sequence_length=16, **SIZE)
    return keras_hub.models.DistilBertTextClassifier(bb, num_classes=3, preprocessor=pre, hidden_dim=48), None, TEXTS


ROBERTA_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


@case("hub_roberta_backbone")
def roberta_backbone():
    m = keras_hub.models.RobertaBackbone(vocabulary_size=50, max_sequence_length=16, **SIZE)
    return m, token_inputs("hub_roberta_backbone", 50), None


@case("hub_roberta_classifier")
def roberta_classifier():
    vocab = bpe_vocabulary(ROBERTA_SPECIALS)
    tok = keras_hub.models.RobertaTokenizer(vocabulary=vocab, merges=BPE_MERGES)
    pre = keras_hub.models.RobertaTextClassifierPreprocessor(tok, sequence_length=16)
    bb = keras_hub.models.RobertaBackbone(vocabulary_size=len(vocab), max_sequence_length=16, **SIZE)
    return keras_hub.models.RobertaTextClassifier(bb, num_classes=2, preprocessor=pre, dropout=0.1), None, TEXTS


@case("hub_gpt2_backbone")
def gpt2_backbone():
    m = keras_hub.models.GPT2Backbone(vocabulary_size=50, max_sequence_length=16, **SIZE)
    return m, token_inputs("hub_gpt2_backbone", 50), None


@case("hub_gpt2_causal_lm")
def gpt2_causal_lm():
    vocab = bpe_vocabulary(["<|endoftext|>"])
    tok = keras_hub.models.GPT2Tokenizer(vocabulary=vocab, merges=BPE_MERGES)
    pre = keras_hub.models.GPT2CausalLMPreprocessor(tok, sequence_length=16)
    bb = keras_hub.models.GPT2Backbone(vocabulary_size=len(vocab), max_sequence_length=16, **SIZE)
    return keras_hub.models.GPT2CausalLM(bb, preprocessor=pre), None, TEXTS


def image_inputs(name, shape=(2, 32, 32, 3)):
    rng = np.random.default_rng(zlib.crc32((name + "/in").encode()))
    return {"images": rng.normal(0.0, 1.0, shape).astype("float32")}


VIT_SIZE = dict(num_layers=2, num_heads=2, hidden_dim=64, mlp_dim=128)


@case("hub_vit_backbone")
def vit_backbone():
    m = keras_hub.models.ViTBackbone(image_shape=(32, 32, 3), patch_size=8, **VIT_SIZE)
    return m, image_inputs("hub_vit_backbone"), None


@case("hub_vit_classifier")
def vit_classifier():
    bb = keras_hub.models.ViTBackbone(image_shape=(32, 32, 3), patch_size=8, use_mha_bias=False, **VIT_SIZE)
    conv = keras_hub.layers.ViTImageConverter(image_size=(32, 32), scale=1 / 127.5, offset=-1.0)
    pre = keras_hub.models.ViTImageClassifierPreprocessor(image_converter=conv)
    return (keras_hub.models.ViTImageClassifier(bb, num_classes=4, preprocessor=pre, intermediate_dim=32, activation="softmax"),
            image_inputs("hub_vit_classifier"), None)


@case("hub_vit_classifier_gap")
def vit_classifier_gap():
    bb = keras_hub.models.ViTBackbone(image_shape=(16, 24, 3), patch_size=(8, 4), use_class_token=False, use_patch_bias=False,
                                      num_layers=1, num_heads=4, hidden_dim=32, mlp_dim=48, layer_norm_epsilon=1e-3)
    return keras_hub.models.ViTImageClassifier(bb, num_classes=3, pooling="gap"), image_inputs("hub_vit_classifier_gap", (2, 16, 24, 3)), None


@case("hub_layers")
def hub_layers():
    """The KerasHub layers used directly in a Functional model (their class names appear in model.json)."""
    L = keras_hub.layers
    tokens = keras.Input((8,), dtype="int32", name="tokens")
    padding = keras.Input((8,), dtype="int32", name="padding")
    x = keras.Input((8, 16), name="x")
    src = keras.Input((5, 16), name="src")
    e = L.TokenAndPositionEmbedding(20, 8, 16, mask_zero=True, name="tok_pos")(tokens)
    enc_masked = L.TransformerEncoder(32, 2, name="enc_keras_mask")(e)
    p = L.PositionEmbedding(10, name="pos")(x)
    xp = keras.layers.Add(name="x_plus_pos")([x, p])
    enc = L.TransformerEncoder(24, 4, normalize_first=True, activation="gelu", layer_norm_epsilon=1e-3,
                               name="enc_pre_norm")(xp, padding_mask=padding)
    dec_cross = L.TransformerDecoder(32, 2, name="dec_cross")(enc, src, decoder_padding_mask=padding)
    dec_self = L.TransformerDecoder(16, 2, normalize_first=True, activation=keras_hub.src.utils.keras_utils.gelu_approximate,
                                    name="dec_self")(x)
    att = L.CachedMultiHeadAttention(num_heads=2, key_dim=8, name="cached_mha")(x, src)
    return keras.Model([tokens, padding, x, src], [enc_masked, enc, dec_cross, dec_self, att]), None, None


@case("hub_vit_layers")
def hub_vit_layers():
    """ViT's patching and encoder layers on their own (not exported by KerasHub, but saved by name)."""
    from keras_hub.src.models.vit.vit_layers import ViTEncoder, ViTPatchingAndEmbedding
    images = keras.Input((12, 8, 3), name="images")
    x = ViTPatchingAndEmbedding(image_size=(12, 8), patch_size=(4, 4), hidden_dim=16, num_channels=3, name="patches")(images)
    y = ViTEncoder(num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=24, name="encoder")(x)
    return keras.Model(images, y), None, None


# ---- the on-demand larger check (--large): not committed; KerasHubLargeTest runs it when present -------------------

LARGE = dict(num_layers=4, num_heads=4, hidden_dim=256, intermediate_dim=1024)
LARGE_CASES = {}


def large_case(name):
    def deco(fn):
        LARGE_CASES[name] = fn
        return fn
    return deco


@large_case("large_bert_classifier")
def large_bert_classifier():
    bb = keras_hub.models.BertBackbone(vocabulary_size=4000, max_sequence_length=128, **LARGE)
    return (keras_hub.models.BertTextClassifier(bb, num_classes=4, preprocessor=None),
            token_inputs("large_bert_classifier", 4000, batch=4, seq=128, segments=True, lengths=(128, 100, 64, 17)), None)


@large_case("large_gpt2_causal_lm")
def large_gpt2_causal_lm():
    bb = keras_hub.models.GPT2Backbone(vocabulary_size=4000, max_sequence_length=128, **LARGE)
    return (keras_hub.models.GPT2CausalLM(bb, preprocessor=None),
            token_inputs("large_gpt2_causal_lm", 4000, batch=4, seq=128, lengths=(128, 100, 64, 17)), None)


@large_case("large_vit_classifier")
def large_vit_classifier():
    bb = keras_hub.models.ViTBackbone(image_shape=(224, 224, 3), patch_size=16, num_layers=4, num_heads=4, hidden_dim=256, mlp_dim=1024)
    return keras_hub.models.ViTImageClassifier(bb, num_classes=10), image_inputs("large_vit_classifier", (4, 224, 224, 3)), None


# Cases whose files stay fixtures although Keras cannot load them back: KerasHub 0.32.0's ViTPatchingAndEmbedding
# writes num_patches and num_positions into its config but its constructor rejects them, so only ViTBackbone (which
# rebuilds the layer from its own arguments) can be reloaded. The outputs are the in-memory model's.
KERAS_CANNOT_RELOAD = {"hub_vit_layers": "KerasHub 0.32.0 cannot reload a ViTPatchingAndEmbedding saved on its own (its "
                                         "config holds num_patches/num_positions, which its constructor rejects); the "
                                         "outputs are the in-memory model's"}

# ---- machinery --------------------------------------------------------------------------------------------------

def randomize(model, name):
    n = 0
    for v in model.weights:
        rng = np.random.default_rng(zlib.crc32((name + "/w/" + v.path).encode()))
        shape = tuple(v.shape)
        short = v.path.split("/")[-1]
        if short == "gamma":
            val = rng.uniform(0.5, 1.5, shape)
        elif short == "beta":
            val = rng.normal(0.0, 0.3, shape)
        elif short == "bias":
            val = rng.normal(0.0, 0.1, shape)
        else:
            val = rng.normal(0.0, 0.15, shape)
        v.assign(val.astype("float32"))
        n += 1
    return n


def as_outputs(model, y, dtype="float32"):
    """Keras's outputs as {key: array}, keys in model.outputs order (dicts flatten in sorted key order)."""
    if isinstance(y, dict):
        return {k: np.asarray(y[k]).astype(dtype) for k in sorted(y)}
    ys = list(y) if isinstance(y, (list, tuple)) else [y]
    return {t._keras_history[0].name: np.asarray(v).astype(dtype) for t, v in zip(model.outputs, ys)}


def max_diff(a, b):
    return float(max(np.max(np.abs(a[k] - b[k])) for k in a))


def json_model(out_dir, weights):
    with open(os.path.join(out_dir, "model.json")) as fh:
        m = keras.models.model_from_json(fh.read())
    m.load_weights(os.path.join(out_dir, weights))
    return m


def generate(name, out_root, cases=CASES):
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    model, inputs, texts = cases[name]()
    is_task = isinstance(model, keras_hub.models.Task)
    is_hub = isinstance(model, (keras_hub.models.Task, keras_hub.models.Backbone))
    n_vars = randomize(model, name)
    if inputs is None and texts is None:
        inputs = random_inputs(model, name)
    if texts is not None:
        x = model.preprocessor(texts)
        if isinstance(x, tuple):  # CausalLM preprocessors return (x, y, sample_weight)
            x = x[0]
        inputs = {k: np.asarray(v).astype("int32") for k, v in x.items()}
    inputs = {n: inputs[n] for n in (t._keras_history[0].name for t in model.inputs)}  # model.inputs order (dicts: sorted)
    outputs = as_outputs(model, model(inputs, training=False))
    seconds = None
    if cases is LARGE_CASES:  # Keras's own speed on this machine, for comparison (jitted predict, median of 5)
        import time
        model.predict(inputs, verbose=0)
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            model.predict(inputs, verbose=0)
            runs.append(time.perf_counter() - t0)
        seconds = sorted(runs)[2]
        # Keras's own float32 error: the same model and weights run in float64 (outputs64.npz). KerasHubLargeTest
        # accepts jkeras if it is within the default tolerance of Keras's float32 outputs, or no further from the
        # float64 outputs than twice Keras's float32 error (the rule ApplicationsZooTest uses for deep networks).
        keras.config.set_dtype_policy("float64")
        try:
            m64, _, _ = cases[name]()
            m64.set_weights([w.astype("float64") for w in model.get_weights()])
            x64 = {k: (v.astype("float64") if v.dtype.kind == "f" else v) for k, v in inputs.items()}
            outputs64 = as_outputs(m64, m64(x64, training=False), "float64")
        finally:
            keras.config.set_dtype_policy("float32")

    out_dir = os.path.join(out_root, name, "keras3")
    shutil.rmtree(os.path.join(out_root, name), ignore_errors=True)
    os.makedirs(out_dir)
    np.savez(os.path.join(out_dir, "inputs.npz"), **inputs)
    np.savez(os.path.join(out_dir, "outputs.npz"), **outputs)
    if seconds is not None:
        np.savez(os.path.join(out_dir, "outputs64.npz"), **{k: v.astype("float64") for k, v in outputs64.items()})
    files, reload, unloadable = {}, {}, {}

    def check(key, load):
        """Reloads a written format with Keras; a format Keras cannot load back is kept on disk but is no fixture."""
        try:
            m = load()
            reload[key] = "max_abs_diff=%.3g" % max_diff(outputs, as_outputs(m, m(inputs, training=False)))
        except Exception as e:  # noqa: BLE001
            reload[key] = "error: %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0][:200])
            if name not in KERAS_CANNOT_RELOAD:
                unloadable[key] = files.pop(key)

    model.save(os.path.join(out_dir, "model.keras"))
    files["keras"] = "model.keras"
    check("keras", lambda: keras.models.load_model(os.path.join(out_dir, "model.keras"), compile=False))

    cls = type(model)
    if is_hub:
        model.save_to_preset(os.path.join(out_dir, "preset"))
        files["preset"] = "preset"
        check("preset", lambda: cls.from_preset(os.path.join(out_dir, "preset")))
    else:
        with open(os.path.join(out_dir, "model.json"), "w") as fh:
            fh.write(model.to_json())
        model.save_weights(os.path.join(out_dir, "model.weights.h5"))
        files["json"] = ["model.json", "model.weights.h5"]
        check("json", lambda: json_model(out_dir, "model.weights.h5"))

    if is_hub and not is_task:
        f = keras.Model(model.input, model.output, name=model.name)
        with open(os.path.join(out_dir, "model.json"), "w") as fh:
            fh.write(f.to_json())
        files["json"] = ["model.json", "preset/model.weights.h5"]
        check("json", lambda: json_model(out_dir, "preset/model.weights.h5"))

    manifest = {
        "case": name,
        "writer": "keras3",
        "keras_version": keras.__version__,
        "keras_hub_version": keras_hub.__version__,
        "class": cls.__name__,
        "inputs": list(inputs),
        "outputs": list(outputs),
        "files": files,
        "output_shapes": [[None] + list(v.shape[1:]) for v in outputs.values()],
        "count_params": int(model.count_params()),
        "trainable_params": int(sum(int(np.prod(w.shape)) for w in model.trainable_weights)),
        "summary": [{"name": l.name, "class": type(l).__name__, "params": int(l.count_params())} for l in model.layers],
    }
    if seconds is not None:
        manifest["keras_predict_seconds"] = seconds
        manifest["keras_float32_mean_abs_error"] = {k: float(np.mean(np.abs(outputs[k] - outputs64[k]))) for k in outputs}
    if texts is not None:
        manifest["texts"] = texts
        manifest["preprocessor"] = type(model.preprocessor).__name__
    if name in KERAS_CANNOT_RELOAD:
        manifest["notes"] = [KERAS_CANNOT_RELOAD[name]]
    manifest["keras_reload"] = reload
    if unloadable:
        manifest["keras_unloadable"] = unloadable
    with open(os.path.join(out_dir, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    rng = " out range [%.2f, %.2f]" % (min(float(v.min()) for v in outputs.values()), max(float(v.max()) for v in outputs.values()))
    print("  %-26s vars=%d files=%s reload=%s%s" % (name, n_vars, sorted(files), reload, rng), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    ap.add_argument("--large", nargs="?", const=os.path.join(HERE, "hub-large"), default=None, metavar="DIR",
                    help="write the larger on-demand models (4 layers, hidden 256, sequence 128) to DIR (default testdata/hub-large)")
    args = ap.parse_args()
    if args.large:
        print("KerasHub %s, Keras %s (%s): larger models into %s" % (keras_hub.__version__, keras.__version__, keras.backend.backend(), args.large))
        for n in LARGE_CASES:
            generate(n, args.large, LARGE_CASES)
        return
    assert keras_hub.__version__ == HUB_VERSION, "fixtures are pinned to KerasHub %s, found %s" % (HUB_VERSION, keras_hub.__version__)
    names = [s for s in args.cases.split(",") if s] or list(CASES)
    unknown = set(names) - set(CASES)
    if unknown:
        ap.error("unknown cases: %s" % sorted(unknown))
    print("KerasHub %s, Keras %s (%s)" % (keras_hub.__version__, keras.__version__, keras.backend.backend()))
    import pack_fixtures  # the other cases live in the committed archive
    pack_fixtures.unpack()
    for n in names:
        generate(n, FIXTURES)
    pack_fixtures.pack()


if __name__ == "__main__":
    main()
