"""Cases of the attention issue: MultiHeadAttention, GroupQueryAttention, Attention, AdditiveAttention,
EinsumDense, Dot, TimeDistributed over multi-input layers, and small transformer encoders.

Masks come from Embedding(mask_zero=True) on int inputs (the generator zeroes every ~3rd position, so
some query rows are fully masked: the corner case where writers differ) or from explicit 0/1 int
attention_mask inputs.
"""

from . import case

KERAS3 = ("keras3",)
TFKERAS = ("tfkeras",)


def _embed(K, name, length, vocab, dim, mask=True):
    t = K.Input(shape=(length,), dtype="int32", name=name)
    e = K.layers.Embedding(vocab, dim, mask_zero=mask, name=name + "_emb")(t)
    return t, e


@case("mha_basic")
def build_mha_basic(K, ctx):
    # cross attention with S != T, value_dim != key_dim, odd head counts; key given or defaulting to
    # value; use_bias off; output_shape given; scores returned (explicit path in Keras 3).
    L = K.layers
    q = K.Input(shape=(4, 5), name="q")
    v = K.Input(shape=(3, 6), name="v")
    k = K.Input(shape=(3, 7), name="k")
    # value_dim != key_dim only with returned scores: Keras 3.15.1 (JAX) crashes on it in the fused path
    a, a_s = L.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4, name="mha_qv")(q, v, return_attention_scores=True)
    e = L.MultiHeadAttention(num_heads=3, key_dim=2, name="mha_fused")(q, v)
    b = L.MultiHeadAttention(num_heads=1, key_dim=3, use_bias=False, name="mha_nobias")(q, v, k)
    c, s = L.MultiHeadAttention(num_heads=2, key_dim=3, output_shape=(2, 3), name="mha_scores")(
        query=q, value=v, key=k, return_attention_scores=True)
    d = L.MultiHeadAttention(num_heads=5, key_dim=1, output_shape=7, name="mha_self")(v, v)
    return K.Model([q, v, k], [a, a_s, b, c, s, d, e], name="mha_basic")


@case("mha_masks", int_high={"tokens": 5, "other": 4, "am": 2})
def build_mha_masks(K, ctx):
    # padding masks from Keras masking (query and value), explicit attention_mask, causal mask; the
    # same attention with and without returned scores (Keras 3: fused vs explicit path).
    # Keras 3's MultiHeadAttention deletes the masks of its input tensors when it runs, so every
    # attention here gets its own call of the (shared) embeddings: the result does not depend on the
    # order in which Keras runs independent layers.
    L = K.layers
    t = K.Input(shape=(6,), dtype="int32", name="tokens")
    o = K.Input(shape=(4,), dtype="int32", name="other")
    am = K.Input(shape=(6, 4), dtype="int32", name="am")
    emb_t = L.Embedding(5, 5, mask_zero=True, name="tokens_emb")
    emb_o = L.Embedding(4, 5, mask_zero=True, name="other_emb")
    x = emb_t(t)
    self_att = L.MultiHeadAttention(num_heads=3, key_dim=2, name="mha_self")(x, x)
    # the residual: Keras 3 has deleted x's mask by now (the sum has none), tf.keras keeps it
    res = L.Add(name="res")([x, self_att])
    after = L.MultiHeadAttention(num_heads=2, key_dim=2, name="mha_after")(res, res)
    cross, cross_s = L.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2, name="mha_cross")(
        emb_t(t), emb_o(o), return_attention_scores=True)
    cross_fused = L.MultiHeadAttention(num_heads=2, key_dim=3, name="mha_cross_fused")(emb_t(t), emb_o(o))
    x2 = emb_t(t)
    causal = L.MultiHeadAttention(num_heads=3, key_dim=2, name="mha_causal")(x2, x2, use_causal_mask=True)
    x3 = emb_t(t)
    causal_s = L.MultiHeadAttention(num_heads=1, key_dim=4, name="mha_causal_s")(
        x3, x3, use_causal_mask=True, return_attention_scores=True)
    explicit = L.MultiHeadAttention(num_heads=2, key_dim=2, name="mha_am")(emb_t(t), emb_o(o), attention_mask=am)
    explicit_s = L.MultiHeadAttention(num_heads=2, key_dim=2, name="mha_am_s")(
        emb_t(t), emb_o(o), attention_mask=am, return_attention_scores=True)
    outs = [self_att, res, after, cross, cross_s, cross_fused, causal, causal_s[0], causal_s[1], explicit,
            explicit_s[0], explicit_s[1]]
    return K.Model([t, o, am], outs, name="mha_masks")


