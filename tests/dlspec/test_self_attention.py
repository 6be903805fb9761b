"""Tests for dlspec.self_attention: positional encoding, masks, scaled dot-product and multi-head attention.

Oracles: hand-worked numbers (sin 1, cos 1; one query over two keys); properties (the
encoding of position t + k is a rotation of that of t; the weights of a row sum to 1; a
masked future cannot reach an earlier output; one head with identity projections is plain
scaled dot-product attention); the per-head loop for the batched heads, forward and
backward; a plain triple loop for scaled dot-product attention; and the package's gradient
checker for every input and parameter, in float64, on odd shapes (m = 1, T = 1, T_q != T_k,
d_model = 12 or 20, not a multiple of 8; 1, 3 and 4 heads).
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward
from dlspec.self_attention import (
    MHA_PARAMS,
    combine_masks,
    init_multi_head_attention,
    look_ahead_mask,
    multi_head_attention_backward,
    multi_head_attention_backward_naive,
    multi_head_attention_forward,
    multi_head_attention_forward_naive,
    padding_mask,
    positional_encoding,
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
)

#: (m, T_q, T_k, d_model, n_heads): m = 1, T = 1, T_q != T_k, widths 12 and 20, 1, 3 and 4 heads.
MHA_SHAPES = [(2, 3, 5, 12, 3), (1, 1, 1, 12, 4), (1, 4, 1, 20, 4), (3, 1, 4, 12, 1), (2, 5, 3, 20, 1),
              (1, 3, 3, 12, 3)]
MHA_IDS = [f"m{s[0]}-Tq{s[1]}-Tk{s[2]}-d{s[3]}-h{s[4]}" for s in MHA_SHAPES]
#: (m, T_q, T_k, d_k, d_v) for scaled dot-product attention.
SDPA_SHAPES = [(2, 3, 5, 4, 3), (1, 1, 1, 2, 1), (1, 4, 2, 3, 5), (3, 2, 1, 1, 2)]
SDPA_IDS = [f"m{s[0]}-Tq{s[1]}-Tk{s[2]}-dk{s[3]}-dv{s[4]}" for s in SDPA_SHAPES]


def random_params(rng, d_model, dtype=np.float64):
    """Multi-head attention's parameters with non-zero biases (zero biases would hide their gradients)."""
    params = init_multi_head_attention(d_model, rng=rng, dtype=dtype)
    for p in "qkvo":
        params[f"b{p}"] = (0.3 * rng.standard_normal(d_model)).astype(dtype)
    return params


def random_mask(rng, shape):
    """A 0/1 mask with the first two keys open in every row (one open key alone has zero gradients)."""
    mask = rng.integers(0, 2, shape)
    mask[..., :2] = 1
    return mask


def loop_attention(Q, K, V, mask=None):
    """Scaled dot-product attention with plain loops over examples, queries and keys."""
    m, T_q, d_k = Q.shape
    T_k, d_v = V.shape[1:]
    out = np.zeros((m, T_q, d_v))
    weights = np.zeros((m, T_q, T_k))
    for i in range(m):
        for q in range(T_q):
            keys = [k for k in range(T_k) if mask is None or mask[i, q, k] == 1]
            scores = [sum(Q[i, q, j] * K[i, k, j] for j in range(d_k)) / math.sqrt(d_k) for k in keys]
            top = max(scores, default=0.0)
            total = sum(math.exp(s - top) for s in scores)
            for k, s in zip(keys, scores, strict=True):
                weights[i, q, k] = math.exp(s - top) / total
                out[i, q] += weights[i, q, k] * V[i, k]
    return out, weights


# --- positional encoding ----------------------------------------------------------------------


def test_positional_encoding_by_hand():
    pe = positional_encoding(3, 4)
    assert pe.shape == (3, 4) and pe.dtype == np.float64
    np.testing.assert_array_equal(pe[0], [0.0, 1.0, 0.0, 1.0])  # sin 0, cos 0
    assert pe[1, 0] == pytest.approx(math.sin(1.0), rel=1e-15)
    assert pe[1, 1] == pytest.approx(math.cos(1.0), rel=1e-15)
    assert pe[2, 2] == pytest.approx(math.sin(2 / 100.0), rel=1e-15)  # 10000^(2/4) = 100
    assert pe[2, 3] == pytest.approx(math.cos(2 / 100.0), rel=1e-15)


def test_positional_encoding_of_an_odd_width_ends_with_a_sine():
    pe = positional_encoding(5, 7)
    assert pe[3, 6] == pytest.approx(math.sin(3 / 10000.0 ** (6 / 7)), rel=1e-14)


