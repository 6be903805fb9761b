"""Tests for dlspec.transformer: feed-forward, encoder and decoder layers, the whole model (Course 5, Week 4).

Oracles: numbers worked by hand; plain loops over examples and positions for the
feed-forward network and the cost; layers rebuilt here from the per-head multi-head
attention (dlspec.self_attention's readable oracle) and a layer norm written out with
mean and variance; the package's gradient checker for every input and parameter, on odd
shapes (m = 1, T = 1, T_x != T_y, d_model = 6 with 2 or 3 heads); and properties:
causality (a future target token changes no earlier output), padding (more padding changes
nothing), greedy decoding equals the argmax of the teacher-forced pass on its own output.
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward, check_gradients, numerical_gradient, relative_error
from dlspec.self_attention import init_multi_head_attention, multi_head_attention_forward_naive
from dlspec.transformer import (
    attention_maps,
    decoder_layer_backward,
    decoder_layer_forward,
    encoder_layer_backward,
    encoder_layer_forward,
    feed_forward_backward,
    feed_forward_forward,
    init_transformer,
    sequence_cross_entropy,
    sequence_cross_entropy_backward,
    transformer_backward,
    transformer_forward,
    transformer_greedy_decode,
)

#: (m, T_x, T_y, d_model, n_heads): m = 1, T = 1, T_x != T_y, d_model not a multiple of 8.
SHAPES = [(2, 3, 4, 6, 2), (1, 1, 1, 6, 3), (3, 4, 1, 6, 3), (1, 3, 5, 4, 1), (2, 5, 3, 6, 6)]
IDS = [f"m{s[0]}-Tx{s[1]}-Ty{s[2]}-d{s[3]}-h{s[4]}" for s in SHAPES]
#: The key bias adds the same number to every score of a query, which the softmax ignores:
#: its gradient is exactly 0, so only an absolute bound makes sense for it.
ZERO_GRADIENT = ("bk",)


def random_ffn(rng, d_model, d_ff):
    return {"W1": rng.standard_normal((d_model, d_ff)), "b1": 0.5 * rng.standard_normal(d_ff),
            "W2": rng.standard_normal((d_ff, d_model)), "b2": 0.5 * rng.standard_normal(d_model)}


def random_layer_norm(rng, d_model):
    return {"gamma": 1.0 + 0.3 * rng.standard_normal(d_model), "beta": 0.3 * rng.standard_normal(d_model)}


def random_mha(rng, d_model):
    """Biases not 0, and queries and keys twice as large as initialised: the softmax is not flat,
    so the gradients of Wq and Wk are not tiny beside the cost (finite differences need that)."""
    params = init_multi_head_attention(d_model, rng=rng)
    return {k: v + 0.2 * rng.standard_normal(v.shape) if k.startswith("b") else
            2.0 * v if k in ("Wq", "Wk") else v for k, v in params.items()}


def random_layer(rng, d_model, decoder=False, d_ff=5):
    """A layer's flat params with non-trivial biases and layer-norm gains."""
    subs = (["self_attn", "norm1", "cross_attn", "norm2", "ffn", "norm3"] if decoder
            else ["attn", "norm1", "ffn", "norm2"])
    params = {}
    for sub in subs:
        block = (random_ffn(rng, d_model, d_ff) if sub == "ffn" else
                 random_layer_norm(rng, d_model) if sub.startswith("norm") else random_mha(rng, d_model))
        params.update({f"{sub}.{k}": v for k, v in block.items()})
    return params


def sub(params, prefix):
    return {k[len(prefix) + 1:]: v for k, v in params.items() if k.startswith(prefix + ".")}


def plain_layer_norm(x, p, eps=1e-6):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return p["gamma"] * (x - mu) / np.sqrt(var + eps) + p["beta"]


def plain_ffn(x, p):
    """One position at a time, as the name "position-wise" says."""
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        for t in range(x.shape[1]):
            out[i, t] = np.maximum(x[i, t] @ p["W1"] + p["b1"], 0.0) @ p["W2"] + p["b2"]
    return out