@case("mha_axes")
def build_mha_axes(K, ctx):
    # rank-4 inputs: attention over axis 2 only, over axes (1, 2) (softmax over two axes), default axes
    # (1, 2); rank-4 projections take the explicit path in Keras 3.
    L = K.layers
    x = K.Input(shape=(2, 3, 4), name="x")
    y = K.Input(shape=(2, 5, 3), name="y")
    a = L.MultiHeadAttention(num_heads=2, key_dim=3, attention_axes=(2,), name="mha_ax2")(x, y)
    b = L.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=3, attention_axes=(1, 2), name="mha_ax12")(x, x)
    c, s = L.MultiHeadAttention(num_heads=1, key_dim=2, name="mha_default")(x, x, return_attention_scores=True)
    return K.Model([x, y], [a, b, c, s], name="mha_axes")


@case("mha_gate_window", writers=KERAS3, int_high={"tokens": 4})
def build_mha_gate_window(K, ctx):
    # Keras 3 extras: use_gate (sigmoid gate on the query), sliding_window, both with masks and causal.
    # One embedding call per attention (Keras 3 MHA deletes its inputs' masks, see mha_masks).
    L = K.layers
    t = K.Input(shape=(7,), dtype="int32", name="tokens")
    emb = L.Embedding(4, 6, mask_zero=True, name="tokens_emb")
    xs = [emb(t) for _ in range(5)]
    a, a_s = L.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=3, use_gate=True, name="mha_gate")(
        xs[0], xs[0], return_attention_scores=True)
    e = L.MultiHeadAttention(num_heads=3, key_dim=2, use_gate=True, name="mha_gate_fused")(xs[1], xs[1])
    b = L.MultiHeadAttention(num_heads=2, key_dim=3, sliding_window=2, name="mha_window")(xs[2], xs[2])
    c, s = L.MultiHeadAttention(num_heads=2, key_dim=2, use_gate=True, use_bias=False, sliding_window=3,
                                name="mha_gate_window_causal")(xs[3], xs[3], use_causal_mask=True, return_attention_scores=True)
    d = L.MultiHeadAttention(num_heads=1, key_dim=2, name="mha_causal_only")(xs[4], xs[4], use_causal_mask=True)
    return K.Model(t, [a, a_s, b, c, s, d, e], name="mha_gate_window")


@case("mha_gqa", writers=KERAS3, int_high={"tokens": 5})
def build_mha_gqa(K, ctx):
    L = K.layers
    t, x = _embed(K, "tokens", 6, 5, 6)
    v = K.Input(shape=(4, 6), name="v")
    a = L.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2, name="gqa")(x, x)
    b, s = L.GroupQueryAttention(head_dim=2, num_query_heads=3, num_key_value_heads=1, use_bias=False, name="gqa_scores")(
        x, v, return_attention_scores=True)
    c = L.GroupQueryAttention(head_dim=2, num_query_heads=2, num_key_value_heads=2, use_gate=True, sliding_window=2,
                              name="gqa_gate")(x, x, use_causal_mask=True)
    d = L.GroupQueryAttention(head_dim=3, num_query_heads=6, num_key_value_heads=3, name="gqa_kw")(
        query=x, value=v, key=v)
    return K.Model([t, v], [a, b, s, c, d], name="mha_gqa")


@case("attn_dot", int_high={"tokens": 4, "vtokens": 4})
def build_attn_dot(K, ctx):
    L = K.layers
    q = K.Input(shape=(4, 3), name="q")
    v = K.Input(shape=(5, 2), name="v")
    k = K.Input(shape=(5, 3), name="k")
    t, x = _embed(K, "tokens", 5, 4, 3)
    u, y = _embed(K, "vtokens", 6, 4, 3)
    a = L.Attention(name="att_plain")([q, v, k])
    b, bs = L.Attention(use_scale=True, name="att_scale")([q, v, k], return_attention_scores=True)
    c = L.Attention(score_mode="concat", name="att_concat")([q, k])
    d = L.Attention(score_mode="concat", use_scale=True, name="att_concat_scale")([q, k, k])
    e, es = L.Attention(use_scale=True, name="att_masked")([x, y], return_attention_scores=True)
    f = L.Attention(name="att_causal")([x, x], use_causal_mask=True)
    g = L.Attention(score_mode="concat", name="att_causal_masked")([x, y], use_causal_mask=True)
    return K.Model([q, v, k, t, u], [a, b, bs, c, d, e, es, f, g], name="attn_dot")


