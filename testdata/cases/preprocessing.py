"""Cases of the preprocessing family: layers that compute at inference (Rescaling, Resizing,
CenterCrop, CategoryEncoding, Discretization, Hashing, IntegerLookup, AutoContrast, tf.keras
RandomCrop) and the augmentation layers that are the identity at inference."""

from . import case


def _is_k3(ctx):
    return ctx.writer == "keras3"


@case("pre_rescaling")
def build_pre_rescaling(K, ctx):
    import numpy as np
    L = K.layers
    x = K.Input(shape=(3, 5, 3), name="img")
    a = L.Rescaling(1.0 / 255, offset=-0.5, name="scalar")(x)
    b = L.Rescaling([0.5, -2.0, 3.0], offset=[1.0, 0.0, -0.25], name="per_channel")(x)
    outs = [a, b]
    if _is_k3(ctx):
        # A numpy scale is written as a {"class_name": "__numpy__"} object.
        outs.append(L.Rescaling(np.array([2.0, 0.25, -1.0], "float32"), offset=0.75, name="numpy_scale")(x))
    s = K.Input(shape=(4,), name="vec")
    outs.append(L.Rescaling(-3.0, name="vec_scale")(s))
    return K.Model([x, s], outs, name=ctx.case)


# Keras 3 (JAX backend: jax.image.resize) offers bilinear, nearest, bicubic, lanczos3, lanczos5
# (+ antialias); tf.keras (tf.image.resize v2) also area, gaussian, mitchellcubic, no antialias.
_K3_METHODS = ["bilinear", "nearest", "bicubic", "lanczos3", "lanczos5"]
_TF_METHODS = ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"]


@case("pre_resizing")
def build_pre_resizing(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 7, 2), name="img")
    outs = []
    methods = _K3_METHODS if _is_k3(ctx) else _TF_METHODS
    for m in methods:
        outs.append(L.Resizing(8, 10, interpolation=m, name="up_" + m)(x))      # upsample both axes
        outs.append(L.Resizing(3, 4, interpolation=m, name="down_" + m)(x))     # downsample both axes
        outs.append(L.Resizing(5, 3, interpolation=m, name="mixed_" + m)(x))    # height kept, width down
    outs.append(L.Resizing(4, 4, crop_to_aspect_ratio=True, name="crop_aspect")(x))
    outs.append(L.Resizing(3, 6, interpolation="nearest", crop_to_aspect_ratio=True, name="crop_aspect_nn")(x))
    if _is_k3(ctx):
        for m in ("bilinear", "bicubic", "lanczos3", "lanczos5"):
            outs.append(L.Resizing(3, 4, interpolation=m, antialias=True, name="aa_down_" + m)(x))
            outs.append(L.Resizing(4, 3, interpolation=m, antialias=True, name="aa_mixed_" + m)(x))
        outs.append(L.Resizing(9, 11, antialias=True, name="aa_up")(x))
        outs.append(L.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=0.5, name="pad_aspect")(x))
        outs.append(L.Resizing(6, 3, pad_to_aspect_ratio=True, interpolation="bicubic", name="pad_aspect_tall")(x))
        c = K.Input(shape=(2, 5, 7), name="img_cf")
        outs.append(L.Resizing(3, 9, data_format="channels_first", name="cf_bilinear")(c))
        outs.append(L.Resizing(4, 4, data_format="channels_first", crop_to_aspect_ratio=True, name="cf_crop")(c))
        outs.append(L.Resizing(4, 4, data_format="channels_first", pad_to_aspect_ratio=True, fill_value=-1.0,
                               name="cf_pad")(c))
        return K.Model([x, c], outs, name=ctx.case)
    return K.Model(x, outs, name=ctx.case)


@case("pre_center_crop")
def build_pre_center_crop(K, ctx):
    L = K.layers
    x = K.Input(shape=(6, 7, 2), name="img")
    outs = [
        L.CenterCrop(3, 4, name="crop_odd")(x),        # plain crop, odd margins
        L.CenterCrop(6, 2, name="crop_width")(x),
        L.CenterCrop(8, 9, name="larger")(x),          # target larger: Keras resizes (smart_resize)
        L.CenterCrop(4, 9, name="mixed")(x),           # one side larger: also resized
    ]
    if _is_k3(ctx):
        c = K.Input(shape=(2, 6, 7), name="img_cf")
        outs.append(L.CenterCrop(3, 5, data_format="channels_first", name="cf_crop")(c))
        outs.append(L.CenterCrop(7, 5, data_format="channels_first", name="cf_larger")(c))
        return K.Model([x, c], outs, name=ctx.case)
    return K.Model(x, outs, name=ctx.case)