def assert_gradients_close(grads, numeric, where=""):
    for name, value in numeric.items():
        if name.rsplit(".", 1)[-1] in ZERO_GRADIENT:
            assert np.abs(grads[f"d{name}"]).max() < 1e-12, (where, name)
        else:
            assert relative_error(grads[f"d{name}"], value) < 1e-7, (where, name)


def numerical_gradients(loss, params):
    return {name: numerical_gradient(loss, value) for name, value in params.items()}


# --- feed-forward network -----------------------------------------------------------------------


def test_feed_forward_by_hand():
    # z = x W1 + b1 = [1 - 2, 1 + 2 - 1] = [-1, 2] -> relu [0, 2] -> 2 * [3, -1] + [0.5, 0.5]
    p = {"W1": np.array([[1.0, 1.0], [1.0, -1.0]]), "b1": np.array([0.0, -1.0]),
         "W2": np.array([[7.0, 7.0], [3.0, -1.0]]), "b2": np.array([0.5, 0.5])}
    out, cache = feed_forward_forward(np.array([[[1.0, -2.0]]]), p)
    np.testing.assert_array_equal(out, [[[6.5, -1.5]]])
    dx, grads = feed_forward_backward(np.array([[[1.0, 0.0]]]), cache)
    # dh = [7, 3], dz = [0, 3] (the first unit is off), dx = dz W1^T = [3, -3]
    np.testing.assert_array_equal(dx, [[[3.0, -3.0]]])
    np.testing.assert_array_equal(grads["dW2"], [[0.0, 0.0], [2.0, 0.0]])
    np.testing.assert_array_equal(grads["db1"], [0.0, 3.0])


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_feed_forward_acts_on_each_position_alone(shape, rng):
    m, _, T, d_model, _ = shape
    x, p = rng.standard_normal((m, T, d_model)), random_ffn(rng, d_model, 7)
    out, _ = feed_forward_forward(x, p)
    np.testing.assert_allclose(out, plain_ffn(x, p), rtol=1e-12, atol=1e-13, strict=True)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_feed_forward_gradient_check(shape, rng):
    m, _, T, d_model, _ = shape
    x, p = rng.standard_normal((m, T, d_model)), random_ffn(rng, d_model, 7)
    errors = check_backward(feed_forward_forward, feed_forward_backward, x, p, rng=rng, m=m)
    assert max(errors.values()) < 1e-7, errors


# --- encoder layer ------------------------------------------------------------------------------


def random_padding_mask(rng, m, T):
    """(m, 1, T) keeping the first two keys (one key alone would give the queries a gradient of
    exactly 0, which relative errors cannot check) and some of the others."""
    mask = rng.random((m, 1, T)) < 0.6
    mask[:, :, :2] = True
    return mask.astype(np.float64)


def plain_encoder_layer(x, p, n_heads, mask):
    a, _, _ = multi_head_attention_forward_naive(x, x, sub(p, "attn"), n_heads=n_heads, mask=mask)
    h = plain_layer_norm(x + a, sub(p, "norm1"))
    return plain_layer_norm(h + plain_ffn(h, sub(p, "ffn")), sub(p, "norm2"))


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_encoder_layer_equals_its_sublayers_written_out(shape, rng):
    m, T, _, d_model, n_heads = shape
    x, p, mask = rng.standard_normal((m, T, d_model)), random_layer(rng, d_model), random_padding_mask(rng, m, T)
    out, cache = encoder_layer_forward(x, p, n_heads=n_heads, mask=mask)
    np.testing.assert_allclose(out, plain_encoder_layer(x, p, n_heads, mask), rtol=1e-10, atol=1e-12, strict=True)
    assert cache["weights"].shape == (m, n_heads, T, T)
    np.testing.assert_array_equal(cache["weights"] * (1 - mask[:, None]), 0.0)  # masked keys get nothing


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_encoder_layer_gradient_check(shape, rng):
    m, T, _, d_model, n_heads = shape
    x, p, mask = rng.standard_normal((m, T, d_model)), random_layer(rng, d_model), random_padding_mask(rng, m, T)
    out, cache = encoder_layer_forward(x, p, n_heads=n_heads, mask=mask)
    G = rng.standard_normal(out.shape)
    dx, grads = encoder_layer_backward(G, cache)

    def loss():
        return np.sum(encoder_layer_forward(x, p, n_heads=n_heads, mask=mask)[0] * G)

    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-7
    assert sorted(grads) == sorted(f"d{k}" for k in p)
    assert_gradients_close({k: m * v for k, v in grads.items()}, numerical_gradients(loss, p))


