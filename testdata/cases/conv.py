"""Cases of the convolution / pooling / locally-connected families (issue 3): every class, non-default
options (odd sizes, strides, dilation, groups, both data formats, output_padding, depth_multiplier),
and every family inside TimeDistributed.

Each branch is first probed on a throwaway model: a writer that cannot run an option on CPU (e.g.
channels_first or grouped convolutions on TensorFlow's CPU kernels) drops that branch with a note in
the manifest instead of failing the whole case.
"""

from . import case


def _shape(t):
    return tuple(int(d) for d in t.shape[1:])


def _branch(K, ctx, x, label, build):
    """build(t) -> output tensor. Returns None (and notes why) if this writer cannot run it."""
    import numpy as np
    try:
        i = K.Input(shape=_shape(x))
        m = K.Model(i, build(i))
        np.asarray(m(np.ones((2,) + _shape(x), "float32"), training=False))
    except Exception as e:  # noqa: BLE001
        ctx.notes.append("branch %s omitted: %s: %s" % (label, type(e).__name__, str(e).strip().splitlines()[0][:200]))
        return None
    return build(x)


def _model(K, ctx, inputs, outs):
    outs = [o for o in outs if o is not None]
    return K.Model(inputs, outs, name=ctx.case)


@case("conv_1d")
def build_conv_1d(K, ctx):
    L = K.layers
    x = K.Input(shape=(11, 4), name="x")
    outs = [
        _branch(K, ctx, x, "same_s2", lambda t: L.Conv1D(5, 3, strides=2, padding="same", activation="tanh", name="c1_same_s2")(t)),
        _branch(K, ctx, x, "causal_d2", lambda t: L.Conv1D(3, 3, dilation_rate=2, padding="causal", name="c1_causal_d2")(t)),
        _branch(K, ctx, x, "causal_s3", lambda t: L.Conv1D(2, 2, strides=3, padding="causal", use_bias=False, name="c1_causal_s3")(t)),
        _branch(K, ctx, x, "valid_d3", lambda t: L.Conv1D(4, 3, dilation_rate=3, name="c1_valid_d3")(t)),
        _branch(K, ctx, x, "groups", lambda t: L.Conv1D(6, 2, groups=2, padding="same", name="c1_groups")(t)),
        _branch(K, ctx, x, "channels_first", lambda t: L.Conv1D(3, 3, strides=2, data_format="channels_first", name="c1_cf")(t)),
        _branch(K, ctx, x, "channels_first_causal",
                lambda t: L.Conv1D(2, 2, padding="causal", data_format="channels_first", name="c1_cf_causal")(t)),
    ]
    return _model(K, ctx, x, outs)


@case("conv_2d")
def build_conv_2d(K, ctx):
    L = K.layers
    x = K.Input(shape=(7, 9, 4), name="x")
    outs = [
        _branch(K, ctx, x, "same_s21", lambda t: L.Conv2D(3, (3, 2), strides=(2, 1), padding="same", activation="relu", name="c2_same_s21")(t)),
        _branch(K, ctx, x, "valid_d12", lambda t: L.Conv2D(5, (2, 3), dilation_rate=(1, 2), name="c2_valid_d12")(t)),
        _branch(K, ctx, x, "same_even", lambda t: L.Conv2D(2, 4, strides=3, padding="same", use_bias=False, name="c2_same_even")(t)),
        _branch(K, ctx, x, "groups", lambda t: L.Conv2D(6, 3, groups=2, name="c2_groups")(t)),
        _branch(K, ctx, x, "channels_first", lambda t: L.Conv2D(4, (2, 3), strides=2, padding="same", data_format="channels_first",
                                                                   name="c2_cf")(t)),
    ]
    return _model(K, ctx, x, outs)


