"""Cases of the misc-layers issue: ConvNeXt's LayerScale and StochasticDepth, ReversibleEmbedding,
SpectralNormalization, MelSpectrogram and STFTSpectrogram, Pipeline, Attention on rank-2 inputs (the batch is the
attention axis), and tf.keras's experimental SyncBatchNormalization and RandomFourierFeatures.

tf_keras cannot reload its own files holding LayerScale, StochasticDepth, SpectralNormalization or
RandomFourierFeatures ("Unknown layer"; a "'str' object is not callable" for the .keras zip): the builders register
those classes as custom objects, which only affects loading. (Keras 3's legacy .h5 reader does not know LayerScale
either; with it registered, it fails later on the raw Add op, so the keras3 .h5 stays an "Unknown layer" fixture.) tf_keras's SpectralNormalization refers to
`tf.keras.layers.InputSpec`, so it needs TF_USE_LEGACY_KERAS=1 (the generator sets it for the tfkeras writer).
"""

import numpy as np

from . import case

KERAS3 = ("keras3",)
TFKERAS = ("tfkeras",)


def _custom_objects(K, **classes):
    """Lets the writer's own reload (the generator's sanity check) find classes its deserializer does not know."""
    K.utils.get_custom_objects().update(classes)


def _convnext_classes(K, ctx):
    if ctx.writer == "keras3":
        from keras.src.applications.convnext import LayerScale, StochasticDepth
    else:
        from tf_keras.src.applications.convnext import LayerScale, StochasticDepth
        _custom_objects(K, LayerScale=LayerScale, StochasticDepth=StochasticDepth)
    return LayerScale, StochasticDepth


@case("app_convnext_block")
def build_app_convnext_block(K, ctx):
    # Two ConvNeXt blocks as keras.applications builds them: grouped 7x7 conv, LayerNormalization, pointwise Dense,
    # gelu, Dense, LayerScale, StochasticDepth (or an identity Activation), residual. The applications write the
    # residual as `inputs + x`: a raw Add op in Keras 3, a TFOpLambda in tf.keras (layers.Add used there instead).
    L = K.layers
    LayerScale, StochasticDepth = _convnext_classes(K, ctx)
    x = K.Input(shape=(6, 5, 4), name="img")
    h = x
    for i, (scale, drop) in enumerate([(1e-6, 0.1), (None, 0.0)]):
        y = L.Conv2D(4, 7, padding="same", groups=4, name="b%d_depthwise_conv" % i)(h)
        y = L.LayerNormalization(epsilon=1e-6, name="b%d_layernorm" % i)(y)
        y = L.Dense(16, name="b%d_pointwise_conv_1" % i)(y)
        y = L.Activation("gelu", name="b%d_gelu" % i)(y)
        y = L.Dense(4, name="b%d_pointwise_conv_2" % i)(y)
        if scale is not None:
            y = LayerScale(scale, 4, name="b%d_layer_scale" % i)(y)
        y = StochasticDepth(drop, name="b%d_stochastic_depth" % i)(y) if drop else L.Activation("linear", name="b%d_identity" % i)(y)
        h = h + y if ctx.writer == "keras3" else L.Add(name="b%d_add" % i)([h, y])
    # LayerScale on a rank-3 tensor too, and as an output of its own
    s = LayerScale(0.5, 4, name="seq_layer_scale")(L.Reshape((30, 4), name="seq")(h))
    return K.Model(x, [h, s], name=ctx.case)


def _tokens(arrays):
    arrays["tok"][0, :] = [3, 0, 7, 0, 0, 1]     # padding in the middle and at the end
    arrays["tok"][1, :] = [0, 0, 5, 9, 2, 10]    # at the start