# --- decoder layer ------------------------------------------------------------------------------


def causal(T):
    return np.tril(np.ones((1, T, T)))


def plain_decoder_layer(y, e, p, n_heads, look_ahead, padding):
    a1, _, _ = multi_head_attention_forward_naive(y, y, sub(p, "self_attn"), n_heads=n_heads, mask=look_ahead)
    h1 = plain_layer_norm(y + a1, sub(p, "norm1"))
    a2, _, _ = multi_head_attention_forward_naive(h1, e, sub(p, "cross_attn"), n_heads=n_heads, mask=padding)
    h2 = plain_layer_norm(h1 + a2, sub(p, "norm2"))
    return plain_layer_norm(h2 + plain_ffn(h2, sub(p, "ffn")), sub(p, "norm3"))


def random_decoder(rng, m, T_x, T_y, d_model):
    return (rng.standard_normal((m, T_y, d_model)), rng.standard_normal((m, T_x, d_model)),
            random_layer(rng, d_model, decoder=True), random_padding_mask(rng, m, T_x))


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_decoder_layer_equals_its_sublayers_written_out(shape, rng):
    m, T_x, T_y, d_model, n_heads = shape
    y, e, p, pad = random_decoder(rng, m, T_x, T_y, d_model)
    out, cache = decoder_layer_forward(y, e, p, n_heads=n_heads, look_ahead_mask=causal(T_y), padding_mask=pad)
    expected = plain_decoder_layer(y, e, p, n_heads, causal(T_y), pad)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12, strict=True)
    assert cache["self_weights"].shape == (m, n_heads, T_y, T_y)
    assert cache["cross_weights"].shape == (m, n_heads, T_y, T_x)
    np.testing.assert_array_equal(np.triu(cache["self_weights"], k=1), 0.0)  # no weight on the future


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_decoder_layer_gradient_check(shape, rng):
    m, T_x, T_y, d_model, n_heads = shape
    y, e, p, pad = random_decoder(rng, m, T_x, T_y, d_model)
    kwargs = {"n_heads": n_heads, "look_ahead_mask": causal(T_y), "padding_mask": pad}
    out, cache = decoder_layer_forward(y, e, p, **kwargs)
    G = rng.standard_normal(out.shape)
    dy, de, grads = decoder_layer_backward(G, cache)

    def loss():
        return np.sum(decoder_layer_forward(y, e, p, **kwargs)[0] * G)

    assert relative_error(dy, numerical_gradient(loss, y)) < 1e-7
    assert relative_error(de, numerical_gradient(loss, e)) < 1e-7
    assert sorted(grads) == sorted(f"d{k}" for k in p)
    assert_gradients_close({k: m * v for k, v in grads.items()}, numerical_gradients(loss, p))


def test_decoder_layer_gradient_check_with_check_backward(rng):
    # The package's checker, driving y (enc_out fixed) through the block convention.
    y, e, p, pad = random_decoder(rng, 2, 3, 4, 6)
    p = {k: v for k, v in p.items() if not k.endswith(".bk")}  # bk: gradient exactly 0, see above
    bk = {f"{s}.bk": np.zeros(6) for s in ("self_attn", "cross_attn")}

    def forward(v, q):
        return decoder_layer_forward(v, e, {**q, **bk}, n_heads=3, look_ahead_mask=causal(4), padding_mask=pad)

    def backward(d, cache):
        dy, _, grads = decoder_layer_backward(d, cache)
        return dy, grads

    errors = check_backward(forward, backward, y, p, rng=rng, m=2)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("t", [0, 2, 4])