@case("conv_3d")
def build_conv_3d(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 6, 4, 3), name="x")
    outs = [
        _branch(K, ctx, x, "same_s2", lambda t: L.Conv3D(4, (2, 3, 2), strides=(2, 1, 2), padding="same", name="c3_same_s2")(t)),
        _branch(K, ctx, x, "valid_d2", lambda t: L.Conv3D(2, 2, dilation_rate=(2, 1, 2), activation="sigmoid", name="c3_valid_d2")(t)),
        _branch(K, ctx, x, "channels_first", lambda t: L.Conv3D(3, (3, 2, 2), padding="same", data_format="channels_first", name="c3_cf")(t)),
    ]
    return _model(K, ctx, x, outs)


@case("conv_transpose")
def build_conv_transpose(K, ctx):
    L = K.layers
    s = K.Input(shape=(5, 3), name="seq")
    i = K.Input(shape=(4, 3, 2), name="img")
    v = K.Input(shape=(3, 2, 3, 2), name="vol")
    outs = [
        _branch(K, ctx, s, "1d_same_s2", lambda t: L.Conv1DTranspose(4, 3, strides=2, padding="same", name="t1_same_s2")(t)),
        _branch(K, ctx, s, "1d_valid_op", lambda t: L.Conv1DTranspose(2, 3, strides=3, output_padding=1, name="t1_valid_op")(t)),
        _branch(K, ctx, s, "1d_dilated", lambda t: L.Conv1DTranspose(3, 2, dilation_rate=2, padding="same", name="t1_dil")(t)),
        _branch(K, ctx, i, "2d_same_s2", lambda t: L.Conv2DTranspose(3, (3, 2), strides=2, padding="same", activation="relu",
                                                                    name="t2_same_s2")(t)),
        _branch(K, ctx, i, "2d_valid_s23_op", lambda t: L.Conv2DTranspose(2, (2, 3), strides=(2, 3), output_padding=(1, 2),
                                                                         name="t2_valid_op")(t)),
        _branch(K, ctx, i, "2d_same_op", lambda t: L.Conv2DTranspose(2, 4, strides=3, padding="same", output_padding=1, use_bias=False,
                                                                    name="t2_same_op")(t)),
        _branch(K, ctx, i, "2d_dilated", lambda t: L.Conv2DTranspose(2, 3, dilation_rate=(2, 1), name="t2_dil")(t)),
        _branch(K, ctx, i, "2d_channels_first", lambda t: L.Conv2DTranspose(3, 2, strides=(1, 2), padding="same",
                                                                           data_format="channels_first", name="t2_cf")(t)),
        _branch(K, ctx, v, "3d_same_s2", lambda t: L.Conv3DTranspose(2, (2, 3, 2), strides=(2, 1, 2), padding="same", name="t3_same")(t)),
        _branch(K, ctx, v, "3d_valid_op", lambda t: L.Conv3DTranspose(3, 2, strides=2, output_padding=(1, 0, 1), name="t3_valid_op")(t)),
    ]
    return _model(K, ctx, [s, i, v], outs)


