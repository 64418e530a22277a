"""Cases of the recurrent issue: SimpleRNN/LSTM/GRU options, generic RNN cells, Bidirectional,
ConvLSTM, initial states, masking (Embedding mask_zero, Masking, explicit masks, TimeDistributed) and
stateful models. Prefixes: rnn_ (layers), mask_ (masking), state_ (stateful)."""

import numpy as np

from . import case

# Which timesteps are real (1) or padding (0), per batch row: padding at the end, at the start, in the
# middle, none, everything; rows 5+ repeat the pattern. T = 6.
PATTERN = np.array([
    [1, 1, 1, 1, 0, 0],
    [0, 0, 1, 1, 1, 1],
    [1, 0, 1, 0, 0, 1],
    [1, 1, 1, 1, 1, 1],
    [0, 0, 0, 0, 0, 0],
], dtype=bool)


def _pattern(batch, steps):
    rows = [PATTERN[i % len(PATTERN)] for i in range(batch)]
    return np.stack(rows)[:, :steps]


def padded_tokens(shape, rng, high=9):
    """int32 tokens in [1, high), zero (mask_zero padding) where PATTERN says so."""
    a = rng.integers(1, high, size=shape).astype("int32")
    keep = _pattern(shape[0], shape[1])
    while keep.ndim < a.ndim:
        keep = keep[..., None]
    return np.where(keep, a, 0).astype("int32")


def padded_floats(value):
    """float32 N(0, 1) with padded timesteps set to `value` in every feature; one real timestep per
    row has a single feature equal to `value` (still a real step: Masking needs all features)."""
    def make(shape, rng):
        a = rng.normal(0.0, 1.0, shape).astype("float32")
        keep = _pattern(shape[0], shape[1])
        for b in range(shape[0]):
            for t in range(shape[1]):
                if not keep[b, t]:
                    a[b, t] = value
        for b in range(shape[0]):
            real = np.flatnonzero(keep[b])
            if len(real):
                a[(b, real[0]) + (0,) * (len(shape) - 2)] = value
        return a
    return make


def mask_input(shape, rng):
    return _pattern(shape[0], shape[1])


def _flatten(x):
    if isinstance(x, (list, tuple)):
        return [y for z in x for y in _flatten(z)]
    return [x]


def nested_floats(shape, rng):
    """(batch, outer, inner, features) floats: padded outer steps are all zero; inside real outer steps,
    inner steps are zeroed at the end, start or middle, by row."""
    a = padded_floats(0.0)(shape, rng)
    keep = _pattern(shape[0], shape[1])
    for b in range(shape[0]):
        for t in range(shape[1]):
            if keep[b, t]:
                a[b, t, (b + t) % shape[2]] = 0.0
    return a


def nested_tokens(shape, rng):
    """(batch, outer, inner) tokens: padded outer steps are all zero, real ones have 0-2 zero tokens."""
    a = padded_tokens(shape, rng)
    for b in range(shape[0]):
        for t in range(shape[1]):
            for k in range((b + t) % 3):
                a[b, t, (t + 2 * k) % shape[2]] = 0
    return a


@case("rnn_simple")
def build_rnn_simple(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 3), name="x")
    a = L.SimpleRNN(4, return_sequences=True, activation="relu", dropout=0.2, recurrent_dropout=0.1,
                    name="srnn_seq_relu")(x)
    b = L.SimpleRNN(3, go_backwards=True, use_bias=False, unroll=True, name="srnn_back_nobias")(x)
    c, ch = L.SimpleRNN(2, return_sequences=True, return_state=True, go_backwards=True, name="srnn_state")(x)
    d = L.SimpleRNN(3, name="srnn_stacked")(a)
    return K.Model(x, [a, b, c, ch, d], name=ctx.case)


