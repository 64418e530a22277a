"""Cases of issue 3, families normalization, merging, reshaping and activation layers (norm_, merge_,
reshape_, act_). Every family has a case that runs its layers inside TimeDistributed."""

from . import case


def _k3(ctx):
    return ctx.writer == "keras3"


# ---------------------------------------------------------------------------------------------- norm_

@case("norm_layernorm")
def build_norm_layernorm(K, ctx):
    # (3, 4, 5) input; axis sets: last, [1, 2], (-1, 1) (parameters stored in config order, applied in
    # ascending-axis order), and the options center/scale off, rms_scaling (Keras 3 only), a large epsilon.
    L = K.layers
    x = K.Input(shape=(3, 4, 5), name="x")
    outs = [
        L.LayerNormalization(epsilon=0.05, name="ln_last")(x),
        L.LayerNormalization(axis=[1, 2], center=False, name="ln_12_nocenter")(x),
        L.LayerNormalization(axis=(-1, 1), name="ln_mixed")(x),
        L.LayerNormalization(axis=-2, scale=False, name="ln_noscale")(x),
        L.LayerNormalization(axis=[1, 2, 3], center=False, scale=False, name="ln_all")(x),
    ]
    if _k3(ctx):
        outs.append(L.LayerNormalization(axis=[2, 3], rms_scaling=True, name="ln_rms")(x))
    else:
        ctx.notes.append("rms_scaling is Keras 3 only: ln_rms omitted")
    s = K.Input(shape=(4, 6), name="seq")
    outs.append(L.TimeDistributed(L.LayerNormalization(epsilon=0.01, name="inner_ln"), name="td_ln")(s))
    return K.Model([x, s], outs, name=ctx.case)


@case("norm_batchnorm")
def build_norm_batchnorm(K, ctx):
    # BN on any axis: 1 (channels_first style), negative -2, default -1 with center/scale off.
    L = K.layers
    x = K.Input(shape=(3, 4, 5), name="x")
    outs = [
        L.BatchNormalization(axis=1, epsilon=0.01, name="bn_axis1")(x),
        L.BatchNormalization(axis=-2, name="bn_axis_m2")(x),
        L.BatchNormalization(center=False, scale=False, name="bn_plain")(x),
        L.BatchNormalization(axis=2, center=False, name="bn_nocenter")(x),
        L.BatchNormalization(axis=-1, scale=False, name="bn_noscale")(x),
        L.TimeDistributed(L.BatchNormalization(axis=1, name="inner_bn"), name="td_bn")(x),
    ]
    return K.Model(x, outs, name=ctx.case)


@case("norm_groupnorm")
def build_norm_groupnorm(K, ctx):
    L = K.layers
    x = K.Input(shape=(3, 5, 6), name="x")
    outs = [
        L.GroupNormalization(groups=3, epsilon=0.01, name="gn_3")(x),
        L.GroupNormalization(groups=-1, name="gn_instance")(x),
        L.GroupNormalization(groups=1, axis=1, center=False, name="gn_axis1")(x),
        L.GroupNormalization(groups=5, axis=2, scale=False, name="gn_axis2")(x),
        L.GroupNormalization(groups=2, center=False, scale=False, name="gn_plain")(x),
        L.TimeDistributed(L.GroupNormalization(groups=2, name="inner_gn"), name="td_gn")(x),
    ]
    return K.Model(x, outs, name=ctx.case)


@case("norm_unitnorm")
def build_norm_unitnorm(K, ctx):
    L = K.layers
    x = K.Input(shape=(3, 4, 5), name="x")
    outs = [
        L.UnitNormalization(name="un_last")(x),
        L.UnitNormalization(axis=[1, 3], name="un_13")(x),
        L.UnitNormalization(axis=1, name="un_1")(x),
        L.TimeDistributed(L.UnitNormalization(axis=[1, 2], name="inner_un"), name="td_un")(x),
    ]
    return K.Model(x, outs, name=ctx.case)


