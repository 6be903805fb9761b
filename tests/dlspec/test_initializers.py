"""Tests for dlspec.initializers (zeros, random, Xavier, He; Course 2 Week 1)."""

import numpy as np
import pytest

from dlspec.initializers import (
    DEFAULT_RANDOM_SCALE,
    METHODS,
    he_normal,
    initialize_parameters,
    initialize_weight,
    scaled_normal,
    xavier_normal,
    zeros,
)
from dlspec.losses import binary_cross_entropy_with_logits_backward
from dlspec.network import dense_network
from dlspec.optimizers import GradientDescent
from dlspec.training import fit


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


# --- initialize_weight: the one definition of the four methods ----------------------------


@pytest.mark.parametrize(("method", "gain"), [("xavier", 1.0), ("he", 2.0)])
@pytest.mark.parametrize(
    ("shape", "fan_in"), [((600, 500), None), ((300, 400), 50), ((200, 20, 30), None)]
)
def test_initialize_weight_variance_is_gain_over_fan_in(method, gain, shape, fan_in, rng):
    """The fan-in is shape[1] unless given (e.g. f * f * n_C_prev for a convolution)."""
    W = initialize_weight(shape, method, rng=rng, fan_in=fan_in)
    n_in = shape[1] if fan_in is None else fan_in
    assert W.shape == shape and W.dtype == np.float64
    # 120 000 to 300 000 draws: the sample variance is within about 1.5% of the truth.
    assert np.var(W) == pytest.approx(gain / n_in, rel=0.05)
    assert abs(np.mean(W)) < 5 * np.sqrt(gain / n_in / W.size)


def test_initialize_weight_zeros_and_random_scale(rng):
    np.testing.assert_array_equal(
        initialize_weight((3, 4), "zeros", rng=rng, dtype=np.float32),
        np.zeros((3, 4), dtype=np.float32),
        strict=True,
    )
    small = initialize_weight((500, 400), "random", rng=rng)
    assert DEFAULT_RANDOM_SCALE == 0.01
    assert np.std(small) == pytest.approx(0.01, rel=0.02)  # 200 000 draws
    large = initialize_weight((500, 400), "random", rng=rng, scale=3.0)
    assert np.std(large) == pytest.approx(3.0, rel=0.02)
    assert not np.any(initialize_weight((2, 2), "random", rng=rng, scale=0.0))


def test_initialize_weight_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="shape must be a tuple of integers, got int"):
        initialize_weight(3, "he", rng=rng)
    with pytest.raises(ValueError, match=r"shape\[0\] must be an integer >= 1, got 0"):
        initialize_weight((0, 3), "he", rng=rng)
    with pytest.raises(ValueError, match="fan_in must be an integer >= 1, got 0"):
        initialize_weight((2, 3), "he", rng=rng, fan_in=0)
    with pytest.raises(ValueError, match="scale applies only to method='random', got method="):
        initialize_weight((2, 3), "xavier", rng=rng, scale=1.0)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        initialize_weight((2, 3), "he", rng=None)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        initialize_weight((2, 3), "he", rng=rng, dtype=np.int32)


def _initialize_parameters(method):
    return initialize_parameters([3, 2, 1], method=method, rng=np.random.default_rng(0))


def _initialize_weight(method):
    return initialize_weight((2, 3), method, rng=np.random.default_rng(0))


def _network_initialize(method):
    return dense_network([3, 2, 1]).initialize(rng=np.random.default_rng(0), method=method)


def _fit(method):
    X, Y = np.ones((3, 4)), np.array([[0.0, 1.0, 0.0, 1.0]])
    return fit(dense_network([3, 2, 1]), X, Y, rng=np.random.default_rng(0),
               optimizer=GradientDescent(0.1), num_epochs=0, init=method)


@pytest.mark.parametrize(
    ("entry", "argument"),
    [
        (_initialize_parameters, "method"),
        (_initialize_weight, "method"),
        (_network_initialize, "method"),
        (_fit, "init"),
    ],
)
def test_one_vocabulary_of_methods_everywhere(entry, argument):
    """The same four names wherever weights are made; the old names are gone."""
    assert METHODS == ("zeros", "random", "xavier", "he")
    for method in METHODS:
        entry(method)
    choices = "'zeros', 'random', 'xavier', 'he'"
    for old in ("scaled", "small", "glorot", "He"):
        with pytest.raises(ValueError, match=f"^{argument} must be one of {choices}, got '{old}'"):
            entry(old)


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


def gradient_descent(params, X, Y, hidden, steps):
    """A few full-batch steps of a [3, 4, 1] network from ``params``."""
    net, opt = dense_network([3, 4, 1], hidden=hidden), GradientDescent(0.5)
    for _ in range(steps):
        ZL, cache = net.forward(X, params)
        _, grads = net.backward(binary_cross_entropy_with_logits_backward(ZL, Y), cache)
        params = opt.step(params, grads)
    return params


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_zeros_keep_hidden_units_identical(hidden, rng):
    # Five 1s in eight: balanced labels would give dW2 = 0.5 mean(A2 - Y) = 0, and nothing moves.
    X, Y = rng.standard_normal((3, 8)), rng.permutation([[1.0] * 5 + [0.0] * 3], axis=1)
    params = initialize_parameters([3, 4, 1], method="zeros", rng=rng)
    params = gradient_descent(params, X, Y, hidden, 5)
    W1, W2 = params["W1"], params["W2"]
    np.testing.assert_allclose(W1, np.broadcast_to(W1[:1], W1.shape), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(W2, np.broadcast_to(W2[:, :1], W2.shape), rtol=1e-12, atol=1e-15)
    if hidden == "sigmoid":  # the units do move, but together
        assert np.max(np.abs(W1)) > 1e-6 and np.max(np.abs(W2)) > 1e-3


def test_random_start_breaks_the_symmetry(rng):
    X, Y = rng.standard_normal((3, 8)), random_labels(rng, (1, 8))
    params = initialize_parameters([3, 4, 1], method="he", rng=rng)
    W1 = gradient_descent(params, X, Y, "tanh", 1)["W1"]
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
