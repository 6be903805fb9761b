"""Tests for dlspec.logistic_regression (one neuron, Course 1 Week 2).

The passes follow the block convention: ``Z, cache = logistic_forward(X, params)`` gives
logits, and ``dX, grads = logistic_backward(dZ, cache)`` starts from ``dZ = sigmoid(Z) - Y``.
The loop versions (``*_naive``) are the oracle of the vectorised ones.
"""

import numpy as np
import pytest

from dlspec.data import load_digits_binary
from dlspec.gradcheck import check_backward, check_gradients
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
from dlspec.losses import binary_cross_entropy_with_logits_backward
from dlspec.metrics import accuracy

SHAPES = [(3, 5), (1, 1), (4, 1), (2, 7)]  # (n_x, m), including m = 1
PAIRS = [(logistic_forward, logistic_backward), (logistic_forward_naive, logistic_backward_naive)]


def random_problem(rng, n_x, m):
    params = {"w": rng.standard_normal((n_x, 1)), "b": rng.standard_normal((1, 1))}
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    return params, X, Y


@pytest.fixture
def hand_case():
    """Two examples worked by hand: Z = w^T X + b = [1.5, -0.5]."""
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


# --- forward, backward and cost by hand -----------------------------------------


@pytest.mark.parametrize(("forward", "backward"), PAIRS)
def test_forward_and_backward_by_hand(forward, backward, hand_case):
    params, X, Y = hand_case
    Z, cache = forward(X, params)
    np.testing.assert_allclose(Z, [[1.5, -0.5]], rtol=1e-15, strict=True)  # logits, not sigmoid
    # A = sigmoid(Z) = [0.8175744761936437, 0.3775406687981454], dZ = A - Y
    dZ = binary_cross_entropy_with_logits_backward(Z, Y)
    np.testing.assert_allclose(
        dZ, [[-0.18242552380635635, 0.3775406687981454]], rtol=1e-14, strict=True
    )
    dX, grads = backward(dZ, cache)
    assert set(grads) == {"dw", "db"}
    # dw = X dZ^T / 2, db = mean(dZ), dX = w dZ
    np.testing.assert_allclose(
        grads["dw"], [[0.28632790689496723], [0.566311003197218]], rtol=1e-14, strict=True
    )
    np.testing.assert_allclose(grads["db"], [[0.09755757249589453]], rtol=1e-14, strict=True)
    np.testing.assert_allclose(
        dX,
        [[-0.18242552380635635, 0.3775406687981454], [0.18242552380635635, -0.3775406687981454]],
        rtol=1e-14,
        strict=True,
    )


def test_cost_by_hand(hand_case):
    params, X, Y = hand_case
    # (log(1 + e^-1.5) + log(1 + e^-0.5)) / 2
    assert logistic_cost(X, params, Y) == pytest.approx(0.33774513108142956, rel=1e-14)


def test_cost_stays_finite_when_confident():
    params = {"w": np.array([[1000.0]]), "b": np.array([[0.0]])}
    X = np.array([[1.0, -1.0]])
    assert logistic_cost(X, params, np.array([[1.0, 0.0]])) < 1e-300
    assert logistic_cost(X, params, np.array([[0.0, 1.0]])) == pytest.approx(1000.0)


# --- naive oracle and gradient checks ----------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_naive_and_vectorised_agree(shape, rng):
    params, X, _ = random_problem(rng, *shape)
    Z, cache = logistic_forward(X, params)
    Z_naive, cache_naive = logistic_forward_naive(X, params)
    np.testing.assert_allclose(Z_naive, Z, rtol=1e-12, atol=1e-14, strict=True)
    dZ = rng.standard_normal(Z.shape)
    dX, grads = logistic_backward(dZ, cache)
    dX_naive, grads_naive = logistic_backward_naive(dZ, cache_naive)
    np.testing.assert_allclose(dX_naive, dX, rtol=1e-12, atol=1e-14, strict=True)
    assert set(grads_naive) == set(grads) == {"dw", "db"}
    for key in grads:
        np.testing.assert_allclose(
            grads_naive[key], grads[key], rtol=1e-12, atol=1e-14, strict=True
        )