@case("rev_embedding", writers=KERAS3, int_high={"tok": 11}, edit_inputs=_tokens)
def build_rev_embedding(K, ctx):
    # ReversibleEmbedding called forward (an Embedding, mask_zero feeding an LSTM through Keras's implicit mask) and
    # with reverse=True on a later tensor (the call kwarg is in the inbound node): tied weights (x . embeddings^T),
    # untied (x . reverse_embeddings) with logit_soft_cap, reverse_dtype float32.
    L = K.layers
    tok = K.Input(shape=(6,), dtype="int32", name="tok")
    tied = L.ReversibleEmbedding(11, 4, mask_zero=True, name="rev_tied")
    h = L.LSTM(4, return_sequences=True, name="lstm")(tied(tok))
    logits_tied = tied(h, reverse=True)
    untied = L.ReversibleEmbedding(11, 3, tie_weights=False, logit_soft_cap=2.5, reverse_dtype="float32", name="rev_untied")
    h2 = L.Dense(3, name="proj")(untied(tok))
    logits_untied = untied(h2, reverse=True)
    return K.Model(tok, [logits_tied, logits_untied, h], name=ctx.case)


@case("spectral_norm", int_high={"tok": 7})
def build_spectral_norm(K, ctx):
    # SpectralNormalization at inference: the wrapped layer with its stored kernel (no power iteration). Around
    # Dense, Conv2D (channels_first too), Conv1DTranspose, Keras 3 DepthwiseConv2D; tf.keras also around an Embedding (Keras 3
    # casts that output to the int input dtype: see spectral_norm_embedding). power_iterations only acts in training.
    L = K.layers
    if ctx.writer == "tfkeras":
        _custom_objects(K, SpectralNormalization=L.SpectralNormalization)
    x = K.Input(shape=(6,), name="x")
    img = K.Input(shape=(5, 4, 3), name="img")
    seq = K.Input(shape=(5, 3), name="seq")
    outs = [
        L.SpectralNormalization(L.Dense(3, activation="tanh", name="dense"), name="sn_dense")(x),
        L.SpectralNormalization(L.Conv2D(4, 2, padding="same", name="conv"), power_iterations=3, name="sn_conv")(img),
        L.SpectralNormalization(L.Conv2D(2, (2, 3), data_format="channels_first", name="conv_cf"), name="sn_conv_cf")(img),
        L.SpectralNormalization(L.Conv1DTranspose(2, 3, strides=2, name="convt"), name="sn_convt")(seq),
    ]
    inputs = [x, img, seq]
    if ctx.writer == "keras3":
        # tf_keras's DepthwiseConv2D has no `kernel` attribute (depthwise_kernel), so only Keras 3 can wrap it
        outs.append(L.SpectralNormalization(L.DepthwiseConv2D(2, depth_multiplier=2, name="dw"), name="sn_dw")(img))
        # Keras 3 keeps the Dense's mask on the (uncast) output at run time: the LSTM is masked (tf_keras cannot build this)
        tok = K.Input(shape=(4,), dtype="int32", name="tok")
        e = L.Embedding(7, 3, mask_zero=True, name="emb_masked")(tok)
        outs.append(L.LSTM(2, name="lstm")(L.SpectralNormalization(L.Dense(3, name="dense_m"), name="sn_masked")(e)))
        inputs.append(tok)
    else:
        tok = K.Input(shape=(4,), dtype="int32", name="tok")
        outs.append(L.SpectralNormalization(L.Embedding(7, 3, name="emb"), name="sn_emb")(tok))
        inputs.append(tok)
    return K.Model(inputs, outs, name=ctx.case)


_SN_EMBEDDING_REFUSAL = "Keras 3 casts the output to the input's dtype"


@case("spectral_norm_embedding", writers=KERAS3, int_high={"tok": 7},
      refused={"keras3": {f: _SN_EMBEDDING_REFUSAL for f in ("keras", "h5", "json")}})
def build_spectral_norm_embedding(K, ctx):
    # Keras 3: SpectralNormalization(Embedding) returns ops.cast(output, inputs.dtype): int32 token ids give the
    # embedding rows truncated to integers. jkeras refuses it (it does not track dtypes).
    L = K.layers
    tok = K.Input(shape=(4,), dtype="int32", name="tok")
    y = L.SpectralNormalization(L.Embedding(7, 3, name="emb"), name="sn_emb")(tok)
    return K.Model(tok, y, name=ctx.case)


def _audio(shape, rng):
    # a chord plus a little noise: a wide dynamic range across the spectrum (the hard case for float32 FFTs)
    t = np.arange(shape[1]) / 8000.0
    rows = [np.sin(2 * np.pi * 440 * t) + 0.5 * np.sin(2 * np.pi * 1250 * t + 1) + 0.01 * rng.normal(size=shape[1])
            for _ in range(shape[0])]
    rows = [r * (i + 1) for i, r in enumerate(rows)]
    return np.stack(rows).astype("float32")