@case("rnn_lstm")
def build_rnn_lstm(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 3), name="x")
    o, h, c = L.LSTM(4, return_state=True, name="lstm_state")(x)
    b = L.LSTM(3, go_backwards=True, return_sequences=True, unroll=True, recurrent_activation="hard_sigmoid",
               dropout=0.3, recurrent_dropout=0.2, name="lstm_back_unroll")(x)
    n = L.LSTM(2, use_bias=False, activation="softsign", recurrent_activation="hard_sigmoid", implementation=1,
               name="lstm_impl1_nobias")(b)
    s, sh, sc = L.LSTM(2, return_sequences=True, return_state=True, go_backwards=True, name="lstm_seq_state")(x)
    return K.Model(x, [o, h, c, b, n, s, sh, sc], name=ctx.case)


@case("rnn_gru")
def build_rnn_gru(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 3), name="x")
    a = L.GRU(4, reset_after=True, return_sequences=True, name="gru_after")(x)
    b, bh = L.GRU(3, reset_after=False, go_backwards=True, return_state=True, name="gru_before")(x)
    # unroll: Keras 3.15's fused JAX GRU fails without a bias when float64 is enabled (the generator's
    # setting), so this one takes the generic loop; the values are the same formula.
    c = L.GRU(3, reset_after=True, use_bias=False, unroll=True, name="gru_after_nobias")(a)
    d = L.GRU(2, reset_after=False, use_bias=False, unroll=True, activation="relu",
              recurrent_activation="hard_sigmoid", return_sequences=True, name="gru_before_nobias")(x)
    e = L.GRU(2, reset_after=True, go_backwards=True, return_sequences=True, dropout=0.1,
              recurrent_dropout=0.1, name="gru_after_back")(x)
    return K.Model(x, [a, b, bh, c, d, e], name=ctx.case)


# (activation, recurrent_activation) pairs, LSTM and GRU in turn (both use both), so that every Keras activation
# name appears once in a cell, hard_sigmoid (its meaning depends on the writer) and softmax in both roles.
_ACT_PAIRS = [
    ("tanh", "sigmoid"), ("relu", "hard_sigmoid"), ("elu", "softsign"), ("selu", "hard_sigmoid"),
    ("softplus", "relu"), ("swish", "tanh"), ("gelu", "linear"), ("relu6", "softmax"),
    ("exponential", "sigmoid"), ("softmax", "mish"), ("leaky_relu", "log_softmax"), ("sigmoid", "hard_sigmoid"),
]
_ACT_PAIRS_K3 = [("hard_silu", "celu"), ("sparse_plus", "squareplus"), ("tanh_shrink", "hard_tanh"),
                 ("soft_shrink", "log_sigmoid"), ("sparse_sigmoid", "hard_sigmoid")]


@case("rnn_activations")
def build_rnn_activations(K, ctx):
    L = K.layers
    x = K.Input(shape=(4, 3), name="x")
    pairs = list(_ACT_PAIRS) + (_ACT_PAIRS_K3 if ctx.writer == "keras3" else [])
    outs = []
    for i, (act, ract) in enumerate(pairs):
        if i % 2 == 0:
            layer = L.LSTM(3, activation=act, recurrent_activation=ract, return_sequences=True,
                           name="lstm_%s_%s" % (act, ract))
        else:
            layer = L.GRU(3, activation=act, recurrent_activation=ract, return_sequences=True,
                          reset_after=(i % 4 == 1), name="gru_%s_%s" % (act, ract))
        outs.append(layer(x))
    return K.Model(x, outs, name=ctx.case)


@case("rnn_initial_state")
def build_rnn_initial_state(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 3), name="x")
    h0 = K.Input(shape=(4,), name="h0")
    c0 = K.Input(shape=(4,), name="c0")
    g0 = K.Input(shape=(3,), name="g0")
    fh = K.Input(shape=(2,), name="fh")
    fc = K.Input(shape=(2,), name="fc")
    bh = K.Input(shape=(2,), name="bh")
    bc = K.Input(shape=(2,), name="bc")
    a = L.LSTM(4, return_sequences=True, name="lstm_init")(x, initial_state=[h0, c0])
    b = L.GRU(3, name="gru_init")(x, initial_state=[g0])
    c = L.SimpleRNN(3, go_backwards=True, return_sequences=True, name="srnn_init")(x, initial_state=[g0])
    d = L.Bidirectional(L.LSTM(2, return_sequences=True, name="bilstm"), name="bi_init")(
        x, initial_state=[fh, fc, bh, bc])
    e, eh = L.GRU(3, return_state=True, reset_after=False, name="gru_chain")(a, initial_state=[b])
    return K.Model([x, h0, c0, g0, fh, fc, bh, bc], [a, b, c, d, e, eh], name=ctx.case)