@case("pre_category_encoding", int_high={"tok": 6, "tok1": 6, "tok_flat": 6})
def build_pre_category_encoding(K, ctx):
    L = K.layers
    t = K.Input(shape=(4,), dtype="int32", name="tok")
    t1 = K.Input(shape=(1,), dtype="int32", name="tok1")
    tf_ = K.Input(shape=(), dtype="int32", name="tok_flat")
    outs = []
    for mode in ("one_hot", "multi_hot", "count"):
        if mode != "one_hot" or _is_k3(ctx):  # tf.keras: one_hot output rank is at most 2
            outs.append(L.CategoryEncoding(6, output_mode=mode, name="r2_" + mode)(t))
        outs.append(L.CategoryEncoding(7, output_mode=mode, name="r2x1_" + mode)(t1))
    # rank-1 input (batch,): one_hot encodes each sample
    outs.append(L.CategoryEncoding(6, output_mode="one_hot", name="r1_one_hot")(tf_))
    return K.Model([t, t1, tf_], outs, name=ctx.case)


@case("pre_category_encoding_flat", int_high={"tok_flat": 5})
def build_pre_category_encoding_flat(K, ctx):
    # multi_hot/count of a rank-1 input (batch,) encode the whole batch into ONE row of num_tokens
    # (Keras treats the last axis as the sample axis).
    L = K.layers
    t = K.Input(shape=(), dtype="int32", name="tok_flat")
    return K.Model(t, [L.CategoryEncoding(5, output_mode="multi_hot", name="flat_multi_hot")(t),
                       L.CategoryEncoding(5, output_mode="count", name="flat_count")(t)], name=ctx.case)


@case("pre_discretization")
def build_pre_discretization(K, ctx):
    L = K.layers
    x = K.Input(shape=(5,), name="x")
    bounds = [-1.0, -0.25, 0.0, 0.5, 1.25]
    x1 = K.Input(shape=(1,), name="x1")
    outs = [L.Discretization(bin_boundaries=bounds, name="bins_int")(x)]
    for mode in ("multi_hot", "count"):
        outs.append(L.Discretization(bin_boundaries=[-0.5, 0.0, 0.7], output_mode=mode, name="bins_" + mode)(x))
    outs.append(L.Discretization(bin_boundaries=[-0.5, 0.0, 0.7], output_mode="one_hot", name="bins_one_hot")(x1))
    if _is_k3(ctx):  # tf.keras: one_hot output rank is at most 2
        outs.append(L.Discretization(bin_boundaries=[-0.2, 0.3], output_mode="one_hot", name="bins_one_hot_r3")(x))
    x2 = K.Input(shape=(3, 4), name="x2")
    outs.append(L.Discretization(bin_boundaries=[0.1], name="bins_rank3")(x2))
    return K.Model([x, x1, x2], outs, name=ctx.case)


@case("pre_hashing", int_high={"ids": 40, "one": 30})
def build_pre_hashing(K, ctx):
    L = K.layers
    ids = K.Input(shape=(6,), dtype="int32", name="ids")
    # Negative ids: shift the integers down by 20 (Rescaling keeps them exact integers in float32).
    neg = L.Rescaling(1.0, offset=-20.0, name="shift")(ids)
    outs = [
        L.Hashing(7, name="fast")(ids),
        L.Hashing(1000003, name="fast_big")(ids),
        L.Hashing(5, mask_value=0, name="masked")(ids),
        L.Hashing(11, salt=[133, 137], name="salted_pair")(ids),
        L.Hashing(9, salt=42, mask_value=3, name="salted_int_masked")(ids),
        L.Hashing(6, output_mode="multi_hot", name="hash_multi_hot")(ids),
        L.Hashing(6, output_mode="count", name="hash_count")(ids),
    ]
    if _is_k3(ctx):
        # Keras 3 casts float inputs to int64 before hashing; tf.keras hashes integer inputs only.
        outs.append(L.Hashing(13, name="fast_negative")(neg))
        outs.append(L.Hashing(13, salt=[7, 99], name="strong_negative")(neg))
        one = K.Input(shape=(1,), dtype="int32", name="one")
        outs.append(L.Hashing(4, output_mode="one_hot", name="hash_one_hot")(one))
        return K.Model([ids, one], outs, name=ctx.case)
    return K.Model(ids, outs, name=ctx.case)


