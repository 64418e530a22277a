#!/usr/bin/env python3
"""Generate jkeras test fixtures by running REAL Keras.

    python testdata/generate_fixtures.py                 # regenerate everything
    python testdata/generate_fixtures.py --cases mlp,reshape_ops

Without --writer, this script removes testdata/fixtures/ and testdata/examples/, then runs itself twice
as a subprocess:

    --writer keras3   Keras 3 (KERAS_BACKEND=jax)        -> fixtures/<case>/keras3/
    --writer tfkeras  tf_keras (the Keras 2 code of TF)   -> fixtures/<case>/tfkeras/

(Keras 3 and tf_keras are never imported in the same process.)  Finally it writes
prints a summary of every case x writer written and every skip.

All values are produced by Keras itself: weights are overwritten with seeded random values, inputs are
seeded random values, outputs are what Keras computes with training=False.  Nothing is hand-computed.
Every file written is also re-loaded with the same Keras and re-run; the max abs difference is
recorded in manifest.json under "keras_reload" (a sanity check of the files, not a test).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import traceback
import warnings
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
EXAMPLES = os.path.join(HERE, "examples")
WRITERS = ("keras3", "tfkeras")

# ----------------------------------------------------------------------------------------------
# Case table.  A builder is called as builder(K, ctx): K is the keras module of the writer
# (keras for keras3, tf_keras for tfkeras); ctx.writer is "keras3" / "tfkeras".  It returns the
# model.  Layers get explicit names where it matters so weight seeds match across writers.
# ----------------------------------------------------------------------------------------------

sys.path.insert(0, HERE)
from cases import CASES, REJECTED_ACTIVATIONS, load_all  # noqa: E402

load_all()


# ----------------------------------------------------------------------------------------------
# Writer process
# ----------------------------------------------------------------------------------------------

class Ctx:
    def __init__(self, writer, case_name):
        self.writer = writer
        self.case = case_name
        self.notes = []


def seed_of(*parts):
    return zlib.crc32("/".join(parts).encode("utf-8"))


def short_name(var):
    return (getattr(var, "name", None) or type(var).__name__).split("/")[-1].split(":")[0]


def np_dtype_of(var):
    import numpy as np
    dt = var.dtype
    if hasattr(dt, "as_numpy_dtype"):
        return np.dtype(dt.as_numpy_dtype)
    return np.dtype(str(dt))


MODEL_CLASS = [None]  # set to K.Model by the writer process


def walk_variables(layer, prefix, out, seen):
    """Yield (key, variable): key is the chain of layer names (RNN cells transparent)."""
    children = []
    if isinstance(layer, MODEL_CLASS[0]):
        children = list(layer.layers)
    elif hasattr(layer, "layer") and getattr(layer, "layer", None) is not None:
        children = [layer.layer]
    elif getattr(getattr(layer, "cell", None), "weights", None) is not None:  # (CuDNN layers' cell has none)
        for v in layer.cell.weights:
            if id(v) not in seen:
                seen.add(id(v))
                out.append((prefix + layer.name + "/" + short_name(v), v))
        return
    if children:
        for c in children:
            walk_variables(c, prefix + layer.name + "/", out, seen)
    used = {}
    for v in layer.weights:  # own weights not reached through children
        if id(v) not in seen:
            seen.add(id(v))
            # sublayer weights (MultiHeadAttention: query/kernel, key/kernel, ...) share short names:
            # number repeats so each variable gets its own seed
            key = prefix + layer.name + "/" + short_name(v)
            used[key] = used.get(key, 0) + 1
            out.append((key if used[key] == 1 else "%s#%d" % (key, used[key]), v))


def _not_randomizable(v):
    """tf.keras lookup layers hold non-variables (VocabWeightHandler) and idf weights of unknown
    shape among their weights; they are data derived from the config, not weights to randomize."""
    shape = getattr(v, "shape", None)
    return not hasattr(v, "assign") or shape is None or any(d is None for d in shape)


def randomize_weights(model, case_name, scales, keras_init=False):
    import numpy as np
    out, seen = [], set()
    for l in model.layers:
        walk_variables(l, "", out, seen)
    for i, v in enumerate(model.weights):
        if id(v) not in seen:
            seen.add(id(v))
            out.append(("#%d/%s" % (i, short_name(v)), v))
    out = [(key, v) for key, v in out if not _not_randomizable(v)]
    for key, v in out:
        rng = np.random.default_rng(seed_of(case_name, "w", key))
        shape = tuple(int(d) for d in v.shape)
        sn = short_name(v)
        if keras_init:
            if sn in ("gamma", "moving_variance"):
                v.assign(rng.uniform(0.8, 1.2, shape).astype(np_dtype_of(v)))
            elif sn in ("beta", "moving_mean"):
                v.assign(rng.normal(0.0, 0.1, shape).astype(np_dtype_of(v)))
            continue
        if sn == "gamma":
            val = rng.uniform(0.5, 1.5, shape)
        elif sn == "beta":
            val = rng.normal(0.0, 0.3, shape)
        elif sn in ("moving_mean", "mean"):  # "mean"/"variance": the preprocessing Normalization layer
            val = rng.normal(0.0, 0.5, shape)
        elif sn in ("moving_variance", "variance"):
            val = rng.uniform(0.5, 2.0, shape)
        else:
            top = key.split("/")[0]
            val = rng.normal(0.0, scales.get(top, 0.5), shape)
        v.assign(val.astype(np_dtype_of(v)))
    # The preprocessing Normalization layer computes with constants derived from its weights when it is
    # adapted or loaded; re-derive them so the outputs use the randomized weights that get saved.
    for l in model._flatten_layers(include_self=False, recursive=True):
        if type(l).__name__ == "Normalization" and hasattr(l, "finalize_state"):
            l.finalize_state()
    return len(out)


def make_inputs(model, c, writer):
    import numpy as np
    names, arrays = [], []
    for t in model.inputs:
        name = t._keras_history[0].name
        shape = (c["batch"],) + tuple(c["free_dim"] if d is None and c.get("free_dim") else int(d) for d in t.shape[1:])
        dtype = str(getattr(t.dtype, "name", t.dtype))
        rng = np.random.default_rng(seed_of(c["name"], "in", name))
        if name in c.get("inputs", {}):
            a = np.asarray(c["inputs"][name](shape, rng))
        elif "string" in dtype:
            raise ValueError("string input %r needs an `inputs` function in the case" % name)
        elif "int" in dtype:
            high = c["int_high"][name]
            a = rng.integers(0, high, size=shape).astype("int32")
            a.flat[:: max(1, a.size // 3)] = 0  # some zeros (index 0 is a regular index, no masking)
        else:
            a = rng.normal(0.0, 1.0, shape).astype("float32")
        names.append(name)
        arrays.append(a)
    if c.get("edit_inputs"):
        c["edit_inputs"](dict(zip(names, arrays)))
    return names, arrays


def as_list(y):
    if isinstance(y, (list, tuple)):
        return list(y)
    if isinstance(y, dict):
        raise TypeError("dict outputs not supported")
    return [y]


def to_np32(y):
    """A float32 array; string tensors (bytes) become numpy unicode arrays, decoded as UTF-8."""
    import numpy as np
    a = np.asarray(y)
    if a.dtype.kind in "OSU":
        flat = [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in a.reshape(-1)]
        return np.array(flat, dtype=str).reshape(a.shape)
    return a.astype("float32")


def is_text(a):
    return a.dtype.kind == "U"


def run_model(model, arrays, dtypes=None):
    """Keras's outputs as float32 (or unicode) arrays; their own dtype names are appended to `dtypes` if given."""
    x = arrays[0] if len(arrays) == 1 else list(arrays)
    raw = as_list(model(x, training=False))
    if dtypes is not None:
        dtypes.extend(dtype_name(y) for y in raw)
    return [to_np32(y) for y in raw]