@case("conv_depthwise_separable")
def build_conv_depthwise_separable(K, ctx):
    L = K.layers
    s = K.Input(shape=(9, 3), name="seq")
    i = K.Input(shape=(7, 6, 3), name="img")
    outs = [
        _branch(K, ctx, s, "dw1_same_s2", lambda t: L.DepthwiseConv1D(3, strides=2, padding="same", depth_multiplier=2, name="dw1_s2")(t)),
        _branch(K, ctx, s, "dw1_dilated", lambda t: L.DepthwiseConv1D(2, dilation_rate=3, use_bias=False, name="dw1_dil")(t)),
        _branch(K, ctx, i, "dw2_dm3_dilated", lambda t: L.DepthwiseConv2D((3, 2), dilation_rate=(2, 1), depth_multiplier=3,
                                                                         activation="relu", name="dw2_dm3")(t)),
        _branch(K, ctx, i, "dw2_same_s2", lambda t: L.DepthwiseConv2D(3, strides=2, padding="same", name="dw2_s2")(t)),
        _branch(K, ctx, i, "dw2_channels_first", lambda t: L.DepthwiseConv2D(2, depth_multiplier=2, data_format="channels_first",
                                                                            name="dw2_cf")(t)),
        _branch(K, ctx, s, "sep1_dm2_s2", lambda t: L.SeparableConv1D(4, 3, strides=2, padding="same", depth_multiplier=2,
                                                                     name="sep1_s2")(t)),
        _branch(K, ctx, s, "sep1_causal", lambda t: L.SeparableConv1D(3, 3, padding="causal", name="sep1_causal")(t)),
        _branch(K, ctx, s, "sep1_dilated", lambda t: L.SeparableConv1D(2, 2, dilation_rate=2, use_bias=False, name="sep1_dil")(t)),
        _branch(K, ctx, i, "sep2_dm2_s2", lambda t: L.SeparableConv2D(5, (3, 2), strides=2, padding="same", depth_multiplier=2,
                                                                     activation="tanh", name="sep2_s2")(t)),
        _branch(K, ctx, i, "sep2_dilated", lambda t: L.SeparableConv2D(2, 2, dilation_rate=2, name="sep2_dil")(t)),
        _branch(K, ctx, i, "sep2_channels_first", lambda t: L.SeparableConv2D(3, 2, data_format="channels_first", name="sep2_cf")(t)),
    ]
    return _model(K, ctx, [s, i], outs)