@case("mel_spectrogram", writers=KERAS3, inputs={"tone": _audio})
def build_mel_spectrogram(K, ctx):
    # MelSpectrogram options: power-of-two and odd fft_length, sequence_length < fft_length, hann / hamming / no
    # window, mag_exp, power_to_db with top_db clipping (against the max of the whole batch), ref_power, min_power,
    # min/max freq, sampling rates. Inputs: white noise and a two-tone chord (a wide dynamic range). For the 159-sample
    # input and stride 16, Keras's symbolic frame count (len + stride + 1) // stride is 11 while the array has
    # len // stride + 1 = 10 frames (a manifest note); jkeras reports the computed shape.
    L = K.layers
    noise = K.Input(shape=(203,), name="noise")
    tone = K.Input(shape=(159,), name="tone")
    outs = []
    for src, tag in ((noise, "noise"), (tone, "tone")):
        outs += [
            L.MelSpectrogram(fft_length=64, sequence_stride=16, sampling_rate=8000, num_mel_bins=12, name="mel_db_" + tag)(src),
            L.MelSpectrogram(fft_length=64, sequence_stride=20, sequence_length=48, window="hamming", sampling_rate=8000,
                             num_mel_bins=10, min_freq=100.0, max_freq=3000.0, power_to_db=False, mag_exp=1.0,
                             name="mel_mag_" + tag)(src),
            L.MelSpectrogram(fft_length=50, sequence_stride=19, sequence_length=37, window=None, sampling_rate=11025,
                             num_mel_bins=8, min_freq=0.0, top_db=20.0, ref_power=2.0, min_power=1e-3,
                             name="mel_odd_" + tag)(src),
        ]
    return K.Model([noise, tone], outs, name=ctx.case)


def _stft_reference(K, model, arrays):
    """The generator randomizes every variable; the STFT kernels get their initializer's values back first, so
    the outputs (and saved weights) are those of a real STFT."""
    from keras.src import initializers
    for layer in model.layers:
        if type(layer).__name__ == "STFTSpectrogram":
            for part in ("real", "imag"):
                v = getattr(layer, part + "_kernel", None)
                if v is not None:
                    init = initializers.STFT(part, layer.window, layer.scaling, layer.periodic)
                    v.assign(init(tuple(v.shape), "float32"))
    x = arrays[0] if len(arrays) == 1 else list(arrays)
    outs = model(x, training=False)
    return [np.asarray(o).astype("float32") for o in (outs if isinstance(outs, (list, tuple)) else [outs])]


@case("stft_spectrogram", writers=KERAS3, reference=_stft_reference)
def build_stft_spectrogram(K, ctx):
    # STFTSpectrogram: every mode, valid and same padding, channels_first, expand_dims, windows (hann, hamming,
    # blackman, a periodic one), scaling density / spectrum / None, fft_length > frame_length and odd frames.
    L = K.layers
    sig = K.Input(shape=(40, 2), name="sig")
    sig_cf = K.Input(shape=(2, 37), name="sig_cf")
    outs = [
        L.STFTSpectrogram(frame_length=16, frame_step=4, name="stft_log")(sig),
        L.STFTSpectrogram(mode="magnitude", frame_length=12, frame_step=5, fft_length=16, window="hamming", scaling="spectrum",
                          padding="same", name="stft_mag_same")(sig),
        L.STFTSpectrogram(mode="psd", frame_length=10, frame_step=3, window="blackman", periodic=True, name="stft_psd")(sig),
        L.STFTSpectrogram(mode="real", frame_length=8, frame_step=8, scaling=None, expand_dims=True, name="stft_real")(sig),
        L.STFTSpectrogram(mode="imag", frame_length=8, frame_step=2, padding="same", name="stft_imag")(sig),
        L.STFTSpectrogram(mode="angle", frame_length=8, frame_step=4, name="stft_angle")(sig),
        L.STFTSpectrogram(mode="stft", frame_length=9, frame_step=4, fft_length=16, expand_dims=True, name="stft_stft")(sig),
        L.STFTSpectrogram(mode="log", frame_length=8, frame_step=3, data_format="channels_first", name="stft_cf")(sig_cf),
        L.STFTSpectrogram(mode="magnitude", frame_length=8, frame_step=3, padding="same", data_format="channels_first",
                          expand_dims=True, name="stft_cf_expand")(sig_cf),
    ]
    return K.Model([sig, sig_cf], outs, name=ctx.case)