@case("rnn_bidirectional")
def build_rnn_bidirectional(K, ctx):
    L = K.layers
    B = L.Bidirectional
    x = K.Input(shape=(5, 3), name="x")
    concat = B(L.LSTM(3, return_sequences=True, name="lstm_c"), merge_mode="concat", name="bi_concat")(x)
    summed = B(L.GRU(2, name="gru_s"), merge_mode="sum", name="bi_sum")(x)
    mul = B(L.SimpleRNN(2, return_sequences=True, name="srnn_m"), merge_mode="mul", name="bi_mul")(x)
    ave = B(L.LSTM(2, name="lstm_a"), merge_mode="ave", name="bi_ave")(concat)
    nf, nb = B(L.GRU(2, return_sequences=True, reset_after=False, name="gru_n"), merge_mode=None, name="bi_none")(x)
    so, shf, scf, shb, scb = B(L.LSTM(2, return_state=True, name="lstm_st"), name="bi_state")(x)
    mixed = B(L.LSTM(3, return_sequences=True, name="lstm_fw"),
              backward_layer=L.GRU(2, return_sequences=True, go_backwards=True, name="gru_bw"),
              name="bi_mixed")(x)
    return K.Model(x, [concat, summed, mul, ave, nf, nb, so, shf, scf, shb, scb, mixed], name=ctx.case)


@case("rnn_generic")
def build_rnn_generic(K, ctx):
    L = K.layers
    x = K.Input(shape=(5, 3), name="x")
    a = L.RNN(L.SimpleRNNCell(3, activation="relu", name="scell"), return_sequences=True, name="rnn_simple")(x)
    b = L.RNN(L.LSTMCell(3, name="lcell"), go_backwards=True, name="rnn_lstm")(x)
    c, ch = L.RNN(L.GRUCell(2, reset_after=False, name="gcell"), return_state=True, name="rnn_gru")(x)
    st = L.RNN([L.LSTMCell(3, name="st_lstm"), L.GRUCell(2, name="st_gru")], return_sequences=True,
               return_state=True, name="rnn_stacked")(x)
    st = _flatten(st)
    d = L.RNN(L.StackedRNNCells([L.SimpleRNNCell(2, name="sc_a"), L.LSTMCell(3, use_bias=False, name="sc_b")]),
              name="rnn_stacked_cells")(a)
    return K.Model(x, [a, b, c, ch] + list(st) + [d], name=ctx.case)


@case("rnn_convlstm")
def build_rnn_convlstm(K, ctx):
    L = K.layers
    x1 = K.Input(shape=(3, 7, 2), name="x1")
    x2 = K.Input(shape=(3, 6, 5, 2), name="x2")
    x3 = K.Input(shape=(2, 3, 4, 3, 1), name="x3")
    a = L.ConvLSTM1D(3, 3, padding="same", return_sequences=True, name="clstm1d")(x1)
    b = L.ConvLSTM1D(2, 2, strides=2, go_backwards=True, recurrent_activation="hard_sigmoid", name="clstm1d_s2")(x1)
    c, ch, cc = L.ConvLSTM2D(2, (3, 2), strides=(2, 1), return_state=True, name="clstm2d_state")(x2)
    d = L.ConvLSTM2D(2, 3, dilation_rate=2, padding="same", return_sequences=True, go_backwards=True,
                     name="clstm2d_dil")(x2)
    e = L.ConvLSTM3D(2, 2, padding="same", use_bias=False, activation="relu", name="clstm3d")(x3)
    return K.Model([x1, x2, x3], [a, b, c, ch, cc, d, e], name=ctx.case)


