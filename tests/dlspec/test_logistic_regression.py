"""Tests for dlspec.logistic_regression."""

import numpy as np
import pytest

from dlspec.data import load_digits_binary
from dlspec.gradcheck import check_gradients
from dlspec.logistic_regression import (
    fit_logistic_regression,
    initialize_zeros,
    logistic_backward,
    logistic_backward_naive,
    logistic_cost,
    logistic_forward,
    logistic_forward_naive,
    predict_logistic,
)
from dlspec.metrics import accuracy

SHAPES = [(3, 5), (1, 1), (4, 1), (2, 7)]  # (n_x, m), including m = 1


def random_problem(rng, n_x, m):
    params = {"w": rng.standard_normal((n_x, 1)), "b": rng.standard_normal((1, 1))}
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    return params, X, Y


@pytest.fixture
def hand_case():
    """Two examples worked by hand: Z = [1.5, -0.5]."""
    params = {"w": np.array([[1.0], [-1.0]]), "b": np.array([[0.5]])}
    X = np.array([[1.0, 2.0], [0.0, 3.0]])
    Y = np.array([[1.0, 0.0]])
    return params, X, Y


# --- initialisation -------------------------------------------------------------


def test_initialize_zeros_shapes_and_dtype():
    params = initialize_zeros(3)
    np.testing.assert_array_equal(params["w"], np.zeros((3, 1)), strict=True)
    np.testing.assert_array_equal(params["b"], np.zeros((1, 1)), strict=True)
    assert initialize_zeros(2, dtype=np.float32)["w"].dtype == np.float32


def test_initialize_zeros_errors():
    with pytest.raises(ValueError, match="n_x must be an integer >= 1, got 0"):
        initialize_zeros(0)
    with pytest.raises(TypeError, match="n_x must be an integer"):
        initialize_zeros(2.5)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        initialize_zeros(2, dtype=np.int64)


# --- forward and backward by hand ---------------------------------------------


def test_forward_by_hand(hand_case):
    params, X, _ = hand_case
    A, cache = logistic_forward(params, X)
    np.testing.assert_allclose(
        A, [[0.8175744761936437, 0.3775406687981454]], rtol=1e-14, strict=True
    )
    np.testing.assert_allclose(cache["Z"], [[1.5, -0.5]], strict=True)
    assert cache["X"] is X


def test_backward_by_hand(hand_case):
    params, X, Y = hand_case
    A, cache = logistic_forward(params, X)
    grads = logistic_backward(A, Y, cache)
    # dZ = [-0.18242552380635635, 0.3775406687981454]; dw = X dZ^T / 2
    np.testing.assert_allclose(
        grads["dw"], [[0.28632790689496723], [0.566311003197218]], rtol=1e-14, strict=True
    )
    np.testing.assert_allclose(grads["db"], [[0.09755757249589453]], rtol=1e-14, strict=True)


def test_cost_by_hand(hand_case):
    params, X, Y = hand_case
    # (log(1 + e^-1.5) + log(1 + e^-0.5)) / 2
    assert logistic_cost(params, X, Y) == pytest.approx(0.33774513108142956, rel=1e-14)


# --- naive oracle and gradient check ----------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_naive_and_vectorised_agree(shape, rng):
    params, X, Y = random_problem(rng, *shape)
    A, cache = logistic_forward(params, X)
    A_naive, cache_naive = logistic_forward_naive(params, X)
    np.testing.assert_allclose(A_naive, A, rtol=1e-12, strict=True)
    np.testing.assert_allclose(cache_naive["Z"], cache["Z"], rtol=1e-12, atol=1e-14, strict=True)
    grads = logistic_backward(A, Y, cache)
    grads_naive = logistic_backward_naive(A, Y, cache)
    for key in ("dw", "db"):
        np.testing.assert_allclose(
            grads_naive[key], grads[key], rtol=1e-12, atol=1e-14, strict=True
        )


@pytest.mark.parametrize("shape", SHAPES)
def test_backward_passes_gradient_check(shape, rng):
    params, X, Y = random_problem(rng, *shape)
    A, cache = logistic_forward(params, X)
    grads = logistic_backward(A, Y, cache)
    assert check_gradients(lambda: logistic_cost(params, X, Y), params, grads) < 1e-7