@pytest.mark.parametrize("d", [2, 12, 20])
@pytest.mark.parametrize("k", [1, 5])
def test_positional_encoding_moves_by_a_rotation(d, k):
    # [sin(a + b), cos(a + b)] = [sin a, cos a] @ [[cos b, -sin b], [sin b, cos b]], b = k omega_i,
    # the same block-diagonal map for every position.
    T = 30
    pe = positional_encoding(T + k, d)
    R = np.zeros((d, d))
    for i in range(d // 2):
        b = k / 10000.0 ** (2 * i / d)
        R[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[math.cos(b), -math.sin(b)], [math.sin(b), math.cos(b)]]
    np.testing.assert_allclose(pe[:T] @ R, pe[k:], atol=1e-12)
    assert np.allclose(np.linalg.norm(pe[:, 0:2], axis=1), 1.0)  # each pair lies on the unit circle


def test_positional_encoding_in_float32():
    pe = positional_encoding(6, 10, dtype=np.float32)
    assert pe.dtype == np.float32
    np.testing.assert_allclose(pe, positional_encoding(6, 10), rtol=1e-6, atol=1e-7)


# --- masks --------------------------------------------------------------------------------------


def test_padding_mask_by_hand():
    mask = padding_mask(np.array([[5, 7, 0, 0], [3, 0, 2, 0]]), 0)
    np.testing.assert_array_equal(mask, [[[1, 1, 0, 0]], [[1, 0, 1, 0]]])
    assert mask.shape == (2, 1, 4)


def test_look_ahead_mask_by_hand():
    np.testing.assert_array_equal(look_ahead_mask(3), [[[1, 0, 0], [1, 1, 0], [1, 1, 1]]])


def test_combine_masks_is_an_and():
    combined = combine_masks(look_ahead_mask(3), padding_mask(np.array([[4, 4, 0]]), 0), None)
    np.testing.assert_array_equal(combined, [[[1, 0, 0], [1, 1, 0], [1, 1, 0]]])
    assert combine_masks(None) is None


# --- scaled dot-product attention --------------------------------------------------------------


def test_attention_by_hand():
    # One query [1, 1] over keys [2, 0] and [0, 0] in d_k = 2: scores 2/sqrt 2 = sqrt 2 and 0.
    Q = np.array([[[1.0, 1.0]]])
    K = np.array([[[2.0, 0.0], [0.0, 0.0]]])
    V = np.array([[[10.0], [20.0]]])
    out, weights, _ = scaled_dot_product_attention_forward(Q, K, V)
    w0 = math.exp(math.sqrt(2)) / (math.exp(math.sqrt(2)) + 1.0)
    np.testing.assert_allclose(weights, [[[w0, 1 - w0]]], rtol=1e-15)
    assert out[0, 0, 0] == pytest.approx(10 * w0 + 20 * (1 - w0), rel=1e-15)


@pytest.mark.parametrize("shape", SDPA_SHAPES, ids=SDPA_IDS)
@pytest.mark.parametrize("masked", [False, True])
def test_attention_equals_plain_loops(shape, masked, rng):
    m, T_q, T_k, d_k, d_v = shape
    Q, K, V = (rng.standard_normal(s) for s in ((m, T_q, d_k), (m, T_k, d_k), (m, T_k, d_v)))
    mask = random_mask(rng, (m, T_q, T_k)) if masked else None
    out, weights, _ = scaled_dot_product_attention_forward(Q, K, V, mask)
    out_ref, weights_ref = loop_attention(Q, K, V, mask)
    np.testing.assert_allclose(weights, weights_ref, rtol=1e-13, atol=1e-15, strict=True)
    np.testing.assert_allclose(out, out_ref, rtol=1e-13, atol=1e-14, strict=True)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-14)