@case("rnn_convlstm_cf")
def build_rnn_convlstm_cf(K, ctx):
    # channels_first: the generator's writers may not run it on CPU; then the case records a note.
    L = K.layers
    x = K.Input(shape=(3, 2, 6, 5), name="x")
    y = L.ConvLSTM2D(2, 3, padding="same", data_format="channels_first", return_sequences=True, name="clstm_cf")(x)
    z = L.ConvLSTM2D(3, 2, data_format="channels_first", name="clstm_cf_valid")(y)
    return K.Model(x, [y, z], name=ctx.case)


@case("rnn_td", batch=4, inputs={"video": padded_floats(0.0)})
def build_rnn_td(K, ctx):
    # TimeDistributed(nested CNN) -> Masking -> masked LSTM: all-zero frames give all-zero features (no
    # bias anywhere in the CNN), so Masking masks exactly the padded frames.
    L = K.layers
    TD = L.TimeDistributed
    cnn = K.Sequential([
        K.Input(shape=(6, 6, 1), name="frame"),
        L.Conv2D(3, 3, use_bias=False, activation="tanh", name="cnn_conv"),
        L.MaxPooling2D(2, name="cnn_pool"),
        L.Flatten(name="cnn_flat"),
    ], name="cnn")
    video = K.Input(shape=(6, 6, 6, 1), name="video")
    f = TD(cnn, name="td_cnn")(video)
    f = L.Masking(0.0, name="frame_mask")(f)
    y = L.LSTM(3, name="lstm_video")(f)
    ys = L.GRU(2, return_sequences=True, name="gru_video")(f)
    seq = K.Input(shape=(3, 4, 2), name="seq")
    s = TD(L.LSTM(3, return_sequences=True, name="inner_lstm"), name="td_lstm")(seq)
    s = TD(L.Bidirectional(L.GRU(2, name="inner_gru"), name="inner_bi"), name="td_bi")(s)
    s = L.LSTM(2, name="outer_lstm")(s)
    return K.Model([video, seq], [y, ys, s], name=ctx.case)


@case("rnn_td_families")
def build_rnn_td_families(K, ctx):
    # The other recurrent families around TimeDistributed: a generic RNN of stacked cells inside it,
    # ConvLSTM2D fed by TD(Conv2D), ConvLSTM1D inside it.
    L = K.layers
    TD = L.TimeDistributed
    s = K.Input(shape=(3, 4, 2), name="s")
    r = TD(L.RNN(L.StackedRNNCells([L.SimpleRNNCell(2, name="sc"), L.GRUCell(2, name="gc")]), name="inner_rnn"),
           name="td_rnn")(s)
    r = L.SimpleRNN(2, name="after_td")(r)
    v = K.Input(shape=(3, 5, 5, 1), name="v")
    c = TD(L.Conv2D(2, 3, padding="same", name="frame_conv"), name="td_conv")(v)
    c = L.ConvLSTM2D(2, 2, name="clstm_after_td")(c)
    w = K.Input(shape=(2, 3, 4, 1), name="w")
    d = TD(L.ConvLSTM1D(2, 2, name="inner_clstm"), name="td_clstm")(w)
    return K.Model([s, v, w], [r, c, d], name=ctx.case)