@case("norm_rmsnorm", writers=("keras3",))
def build_norm_rmsnorm(K, ctx):
    L = K.layers
    x = K.Input(shape=(3, 4, 5), name="x")
    outs = [
        L.RMSNormalization(name="rms_last")(x),
        L.RMSNormalization(axis=[2, 3], epsilon=0.05, name="rms_23")(x),
        L.TimeDistributed(L.RMSNormalization(epsilon=0.01, name="inner_rms"), name="td_rms")(x),
    ]
    return K.Model(x, outs, name=ctx.case)


@case("norm_preprocessing")
def build_norm_preprocessing(K, ctx):
    # The preprocessing Normalization layer: mean/variance given in the config (scalar, per-channel
    # list, a list aligned to the last of two kept axes), or adapted (weights mean, variance, count),
    # axis lists and None, invert=True. The generator overwrites the adapted statistics with random
    # values (variance uniform in [0.5, 2]), as for every weight.
    import numpy as np
    L = K.layers
    x = K.Input(shape=(3, 4), name="x")
    data = np.random.default_rng(7).normal(0.5, 2.0, (10, 3, 4)).astype("float32")
    outs = [
        L.Normalization(mean=0.5, variance=4.0, name="nz_scalar")(x),
        L.Normalization(mean=[0.1, -0.2, 0.3, 1.5], variance=[1.0, 2.0, 0.5, 9.0], name="nz_list")(x),
        L.Normalization(axis=(1, 2), mean=[0.1, -0.2, 0.3, 1.5], variance=[1.0, 2.0, 0.5, 9.0], name="nz_list_12")(x),
        L.Normalization(axis=1, mean=[1.0, 2.0, -1.0], variance=[0.25, 1.0, 4.0], invert=True, name="nz_invert")(x),
    ]
    adapted = [
        L.Normalization(name="nz_adapt_last"),
        L.Normalization(axis=None, name="nz_adapt_none"),
        L.Normalization(axis=(1, 2), invert=True, name="nz_adapt_12_inv"),
        L.Normalization(axis=1, name="nz_adapt_1"),
    ]
    for layer in adapted:
        layer.adapt(data)
        outs.append(layer(x))
    inner = L.Normalization(name="inner_nz")
    inner.adapt(data[:, 0, :])
    s = K.Input(shape=(2, 4), name="seq")
    outs.append(L.TimeDistributed(inner, name="td_nz")(s))
    return K.Model([x, s], outs, name=ctx.case)


# --------------------------------------------------------------------------------------------- merge_

@case("merge_elementwise")
def build_merge_elementwise(K, ctx):
    # Same shapes, size-1 broadcasting, and a lower-rank input (Keras inserts axes after the batch axis).
    L = K.layers
    a = K.Input(shape=(3, 4), name="a")
    b = K.Input(shape=(3, 4), name="b")
    c = K.Input(shape=(4,), name="c")
    d = K.Input(shape=(3, 1), name="d")
    outs = [
        L.Subtract(name="sub")([a, b]),
        L.Multiply(name="mul3")([a, b, d]),
        L.Average(name="avg")([a, b, c]),
        L.Maximum(name="max3")([a, b, d]),
        L.Minimum(name="min")([b, a]),
        L.Add(name="add_rank")([c, a]),
        L.Subtract(name="sub_bcast")([d, a]),
        L.Multiply(name="mul_rank")([c, a]),
    ]
    return K.Model([a, b, c, d], outs, name=ctx.case)


