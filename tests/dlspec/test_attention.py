"""Tests for dlspec.attention: the course's additive attention (Course 5, Week 3).

Oracles: a step worked by hand; a plain loop over the examples and the input steps, one
``[s_prev; a<t'>]`` column at a time, with ``math.exp``; attention over the unmasked steps
alone, for the mask; the package's gradient checker for every input and parameter, with the
loss reading both the context and the weights; and properties (the weights sum to 1, the
softmax cancels ``b2``).
"""

import math

import numpy as np
import pytest

from dlspec.attention import (
    ATTENTION_PARAMS,
    additive_attention_backward,
    additive_attention_forward,
    init_attention,
)
from dlspec.gradcheck import check_backward, numerical_gradient, relative_error

#: (m, T_x, n_s, n_c, n_e): m = 1, T_x = 1, n_s != n_c, n_c != 2 n_s, n_e = 1.
SHAPES = [(2, 5, 3, 4, 6), (1, 1, 2, 2, 3), (1, 4, 5, 2, 1), (3, 2, 1, 6, 4), (2, 7, 4, 3, 5)]
IDS = [f"m{s[0]}-Tx{s[1]}-ns{s[2]}-nc{s[3]}-ne{s[4]}" for s in SHAPES]


def random_attention(rng, m, T_x, n_s, n_c, n_e, scale=0.8):
    """s_prev, a and the four parameters, drawn at random (b1 and b2 not zero)."""
    params = {
        "W1": scale * rng.standard_normal((n_e, n_s + n_c)),
        "b1": 0.5 * rng.standard_normal((n_e, 1)),
        "W2": scale * rng.standard_normal((1, n_e)),
        "b2": 0.5 * rng.standard_normal((1, 1)),
    }
    return rng.standard_normal((m, n_s)), rng.standard_normal((m, T_x, n_c)), params


def random_mask(rng, m, T_x):
    """0/1 of shape (m, T_x), with at least one step attended in every row."""
    mask = (rng.random((m, T_x)) < 0.6).astype(float)
    mask[np.arange(m), rng.integers(T_x, size=m)] = 1.0
    return mask


def attention_by_loops(s_prev, a, params, mask=None):
    """The module's equations one example and one input step at a time."""
    m, T_x, n_c = a.shape
    context, alphas = np.zeros((m, n_c)), np.zeros((m, T_x))
    for i in range(m):
        attended = [t for t in range(T_x) if mask is None or mask[i, t] == 1]
        energies = {}
        for t in attended:
            column = np.concatenate([s_prev[i], a[i, t]])[:, None]  # [s<t-1>; a<t'>]
            h = np.tanh(params["W1"] @ column + params["b1"])
            energies[t] = (params["W2"] @ h + params["b2"]).item()
        total = sum(math.exp(e) for e in energies.values())
        for t in attended:
            alphas[i, t] = math.exp(energies[t]) / total
            context[i] += alphas[i, t] * a[i, t]
    return context, alphas


# --- by hand and against the loops ------------------------------------------------------------


def test_attention_by_hand():
    # n_s = n_c = n_e = 1, W1 = [0, 1]: h<t'> = tanh(a<t'>) = 1/2 and -1/2, and W2 = log 3
    # gives energies (log 3) / 2 and -(log 3) / 2: weights 3/4 and 1/4.
    params = {"W1": np.array([[0.0, 1.0]]), "b1": np.zeros((1, 1)),
              "W2": np.array([[math.log(3)]]), "b2": np.array([[7.0]])}
    a = np.array([[[math.atanh(0.5)], [math.atanh(-0.5)]]])  # (1, 2, 1)
    context, alphas, _ = additive_attention_forward(np.array([[5.0]]), a, params)
    np.testing.assert_allclose(alphas, [[0.75, 0.25]], rtol=1e-14)
    np.testing.assert_allclose(context, [[0.75 * math.atanh(0.5) + 0.25 * math.atanh(-0.5)]], rtol=1e-14)


def test_equal_activations_get_equal_weights(rng):
    s_prev, a, params = random_attention(rng, 3, 4, 2, 5, 3)
    a[:] = a[:, :1]  # the same a<t'> at every step
    context, alphas, _ = additive_attention_forward(s_prev, a, params)
    np.testing.assert_allclose(alphas, np.full((3, 4), 0.25), rtol=1e-14)
    np.testing.assert_allclose(context, a[:, 0], rtol=1e-14)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize("masked", [False, True], ids=["no-mask", "mask"])