@case("mask_embedding", batch=5, inputs={"tokens": padded_tokens})
def build_mask_embedding(K, ctx):
    L = K.layers
    tokens = K.Input(shape=(6,), dtype="int32", name="tokens")
    e = L.Embedding(9, 3, mask_zero=True, name="embed")(tokens)
    a = L.LSTM(4, return_sequences=True, name="lstm_seq")(e)
    a = L.Dense(3, activation="tanh", name="dense_between")(a)
    b = L.GRU(3, return_sequences=True, go_backwards=True, name="gru_back")(a)
    last = L.SimpleRNN(3, name="srnn_last")(b)
    so, sh, sc = L.LSTM(3, return_state=True, name="lstm_state")(e)
    zo = L.LSTM(3, return_sequences=True, zero_output_for_mask=True, name="lstm_zero")(e)
    zl = L.GRU(2, zero_output_for_mask=True, reset_after=False, name="gru_zero_last")(e)
    un = L.GRU(2, return_sequences=True, unroll=True, name="gru_unroll")(e)
    ub = L.SimpleRNN(2, return_sequences=True, unroll=True, go_backwards=True, name="srnn_unroll_back")(e)
    bi = L.Bidirectional(L.LSTM(2, return_sequences=True, name="bl"), name="bi_seq")(e)
    bl = L.Bidirectional(L.GRU(2, name="bg"), merge_mode="sum", name="bi_last")(e)
    return K.Model(tokens, [a, b, last, so, sh, sc, zo, zl, un, ub, bi, bl], name=ctx.case)


@case("mask_masking", batch=5, inputs={"x": padded_floats(0.5)})
def build_mask_masking(K, ctx):
    L = K.layers
    x = K.Input(shape=(6, 3), name="x")
    m = L.Masking(mask_value=0.5, name="masking")(x)
    a = L.LSTM(3, return_sequences=True, name="lstm_m")(m)
    b = L.GRU(3, return_sequences=True, go_backwards=True, reset_after=False, name="gru_m")(m)
    c = L.SimpleRNN(2, name="srnn_m")(m)
    d = L.RNN([L.LSTMCell(2, name="c1"), L.SimpleRNNCell(2, name="c2")], return_sequences=True, name="stacked_m")(m)
    e = L.Bidirectional(L.GRU(2, return_sequences=True, name="g"), merge_mode="ave", name="bi_m")(m)
    f = L.LSTM(2, unroll=True, name="lstm_unroll_last")(m)
    return K.Model(x, [m, a, b, c, d, e, f], name=ctx.case)


@case("mask_explicit", batch=5, inputs={"m": mask_input})
def build_mask_explicit(K, ctx):
    # A mask passed as a call argument (a boolean model input).
    L = K.layers
    x = K.Input(shape=(6, 3), name="x")
    m = K.Input(shape=(6,), dtype="bool", name="m")
    a = L.LSTM(3, return_sequences=True, name="lstm_explicit")(x, mask=m)
    b = L.GRU(2, go_backwards=True, name="gru_explicit")(x, mask=m)
    return K.Model([x, m], [a, b], name=ctx.case)


@case("mask_td", batch=5, inputs={"x4": nested_floats, "t3": nested_tokens})
def build_mask_td(K, ctx):
    # x4 (batch, outer, inner, features): the padding pattern runs along `outer`. Masking gives a
    # (batch, outer, inner) mask; what TimeDistributed passes on differs between Keras 3 and tf.keras.
    L = K.layers
    TD = L.TimeDistributed
    x4 = K.Input(shape=(6, 3, 2), name="x4")
    m = L.Masking(0.0, name="mask4")(x4)
    h = TD(L.LSTM(3, name="td_inner_lstm"), name="td_lstm")(m)
    out_a = L.LSTM(2, return_sequences=True, name="outer_lstm")(h)
    d = TD(L.Dense(2, name="td_inner_dense"), name="td_dense")(m)
    out_b = TD(L.GRU(2, name="td_inner_gru"), name="td_gru")(d)
    t3 = K.Input(shape=(6, 4), dtype="int32", name="t3")
    e = L.Embedding(9, 2, mask_zero=True, name="embed3")(t3)
    out_c = TD(L.SimpleRNN(2, return_sequences=True, name="td_inner_srnn"), name="td_srnn")(e)
    out_d = L.GRU(2, name="outer_gru")(TD(L.LSTM(2, name="td_inner_lstm2"), name="td_lstm2")(e))
    return K.Model([x4, t3], [out_a, out_b, out_c, out_d], name=ctx.case)


