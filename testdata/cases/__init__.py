"""The fixture case table. Each module in this package registers cases with @case; the generator
imports them all. Add a new family of cases as a new module here (one module per layer family), so
several people can add cases without editing the same file.

A builder is called as builder(K, ctx): K is the keras module of the writer (keras for keras3,
tf_keras for tfkeras); ctx.writer is "keras3" / "tfkeras", ctx.case the case name, ctx.notes a list
of notes for the manifest. It returns the model. Give layers explicit names where it matters, so
weight seeds match across writers.
"""

import importlib
import pkgutil

WRITERS = ("keras3", "tfkeras")
CASES = []
# Filled in by activation cases: names the writer refused (reported in the generator's summary).
REJECTED_ACTIVATIONS = {}


def case(name, writers=WRITERS, batch=2, int_high=None, scales=None, tolerance=None, no_data=False,
         inputs=None, refused=None, free_dim=None, reference=None, post_save=None, edit_inputs=None,
         keras_init=False, keras3_backend="jax"):
    """Registers a builder. int_high: {input name: exclusive upper bound} for integer inputs;
    scales: {layer name: weight scale}; tolerance: {"rtol", "atol", "why"}; no_data: models too big
    to ship inputs/outputs for (shapes only); inputs: {input name: fn(shape, rng) -> numpy array}
    for inputs that need a particular pattern (e.g. padded sequences for masking); refused:
    {writer: {format: message substring}} for formats jkeras must refuse to run (e.g. a .keras file that
    does not record a backend the outputs depend on), checked by FixtureTest; free_dim: the length given
    to input dimensions the model leaves open (None), e.g. the time axis of a streaming model;
    reference: fn(K, model, arrays) -> outputs, for models the writer can save but not run here
    (CuDNN layers need a GPU): Keras computes the outputs another way, e.g. by loading the saved
    weights into the equivalent layers with its own conversion; post_save(K, ctx, out_dir, files):
    called after the files are written (before the reload check), to rewrite them (e.g. mark a legacy
    file as Theano-written); edit_inputs(arrays): gets {input name: numpy array} of all inputs and edits
    them in place (e.g. padding tokens at chosen positions); keras_init: keep the weights Keras's own
    initializers gave (seeded), only BatchNormalization statistics and scales are randomized (gently), for deep
    networks that random N(0, 0.5) weights would overflow (keras.applications models); keras3_backend: the Keras 3 backend the
    keras3 writer runs the case with ("jax" by default; "tensorflow" for string tensors, which JAX
    cannot hold, so a Keras 3 model with string inputs only runs on the TensorFlow backend). A string
    input needs an `inputs` function (the generator makes numeric inputs only)."""
    def deco(fn):
        if any(c["name"] == name for c in CASES):
            raise ValueError("duplicate case name " + name)
        CASES.append(dict(name=name, builder=fn, writers=tuple(writers), batch=batch,
                          int_high=int_high or {}, scales=scales or {}, tolerance=tolerance,
                          no_data=no_data, inputs=inputs or {}, refused=refused or {}, free_dim=free_dim, reference=reference,
                          post_save=post_save, edit_inputs=edit_inputs, keras_init=keras_init,
                          keras3_backend=keras3_backend))
        return fn
    return deco


def load_all():
    """Imports every case module (sorted by name, foundation first) and returns CASES."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__))
    names.sort(key=lambda n: (n != "foundation", n))
    for n in names:
        importlib.import_module(__name__ + "." + n)
    return CASES