def test_forward_equals_the_loops(shape, masked, rng):
    s_prev, a, params = random_attention(rng, *shape)
    mask = random_mask(rng, *shape[:2]) if masked else None
    context, alphas, _ = additive_attention_forward(s_prev, a, params, mask=mask)
    context_ref, alphas_ref = attention_by_loops(s_prev, a, params, mask)
    np.testing.assert_allclose(alphas, alphas_ref, rtol=1e-13, atol=1e-15, strict=True)
    np.testing.assert_allclose(context, context_ref, rtol=1e-13, atol=1e-14, strict=True)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_weights_are_a_distribution_over_the_input_steps(shape, rng):
    s_prev, a, params = random_attention(rng, *shape, scale=3.0)
    _, alphas, _ = additive_attention_forward(s_prev, a, params)
    assert np.all(alphas >= 0.0)
    np.testing.assert_allclose(alphas.sum(axis=1), np.ones(shape[0]), rtol=1e-14)


def test_huge_energies_do_not_overflow(rng):
    # energies near +-1000: exp(1000) overflows, exp(e - max e) cannot (warnings are errors)
    s_prev, a, params = random_attention(rng, 2, 5, 3, 4, 2)
    params["W2"] = np.array([[1000.0, -1000.0]])
    context, alphas, cache = additive_attention_forward(s_prev, a, params)
    assert np.all(np.isfinite(alphas)) and np.all(np.isfinite(context))
    np.testing.assert_allclose(alphas.sum(axis=1), [1.0, 1.0], rtol=1e-14)
    for g in additive_attention_backward(np.ones((2, 4)), cache)[:2]:
        assert np.all(np.isfinite(g))


# --- the mask ---------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_masked_steps_get_zero_weight_and_the_rest_as_if_alone(shape, rng):
    m, T_x = shape[:2]
    s_prev, a, params = random_attention(rng, *shape)
    mask = random_mask(rng, m, T_x)
    context, alphas, _ = additive_attention_forward(s_prev, a, params, mask=mask)
    assert np.all(alphas[mask == 0] == 0.0)
    for i in range(m):  # attention over the attended steps only, without a mask
        keep = mask[i] == 1
        c_i, alpha_i, _ = additive_attention_forward(s_prev[i : i + 1], a[i : i + 1, keep], params)
        np.testing.assert_allclose(alphas[i, keep], alpha_i[0], rtol=1e-13)
        np.testing.assert_allclose(context[i], c_i[0], rtol=1e-13, atol=1e-15)


def test_what_lies_under_the_mask_does_not_matter(rng):
    s_prev, a, params = random_attention(rng, 3, 6, 2, 4, 5)
    mask = random_mask(rng, 3, 6)
    changed = a.copy()
    changed[mask == 0] = 1e3 * rng.standard_normal(changed[mask == 0].shape)
    first = additive_attention_forward(s_prev, a, params, mask=mask)
    second = additive_attention_forward(s_prev, changed, params, mask=mask)
    np.testing.assert_array_equal(first[1], second[1])
    np.testing.assert_allclose(first[0], second[0], rtol=1e-14, atol=1e-15)


def test_a_fully_masked_row_gives_zeros_not_nan(rng):
    s_prev, a, params = random_attention(rng, 3, 4, 2, 3, 5)
    mask = np.ones((3, 4))
    mask[1] = 0.0
    context, alphas, cache = additive_attention_forward(s_prev, a, params, mask=mask)
    np.testing.assert_array_equal(alphas[1], np.zeros(4))
    np.testing.assert_array_equal(context[1], np.zeros(3))
    np.testing.assert_allclose(alphas[[0, 2]].sum(axis=1), [1.0, 1.0], rtol=1e-14)
    ds_prev, da, grads = additive_attention_backward(rng.standard_normal((3, 3)), cache,
                                                     dalphas=rng.standard_normal((3, 4)))
    np.testing.assert_array_equal(ds_prev[1], np.zeros(2))
    np.testing.assert_array_equal(da[1], np.zeros((4, 3)))
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def test_mask_as_bool_int_or_float_gives_the_same(rng):
    s_prev, a, params = random_attention(rng, 2, 5, 3, 4, 2)
    mask = random_mask(rng, 2, 5)
    results = [additive_attention_forward(s_prev, a, params, mask=mk)[:2]
               for mk in (mask, mask.astype(bool), mask.astype(np.int8))]
    for context, alphas in results[1:]:
        np.testing.assert_array_equal(context, results[0][0])
        np.testing.assert_array_equal(alphas, results[0][1])
    all_ones = additive_attention_forward(s_prev, a, params, mask=np.ones((2, 5)))
    no_mask = additive_attention_forward(s_prev, a, params)
    np.testing.assert_array_equal(all_ones[1], no_mask[1])