@case("mask_td_embedding", batch=5, inputs={"t": nested_tokens})
def build_mask_td_embedding(K, ctx):
    # TimeDistributed(Embedding(mask_zero)): Keras 3 loses the inner mask, tf.keras keeps it.
    L = K.layers
    TD = L.TimeDistributed
    t = K.Input(shape=(6, 4), dtype="int32", name="t")
    e = TD(L.Embedding(9, 2, mask_zero=True, name="inner_embed"), name="td_embed")(t)
    y = TD(L.LSTM(2, name="inner_lstm"), name="td_lstm")(e)
    z = L.LSTM(2, return_sequences=True, name="outer_lstm")(y)
    return K.Model(t, [y, z], name=ctx.case)


@case("state_stateful", free_dim=6)
def build_state_stateful(K, ctx):
    L = K.layers
    # time left open (None) so that StreamingTest can feed chunks of any length, as a streaming model would
    x = K.Input(batch_shape=(2, None, 3), name="x")
    a = L.LSTM(4, stateful=True, return_sequences=True, name="lstm_stateful")(x)
    b = L.GRU(3, stateful=True, return_sequences=True, name="gru_stateful")(a)
    c = L.SimpleRNN(2, stateful=True, name="srnn_stateful")(b)
    return K.Model(x, [a, b, c], name=ctx.case)


@case("state_td", free_dim=6)
def build_state_td(K, ctx):
    # Streaming a model that contains TimeDistributed layers around a stateful LSTM.
    L = K.layers
    TD = L.TimeDistributed
    x = K.Input(batch_shape=(2, None, 3, 2), name="x")
    h = TD(L.Flatten(name="flat"), name="td_flat")(x)
    h = TD(L.Dense(4, activation="tanh", name="enc"), name="td_enc")(h)
    h = L.LSTM(3, stateful=True, return_sequences=True, name="lstm_stream")(h)
    y = TD(L.Dense(2, name="dec"), name="td_dec")(h)
    return K.Model(x, y, name=ctx.case)


_BACKEND_UNKNOWN = "depends on which Keras backend wrote the file"


@case("mask_initial_state", batch=5, inputs={"tokens": padded_tokens, "m": mask_input},
      refused={"keras3": {"keras": _BACKEND_UNKNOWN, "json": _BACKEND_UNKNOWN}})
def build_mask_initial_state(K, ctx):
    # initial_state with masks. Keras 3 fills in the implicit mask only for single-tensor calls, so with
    # initial_state the Embedding mask does not reach lstm_implicit (tf.keras applies it). With an explicit
    # mask, a row's steps before its first real one emit the initial h under JAX (the writer here, recorded
    # in the .h5) but zeros under TensorFlow: a .keras or .json file does not say which, so jkeras refuses.
    L = K.layers
    tokens = K.Input(shape=(6,), dtype="int32", name="tokens")
    x = K.Input(shape=(6, 3), name="x")
    m = K.Input(shape=(6,), dtype="bool", name="m")
    h0 = K.Input(shape=(3,), name="h0")
    c0 = K.Input(shape=(3,), name="c0")
    e = L.Embedding(9, 3, mask_zero=True, name="embed")(tokens)
    a = L.LSTM(3, return_sequences=True, name="lstm_implicit")(e, initial_state=[h0, c0])
    b = L.LSTM(3, return_sequences=True, name="lstm_explicit")(x, initial_state=[h0, c0], mask=m)
    c = L.GRU(3, name="gru_explicit_last")(x, initial_state=[h0], mask=m)
    return K.Model([tokens, x, m, h0, c0], [a, b, c], name=ctx.case)


