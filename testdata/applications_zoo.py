#!/usr/bin/env python3
"""Generate the keras.applications zoo on demand: every constructor (40 in Keras 3.15), weights=None,
include_top both ways, at the smallest input it accepts, written by Keras 3 (.keras, .h5) and by tf_keras
(.keras, .h5, json + weights). The files are big (the whole zoo is ~60 GB), so they are not committed:

    python testdata/applications_zoo.py                          # everything into testdata/zoo/
    python testdata/applications_zoo.py --models MobileNet,ResNet50 --writers keras3 --tops notop
    python testdata/applications_zoo.py --models InceptionV3 --size 299 --tops top  # deeper rounding at full size

ApplicationsZooTest (keras-import) runs whatever it finds under testdata/zoo/ and skips, saying so, when the
directory is absent. Each <model>_<top>/<writer>/ holds the model files, inputs.npz, outputs.npz (Keras's
float32 outputs), outputs64.npz (the same model and weights evaluated in float64 by the same Keras, stored as
float32 pairs hi and lo = y - hi) and a
manifest.json in the fixture format. Weights: Keras's own initializers under a fixed seed, BatchNormalization
statistics and scales perturbed (so folding them is exercised); inputs: uniform images in the range the model's
built-in preprocessing expects ([0, 255] for models that include it, [-1, 1] otherwise).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
import warnings
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ZOO = [os.path.join(HERE, "zoo")]  # --out replaces it
WRITERS = ("keras3", "tfkeras")
CLASSES = 10
BATCH = [2]  # --batch replaces it

# constructor name, smallest input side, whether the model rescales raw [0, 255] pixels itself
MODELS = [
    ("MobileNet", 32, False), ("MobileNetV2", 32, False), ("MobileNetV3Small", 32, True),
    ("MobileNetV3Large", 32, True),
    ("DenseNet121", 32, False), ("DenseNet169", 32, False), ("DenseNet201", 32, False),
    ("ResNet50", 32, False), ("ResNet101", 32, False), ("ResNet152", 32, False),
    ("ResNet50V2", 32, False), ("ResNet101V2", 32, False), ("ResNet152V2", 32, False),
    ("EfficientNetB0", 32, True), ("EfficientNetB1", 32, True), ("EfficientNetB2", 32, True),
    ("EfficientNetB3", 32, True), ("EfficientNetB4", 32, True), ("EfficientNetB5", 32, True),
    ("EfficientNetB6", 32, True), ("EfficientNetB7", 32, True),
    ("EfficientNetV2B0", 32, True), ("EfficientNetV2B1", 32, True), ("EfficientNetV2B2", 32, True),
    ("EfficientNetV2B3", 32, True), ("EfficientNetV2S", 32, True), ("EfficientNetV2M", 32, True),
    ("EfficientNetV2L", 32, True),
    ("ConvNeXtTiny", 32, True), ("ConvNeXtSmall", 32, True), ("ConvNeXtBase", 32, True),
    ("ConvNeXtLarge", 32, True), ("ConvNeXtXLarge", 32, True),
    ("InceptionV3", 75, False), ("InceptionResNetV2", 75, False), ("Xception", 71, False),
    ("NASNetMobile", 32, False), ("NASNetLarge", 32, False),
    ("VGG16", 32, False), ("VGG19", 32, False),
]


def min_side(name):
    return next(side for n, side, _ in MODELS if n == name)


def seed_of(*parts):
    return zlib.crc32("/".join(parts).encode("utf-8"))


def build(K, name, size, top, floatx):
    K.backend.set_floatx(floatx)
    if hasattr(K, "config") and hasattr(K.config, "set_dtype_policy"):  # Keras 3 keeps a global policy too
        K.config.set_dtype_policy(floatx)
    ctor = getattr(K.applications, name)
    kwargs = dict(weights=None, include_top=(top == "top"), input_shape=(size, size, 3))
    if top == "top":
        # logits: a saturated softmax leaves a handful of informative values, too few to compare errors on
        # (softmax itself is covered by the committed fixtures)
        kwargs["classes"] = CLASSES
        kwargs["classifier_activation"] = None
    else:
        kwargs["pooling"] = None
    while True:
        try:
            return ctor(**kwargs)
        except ValueError as e:  # "Input size must be at least NxN": take the size the model asks for
            m = re.search(r"at least (\d+)x(\d+)", str(e))
            if not m:
                raise
            side = int(m.group(1))
            kwargs["input_shape"] = (side, side, 3)


def build_dtype_reset(K):
    K.backend.set_floatx("float32")
    if hasattr(K, "config") and hasattr(K.config, "set_dtype_policy"):
        K.config.set_dtype_policy("float32")


def perturb(K, model, key):
    """Keras's initializers stay; BatchNormalization gets non-trivial statistics and scales."""
    import numpy as np
    rng = np.random.default_rng(seed_of(key, "bn"))
    for layer in model._flatten_layers(include_self=False, recursive=True) if hasattr(model, "_flatten_layers") else model.layers:
        if type(layer).__name__ != "BatchNormalization":
            continue
        for v in layer.weights:
            short = v.name.split("/")[-1].split(":")[0]
            shape = tuple(int(d) for d in v.shape)
            if short == "gamma":
                val = rng.uniform(0.8, 1.2, shape)
            elif short == "beta":
                val = rng.normal(0.0, 0.1, shape)
            elif short == "moving_mean":
                val = rng.normal(0.0, 0.1, shape)
            elif short == "moving_variance":
                val = rng.uniform(0.8, 1.2, shape)
            else:
                continue
            v.assign(val.astype(str(v.dtype.name if hasattr(v.dtype, "name") else v.dtype)))


