"""Tests for dlspec.layer_norm (Course 5, Week 4).

Oracles: plain loops over every vector, the property that each normalised vector has mean 0
and variance sigma^2 / (sigma^2 + eps), a number worked by hand, and the package's gradient
checker on odd shapes (m = 1, T = 1, widths not a multiple of 8).
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward
from dlspec.layer_norm import layer_norm_backward, layer_norm_forward

SHAPES = [(2, 3, 5), (1, 1, 12), (3, 4, 20), (1, 7), (2, 3, 2, 3)]
IDS = ["x".join(map(str, s)) for s in SHAPES]


def random_params(rng, d):
    return {"gamma": 1.0 + 0.5 * rng.standard_normal(d), "beta": rng.standard_normal(d)}


def loop_layer_norm(x, gamma, beta, eps):
    """Layer norm vector by vector, with Python sums."""
    out = np.zeros_like(x)
    d = x.shape[-1]
    for idx in np.ndindex(x.shape[:-1]):
        v = [float(a) for a in x[idx]]
        mu = sum(v) / d
        var = sum((a - mu) ** 2 for a in v) / d
        out[idx] = [gamma[j] * (v[j] - mu) / math.sqrt(var + eps) + beta[j] for j in range(d)]
    return out


def test_layer_norm_by_hand():
    # [1, 2, 3]: mean 2, variance 2/3; eps tiny
    out, _ = layer_norm_forward(np.array([[1.0, 2.0, 3.0]]), {"gamma": np.array([1.0, 2.0, 1.0]),
                                                              "beta": np.array([0.0, 0.0, 5.0])}, eps=1e-12)
    s = math.sqrt(2 / 3)
    np.testing.assert_allclose(out, [[-1 / s, 0.0, 5 + 1 / s]], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_layer_norm_equals_plain_loops(shape, rng):
    x = 3.0 * rng.standard_normal(shape) + 1.0
    params = random_params(rng, shape[-1])
    out, _ = layer_norm_forward(x, params, eps=1e-5)
    np.testing.assert_allclose(out, loop_layer_norm(x, params["gamma"], params["beta"], 1e-5),
                               rtol=1e-12, atol=1e-13, strict=True)


def test_each_vector_has_mean_0_and_variance_about_1(rng):
    x = 10.0 * rng.standard_normal((4, 6, 20)) - 3.0
    d = 20
    out, _ = layer_norm_forward(x, {"gamma": np.ones(d), "beta": np.zeros(d)})
    np.testing.assert_allclose(out.mean(axis=-1), 0.0, atol=1e-14)
    var = x.var(axis=-1)
    np.testing.assert_allclose(out.var(axis=-1), var / (var + 1e-6), rtol=1e-12)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_layer_norm_gradients(shape, rng):
    x = rng.standard_normal(shape)
    params = random_params(rng, shape[-1])
    errors = check_backward(layer_norm_forward, layer_norm_backward, x, params, rng=rng, m=shape[0])
    assert max(errors.values()) < 1e-7, errors


def test_float32_stays_float32(rng):
    x = rng.standard_normal((2, 3, 12)).astype(np.float32)
    params = {k: v.astype(np.float32) for k, v in random_params(rng, 12).items()}
    out, cache = layer_norm_forward(x, params)
    assert out.dtype == np.float32
    dx, grads = layer_norm_backward(np.ones_like(out), cache)
    assert dx.dtype == grads["dgamma"].dtype == grads["dbeta"].dtype == np.float32
    np.testing.assert_allclose(out, loop_layer_norm(x.astype(np.float64), params["gamma"], params["beta"], 1e-6),
                               rtol=1e-5, atol=1e-5)


def test_a_constant_vector_stays_finite():
    out, cache = layer_norm_forward(np.full((1, 2, 4), 7.0), {"gamma": np.ones(4), "beta": np.arange(4.0)})
    np.testing.assert_array_equal(out, np.broadcast_to(np.arange(4.0), (1, 2, 4)))
    dx, _ = layer_norm_backward(np.ones((1, 2, 4)), cache)
    assert np.all(np.isfinite(dx))


@pytest.mark.parametrize(("x", "params", "kwargs", "error", "match"), [
    (np.zeros(4), None, {}, ValueError, r"x must have shape \(m, \.\.\., d\)"),
    (np.zeros((2, 0)), None, {}, ValueError, "x must not have an empty axis"),
    (np.full((2, 4), np.nan), None, {}, ValueError, "x must contain only finite"),
    (np.zeros((2, 4)), {"gamma": np.ones(3), "beta": np.zeros(4)}, {}, ValueError,
     r"gamma must have shape \(4,\) to match the last axis of x"),
    (np.zeros((2, 4)), {"gamma": np.ones(4)}, {}, ValueError, "missing key"),
    (np.zeros((2, 4)), None, {"eps": 0.0}, ValueError, "eps must be positive"),
    (np.array([["a"]]), None, {}, TypeError, "x must be a numeric"),
])
def test_bad_input(x, params, kwargs, error, match):
    params = {"gamma": np.ones(4), "beta": np.zeros(4)} if params is None else params
    with pytest.raises(error, match=match):
        layer_norm_forward(x, params, **kwargs)


def test_backward_checks_dout():
    _, cache = layer_norm_forward(np.ones((2, 4)), {"gamma": np.ones(4), "beta": np.zeros(4)})
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 4\)"):
        layer_norm_backward(np.ones((2, 3)), cache)
