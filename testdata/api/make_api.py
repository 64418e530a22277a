"""Writes the fixture of the Java API tests (ModelApiTest): a small Functional model with a Conv+BatchNorm+ReLU chain
(which jkeras folds at load), two branches, a Lambda-free multi-output layer use, and every layer's own output as
Keras computes it (layer_outputs.npz, keyed by layer name), so intermediate outputs are checked against Keras.

    KERAS_BACKEND=jax /work/venv/bin/python testdata/api/make_api.py
"""
import os
import numpy as np
import keras
from keras import layers

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(1234)

inp = keras.Input((8, 8, 3), name="image")
x = layers.Conv2D(4, 3, padding="same", name="conv")(inp)
x = layers.BatchNormalization(name="bn")(x)
x = layers.ReLU(name="relu")(x)
a = layers.GlobalAveragePooling2D(name="gap")(x)
b = layers.Flatten(name="flat")(x)
b = layers.Dense(5, name="dense_b")(b)
c = layers.Concatenate(name="concat")([a, b])
out1 = layers.Dense(3, activation="softmax", name="probs")(c)
out2 = layers.Dense(2, name="score")(c)
model = keras.Model(inp, [out1, out2], name="api_model")
for v in model.weights:
    v.assign(rng.normal(0, 0.5, v.shape).astype("float32") if "variance" not in v.path else rng.uniform(0.5, 1.5, v.shape).astype("float32"))

x_in = rng.normal(0, 1, (4, 8, 8, 3)).astype("float32")
names = [l.name for l in model.layers if not isinstance(l, keras.layers.InputLayer)]
probe = keras.Model(model.inputs, [model.get_layer(n).output for n in names])
acts = probe.predict(x_in, verbose=0)
model.save(os.path.join(here, "api_model.keras"))
np.savez(os.path.join(here, "inputs.npz"), image=x_in)
np.savez(os.path.join(here, "layer_outputs.npz"), **dict(zip(names, acts)))
print("wrote", names)
