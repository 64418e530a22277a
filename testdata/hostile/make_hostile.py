"""Writes the hostile files of issue 11 (fuzz part) from committed fixtures; no Keras needed.

Run from the repository root: python3 testdata/hostile/make_hostile.py
Each file's expected error and CLI exit code are in expectations.json (kept by hand, with the reason).
"""
import io
import json
import struct
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
FIX = HERE.parent / "fixtures"


def put(name, data):
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def mlp_json():
    return json.loads((FIX / "mlp/keras3/model.json").read_text())


def functional(layers, inputs, outputs):
    return {"class_name": "Functional", "config": {"name": "m", "layers": layers,
            "input_layers": inputs, "output_layers": outputs}, "keras_version": "3.15.1"}


def dense(name, inbound, units=2):
    return {"class_name": "Dense", "name": name, "config": {"name": name, "units": units, "activation": "linear",
            "use_bias": True}, "inbound_nodes": [[[inbound, 0, 0, {}]]]}


def input_layer(name, shape):
    return {"class_name": "InputLayer", "name": name, "config": {"name": name, "batch_input_shape": shape,
            "dtype": "float32"}, "inbound_nodes": []}


def npy(header_dict, payload):
    h = repr(header_dict).encode()
    pad = 64 - (10 + len(h) + 1) % 64
    h = h + b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + payload


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


keras = (FIX / "mlp/keras3/model.keras").read_bytes()
h5 = (FIX / "mlp/keras3/model.h5").read_bytes()

put("empty.keras", b"")
put("truncated_archive.keras", keras[: len(keras) // 2])
put("wrong_magic.keras", b"GIF89a" + keras[6:200])
put("truncated_model.h5", h5[:4096])
put("hdf5_signature_only.h5", h5[:8])
put("archive_without_config.keras", zip_bytes([("metadata.json", '{"keras_version": "3.15.1"}')]))
put("archive_config_not_json.keras", zip_bytes([("config.json", b"\x00\xff garbage"), ("metadata.json", "{}")]))
put("archive_config_array.keras", zip_bytes([("config.json", "[1, 2, 3]"), ("metadata.json", "{}")]))
put("config_truncated.json", json.dumps(mlp_json())[:300])
put("config_deep_nesting.json", "[" * 100000 + "]" * 100000)
put("config_cyclic_graph.json", json.dumps(functional(
    [input_layer("x", [None, 2]), dense("a", "b"), dense("b", "a")], [["x", 0, 0]], [["b", 0, 0]])))
put("config_self_loop.json", json.dumps(functional(
    [input_layer("x", [None, 2]), dense("a", "a")], [["x", 0, 0]], [["a", 0, 0]])))
put("config_dangling_ref.json", json.dumps(functional(
    [input_layer("x", [None, 2]), dense("a", "nowhere")], [["x", 0, 0]], [["a", 0, 0]])))
put("config_huge_units.json", json.dumps(functional(
    [input_layer("x", [None, 65536]), dense("a", "x", units=2000000000)], [["x", 0, 0]], [["a", 0, 0]])))
put("config_huge_input_shape.json", json.dumps(functional(
    [input_layer("x", [None, 2147483647, 2147483647]), dense("a", "x")], [["x", 0, 0]], [["a", 0, 0]])))
put("config_unknown_layer.json", json.dumps(functional(
    [input_layer("x", [None, 2]), {**dense("a", "x"), "class_name": "NoSuchLayer"}], [["x", 0, 0]], [["a", 0, 0]])))
# weights that belong to another model: the mlp config with the conv_1d weights
put("weights_of_another_model.weights.h5", (FIX / "conv_1d/keras3/model.weights.h5").read_bytes())
# array inputs for the mlp fixture (CLI only)
put("input_huge_declared_shape.npy", npy({"descr": "<f4", "fortran_order": False, "shape": (100000, 100000)}, b"\0" * 16))
put("input_truncated.npy", npy({"descr": "<f4", "fortran_order": False, "shape": (2, 7)}, b"\0" * 20))
put("input_bad_header.npy", b"\x93NUMPY\x01\x00\x10\x00{'descr': __import__('os')}\n")
put("input_wrong_shape.npy", npy({"descr": "<f4", "fortran_order": False, "shape": (2, 3)}, b"\0" * 24))
put("input_npz_not_npy_member.npz", zip_bytes([("x.txt", "hello")]))
put("input_fortran_order.npy", npy({"descr": "<f4", "fortran_order": True, "shape": (2, 7)}, b"\0" * 56))