# --- gradient checks --------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize("masked", [False, True], ids=["no-mask", "mask"])
def test_gradient_check_through_the_context_and_the_weights(shape, masked, rng):
    # loss = sum(context * G) + sum(alphas * H): the backward pass with (G, H) gives its
    # gradients (the parameters' times m).
    m, T_x, n_s, n_c, _ = shape
    s_prev, a, params = random_attention(rng, *shape)
    mask = random_mask(rng, m, T_x) if masked else None
    if masked and m > 1:
        mask[-1] = 0.0  # and one row masked everywhere
    G, H = rng.standard_normal((m, n_c)), rng.standard_normal((m, T_x))

    def loss():
        context, alphas, _ = additive_attention_forward(s_prev, a, params, mask=mask)
        return np.sum(context * G) + np.sum(alphas * H)

    _, _, cache = additive_attention_forward(s_prev, a, params, mask=mask)
    ds_prev, da, grads = additive_attention_backward(G, cache, dalphas=H)
    assert relative_error(ds_prev, numerical_gradient(loss, s_prev)) < 1e-7
    assert relative_error(da, numerical_gradient(loss, a)) < 1e-7
    for name in ("W1", "b1", "W2"):
        assert relative_error(m * grads[f"d{name}"], numerical_gradient(loss, params[name])) < 1e-7, name
    assert abs(grads["db2"].item()) < 1e-12  # the softmax cancels b2
    assert abs(numerical_gradient(loss, params["b2"]).item()) < 1e-8


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_check_backward_on_the_context(shape, rng):
    # The package's checker (random upstream gradient), with a as the input...
    m = shape[0]
    s_prev, a, params = random_attention(rng, *shape)
    params = {k: v for k, v in params.items() if k != "b2"}  # db2 is 0: no relative error to take

    def forward(x, p):
        context, _, cache = additive_attention_forward(s_prev, x, {**p, "b2": np.zeros((1, 1))})
        return context, cache

    def backward(d, cache):
        _, da, grads = additive_attention_backward(d, cache)
        return da, grads

    errors = check_backward(forward, backward, a, params, rng=rng, m=m)
    assert max(errors.values()) < 1e-7, errors
    # ... and with s_prev as the input.
    errors = check_backward(lambda x: additive_attention_forward(x, a, {**params, "b2": np.zeros((1, 1))})[::2],
                            lambda d, c: (additive_attention_backward(d, c)[0], {}), s_prev, rng=rng, m=m)
    assert errors["x"] < 1e-7, errors


def test_grads_have_the_parameters_shapes_and_order(rng):
    s_prev, a, params = random_attention(rng, 2, 3, 4, 5, 6)
    _, _, cache = additive_attention_forward(s_prev, a, params)
    _, _, grads = additive_attention_backward(np.ones((2, 5)), cache)
    assert list(grads) == [f"d{k}" for k in ATTENTION_PARAMS]
    for k in ATTENTION_PARAMS:
        assert grads[f"d{k}"].shape == params[k].shape


# --- dtypes and initialisation ----------------------------------------------------------------


