"""Tests for dlspec.activations: values, stability, dtypes, the activation block, errors."""

import functools

import numpy as np
import pytest

from dlspec import activations as act
from dlspec.activations import (
    ACTIVATIONS,
    activation_backward,
    activation_forward,
    check_activation,
)
from dlspec.gradcheck import check_backward
from dlspec.layers import linear_forward

ELEMENTWISE = [
    act.sigmoid,
    act.sigmoid_derivative,
    act.tanh,
    act.tanh_derivative,
    act.relu,
    act.relu_derivative,
    act.leaky_relu,
    act.leaky_relu_derivative,
    act.softmax,
]

NAMES = ["relu", "sigmoid", "tanh", "leaky_relu"]

#: The elementwise g and g' that each name must stand for (leaky ReLU with its default slope).
FUNCTIONS = {
    "relu": (act.relu, act.relu_derivative),
    "sigmoid": (act.sigmoid, act.sigmoid_derivative),
    "tanh": (act.tanh, act.tanh_derivative),
    "leaky_relu": (act.leaky_relu, act.leaky_relu_derivative),
}


def away_from_zero(Z):
    """Push entries at least 1e-2 away from 0, where ReLU has its kink."""
    return Z + np.where(Z >= 0, 1e-2, -1e-2)


# --- hand-computed values ---------------------------------------------------


def test_sigmoid_of_zero_is_one_half():
    assert act.sigmoid(0) == pytest.approx(0.5)


def test_sigmoid_known_values():
    # 1 / (1 + e) = 0.2689414213699951
    expected = np.array([[0.2689414213699951, 0.5, 0.7310585786300049]])
    np.testing.assert_allclose(
        act.sigmoid(np.array([[-1.0, 0.0, 1.0]])), expected, rtol=1e-15, strict=True
    )


def test_derivatives_at_zero_and_known_points():
    assert act.sigmoid_derivative(0.0) == pytest.approx(0.25)
    assert act.tanh_derivative(0.0) == pytest.approx(1.0)
    # tanh(1) = 0.7615941559557649, so 1 - tanh(1)^2 = 0.41997434161402614
    assert act.tanh_derivative(1.0) == pytest.approx(0.41997434161402614, rel=1e-14)
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.relu(z), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.relu_derivative(z), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(act.leaky_relu(z, slope=0.1), [-0.2, 0.0, 3.0], strict=True)
    np.testing.assert_allclose(act.leaky_relu_derivative(z, slope=0.1), [0.1, 0.1, 1.0])
    np.testing.assert_allclose(act.leaky_relu(z), [-0.02, 0.0, 3.0])


def test_softmax_known_value_and_axis():
    z = np.array([[0.0, 1.0], [np.log(2.0), 1.0]])
    np.testing.assert_allclose(act.softmax(z), [[1 / 3, 0.5], [2 / 3, 0.5]], rtol=1e-15)
    np.testing.assert_allclose(act.softmax(z, axis=1).sum(axis=1), [1.0, 1.0])


def test_softmax_columns_sum_to_one_and_ignore_shifts(rng):
    z = rng.standard_normal((4, 6))
    s = act.softmax(z)
    np.testing.assert_allclose(s.sum(axis=0), np.ones(6))
    np.testing.assert_allclose(act.softmax(z + 123.0), s, rtol=1e-12)


# --- the activation block by hand -------------------------------------------------


def test_activation_block_by_hand():
    Z = np.array([[-2.0, 0.0, 3.0]])
    dA = np.array([[5.0, 6.0, 7.0]])
    expected = {  # (A, dZ = dA * g'(Z)); ReLU's derivative at 0 is taken as 0
        "relu": ([[0.0, 0.0, 3.0]], [[0.0, 0.0, 7.0]]),
        "leaky_relu": ([[-0.02, 0.0, 3.0]], [[0.05, 0.06, 7.0]]),
    }
    for name, (A_want, dZ_want) in expected.items():
        A, cache = activation_forward(Z, name)
        dZ, grads = activation_backward(dA, cache)
        np.testing.assert_allclose(A, A_want, rtol=1e-15, strict=True)
        np.testing.assert_allclose(dZ, dZ_want, rtol=1e-15, strict=True)
        assert grads == {}
    # At Z = 0: sigmoid' = 1/4, tanh' = 1.
    Z0, dA0 = np.zeros((2, 1)), np.array([[4.0], [-8.0]])
    dZ, _ = activation_backward(dA0, activation_forward(Z0, "sigmoid")[1])
    np.testing.assert_array_equal(dZ, [[1.0], [-2.0]], strict=True)
    dZ, _ = activation_backward(dA0, activation_forward(Z0, "tanh")[1])
    np.testing.assert_array_equal(dZ, dA0, strict=True)
    # tanh(1) = 0.7615941559557649, tanh'(1) = 0.41997434161402614
    A, cache = activation_forward(np.array([[1.0]]), "tanh")
    assert A[0, 0] == pytest.approx(0.7615941559557649, rel=1e-15)
    assert activation_backward(np.array([[2.0]]), cache)[0][0, 0] == pytest.approx(
        2 * 0.41997434161402614, rel=1e-14
    )


