"""Hostile .keras files for config and graph defects (issue 11, defects 4, 6, 8, 9): each is the real Keras
fixture functional_multi/keras3/model.keras with one edit to config.json, recorded in expectations.json.
Run from the repository root: python3 testdata/hostile/make_graph_cases.py"""
import json
import pathlib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SRC = ROOT / "testdata/fixtures/functional_multi/keras3/model.keras"
OUT = ROOT / "testdata/hostile"

CASES = {
    "graph_negative_tensor_index.keras": ('"keras_history": ["shared", 1, 0]', '"keras_history": ["shared", 1, -1]',
        "ModelFormatException", "a negative tensor index in an inbound node (was IndexOutOfBoundsException, exit 1)"),
    "graph_huge_node_index.keras": ('"keras_history": ["shared", 1, 0]', '"keras_history": ["shared", 4294967297, 0]',
        "ModelFormatException", "a node index >= 2^31 in an inbound node (wrapped by intValue())"),
    "config_units_wrap.keras": ('"units": 3', '"units": 4294967299',
        "ModelFormatException", "units 2^32 + 3 ran as a 3-unit Dense; config integers are range-checked"),
    "graph_shape_mismatch_add.keras": ('"keras_history": ["shared", 1, 0]', '"keras_history": ["a", 0, 0]',
        "ModelFormatException", "Add of (None, 4) and (None, 5): a shape error found while building is a model error (was exit 2)"),
    "graph_lambda_layer.keras": ('"class_name": "Add"', '"class_name": "Lambda"',
        "UnsupportedFeatureException", "a Lambda layer is refused by name (it holds Python code), exit 3"),
}


def main():
    expectations_file = OUT / "expectations.json"
    expectations = json.loads(expectations_file.read_text()) if expectations_file.exists() else {"files": {}}
    with zipfile.ZipFile(SRC) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    config = members["config.json"].decode()
    for name, (old, new, error, why) in CASES.items():
        assert old in config, old
        edited = dict(members)
        edited["config.json"] = config.replace(old, new, 1).encode()
        with zipfile.ZipFile(OUT / name, "w", zipfile.ZIP_DEFLATED) as z:
            for member, data in edited.items():
                z.writestr(member, data)
        expectations["files"][name] = {"error": error, "exit": 3, "why": why}
    expectations_file.write_text(json.dumps(expectations, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
