"""Tests for dlspec.losses: hand values, stability, the backward passes, labels, errors."""

import math

import numpy as np
import pytest

from dlspec.activations import sigmoid, sigmoid_derivative, softmax
from dlspec.gradcheck import check_gradients
from dlspec.losses import (
    OUTPUTS,
    binary_cross_entropy,
    binary_cross_entropy_backward,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_backward,
    check_labels,
    check_output,
    l1_loss,
    l2_loss,
    one_hot,
    softmax_cross_entropy,
    softmax_cross_entropy_backward,
)

BINARY_COSTS = [binary_cross_entropy, binary_cross_entropy_with_logits]
ALL_BCE = [
    binary_cross_entropy,
    binary_cross_entropy_backward,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_backward,
]
ALL_COSTS = ALL_BCE + [softmax_cross_entropy, softmax_cross_entropy_backward]


def name_of(f):
    return f.__name__


def random_labels(rng, shape):
    return (rng.random(shape) < 0.5).astype(np.float64)


def random_one_hot(rng, C, m):
    return one_hot(rng.integers(0, C, size=m), C)


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


def test_bce_hand_value_with_two_output_units():
    """With n_y = 2 the rows are two binary classifiers: their costs add up."""
    A = np.array([[0.8, 0.4], [0.5, 0.9]])
    Y = np.array([[1, 0], [1, 1]])
    expected = -(math.log(0.8) + math.log(0.6) + math.log(0.5) + math.log(0.9)) / 2
    assert binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-14)


def test_bce_with_logits_hand_value():
    # sigmoid(0) = 1/2 with y = 1: log 2; sigmoid(log 3) = 3/4 with y = 0: -log(1/4) = log 4.
    Z, Y = np.array([[0.0, math.log(3.0)]]), np.array([[1, 0]])
    assert binary_cross_entropy_with_logits(Z, Y) == pytest.approx(1.5 * math.log(2.0), rel=1e-14)
    assert isinstance(binary_cross_entropy_with_logits(Z, Y), float)


def test_bce_with_logits_matches_probability_version(rng):
    Z = rng.standard_normal((1, 7)) * 3
    Y = random_labels(rng, (1, 7))
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


# --- rows and examples add up ----------------------------------------------------------


@pytest.mark.parametrize("cost", BINARY_COSTS, ids=name_of)
def test_binary_costs_of_rows_add_up(cost, rng):
    Z = rng.standard_normal((3, 5))
    P = Z if cost is binary_cross_entropy_with_logits else sigmoid(Z)
    Y = random_labels(rng, (3, 5))
    rows = sum(cost(P[k : k + 1], Y[k : k + 1]) for k in range(3))
    assert cost(P, Y) == pytest.approx(rows, rel=1e-12)


@pytest.mark.parametrize(
    "backward", [binary_cross_entropy_backward, binary_cross_entropy_with_logits_backward],
    ids=name_of,
)
def test_binary_backward_works_row_by_row(backward, rng):
    Z = rng.standard_normal((3, 5))
    P = Z if backward is binary_cross_entropy_with_logits_backward else sigmoid(Z)
    Y = random_labels(rng, (3, 5))
    rows = np.vstack([backward(P[k : k + 1], Y[k : k + 1]) for k in range(3)])
    np.testing.assert_array_equal(backward(P, Y), rows, strict=True)


@pytest.mark.parametrize("cost", BINARY_COSTS + [softmax_cross_entropy], ids=name_of)
def test_costs_are_means_over_the_examples(cost, rng):
    Z = rng.standard_normal((3, 6))
    if cost is softmax_cross_entropy:
        P, Y = Z, random_one_hot(rng, 3, 6)
    else:
        P = Z if cost is binary_cross_entropy_with_logits else sigmoid(Z)
        Y = random_labels(rng, (3, 6))
    singles = [cost(P[:, i : i + 1], Y[:, i : i + 1]) for i in range(6)]
    assert cost(P, Y) == pytest.approx(sum(singles) / 6, rel=1e-12)


# --- binary backward passes ---------------------------------------------------------------


def test_bce_backward_hand_value():
    dA = binary_cross_entropy_backward(np.array([[0.8, 0.4]]), np.array([[1, 0]]))
    # -1/0.8 = -1.25 ; 1/(1 - 0.4) = 1.6666...
    np.testing.assert_allclose(dA, [[-1.25, 1 / 0.6]], rtol=1e-15, strict=True)