def test_a_future_input_changes_no_earlier_decoder_output(t, rng):
    y, e, p, pad = random_decoder(rng, 2, 3, 5, 6)
    before, _ = decoder_layer_forward(y, e, p, n_heads=2, look_ahead_mask=causal(5), padding_mask=pad)
    y2 = y.copy()
    y2[:, t] += rng.standard_normal((2, 6))
    after, _ = decoder_layer_forward(y2, e, p, n_heads=2, look_ahead_mask=causal(5), padding_mask=pad)
    np.testing.assert_allclose(after[:, :t], before[:, :t], rtol=1e-13, atol=1e-14)
    assert np.all(np.abs(after[:, t] - before[:, t]) > 1e-6)
    unmasked = decoder_layer_forward(y2, e, p, n_heads=2, look_ahead_mask=None, padding_mask=pad)[0]
    unmasked_before = decoder_layer_forward(y, e, p, n_heads=2, look_ahead_mask=None, padding_mask=pad)[0]
    if t > 0:  # without the mask, the past sees the change
        assert np.all(np.abs(unmasked[:, :t] - unmasked_before[:, :t]) > 1e-9)


# --- the whole model ----------------------------------------------------------------------------


def random_transformer(rng, d_model=6, n_layers=1, V_src=7, V_tgt=5, d_ff=5):
    """init_transformer's parameters with biases and gains not 0 and 1, queries and keys larger
    (as random_mha), so that every gradient is checked where it matters."""
    params = init_transformer(V_src, V_tgt, d_model=d_model, d_ff=d_ff, n_layers=n_layers, rng=rng)
    for k, v in params.items():
        name = k.rsplit(".", 1)[-1]
        if name in ("gamma", "beta", "b1", "b2", "bq", "bv", "bo", "b_out"):
            params[k] = v + 0.2 * rng.standard_normal(v.shape)
        elif name in ("Wq", "Wk"):
            params[k] = 2.0 * v
    return params


def test_init_transformer_shapes_names_and_seed():
    params = init_transformer(7, 5, d_model=6, d_ff=9, n_layers=2, rng=np.random.default_rng(0))
    again = init_transformer(7, 5, d_model=6, d_ff=9, n_layers=2, rng=np.random.default_rng(0))
    assert list(params) == list(again)
    for k in params:
        np.testing.assert_array_equal(params[k], again[k])
    assert params["E_src"].shape == (6, 7) and params["E_tgt"].shape == (6, 5)
    assert params["W_out"].shape == (6, 5) and params["b_out"].shape == (5,)
    assert params["enc1.ffn.W1"].shape == (6, 9) and params["dec1.ffn.W2"].shape == (9, 6)
    assert params["dec0.cross_attn.Wq"].shape == (6, 6) and params["dec1.norm3.gamma"].shape == (6,)
    # per layer: 8 attention arrays per attention, 2 per layer norm, 4 for the feed-forward network
    assert len(params) == 4 + 2 * (8 + 2 + 4 + 2) + 2 * (2 * 8 + 3 * 2 + 4)
    np.testing.assert_array_equal(params["enc0.norm2.gamma"], np.ones(6))
    f32 = init_transformer(7, 5, d_model=6, d_ff=9, n_layers=1, rng=np.random.default_rng(0), dtype=np.float32)
    assert all(v.dtype == np.float32 for v in f32.values())


#: (m, T_x, T_y, d_model, n_heads, n_layers) for the whole model. Through two post-norm layers
#: the gradients of the first attention's queries get small beside the cost, and one head of
#: width 4 makes them smaller still: finite differences then lose the digits a relative error
#: of 1e-7 needs, so width 4 and the one-head case are checked in the layer tests above.
MODEL_SHAPES = [(2, 3, 4, 6, 2, 1), (1, 1, 1, 6, 3, 2), (3, 4, 1, 6, 3, 1), (1, 3, 5, 6, 2, 2), (2, 5, 3, 6, 6, 1)]


@pytest.mark.parametrize("shape", MODEL_SHAPES, ids=[f"m{s[0]}-Tx{s[1]}-Ty{s[2]}-d{s[3]}-h{s[4]}-N{s[5]}"
                                                     for s in MODEL_SHAPES])