@pytest.mark.parametrize("shape", SDPA_SHAPES, ids=SDPA_IDS)
def test_attention_gradients(shape, rng):
    m, T_q, T_k, d_k, d_v = shape
    Q, K, V = (rng.standard_normal(s) for s in ((m, T_q, d_k), (m, T_k, d_k), (m, T_k, d_v)))
    mask = random_mask(rng, (m, 1, T_k))  # a padding mask, broadcast over the queries
    args = {"Q": Q, "K": K, "V": V}
    for k, name in enumerate(args):
        def forward(x, name=name):
            out, _, cache = scaled_dot_product_attention_forward(**{**args, name: x}, mask=mask)
            return out, cache

        def backward(dout, cache, k=k):
            return scaled_dot_product_attention_backward(dout, cache)[k], {}

        errors = check_backward(forward, backward, args[name], rng=rng, m=m)
        if T_k == 1 and name in "QK":  # one key: its weight is 1 whatever the score
            _, _, cache = scaled_dot_product_attention_forward(Q, K, V, mask)
            dQ, dK, _ = scaled_dot_product_attention_backward(rng.standard_normal((m, T_q, d_v)), cache)
            assert np.max(np.abs(dQ)) < 1e-14 and np.max(np.abs(dK)) < 1e-14
        else:
            assert errors["x"] < 1e-7, (name, errors)


def test_attention_with_a_head_axis_equals_each_head_alone(rng):
    Q, K, V = rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((2, 3, 6, 2))
    mask = random_mask(rng, (2, 1, 1, 6))
    out, weights, _ = scaled_dot_product_attention_forward(Q, K, V, mask)
    for h in range(3):
        out_h, weights_h, _ = scaled_dot_product_attention_forward(Q[:, h], K[:, h], V[:, h], mask[:, 0])
        np.testing.assert_allclose(out[:, h], out_h, rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(weights[:, h], weights_h, rtol=1e-14, atol=1e-15)


def test_a_fully_masked_row_gives_zeros_not_nan(rng):
    Q, K, V = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 4)), rng.standard_normal((2, 5, 3))
    mask = random_mask(rng, (2, 3, 5))
    mask[1, 2] = 0  # query 2 of example 1 may attend to nothing
    with np.errstate(divide="raise", over="raise", invalid="raise"):  # underflow to 0 is the point
        out, weights, cache = scaled_dot_product_attention_forward(Q, K, V, mask)
        dQ, dK, dV = scaled_dot_product_attention_backward(rng.standard_normal(out.shape), cache)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(dK)) and np.all(np.isfinite(dV))
    np.testing.assert_array_equal(weights[1, 2], 0.0)
    np.testing.assert_array_equal(out[1, 2], 0.0)
    np.testing.assert_array_equal(dQ[1, 2], 0.0)
    # the other rows are untouched by the masked one
    out_ref, _ = loop_attention(Q, K, V, mask)
    np.testing.assert_allclose(out, out_ref, rtol=1e-13, atol=1e-14)


def test_masked_scores_of_1000_stay_finite_and_exact():
    Q = np.array([[[1000.0, -1000.0]]])
    K = np.array([[[1000.0, 0.0], [-1000.0, 1000.0], [1.0, 1.0]]])
    V = np.eye(3)[None]
    with np.errstate(divide="raise", over="raise", invalid="raise"):  # underflow to 0 is the point
        out, weights, _ = scaled_dot_product_attention_forward(Q, K, V, np.array([[[0, 1, 1]]]))
    np.testing.assert_array_equal(weights, [[[0.0, 0.0, 1.0]]])  # key 2's score dwarfs key 1's
    np.testing.assert_array_equal(out, [[[0.0, 0.0, 1.0]]])


# --- multi-head attention -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", MHA_SHAPES, ids=MHA_IDS)
@pytest.mark.parametrize("masked", [False, True])
def test_batched_heads_equal_the_per_head_loop(shape, masked, rng):
    m, T_q, T_k, d_model, h = shape
    x_q, x_kv = rng.standard_normal((m, T_q, d_model)), rng.standard_normal((m, T_k, d_model))
    params = random_params(rng, d_model)
    mask = random_mask(rng, (m, T_q, T_k)) if masked else None
    out, weights, cache = multi_head_attention_forward(x_q, x_kv, params, n_heads=h, mask=mask)
    out_ref, weights_ref, cache_ref = multi_head_attention_forward_naive(x_q, x_kv, params, n_heads=h, mask=mask)
    np.testing.assert_allclose(out, out_ref, rtol=1e-13, atol=1e-14, strict=True)
    np.testing.assert_allclose(weights, weights_ref, rtol=1e-13, atol=1e-15, strict=True)
    dout = rng.standard_normal(out.shape)
    got, ref = multi_head_attention_backward(dout, cache), multi_head_attention_backward_naive(dout, cache_ref)
    for g, r in zip(got[:2], ref[:2], strict=True):
        np.testing.assert_allclose(g, r, rtol=1e-12, atol=1e-13, strict=True)
    assert list(got[2]) == list(ref[2]) == [f"d{name}" for name in MHA_PARAMS]
    for key in got[2]:
        np.testing.assert_allclose(got[2][key], ref[2][key], rtol=1e-12, atol=1e-13, strict=True)