def test_bce_with_logits_backward_hand_value():
    Z, Y = np.array([[0.0, math.log(3.0)], [2.0, -1.0]]), np.array([[1, 0], [1, 1]])
    s2, s1 = 1 / (1 + math.exp(-2.0)), 1 / (1 + math.exp(1.0))
    expected = [[-0.5, 0.75], [s2 - 1, s1 - 1]]  # sigmoid(Z) - Y
    dZ = binary_cross_entropy_with_logits_backward(Z, Y)
    np.testing.assert_allclose(dZ, expected, rtol=1e-14, strict=True)


def test_bce_with_logits_backward_is_the_chain_rule(rng):
    """dZ = dA * sigmoid'(Z), with dA the derivative with respect to the probability."""
    Z, Y = rng.standard_normal((2, 6)), random_labels(rng, (2, 6))
    chain = binary_cross_entropy_backward(sigmoid(Z), Y) * sigmoid_derivative(Z)
    np.testing.assert_allclose(
        binary_cross_entropy_with_logits_backward(Z, Y), chain, rtol=1e-12, atol=1e-15
    )


def test_bce_backwards_keep_float32():
    A = np.array([[0.25, 0.5]], dtype=np.float32)
    assert binary_cross_entropy_backward(A, np.array([[1, 0]])).dtype == np.float32
    dZ = binary_cross_entropy_with_logits_backward(A, np.array([[1.0, 0.0]]))
    assert dZ.dtype == np.float32


def test_bce_backward_is_finite_at_saturation():
    dA = binary_cross_entropy_backward(np.array([[0.0, 1.0]]), np.array([[1, 0]]))
    assert np.all(np.isfinite(dA))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_with_logits_backward_is_exact_at_huge_logits(dtype):
    Z = np.array([[1000.0, -1000.0]], dtype=dtype)
    right = binary_cross_entropy_with_logits_backward(Z, np.array([[1, 0]]))
    wrong = binary_cross_entropy_with_logits_backward(Z, np.array([[0, 1]]))
    np.testing.assert_array_equal(right, np.array([[0.0, 0.0]], dtype=dtype), strict=True)
    np.testing.assert_array_equal(wrong, np.array([[1.0, -1.0]], dtype=dtype), strict=True)
    assert binary_cross_entropy_with_logits(Z, np.array([[0, 1]])) == pytest.approx(1000.0)


@pytest.mark.parametrize("shape", [(1, 1), (1, 6), (3, 1), (2, 5)])
def test_bce_backward_is_per_example_derivative(shape, rng):
    """dA is the gradient of m * J (no 1/m), i.e. of the summed loss."""
    m = shape[1]
    A = 0.05 + 0.9 * rng.random(shape)
    Y = random_labels(rng, shape)
    dA = binary_cross_entropy_backward(A, Y)
    error = check_gradients(lambda: m * binary_cross_entropy(A, Y), {"A": A}, {"dA": dA})
    assert error < 1e-7


@pytest.mark.parametrize("shape", [(1, 1), (1, 6), (3, 1), (2, 5)])
def test_bce_with_logits_backward_gradient_check(shape, rng):
    m = shape[1]
    Z, Y = 2.0 * rng.standard_normal(shape), random_labels(rng, shape)
    dZ = binary_cross_entropy_with_logits_backward(Z, Y)
    error = check_gradients(
        lambda: m * binary_cross_entropy_with_logits(Z, Y), {"Z": Z}, {"dZ": dZ}
    )
    assert error < 1e-7


# --- one_hot ---------------------------------------------------------------------------------


def test_one_hot_by_hand():
    expected = [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]]
    np.testing.assert_array_equal(one_hot(np.array([2, 0, 1, 2]), 3), expected, strict=True)
    np.testing.assert_array_equal(one_hot([[2, 0, 1, 2]], 3), expected)  # a (1, m) row
    Y = one_hot(np.array([1], dtype=np.uint8), 4, dtype=np.float32)
    np.testing.assert_array_equal(Y, np.array([[0], [1], [0], [0]], dtype=np.float32), strict=True)
    assert one_hot(np.array([], dtype=int), 3).shape == (3, 0)