@pytest.mark.parametrize("name", NAMES)
def test_registry_holds_g_and_dA_times_derivative(name, rng):
    assert set(ACTIVATIONS) == set(NAMES)
    g, backward = ACTIVATIONS[name]
    g_ref, derivative = FUNCTIONS[name]
    Z, dA = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    np.testing.assert_array_equal(g(Z), g_ref(Z), strict=True)
    np.testing.assert_allclose(backward(dA, Z), dA * derivative(Z), rtol=1e-14, strict=True)


@pytest.mark.parametrize("name", NAMES)
def test_forward_caches_Z_and_the_name(name, rng):
    Z = rng.standard_normal((2, 3))
    A, cache = activation_forward(Z, name)
    np.testing.assert_array_equal(A, FUNCTIONS[name][0](Z), strict=True)
    assert cache["activation"] == name and cache["Z"] is Z


def test_backward_takes_the_activation_from_the_cache(rng):
    """The same dA through two caches of the same Z: each applies its own g'."""
    Z, dA = rng.standard_normal((2, 5)), rng.standard_normal((2, 5))
    _, tanh_cache = activation_forward(Z, "tanh")
    _, sigmoid_cache = activation_forward(Z, "sigmoid")
    np.testing.assert_allclose(
        activation_backward(dA, tanh_cache)[0], dA * (1 - np.tanh(Z) ** 2), rtol=1e-14
    )
    s = 1 / (1 + np.exp(-Z))
    np.testing.assert_allclose(
        activation_backward(dA, sigmoid_cache)[0], dA * s * (1 - s), rtol=1e-14
    )


def test_check_activation():
    assert check_activation("hidden", "tanh") == "tanh"
    with pytest.raises(
        ValueError,
        match=r"hidden must be one of 'relu', 'sigmoid', 'tanh', 'leaky_relu', got 'gelu'",
    ):
        check_activation("hidden", "gelu")
    with pytest.raises(ValueError, match="output must be one of .* got None"):
        check_activation("output", None)


# --- stability at |z| = 1000 (warnings are errors in this suite) --------------


def test_sigmoid_is_stable_for_huge_inputs():
    z = np.array([[-1000.0, -50.0, 50.0, 1000.0]])
    s = act.sigmoid(z)
    assert np.all(np.isfinite(s))
    assert s[0, 0] == 0.0 and s[0, 3] == 1.0
    assert s[0, 1] == pytest.approx(np.exp(-50.0), rel=1e-12)  # tiny but not lost
    np.testing.assert_array_equal(act.sigmoid_derivative(np.array([-1000.0, 1000.0])), [0.0, 0.0])


def test_tanh_is_stable_for_huge_inputs():
    np.testing.assert_array_equal(act.tanh(np.array([-1000.0, 1000.0])), [-1.0, 1.0])
    np.testing.assert_array_equal(act.tanh_derivative(np.array([-1000.0, 1000.0])), [0.0, 0.0])


def test_softmax_is_stable_for_huge_inputs():
    z = np.array([[1000.0, 1000.0], [0.0, 1000.0], [-1000.0, 1000.0]])
    s = act.softmax(z)
    np.testing.assert_allclose(s[:, 0], [1.0, 0.0, 0.0], atol=1e-300)
    np.testing.assert_allclose(s[:, 1], [1 / 3, 1 / 3, 1 / 3])


def test_activation_block_is_stable_for_huge_inputs():
    Z = np.array([[-1000.0, 1000.0]])
    dA = np.array([[3.0, 5.0]])
    expected = {  # (A, dZ)
        "relu": ([[0.0, 1000.0]], [[0.0, 5.0]]),
        "sigmoid": ([[0.0, 1.0]], [[0.0, 0.0]]),
        "tanh": ([[-1.0, 1.0]], [[0.0, 0.0]]),
        "leaky_relu": ([[-10.0, 1000.0]], [[0.03, 5.0]]),
    }
    for name, (A_want, dZ_want) in expected.items():
        A, cache = activation_forward(Z, name)
        np.testing.assert_allclose(A, A_want, rtol=1e-15, strict=True)
        np.testing.assert_allclose(activation_backward(dA, cache)[0], dZ_want, rtol=1e-15)


# --- dtypes -------------------------------------------------------------------


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
def test_elementwise_keeps_float32(f):
    z = np.array([[-1.5, 0.5], [2.0, -0.25]], dtype=np.float32)
    out = f(z)
    assert out.dtype == np.float32 and out.shape == z.shape


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
def test_elementwise_converts_int_and_bool_to_float64(f):
    assert f(np.array([[-2, 0], [1, 3]])).dtype == np.float64
    assert f(np.array([[True, False]])).dtype == np.float64