# --- dtypes ---------------------------------------------------------------------


def test_float32_stays_float32():
    params = initialize_zeros(2, dtype=np.float32)
    X = np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)
    A, cache = logistic_forward(params, X)
    assert A.dtype == np.float32
    grads = logistic_backward(A, np.array([[1, 0]]), cache)
    assert grads["dw"].dtype == np.float32 and grads["db"].dtype == np.float32
    assert predict_logistic(params, X).dtype == np.float32
    fitted, _ = fit_logistic_regression(X, np.array([[1, 0]]), num_iterations=3)
    assert fitted["w"].dtype == np.float32


def test_integer_X_gives_float64():
    params = initialize_zeros(2)
    X = np.array([[1, 2], [3, 4]])
    assert logistic_forward(params, X)[0].dtype == np.float64
    assert predict_logistic(params, X).dtype == np.float64


# --- training and prediction ------------------------------------------------------


@pytest.fixture
def separable(rng):
    """Two well-separated clusters in 2-D, labels 1 above the line x1 + x2 = 0."""
    X = rng.standard_normal((2, 40))
    X += np.sign(X.sum(axis=0)) * 1.0  # push points away from the boundary
    Y = (X.sum(axis=0, keepdims=True) > 0).astype(np.float64)
    return X, Y


def test_fit_decreases_cost_and_separates(separable):
    X, Y = separable
    params, costs = fit_logistic_regression(
        X, Y, learning_rate=0.5, num_iterations=500, record_every=10
    )
    assert len(costs) == 50
    assert costs[0] == pytest.approx(np.log(2.0))  # zeros predict 0.5 everywhere
    assert np.all(np.diff(costs) < 0)
    assert accuracy(predict_logistic(params, X), Y) == 1.0


def test_fit_records_costs_before_updates(separable):
    X, Y = separable
    start = {"w": np.full((2, 1), 0.1), "b": np.zeros((1, 1))}
    _, costs = fit_logistic_regression(X, Y, num_iterations=250, record_every=100, params=start)
    assert len(costs) == 3  # iterations 0, 100, 200
    assert costs[0] == pytest.approx(logistic_cost(start, X, Y))
    _, costs_100 = fit_logistic_regression(X, Y, num_iterations=101, record_every=100, params=start)
    after_100, _ = fit_logistic_regression(X, Y, num_iterations=100, record_every=100, params=start)
    assert costs_100[1] == pytest.approx(logistic_cost(after_100, X, Y))
    assert costs[1] == pytest.approx(costs_100[1])


def test_fit_does_not_mutate_start_params(separable):
    X, Y = separable
    start = initialize_zeros(2)
    params, _ = fit_logistic_regression(X, Y, num_iterations=10, params=start)
    np.testing.assert_array_equal(start["w"], np.zeros((2, 1)))
    assert not np.array_equal(params["w"], start["w"])


def test_fit_with_zero_iterations_returns_start(separable):
    X, Y = separable
    params, costs = fit_logistic_regression(X, Y, num_iterations=0)
    assert costs == []
    np.testing.assert_array_equal(params["w"], np.zeros((2, 1)))


def test_predict_uses_threshold():
    params = {"w": np.array([[1.0]]), "b": np.array([[0.0]])}
    X = np.array([[-2.0, 0.0, 0.5, 3.0]])  # sigmoid: 0.12, 0.5, 0.62, 0.95
    np.testing.assert_array_equal(predict_logistic(params, X), [[0.0, 0.0, 1.0, 1.0]], strict=True)
    np.testing.assert_array_equal(
        predict_logistic(params, X, threshold=0.9), [[0.0, 0.0, 0.0, 1.0]]
    )


def test_digits_zero_versus_rest_generalises(rng):
    X_train, Y_train, X_test, Y_test = load_digits_binary(positive=(0,), rng=rng)
    params, _ = fit_logistic_regression(X_train, Y_train, learning_rate=0.5, num_iterations=500)
    assert accuracy(predict_logistic(params, X_test), Y_test) > 0.95


# --- errors ---------------------------------------------------------------------


