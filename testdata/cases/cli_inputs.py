"""Small image models for the CLI's image inputs (predict -i photo.png): an RGB model that begins with a
Rescaling layer (it takes raw 0..255 pixels, as keras.utils.load_img + img_to_array give them), and a
1-channel model without one. testdata/cli-inputs/make_cli_inputs.py runs them on its images."""

from . import case


@case("cli_image_rgb")
def build_cli_image_rgb(K, ctx):
    L = K.layers
    x = K.Input(shape=(32, 32, 3), name="image")
    y = L.Rescaling(1.0 / 255, name="rescale")(x)
    y = L.Conv2D(4, 3, strides=2, activation="relu", name="conv")(y)
    y = L.GlobalAveragePooling2D(name="gap")(y)
    y = L.Dense(3, activation="softmax", name="probs")(y)
    return K.Model(x, y, name=ctx.case)


@case("cli_image_gray")
def build_cli_image_gray(K, ctx):
    L = K.layers
    x = K.Input(shape=(16, 16, 1), name="image")
    y = L.Conv2D(2, 3, name="conv")(x)
    y = L.Flatten(name="flat")(y)
    y = L.Dense(2, name="logits")(y)
    return K.Model(x, y, name=ctx.case)
