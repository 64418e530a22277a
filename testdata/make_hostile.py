"""Writes the hand-crafted hostile files of testdata/hostile/ (archives, sizes and limits; issue 11).

Run: /work/venv/bin/python testdata/make_hostile.py   (deterministic; each file is a few KB)
Each file's expected error class and CLI exit code is in hostile/expectations.json.
"""
import io, json, os, struct, zipfile, zlib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "hostile")
SRC = os.path.join(HERE, "fixtures", "attn_rank2_causal", "keras3", "model.keras")


def npy_bytes(header_shape, data):
    h = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % (header_shape,)
    h = h + " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode("latin1") + data


def fixed_zipinfo(name, method):
    zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    zi.compress_type = method
    return zi


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def members(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def main():
    os.makedirs(OUT, exist_ok=True)
    src = members(SRC)

    # 1. two model.weights.h5 members: Keras reads the last, a first-match reader the first
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, d in src:
            z.writestr(fixed_zipinfo(n, zipfile.ZIP_STORED), d)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z.writestr(fixed_zipinfo("model.weights.h5", zipfile.ZIP_STORED), dict(src)["model.weights.h5"])
    write("keras_duplicate_weights.keras", buf.getvalue())

    # 2. config.json that unpacks to 65 MiB (more than maxConfigBytes, and 100x its stored size)
    bomb = b"{" + b" " * (65 << 20) + b"}"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compresslevel=9) as z:
        z.writestr(fixed_zipinfo("config.json", zipfile.ZIP_DEFLATED), bomb)
    write("keras_config_bomb.keras", buf.getvalue())

    # 3. an .npz whose member header claims 4 GiB; its .npy header claims 2^30 floats; 16 bytes of data
    raw = npy_bytes("(1073741824,)", b"\0" * 16)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    cdata = comp.compress(raw) + comp.flush()
    name = b"x.npy"
    crc = zlib.crc32(raw)
    claimed = 0xFFFFFFF0  # 4 GiB, not zip64
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(cdata), claimed, len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(cdata), claimed,
                          len(name), 0, 0, 0, 0, 0, 0) + name
    body = local + cdata
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(body), 0)
    write("npz_huge_claim.npz", body + central + eocd)

    # 4. a compressed bomb: the .npy header claims 10^8 floats (400 MB); the member deflates 1 MiB of zeros
    raw = npy_bytes("(100000000,)", b"\0" * (1 << 20))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compresslevel=9) as z:
        z.writestr(fixed_zipinfo("x.npy", zipfile.ZIP_DEFLATED), raw)
    write("npz_bomb.npz", buf.getvalue())

    # 5. an .npz with the same array twice
    raw = npy_bytes("(2,)", np.array([1, 2], "<f4").tobytes())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z.writestr(fixed_zipinfo("x.npy", zipfile.ZIP_STORED), raw)
            z.writestr(fixed_zipinfo("x.npy", zipfile.ZIP_STORED), npy_bytes("(2,)", np.array([3, 4], "<f4").tobytes()))
    write("npz_duplicate.npz", buf.getvalue())

    # 6. a legacy .h5 whose Dense kernel is 8192 x 8192 (256 MiB) but stored as never-written chunks: a tiny file
    import h5py
    cfg = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8192], "dtype": "float32", "name": "in"}},
        {"class_name": "Dense", "config": {"name": "d", "units": 8192, "activation": "linear", "use_bias": True,
                                           "dtype": "float32", "trainable": True}}]}}
    path = os.path.join(OUT, "h5_unwritten_huge_kernel.h5")
    with h5py.File(path, "w", track_order=True) as f:
        f.attrs["model_config"] = json.dumps(cfg)
        f.attrs["keras_version"] = "2.15.0"
        f.attrs["backend"] = "tensorflow"
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = [b"d"]
        mw.attrs["keras_version"] = "2.15.0"
        mw.attrs["backend"] = "tensorflow"
        g = mw.create_group("d")
        g.attrs["weight_names"] = [b"d/kernel:0", b"d/bias:0"]
        sub = g.create_group("d")
        sub.create_dataset("kernel:0", shape=(8192, 8192), dtype="<f4", chunks=(8192, 8192), compression="gzip", fillvalue=0)
        sub.create_dataset("bias:0", shape=(8192,), dtype="<f4", chunks=(8192,), compression="gzip", fillvalue=0)
    # 7. an .npz whose member's local header names another member than the central directory
    raw = npy_bytes("(2,)", np.array([1, 2], "<f4").tobytes())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(fixed_zipinfo("a.npy", zipfile.ZIP_STORED), raw)
    b = bytearray(buf.getvalue())
    i = b.index(b"PK\x03\x04")
    b[i + 30:i + 35] = b"b.npy"
    write("npz_local_name_mismatch.npz", bytes(b))


if __name__ == "__main__":
    main()