@case("merge_concat_dot")
def build_merge_concat_dot(K, ctx):
    L = K.layers
    a = K.Input(shape=(3, 4), name="a")
    b = K.Input(shape=(3, 4), name="b")
    p = K.Input(shape=(5,), name="p")
    q = K.Input(shape=(5,), name="q")
    m = K.Input(shape=(4, 3), name="m")
    outs = [
        L.Concatenate(axis=1, name="cat_1")([a, b, a]),
        L.Concatenate(axis=-2, name="cat_m2")([a, b]),
        L.Concatenate(name="cat_last")([a, b]),
        L.Dot(axes=1, name="dot_vec")([p, q]),
        L.Dot(axes=1, normalize=True, name="dot_cos")([p, q]),
        L.Dot(axes=(2, 1), name="dot_21")([a, m]),
        L.Dot(axes=-1, name="dot_m1")([a, b]),
        L.Dot(axes=[1, 1], normalize=True, name="dot_11_norm")([a, b]),
        L.Dot(axes=(1, 2), name="dot_vec_mat")([a, m]),
    ]
    return K.Model([a, b, p, q, m], outs, name=ctx.case)


@case("merge_masked", int_high={"tok_a": 5, "tok_b": 5})
def build_merge_masked(K, ctx):
    # Masks from Embedding(mask_zero=True) into the merge layers. Keras 3 Multiply/Maximum/Minimum use the
    # masks for their values (masked entries replaced); tf.keras ignores them for values. No layer after the
    # merges consumes their output mask: in Keras 3 that would record the mask computations as op nodes
    # (NotEqual, LogicalOr, ...) in the graph, and masked LSTM is not supported yet.
    L = K.layers
    ta = K.Input(shape=(6,), dtype="int32", name="tok_a")
    tb = K.Input(shape=(6,), dtype="int32", name="tok_b")
    ea = L.Embedding(5, 3, mask_zero=True, name="emb_a")(ta)
    eb = L.Embedding(5, 3, mask_zero=True, name="emb_b")(tb)
    eu = L.Embedding(5, 3, name="emb_plain")(tb)
    outs = []
    for name, layer, ins in (
        ("add", L.Add, [ea, eb]),
        ("mul", L.Multiply, [ea, eb]),
        ("max", L.Maximum, [ea, eb]),
        ("min", L.Minimum, [eb, ea]),
        ("avg", L.Average, [ea, eb]),
        ("sub", L.Subtract, [ea, eu]),
        ("mul_one", L.Multiply, [eu, ea]),
        ("max_one", L.Maximum, [ea, eu, eb]),
        ("min_one", L.Minimum, [eu, eb]),
        ("mul3", L.Multiply, [eb, ea, eb]),
        ("cat", L.Concatenate, [ea, eb]),
    ):
        outs.append(layer(name=name)(ins))
    return K.Model([ta, tb], outs, name=ctx.case)


@case("merge_td")
def build_merge_td(K, ctx):
    # Merge layers inside TimeDistributed (through a nested model with one input, as Keras 3 requires).
    L = K.layers
    i = K.Input(shape=(4,), name="inner_in")
    h1 = L.Dense(4, name="d1")(i)
    h2 = L.Dense(4, name="d2")(i)
    v = L.Dense(1, name="d3")(i)
    parts = [
        L.Subtract(name="i_sub")([h1, h2]),
        L.Multiply(name="i_mul")([h1, h2, v]),
        L.Maximum(name="i_max")([h1, i]),
        L.Minimum(name="i_min")([h2, i]),
        L.Average(name="i_avg")([h1, h2]),
        L.Dot(axes=1, name="i_dot")([h1, h2]),
    ]
    inner = K.Model(i, L.Concatenate(name="i_cat")(parts), name="inner")
    x = K.Input(shape=(3, 4), name="x")
    y = L.TimeDistributed(inner, name="td_merge")(x)
    return K.Model(x, y, name=ctx.case)


# ------------------------------------------------------------------------------------------- reshape_

def _cf_ok(K, layer_fn, shape):
    import numpy as np
    try:
        i = K.Input(shape=shape)
        m = K.Model(i, layer_fn()(i))
        np.asarray(m(np.ones((2,) + shape, "float32"), training=False))
        return True
    except Exception as e:  # noqa: BLE001
        print("  channels_first unsupported:", str(e).splitlines()[0][:200])
        return False