@case("conv_td")
def build_conv_td(K, ctx):
    # Every convolution family inside TimeDistributed.
    L = K.layers
    TD = L.TimeDistributed
    s = K.Input(shape=(3, 7, 2), name="seq")
    i = K.Input(shape=(2, 5, 6, 2), name="img")
    v = K.Input(shape=(2, 4, 3, 4, 2), name="vol")
    outs = [
        _branch(K, ctx, s, "td_conv1d", lambda t: TD(L.Conv1D(3, 3, strides=2, padding="same", name="conv1d"), name="td_conv1d")(t)),
        _branch(K, ctx, s, "td_sep1d", lambda t: TD(L.SeparableConv1D(2, 2, depth_multiplier=2, name="sep1d"), name="td_sep1d")(t)),
        _branch(K, ctx, s, "td_t1d", lambda t: TD(L.Conv1DTranspose(2, 3, strides=2, name="t1d"), name="td_t1d")(t)),
        _branch(K, ctx, i, "td_conv2d", lambda t: TD(L.Conv2D(3, (2, 3), dilation_rate=(2, 1), name="conv2d"), name="td_conv2d")(t)),
        _branch(K, ctx, i, "td_dw2d", lambda t: TD(L.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw2d"), name="td_dw2d")(t)),
        _branch(K, ctx, i, "td_t2d", lambda t: TD(L.Conv2DTranspose(2, 2, strides=(2, 1), padding="same", name="t2d"), name="td_t2d")(t)),
        _branch(K, ctx, s, "td_dw1d", lambda t: TD(L.DepthwiseConv1D(2, name="dw1d"), name="td_dw1d")(t)),
        _branch(K, ctx, i, "td_sep2d", lambda t: TD(L.SeparableConv2D(3, 2, name="sep2d"), name="td_sep2d")(t)),
        _branch(K, ctx, v, "td_conv3d", lambda t: TD(L.Conv3D(2, 2, padding="same", name="conv3d"), name="td_conv3d")(t)),
        _branch(K, ctx, v, "td_t3d", lambda t: TD(L.Conv3DTranspose(2, 2, strides=(1, 2, 1), name="t3d"), name="td_t3d")(t)),
    ]
    return _model(K, ctx, [s, i, v], outs)


@case("pool_windows")
def build_pool_windows(K, ctx):
    L = K.layers
    s = K.Input(shape=(9, 3), name="seq")
    v = K.Input(shape=(5, 4, 7, 2), name="vol")
    outs = [
        _branch(K, ctx, s, "max1_same", lambda t: L.MaxPooling1D(3, strides=2, padding="same", name="max1_same")(t)),
        _branch(K, ctx, s, "avg1_same", lambda t: L.AveragePooling1D(4, strides=3, padding="same", name="avg1_same")(t)),
        _branch(K, ctx, s, "avg1_valid", lambda t: L.AveragePooling1D(2, name="avg1_valid")(t)),
        _branch(K, ctx, s, "max1_cf", lambda t: L.MaxPooling1D(2, data_format="channels_first", name="max1_cf")(t)),
        _branch(K, ctx, v, "max3_valid", lambda t: L.MaxPooling3D((2, 2, 3), strides=(1, 2, 2), name="max3_valid")(t)),
        _branch(K, ctx, v, "avg3_same", lambda t: L.AveragePooling3D(2, padding="same", name="avg3_same")(t)),
        _branch(K, ctx, v, "max3_cf", lambda t: L.MaxPooling3D(2, padding="same", data_format="channels_first", name="max3_cf")(t)),
        _branch(K, ctx, v, "avg3_cf", lambda t: L.AveragePooling3D((2, 1, 2), data_format="channels_first", name="avg3_cf")(t)),
    ]
    return _model(K, ctx, [s, v], outs)


@case("pool_global")
def build_pool_global(K, ctx):
    L = K.layers
    s = K.Input(shape=(5, 3), name="seq")
    i = K.Input(shape=(4, 3, 2), name="img")
    v = K.Input(shape=(3, 2, 4, 2), name="vol")
    outs = []
    for inp, rank in ((s, 1), (i, 2), (v, 3)):
        for kind in ("Max", "Average"):
            cls = getattr(L, "Global%sPooling%dD" % (kind, rank))
            short = "g%s%d" % (kind[:3].lower(), rank)
            outs.append(_branch(K, ctx, inp, short, lambda t, cls=cls, short=short: cls(name=short)(t)))
            outs.append(_branch(K, ctx, inp, short + "_keep_cf", lambda t, cls=cls, short=short: cls(
                keepdims=True, data_format="channels_first", name=short + "_keep_cf")(t)))
    return _model(K, ctx, [s, i, v], outs)


@case("pool_gap1d_mask", int_high={"tokens": 7})
def build_pool_gap1d_mask(K, ctx):
    # Embedding(mask_zero) -> GlobalAveragePooling1D consumes the mask (sum over unmasked steps / their count).
    # A Sequential on purpose: a Keras 3 *functional* graph records the mask as an explicit `mask=` kwarg
    # computed by a NotEqual op layer; a Sequential config has no nodes, so the mask flows implicitly.
    L = K.layers
    return K.Sequential([
        K.Input(shape=(6,), dtype="int32", name="tokens"),
        L.Embedding(7, 3, mask_zero=True, name="embedding"),
        L.GlobalAveragePooling1D(name="gap_masked"),
    ], name=ctx.case)


@case("pool_adaptive", writers=("keras3",))
def build_pool_adaptive(K, ctx):
    L = K.layers
    s = K.Input(shape=(7, 2), name="seq")
    i = K.Input(shape=(5, 8, 2), name="img")
    v = K.Input(shape=(4, 5, 3, 2), name="vol")
    outs = [
        L.AdaptiveAveragePooling1D(3, name="aavg1")(s),
        L.AdaptiveMaxPooling1D(5, name="amax1")(s),
        L.AdaptiveAveragePooling1D(9, data_format="channels_first", name="aavg1_up_cf")(s),
        L.AdaptiveMaxPooling2D((2, 3), name="amax2")(i),
        L.AdaptiveAveragePooling2D((3, 5), name="aavg2")(i),
        L.AdaptiveMaxPooling2D((3, 1), data_format="channels_first", name="amax2_cf")(i),
        L.AdaptiveAveragePooling3D((3, 2, 2), name="aavg3")(v),
        L.AdaptiveMaxPooling3D((2, 3, 1), name="amax3")(v),
        L.AdaptiveAveragePooling3D(2, data_format="channels_first", name="aavg3_cf")(v),
    ]
    return _model(K, ctx, [s, i, v], outs)


@case("pool_td")
def build_pool_td(K, ctx):
    # Every pooling family inside TimeDistributed (adaptive pooling only in Keras 3).
    L = K.layers
    TD = L.TimeDistributed
    s = K.Input(shape=(3, 7, 2), name="seq")
    i = K.Input(shape=(2, 5, 6, 2), name="img")
    v = K.Input(shape=(2, 3, 4, 5, 2), name="vol")
    outs = [
        _branch(K, ctx, s, "td_max1", lambda t: TD(L.MaxPooling1D(2, strides=1, name="max1"), name="td_max1")(t)),
        _branch(K, ctx, i, "td_avg2", lambda t: TD(L.AveragePooling2D(3, strides=2, padding="same", name="avg2"), name="td_avg2")(t)),
        _branch(K, ctx, v, "td_max3", lambda t: TD(L.MaxPooling3D(2, padding="same", name="max3"), name="td_max3")(t)),
        _branch(K, ctx, s, "td_gavg1", lambda t: TD(L.GlobalAveragePooling1D(name="gavg1"), name="td_gavg1")(t)),
        _branch(K, ctx, i, "td_gmax2", lambda t: TD(L.GlobalMaxPooling2D(keepdims=True, name="gmax2"), name="td_gmax2")(t)),
        _branch(K, ctx, v, "td_gavg3", lambda t: TD(L.GlobalAveragePooling3D(name="gavg3"), name="td_gavg3")(t)),
    ]
    if ctx.writer == "keras3":
        outs.append(TD(L.AdaptiveAveragePooling2D((2, 4), name="aavg2"), name="td_aavg2")(i))
        outs.append(TD(L.AdaptiveMaxPooling1D(3, name="amax1"), name="td_amax1")(s))
    return _model(K, ctx, [s, i, v], outs)


@case("lc_layers", writers=("tfkeras",))
def build_lc_layers(K, ctx):
    # LocallyConnected1D/2D exist in Keras 1/2 only; all three kernel layouts (implementation 1, 2, 3).
    L = K.layers
    s = K.Input(shape=(8, 3), name="seq")
    i = K.Input(shape=(5, 6, 2), name="img")
    outs = []
    for impl in (1, 2, 3):
        outs.append(_branch(K, ctx, s, "lc1_i%d" % impl, lambda t, impl=impl: L.LocallyConnected1D(
            3, 3, strides=2, implementation=impl, activation="tanh", name="lc1_i%d" % impl)(t)))
        outs.append(_branch(K, ctx, i, "lc2_i%d" % impl, lambda t, impl=impl: L.LocallyConnected2D(
            2, (2, 3), strides=(1, 2), implementation=impl, name="lc2_i%d" % impl)(t)))
        outs.append(_branch(K, ctx, i, "lc2_cf_i%d" % impl, lambda t, impl=impl: L.LocallyConnected2D(
            3, 2, implementation=impl, data_format="channels_first", name="lc2_cf_i%d" % impl)(t)))
        outs.append(_branch(K, ctx, s, "lc1_cf_i%d" % impl, lambda t, impl=impl: L.LocallyConnected1D(
            2, 2, implementation=impl, data_format="channels_first", use_bias=False, name="lc1_cf_i%d" % impl)(t)))
    for impl in (2, 3):
        outs.append(_branch(K, ctx, s, "lc1_same_i%d" % impl, lambda t, impl=impl: L.LocallyConnected1D(
            2, 2, strides=3, padding="same", implementation=impl, name="lc1_same_i%d" % impl)(t)))
        outs.append(_branch(K, ctx, i, "lc2_same_i%d" % impl, lambda t, impl=impl: L.LocallyConnected2D(
            2, (3, 2), strides=2, padding="same", implementation=impl, name="lc2_same_i%d" % impl)(t)))
        outs.append(_branch(K, ctx, i, "lc2_same_cf_i%d" % impl, lambda t, impl=impl: L.LocallyConnected2D(
            2, (2, 3), padding="same", implementation=impl, data_format="channels_first", name="lc2_same_cf_i%d" % impl)(t)))
    return _model(K, ctx, [s, i], outs)


@case("lc_td", writers=("tfkeras",))
def build_lc_td(K, ctx):
    L = K.layers
    TD = L.TimeDistributed
    s = K.Input(shape=(3, 6, 2), name="seq")
    i = K.Input(shape=(2, 4, 5, 2), name="img")
    outs = [
        _branch(K, ctx, s, "td_lc1", lambda t: TD(L.LocallyConnected1D(3, 2, strides=2, name="lc1"), name="td_lc1")(t)),
        _branch(K, ctx, i, "td_lc2", lambda t: TD(L.LocallyConnected2D(2, 2, implementation=2, padding="same", name="lc2"),
                                                  name="td_lc2")(t)),
    ]
    return _model(K, ctx, [s, i], outs)


# Layers whose kernels Keras 2 flips when a file says backend "theano" (keras 2.2.4 engine/saving.py,
# preprocess_weights_for_loading + conv_utils.convert_kernel); Depthwise/Separable are not flipped.
_THEANO_FLIPPED = ("th_conv1d", "th_conv2d", "th_conv3d", "th_t2d", "th_td_conv2d")


def _mark_theano(K, ctx, out_dir, files):
    """Rewrites the legacy HDF5 files as a Theano-backend Keras 2 would have written them: flipped
    conv kernels (every axis but the last two reversed) and backend="theano". Keras 2.2.4 loading them on
    TensorFlow flips the kernels back, so the outputs (computed from the unflipped model) stay valid."""
    import os
    import h5py
    import numpy as np
    for key in ("h5", "json"):
        if key not in files:
            continue
        path = os.path.join(out_dir, files[key] if key == "h5" else files[key][1])
        with h5py.File(path, "r+") as f:
            g = f["model_weights"] if "model_weights" in f else f
            g.attrs["backend"] = "theano"
            if g is not f:
                f.attrs["backend"] = "theano"
            for lname in _THEANO_FLIPPED:
                names = [n.decode() if isinstance(n, bytes) else n for n in g[lname].attrs["weight_names"]]
                ds = g[lname][names[0]]
                k = ds[()]
                ds[...] = np.ascontiguousarray(k[(slice(None, None, -1),) * (k.ndim - 2)])
    ctx.notes.append("legacy h5 and json weights rewritten as Theano-written Keras 2 files: backend='theano' and the kernels of %s "
                     "flipped on every spatial axis; Keras 2.x flips them back on load (tf_keras 2.21 no longer does, hence its "
                     "keras_reload diff for h5/json). DepthwiseConv2D/SeparableConv2D kernels are not flipped by Keras and are "
                     "stored as is." % ", ".join(_THEANO_FLIPPED))


@case("conv_theano_flip", writers=("tfkeras",), post_save=_mark_theano)
def build_conv_theano_flip(K, ctx):
    L = K.layers
    s = K.Input(shape=(7, 2), name="seq")
    i = K.Input(shape=(6, 5, 2), name="img")
    v = K.Input(shape=(4, 4, 3, 2), name="vol")
    t = K.Input(shape=(2, 5, 4, 2), name="frames")
    outs = [
        L.Conv1D(3, 3, padding="causal", name="th_conv1d")(s),
        L.Conv2D(3, (3, 2), padding="same", name="th_conv2d")(i),
        L.Conv3D(2, (2, 3, 2), name="th_conv3d")(v),
        L.Conv2DTranspose(2, (2, 3), strides=2, name="th_t2d")(i),
        L.TimeDistributed(L.Conv2D(2, 3, name="inner_conv"), name="th_td_conv2d")(t),
        L.DepthwiseConv2D(2, depth_multiplier=2, name="th_dw2d")(i),
        L.SeparableConv2D(2, (3, 2), name="th_sep2d")(i),
    ]
    return K.Model([s, i, v, t], outs, name=ctx.case)