@case("pre_integer_lookup", int_high={"ids": 12, "idx": 9, "one": 12})
def build_pre_integer_lookup(K, ctx):
    L = K.layers
    ids = K.Input(shape=(5,), dtype="int32", name="ids")
    idx = K.Input(shape=(4,), dtype="int32", name="idx")
    one = K.Input(shape=(1,), dtype="int32", name="one")
    vocab = [7, 3, 11, 5, 9]
    outs = [
        L.IntegerLookup(vocabulary=vocab, name="lk_default")(ids),
        L.IntegerLookup(vocabulary=vocab, mask_token=0, name="lk_mask")(ids),
        L.IntegerLookup(vocabulary=vocab, num_oov_indices=3, mask_token=0, oov_token=-7, name="lk_oov3")(ids),
        L.IntegerLookup(vocabulary=list(range(12)), num_oov_indices=0, name="lk_no_oov")(ids),
        L.IntegerLookup(vocabulary=[0, -1, 4, 8, 2], mask_token=0, name="lk_special_given")(ids),
        L.IntegerLookup(vocabulary=vocab, output_mode="one_hot", name="lk_one_hot")(one),
        L.IntegerLookup(vocabulary=vocab, output_mode="multi_hot", mask_token=0, name="lk_multi_hot")(ids),
        L.IntegerLookup(vocabulary=vocab, output_mode="count", num_oov_indices=2, name="lk_count")(ids),
        L.IntegerLookup(vocabulary=vocab, output_mode="count", max_tokens=9, pad_to_max_tokens=True,
                        name="lk_count_padded")(ids),
        L.IntegerLookup(vocabulary=vocab, output_mode="tf_idf", idf_weights=[0.5, 1.5, 2.0, 0.25, 1.0],
                        name="lk_tf_idf")(ids),
        L.IntegerLookup(vocabulary=vocab, invert=True, name="lk_invert")(idx),
        L.IntegerLookup(vocabulary=vocab, invert=True, mask_token=0, oov_token=-3, name="lk_invert_mask")(idx),
    ]
    if _is_k3(ctx):
        neg = L.Rescaling(1.0, offset=-6.0, name="shift")(ids)
        outs.append(L.IntegerLookup(vocabulary=vocab, num_oov_indices=3, name="lk_floormod_negative")(neg))
        outs.append(L.IntegerLookup(vocabulary=vocab, num_oov_indices=4, oov_method="farmhash",
                                    name="lk_farmhash")(neg))
        outs.append(L.IntegerLookup(vocabulary=vocab, num_oov_indices=3, oov_method="farmhash", salt=[5, 17],
                                    name="lk_siphash")(neg))
        outs.append(L.IntegerLookup(vocabulary=vocab, output_mode="one_hot", mask_token=0, name="lk_one_hot_r3")(ids))
    return K.Model([ids, idx, one], outs, name=ctx.case)


@case("pre_integer_lookup_adapted", int_high={"ids": 12})
def build_pre_integer_lookup_adapted(K, ctx):
    # Vocabularies learnt by adapt() are not in the config: a .keras archive stores them as
    # assets/<layer path>/vocabulary.txt (and tf_idf weights as vars/idf_weights).
    import numpy as np
    L = K.layers
    ids = K.Input(shape=(5,), dtype="int32", name="ids")
    data = np.array([[5, 7, 1, 3], [9, 5, 2, 7], [11, 3, 5, 1], [5, 7, 9, 1]])
    a = L.IntegerLookup(num_oov_indices=2, mask_token=0, name="adapted_int")
    a.adapt(data)
    b = L.IntegerLookup(output_mode="tf_idf", name="adapted_tf_idf")
    b.adapt(data)
    c = L.IntegerLookup(invert=True, name="adapted_invert")
    c.adapt(data)
    h = a(ids)
    return K.Model(ids, [h, b(ids), c(L.Rescaling(1.0, offset=-2.0, name="shift")(ids))], name=ctx.case)