@pytest.mark.parametrize("shape", MHA_SHAPES, ids=MHA_IDS)
def test_multi_head_attention_gradients(shape, rng):
    m, T_q, T_k, d_model, h = shape
    x_q, x_kv = rng.standard_normal((m, T_q, d_model)), rng.standard_normal((m, T_k, d_model))
    params = random_params(rng, d_model)
    mask = random_mask(rng, (m, T_q, T_k))

    def forward_q(x, p):
        out, _, cache = multi_head_attention_forward(x, x_kv, p, n_heads=h, mask=mask)
        return out, cache

    def backward_q(dout, cache):
        dx_q, _, grads = multi_head_attention_backward(dout, cache)
        return dx_q, grads

    errors = check_backward(forward_q, backward_q, x_q, params, rng=rng, m=m)
    # Adding a vector to every key moves all scores of a query by the same amount, which the
    # softmax ignores: bk has zero gradient, and its "relative error" compares two roundings.
    # With one key (T_k = 1) its weight is 1 whatever the score: nothing before the scores
    # (x_q, Wq, bq, Wk) has a gradient either.
    zero = ["bk"] if T_k > 1 else ["x", "Wq", "bq", "Wk", "bk"]
    assert max(v for k, v in errors.items() if k not in zero) < 1e-7, errors
    _, _, cache = multi_head_attention_forward(x_q, x_kv, params, n_heads=h, mask=mask)
    dx_q, _, grads = multi_head_attention_backward(rng.standard_normal((m, T_q, d_model)), cache)
    for name in zero:
        assert np.max(np.abs(dx_q if name == "x" else grads[f"d{name}"])) < 1e-14, name

    def forward_kv(x):
        out, _, cache = multi_head_attention_forward(x_q, x, params, n_heads=h, mask=mask)
        return out, cache

    def backward_kv(dout, cache):
        return multi_head_attention_backward(dout, cache)[1], {}

    assert check_backward(forward_kv, backward_kv, x_kv, rng=rng, m=m)["x"] < 1e-7


@pytest.mark.parametrize("h", [1, 3, 4])
def test_self_attention_gradient_is_the_sum_of_both_inputs(h, rng):
    m, T, d_model = 2, 4, 12
    x = rng.standard_normal((m, T, d_model))
    params = random_params(rng, d_model)
    mask = combine_masks(look_ahead_mask(T), random_mask(rng, (m, 1, T)))

    def forward(x):
        out, _, cache = multi_head_attention_forward(x, x, params, n_heads=h, mask=mask)
        return out, cache

    def backward(dout, cache):
        dx_q, dx_kv, _ = multi_head_attention_backward(dout, cache)
        return dx_q + dx_kv, {}

    assert check_backward(forward, backward, x, rng=rng, m=m)["x"] < 1e-7