def test_transformer_gradient_check(shape, rng):
    m, T_x, T_y, d_model, n_heads, n_layers = shape
    params = random_transformer(rng, d_model, n_layers=n_layers)
    src = rng.integers(1, 7, (m, T_x))
    tgt_in, tgt_out = rng.integers(1, 5, (m, T_y)), rng.integers(0, 5, (m, T_y))
    src[-1, -1] = 0  # one padding token in the source (pad_id 0)
    tgt_out[0, -1] = 0  # and one in the targets: it adds nothing to the cost

    def cost():
        return sequence_cross_entropy(transformer_forward(src, tgt_in, params, n_heads=n_heads, pad_id=0)[0],
                                      tgt_out, pad_id=0)

    logits, cache = transformer_forward(src, tgt_in, params, n_heads=n_heads, pad_id=0)
    grads = transformer_backward(sequence_cross_entropy_backward(logits, tgt_out, pad_id=0), cache)
    assert sorted(grads) == sorted(f"d{k}" for k in params)
    assert_gradients_close(grads, numerical_gradients(cost, params), shape)
    assert check_gradients(cost, {k: params[k] for k in ("E_src", "E_tgt", "W_out")}, grads) < 1e-7


def test_the_embeddings_are_scaled_by_the_square_root_of_d_model(rng):
    # A single target token, no attention to the future: E_tgt's column enters as sqrt(d) e + PE.
    params = random_transformer(rng, d_model=4)
    src, tgt = np.array([[1, 2]]), np.array([[3]])
    logits, _ = transformer_forward(src, tgt, params, n_heads=2)
    shifted = dict(params)
    shifted["E_tgt"] = params["E_tgt"].copy()
    shifted["E_tgt"][:, 3] *= 2.0  # sqrt(d) * 2e + PE = 2 (sqrt(d) e + PE) - PE
    out2, _ = transformer_forward(src, tgt, shifted, n_heads=2)
    assert not np.allclose(logits, out2)
    # check the input of the first decoder layer directly, through the cache
    _, cache = transformer_forward(src, tgt, params, n_heads=2)
    y0 = cache["dec"][0]["self_attn"]["x_q"]
    pe = np.array([math.sin(0.0), math.cos(0.0), math.sin(0.0), math.cos(0.0)])
    np.testing.assert_allclose(y0[0, 0], 2.0 * params["E_tgt"][:, 3] + pe, rtol=1e-14)


@pytest.mark.parametrize("t", [0, 1, 3])
def test_a_future_target_token_changes_no_earlier_logits(t, rng):
    params = random_transformer(rng, n_layers=2)
    src, tgt = rng.integers(1, 7, (3, 4)), rng.integers(1, 5, (3, 5))
    changed = tgt.copy()
    changed[:, t] = (tgt[:, t] % 4) + 1  # another word, never padding
    for look_ahead in (True, False):
        before, _ = transformer_forward(src, tgt, params, n_heads=3, pad_id=0, look_ahead=look_ahead)
        after, _ = transformer_forward(src, changed, params, n_heads=3, pad_id=0, look_ahead=look_ahead)
        assert np.all(np.abs(after[:, t] - before[:, t]).max(axis=-1) > 1e-6)
        if look_ahead:
            np.testing.assert_allclose(after[:, :t], before[:, :t], rtol=1e-12, atol=1e-13)
        elif t > 0:
            assert np.all(np.abs(after[:, :t] - before[:, :t]).max(axis=-1) > 1e-9)


def test_more_source_padding_changes_nothing_when_it_is_masked(rng):
    params = random_transformer(rng, n_layers=2)
    src, tgt = np.array([[3, 1, 4, 0], [5, 2, 0, 0]]), rng.integers(1, 5, (2, 3))
    longer = np.concatenate([src, np.zeros((2, 3), dtype=int)], axis=1)  # three more padding tokens
    short, cache = transformer_forward(src, tgt, params, n_heads=2, pad_id=0)
    long_, long_cache = transformer_forward(longer, tgt, params, n_heads=2, pad_id=0)
    np.testing.assert_allclose(long_, short, rtol=1e-12, atol=1e-13)
    cross = attention_maps(long_cache)["decoder_cross"][0]  # (m, h, T_y, T_x)
    np.testing.assert_array_equal(cross[0, :, :, 3:], 0.0)
    np.testing.assert_array_equal(cross[1, :, :, 2:], 0.0)
    np.testing.assert_allclose(cross.sum(axis=-1), 1.0, rtol=1e-14)
    unmasked, _ = transformer_forward(longer, tgt, params, n_heads=2)  # padding read as a word
    assert np.abs(unmasked - short).max() > 1e-3