@case("reshape_crop_pad")
def build_reshape_crop_pad(K, ctx):
    L = K.layers
    s = K.Input(shape=(7, 3), name="seq")
    img = K.Input(shape=(4, 5, 6), name="img")
    vol = K.Input(shape=(4, 5, 3, 2), name="vol")
    outs = [
        L.Cropping1D((1, 2), name="crop1")(s),
        L.Cropping1D(2, name="crop1_sym")(s),
        L.ZeroPadding1D(2, name="pad1")(s),
        L.ZeroPadding1D((0, 3), name="pad1_asym")(s),
        L.Cropping2D(((1, 0), (2, 1)), name="crop2")(img),
        L.Cropping2D((1, 2), data_format="channels_first", name="crop2_cf")(img),
        L.Cropping2D(1, name="crop2_int")(img),
        L.ZeroPadding2D(((1, 2), (0, 3)), name="pad2")(img),
        L.ZeroPadding2D((2, 1), data_format="channels_first", name="pad2_cf")(img),
        L.ZeroPadding2D(1, name="pad2_int")(img),
        L.Cropping3D(((1, 1), (0, 2), (1, 0)), name="crop3")(vol),
        L.Cropping3D((1, 1, 0), data_format="channels_first", name="crop3_cf")(vol),
        L.ZeroPadding3D(((0, 1), (2, 0), (1, 1)), name="pad3")(vol),
        L.ZeroPadding3D(1, data_format="channels_first", name="pad3_cf")(vol),
        L.TimeDistributed(L.ZeroPadding2D(((1, 0), (0, 2)), name="inner_pad"), name="td_pad")(vol),
        L.TimeDistributed(L.Cropping1D((1, 0), name="inner_crop"), name="td_crop")(img),
    ]
    if _k3(ctx):  # Keras 3 ZeroPadding1D has a data_format; tf.keras's has none
        outs.append(L.ZeroPadding1D((1, 2), data_format="channels_first", name="pad1_cf")(s))
    return K.Model([s, img, vol], outs, name=ctx.case)


@case("reshape_upsampling")
def build_reshape_upsampling(K, ctx):
    L = K.layers
    s = K.Input(shape=(3, 2), name="seq")
    img = K.Input(shape=(3, 5, 2), name="img")
    vol = K.Input(shape=(2, 3, 2, 2), name="vol")
    outs = [
        L.UpSampling1D(3, name="up1")(s),
        L.UpSampling2D((2, 3), name="up2")(img),
        L.UpSampling2D(2, interpolation="bilinear", name="up2_bilinear")(img),
        L.UpSampling2D((3, 2), interpolation="bilinear", name="up2_bilinear_32")(img),
        L.UpSampling3D((1, 2, 3), name="up3")(vol),
        L.TimeDistributed(L.UpSampling2D((2, 1), name="inner_up"), name="td_up")(vol),
    ]
    if _cf_ok(K, lambda: L.UpSampling2D(2, data_format="channels_first", interpolation="bilinear"), (3, 5, 2)):
        outs += [
            L.UpSampling2D((1, 2), data_format="channels_first", name="up2_cf")(img),
            L.UpSampling2D((2, 3), data_format="channels_first", interpolation="bilinear", name="up2_cf_bilinear")(img),
            L.UpSampling3D(2, data_format="channels_first", name="up3_cf")(vol),
        ]
    else:
        ctx.notes.append("channels_first upsampling omitted: this writer cannot run it on CPU")
    return K.Model([s, img, vol], outs, name=ctx.case)