def test_one_hot_errors():
    with pytest.raises(TypeError, match="labels must be an integer array, got dtype float64"):
        one_hot(np.array([0.0, 1.0]), 2)
    with pytest.raises(ValueError, match=r"labels must be in 0..2, found \[-1, 3\]"):
        one_hot(np.array([0, 3, -1]), 3)
    with pytest.raises(ValueError, match=r"shape \(m,\) or \(1, m\), got \(2, 2\)"):
        one_hot(np.zeros((2, 2), dtype=int), 3)
    with pytest.raises(ValueError, match="num_classes must be an integer >= 2, got 1"):
        one_hot(np.array([0]), 1)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        one_hot(np.array([0]), 2, dtype=int)


# --- softmax cross-entropy --------------------------------------------------------------------


def test_softmax_loss_by_hand_three_classes_two_examples():
    Z = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])
    Y = one_hot([2, 0], 3)
    # Example 1: log(e + e^2 + e^3) - 3 = log(1 + e^-1 + e^-2); example 2: log 3.
    expected = (np.log(1.0 + np.exp(-1.0) + np.exp(-2.0)) + np.log(3.0)) / 2
    assert softmax_cross_entropy(Z, Y) == pytest.approx(expected, rel=1e-14)
    assert softmax_cross_entropy(Z, Y) == pytest.approx(0.753109, abs=1e-6)
    dZ = softmax_cross_entropy_backward(Z, Y)
    p = np.exp([1.0, 2.0, 3.0]) / np.sum(np.exp([1.0, 2.0, 3.0]))
    expected_dZ = [[p[0], 1 / 3 - 1], [p[1], 1 / 3], [p[2] - 1, 1 / 3]]
    np.testing.assert_allclose(dZ, expected_dZ, rtol=1e-14, strict=True)


def test_softmax_loss_matches_the_textbook_formula(rng):
    Z, Y = 3.0 * rng.standard_normal((5, 8)), random_one_hot(rng, 5, 8)
    textbook = -np.mean(np.sum(Y * np.log(softmax(Z)), axis=0))
    assert softmax_cross_entropy(Z, Y) == pytest.approx(textbook, rel=1e-12)


def test_two_classes_are_logistic_regression(rng):
    z, y = rng.standard_normal((1, 6)), random_labels(rng, (1, 6))
    Z = np.vstack([z, np.zeros_like(z)])  # class 0 <-> label 1
    Y = np.vstack([y, 1.0 - y])
    expected = binary_cross_entropy_with_logits(z, y)
    assert softmax_cross_entropy(Z, Y) == pytest.approx(expected, rel=1e-12)
    # and the gradient of the first row is the logistic one
    dZ = softmax_cross_entropy_backward(Z, Y)
    np.testing.assert_allclose(
        dZ[0:1], binary_cross_entropy_with_logits_backward(z, y), rtol=1e-12, atol=1e-15
    )


def test_softmax_stable_at_plus_minus_1000():
    Z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0], [0.0, 0.0]])
    Y = one_hot([1, 1], 3)  # the first example is confidently wrong, the second right
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        J = softmax_cross_entropy(Z, Y)
        dZ = softmax_cross_entropy_backward(Z, Y)
    assert J == pytest.approx(1000.0, rel=1e-12)  # (2000 + 0) / 2
    np.testing.assert_allclose(dZ, [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]], atol=1e-300)
    assert np.all(np.isfinite(dZ))


def test_tiny_softmax_losses_are_not_rounded_to_zero():
    J = softmax_cross_entropy(np.array([[40.0], [0.0]]), np.array([[1.0], [0.0]]))
    assert J == pytest.approx(np.exp(-40.0), rel=1e-12) and J > 0.0


@pytest.mark.parametrize("shape", [(4, 6), (3, 1), (2, 5)])
def test_softmax_backward_gradient_check(shape, rng):
    C, m = shape
    Z, Y = rng.standard_normal(shape), random_one_hot(rng, C, m)
    dZ = softmax_cross_entropy_backward(Z, Y)
    np.testing.assert_allclose(dZ.sum(axis=0), 0.0, atol=1e-15)  # probabilities minus one-hot
    # dZ is per example; the cost is the mean, so its gradient is dZ / m.
    error = check_gradients(lambda: softmax_cross_entropy(Z, Y), {"Z": Z}, {"dZ": dZ / m})
    assert error < 1e-7


