"""keras.applications models small enough to commit (smallest widths, smallest input, a few classes), with
Keras's own initializers (random N(0, 0.5) weights would overflow such deep networks). The whole zoo, all 40
constructors, is made on demand by testdata/applications_zoo.py and checked by ApplicationsZooTest."""

from . import case


def _images(shape, rng):
    return rng.uniform(-1.0, 1.0, shape).astype("float32")


def _pixels(shape, rng):
    return rng.uniform(0.0, 255.0, shape).astype("float32")


@case("app_mobilenet", keras_init=True, inputs={"input_layer": _images, "input_1": _images})
def build_app_mobilenet(K, ctx):
    # depthwise/pointwise stacks, ReLU(6), ZeroPadding before strided depthwise convs, BN everywhere, the top's
    # Reshape -> Dropout -> 1x1 Conv2D -> Reshape -> softmax head
    return K.applications.MobileNet(input_shape=(32, 32, 3), alpha=0.25, weights=None, include_top=True, classes=4)


@case("app_mobilenet_v3_small", keras_init=True, inputs={"input_layer": _pixels, "input_1": _pixels})
def build_app_mobilenet_v3_small(K, ctx):
    # Rescaling, hard-swish and squeeze-excite blocks written as raw ops (x + 3, * 1/6: Keras 3 op nodes;
    # tf_keras TFOpLambda layers), GlobalAveragePooling keepdims
    return K.applications.MobileNetV3Small(input_shape=(32, 32, 3), alpha=0.1, weights=None, include_top=False,
                                           pooling="avg")


@case("app_custom_scale")
def build_app_custom_scale(K, ctx):
    # InceptionResNetV2's residual: CustomScaleLayer(scale)([shortcut, residual]) = shortcut + residual * scale,
    # the scale a Python float (0.17 as in block35, 1.0 as in the last block8)
    if ctx.writer == "keras3":
        from keras.src.applications.inception_resnet_v2 import CustomScaleLayer
    else:
        from tf_keras.src.applications.inception_resnet_v2 import CustomScaleLayer
    K.utils.get_custom_objects().update(CustomScaleLayer=CustomScaleLayer)  # for the generator's own reload check
    L = K.layers
    x = K.Input(shape=(5, 6, 4), name="img")
    r = L.Conv2D(4, 3, padding="same", name="residual")(x)
    y = CustomScaleLayer(0.17, name="scale_017")([x, r])
    y = L.Activation("relu", name="relu")(y)
    z = CustomScaleLayer(1.0, name="scale_1")([y, L.Conv2D(4, 1, name="residual_2")(y)])
    return K.Model(x, [y, z], name=ctx.case)
