"""Tests for dlspec.initializers (zeros, random, Xavier, He; Course 2 Week 1)."""

import numpy as np
import pytest

from dlspec.deep_network import deep_backward, deep_forward, update_parameters
from dlspec.initializers import (
    he_normal,
    initialize_parameters,
    scaled_normal,
    xavier_normal,
    zeros,
)

METHODS = ["zeros", "random", "xavier", "he"]


def random_labels(rng, shape):
    return (rng.random(shape) < 0.5).astype(np.float64)


# --- shapes, biases, dtypes ----------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_shapes_and_zero_biases(method, rng):
    params = initialize_parameters([3, 4, 2, 1], method=method, rng=rng)
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [params[f"W{l}"].shape for l in (1, 2, 3)] == [(4, 3), (2, 4), (1, 2)]
    for l, n in ((1, 4), (2, 2), (3, 1)):
        np.testing.assert_array_equal(params[f"b{l}"], np.zeros((n, 1)), strict=True)


@pytest.mark.parametrize("method", METHODS)
def test_float32_is_kept_and_draws_do_not_depend_on_dtype(method):
    a = initialize_parameters([5, 3, 1], method=method, rng=np.random.default_rng(4))
    b = initialize_parameters(
        [5, 3, 1], method=method, rng=np.random.default_rng(4), dtype=np.float32
    )
    assert all(v.dtype == np.float64 for v in a.values())
    assert all(v.dtype == np.float32 for v in b.values())
    for key in a:
        np.testing.assert_allclose(b[key], a[key].astype(np.float32), strict=True)


def test_single_matrix_functions(rng):
    np.testing.assert_array_equal(zeros((2, 3)), np.zeros((2, 3)), strict=True)
    assert zeros((4, 1), dtype=np.float32).dtype == np.float32
    assert scaled_normal((3, 2), 0.5, rng=rng).shape == (3, 2)
    assert xavier_normal(4, 7, rng=rng).shape == (4, 7)
    assert he_normal(1, 7, rng=rng, dtype=np.float32).dtype == np.float32
    np.testing.assert_array_equal(scaled_normal((2, 2), 0.0, rng=rng), np.zeros((2, 2)))


def test_initialize_parameters_uses_the_single_matrix_functions():
    """Same seed, same draws: "he" is he_normal layer by layer, "random" is scaled_normal."""
    params = initialize_parameters([6, 4, 3], method="he", rng=np.random.default_rng(2))
    rng = np.random.default_rng(2)
    np.testing.assert_array_equal(params["W1"], he_normal(4, 6, rng=rng))
    np.testing.assert_array_equal(params["W2"], he_normal(3, 4, rng=rng))
    big = initialize_parameters([6, 4], method="random", rng=np.random.default_rng(2), scale=10.0)
    expected = scaled_normal((4, 6), 10.0, rng=np.random.default_rng(2))
    np.testing.assert_array_equal(big["W1"], expected)


# --- variances -------------------------------------------------------------------------------


@pytest.mark.parametrize(("function", "gain"), [(xavier_normal, 1.0), (he_normal, 2.0)])
@pytest.mark.parametrize(("n_out", "n_in"), [(400, 500), (1000, 50)])
def test_empirical_variance_is_gain_over_fan_in(function, gain, n_out, n_in, rng):
    W = function(n_out, n_in, rng=rng)
    # 200 000 or 50 000 draws: the sample variance is within about 1.5% of the truth.
    assert np.var(W) == pytest.approx(gain / n_in, rel=0.05)
    assert abs(np.mean(W)) < 4 * np.sqrt(gain / n_in / W.size)


@pytest.mark.parametrize(("method", "gain"), [("xavier", 1.0), ("he", 2.0)])
def test_initialize_parameters_variance_per_layer(method, gain, rng):
    params = initialize_parameters([500, 400, 300], method=method, rng=rng)
    assert np.var(params["W1"]) == pytest.approx(gain / 500, rel=0.05)
    assert np.var(params["W2"]) == pytest.approx(gain / 400, rel=0.05)


