"""Tests for dlspec.batchnorm (batch normalisation, Course 2 Week 3)."""

import numpy as np
import pytest

from dlspec.batchnorm import (
    BatchNorm,
    batchnorm_backward,
    batchnorm_backward_naive,
    batchnorm_forward,
)
from dlspec.gradcheck import check_backward

SHAPES = [(3, 5), (1, 3), (4, 8)]  # (n, m)


def random_inputs(rng, n, m):
    """Z far from normalised, and gamma, beta away from their 1, 0 starting values."""
    return {
        "Z": 3.0 * rng.standard_normal((n, m)) + rng.standard_normal((n, 1)),
        "gamma": rng.standard_normal((n, 1)),
        "beta": rng.standard_normal((n, 1)),
    }


def times_m(backward):
    """check_backward differentiates a sum over the examples; dgamma, dbeta carry 1/m."""

    def wrapped(dout, cache):
        dZ, dgamma, dbeta = backward(dout, cache)
        m = dout.shape[1]
        return dZ, dgamma * m, dbeta * m

    return wrapped


# --- forward ----------------------------------------------------------------------------


def test_forward_by_hand():
    Z = np.array([[1.0, 3.0], [5.0, 5.0]])  # row 0: mu = 2, var = 1; row 1 is constant
    gamma, beta = np.array([[2.0], [3.0]]), np.array([[0.5], [-1.0]])
    Z_tilde, (Z_centered, inv_std, Z_norm, cached_gamma) = batchnorm_forward(
        Z, gamma, beta, epsilon=1e-12
    )
    np.testing.assert_allclose(Z_tilde, [[-1.5, 2.5], [-1.0, -1.0]], rtol=1e-10, strict=True)
    np.testing.assert_array_equal(Z_centered, [[-1.0, 1.0], [0.0, 0.0]], strict=True)
    np.testing.assert_allclose(inv_std, [[1.0], [1e6]], rtol=1e-10, strict=True)
    np.testing.assert_allclose(Z_norm, [[-1.0, 1.0], [0.0, 0.0]], rtol=1e-10, strict=True)
    assert cached_gamma is gamma


def test_default_epsilon_is_1e_minus_5():
    Z = np.array([[1.0, 3.0]])  # var = 1
    Z_tilde, _ = batchnorm_forward(Z, np.ones((1, 1)), np.zeros((1, 1)))
    np.testing.assert_allclose(Z_tilde, [[-1.0, 1.0]] / np.sqrt(1.0 + 1e-5), rtol=1e-14)


def test_training_output_has_mean_beta_and_std_gamma(rng):
    inputs = random_inputs(rng, 4, 50)
    inputs["gamma"] = np.abs(inputs["gamma"]) + 0.1  # a std is positive
    Z_tilde, _ = batchnorm_forward(**inputs)
    np.testing.assert_allclose(Z_tilde.mean(axis=1, keepdims=True), inputs["beta"], atol=1e-12)
    np.testing.assert_allclose(Z_tilde.std(axis=1, keepdims=True), inputs["gamma"], rtol=1e-5)


def test_output_ignores_shift_and_scale_of_each_row(rng):
    inputs = random_inputs(rng, 3, 6)
    Z_tilde, _ = batchnorm_forward(**inputs, epsilon=1e-12)
    moved = {**inputs, "Z": 7.0 * inputs["Z"] - 4.0}
    np.testing.assert_allclose(batchnorm_forward(**moved, epsilon=1e-12)[0], Z_tilde, rtol=1e-9)


# --- backward ---------------------------------------------------------------------------


@pytest.mark.parametrize("backward", [batchnorm_backward, batchnorm_backward_naive])
@pytest.mark.parametrize("shape", SHAPES)
def test_backward_gradient_check(backward, shape, rng):
    errors = check_backward(
        batchnorm_forward,
        times_m(backward),
        random_inputs(rng, *shape),
        rng=rng,
        names=["Z", "gamma", "beta"],
    )
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("shape", SHAPES)
def test_naive_and_closed_form_agree(shape, rng):
    _, cache = batchnorm_forward(**random_inputs(rng, *shape))
    dZ_tilde = rng.standard_normal(shape)
    fast, naive = batchnorm_backward(dZ_tilde, cache), batchnorm_backward_naive(dZ_tilde, cache)
    for a, b in zip(fast, naive, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12, strict=True)


