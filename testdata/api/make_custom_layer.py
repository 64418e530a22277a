"""Writes custom_layer.keras for the README's custom-layer plugin example (ReadmeExamplesTest): a Dense followed by a
user-defined layer `demo>Scale` (y = x * scale, one trainable weight per feature) that jkeras does not know, and
Keras's own output for custom_inputs.npy in custom_outputs.npy.

    KERAS_BACKEND=jax /work/venv/bin/python testdata/api/make_custom_layer.py
"""
import os
import numpy as np
import keras

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(99)


@keras.saving.register_keras_serializable(package="demo")
class Scale(keras.layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(name="scale", shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.scale


inp = keras.Input((4,), name="features")
h = keras.layers.Dense(3, name="dense")(inp)
out = Scale(name="scale")(h)
model = keras.Model(inp, out)
for v in model.weights:
    v.assign(rng.normal(0, 1, v.shape).astype("float32"))
x = rng.normal(0, 1, (2, 4)).astype("float32")
model.save(os.path.join(here, "custom_layer.keras"))
np.save(os.path.join(here, "custom_inputs.npy"), x)
np.save(os.path.join(here, "custom_outputs.npy"), model.predict(x, verbose=0))
