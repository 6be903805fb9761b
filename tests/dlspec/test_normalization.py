"""Tests for dlspec.normalization (batch normalisation, Course 2 Week 3)."""

import functools

import numpy as np
import pytest

from dlspec.gradcheck import check_backward
from dlspec.layers import linear_forward
from dlspec.normalization import (
    BatchNorm,
    batchnorm_backward,
    batchnorm_backward_naive,
    batchnorm_forward,
)

SHAPES = [(3, 5), (1, 3), (4, 8), (2, 11)]  # (n, m); m = 1 is refused, m = 2 leaves dZ ~ 0
BACKWARDS = [batchnorm_backward, batchnorm_backward_naive]


def random_inputs(rng, n, m):
    """Z far from normalised, and gamma, beta away from their 1, 0 starting values."""
    Z = 3.0 * rng.standard_normal((n, m)) + rng.standard_normal((n, 1))
    return Z, {"gamma": rng.standard_normal((n, 1)), "beta": rng.standard_normal((n, 1))}


def normalise_by_hand(Z, mean, var, gamma, beta, epsilon):
    """gamma (Z - mean) / sqrt(var + epsilon) + beta, written out once for the tests."""
    return gamma * (Z - mean) / np.sqrt(var + epsilon) + beta


# --- forward ----------------------------------------------------------------------------


def test_forward_by_hand():
    Z = np.array([[1.0, 3.0], [5.0, 5.0]])  # row 0: mu = 2, var = 1; row 1 is constant
    params = {"gamma": np.array([[2.0], [3.0]]), "beta": np.array([[0.5], [-1.0]])}
    Z_tilde, cache = batchnorm_forward(Z, params, epsilon=1e-12)
    np.testing.assert_allclose(Z_tilde, [[-1.5, 2.5], [-1.0, -1.0]], rtol=1e-10, strict=True)
    np.testing.assert_array_equal(cache["mu"], [[2.0], [5.0]], strict=True)
    np.testing.assert_array_equal(cache["var"], [[1.0], [0.0]], strict=True)
    np.testing.assert_array_equal(cache["Z_centered"], [[-1.0, 1.0], [0.0, 0.0]], strict=True)
    np.testing.assert_allclose(cache["inv_std"], [[1.0], [1e6]], rtol=1e-10, strict=True)
    np.testing.assert_allclose(cache["Z_norm"], [[-1.0, 1.0], [0.0, 0.0]], rtol=1e-10, strict=True)
    assert cache["gamma"] is params["gamma"] and cache["epsilon"] == 1e-12


def test_default_epsilon_is_1e_minus_5():
    Z = np.array([[1.0, 3.0]])  # var = 1
    Z_tilde, _ = batchnorm_forward(Z, {"gamma": np.ones((1, 1)), "beta": np.zeros((1, 1))})
    np.testing.assert_allclose(Z_tilde, [[-1.0, 1.0]] / np.sqrt(1.0 + 1e-5), rtol=1e-14)


def test_forward_matches_the_formula_with_numpy_statistics(rng):
    Z, params = random_inputs(rng, 3, 7)
    Z_tilde, _ = batchnorm_forward(Z, params, epsilon=1e-3)
    mean, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)  # biased variance
    expected = normalise_by_hand(Z, mean, var, params["gamma"], params["beta"], 1e-3)
    np.testing.assert_allclose(Z_tilde, expected, rtol=1e-12, atol=1e-14, strict=True)


def test_training_output_has_mean_beta_and_std_gamma(rng):
    Z, params = random_inputs(rng, 4, 50)
    params["gamma"] = np.abs(params["gamma"]) + 0.1  # a std is positive
    Z_tilde, _ = batchnorm_forward(Z, params)
    np.testing.assert_allclose(Z_tilde.mean(axis=1, keepdims=True), params["beta"], atol=1e-12)
    np.testing.assert_allclose(Z_tilde.std(axis=1, keepdims=True), params["gamma"], rtol=1e-5)


def test_output_ignores_shift_and_scale_of_each_row(rng):
    Z, params = random_inputs(rng, 3, 6)
    Z_tilde, _ = batchnorm_forward(Z, params, epsilon=1e-12)
    moved, _ = batchnorm_forward(7.0 * Z - 4.0, params, epsilon=1e-12)
    np.testing.assert_allclose(moved, Z_tilde, rtol=1e-9)


# --- backward ---------------------------------------------------------------------------