def test_target_padding_is_hidden_from_the_decoder(rng):
    # A padding token of the decoder's input is masked as a key: changing a padded position's
    # embedding leaves the other positions' logits unchanged, even the later ones.
    params = random_transformer(rng)
    src, tgt = rng.integers(1, 7, (1, 3)), np.array([[2, 0, 3, 4]])
    before, _ = transformer_forward(src, tgt, params, n_heads=2, pad_id=0)
    params["E_tgt"][:, 0] += 1.0
    after, _ = transformer_forward(src, tgt, params, n_heads=2, pad_id=0)
    np.testing.assert_allclose(after[:, [0, 2, 3]], before[:, [0, 2, 3]], rtol=1e-12, atol=1e-13)


def test_attention_maps_shapes(rng):
    params = random_transformer(rng, n_layers=2)
    _, cache = transformer_forward(rng.integers(0, 7, (2, 3)), rng.integers(0, 5, (2, 4)), params, n_heads=3)
    maps = attention_maps(cache)
    assert [a.shape for a in maps["encoder"]] == [(2, 3, 3, 3)] * 2
    assert [a.shape for a in maps["decoder_self"]] == [(2, 3, 4, 4)] * 2
    assert [a.shape for a in maps["decoder_cross"]] == [(2, 3, 4, 3)] * 2


def test_greedy_decoding_feeds_back_its_own_argmax(rng):
    params = random_transformer(rng, n_layers=2)
    src = rng.integers(1, 7, (4, 3))
    tokens = transformer_greedy_decode(src, params, n_heads=2, start_id=1, max_length=5)
    assert tokens.shape == (4, 5) and tokens.dtype == np.int64
    # teacher forcing on its own output gives back the same words at every position
    decoder_in = np.concatenate([np.ones((4, 1), dtype=int), tokens[:, :-1]], axis=1)
    logits, _ = transformer_forward(src, decoder_in, params, n_heads=2)
    np.testing.assert_array_equal(logits.argmax(axis=-1), tokens)


def test_greedy_decoding_stops_at_the_end_token(rng):
    params = random_transformer(rng, V_tgt=5)
    params["b_out"] = np.array([0.0, 0.0, 0.0, 0.0, 100.0])  # word 4 wins everywhere
    tokens = transformer_greedy_decode(rng.integers(1, 7, (2, 3)), params, n_heads=2, start_id=1,
                                       max_length=6, end_id=4)
    np.testing.assert_array_equal(tokens, [[4], [4]])


# --- the cost -----------------------------------------------------------------------------------


def test_sequence_cross_entropy_against_plain_loops(rng):
    logits, targets = rng.standard_normal((3, 4, 5)), rng.integers(0, 5, (3, 4))
    targets[1, 2] = 0
    total = 0.0
    for i in range(3):
        for t in range(4):
            if targets[i, t] != 0:
                z = logits[i, t]
                total -= z[targets[i, t]] - math.log(sum(math.exp(v) for v in z))
    assert sequence_cross_entropy(logits, targets, pad_id=0) == pytest.approx(total / 3, rel=1e-13)
    dlogits = sequence_cross_entropy_backward(logits, targets, pad_id=0)
    numeric = numerical_gradient(lambda: sequence_cross_entropy(logits, targets, pad_id=0), logits)
    assert relative_error(dlogits / 3, numeric) < 1e-7  # dlogits per example: no 1/m
    np.testing.assert_array_equal(dlogits[targets == 0], 0.0)