def generate(K, writer, name, size, raw_pixels, top, formats):
    import numpy as np
    case = "%s_%s" % (name, top) + ("_%d" % size if size != min_side(name) else "")
    out_dir = os.path.join(ZOO[0], case, writer)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    t0 = time.time()
    K.backend.clear_session()
    K.utils.set_random_seed(seed_of(case))
    m32 = build(K, name, size, top, "float32")
    perturb(K, m32, case)
    shape = (BATCH[0],) + tuple(int(d) for d in m32.inputs[0].shape[1:])
    rng = np.random.default_rng(seed_of(case, "in"))
    x = (rng.uniform(0, 255, shape) if raw_pixels else rng.uniform(-1, 1, shape)).astype("float32")
    y32 = np.asarray(m32(x, training=False)).astype("float32")
    weights = m32.get_weights()
    m64 = build(K, name, size, top, "float64")
    m64.set_weights([w.astype("float64") if w.dtype == np.float32 else w for w in weights])
    y64 = np.asarray(m64(x.astype("float64"), training=False)).astype("float64")
    build_dtype_reset(K)
    del m64
    in_name = m32.inputs[0]._keras_history[0].name
    out_name = m32.outputs[0]._keras_history[0].name
    np.savez(os.path.join(out_dir, "inputs.npz"), **{in_name: x})
    np.savez(os.path.join(out_dir, "outputs.npz"), **{out_name: y32})
    # float64 as a float32 pair hi + lo (exact to ~1e-14 relative), readable by the tests' float32 .npy reader
    hi = y64.astype("float32")
    np.savez(os.path.join(out_dir, "outputs64.npz"), **{out_name: hi, out_name + ".lo": (y64 - hi).astype("float32")})
    files = {}
    weights_name = "model.weights.h5" if writer == "keras3" else "model_weights.h5"
    if "keras" in formats:
        m32.save(os.path.join(out_dir, "model.keras"))
        files["keras"] = "model.keras"
    if "h5" in formats:
        m32.save(os.path.join(out_dir, "model.h5"))
        files["h5"] = "model.h5"
    if "json" in formats:
        with open(os.path.join(out_dir, "model.json"), "w") as f:
            f.write(m32.to_json())
        m32.save_weights(os.path.join(out_dir, weights_name))
        files["json"] = ["model.json", weights_name]
    keras_err = float(np.max(np.abs(y32.astype("float64") - y64)))
    manifest = {
        "case": case, "writer": writer, "keras_version": K.__version__,
        "inputs": [in_name], "outputs": [out_name], "files": files,
        "output_shapes": [[None if d is None else int(d) for d in m32.outputs[0].shape]],
        "count_params": int(m32.count_params()),
        "keras_float32_error": keras_err,
        "keras_float32_rel_error": keras_err / max(1e-30, float(np.max(np.abs(y64)))),
        "input_range": [0, 255] if raw_pixels else [-1, 1],
    }
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print("  %-26s %-8s params=%-10d in=%s out=%s keras32 err=%.3g (max |y|=%.3g) %.0fs"
          % (case, writer, m32.count_params(), list(shape), list(y32.shape), keras_err,
             float(np.max(np.abs(y64))), time.time() - t0), flush=True)


def writer_main(writer, models, tops, size):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    if writer == "keras3":
        os.environ["KERAS_BACKEND"] = "jax"
        import jax
        jax.config.update("jax_enable_x64", True)  # else float64 silently computes in float32
        import keras as K
        formats = ("keras", "h5")
    else:
        import tf_keras as K
        formats = ("keras", "h5", "json")
    failed = []
    for name, side, raw in MODELS:
        if models and name not in models:
            continue
        for top in tops:
            try:
                generate(K, writer, name, size if size else side, raw, top, formats)
            except Exception as e:  # noqa: BLE001
                traceback.print_exc()
                failed.append("%s_%s/%s: %s: %s" % (name, top, writer, type(e).__name__, str(e)[:200]))
    if failed:
        print("FAILED:\n  " + "\n  ".join(failed))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writer", choices=WRITERS, help="(internal) run one writer in this process")
    ap.add_argument("--writers", default=",".join(WRITERS))
    ap.add_argument("--models", default="", help="comma-separated constructor names (default: all 40)")
    ap.add_argument("--tops", default="notop,top", help="notop, top or both (default)")
    ap.add_argument("--out", default=ZOO[0], help="where to write (default testdata/zoo; ApplicationsZooTest reads "
                                                  "another directory given as -Djkeras.zoo=DIR)")
    ap.add_argument("--batch", type=int, default=2, help="images per input (more outputs make the error ratio steadier)")
    ap.add_argument("--size", type=int, default=0,
                    help="input side instead of the smallest each model accepts (dirs get a _<size> suffix), e.g. 224 "
                         "to check accuracy where deep networks accumulate the most rounding error")
    args = ap.parse_args()
    models = [m for m in args.models.split(",") if m]
    unknown = set(models) - {m[0] for m in MODELS}
    if unknown:
        ap.error("unknown models: %s" % sorted(unknown))
    tops = [t for t in args.tops.split(",") if t]
    ZOO[0] = os.path.abspath(args.out)
    BATCH[0] = args.batch
    if args.writer:
        writer_main(args.writer, models, tops, args.size)
        return
    for writer in [w for w in args.writers.split(",") if w]:
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0")
        if writer == "keras3":
            env["KERAS_BACKEND"] = "jax"
        print("== writer %s" % writer, flush=True)
        cmd = [sys.executable, os.path.abspath(__file__), "--writer", writer, "--tops", ",".join(tops),
               "--size", str(args.size), "--out", ZOO[0], "--batch", str(args.batch)]
        if models:
            cmd += ["--models", ",".join(models)]
        subprocess.call(cmd, env=env)


if __name__ == "__main__":
    main()
