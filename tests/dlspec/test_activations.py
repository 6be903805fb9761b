"""Tests for dlspec.activations: values, stability, dtypes, gradients, errors."""

import functools

import numpy as np
import pytest

from dlspec import activations as act
from dlspec.gradcheck import check_backward

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

PAIRS = {
    "sigmoid": (act.sigmoid_forward, act.sigmoid_backward),
    "tanh": (act.tanh_forward, act.tanh_backward),
    "relu": (act.relu_forward, act.relu_backward),
    "leaky_relu": (act.leaky_relu_forward, act.leaky_relu_backward),
    "leaky_relu_0.2": (
        functools.partial(act.leaky_relu_forward, slope=0.2),
        functools.partial(act.leaky_relu_backward, slope=0.2),
    ),
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


@pytest.mark.parametrize("name", PAIRS)
def test_forward_keeps_float32_and_caches_Z(name):
    forward, backward = PAIRS[name]
    Z = np.array([[-1.0, 2.0, 0.5]], dtype=np.float32)
    A, cache = forward(Z)
    assert A.dtype == np.float32 and A.shape == Z.shape
    np.testing.assert_array_equal(cache, Z)
    assert backward(np.ones_like(Z), cache).dtype == np.float32


# --- gradients ------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (4, 1), (1, 6)])
@pytest.mark.parametrize("name", PAIRS)
def test_backward_passes_gradient_check(name, shape, rng):
    forward, backward = PAIRS[name]
    Z = away_from_zero(rng.standard_normal(shape))
    errors = check_backward(forward, backward, {"Z": Z}, rng=rng)
    assert errors["Z"] < 1e-7


def test_backward_matches_derivative_times_upstream(rng):
    Z = rng.standard_normal((3, 5))
    dA = rng.standard_normal((3, 5))
    _, cache = act.tanh_forward(Z)
    np.testing.assert_allclose(act.tanh_backward(dA, cache), dA * (1 - np.tanh(Z) ** 2))


# --- errors ---------------------------------------------------------------------


@pytest.mark.parametrize("name", PAIRS)
def test_backward_rejects_mismatched_dA(name):
    forward, backward = PAIRS[name]
    _, cache = forward(np.ones((3, 5)))
    with pytest.raises(
        ValueError, match=r"dA must have the same shape as the cached Z \(3, 5\), got \(3, 4\)"
    ):
        backward(np.ones((3, 4)), cache)


@pytest.mark.parametrize("name", PAIRS)
def test_forward_rejects_rank_1_Z(name):
    forward, _ = PAIRS[name]
    with pytest.raises(ValueError, match=r"Z must have shape \(n_l, m\), got \(5,\)"):
        forward(np.ones(5))


def test_backward_rejects_rank_1_cache():
    with pytest.raises(ValueError, match=r"cache must have shape \(n_l, m\).*got \(5,\)"):
        act.relu_backward(np.ones(5), np.ones(5))


@pytest.mark.parametrize("slope", [-0.1, 1.5, float("nan")])
def test_leaky_relu_rejects_bad_slope(slope):
    with pytest.raises(ValueError, match="slope must be a finite number in"):
        act.leaky_relu(np.ones((1, 2)), slope=slope)


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
def test_non_numeric_input_is_a_type_error(f):
    with pytest.raises(TypeError, match="z must be a numeric"):
        f(["a", "b"])