def test_float32_stays_float32(rng):
    s_prev, a, params = random_attention(rng, 3, 5, 4, 6, 7)
    mask = random_mask(rng, 3, 5)
    f32 = [s_prev.astype(np.float32), a.astype(np.float32), {k: v.astype(np.float32) for k, v in params.items()}]
    context, alphas, cache = additive_attention_forward(*f32, mask=mask)
    assert context.dtype == alphas.dtype == np.float32
    context64, alphas64, cache64 = additive_attention_forward(s_prev, a, params, mask=mask)
    np.testing.assert_allclose(context, context64, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(alphas, alphas64, rtol=1e-4, atol=1e-6)
    G = rng.standard_normal((3, 6))
    ds_prev, da, grads = additive_attention_backward(G.astype(np.float32), cache)
    ds_prev64, da64, grads64 = additive_attention_backward(G, cache64)
    assert ds_prev.dtype == da.dtype == np.float32
    np.testing.assert_allclose(ds_prev, ds_prev64, rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(da, da64, rtol=1e-3, atol=1e-5)
    for key, g in grads.items():
        assert g.dtype == np.float32, key
        np.testing.assert_allclose(g, grads64[key], rtol=1e-3, atol=1e-5)


def test_init_attention_shapes_dtype_and_seed():
    params = init_attention(3, 8, 5, rng=np.random.default_rng(4), dtype=np.float32)
    assert {k: v.shape for k, v in params.items()} == {"W1": (5, 11), "b1": (5, 1), "W2": (1, 5), "b2": (1, 1)}
    assert all(v.dtype == np.float32 for v in params.values())
    again = init_attention(3, 8, 5, rng=np.random.default_rng(4), dtype=np.float32)
    for k in params:
        np.testing.assert_array_equal(params[k], again[k])
    np.testing.assert_array_equal(params["b1"], np.zeros((5, 1)))


# --- bad input ----------------------------------------------------------------------------------


def _valid():
    rng = np.random.default_rng(0)
    s_prev, a, params = random_attention(rng, 2, 3, 4, 5, 6)
    return s_prev, a, params


def _with(params, **changes):
    return {**params, **changes}


S, A, P = _valid()
BAD_FORWARD = [
    ("s_prev 1-D", lambda: additive_attention_forward(S[0], A, P), ValueError, r"s_prev must have shape \(m, n_s\)"),
    ("a 2-D", lambda: additive_attention_forward(S, A[:, 0], P), ValueError, r"a must have shape \(2, T_x, 2 n_a\)"),
    ("a in the recurrent layout", lambda: additive_attention_forward(S, A.transpose(2, 0, 1), P), ValueError,
     r"transpose\(1, 2, 0\)"),
    ("T_x = 0", lambda: additive_attention_forward(S, A[:, :0], P), ValueError, "at least one"),
    ("m = 0", lambda: additive_attention_forward(S[:0], A[:0], P), ValueError, "at least one"),
    ("NaN in a", lambda: additive_attention_forward(S, np.where(A > 1, np.nan, A), P), ValueError, "a must contain only finite"),
    ("inf in s_prev", lambda: additive_attention_forward(np.full_like(S, np.inf), A, P), ValueError, "s_prev must contain only finite"),
    ("string a", lambda: additive_attention_forward(S, A.astype(str), P), TypeError, "a must be a numeric"),
    ("params a list", lambda: additive_attention_forward(S, A, [P["W1"]]), TypeError, "params must be a dict"),
    ("W2 missing", lambda: additive_attention_forward(S, A, {k: v for k, v in P.items() if k != "W2"}), ValueError,
     r"missing key\(s\) \['W2'\]"),
    ("W1 too narrow", lambda: additive_attention_forward(S, A, _with(P, W1=P["W1"][:, 1:])), ValueError,
     r"W1 must have shape \(n_e, 9\)"),
    ("b1 a row", lambda: additive_attention_forward(S, A, _with(P, b1=P["b1"].T)), ValueError, r"b1 must have shape \(6, 1\)"),
    ("W2 a column", lambda: additive_attention_forward(S, A, _with(P, W2=P["W2"].T)), ValueError, r"W2 must have shape \(1, 6\)"),
    ("b2 rank 1", lambda: additive_attention_forward(S, A, _with(P, b2=np.zeros(1))), ValueError, r"b2 must have shape \(1, 1\)"),
    ("NaN in W1", lambda: additive_attention_forward(S, A, _with(P, W1=np.full_like(P["W1"], np.nan))), ValueError,
     "W1 must contain only finite"),
    ("mask transposed", lambda: additive_attention_forward(S, A, P, mask=np.ones((3, 2))), ValueError,
     r"mask must have shape \(2, 3\)"),
    ("mask of 2s", lambda: additive_attention_forward(S, A, P, mask=np.full((2, 3), 2)), ValueError, "only 0 and 1"),
    ("mask of strings", lambda: additive_attention_forward(S, A, P, mask=np.full((2, 3), "1")), TypeError, "mask must hold"),
]


@pytest.mark.parametrize("call, error, match", [b[1:] for b in BAD_FORWARD], ids=[b[0] for b in BAD_FORWARD])
def test_forward_refuses_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_backward_refuses_bad_input():
    _, _, cache = additive_attention_forward(S, A, P)
    with pytest.raises(ValueError, match=r"dcontext must have shape \(2, 5\)"):
        additive_attention_backward(np.ones((5, 2)), cache)
    with pytest.raises(ValueError, match=r"dalphas must have shape \(2, 3\)"):
        additive_attention_backward(np.ones((2, 5)), cache, dalphas=np.ones((2, 4)))
    with pytest.raises(TypeError, match="additive_attention_forward"):
        additive_attention_backward(np.ones((2, 5)), {"block": "lstm_forward"})
    with pytest.raises(TypeError, match="cache must be"):
        additive_attention_backward(np.ones((2, 5)), None)


def test_init_attention_refuses_bad_input():
    with pytest.raises(ValueError, match="n_e must be an integer >= 1"):
        init_attention(3, 4, 0, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        init_attention(3, 4, 5, rng=0)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        init_attention(3, 4, 5, rng=np.random.default_rng(0), dtype=np.int32)
