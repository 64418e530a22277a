"""Makes the files behind `jkeras inspect` and `jkeras summary` tests (run from the repo root):

    /work/venv/bin/python testdata/inspect/make_inspect.py

1. unsupported.{keras,h5,json,weights.h5}: a small Keras 3 model that jkeras refuses for several independent
   reasons at once: a Lambda (Python code), a custom registered class (demo>Scale), and an option jkeras does
   not support on a layer it does (UpSampling2D interpolation="bicubic"), each on its own branch, merged at the
   end; plus supported branches. `jkeras inspect` must report all three, and the merge as depending on them.
2. summaries/<case>.txt and <case>.expand.txt: Keras's own model.summary() (expand_nested False / True) of
   committed fixture models (testdata/fixtures/<case>/keras3/model.keras), to compare `jkeras summary` with.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
SUMMARY_CASES = ["functional_multi", "nested_models", "mlp", "td_nested", "conv_bn_pool"]


@keras.saving.register_keras_serializable(package="demo")
class Scale(keras.layers.Layer):
    def __init__(self, factor=2.0, **kw):
        super().__init__(**kw)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def unsupported_model():
    L = keras.layers
    keras.utils.set_random_seed(7)
    image = keras.Input((8, 8, 3), name="image")
    conv = L.Conv2D(4, 3, padding="same", activation="relu", name="conv")(image)
    up = L.UpSampling2D(2, interpolation="bicubic", name="up_bicubic")(conv)
    up_pool = L.GlobalAveragePooling2D(name="up_pool")(up)
    doubled = L.Lambda(lambda t: t * 2.0, name="double")(conv)
    doubled_pool = L.GlobalMaxPooling2D(name="double_pool")(doubled)
    scaled = Scale(3.0, name="scale")(L.GlobalAveragePooling2D(name="pool")(conv))
    merged = L.Concatenate(name="merge")([up_pool, doubled_pool, scaled])
    head = L.Dense(2, name="head")(merged)
    aux = L.Dense(3, activation="softmax", name="aux")(L.Flatten(name="flat")(conv))
    return keras.Model(image, [head, aux], name="unsupported_demo")


def write_unsupported():
    m = unsupported_model()
    base = os.path.join(HERE, "unsupported")
    m.save(base + ".keras")
    m.save(base + ".h5")
    with open(base + ".json", "w") as f:
        f.write(m.to_json())
    m.save_weights(base + ".weights.h5")


def write_summaries():
    out = os.path.join(HERE, "summaries")
    os.makedirs(out, exist_ok=True)
    for case in SUMMARY_CASES:
        path = os.path.join(FIXTURES, case, "keras3", "model.keras")
        m = keras.saving.load_model(path, compile=False, safe_mode=True)
        for expand, suffix in ((False, ""), (True, ".expand")):
            lines = []
            m.summary(expand_nested=expand, print_fn=lambda s, **kw: lines.append(s))
            with open(os.path.join(out, case + suffix + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines).rstrip("\n") + "\n")


if __name__ == "__main__":
    write_unsupported()
    write_summaries()
    print("wrote", sorted(os.listdir(HERE)), file=sys.stderr)