@pytest.mark.parametrize("name", NAMES)
def test_block_keeps_float32(name):
    Z = np.array([[-1.0, 2.0, 0.5]], dtype=np.float32)
    A, cache = activation_forward(Z, name)
    assert A.dtype == np.float32 and A.shape == Z.shape
    dZ, _ = activation_backward(np.ones_like(Z), cache)
    assert dZ.dtype == np.float32 and dZ.shape == Z.shape


@pytest.mark.parametrize("name", NAMES)
def test_block_converts_integer_Z_to_float64(name):
    A, cache = activation_forward(np.array([[-2, 0, 3]]), name)
    assert A.dtype == np.float64
    assert activation_backward(np.array([[1, 1, 1]]), cache)[0].dtype == np.float64


# --- gradients ------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (4, 1), (1, 6)])
@pytest.mark.parametrize("name", NAMES)
def test_backward_passes_gradient_check(name, shape, rng):
    Z = away_from_zero(rng.standard_normal(shape))
    forward = functools.partial(activation_forward, activation=name)
    errors = check_backward(forward, activation_backward, Z, rng=rng)
    assert list(errors) == ["x"] and errors["x"] < 1e-7


@pytest.mark.parametrize("shape", [(1, 3, 4, 2), (2, 5, 3, 1), (3, 2, 4)])
@pytest.mark.parametrize("name", NAMES)
def test_feature_maps_of_a_convolution_entry_by_entry(name, shape, rng):
    """Course 4 applies g to (m, n_H, n_W, n_C) feature maps: the same g and g' per entry."""
    Z = away_from_zero(rng.standard_normal(shape))
    g, derivative = FUNCTIONS[name]
    A, cache = activation_forward(Z, name)
    np.testing.assert_array_equal(A, g(Z), strict=True)
    dA = rng.standard_normal(shape)
    dZ, _ = activation_backward(dA, cache)
    np.testing.assert_allclose(dZ, dA * derivative(Z), rtol=1e-14, strict=True)
    forward = functools.partial(activation_forward, activation=name)
    errors = check_backward(forward, activation_backward, Z, rng=rng, m=shape[0])
    assert list(errors) == ["x"] and errors["x"] < 1e-7


# --- errors ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_backward_rejects_mismatched_dA(name):
    _, cache = activation_forward(np.ones((3, 5)), name)
    with pytest.raises(
        ValueError,
        match=r"dA must have shape \(3, 5\), the shape of activation_forward's output, "
        r"got \(3, 4\)",
    ):
        activation_backward(np.ones((3, 4)), cache)
    with pytest.raises(ValueError, match=r"dA must have shape \(3, 5\).*got \(15,\)"):
        activation_backward(np.ones(15), cache)


@pytest.mark.parametrize("name", NAMES)
def test_forward_rejects_rank_1_Z(name):
    with pytest.raises(
        ValueError,
        match=r"Z must have shape \(n_l, m\), or \(m, n_H, n_W, n_C\) after a convolution, got \(5,\)",
    ):
        activation_forward(np.ones(5), name)
    with pytest.raises(ValueError, match=r"Z must have shape .* got \(\)"):
        activation_forward(np.float64(1.0), name)


@pytest.mark.parametrize("bad", ["softmax", "ReLU", "", None, 1])
def test_forward_rejects_unknown_activation(bad):
    with pytest.raises(
        ValueError, match=rf"activation must be one of 'relu', 'sigmoid', .* got {bad!r}"
    ):
        activation_forward(np.ones((2, 2)), bad)


def test_backward_refuses_a_cache_from_another_block():
    _, cache = linear_forward(np.ones((2, 3)), {"W": np.ones((4, 2)), "b": np.zeros((4, 1))})
    with pytest.raises(
        TypeError,
        match="cache was made by linear_forward, but this backward pass needs activation_forward's",
    ):
        activation_backward(np.ones((4, 3)), cache)


def test_backward_refuses_a_bare_array_as_cache():
    """The old convention cached Z alone; a bare array is no cache any more."""
    with pytest.raises(
        TypeError, match="cache must be the cache returned by activation_forward, got ndarray"
    ):
        activation_backward(np.ones((1, 5)), np.ones((1, 5)))


@pytest.mark.parametrize("slope", [-0.1, 1.5, float("nan")])
def test_leaky_relu_rejects_bad_slope(slope):
    with pytest.raises(ValueError, match="slope must be a finite number in"):
        act.leaky_relu(np.ones((1, 2)), slope=slope)


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
def test_non_numeric_input_is_a_type_error(f):
    with pytest.raises(TypeError, match="z must be a numeric"):
        f(["a", "b"])


def test_block_rejects_non_numeric_Z():
    with pytest.raises(TypeError, match="Z must be a numeric"):
        activation_forward(np.array([["a", "b"]]), "relu")
