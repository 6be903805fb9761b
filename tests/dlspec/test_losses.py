"""Tests for dlspec.losses: hand values, stability, the backward pass, errors."""

import math

import numpy as np
import pytest

from dlspec.activations import sigmoid
from dlspec.gradcheck import check_gradients
from dlspec.losses import (
    binary_cross_entropy,
    binary_cross_entropy_backward,
    binary_cross_entropy_with_logits,
    l1_loss,
    l2_loss,
)

# --- L1 and L2 ------------------------------------------------------------------


def test_l1_and_l2_hand_values():
    y_hat = np.array([[0.5, 1.5, 3.0]])
    y = np.array([[1.0, 1.0, 1.0]])
    assert l1_loss(y_hat, y) == pytest.approx(3.0)  # 0.5 + 0.5 + 2
    assert l2_loss(y_hat, y) == pytest.approx(4.5)  # 0.25 + 0.25 + 4
    assert isinstance(l1_loss(y_hat, y), float)


def test_l1_and_l2_accept_any_equal_shapes(rng):
    a, b = rng.standard_normal((2, 3, 4))
    assert l1_loss(a, b) == pytest.approx(np.abs(a - b).sum())
    assert l2_loss(a, b) == pytest.approx(((a - b) ** 2).sum())


@pytest.mark.parametrize("loss", [l1_loss, l2_loss])
def test_l1_and_l2_reject_shape_mismatch(loss):
    with pytest.raises(
        ValueError, match=r"y_hat and y must have the same shape, got \(1, 3\) and \(3,\)"
    ):
        loss(np.ones((1, 3)), np.ones(3))


# --- binary cross-entropy -------------------------------------------------------


def test_bce_hand_value():
    A = np.array([[0.8, 0.4]])
    Y = np.array([[1, 0]])
    expected = -(math.log(0.8) + math.log(0.6)) / 2  # 0.366984588...
    assert binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-14)
    assert isinstance(binary_cross_entropy(A, Y), float)


def test_bce_with_logits_matches_probability_version(rng):
    Z = rng.standard_normal((1, 7)) * 3
    Y = (rng.random((1, 7)) < 0.5).astype(float)
    assert binary_cross_entropy_with_logits(Z, Y) == pytest.approx(
        binary_cross_entropy(sigmoid(Z), Y), rel=1e-12
    )


def test_bce_with_logits_is_exact_at_huge_logits():
    Z = np.array([[1000.0, -1000.0]])
    assert binary_cross_entropy_with_logits(Z, np.array([[1, 0]])) == 0.0
    assert binary_cross_entropy_with_logits(Z, np.array([[0, 1]])) == pytest.approx(1000.0)
    # A correct but not infinitely confident prediction keeps its tiny loss.
    tiny = binary_cross_entropy_with_logits(np.array([[40.0]]), np.array([[1.0]]))
    assert tiny == pytest.approx(math.exp(-40.0), rel=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_clips_saturated_probabilities(dtype):
    A = np.array([[1.0, 0.0]], dtype=dtype)
    eps = float(np.finfo(dtype).eps)
    wrong = binary_cross_entropy(A, np.array([[0, 1]]))
    assert math.isfinite(wrong)
    assert wrong == pytest.approx(-math.log(eps), rel=1e-6)
    assert binary_cross_entropy(A, np.array([[1, 0]])) == pytest.approx(0.0, abs=2 * eps)


def test_bce_saturated_sigmoid_stays_finite():
    Z = np.array([[1000.0, -1000.0]])
    assert math.isfinite(binary_cross_entropy(sigmoid(Z), np.array([[0, 1]])))


# --- backward -------------------------------------------------------------------


def test_bce_backward_hand_value():
    dA = binary_cross_entropy_backward(np.array([[0.8, 0.4]]), np.array([[1, 0]]))
    # -1/0.8 = -1.25 ; 1/(1 - 0.4) = 1.6666...
    np.testing.assert_allclose(dA, [[-1.25, 1 / 0.6]], rtol=1e-15, strict=True)


def test_bce_backward_keeps_float32():
    A = np.array([[0.25, 0.5]], dtype=np.float32)
    assert binary_cross_entropy_backward(A, np.array([[1, 0]])).dtype == np.float32


def test_bce_backward_is_finite_at_saturation():
    dA = binary_cross_entropy_backward(np.array([[0.0, 1.0]]), np.array([[1, 0]]))
    assert np.all(np.isfinite(dA))


@pytest.mark.parametrize("m", [1, 6])
def test_bce_backward_is_per_example_derivative(m, rng):
    """dA is the gradient of m * J (no 1/m), i.e. of the summed loss."""
    A = 0.05 + 0.9 * rng.random((1, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    dA = binary_cross_entropy_backward(A, Y)
    error = check_gradients(lambda: m * binary_cross_entropy(A, Y), {"A": A}, {"dA": dA})
    assert error < 1e-7


# --- errors ---------------------------------------------------------------------

ALL_BCE = [binary_cross_entropy, binary_cross_entropy_with_logits, binary_cross_entropy_backward]


@pytest.mark.parametrize("f", ALL_BCE)
def test_bce_rejects_rank_1_labels(f):
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\), got \(2,\)"):
        f(np.array([[0.5, 0.5]]), np.array([1, 0]))


@pytest.mark.parametrize("f", ALL_BCE)
def test_bce_rejects_rank_1_predictions(f):
    with pytest.raises(ValueError, match=r"(A|Z) must have shape \(1, m\), got \(2,\)"):
        f(np.array([0.5, 0.5]), np.array([[1, 0]]))


@pytest.mark.parametrize("f", ALL_BCE)
def test_bce_rejects_different_m(f):
    with pytest.raises(
        ValueError, match=r"and Y must have the same number of examples m .*\(1, 3\) and \(1, 2\)"
    ):
        f(np.full((1, 3), 0.5), np.array([[1, 0]]))


@pytest.mark.parametrize("f", ALL_BCE)
def test_bce_rejects_non_binary_labels(f):
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[2.0\]"):
        f(np.array([[0.5, 0.5]]), np.array([[2, 0]]))


@pytest.mark.parametrize("f", [binary_cross_entropy, binary_cross_entropy_backward])
def test_bce_rejects_probabilities_outside_unit_interval(f):
    with pytest.raises(ValueError, match=r"A must contain probabilities in \[0, 1\]"):
        f(np.array([[1.5, 0.5]]), np.array([[1, 0]]))