def test_softmax_backward_keeps_float32(rng):
    Z = rng.standard_normal((3, 4)).astype(np.float32)
    labels = rng.integers(0, 3, size=4)
    assert softmax_cross_entropy_backward(Z, one_hot(labels, 3)).dtype == np.float32  # Y cast
    Y32 = one_hot(labels, 3, dtype=np.float32)
    assert softmax_cross_entropy_backward(Z, Y32).dtype == np.float32
    assert isinstance(softmax_cross_entropy(Z, Y32), float)


def test_softmax_loss_errors():
    Z = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"Y must have shape \(3, 2\) to match Z of shape"):
        softmax_cross_entropy(Z, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="Y must be one-hot: exactly one 1 per column"):
        softmax_cross_entropy(Z, np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[0.5\]"):
        softmax_cross_entropy_backward(Z, np.full((3, 2), 0.5))
    with pytest.raises(ValueError, match=r"Z must have shape \(n_y, m\), got \(3,\)"):
        softmax_cross_entropy(np.zeros(3), np.zeros(3))


# --- check_labels -------------------------------------------------------------------------------


def test_check_labels_returns_Y_in_the_dtype_of_A():
    A = np.array([[0.2, 0.7]], dtype=np.float32)
    A_out, Y_out = check_labels("AL", A, np.array([[0, 1]]))
    assert A_out is A
    np.testing.assert_array_equal(Y_out, np.array([[0.0, 1.0]], dtype=np.float32), strict=True)
    _, Y_out = check_labels("Z", np.zeros((3, 2)), one_hot([2, 0], 3), one_hot=True)
    assert Y_out.dtype == np.float64


def test_check_labels_errors():
    with pytest.raises(ValueError, match=r"AL must have shape \(n_y, m\), got \(3,\)"):
        check_labels("AL", np.ones(3), np.ones(3))
    with pytest.raises(
        ValueError, match=r"Y must have shape \(2, 3\) to match AL of shape \(2, 3\), got \(3, 2\)"
    ):
        check_labels("AL", np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"got AL of shape \(2, 0\) \(m = 0\)"):
        check_labels("AL", np.ones((2, 0)), np.ones((2, 0)))
    with pytest.raises(ValueError, match="AL must contain only finite numbers, found infinity"):
        check_labels("AL", np.array([[np.inf, 0.0]]), np.array([[1, 0]]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[-1.0\]"):
        check_labels("AL", np.ones((1, 2)), np.array([[-1, 0]]))
    with pytest.raises(ValueError, match="Y must be one-hot"):
        check_labels("Z", np.ones((2, 2)), np.ones((2, 2)), one_hot=True)
    check_labels("Z", np.ones((2, 2)), np.ones((2, 2)))  # fine as independent binary labels


# --- OUTPUTS ----------------------------------------------------------------------------------


def test_outputs_registry():
    assert set(OUTPUTS) == {"sigmoid", "softmax"}
    assert OUTPUTS["sigmoid"].one_hot is False and OUTPUTS["softmax"].one_hot is True
    assert check_output("output", "softmax") == "softmax"
    with pytest.raises(ValueError, match="output must be one of 'sigmoid', 'softmax', got 'tanh'"):
        check_output("output", "tanh")


def test_sigmoid_output_by_hand():
    out = OUTPUTS["sigmoid"]
    Z, Y = np.array([[0.0, math.log(3.0)]]), np.array([[1.0, 0.0]])
    np.testing.assert_allclose(out.probabilities(Z), [[0.5, 0.75]], rtol=1e-15, strict=True)
    assert out.cost(Z, Y) == pytest.approx(1.5 * math.log(2.0), rel=1e-14)
    np.testing.assert_allclose(out.gradient(Z, Y), [[-0.5, 0.75]], rtol=1e-14, strict=True)


def test_softmax_output_by_hand():
    out = OUTPUTS["softmax"]
    Z, Y = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]]), one_hot([2, 0], 3)
    p = np.exp([1.0, 2.0, 3.0]) / np.sum(np.exp([1.0, 2.0, 3.0]))
    probabilities = [[p[0], 1 / 3], [p[1], 1 / 3], [p[2], 1 / 3]]
    np.testing.assert_allclose(out.probabilities(Z), probabilities, rtol=1e-14, strict=True)
    assert out.cost(Z, Y) == pytest.approx(0.753109, abs=1e-6)
    expected_dZ = [[p[0], 1 / 3 - 1], [p[1], 1 / 3], [p[2] - 1, 1 / 3]]
    np.testing.assert_allclose(out.gradient(Z, Y), expected_dZ, rtol=1e-14, strict=True)