def dtype_name(y):
    """The dtype of one Keras output as Keras names it ("int32", "bool", "float64", "string")."""
    import numpy as np
    dt = getattr(y, "dtype", None)
    name = getattr(dt, "name", None) or str(dt)
    if name in ("string", "object") or np.asarray(y).dtype.kind in "OSU":
        return "string"
    return name


def shape_list(shape):
    if shape is None:
        return None
    return [None if d is None else int(d) for d in shape]


def output_keys(model):
    keys, per_layer = [], {}
    hist = [t._keras_history for t in model.outputs]
    for h in hist:
        per_layer[h[0].name] = per_layer.get(h[0].name, 0) + 1
    for h in hist:
        name = h[0].name
        keys.append(name if per_layer[name] == 1 else "%s:%d" % (name, h[2]))
    if len(set(keys)) != len(keys):
        raise ValueError("ambiguous output keys %r" % keys)
    return keys


def layer_output_shape(layer):
    try:
        out = layer.output
    except Exception:  # noqa: BLE001 -- tf_keras: layer used several times
        out = layer.get_output_at(0)
    if isinstance(out, (list, tuple)):
        flat = []
        stack = list(out)
        while stack:  # nested outputs (stacked RNN cells with return_state) are flattened
            o = stack.pop(0)
            if isinstance(o, (list, tuple)):
                stack[:0] = list(o)
            else:
                flat.append(o)
        return [shape_list(o.shape) for o in flat]
    return shape_list(out.shape)


