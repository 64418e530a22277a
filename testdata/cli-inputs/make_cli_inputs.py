"""Makes the CLI's image and CSV test inputs and what real Keras computes from them.

Run after generating the cli_image_rgb and cli_image_gray fixtures:
    venv/bin/python testdata/cli-inputs/make_cli_inputs.py
Images are drawn with PIL from a fixed seed; every expected array comes from keras.utils.load_img +
img_to_array (pixels) and the fixture models' predict (outputs), never computed by hand."""

import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np
from PIL import Image
import keras

HERE = pathlib.Path(__file__).resolve().parent
FIX = HERE.parent / "fixtures"
rng = np.random.default_rng(20241205)


def smooth(h, w, c):
    """Blocky random content (compresses well, survives JPEG roughly)."""
    small = rng.integers(0, 256, (-(-h // 4), -(-w // 4), c), dtype=np.uint8)
    return np.kron(small, np.ones((4, 4, 1), np.uint8))[:h, :w]


def save(img, rel):
    p = HERE / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    img.save(p)
    return p


# A directory of 32x32 images in every PNG colour type PIL writes, plus one BMP: the RGB model's batch.
rgb_set = [
    save(Image.fromarray(smooth(32, 32, 3), "RGB"), "rgb_set/a_rgb.png"),
    save(Image.fromarray(smooth(32, 32, 4), "RGBA"), "rgb_set/b_rgba.png"),
    save(Image.fromarray(smooth(32, 32, 3), "RGB").convert("P", palette=Image.ADAPTIVE, colors=16), "rgb_set/c_palette.png"),
    save(Image.fromarray(smooth(32, 32, 1)[..., 0], "L"), "rgb_set/d_gray.png"),
    save(Image.fromarray(smooth(32, 32, 1)[..., 0] > 127).convert("1"), "rgb_set/e_bilevel.png"),
    save(Image.fromarray(smooth(32, 32, 3), "RGB"), "rgb_set/f_rgb.bmp"),
]
# Sizes the models do not take: resized by load_img(target_size, interpolation="nearest").
odd = [save(Image.fromarray(smooth(30, 40, 3), "RGB"), "odd_30x40.png"),
       save(Image.fromarray(smooth(45, 21, 3), "RGB"), "odd_45x21.png")]
# JPEG: the JDK's decoder may round differently from PIL's libjpeg-turbo.
jpeg = save(Image.fromarray(smooth(32, 32, 3), "RGB"), "photo.jpg")
# The gray model's batch: L, RGB (converted with PIL's L = R*299/1000 + G*587/1000 + B*114/1000), palette.
gray_set = [
    save(Image.fromarray(smooth(16, 16, 1)[..., 0], "L"), "gray_set/ga_gray.png"),
    save(Image.fromarray(smooth(16, 16, 3), "RGB"), "gray_set/gb_rgb.png"),
    save(Image.fromarray(smooth(16, 16, 3), "RGB").convert("P", palette=Image.ADAPTIVE, colors=8), "gray_set/gc_palette.png"),
]


def load(p, **kw):
    return keras.utils.img_to_array(keras.utils.load_img(p, **kw))


pixels = {}
for p in rgb_set + odd + [jpeg]:
    pixels[p.stem + "_rgb"] = load(p)
for p in gray_set + [rgb_set[0]]:
    pixels[p.stem + "_gray"] = load(p, color_mode="grayscale")
pixels["b_rgba_rgba"] = load(rgb_set[1], color_mode="rgba")
pixels["c_palette_rgba"] = load(rgb_set[2], color_mode="rgba")
for p in odd:
    for h, w in ((32, 32), (17, 23), (64, 7)):
        pixels[f"{p.stem}_to_{h}x{w}"] = load(p, target_size=(h, w), interpolation="nearest")
# whole numbers 0..255 (checked), stored as uint8 to stay small
assert all((v == np.round(v)).all() and v.min() >= 0 and v.max() <= 255 for v in pixels.values())
np.savez_compressed(HERE / "pixels.npz", **{k: v.astype(np.uint8) for k, v in pixels.items()})

rgb = keras.saving.load_model(FIX / "cli_image_rgb/keras3/model.keras")
gray = keras.saving.load_model(FIX / "cli_image_gray/keras3/model.keras")
out = {
    "rgb_set": rgb.predict(np.stack([load(p) for p in sorted(rgb_set)]), verbose=0),
    "rgb_set_scaled": rgb.predict(np.stack([load(p) for p in sorted(rgb_set)]) * np.float32(1 / 127.5) + np.float32(-1), verbose=0),
    "odd_resized": rgb.predict(np.stack([load(p, target_size=(32, 32), interpolation="nearest") for p in odd]), verbose=0),
    "photo": rgb.predict(load(jpeg)[None], verbose=0),
    "gray_set": gray.predict(np.stack([load(p, color_mode="grayscale") for p in sorted(gray_set)]), verbose=0),
}
np.savez(HERE / "expected.npz", **out)

# CSV: the mlp fixture's inputs as rows, with a header, and Keras's outputs for them.
mlp = np.load(FIX / "mlp/keras3/inputs.npz")
x = mlp[mlp.files[0]]
with open(HERE / "mlp_rows.csv", "w") as f:
    f.write(",".join(f"x{i}" for i in range(x.shape[1])) + "\n")
    for row in x:
        f.write(",".join(repr(float(v)) for v in row) + "\n")
print("wrote", sorted(pixels), "and", sorted(out))