@pytest.mark.parametrize("name", ["sigmoid", "softmax"])
def test_outputs_are_finite_at_plus_minus_1000(name):
    out = OUTPUTS[name]
    Z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    Y = np.array([[0.0, 0.0], [1.0, 1.0]])  # one-hot columns; first example confidently wrong
    assert math.isfinite(out.cost(Z, Y))
    assert np.all(np.isfinite(out.probabilities(Z))) and np.all(np.isfinite(out.gradient(Z, Y)))


# --- errors shared by every cost ------------------------------------------------------------------


@pytest.mark.parametrize("f", ALL_COSTS, ids=name_of)
def test_every_cost_refuses_m_0(f):
    with pytest.raises(
        ValueError,
        match=r"^the cost needs at least one example, got [AZ] of shape \(2, 0\) \(m = 0\)$",
    ):
        f(np.zeros((2, 0)), np.zeros((2, 0)))


def test_m_0_gives_the_same_error_from_every_cost():
    messages = set()
    for f in ALL_COSTS:
        with pytest.raises(ValueError) as info:
            f(np.zeros((2, 0)), np.zeros((2, 0)))
        messages.add(str(info.value).replace(" A ", " Z "))  # the argument's own name aside
    assert len(messages) == 1


@pytest.mark.parametrize("f", ALL_COSTS, ids=name_of)
def test_every_cost_refuses_a_nan_prediction(f):
    with pytest.raises(ValueError, match=r"[AZ] must contain only finite numbers, found NaN"):
        f(np.array([[np.nan, 0.5], [0.5, 0.5]]), np.array([[1, 0], [0, 1]]))


@pytest.mark.parametrize("f", ALL_COSTS, ids=name_of)
def test_every_cost_refuses_an_infinite_prediction(f):
    with pytest.raises(ValueError, match=r"[AZ] must contain only finite numbers, found infinity"):
        f(np.array([[np.inf, 0.5], [0.5, 0.5]]), np.array([[1, 0], [0, 1]]))


@pytest.mark.parametrize("f", ALL_BCE, ids=name_of)
def test_bce_rejects_rank_1_labels(f):
    with pytest.raises(
        ValueError, match=r"Y must have shape \(1, 2\) to match [AZ] of shape \(1, 2\), got \(2,\)"
    ):
        f(np.array([[0.5, 0.5]]), np.array([1, 0]))


@pytest.mark.parametrize("f", ALL_BCE, ids=name_of)
def test_bce_rejects_rank_1_predictions(f):
    with pytest.raises(ValueError, match=r"[AZ] must have shape \(n_y, m\), got \(2,\)"):
        f(np.array([0.5, 0.5]), np.array([[1, 0]]))


@pytest.mark.parametrize("f", ALL_BCE, ids=name_of)
def test_bce_rejects_different_m(f):
    with pytest.raises(
        ValueError,
        match=r"Y must have shape \(1, 3\) to match [AZ] of shape \(1, 3\), got \(1, 2\)",
    ):
        f(np.full((1, 3), 0.5), np.array([[1, 0]]))


@pytest.mark.parametrize("f", ALL_BCE, ids=name_of)
def test_bce_rejects_non_binary_labels(f):
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[2.0\]"):
        f(np.array([[0.5, 0.5]]), np.array([[2, 0]]))


@pytest.mark.parametrize("f", [binary_cross_entropy, binary_cross_entropy_backward], ids=name_of)
def test_bce_rejects_probabilities_outside_unit_interval(f):
    with pytest.raises(ValueError, match=r"A must contain probabilities in \[0, 1\]"):
        f(np.array([[1.5, 0.5]]), np.array([[1, 0]]))
