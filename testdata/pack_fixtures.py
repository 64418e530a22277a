"""Packs testdata/fixtures/ into testdata/fixtures.tar.xz (committed), and unpacks it.

The fixture directory is ~58 MB of small HDF5 and zip files, mostly HDF5's per-object overhead and padding, which a
solid xz archive shrinks to ~7 MB; so git holds the archive and the build unpacks it (root pom.xml, maven-antrun-plugin,
before any module's tests: when testdata/fixtures/.unpacked is missing or older than the archive, the directory is
deleted and unpacked afresh). The generators call pack() when they finish, so the archive always holds what they wrote.

    python testdata/pack_fixtures.py pack      # after editing testdata/fixtures/ by hand
    python testdata/pack_fixtures.py unpack    # what the build does, for running Python scripts on the fixtures
"""
import lzma
import os
import shutil
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
ARCHIVE = os.path.join(HERE, "fixtures.tar.xz")
STAMP = os.path.join(FIXTURES, ".unpacked")


def pack():
    """Writes the archive: entries sorted, owner 0, modes 644/755, every mtime the packing time."""
    now = int(time.time())

    def norm(ti):
        ti.uid = ti.gid = 0
        ti.uname = ti.gname = ""
        ti.mtime = now
        ti.mode = 0o755 if ti.isdir() else 0o644
        return ti

    tmp = ARCHIVE + ".tmp"
    with lzma.open(tmp, "wb", preset=9 | lzma.PRESET_EXTREME) as xz, tarfile.open(fileobj=xz, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for root, dirs, files in os.walk(FIXTURES):
            dirs.sort()
            rel = os.path.relpath(root, HERE)
            tar.addfile(norm(tar.gettarinfo(root, rel)))
            for f in sorted(files):
                if f == ".unpacked":
                    continue
                p = os.path.join(root, f)
                with open(p, "rb") as fh:
                    tar.addfile(norm(tar.gettarinfo(p, os.path.join(rel, f))), fh)
    os.replace(tmp, ARCHIVE)
    open(STAMP, "w").close()  # the directory is what the archive holds
    print("packed %s (%.1f MB)" % (os.path.relpath(ARCHIVE), os.path.getsize(ARCHIVE) / 1e6))


def unpack(force=False):
    """Unpacks the archive into testdata/fixtures/ unless the directory is already at least as new."""
    if not force and os.path.exists(STAMP) and os.path.getmtime(STAMP) >= os.path.getmtime(ARCHIVE):
        return
    shutil.rmtree(FIXTURES, ignore_errors=True)
    with tarfile.open(ARCHIVE, "r:xz") as tar:
        tar.extractall(HERE, filter="data")
    open(STAMP, "w").close()


if __name__ == "__main__":
    {"pack": pack, "unpack": lambda: unpack(force=True)}[sys.argv[1] if len(sys.argv) > 1 else "pack"]()