def _pipeline_tokens(arrays):
    arrays["tok"][0, :] = [2, 0, 0, 4, 1]
    arrays["tok"][1, :] = [0, 3, 3, 0, 0]


@case("pipeline", writers=KERAS3, int_high={"tok": 5}, edit_inputs=_pipeline_tokens)
def build_pipeline(K, ctx):
    # Pipeline: layers applied in order (weights numbered like a Sequential's: Rescaling, Dense, BatchNormalization,
    # an augmentation that is the identity at inference, Dense); a Pipeline after Embedding(mask_zero) whose mask
    # still reaches the LSTM after it (Keras warns that Pipeline "destroys" the mask, yet at run time it flows).
    # A preprocessing Normalization inside a Pipeline crashes Keras 3.15 under jit (UnexpectedTracerError): not used.
    L = K.layers
    x = K.Input(shape=(6,), name="x")
    img = K.Input(shape=(4, 4, 3), name="img")
    tok = K.Input(shape=(5,), dtype="int32", name="tok")
    p = L.Pipeline([L.Rescaling(0.5, offset=1.0, name="p_rescale"), L.Dense(5, activation="relu", name="p_dense"),
                    L.BatchNormalization(name="p_bn"), L.Dense(3, name="p_out")], name="pipe")(x)
    # Equalization is the identity at inference (it equalizes only with training=True); Keras 3.15 cannot build it
    # into a functional model directly ("part of a cycle"), but it can inside a Pipeline
    q = L.Pipeline([L.Rescaling(2.0, name="q_rescale"), L.RandomFlip(name="q_flip"), L.Equalization(name="q_equalize"),
                    L.Conv2D(2, 2, name="q_conv")], name="pipe_img")(img)
    e = L.Embedding(5, 3, mask_zero=True, name="emb")(tok)
    r = L.LSTM(2, name="lstm")(L.Pipeline([L.Dense(3, name="m_dense")], name="pipe_masked")(e))
    return K.Model([x, img, tok], [p, q, r], name=ctx.case)


def _rank2_rows(arrays):
    arrays["x"][2, :] = 0.0  # a fully masked row for Masking(0.0)


@case("attn_rank2", batch=4, edit_inputs=_rank2_rows)
def build_attn_rank2(K, ctx):
    # Attention / AdditiveAttention on rank-2 inputs (batch, dim): Keras's scores are query . key^T across the BATCH,
    # so each row attends to every row of the call. dot, use_scale + returned scores, concat, AdditiveAttention with
    # a key, masks from Masking on the rank-2 input (row 2 is masked: it is zeroed as a query and skipped as a value).
    L = K.layers
    x = K.Input(shape=(5,), name="x")
    q = L.Dense(4, name="q")(x)
    v = L.Dense(3, name="v")(x)
    k = L.Dense(4, name="k")(x)
    dot = L.Attention(name="att_dot")([q, v, k])
    scaled, scores = L.Attention(use_scale=True, name="att_scaled")([q, v, k], return_attention_scores=True)
    concat = L.Attention(score_mode="concat", name="att_concat")([q, k])
    additive = L.AdditiveAttention(name="att_additive")([q, k])  # tf.keras sizes its scale by the value dim
    m = L.Masking(0.0, name="masking")(x)
    masked = L.Attention(name="att_masked")([m, m])
    outs = [dot, scaled, scores, concat, additive, masked]
    if ctx.writer == "tfkeras":
        # tf.keras's causal mask on rank 2 is (batch, batch) lower-triangular (Keras 3: see attn_rank2_causal)
        outs.append(L.Attention(name="att_causal")([q, v, k], use_causal_mask=True))
    return K.Model(x, outs, name=ctx.case)


@case("attn_rank2_causal", writers=KERAS3, batch=3,
      refused={"keras3": {f: "use_causal_mask on rank-2 inputs" for f in ("keras", "h5", "json")}})