def test_random_method_scale(rng):
    small = initialize_parameters([300, 400, 1], method="random", rng=rng)
    assert np.std(small["W1"]) == pytest.approx(0.01, rel=0.02)
    large = initialize_parameters([300, 400, 1], method="random", rng=rng, scale=10.0)
    assert np.std(large["W1"]) == pytest.approx(10.0, rel=0.02)


def mean_square_of_last_z(method, rng, layers=8, n=200):
    A = rng.standard_normal((n, 100))
    params = initialize_parameters([n] * (layers + 1), method=method, rng=rng)
    for l in range(1, layers + 1):
        Z = params[f"W{l}"] @ A
        A = np.maximum(Z, 0.0)
    return np.mean(Z**2)


def test_he_keeps_deep_relu_activations_steady_where_xavier_shrinks_them(rng):
    """E[z^2] = n Var(W) E[a^2] and a ReLU halves E[a^2]: He gives 2 in every layer.

    Xavier halves it per layer (2 * 2**-7 after eight layers); finite widths add
    a random factor of roughly e^(+-0.4), hence the wide brackets.
    """
    assert 0.5 < mean_square_of_last_z("he", rng) < 8.0
    assert mean_square_of_last_z("xavier", rng) < 0.1


# --- symmetry ------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_zeros_keep_hidden_units_identical(hidden, rng):
    X, Y = rng.standard_normal((3, 8)), random_labels(rng, (1, 8))
    params = initialize_parameters([3, 4, 1], method="zeros", rng=rng)
    for _ in range(5):
        AL, caches = deep_forward(params, X, hidden)
        params = update_parameters(params, deep_backward(AL, Y, caches, hidden), 0.5)
    W1, W2 = params["W1"], params["W2"]
    np.testing.assert_allclose(W1, np.broadcast_to(W1[:1], W1.shape), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(W2, np.broadcast_to(W2[:, :1], W2.shape), rtol=1e-12, atol=1e-15)
    if hidden == "sigmoid":  # the units do move, but together
        assert np.max(np.abs(W1)) > 1e-6 and np.max(np.abs(W2)) > 1e-3


def test_random_start_breaks_the_symmetry(rng):
    X, Y = rng.standard_normal((3, 8)), random_labels(rng, (1, 8))
    params = initialize_parameters([3, 4, 1], method="he", rng=rng)
    AL, caches = deep_forward(params, X, "tanh")
    W1 = update_parameters(params, deep_backward(AL, Y, caches, "tanh"), 0.5)["W1"]
    assert np.min(np.std(W1, axis=0)) > 1e-3  # the rows differ


# --- errors ----------------------------------------------------------------------------------


def test_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="method must be one of 'zeros', 'random', 'xavier', 'he'"):
        initialize_parameters([3, 1], method="glorot", rng=rng)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'method'"):
        initialize_parameters([3, 1], rng=rng)
    with pytest.raises(ValueError, match="scale applies only to method='random', got method='he'"):
        initialize_parameters([3, 1], method="he", rng=rng, scale=2.0)
    with pytest.raises(ValueError, match="scale must be a finite number"):
        initialize_parameters([3, 1], method="random", rng=rng, scale=-1.0)
    with pytest.raises(ValueError, match=r"layer_dims\[1\] must be an integer >= 1, got 0"):
        initialize_parameters([3, 0, 1], method="he", rng=rng)
    with pytest.raises(ValueError, match="layer_dims must list at least two sizes"):
        initialize_parameters([3], method="he", rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        initialize_parameters([3, 1], method="zeros", rng=None)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        initialize_parameters([3, 1], method="xavier", rng=rng, dtype=np.int64)
    with pytest.raises(TypeError, match="shape must be a tuple of integers, got int"):
        zeros(3)
    with pytest.raises(ValueError, match=r"shape\[1\] must be an integer >= 1, got 0"):
        scaled_normal((2, 0), 1.0, rng=rng)
    with pytest.raises(TypeError, match="n_in must be an integer, got float"):
        he_normal(2, 3.0, rng=rng)
    with pytest.raises(ValueError, match="n_out must be an integer >= 1, got -1"):
        xavier_normal(-1, 3, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        xavier_normal(2, 3, rng=np.random.RandomState(0))