def test_sequence_cross_entropy_by_hand_and_at_large_logits():
    # two equal logits: log 2 per position
    assert sequence_cross_entropy(np.zeros((1, 3, 2)), np.array([[0, 1, 0]])) == pytest.approx(3 * math.log(2))
    z = np.array([[[1000.0, -1000.0, 0.0]]])
    assert sequence_cross_entropy(z, np.array([[1]])) == pytest.approx(2000.0)
    np.testing.assert_allclose(sequence_cross_entropy_backward(z, np.array([[1]])), [[[1.0, -1.0, 0.0]]], atol=1e-300)


# --- float32 ------------------------------------------------------------------------------------


def test_float32_stays_float32(rng):
    params = {k: v.astype(np.float32) for k, v in random_transformer(rng, n_layers=2).items()}
    src, tgt = rng.integers(0, 7, (2, 3)), rng.integers(0, 5, (2, 4))
    logits, cache = transformer_forward(src, tgt, params, n_heads=3, pad_id=0)
    assert logits.dtype == np.float32
    dlogits = sequence_cross_entropy_backward(logits, tgt, pad_id=0)
    assert dlogits.dtype == np.float32
    grads = transformer_backward(dlogits, cache)
    assert all(g.dtype == np.float32 for g in grads.values()), {k: g.dtype for k, g in grads.items()}
    reference, _ = transformer_forward(src, tgt, {k: v.astype(np.float64) for k, v in params.items()},
                                       n_heads=3, pad_id=0)
    np.testing.assert_allclose(logits, reference, rtol=1e-4, atol=1e-4)
    x32 = rng.standard_normal((2, 3, 6)).astype(np.float32)
    layer = {k: v.astype(np.float32) for k, v in random_layer(rng, 6).items()}
    out, cache = encoder_layer_forward(x32, layer, n_heads=2)
    dx, grads = encoder_layer_backward(np.ones_like(out), cache)
    assert out.dtype == dx.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
    dec = {k: v.astype(np.float32) for k, v in random_layer(rng, 6, decoder=True).items()}
    out, cache = decoder_layer_forward(x32, x32[:, :2], dec, n_heads=3, look_ahead_mask=causal(3))
    dy, de, grads = decoder_layer_backward(np.ones_like(out), cache)
    assert out.dtype == dy.dtype == de.dtype == np.float32
    ffn32 = {k: v.astype(np.float32) for k, v in random_ffn(rng, 6, 4).items()}
    out, cache = feed_forward_forward(x32, ffn32)
    assert out.dtype == feed_forward_backward(out, cache)[0].dtype == np.float32


# --- bad input ----------------------------------------------------------------------------------


def test_bad_input_is_refused_naming_the_argument(rng):
    x, layer = rng.standard_normal((2, 3, 6)), random_layer(rng, 6)
    with pytest.raises(ValueError, match=r"x must have shape \(m, T, d_model\)"):
        encoder_layer_forward(x[0], layer, n_heads=2)
    with pytest.raises(ValueError, match=r"d_model = 6 must be a multiple of n_heads, got n_heads = 4"):
        encoder_layer_forward(x, layer, n_heads=4)
    with pytest.raises(ValueError, match=r"attn.Wq must have shape \(6, 6\)"):
        encoder_layer_forward(x, {**layer, "attn.Wq": np.ones((6, 5))}, n_heads=2)
    with pytest.raises(ValueError, match=r"missing key\(s\) \['norm2.beta'\]"):
        encoder_layer_forward(x, {k: v for k, v in layer.items() if k != "norm2.beta"}, n_heads=2)
    with pytest.raises(ValueError, match=r"mask must be broadcastable to \(m, T_q, T_k\) = \(2, 3, 3\)"):
        encoder_layer_forward(x, layer, n_heads=2, mask=np.ones((2, 1, 4)))
    with pytest.raises(ValueError, match=r"mask must contain only 0 and 1"):
        encoder_layer_forward(x, layer, n_heads=2, mask=np.full((2, 1, 3), 2.0))
    with pytest.raises(ValueError, match=r"x must contain only finite numbers, found NaN"):
        encoder_layer_forward(np.where(x > 1, np.nan, x), layer, n_heads=2)
    with pytest.raises(ValueError, match=r"ffn.W2 must have shape \(5, 6\)"):
        encoder_layer_forward(x, {**layer, "ffn.W2": np.ones((4, 6))}, n_heads=2)
    with pytest.raises(ValueError, match=r"y and enc_out must hold the same number of examples"):
        decoder_layer_forward(x, x[:1], random_layer(rng, 6, decoder=True), n_heads=2, look_ahead_mask=causal(3))
    with pytest.raises(ValueError, match=r"enc_out must have shape \(m, T, 6\)"):
        decoder_layer_forward(x, x[..., :4], random_layer(rng, 6, decoder=True), n_heads=2, look_ahead_mask=None)
    with pytest.raises(TypeError, match=r"params must be a dict"):
        feed_forward_forward(x, [1, 2])
    with pytest.raises(ValueError, match=r"W1 must have shape \(6, d_ff\)"):
        feed_forward_forward(x, random_ffn(rng, 5, 4))
    _, cache = feed_forward_forward(x, random_ffn(rng, 6, 4))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 3, 6\)"):
        feed_forward_backward(np.ones((2, 3, 5)), cache)
    with pytest.raises(TypeError, match=r"cache was made by feed_forward_forward"):
        encoder_layer_backward(np.ones((2, 3, 6)), cache)


