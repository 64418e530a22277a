"""Raw Keras 3 op nodes in functional graphs. Keras 3 writes the mask computations of mask-producing
layers (Embedding mask_zero, Masking, merge layers) as op nodes (NotEqual, Any, ExpandDims, ZerosLike,
LogicalOr, ops Concatenate) and hands the result to mask-consuming layers as an explicit `mask=`
argument; tf.keras keeps masks implicit. Both writers, same models."""

from . import case


def _inputs(arrays):
    arrays["tok"][1, :] = [3, 0, 0, 2, 0]   # padding at the start, middle and end
    arrays["tok2"][0, :] = [0, 4, 0, 0, 1]


@case("ops_mask_nodes", int_high={"tok": 6, "tok2": 6}, edit_inputs=_inputs)
def build_ops_mask_nodes(K, ctx):
    L = K.layers
    tok = K.Input(shape=(5,), dtype="int32", name="tok")
    tok2 = K.Input(shape=(5,), dtype="int32", name="tok2")
    seq = K.Input(shape=(5, 3), name="seq")
    e = L.Embedding(6, 3, mask_zero=True, name="emb")(tok)
    e2 = L.Embedding(6, 3, mask_zero=True, name="emb2")(tok2)
    cat = L.Concatenate(name="cat")([e, seq])        # a masked and an unmasked input
    add = L.Add(name="add")([e, e2])                 # two masks, OR-ed
    p1 = L.GlobalAveragePooling1D(name="gap_cat")(cat)
    p2 = L.GlobalAveragePooling1D(name="gap_add")(add)
    p3 = L.GlobalAveragePooling1D(name="gap_emb")(L.Dense(4, name="dense_on_masked")(e))
    y = L.Dense(2, name="head")(L.Concatenate(name="cat_out")([p1, p2, p3]))
    return K.Model([tok, tok2, seq], y, name=ctx.case)


@case("ops_elementwise", writers=("keras3",))
def build_ops_elementwise(K, ctx):
    # Every raw op jkeras registers, called directly through keras.ops on symbolic tensors.
    L, o = K.layers, K.ops
    a = K.Input(shape=(3, 4), name="a")
    b = K.Input(shape=(1, 4), name="b")          # broadcasts against a
    ha = L.Dense(4, name="da")(a)
    outs = [
        o.add(ha, b), o.subtract(ha, 0.5), o.multiply(ha, b), o.true_divide(ha, 2.0), o.divide(b, 4.0),
        o.maximum(ha, b), o.minimum(ha, 0.25),
        o.cast(o.equal(o.greater(ha, 0.0), o.less(b, 0.5)), "float32"),
        o.cast(o.greater_equal(ha, b), "float32"), o.cast(o.less_equal(ha, -0.1), "float32"),
        o.cast(o.logical_and(o.greater(ha, 0.0), o.less(ha, 1.0)), "float32"),
        o.cast(o.logical_xor(o.greater(ha, 0.0), o.greater(b, 0.0)), "float32"),
        o.cast(o.logical_not(o.greater(ha, 0.0)), "float32"),
        o.sum(ha, axis=1), o.mean(ha, axis=-1, keepdims=True), o.max(ha, axis=[1, 2]), o.min(ha, axis=1),
        o.cast(o.all(o.greater(ha, -1.0), axis=2), "float32"),
        o.squeeze(o.expand_dims(o.sum(ha, axis=2), axis=1), axis=1),
    ]
    return K.Model([a, b], outs, name=ctx.case)


def _padded_tokens(arrays):
    arrays["tok"][0, :] = [4, 2, 0, 0, 0, 0]     # padding at the end
    arrays["tok"][1, :] = [0, 0, 3, 1, 5, 0]     # at the start and the end


@case("ops_masked_encoder", int_high={"tok": 7}, edit_inputs=_padded_tokens)
def build_ops_masked_encoder(K, ctx):
    # A padding mask from Embedding(mask_zero) through self-attention, a residual, LayerNormalization and a
    # masked GlobalAveragePooling1D: Keras 3 writes the pooling's mask as raw op nodes.
    L = K.layers
    tok = K.Input(shape=(6,), dtype="int32", name="tok")
    e = L.Embedding(7, 8, mask_zero=True, name="emb")(tok)
    a = L.MultiHeadAttention(num_heads=3, key_dim=3, name="mha")(e, e)
    h = L.LayerNormalization(name="ln")(L.Add(name="res")([e, a]))
    p = L.GlobalAveragePooling1D(name="gap")(h)
    return K.Model(tok, L.Dense(2, name="head")(p), name=ctx.case)