@case("state_stream", batch=5, free_dim=6, inputs={"tokens": padded_tokens, "x": padded_floats(0.0)})
def build_state_stream(K, ctx):
    # A stateless model that StreamingTest also feeds chunk by chunk (forward layers only, masks included):
    # the chunks' outputs must equal these one-call outputs. Time is left open (None) for the chunks.
    L = K.layers
    tokens = K.Input(shape=(None,), dtype="int32", name="tokens")
    e = L.Embedding(9, 3, mask_zero=True, name="embed")(tokens)
    a = L.LSTM(4, return_sequences=True, name="lstm_seq")(e)
    a = L.GRU(3, return_sequences=True, reset_after=False, name="gru_seq")(a)
    last = L.SimpleRNN(2, name="srnn_last")(a)
    x = K.Input(shape=(None, 3), name="x")
    m = L.Masking(0.0, name="masking")(x)
    st = L.RNN([L.LSTMCell(3, name="c1"), L.GRUCell(2, name="c2")], return_sequences=True, name="stacked")(m)
    z = L.LSTM(2, zero_output_for_mask=True, return_sequences=True, name="lstm_zero")(m)
    u = L.GRU(2, return_sequences=True, name="gru_td")(L.TimeDistributed(L.Dense(2, name="d"), name="td")(m))
    frames = K.Input(shape=(None, 4, 4, 1), name="frames")
    c = L.ConvLSTM2D(2, 3, padding="same", return_sequences=True, name="convlstm")(frames)
    return K.Model([tokens, x, frames], [a, last, st, z, u, c], name=ctx.case)


def _cudnn_reference(K, model, arrays):
    """CuDNN layers cannot run on a CPU: tf_keras loads their saved weights into LSTM / GRU(reset_after)
    twins, converting them with its own CuDNN-to-canonical code, and runs those."""
    import os
    import tempfile
    L = K.layers
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "cudnn.h5")
        model.save_weights(path)
        x = K.Input(shape=(5, 3), name="x")
        a = L.LSTM(4, return_sequences=True, name="cudnn_lstm")(x)
        b, bh = L.GRU(3, go_backwards=True, return_state=True, reset_after=True, name="cudnn_gru")(x)
        c = L.Bidirectional(L.LSTM(2, name="bi_inner"), name="bi_cudnn")(a)
        twin = K.Model(x, [a, b, bh, c])
        twin.load_weights(path)
        return [np.asarray(y).astype("float32") for y in twin(arrays[0], training=False)]


@case("rnn_cudnn", writers=("tfkeras",), reference=_cudnn_reference)
def build_rnn_cudnn(K, ctx):
    # CuDNNLSTM / CuDNNGRU (Keras 2, tf.compat.v1): tanh/sigmoid LSTM and reset_after GRU whose kernels are
    # stored in cuDNN's order and whose biases come in input + recurrent halves.
    from tf_keras.src.layers.rnn.cudnn_gru import CuDNNGRU
    from tf_keras.src.layers.rnn.cudnn_lstm import CuDNNLSTM
    x = K.Input(shape=(5, 3), name="x")
    a = CuDNNLSTM(4, return_sequences=True, name="cudnn_lstm")(x)
    b, bh = CuDNNGRU(3, go_backwards=True, return_state=True, name="cudnn_gru")(x)
    c = K.layers.Bidirectional(CuDNNLSTM(2, name="bi_inner"), name="bi_cudnn")(a)
    return K.Model(x, [a, b, bh, c], name=ctx.case)


@case("state_bidirectional", free_dim=6, inputs={"x": padded_floats(0.0)})
def build_state_bidirectional(K, ctx):
    # stateful=True layers whose Keras behaviour between calls is not "one long sequence": a stateful
    # Bidirectional (the backward half restarts each chunk from the state the previous chunk's backward pass
    # left) and masked stateful layers. stateful_refs.py records Keras's chunk-by-chunk outputs for StreamingTest.
    L = K.layers
    x = K.Input(batch_shape=(2, None, 3), name="x")
    m = L.Masking(0.0, name="masking")(x)
    b = L.Bidirectional(L.LSTM(2, stateful=True, return_sequences=True, name="bl"), name="bi_stateful")(m)
    g = L.GRU(3, stateful=True, return_sequences=True, name="gru_stateful")(m)
    s = L.SimpleRNN(2, stateful=True, name="srnn_stateful_last")(m)
    return K.Model(x, [b, g, s], name=ctx.case)