def test_bad_transformer_input_is_refused_naming_the_argument(rng):
    params = random_transformer(rng)
    src, tgt = rng.integers(0, 7, (2, 3)), rng.integers(0, 5, (2, 4))
    with pytest.raises(ValueError, match=r"src_tokens must hold word indices in \[0, 6\]"):
        transformer_forward(src + 7, tgt, params, n_heads=2)
    with pytest.raises(TypeError, match=r"tgt_tokens must hold integer word indices"):
        transformer_forward(src, tgt.astype(float), params, n_heads=2)
    with pytest.raises(ValueError, match=r"src_tokens must have shape \(m, T\)"):
        transformer_forward(src[0], tgt, params, n_heads=2)
    with pytest.raises(ValueError, match=r"same number of examples m"):
        transformer_forward(src, tgt[:1], params, n_heads=2)
    with pytest.raises(ValueError, match=r"at least one encoder layer"):
        transformer_forward(src, tgt, {k: v for k, v in params.items() if not k.startswith("enc")}, n_heads=2)
    with pytest.raises(ValueError, match=r"W_out must have shape \(6, 5\)"):
        transformer_forward(src, tgt, {**params, "W_out": np.ones((5, 6))}, n_heads=2)
    with pytest.raises(TypeError, match=r"look_ahead must be True or False"):
        transformer_forward(src, tgt, params, n_heads=2, look_ahead="yes")
    with pytest.raises(ValueError, match=r"pad_id must be an integer >= 0"):
        transformer_forward(src, tgt, params, n_heads=2, pad_id=-1)
    with pytest.raises(ValueError, match=r"start_id must be a target word index in \[0, 4\]"):
        transformer_greedy_decode(src, params, n_heads=2, start_id=5, max_length=3)
    with pytest.raises(ValueError, match=r"max_length must be an integer >= 1"):
        transformer_greedy_decode(src, params, n_heads=2, start_id=1, max_length=0)
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator"):
        init_transformer(7, 5, d_model=6, d_ff=5, n_layers=1, rng=0)
    with pytest.raises(ValueError, match=r"n_layers must be an integer >= 1"):
        init_transformer(7, 5, d_model=6, d_ff=5, n_layers=0, rng=rng)
    with pytest.raises(ValueError, match=r"targets must have shape \(m, T\) = \(2, 4\)"):
        sequence_cross_entropy(np.zeros((2, 4, 5)), tgt[:, :3])
    with pytest.raises(ValueError, match=r"targets must hold word indices in \[0, 4\]"):
        sequence_cross_entropy(np.zeros((2, 4, 5)), tgt + 5)
    logits, cache = transformer_forward(src, tgt, params, n_heads=2)
    with pytest.raises(ValueError, match=r"dlogits must have shape \(2, 4, 5\)"):
        transformer_backward(logits[:, :3], cache)