@case("attn_additive", int_high={"tokens": 4, "vtokens": 4})
def build_attn_additive(K, ctx):
    L = K.layers
    q = K.Input(shape=(4, 3), name="q")
    v = K.Input(shape=(5, 3), name="v")  # tf.keras sizes the scale by the value features
    k = K.Input(shape=(5, 3), name="k")
    t, x = _embed(K, "tokens", 5, 4, 3)
    u, y = _embed(K, "vtokens", 6, 4, 3)
    a = L.AdditiveAttention(name="add_scale")([q, v, k])
    b, bs = L.AdditiveAttention(use_scale=False, name="add_noscale")([q, k], return_attention_scores=True)
    c = L.AdditiveAttention(name="add_masked")([x, y])
    d = L.AdditiveAttention(name="add_causal")([x, x], use_causal_mask=True)
    return K.Model([q, v, k, t, u], [a, b, bs, c, d], name="attn_additive")


@case("einsum_dense")
def build_einsum_dense(K, ctx):
    L = K.layers
    ED = getattr(L, "EinsumDense", None) or K.layers.experimental.EinsumDense
    x = K.Input(shape=(3, 4), name="x")
    z = K.Input(shape=(5,), name="z")
    outs = [
        ED("ab,bc->ac", output_shape=3, bias_axes="c", name="ed_dense")(z),
        ED("abc,cd->abd", output_shape=(None, 2), bias_axes="d", activation="relu", name="ed_seq")(x),
        ED("abc,cde->abde", output_shape=(None, 3, 2), bias_axes="de", name="ed_heads")(x),
        ED("abc,cde->abde", output_shape=(3, 2, 5), bias_axes="bd", name="ed_bias_bd")(x),
        ED("...b,bc->...c", output_shape=5, bias_axes="c", activation="tanh", name="ed_left")(x),
        ED("ab...,bc->ac...", output_shape=2, bias_axes="c", name="ed_right")(x),
        ED("abc,cd->ad", output_shape=3, name="ed_sum_b")(x),
        ED("abc,bcd->abd", output_shape=(3, 2), bias_axes="b", name="ed_batch_letter")(x),
        ED("abc,cb->ab", output_shape=3, name="ed_diag")(x),
    ]
    return K.Model([x, z], outs, name="einsum_dense")


@case("attn_dot_layer")
def build_attn_dot_layer(K, ctx):
    L = K.layers
    a = K.Input(shape=(4,), name="a")
    b = K.Input(shape=(4,), name="b")
    x = K.Input(shape=(3, 4), name="x")
    y = K.Input(shape=(5, 4), name="y")
    w = K.Input(shape=(4, 3), name="w")
    outs = [
        L.Dot(axes=1, name="dot_vec")([a, b]),
        L.Dot(axes=1, normalize=True, name="dot_cos")([a, b]),
        L.Dot(axes=(2, 2), name="dot_seq")([x, y]),
        L.Dot(axes=-1, normalize=True, name="dot_seq_norm")([x, y]),
        L.Dot(axes=(2, 1), name="dot_mat_vec")([x, b]),
        L.Dot(axes=(1, 2), name="dot_swapped")([w, x]),
        L.Dot(axes=(1, 2), name="dot_first")([x, w]),
    ]
    return K.Model([a, b, x, y, w], outs, name="attn_dot_layer")