@pytest.mark.parametrize("backward", BACKWARDS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", SHAPES)
def test_backward_gradient_check(backward, shape, rng):
    Z, params = random_inputs(rng, *shape)
    errors = check_backward(batchnorm_forward, backward, Z, params, rng=rng)
    assert set(errors) == {"x", "gamma", "beta"}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("epsilon", [1e-8, 0.5])
def test_backward_gradient_check_with_another_epsilon(epsilon, rng):
    """epsilon travels in the cache: the backward pass takes no configuration."""
    Z, params = random_inputs(rng, 3, 6)
    forward = functools.partial(batchnorm_forward, epsilon=epsilon)
    errors = check_backward(forward, batchnorm_backward, Z, params, rng=rng)
    assert max(errors.values()) < 1e-7


def test_layer_training_forward_and_batchnorm_backward_gradient_check(rng):
    """The pair a network uses: BatchNorm.forward(training=True), then batchnorm_backward."""
    Z, params = random_inputs(rng, 3, 6)
    layer = BatchNorm(3)
    forward = functools.partial(layer.forward, training=True)
    errors = check_backward(forward, batchnorm_backward, Z, params, rng=rng)
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("shape", SHAPES)
def test_naive_and_closed_form_agree(shape, rng):
    """A cross-check only: each is gradient-checked on its own above."""
    _, cache = batchnorm_forward(*random_inputs(rng, *shape))
    dZ_tilde = rng.standard_normal(shape)
    dZ_fast, fast = batchnorm_backward(dZ_tilde, cache)
    dZ_naive, naive = batchnorm_backward_naive(dZ_tilde, cache)
    np.testing.assert_allclose(dZ_fast, dZ_naive, rtol=1e-10, atol=1e-12, strict=True)
    assert set(fast) == set(naive) == {"dgamma", "dbeta"}
    for key in fast:
        np.testing.assert_allclose(fast[key], naive[key], rtol=1e-10, atol=1e-12, strict=True)


def test_dZ_is_orthogonal_to_constant_and_to_z_norm(rng):
    """Shifting or rescaling a row of Z does not change Z_norm, so dZ cannot point that way."""
    _, cache = batchnorm_forward(*random_inputs(rng, 3, 7), epsilon=1e-12)  # exact with 0
    dZ, _ = batchnorm_backward(rng.standard_normal((3, 7)), cache)
    np.testing.assert_allclose(dZ.sum(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose((dZ * cache["Z_norm"]).sum(axis=1), 0.0, atol=1e-10)


def test_two_examples_keep_only_the_sign():
    """With m = 2, Z_norm = +-1 (up to epsilon): Z barely matters, so dZ is about 0."""
    Z = np.array([[1.0, 3.0], [5.0, -2.0], [0.0, 0.5]])
    _, cache = batchnorm_forward(Z, {"gamma": np.ones((3, 1)), "beta": np.zeros((3, 1))})
    np.testing.assert_allclose(cache["Z_norm"], [[-1.0, 1.0], [1.0, -1.0], [-1.0, 1.0]], rtol=1e-3)
    dZ, grads = batchnorm_backward(np.array([[1.0, -2.0], [3.0, 1.0], [-1.0, -1.0]]), cache)
    np.testing.assert_allclose(grads["dgamma"], [[-1.5], [1.0], [0.0]], rtol=1e-4, atol=1e-12)
    assert np.max(np.abs(dZ)) < 2e-3


@pytest.mark.parametrize("backward", BACKWARDS, ids=lambda f: f.__name__)
def test_backward_by_hand(backward):
    Z = np.array([[1.0, 3.0]])  # Z_norm = [-1, 1] (epsilon tiny)
    params = {"gamma": np.array([[2.0]]), "beta": np.zeros((1, 1))}
    _, cache = batchnorm_forward(Z, params, epsilon=1e-12)
    dZ, grads = backward(np.array([[1.0, 3.0]]), cache)
    np.testing.assert_allclose(grads["dbeta"], [[2.0]], strict=True)  # (1 + 3) / 2
    np.testing.assert_allclose(grads["dgamma"], [[1.0]], rtol=1e-10, strict=True)  # (-1 + 3) / 2
    # gamma s (dZ_tilde - dbeta - Z_norm dgamma) = 2 ([1, 3] - 2 - [-1, 1]) = 0
    np.testing.assert_allclose(dZ, [[0.0, 0.0]], atol=1e-10, strict=True)


@pytest.mark.parametrize("backward", BACKWARDS, ids=lambda f: f.__name__)
def test_backward_by_hand_three_examples(backward):
    """Z = [0, 1, 2]: mu = 1, var = 2/3, s = sqrt(3/2), Z_norm = s [-1, 0, 1]; gamma = 1."""
    Z = np.array([[0.0, 1.0, 2.0]])
    params = {"gamma": np.ones((1, 1)), "beta": np.zeros((1, 1))}
    _, cache = batchnorm_forward(Z, params, epsilon=1e-14)
    s = np.sqrt(1.5)
    dZ, grads = backward(np.array([[3.0, 0.0, 0.0]]), cache)
    # dbeta = 3 / 3 = 1; dgamma = 3 (-s) / 3 = -s
    np.testing.assert_allclose(grads["dbeta"], [[1.0]], rtol=1e-15, strict=True)
    np.testing.assert_allclose(grads["dgamma"], [[-s]], rtol=1e-12, strict=True)
    # dZ = s (dZ_tilde - dbeta - Z_norm dgamma) = s ([3, 0, 0] - 1 - s^2 [1, 0, -1])
    #    = s ([2, -1, -1] - [1.5, 0, -1.5]) = s [0.5, -1, 0.5]
    np.testing.assert_allclose(dZ, s * np.array([[0.5, -1.0, 0.5]]), rtol=1e-12, strict=True)


# --- the layer: running statistics ---------------------------------------------------------


def test_initial_params_are_the_identity_transform():
    params = BatchNorm(3).initial_params()
    assert set(params) == {"gamma", "beta"}
    np.testing.assert_array_equal(params["gamma"], np.ones((3, 1)), strict=True)
    np.testing.assert_array_equal(params["beta"], np.zeros((3, 1)), strict=True)
    params32 = BatchNorm(2, dtype=np.float32).initial_params()
    assert params32["gamma"].dtype == params32["beta"].dtype == np.float32


def test_layer_starts_as_plain_normalisation(rng):
    layer = BatchNorm(3)
    np.testing.assert_array_equal(layer.running_mean, np.zeros((3, 1)), strict=True)
    np.testing.assert_array_equal(layer.running_var, np.ones((3, 1)), strict=True)
    Z = rng.standard_normal((3, 6))
    Z_tilde, cache = layer.forward(Z, layer.initial_params(), training=True)
    expected = (Z - Z.mean(axis=1, keepdims=True)) / np.sqrt(Z.var(axis=1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(Z_tilde, expected, rtol=1e-12, atol=1e-14, strict=True)
    assert cache["block"] == "batchnorm_forward"  # for batchnorm_backward
    assert "BatchNorm(3, momentum=0.9" in repr(layer)


def test_training_updates_running_stats_by_hand():
    layer = BatchNorm(2, momentum=0.75, epsilon=1e-12)
    params = layer.initial_params()
    # Row 0: mu = 2, var = 1, unbiased (m / (m - 1)) 2; row 1 constant: mu = 0, var = 0.
    Z_tilde, _ = layer.forward(np.array([[1.0, 3.0], [0.0, 0.0]]), params, training=True)
    np.testing.assert_allclose(Z_tilde, [[-1.0, 1.0], [0.0, 0.0]], rtol=1e-10, atol=0)
    np.testing.assert_allclose(layer.running_mean, [[0.5], [0.0]], strict=True)  # 0.25 mu
    np.testing.assert_allclose(layer.running_var, [[1.25], [0.75]], strict=True)  # 0.75 + 0.25 v
    # Row 0: [0, 4, 8], mu = 4, var = 32/3, unbiased 16; row 1: [2, 2, 8], mu = 4, unbiased 12.
    layer.forward(np.array([[0.0, 4.0, 8.0], [2.0, 2.0, 8.0]]), params, training=True)
    # 0.75 * 0.5 + 0.25 * 4 = 1.375;   0.75 * 0 + 0.25 * 4 = 1
    np.testing.assert_allclose(layer.running_mean, [[1.375], [1.0]], rtol=1e-15, strict=True)
    # 0.75 * 1.25 + 0.25 * 16 = 4.9375;   0.75 * 0.75 + 0.25 * 12 = 3.5625
    np.testing.assert_allclose(layer.running_var, [[4.9375], [3.5625]], rtol=1e-14, strict=True)


def test_momentum_zero_keeps_only_the_last_batch():
    layer = BatchNorm(1, momentum=0.0)
    params = layer.initial_params()
    layer.forward(np.array([[10.0, 20.0, 60.0]]), params, training=True)
    layer.forward(np.array([[1.0, 2.0, 3.0, 6.0]]), params, training=True)
    # mu = 3; squared deviations 4, 1, 0, 9: unbiased variance 14 / 3
    np.testing.assert_allclose(layer.running_mean, [[3.0]], rtol=1e-15, strict=True)
    np.testing.assert_allclose(layer.running_var, [[14 / 3]], rtol=1e-14, strict=True)


def test_reset_forgets_the_running_statistics(rng):
    layer = BatchNorm(2, momentum=0.5, dtype=np.float32)
    Z = rng.standard_normal((2, 5)).astype(np.float32) + 3.0
    layer.forward(Z, layer.initial_params(), training=True)
    assert np.all(layer.running_mean != 0.0)
    layer.reset()
    np.testing.assert_array_equal(layer.running_mean, np.zeros((2, 1), np.float32), strict=True)
    np.testing.assert_array_equal(layer.running_var, np.ones((2, 1), np.float32), strict=True)


def test_inference_uses_running_stats_and_is_deterministic(rng):
    layer = BatchNorm(3)
    params = layer.initial_params()
    for _ in range(5):
        layer.forward(rng.standard_normal((3, 8)) + 2.0, params, training=True)
    params = {"gamma": rng.standard_normal((3, 1)), "beta": rng.standard_normal((3, 1))}
    stats = layer.running_mean.copy(), layer.running_var.copy()
    Z = rng.standard_normal((3, 4))
    out, cache = layer.forward(Z, params, training=False)
    assert cache is None
    expected = normalise_by_hand(Z, *stats, params["gamma"], params["beta"], 1e-5)
    np.testing.assert_allclose(out, expected, rtol=1e-12, strict=True)
    np.testing.assert_array_equal(layer.forward(Z, params, training=False)[0], out, strict=True)
    # One example at a time gives the same columns: no example depends on the others.
    np.testing.assert_array_equal(layer.forward(Z[:, 2:3], params, training=False)[0], out[:, 2:3])
    np.testing.assert_array_equal(layer.running_mean, stats[0], strict=True)
    np.testing.assert_array_equal(layer.running_var, stats[1], strict=True)


def test_running_stats_converge_to_the_data_statistics(rng):
    mean, std = np.array([[3.0], [-2.0], [0.5]]), np.array([[2.0], [0.5], [1.0]])
    layer = BatchNorm(3)
    params = layer.initial_params()
    for _ in range(200):
        layer.forward(mean + std * rng.standard_normal((3, 64)), params, training=True)
    # Errors are about 0.03 std for the mean and 0.04 var for the variance (5 sigma margins).
    np.testing.assert_allclose(layer.running_mean, mean, atol=0.15 * std.min())
    np.testing.assert_allclose(layer.running_var, std**2, rtol=0.2)
    # At inference, fresh data from the same distribution comes out about standardised.
    out, _ = layer.forward(mean + std * rng.standard_normal((3, 2000)), params, training=False)
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=0.2)
    np.testing.assert_allclose(out.std(axis=1), 1.0, atol=0.2)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_training_batch_is_refused_and_changes_nothing(bad, rng):
    layer = BatchNorm(2, momentum=0.5)
    params = layer.initial_params()
    layer.forward(rng.standard_normal((2, 5)), params, training=True)
    stats = layer.running_mean.copy(), layer.running_var.copy()
    Z = rng.standard_normal((2, 5))
    Z[1, 3] = bad
    found = "NaN" if np.isnan(bad) else "infinity"
    with pytest.raises(ValueError, match=f"Z must contain only finite numbers, found {found}"):
        layer.forward(Z, params, training=True)
    np.testing.assert_array_equal(layer.running_mean, stats[0], strict=True)
    np.testing.assert_array_equal(layer.running_var, stats[1], strict=True)


# --- float32 -----------------------------------------------------------------------------


def test_float32_stays_float32(rng):
    Z, params = random_inputs(rng, 3, 6)
    Z32 = Z.astype(np.float32)
    params32 = {k: v.astype(np.float32) for k, v in params.items()}
    Z_tilde, cache = batchnorm_forward(Z32, params32)
    assert Z_tilde.dtype == np.float32
    assert all(v.dtype == np.float32 for v in cache.values() if isinstance(v, np.ndarray))
    dZ_tilde = rng.standard_normal((3, 6)).astype(np.float32)
    for backward in BACKWARDS:
        dZ, grads = backward(dZ_tilde, cache)
        assert dZ.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
    expected, _ = batchnorm_forward(Z, params)
    np.testing.assert_allclose(Z_tilde, expected, rtol=1e-4, atol=1e-5)

    layer = BatchNorm(3, dtype=np.float32)
    params32 = layer.initial_params()
    assert layer.forward(Z32, params32, training=True)[0].dtype == np.float32
    assert layer.running_mean.dtype == np.float32 and layer.running_var.dtype == np.float32
    assert layer.forward(Z32, params32, training=False)[0].dtype == np.float32


def test_integer_input_becomes_float64():
    params = {"gamma": np.ones((1, 1), int), "beta": np.zeros((1, 1), int)}
    Z_tilde, _ = batchnorm_forward(np.array([[1, 3]]), params)
    assert Z_tilde.dtype == np.float64


# --- errors -------------------------------------------------------------------------------


def test_function_errors():
    params = {"gamma": np.ones((2, 1)), "beta": np.zeros((2, 1))}
    Z = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"at least two examples \(m >= 2\), got Z of shape"):
        batchnorm_forward(np.ones((2, 1)), params)
    with pytest.raises(ValueError, match=r"Z must have shape \(n, m\), got \(3,\)"):
        batchnorm_forward(np.ones(3), params)
    with pytest.raises(
        ValueError, match=r"gamma must have shape \(2, 1\) to match Z of shape \(2, 3\), got \(2,\)"
    ):
        batchnorm_forward(Z, {**params, "gamma": np.ones(2)})
    with pytest.raises(ValueError, match=r"beta must have shape \(2, 1\)"):
        batchnorm_forward(Z, {**params, "beta": np.zeros((1, 2))})
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['beta'\]"):
        batchnorm_forward(Z, {"gamma": np.ones((2, 1))})
    with pytest.raises(TypeError, match=r"params must be a dict with keys \['gamma', 'beta'\]"):
        batchnorm_forward(Z, (np.ones((2, 1)), np.zeros((2, 1))))  # the old (gamma, beta)
    with pytest.raises(ValueError, match="epsilon must be positive"):
        batchnorm_forward(Z, params, epsilon=0.0)
    with pytest.raises(TypeError, match="Z must be a numeric"):
        batchnorm_forward(np.array([["a", "b"]]), params)


@pytest.mark.parametrize("backward", BACKWARDS, ids=lambda f: f.__name__)
def test_backward_refuses_a_dout_of_the_wrong_shape(backward):
    Z = np.array([[1.0, 2.0, 4.0], [0.0, 1.0, 0.0]])
    _, cache = batchnorm_forward(Z, {"gamma": np.ones((2, 1)), "beta": np.zeros((2, 1))})
    with pytest.raises(
        ValueError,
        match=r"dZ_tilde must have shape \(2, 3\), the shape of batchnorm_forward's output, "
        r"got \(3, 2\)",
    ):
        backward(np.ones((3, 2)), cache)


@pytest.mark.parametrize("backward", BACKWARDS, ids=lambda f: f.__name__)
def test_backward_refuses_a_cache_from_another_block(backward):
    _, cache = linear_forward(np.ones((2, 3)), {"W": np.ones((2, 2)), "b": np.zeros((2, 1))})
    with pytest.raises(
        TypeError,
        match="cache was made by linear_forward, but this backward pass needs batchnorm_forward's",
    ):
        backward(np.ones((2, 3)), cache)
    with pytest.raises(  # the old convention's tuple
        TypeError, match="cache must be the cache returned by batchnorm_forward, got tuple"
    ):
        backward(np.ones((2, 3)), (np.ones((2, 3)), np.ones((2, 1))))


def test_layer_errors():
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        BatchNorm(0)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\), got 1.0"):
        BatchNorm(2, momentum=1.0)
    with pytest.raises(ValueError, match="momentum must be a finite number"):
        BatchNorm(2, momentum=-0.1)
    with pytest.raises(ValueError, match="epsilon must be positive"):
        BatchNorm(2, epsilon=0.0)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        BatchNorm(2, dtype=np.int32)
    layer = BatchNorm(2)
    params = layer.initial_params()
    with pytest.raises(TypeError, match="training must be True or False, got int"):
        layer.forward(np.ones((2, 3)), params, training=1)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'training'"):
        layer.forward(np.ones((2, 3)), params)
    with pytest.raises(ValueError, match=r"Z must have shape \(2, m\) to match BatchNorm\(2\)"):
        layer.forward(np.ones((3, 4)), params, training=False)
    with pytest.raises(TypeError, match="Z must have dtype float64 like the layer's statistics"):
        layer.forward(np.ones((2, 4), dtype=np.float32), params, training=True)
    with pytest.raises(ValueError, match=r"m >= 2"):
        layer.forward(np.ones((2, 1)), params, training=True)
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['beta'\]"):
        layer.forward(np.ones((2, 3)), {"gamma": np.ones((2, 1))}, training=False)
    Z_tilde, cache = layer.forward(np.ones((2, 1)), params, training=False)  # fine at test time
    assert Z_tilde.shape == (2, 1) and cache is None