@case("pre_time_distributed")
def build_pre_time_distributed(K, ctx):
    # Preprocessing layers inside TimeDistributed, applied to every frame of a clip.
    L = K.layers
    TD = L.TimeDistributed
    v = K.Input(shape=(3, 6, 5, 2), name="frames")
    h = TD(L.Rescaling(0.5, offset=0.25, name="rescale"), name="td_rescale")(v)
    h = TD(L.Resizing(4, 7, interpolation="bicubic", name="resize"), name="td_resize")(h)
    h = TD(L.CenterCrop(3, 5, name="crop"), name="td_crop")(h)
    h = TD(L.RandomFlip(name="flip"), name="td_flip")(h)
    h = TD(L.Conv2D(3, 2, name="conv"), name="td_conv")(h)
    return K.Model(v, h, name=ctx.case)


_K3_AUGMENT = [
    ("RandomFlip", {}), ("RandomRotation", {"factor": 0.2}), ("RandomZoom", {"height_factor": 0.3}),
    ("RandomContrast", {"factor": 0.4}), ("RandomBrightness", {"factor": 0.3}),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.2}), ("RandomGrayscale", {"factor": 0.5}),
    ("RandomHue", {"factor": 0.3}), ("RandomSaturation", {"factor": 0.3}), ("RandomSharpness", {"factor": 0.3}),
    ("RandomShear", {"x_factor": (0.1, 0.3)}), ("RandomColorJitter", {"brightness_factor": 0.2, "contrast_factor": 0.2}),
    ("RandomColorDegeneration", {"factor": 0.3}), ("RandomPosterization", {"factor": (1, 4)}),
    ("RandomInvert", {}), ("RandomErasing", {}), ("RandomGaussianBlur", {}),
    ("RandomElasticTransform", {}), ("RandomPerspective", {}),
    ("Solarization", {"addition_factor": 0.2, "threshold_factor": 0.3}),
    ("MixUp", {}), ("CutMix", {}), ("AugMix", {}), ("RandAugment", {}), ("MaxNumBoundingBoxes", {"max_number": 3}),
]
_TF_AUGMENT = [
    ("RandomFlip", {}), ("RandomRotation", {"factor": 0.2}), ("RandomZoom", {"height_factor": 0.3}),
    ("RandomContrast", {"factor": 0.4}), ("RandomBrightness", {"factor": 0.3}),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.2}), ("RandomHeight", {"factor": 0.3}),
    ("RandomWidth", {"factor": 0.3}),
]


# Not included: Equalization (identity at inference too), because Keras 3.15.1 cannot put it in a
# functional model: its compute_output_spec returns its input tensor, which Keras reports as a cycle.


@case("pre_augment_noops")
def build_pre_augment_noops(K, ctx):
    # Every augmentation layer, chained: all are the identity at inference (training=False).
    L = K.layers
    x = K.Input(shape=(5, 6, 3), name="img")
    h = L.Conv2D(3, 1, name="mix")(x)
    for cls, kw in (_K3_AUGMENT if _is_k3(ctx) else _TF_AUGMENT):
        h = getattr(L, cls)(name="aug_" + cls.lower(), **kw)(h)
    return K.Model(x, h, name=ctx.case)


@case("pre_random_crop")
def build_pre_random_crop(K, ctx):
    # tf.keras RandomCrop at inference: largest centred crop with the target aspect ratio, resized
    # (bilinear) to the target. Keras 3.15 returns the input unchanged at inference (its symbolic
    # output shape says otherwise), so keras3 keeps the input's size.
    L = K.layers
    x = K.Input(shape=(6, 7, 2), name="img")
    outs = [L.RandomCrop(4, 5, name="crop_smaller")(x), L.RandomCrop(6, 7, name="crop_same")(x)]
    if not _is_k3(ctx):
        outs.append(L.RandomCrop(8, 4, name="crop_larger")(x))
    return K.Model(x, outs, name=ctx.case)


@case("pre_auto_contrast", writers=("keras3",))
def build_pre_auto_contrast(K, ctx):
    L = K.layers
    x = K.Input(shape=(4, 5, 3), name="img")
    return K.Model(x, [L.AutoContrast(name="ac_default")(x),
                       L.AutoContrast(value_range=(-1, 2), name="ac_range")(x)], name=ctx.case)
