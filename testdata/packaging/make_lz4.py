"""Rewrites the mlp fixture's HDF5 files with every dataset LZ4-compressed (HDF5 filter 32004).

Keras never compresses weights, but h5py users can; jhdf reads LZ4 through lz4-java, whose native
libraries jkeras.jar leaves out (lz4-java falls back to pure Java). PackagingIT checks that the jar
gives the same outputs for these files as for the originals.

    pip install --target /tmp/h5plug hdf5plugin==7.1.0
    PYTHONPATH=/tmp/h5plug venv/bin/python testdata/packaging/make_lz4.py
"""
import pathlib

import h5py
import hdf5plugin

HERE = pathlib.Path(__file__).resolve().parent
MLP = HERE.parent / "fixtures" / "mlp" / "keras3"


def copy_lz4(src, dst):
    def visit(group_in, group_out):
        for k, v in group_in.attrs.items():
            group_out.attrs[k] = v
        for name, item in group_in.items():
            if isinstance(item, h5py.Group):
                visit(item, group_out.create_group(name))
            elif item.shape == () or item.size == 0:
                group_in.copy(item, group_out, name=name)
            else:
                d = group_out.create_dataset(name, data=item[()], chunks=item.shape, **hdf5plugin.LZ4())
                for k, v in item.attrs.items():
                    d.attrs[k] = v

    with h5py.File(src, "r") as fin, h5py.File(dst, "w") as fout:
        visit(fin, fout)
    with h5py.File(dst, "r") as f:
        filters = []
        f.visititems(lambda n, o: filters.append(o._filters) if isinstance(o, h5py.Dataset) and o.chunks else None)
        assert filters and all("32004" in fl for fl in filters), filters
    print(dst.name, len(filters), "LZ4 datasets")


copy_lz4(MLP / "model.h5", HERE / "mlp_lz4.h5")
copy_lz4(MLP / "model.weights.h5", HERE / "mlp_lz4.weights.h5")