@pytest.mark.parametrize("shape", SHAPES)
def test_cost_gradient_check(shape, rng):
    params, X, Y = random_problem(rng, *shape)
    Z, cache = logistic_forward(X, params)
    _, grads = logistic_backward(binary_cross_entropy_with_logits_backward(Z, Y), cache)
    assert check_gradients(lambda: logistic_cost(X, params, Y), params, grads) < 1e-7


@pytest.mark.parametrize(("forward", "backward"), PAIRS)
@pytest.mark.parametrize("shape", SHAPES)
def test_check_backward(forward, backward, shape, rng):
    params, X, _ = random_problem(rng, *shape)
    errors = check_backward(forward, backward, X, params, rng=rng)
    assert set(errors) == {"x", "w", "b"} and max(errors.values()) < 1e-7


def test_a_cache_from_the_other_pass_is_refused_by_name(hand_case):
    params, X, _ = hand_case
    _, cache = logistic_forward(X, params)
    _, naive_cache = logistic_forward_naive(X, params)
    with pytest.raises(
        TypeError,
        match="cache was made by logistic_forward, but this backward pass needs "
        "logistic_forward_naive's",
    ):
        logistic_backward_naive(np.ones((1, 2)), cache)
    with pytest.raises(TypeError, match="cache was made by logistic_forward_naive, but"):
        logistic_backward(np.ones((1, 2)), naive_cache)
    with pytest.raises(TypeError, match="cache must be the cache returned by logistic_forward"):
        logistic_backward(np.ones((1, 2)), (X, params["w"]))


# --- dtypes ---------------------------------------------------------------------


def test_float32_stays_float32():
    params = initialize_zeros(2, dtype=np.float32)
    X = np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)
    Y = np.array([[1, 0]])
    for forward, backward in PAIRS:
        Z, cache = forward(X, params)
        assert Z.dtype == np.float32
        dX, grads = backward(binary_cross_entropy_with_logits_backward(Z, Y), cache)
        assert dX.dtype == np.float32
        assert grads["dw"].dtype == np.float32 and grads["db"].dtype == np.float32
    assert predict_logistic(X, params).dtype == np.int64
    fitted, costs = fit_logistic_regression(X, Y, num_iterations=3)
    assert fitted["w"].dtype == np.float32 and isinstance(costs[0], float)


def test_integer_X_gives_float64():
    params = {"w": np.array([[1.0], [-1.0]]), "b": np.array([[0.5]])}
    X = np.array([[1, 2], [0, 3]])
    Z, _ = logistic_forward(X, params)
    np.testing.assert_allclose(Z, [[1.5, -0.5]], rtol=1e-15, strict=True)
    np.testing.assert_array_equal(predict_logistic(X, params), np.array([[1, 0]]), strict=True)


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
    assert accuracy(predict_logistic(X, params), Y) == 1.0


def test_fit_is_gradient_descent_written_out(separable):
    """Three steps of w -= a X (A - Y)^T / m, b -= a mean(A - Y), by hand."""
    X, Y = separable
    w, b = np.full((2, 1), 0.1), np.zeros((1, 1))
    for _ in range(3):
        A = 1.0 / (1.0 + np.exp(-(w.T @ X + b)))
        w, b = w - 0.2 * X @ (A - Y).T / 40, b - 0.2 * np.mean(A - Y)
    start = {"w": np.full((2, 1), 0.1), "b": np.zeros((1, 1))}
    params, _ = fit_logistic_regression(X, Y, learning_rate=0.2, num_iterations=3, params=start)
    np.testing.assert_allclose(params["w"], w, rtol=1e-13, strict=True)
    np.testing.assert_allclose(params["b"], b, rtol=1e-13, atol=1e-16, strict=True)


def test_fit_records_costs_before_updates(separable):
    X, Y = separable
    start = {"w": np.full((2, 1), 0.1), "b": np.zeros((1, 1))}
    _, costs = fit_logistic_regression(X, Y, num_iterations=250, record_every=100, params=start)
    assert len(costs) == 3  # iterations 0, 100, 200
    assert costs[0] == pytest.approx(logistic_cost(X, start, Y))
    after_100, _ = fit_logistic_regression(X, Y, num_iterations=100, record_every=100, params=start)
    assert costs[1] == pytest.approx(logistic_cost(X, after_100, Y))


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