def test_dZ_is_orthogonal_to_constant_and_to_z_norm(rng):
    """Shifting or rescaling a row of Z does not change Z_norm, so dZ cannot point that way."""
    _, cache = batchnorm_forward(**random_inputs(rng, 3, 7), epsilon=1e-12)  # exact with 0
    dZ, _, _ = batchnorm_backward(rng.standard_normal((3, 7)), cache)
    Z_norm = cache[2]
    np.testing.assert_allclose(dZ.sum(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose((dZ * Z_norm).sum(axis=1), 0.0, atol=1e-10)


def test_two_examples_keep_only_the_sign():
    """With m = 2, Z_norm = +-1 (up to epsilon): Z barely matters, so dZ is about 0."""
    Z = np.array([[1.0, 3.0], [5.0, -2.0], [0.0, 0.5]])
    _, cache = batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)))
    np.testing.assert_allclose(cache[2], [[-1.0, 1.0], [1.0, -1.0], [-1.0, 1.0]], rtol=1e-3)
    dZ, dgamma, _ = batchnorm_backward(np.array([[1.0, -2.0], [3.0, 1.0], [-1.0, -1.0]]), cache)
    np.testing.assert_allclose(dgamma, [[-1.5], [1.0], [0.0]], rtol=1e-4, atol=1e-12)
    assert np.max(np.abs(dZ)) < 2e-3


def test_backward_parameter_gradients_by_hand():
    Z = np.array([[1.0, 3.0]])  # Z_norm = [-1, 1] (epsilon tiny)
    _, cache = batchnorm_forward(Z, np.array([[2.0]]), np.zeros((1, 1)), epsilon=1e-12)
    dZ, dgamma, dbeta = batchnorm_backward(np.array([[1.0, 3.0]]), cache)
    np.testing.assert_allclose(dbeta, [[2.0]], strict=True)  # (1 + 3) / 2
    np.testing.assert_allclose(dgamma, [[1.0]], rtol=1e-10, strict=True)  # (-1 + 3) / 2
    # gamma s (dZ_tilde - dbeta - Z_norm dgamma) = 2 ([1, 3] - 2 - [-1, 1]) = 0
    np.testing.assert_allclose(dZ, [[0.0, 0.0]], atol=1e-10, strict=True)


# --- the layer ---------------------------------------------------------------------------


def test_layer_starts_as_plain_normalisation(rng):
    layer = BatchNorm(3)
    Z = rng.standard_normal((3, 6))
    np.testing.assert_array_equal(layer.gamma, np.ones((3, 1)), strict=True)
    np.testing.assert_array_equal(layer.running_var, np.ones((3, 1)), strict=True)
    expected, _ = batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)))
    np.testing.assert_array_equal(layer.forward(Z, training=True), expected, strict=True)
    assert "BatchNorm(3, momentum=0.9" in repr(layer)


def test_training_updates_running_stats_by_hand():
    layer = BatchNorm(1, momentum=0.75, epsilon=1e-12)
    layer.forward(np.array([[1.0, 3.0]]), training=True)  # mu = 2, var = 1, unbiased 2
    np.testing.assert_allclose(layer.running_mean, [[0.5]], strict=True)  # 0.75 * 0 + 0.25 * 2
    np.testing.assert_allclose(layer.running_var, [[1.25]], strict=True)  # 0.75 * 1 + 0.25 * 2


def test_inference_uses_running_stats_and_is_deterministic(rng):
    layer = BatchNorm(3)
    for _ in range(5):
        layer.forward(rng.standard_normal((3, 8)) + 2.0, training=True)
    layer.gamma, layer.beta = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    stats = layer.running_mean.copy(), layer.running_var.copy()
    Z = rng.standard_normal((3, 4))
    out = layer.forward(Z, training=False)
    expected = (Z - stats[0]) / np.sqrt(stats[1] + 1e-5) * layer.gamma + layer.beta
    np.testing.assert_allclose(out, expected, rtol=1e-12, strict=True)
    np.testing.assert_array_equal(layer.forward(Z, training=False), out, strict=True)
    # One example at a time gives the same columns: no example depends on the others.
    np.testing.assert_array_equal(layer.forward(Z[:, 2:3], training=False), out[:, 2:3])
    np.testing.assert_array_equal(layer.running_mean, stats[0], strict=True)
    np.testing.assert_array_equal(layer.running_var, stats[1], strict=True)


def test_running_stats_converge_to_the_data_statistics(rng):
    mean, std = np.array([[3.0], [-2.0], [0.5]]), np.array([[2.0], [0.5], [1.0]])
    layer = BatchNorm(3)
    for _ in range(200):
        layer.forward(mean + std * rng.standard_normal((3, 64)), training=True)
    # Errors are about 0.03 std for the mean and 0.04 var for the variance (5 sigma margins).
    np.testing.assert_allclose(layer.running_mean, mean, atol=0.15 * std.min())
    np.testing.assert_allclose(layer.running_var, std**2, rtol=0.2)
    # At inference, fresh data from the same distribution comes out about standardised.
    out = layer.forward(mean + std * rng.standard_normal((3, 2000)), training=False)
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=0.2)
    np.testing.assert_allclose(out.std(axis=1), 1.0, atol=0.2)