def build_attn_rank2_causal(K, ctx):
    # Keras 3 broadcasts a (1, batch, batch) causal mask against rank-2 scores: the output is (1, batch, dim) though
    # the layer declares (batch, dim). jkeras refuses it.
    L = K.layers
    x = K.Input(shape=(4,), name="x")
    y = L.Attention(name="att_causal")([x, x], use_causal_mask=True)
    return K.Model(x, y, name=ctx.case)


@case("tf_experimental", writers=TFKERAS)
def build_tf_experimental(K, ctx):
    # tf.keras.layers.experimental: SyncBatchNormalization (BatchNormalization at inference) and
    # RandomFourierFeatures (cos(x . unscaled_kernel / kernel_scale + bias)), frozen (its default) and trainable.
    L = K.layers
    E = L.experimental
    _custom_objects(K, RandomFourierFeatures=E.RandomFourierFeatures)
    x = K.Input(shape=(5,), name="x")
    img = K.Input(shape=(3, 3, 2), name="img")
    bn = E.SyncBatchNormalization(name="sync_bn")(img)
    bn2 = E.SyncBatchNormalization(axis=1, center=False, epsilon=0.01, name="sync_bn_axis1")(img)
    rff = E.RandomFourierFeatures(6, name="rff")(x)
    rff2 = E.RandomFourierFeatures(4, kernel_initializer="laplacian", scale=2.0, trainable=True, name="rff_trainable")(x)
    return K.Model([x, img], [bn, bn2, rff, rff2], name=ctx.case)


def _pixels(shape, rng):
    return rng.uniform(0.0, 255.0, shape).astype("float32")


@case("pre_clahe", writers=KERAS3, inputs={"img": _pixels, "img_cf": _pixels})
def build_pre_clahe(K, ctx):
    # ContrastLimitedAdaptiveHistogramEqualization (applied at inference too): default 8x8 grid on a 9x11 image (tiles
    # of 2x2 with symmetric padding), grid (2, 3) with clip_limit 2.5, no clipping (0), a non-dyadic clip_limit 3.3,
    # value_range (0, 1) after a Rescaling, channels_first.
    L = K.layers
    img = K.Input(shape=(9, 11, 2), name="img")
    img_cf = K.Input(shape=(2, 7, 6), name="img_cf")
    CLAHE = L.ContrastLimitedAdaptiveHistogramEqualization
    outs = [
        CLAHE(name="clahe_default")(img),
        CLAHE(clip_limit=2.5, tile_grid_size=(2, 3), name="clahe_grid23")(img),
        CLAHE(clip_limit=0.0, tile_grid_size=(3, 3), name="clahe_noclip")(img),
        CLAHE(clip_limit=3.3, tile_grid_size=(4, 2), name="clahe_clip33")(img),
        CLAHE(value_range=(0, 1), tile_grid_size=(2, 2), name="clahe_unit")(L.Rescaling(1 / 255.0, name="to_unit")(img)),
        CLAHE(tile_grid_size=(2, 2), data_format="channels_first", name="clahe_cf")(img_cf),
    ]
    return K.Model([img, img_cf], outs, name=ctx.case)


def _masked_tokens(arrays):
    arrays["tok"][0, :] = [1, 2, 0, 0, 3]
    arrays["tok"][1, :] = [0, 1, 1, 0, 0]


@case("app_convnext_masks", writers=KERAS3, int_high={"tok": 6}, edit_inputs=_masked_tokens)
def build_app_convnext_masks(K, ctx):
    # Keras 3 at run time: StochasticDepth returns its input object, so Embedding(mask_zero)'s mask still reaches the
    # LSTM after it; LayerScale returns a new array and the mask is gone (neither layer declares mask support).
    L = K.layers
    LayerScale, StochasticDepth = _convnext_classes(K, ctx)
    tok = K.Input(shape=(5,), dtype="int32", name="tok")
    e = L.Embedding(6, 3, mask_zero=True, name="emb")(tok)
    a = L.LSTM(2, name="lstm_sd")(StochasticDepth(0.2, name="sd")(e))
    b = L.LSTM(2, name="lstm_ls")(LayerScale(0.5, 3, name="ls")(e))
    return K.Model(tok, [a, b], name=ctx.case)