@case("attn_td_multi", writers=TFKERAS)
def build_attn_td_multi(K, ctx):
    # tf.keras lets TimeDistributed wrap layers taking a list of inputs (Keras 3.15 refuses them).
    L = K.layers
    a = K.Input(shape=(3, 4, 5), name="a")
    b = K.Input(shape=(3, 2, 5), name="b")
    ia = K.Input(shape=(4, 5), name="ia")
    ib = K.Input(shape=(2, 5), name="ib")
    m = L.MultiHeadAttention(num_heads=2, key_dim=3, name="sub_mha")(ia, ib)
    sub = K.Model([ia, ib], L.Add(name="sub_add")([ia, m]), name="sub")
    outs = [
        L.TimeDistributed(L.Attention(use_scale=True, name="att"), name="td_att")([a, b]),
        L.TimeDistributed(L.Concatenate(axis=1, name="cat"), name="td_cat")([a, b]),
        L.TimeDistributed(sub, name="td_sub")([a, b]),
        L.TimeDistributed(L.Dot(axes=(2, 2), name="dot"), name="td_dot")([a, b]),
    ]
    return K.Model([a, b], outs, name="attn_td_multi")


def _encoder_block(K, x, name, heads, key_dim, ff, causal=False):
    """Post-norm transformer encoder block: MHA, residual Add, LayerNormalization, feed-forward."""
    L = K.layers
    d = x.shape[-1]
    a = L.MultiHeadAttention(num_heads=heads, key_dim=key_dim, name=name + "_mha")(x, x, use_causal_mask=causal)
    x = L.LayerNormalization(epsilon=1e-5, name=name + "_ln1")(L.Add(name=name + "_res1")([x, a]))
    f = L.Dense(ff, activation="relu", name=name + "_ff1")(x)
    f = L.Dense(d, name=name + "_ff2")(f)
    return L.LayerNormalization(name=name + "_ln2")(L.Add(name=name + "_res2")([x, f]))


def _classifier(K, ctx, causal, pos_mask, head):
    L = K.layers
    t = K.Input(shape=(6,), dtype="int32", name="tokens")
    p = K.Input(shape=(6,), dtype="int32", name="positions")
    x = L.Add(name="embed")([L.Embedding(7, 8, mask_zero=True, name="tok_emb")(t),
                             L.Embedding(6, 8, mask_zero=pos_mask, name="pos_emb")(p)])
    x = _encoder_block(K, x, "enc1", heads=3, key_dim=4, ff=12)
    x = _encoder_block(K, x, "enc2", heads=1, key_dim=5, ff=7, causal=causal)
    x = (L.GlobalAveragePooling1D(name="pool") if head == "gap" else L.Flatten(name="flat"))(x)
    y = L.Dense(3, name="head")(x)
    return K.Model([t, p], y, name=ctx.case)


# Token + position Embedding (position ids are the second input), two post-norm encoder blocks (the second
# with causal attention), pooling, Dense. Masks: tokens use mask_zero. tf.keras ANDs the masks into the embedding sum (the token mask
# reaches attention and the masked average); Keras 3 ORs them and drops the mask of a sum with an
# unmasked input, so there the model runs unmasked.
@case("tfm_encoder", int_high={"tokens": 7, "positions": 6})
def build_tfm_encoder(K, ctx):
    return _classifier(K, ctx, causal=True, pos_mask=False, head="gap")


# Keras 3 with masks reaching the attention: both embeddings mask_zero (their masks are ORed), Flatten
# head (a masked GlobalAveragePooling1D would make Keras 3 record the mask computation as raw ops).
# Keras 3's first attention deletes the mask of its input, so the residual sum and block 2 are unmasked.
@case("tfm_masked", int_high={"tokens": 7, "positions": 6})
def build_tfm_masked(K, ctx):
    return _classifier(K, ctx, causal=False, pos_mask=True, head="flatten")


# TimeDistributed(encoder submodel) over (batch, documents, tokens): each document encoded by the same
# submodel (token Embedding with mask_zero, one encoder block, Flatten), then averaged over documents.
@case("tfm_td_docs", int_high={"docs": 6})
def build_tfm_td_docs(K, ctx):
    L = K.layers
    tok = K.Input(shape=(5,), dtype="int32", name="doc_tokens")
    x = L.Embedding(6, 6, mask_zero=True, name="doc_emb")(tok)
    x = _encoder_block(K, x, "doc_enc", heads=2, key_dim=3, ff=5)
    doc_encoder = K.Model(tok, L.Flatten(name="doc_flat")(x), name="doc_encoder")
    docs = K.Input(shape=(3, 5), dtype="int32", name="docs")
    h = L.TimeDistributed(doc_encoder, name="td_docs")(docs)
    h = L.GlobalAveragePooling1D(name="over_docs")(h)
    y = L.Dense(2, name="head")(h)
    return K.Model(docs, y, name="tfm_td_docs")