def test_rank_1_w_is_rejected():
    params = {"w": np.zeros(3), "b": np.zeros((1, 1))}
    with pytest.raises(ValueError, match=r"w must have shape \(n_x, 1\), got \(3,\)"):
        logistic_forward(params, np.ones((3, 5)))


def test_wrong_n_x_between_w_and_X_is_rejected():
    with pytest.raises(
        ValueError, match=r"X must have shape \(3, m\) to match w of shape \(3, 1\), got \(4, 5\)"
    ):
        logistic_forward(initialize_zeros(3), np.ones((4, 5)))


def test_scalar_b_is_rejected():
    with pytest.raises(ValueError, match=r"b must have shape \(1, 1\), got \(\)"):
        logistic_forward({"w": np.zeros((3, 1)), "b": 0.0}, np.ones((3, 2)))


@pytest.mark.parametrize("f", [logistic_forward, logistic_forward_naive, predict_logistic])
def test_missing_params_key_is_rejected(f):
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['b'\]"):
        f({"w": np.zeros((3, 1))}, np.ones((3, 2)))


def test_params_must_be_a_dict():
    with pytest.raises(TypeError, match="params must be a dict"):
        logistic_forward([np.zeros((3, 1)), np.zeros((1, 1))], np.ones((3, 2)))


@pytest.mark.parametrize("backward", [logistic_backward, logistic_backward_naive])
def test_backward_errors(backward, hand_case):
    params, X, Y = hand_case
    A, cache = logistic_forward(params, X)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\), got \(2,\)"):
        backward(A, Y[0], cache)
    with pytest.raises(
        ValueError, match=r"A and Y must have the same number of examples m .*\(1, 2\) and \(1, 3\)"
    ):
        backward(A, np.array([[1.0, 0.0, 1.0]]), cache)
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[0.5\]"):
        backward(A, np.array([[1.0, 0.5]]), cache)
    with pytest.raises(ValueError, match=r"cache is missing key\(s\) \['X'\]"):
        backward(A, Y, {"Z": cache["Z"]})
    with pytest.raises(
        ValueError,
        match=r"A and cache\['X'\] must have the same number of examples m .*\(1, 2\) and \(2, 3\)",
    ):
        backward(A, Y, {"X": np.ones((2, 3))})


def test_cost_and_fit_reject_bad_labels(hand_case):
    params, X, _ = hand_case
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\), got \(2,\)"):
        logistic_cost(params, X, np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\), got \(2,\)"):
        fit_logistic_regression(X, np.array([1.0, 0.0]))
    with pytest.raises(
        ValueError, match=r"X and Y must have the same number of examples m .*\(2, 2\) and \(1, 3\)"
    ):
        fit_logistic_regression(X, np.array([[1.0, 0.0, 1.0]]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[-1.0\]"):
        fit_logistic_regression(X, np.array([[1.0, -1.0]]), num_iterations=0)


def test_fit_rejects_bad_hyperparameters(hand_case):
    _, X, Y = hand_case
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        fit_logistic_regression(X, Y, learning_rate=0.0)
    with pytest.raises(
        ValueError, match=r"learning_rate must be a finite number in \[0.0, inf\], got -0.1"
    ):
        fit_logistic_regression(X, Y, learning_rate=-0.1)
    with pytest.raises(ValueError, match="record_every must be an integer >= 1, got 0"):
        fit_logistic_regression(X, Y, record_every=0)
    with pytest.raises(ValueError, match="num_iterations must be an integer >= 0, got -1"):
        fit_logistic_regression(X, Y, num_iterations=-1)
    with pytest.raises(TypeError, match="num_iterations must be an integer"):
        fit_logistic_regression(X, Y, num_iterations=10.0)


def test_predict_rejects_bad_threshold(hand_case):
    params, X, _ = hand_case
    with pytest.raises(ValueError, match="threshold must be a finite number in"):
        predict_logistic(params, X, threshold=1.5)


def test_backward_rejects_an_empty_batch():
    params = initialize_zeros(3)
    A, cache = logistic_forward(params, np.zeros((3, 0)))
    with pytest.raises(ValueError, match=r"at least one example \(m >= 1\), got shape \(1, 0\)"):
        logistic_backward(A, np.zeros((1, 0)), cache)