def test_predict_uses_threshold_and_returns_int64():
    params = {"w": np.array([[1.0]]), "b": np.array([[0.0]])}
    X = np.array([[-2.0, 0.0, 0.5, 3.0]])  # sigmoid: 0.12, 0.5, 0.62, 0.95
    labels = predict_logistic(X, params)
    np.testing.assert_array_equal(labels, np.array([[0, 0, 1, 1]]), strict=True)
    np.testing.assert_array_equal(
        predict_logistic(X, params, threshold=0.9), np.array([[0, 0, 0, 1]]), strict=True
    )


def test_digits_zero_versus_rest_generalises(rng):
    X_train, Y_train, X_test, Y_test = load_digits_binary(positive=(0,), rng=rng)
    params, _ = fit_logistic_regression(X_train, Y_train, learning_rate=0.5, num_iterations=500)
    assert accuracy(predict_logistic(X_test, params), Y_test) > 0.95


# --- errors ---------------------------------------------------------------------


def test_rank_1_w_is_rejected():
    params = {"w": np.zeros(3), "b": np.zeros((1, 1))}
    with pytest.raises(ValueError, match=r"w must have shape \(n_x, 1\), got \(3,\)"):
        logistic_forward(np.ones((3, 5)), params)


def test_wrong_n_x_between_w_and_X_is_rejected():
    with pytest.raises(
        ValueError, match=r"X must have shape \(3, m\) to match w of shape \(3, 1\), got \(4, 5\)"
    ):
        logistic_forward(np.ones((4, 5)), initialize_zeros(3))


def test_scalar_b_is_rejected():
    with pytest.raises(ValueError, match=r"b must have shape \(1, 1\), got \(\)"):
        logistic_forward(np.ones((3, 2)), {"w": np.zeros((3, 1)), "b": 0.0})


@pytest.mark.parametrize("f", [logistic_forward, logistic_forward_naive, predict_logistic])
def test_missing_params_key_is_rejected(f):
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['b'\]"):
        f(np.ones((3, 2)), {"w": np.zeros((3, 1))})


def test_params_must_be_a_dict():
    with pytest.raises(TypeError, match="params must be a dict"):
        logistic_forward(np.ones((3, 2)), [np.zeros((3, 1)), np.zeros((1, 1))])


@pytest.mark.parametrize(("forward", "backward"), PAIRS)
def test_backward_errors(forward, backward, hand_case):
    params, X, _ = hand_case
    _, cache = forward(X, params)
    block = forward.__name__
    with pytest.raises(
        ValueError, match=rf"dZ must have shape \(1, 2\), the shape of {block}'s output, got \(2,\)"
    ):
        backward(np.ones(2), cache)
    with pytest.raises(ValueError, match=rf"dZ must have shape \(1, 2\).*got \(1, 3\)"):
        backward(np.ones((1, 3)), cache)


@pytest.mark.parametrize(("forward", "backward"), PAIRS)
def test_an_empty_batch_is_refused(forward, backward):
    """m = 0 has no mean: the 1/m of dw and db must not become 0/0 (NaN)."""
    with pytest.raises(ValueError, match="at least one example"):
        _, cache = forward(np.zeros((3, 0)), initialize_zeros(3))
        backward(np.zeros((1, 0)), cache)


def test_cost_predict_and_fit_refuse_bad_data(hand_case):
    params, X, _ = hand_case
    with pytest.raises(ValueError, match=r"Y must have shape \(1, 2\) to match Z .*got \(2,\)"):
        logistic_cost(X, params, np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"X must hold at least one example \(column\), got m = 0"):
        logistic_cost(np.zeros((2, 0)), params, np.zeros((1, 0)))
    with pytest.raises(ValueError, match="X must contain only finite numbers, found NaN"):
        predict_logistic(np.array([[np.nan, 0.0], [0.0, 1.0]]), params)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\), got \(2,\)"):
        fit_logistic_regression(X, np.array([1.0, 0.0]))
    with pytest.raises(
        ValueError, match=r"X and Y must have the same number of examples m .*\(2, 2\) and \(1, 3\)"
    ):
        fit_logistic_regression(X, np.array([[1.0, 0.0, 1.0]]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[-1.0\]"):
        fit_logistic_regression(X, np.array([[1.0, -1.0]]), num_iterations=0)
    with pytest.raises(ValueError, match="X must contain only finite numbers, found infinity"):
        fit_logistic_regression(np.array([[np.inf, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0]]))


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
        predict_logistic(X, params, threshold=1.5)