def test_layer_backward_matches_the_function(rng):
    layer = BatchNorm(2)
    layer.gamma = rng.standard_normal((2, 1))
    Z, dZ_tilde = rng.standard_normal((2, 5)), rng.standard_normal((2, 5))
    layer.forward(Z, training=True)
    _, cache = batchnorm_forward(Z, layer.gamma, layer.beta)
    for a, b in zip(layer.backward(dZ_tilde), batchnorm_backward(dZ_tilde, cache), strict=True):
        np.testing.assert_array_equal(a, b, strict=True)


# --- float32 -----------------------------------------------------------------------------


def test_float32_stays_float32(rng):
    inputs = {k: v.astype(np.float32) for k, v in random_inputs(rng, 3, 6).items()}
    Z_tilde, cache = batchnorm_forward(**inputs)
    assert Z_tilde.dtype == np.float32 and all(a.dtype == np.float32 for a in cache)
    dZ_tilde = rng.standard_normal((3, 6)).astype(np.float32)
    for backward in (batchnorm_backward, batchnorm_backward_naive):
        assert all(g.dtype == np.float32 for g in backward(dZ_tilde, cache))
    expected, _ = batchnorm_forward(**{k: v.astype(np.float64) for k, v in inputs.items()})
    np.testing.assert_allclose(Z_tilde, expected, rtol=1e-4, atol=1e-5)

    layer = BatchNorm(3, dtype=np.float32)
    assert layer.forward(inputs["Z"], training=True).dtype == np.float32
    assert layer.running_mean.dtype == np.float32 and layer.running_var.dtype == np.float32
    assert layer.forward(inputs["Z"], training=False).dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.backward(dZ_tilde))


def test_integer_input_becomes_float64():
    Z_tilde, _ = batchnorm_forward(np.array([[1, 3]]), np.ones((1, 1), int), np.zeros((1, 1), int))
    assert Z_tilde.dtype == np.float64


# --- errors -------------------------------------------------------------------------------


def test_function_errors():
    Z, gamma, beta = np.ones((2, 3)), np.ones((2, 1)), np.zeros((2, 1))
    with pytest.raises(ValueError, match=r"at least two examples \(m >= 2\), got Z of shape"):
        batchnorm_forward(np.ones((2, 1)), gamma, beta)
    with pytest.raises(ValueError, match=r"Z must have shape \(n, m\), got \(3,\)"):
        batchnorm_forward(np.ones(3), gamma, beta)
    with pytest.raises(
        ValueError, match=r"gamma must have shape \(2, 1\) to match Z of shape \(2, 3\), got \(2,\)"
    ):
        batchnorm_forward(Z, np.ones(2), beta)
    with pytest.raises(ValueError, match=r"beta must have shape \(2, 1\)"):
        batchnorm_forward(Z, gamma, np.zeros((1, 2)))
    with pytest.raises(ValueError, match="epsilon must be positive"):
        batchnorm_forward(Z, gamma, beta, epsilon=0.0)
    with pytest.raises(TypeError, match="Z must be a numeric"):
        batchnorm_forward(np.array([["a", "b"]]), gamma, beta)
    Z = np.array([[1.0, 2.0, 4.0], [0.0, 1.0, 0.0]])
    _, cache = batchnorm_forward(Z, gamma, beta)
    with pytest.raises(TypeError, match=r"cache must be the tuple \(Z_centered, inv_std"):
        batchnorm_backward(np.ones((2, 3)), cache[:3])
    with pytest.raises(
        ValueError, match=r"dZ_tilde must have shape \(2, 3\) to match Z_norm of shape \(2, 3\)"
    ):
        batchnorm_backward_naive(np.ones((3, 2)), cache)


def test_layer_errors():
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        BatchNorm(0)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\), got 1.0"):
        BatchNorm(2, momentum=1.0)
    with pytest.raises(ValueError, match="momentum must be a finite number"):
        BatchNorm(2, momentum=-0.1)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        BatchNorm(2, dtype=np.int32)
    layer = BatchNorm(2)
    with pytest.raises(RuntimeError, match=r"call forward\(Z, training=True\) before backward"):
        layer.backward(np.ones((2, 3)))
    with pytest.raises(TypeError, match="training must be True or False, got int"):
        layer.forward(np.ones((2, 3)), training=1)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'training'"):
        layer.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"Z must have shape \(2, m\) to match BatchNorm\(2\)"):
        layer.forward(np.ones((3, 4)), training=False)
    with pytest.raises(TypeError, match="Z must have dtype float64 like the layer's parameters"):
        layer.forward(np.ones((2, 4), dtype=np.float32), training=True)
    with pytest.raises(ValueError, match=r"m >= 2"):
        layer.forward(np.ones((2, 1)), training=True)
    assert layer.forward(np.ones((2, 1)), training=False).shape == (2, 1)  # fine at test time