@case("reshape_misc")
def build_reshape_misc(K, ctx):
    L = K.layers
    x = K.Input(shape=(3, 4, 2), name="x")
    v = K.Input(shape=(5,), name="v")
    outs = [
        L.Permute((3, 1, 2), name="permute_312")(x),
        L.Permute((2, 3, 1), name="permute_231")(x),
        L.RepeatVector(7, name="repeat7")(v),
        L.Reshape((-1, 3), name="reshape_m1")(x),
        L.Reshape((2, 2, 3, 2), name="reshape_4d")(x),
        L.Flatten(data_format="channels_first", name="flatten_cf")(x),
        L.Flatten(name="flatten")(x),
        L.TimeDistributed(L.Reshape((2, 4), name="inner_reshape"), name="td_reshape")(x),
        L.TimeDistributed(L.Permute((2, 1), name="inner_permute"), name="td_permute")(x),
        L.TimeDistributed(L.Flatten(data_format="channels_first", name="inner_flat"), name="td_flatten_cf")(x),
        L.TimeDistributed(L.RepeatVector(2, name="inner_repeat"), name="td_repeat")(L.Reshape((3, 8))(x)),
    ]
    return K.Model([x, v], outs, name=ctx.case)


# ----------------------------------------------------------------------------------------------- act_

@case("act_layers", scales={"pre": 0.9})
def build_act_layers(K, ctx):
    L = K.layers
    x = K.Input(shape=(3, 4), name="x")
    pre = L.Dense(4, name="pre")(x)
    slope = {"negative_slope": 0.15} if _k3(ctx) else {"alpha": 0.15}
    outs = [
        L.ReLU(name="relu")(pre),
        L.ReLU(max_value=2.5, negative_slope=0.1, threshold=0.5, name="relu_full")(pre),
        L.ReLU(max_value=6.0, name="relu_6")(pre),
        L.ReLU(negative_slope=0.2, name="relu_leaky")(pre),
        L.ReLU(threshold=0.3, name="relu_thr")(pre),
        L.LeakyReLU(name="leaky_default")(pre),
        L.LeakyReLU(**slope, name="leaky")(pre),
        L.PReLU(name="prelu")(pre),
        L.PReLU(shared_axes=[1], name="prelu_shared")(pre),
        L.ELU(name="elu")(pre),
        L.ELU(alpha=0.7, name="elu_07")(pre),
        L.Softmax(name="softmax")(pre),
        L.Softmax(axis=1, name="softmax_1")(pre),
        L.Softmax(axis=[1, 2], name="softmax_12")(pre),
        L.TimeDistributed(L.PReLU(name="inner_prelu"), name="td_prelu")(pre),
        L.TimeDistributed(L.Softmax(axis=-1, name="inner_softmax"), name="td_softmax")(pre),
        L.TimeDistributed(L.ReLU(max_value=1.0, name="inner_relu"), name="td_relu")(pre),
    ]
    if _k3(ctx):
        outs.append(L.Activation("hard_silu", name="act_hard_silu")(pre))
    else:
        outs.append(L.ThresholdedReLU(theta=0.3, name="thresholded")(pre))
        outs.append(L.TimeDistributed(L.ThresholdedReLU(name="inner_thr"), name="td_thresholded")(pre))
    img = K.Input(shape=(3, 2, 4), name="img")
    outs.append(L.PReLU(shared_axes=[1, 2], name="prelu_img")(img))
    outs.append(L.TimeDistributed(L.LeakyReLU(name="inner_leaky"), name="td_leaky")(img))
    return K.Model([x, img], outs, name=ctx.case)


@case("act_softmax_mask")
def build_act_softmax_mask(K, ctx):
    # Softmax called with an explicit mask tensor: Keras 3 keeps mask > 0.5, sets the rest to -1e9 and
    # zeroes them after; tf.keras adds (1 - mask)·(−1e9). The mask input is float (N(0, 1)).
    L = K.layers
    x = K.Input(shape=(3, 5), name="x")
    m = K.Input(shape=(3, 5), name="m")
    m_row = K.Input(shape=(1, 5), name="m_row")
    outs = [
        L.Softmax(name="sm_masked")(x, mask=m),
        L.Softmax(axis=1, name="sm_masked_axis1")(x, mask=m),
        L.Softmax(name="sm_row_mask")(x, mask=m_row),
    ]
    return K.Model([x, m, m_row], outs, name=ctx.case)