def test_one_head_with_identity_projections_is_scaled_dot_product_attention(rng):
    m, T_q, T_k, d = 2, 3, 5, 12
    x_q, x_kv = rng.standard_normal((m, T_q, d)), rng.standard_normal((m, T_k, d))
    params = {**{f"W{p}": np.eye(d) for p in "qkvo"}, **{f"b{p}": np.zeros(d) for p in "qkvo"}}
    mask = random_mask(rng, (m, T_q, T_k))
    out, weights, _ = multi_head_attention_forward(x_q, x_kv, params, n_heads=1, mask=mask)
    out_ref, weights_ref, _ = scaled_dot_product_attention_forward(x_q, x_kv, x_kv, mask)
    np.testing.assert_allclose(out, out_ref, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(weights[:, 0], weights_ref, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("h", [1, 4])
def test_the_look_ahead_mask_hides_the_future(h, rng):
    m, T, d_model = 2, 6, 20
    x = rng.standard_normal((m, T, d_model))
    params = random_params(rng, d_model)
    mask = look_ahead_mask(T)
    out, weights, _ = multi_head_attention_forward(x, x, params, n_heads=h, mask=mask)
    assert np.all(weights[:, :, np.triu_indices(T, 1)[0], np.triu_indices(T, 1)[1]] == 0.0)
    for s in range(T - 1):
        changed = x.copy()
        changed[:, s + 1 :] = 100.0 * rng.standard_normal((m, T - s - 1, d_model))
        out_changed, _, _ = multi_head_attention_forward(changed, changed, params, n_heads=h, mask=mask)
        np.testing.assert_allclose(out_changed[:, : s + 1], out[:, : s + 1], rtol=1e-13, atol=1e-14)
        assert not np.allclose(out_changed[:, s + 1 :], out[:, s + 1 :])  # the future did change
        unmasked, _, _ = multi_head_attention_forward(changed, changed, params, n_heads=h)
        assert not np.allclose(unmasked[:, : s + 1], out[:, : s + 1])  # without the mask it leaks


def test_padding_keys_do_not_change_the_outputs(rng):
    m, T, d_model = 2, 5, 12
    tokens = np.array([[3, 1, 4, 0, 0], [2, 7, 1, 8, 0]])
    x = rng.standard_normal((m, T, d_model))
    params = random_params(rng, d_model)
    mask = padding_mask(tokens, 0)
    out, _, _ = multi_head_attention_forward(x, x, params, n_heads=3, mask=mask)
    x2 = np.where((tokens == 0)[:, :, None], rng.standard_normal(x.shape), x)  # other padding vectors
    out2, _, _ = multi_head_attention_forward(x2, x2, params, n_heads=3, mask=mask)
    keep = tokens != 0
    np.testing.assert_allclose(out2[keep], out[keep], rtol=1e-13, atol=1e-14)


def test_float32_stays_float32(rng):
    m, T_q, T_k, d_model = 2, 3, 4, 12
    x_q = rng.standard_normal((m, T_q, d_model)).astype(np.float32)
    x_kv = rng.standard_normal((m, T_k, d_model)).astype(np.float32)
    params = random_params(rng, d_model, np.float32)
    mask = random_mask(rng, (m, 1, T_k))
    out, weights, cache = multi_head_attention_forward(x_q, x_kv, params, n_heads=3, mask=mask)
    assert out.dtype == weights.dtype == np.float32
    dx_q, dx_kv, grads = multi_head_attention_backward(np.ones_like(out), cache)
    assert dx_q.dtype == dx_kv.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    params64 = {k: v.astype(np.float64) for k, v in params.items()}
    out64, _, _ = multi_head_attention_forward(x_q.astype(np.float64), x_kv.astype(np.float64), params64,
                                               n_heads=3, mask=mask)
    np.testing.assert_allclose(out, out64, rtol=1e-5, atol=1e-5)
    out, weights, cache = scaled_dot_product_attention_forward(x_q, x_kv, x_kv, mask)
    assert out.dtype == weights.dtype == np.float32
    assert all(g.dtype == np.float32 for g in scaled_dot_product_attention_backward(out, cache))
    assert init_multi_head_attention(8, rng=rng, dtype=np.float32)["Wq"].dtype == np.float32


def test_init_multi_head_attention(rng):
    params = init_multi_head_attention(20, rng=rng)
    assert list(params) == ["Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo"]
    limit = math.sqrt(6 / 40)
    for p in "qkvo":
        assert params[f"W{p}"].shape == (20, 20) and np.all(np.abs(params[f"W{p}"]) <= limit)
        assert params[f"W{p}"].std() == pytest.approx(limit / math.sqrt(3), rel=0.15)  # U(-l, l)
        np.testing.assert_array_equal(params[f"b{p}"], np.zeros(20))


# --- bad input ----------------------------------------------------------------------------------


def mha_args(rng):
    return rng.standard_normal((2, 3, 12)), rng.standard_normal((2, 4, 12)), random_params(rng, 12)


@pytest.mark.parametrize(("change", "error", "match"), [
    ({"x_q": np.zeros((2, 3))}, ValueError, r"x_q must have shape \(m, T_q, d_model\)"),
    ({"x_kv": np.zeros((3, 4, 12))}, ValueError, r"x_kv must have shape \(2, T_k, 12\)"),
    ({"x_kv": np.zeros((2, 4, 8))}, ValueError, r"x_kv must have shape"),
    ({"x_q": np.zeros((2, 0, 12))}, ValueError, "x_q must not have an empty axis"),
    ({"x_q": np.full((2, 3, 12), np.nan)}, ValueError, "x_q must contain only finite"),
    ({"x_q": np.array([["a"]])}, TypeError, "x_q must be a numeric"),
    ({"n_heads": 5}, ValueError, "multiple of n_heads = 5"),
    ({"n_heads": 0}, ValueError, "n_heads must be an integer >= 1"),
    ({"n_heads": 2.0}, TypeError, "n_heads must be an integer"),
    ({"mask": np.full((2, 3, 4), 2)}, ValueError, "mask must contain only 0 and 1"),
    ({"mask": np.ones((2, 4, 3))}, ValueError, r"mask must broadcast to the scores' shape \(m, T_q, T_k\)"),
    ({"mask": np.ones((1, 2, 3, 4))}, ValueError, "mask must broadcast"),
    ({"params": [1, 2]}, TypeError, "params must be a dict"),
])
def test_multi_head_attention_refuses_bad_input(change, error, match, rng):
    x_q, x_kv, params = mha_args(rng)
    kwargs = {"x_q": x_q, "x_kv": x_kv, "params": params, "n_heads": 3, "mask": None, **change}
    for forward in (multi_head_attention_forward, multi_head_attention_forward_naive):
        with pytest.raises(error, match=match):
            forward(kwargs["x_q"], kwargs["x_kv"], kwargs["params"], n_heads=kwargs["n_heads"], mask=kwargs["mask"])


@pytest.mark.parametrize(("key", "value", "match"), [
    ("Wq", np.zeros((12, 8)), r"Wq must have shape \(12, 12\) to match d_model = 12"),
    ("bo", np.zeros((12, 1)), r"bo must have shape \(12,\)"),
    ("Wv", np.full((12, 12), np.inf), "Wv must contain only finite"),
])
def test_bad_parameters_are_named(key, value, match, rng):
    x_q, x_kv, params = mha_args(rng)
    with pytest.raises(ValueError, match=match):
        multi_head_attention_forward(x_q, x_kv, {**params, key: value}, n_heads=3)
    del params[key]
    with pytest.raises(ValueError, match=f"missing key.*{key}"):
        multi_head_attention_forward(x_q, x_kv, params, n_heads=3)


def test_backward_passes_check_their_arguments(rng):
    x_q, x_kv, params = mha_args(rng)
    out, _, cache = multi_head_attention_forward(x_q, x_kv, params, n_heads=3)
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 3, 12\)"):
        multi_head_attention_backward(np.zeros((2, 4, 12)), cache)
    _, _, sdpa_cache = scaled_dot_product_attention_forward(x_q, x_kv, x_kv)
    with pytest.raises(TypeError, match="cache was made by scaled_dot_product_attention_forward"):
        multi_head_attention_backward(out, sdpa_cache)
    with pytest.raises(TypeError, match="cache was made by multi_head_attention_forward"):
        scaled_dot_product_attention_backward(out, cache)


@pytest.mark.parametrize(("Q", "K", "V", "match"), [
    (np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)), r"Q must have shape \(m, T_q, d_k\)"),
    (np.zeros((2, 3, 4)), np.zeros((2, 5, 3)), np.zeros((2, 5, 2)), r"K must have shape \(2, \?, 4\)"),
    (np.zeros((2, 3, 4)), np.zeros((2, 5, 4)), np.zeros((2, 4, 2)), r"V must have shape \(2, 5, \?\)"),
    (np.zeros((2, 3, 4)), np.zeros((2, 0, 4)), np.zeros((2, 0, 2)), "K must not have an empty axis"),
])
def test_scaled_dot_product_attention_refuses_bad_shapes(Q, K, V, match):
    with pytest.raises(ValueError, match=match):
        scaled_dot_product_attention_forward(Q, K, V)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: positional_encoding(0, 4), ValueError, "T must be an integer >= 1"),
    (lambda: positional_encoding(3, 2.5), TypeError, "d must be an integer"),
    (lambda: positional_encoding(3, 4, dtype=np.int32), TypeError, "dtype must be float32 or float64"),
    (lambda: look_ahead_mask(0), ValueError, "T must be an integer >= 1"),
    (lambda: padding_mask(np.zeros((2, 3)), 0), TypeError, "tokens must be an integer array"),
    (lambda: padding_mask(np.zeros(3, dtype=int), 0), ValueError, r"tokens must have shape \(m, T\)"),
    (lambda: padding_mask(np.zeros((2, 3), dtype=int), 0.5), TypeError, "pad_id must be an integer"),
    (lambda: combine_masks(np.ones((1, 3, 3)), np.ones((2, 1, 4))), ValueError, "masks must broadcast"),
    (lambda: combine_masks(np.full((1, 3), 0.5)), ValueError, "masks\\[0\\] must contain only 0 and 1"),
    (lambda: init_multi_head_attention(8, rng=0), TypeError, "rng must be a numpy.random.Generator"),
    (lambda: init_multi_head_attention(0, rng=np.random.default_rng(0)), ValueError, "d_model must be"),
])
def test_helpers_refuse_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
