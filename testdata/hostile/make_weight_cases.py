"""Hostile weight files for the weight-count rule (issue 11): a weightless Activation that holds an array (the real
Keras fixture mlp/keras3, whose Activation layer is named 'softmax', with one array added), and stacked RNN cells whose
group holds an array after the last cell's (rnn_generic/tfkeras).
Needs h5py: run from the repository root with /work/venv/bin/python testdata/hostile/make_weight_cases.py"""
import io
import pathlib
import shutil
import zipfile

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
SRC = ROOT / "testdata/fixtures/mlp/keras3"
OUT = ROOT / "testdata/hostile"


def legacy_h5():
    """model.h5: the group of 'softmax' lists one weight (Keras: 'Layer expects 0 weight(s)')."""
    out = OUT / "weights_activation_holds_array.h5"
    shutil.copyfile(SRC / "model.h5", out)
    with h5py.File(out, "r+") as f:
        g = f["model_weights/softmax"]
        g.create_dataset("softmax/kernel", data=np.ones((3,), dtype="float32"))
        g.attrs["weight_names"] = np.array([b"softmax/kernel"])


def keras3_archive():
    """model.keras: layers/activation/vars holds 0 (Keras: 'expected 0 variables, but received 1')."""
    with zipfile.ZipFile(SRC / "model.keras") as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    for i, (name, data) in enumerate(members):
        if name != "model.weights.h5":
            continue
        b = io.BytesIO(data)
        with h5py.File(b, "r+") as f:
            f["layers/activation/vars"].create_dataset("0", data=np.ones((3,), dtype="float32"))
        members[i] = (name, b.getvalue())
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    (OUT / "weights_activation_holds_var.keras").write_bytes(buf.getvalue())


def stacked_cells_leftover():
    """model.h5 (tf.keras): the StackedRNNCells group of 'rnn_stacked' lists one array after its two cells' six."""
    out = OUT / "weights_stacked_cells_leftover.h5"
    shutil.copyfile(ROOT / "testdata/fixtures/rnn_generic/tfkeras/model.h5", out)
    with h5py.File(out, "r+") as f:
        g = f["model_weights/rnn_stacked"]
        g.create_dataset("rnn_stacked/extra:0", data=np.ones((3,), dtype="float32"))
        g.attrs["weight_names"] = np.array(list(g.attrs["weight_names"]) + ["rnn_stacked/extra:0"], dtype=object)


if __name__ == "__main__":
    legacy_h5()
    keras3_archive()
    stacked_cells_leftover()