def model_output_shapes(model):
    shapes = [shape_list(t.shape) for t in model.outputs]
    try:
        mos = model.output_shape
        mos = [mos] if len(model.outputs) == 1 else list(mos)
        assert [shape_list(s) for s in mos] == shapes, (mos, shapes)
    except AttributeError:
        pass
    return shapes


def max_abs_diff(a_list, b_list):
    """Largest |a - b| over all outputs; a string output counts 0 if equal, inf otherwise."""
    import numpy as np

    def diff(a, b):
        if is_text(a) or is_text(b):
            return 0.0 if a.shape == b.shape and np.array_equal(a, b) else float("inf")
        return np.max(np.abs(a - b)) if a.size else 0.0
    return float(max(diff(a, b) for a, b in zip(a_list, b_list)))


def generate_case(K, writer, c, status):
    import numpy as np
    name = c["name"]
    out_dir = os.path.join(FIXTURES, name, writer)
    ctx = Ctx(writer, name)
    K.backend.clear_session()
    if c.get("keras_init"):
        K.utils.set_random_seed(seed_of(name, "init"))
    try:
        model = c["builder"](K, ctx)
        n_vars = randomize_weights(model, name, c["scales"], c.get("keras_init", False))
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        status["skipped"].append({"case": name, "writer": writer,
                                  "why": "build failed: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])})
        return
    os.makedirs(out_dir, exist_ok=True)

    in_names, arrays = make_inputs(model, c, writer)
    out_keys = output_keys(model)
    outputs = None
    out_dtypes = []
    if not c["no_data"]:
        try:
            outputs = c["reference"](K, model, arrays) if c.get("reference") else run_model(model, arrays, out_dtypes)
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            shutil.rmtree(out_dir, ignore_errors=True)
            status["skipped"].append({"case": name, "writer": writer,
                                      "why": "predict failed: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])})
            return
        assert len(outputs) == len(out_keys)
        for k, sym, y in zip(out_keys, model_output_shapes(model), outputs):
            if len(sym) != y.ndim or any(d is not None and d != n for d, n in zip(sym, y.shape)):
                ctx.notes.append("output %s: Keras's symbolic output shape %s (in output_shapes/summary) "
                                 "differs from the computed array shape %s" % (k, sym, list(y.shape)))
        np.savez(os.path.join(out_dir, "inputs.npz"), **dict(zip(in_names, arrays)))
        np.savez(os.path.join(out_dir, "outputs.npz"), **dict(zip(out_keys, outputs)))

    # --- write the model files
    files, file_errors = {}, {}
    weights_name = "model.weights.h5" if writer == "keras3" else "model_weights.h5"

    def attempt(key, fn, value):
        try:
            fn()
            files[key] = value
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            file_errors[key] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300])

    def save_json_weights():
        with open(os.path.join(out_dir, "model.json"), "w") as f:
            f.write(model.to_json())
        model.save_weights(os.path.join(out_dir, weights_name))

    attempt("keras", lambda: model.save(os.path.join(out_dir, "model.keras")), "model.keras")
    attempt("h5", lambda: model.save(os.path.join(out_dir, "model.h5")), "model.h5")
    attempt("json", save_json_weights, ["model.json", weights_name])
    if c.get("post_save"):
        c["post_save"](K, ctx, out_dir, files)
    for k, fn in (("keras", "model.keras"), ("h5", "model.h5")):
        if k not in files and os.path.exists(os.path.join(out_dir, fn)):
            os.remove(os.path.join(out_dir, fn))

    # --- reload every written file with the same Keras (sanity check of the files)
    reload = {}
    for key in files:
        try:
            if key == "json":
                with open(os.path.join(out_dir, "model.json")) as f:
                    m2 = K.models.model_from_json(f.read())
                m2.load_weights(os.path.join(out_dir, weights_name))
            else:
                m2 = K.models.load_model(os.path.join(out_dir, files[key]), compile=False)
            if outputs is None:
                reload[key] = "loaded"
            else:
                reload[key] = "max_abs_diff=%.3g" % max_abs_diff(outputs, run_model(m2, arrays))
        except Exception as e:  # noqa: BLE001
            reload[key] = "error: %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0][:200])
    # A file Keras itself cannot load back is no fixture: keep it, listed under "keras_unloadable"
    # (e.g. an adapted lookup vocabulary, which only the .keras archive stores). Exception: Keras 3's
    # legacy .h5 reader does not know the raw op nodes (NotEqual, ...) its writer records for masks
    # ("Unknown layer"); those files are complete, so they stay fixtures.
    unloadable = {k: files.pop(k) for k in list(files)
                  if reload[k].startswith("error") and "Unknown layer" not in reload[k]}

    summary = []
    for layer in model.layers:
        summary.append({"name": layer.name, "class": type(layer).__name__,
                        "output_shape": layer_output_shape(layer),
                        "params": int(layer.count_params())})
    manifest = {
        "case": name,
        "writer": writer,
        "keras_version": K.__version__,
        "inputs": in_names,
        "outputs": out_keys,
        "files": files,
        "output_shapes": model_output_shapes(model),
        "count_params": int(model.count_params()),
        "trainable_params": int(sum(int(np.prod(w.shape)) for w in model.trainable_weights)),
        "summary": summary,
    }
    if writer == "keras3" and c["keras3_backend"] != "jax":
        manifest["backend"] = c["keras3_backend"]
    if out_dtypes:
        manifest["output_dtypes"] = out_dtypes
    if c["no_data"]:
        manifest["no_data"] = True
    if c["tolerance"]:
        manifest["tolerance"] = c["tolerance"]
    if c.get("refused", {}).get(writer):
        manifest["refused"] = c["refused"][writer]
    if ctx.notes:
        manifest["notes"] = ctx.notes
    if file_errors:
        manifest["file_errors"] = file_errors
    if unloadable:
        manifest["keras_unloadable"] = unloadable
    manifest["keras_reload"] = reload
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")

    entry = {"dir": "%s/%s" % (name, writer), "files": files, "keras_reload": reload}
    for k, v in (("no_data", c["no_data"]), ("notes", ctx.notes), ("file_errors", file_errors)):
        if v:
            entry[k] = v
    status["cases"][name] = entry
    for k, err in file_errors.items():
        status["skipped"].append({"case": name, "writer": writer, "format": k, "why": err})
    rng_info = ""
    numeric = [o for o in outputs or [] if not is_text(o) and o.size]
    if numeric:
        rng_info = " out range [%.2f, %.2f]" % (min(float(o.min()) for o in numeric),
                                                max(float(o.max()) for o in numeric))
    print("  %-22s %-8s vars=%d files=%s reload=%s%s" % (name, writer, n_vars, sorted(files), reload, rng_info))

    if writer == "keras3" and name == "video_classifier" and "keras" in files:
        os.makedirs(EXAMPLES, exist_ok=True)
        shutil.copyfile(os.path.join(out_dir, "model.keras"), os.path.join(EXAMPLES, "video_classifier.keras"))
        np.save(os.path.join(EXAMPLES, "video_input.npy"), arrays[0].astype("float32"))
        np.save(os.path.join(EXAMPLES, "video_expected.npy"), outputs[0].astype("float32"))


def writer_main(writer, case_names, status_path, backend):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    if writer == "keras3":
        os.environ["KERAS_BACKEND"] = backend
        if backend == "jax":
            # Without x64, JAX silently makes float64 variables/compute float32 (dtype_policy case).
            import jax
            jax.config.update("jax_enable_x64", True)
        import keras as K
        assert K.backend.backend() == backend, K.backend.backend()
    else:
        # tf_keras code that refers to tf.keras (its SpectralNormalization) must get tf_keras, not Keras 3
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tf_keras as K
    import numpy as np
    MODEL_CLASS[0] = K.Model
    np.random.seed(0)
    K.utils.set_random_seed(0)
    status = {"writer": writer, "keras_version": K.__version__, "cases": {}, "skipped": []}
    for c in CASES:
        if case_names and c["name"] not in case_names:
            continue
        if writer not in c["writers"]:
            continue
        if writer == "keras3" and c["keras3_backend"] != backend:
            continue
        generate_case(K, writer, c, status)
    status["rejected_activations"] = REJECTED_ACTIVATIONS.get(writer, {})
    with open(status_path, "w") as f:
        json.dump(status, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writer", choices=WRITERS)
    ap.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    ap.add_argument("--status", help="(internal) where a writer process reports")
    ap.add_argument("--backend", default="jax", help="(internal) the keras3 writer's backend")
    args = ap.parse_args()
    case_names = [s for s in args.cases.split(",") if s]
    unknown = set(case_names) - {c["name"] for c in CASES}
    if unknown:
        ap.error("unknown cases: %s" % sorted(unknown))

    if args.writer:
        writer_main(args.writer, case_names, args.status, args.backend)
        return

    import pack_fixtures  # the committed archive: unpacked first (a partial run keeps the other cases), packed at the end
    pack_fixtures.unpack()
    if not case_names:
        shutil.rmtree(FIXTURES, ignore_errors=True)
        shutil.rmtree(EXAMPLES, ignore_errors=True)
    else:
        for n in case_names:
            shutil.rmtree(os.path.join(FIXTURES, n), ignore_errors=True)
    os.makedirs(FIXTURES, exist_ok=True)

    statuses = []
    import tempfile
    # keras3 runs once per backend its selected cases need (jax unless a case says otherwise)
    selected = [c for c in CASES if not case_names or c["name"] in case_names]
    k3_backends = sorted({c["keras3_backend"] for c in selected if "keras3" in c["writers"]}, key=lambda b: b != "jax")
    runs = [("keras3", b) for b in k3_backends] + [("tfkeras", "tensorflow")]
    for writer, backend in runs:
        # a private status file, so partial runs for different cases can run side by side
        fd, status_path = tempfile.mkstemp(prefix="jkeras_status_%s_" % writer, suffix=".json")
        os.close(fd)
        os.remove(status_path)
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0")
        if writer == "keras3":
            env["KERAS_BACKEND"] = backend
        print("== writer %s (%s)" % (writer, backend), flush=True)
        cmd = [sys.executable, os.path.abspath(__file__), "--writer", writer, "--status", status_path, "--backend", backend]
        if case_names:
            cmd += ["--cases", ",".join(case_names)]
        rc = subprocess.call(cmd, env=env)
        if rc != 0 or not os.path.exists(status_path):
            sys.exit("writer %s failed (exit code %d)" % (writer, rc))
        with open(status_path) as f:
            statuses.append(json.load(f))
        os.remove(status_path)

    # Summary on stdout (not a committed file: partial runs by several people would race on it).
    skipped = []
    for st in statuses:
        print("%s %s: %d case(s) written" % (st["writer"], st["keras_version"], len(st["cases"])))
        skipped.extend(st["skipped"])
        if st["rejected_activations"]:
            print("rejected activations (%s): %s" % (st["writer"], json.dumps(st["rejected_activations"], indent=1)))
    for c in CASES:  # a case that is declared for a writer but produced nothing is a skip too
        if case_names and c["name"] not in case_names:
            continue
        for w in c["writers"]:
            produced = any(st["writer"] == w and c["name"] in st["cases"] for st in statuses)
            if not produced and not any(s["case"] == c["name"] and s["writer"] == w for s in skipped):
                skipped.append({"case": c["name"], "writer": w, "why": "not produced"})
    print("skipped:", json.dumps(skipped, indent=1))
    pack_fixtures.pack()

if __name__ == "__main__":
    main()
