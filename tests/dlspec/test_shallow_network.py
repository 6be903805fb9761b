"""Tests for dlspec.shallow_network (one hidden layer, Course 1 Week 3)."""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_gradients
from dlspec.logistic_regression import fit_logistic_regression, predict_logistic
from dlspec.losses import binary_cross_entropy
from dlspec.metrics import accuracy
from dlspec.planar_data import make_flower
from dlspec.shallow_network import (
    fit_shallow_network,
    initialize_shallow,
    predict_shallow,
    shallow_backward,
    shallow_cost,
    shallow_forward,
)

ACTIVATIONS = ["tanh", "relu", "sigmoid", "leaky_relu"]
SHAPES = [(3, 4, 1, 5), (2, 3, 1, 1), (4, 2, 1, 7), (3, 4, 2, 6)]  # (n_x, n_h, n_y, m)


def random_problem(rng, n_x, n_h, n_y, m):
    """Standard normal parameters (not small: every unit then does something)."""
    params = {
        "W1": rng.standard_normal((n_h, n_x)),
        "b1": rng.standard_normal((n_h, 1)),
        "W2": rng.standard_normal((n_y, n_h)),
        "b2": rng.standard_normal((n_y, 1)),
    }
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((n_y, m)) < 0.5).astype(np.float64)
    return params, X, Y


@pytest.fixture
def hand_case():
    """Z1 = [[0, -2], [1.5, 1]] and Z2 = 2 A1[0] - A1[1] + 0.5, worked by hand."""
    params = {
        "W1": np.array([[1.0, -1.0], [0.5, 0.0]]),
        "b1": np.array([[0.0], [1.0]]),
        "W2": np.array([[2.0, -1.0]]),
        "b2": np.array([[0.5]]),
    }
    X = np.array([[1.0, 0.0], [1.0, 2.0]])
    Y = np.array([[1.0, 0.0]])
    return params, X, Y


# --- initialisation -------------------------------------------------------------


def test_initialize_shapes_dtype_and_zero_biases(rng):
    params = initialize_shallow(3, 4, rng=rng)
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"].shape == (4, 3) and params["W2"].shape == (1, 4)
    np.testing.assert_array_equal(params["b1"], np.zeros((4, 1)), strict=True)
    np.testing.assert_array_equal(params["b2"], np.zeros((1, 1)), strict=True)
    assert 0 < np.max(np.abs(params["W1"])) < 0.05  # N(0, 0.01^2): 12 draws stay within 5 sigma
    p32 = initialize_shallow(3, 4, 2, rng=np.random.default_rng(0), dtype=np.float32)
    p64 = initialize_shallow(3, 4, 2, rng=np.random.default_rng(0))
    assert all(a.dtype == np.float32 for a in p32.values()) and p32["b2"].shape == (2, 1)
    np.testing.assert_allclose(p32["W1"], p64["W1"], rtol=1e-6)  # same draws, rounded
    zero = initialize_shallow(2, 3, rng=rng, scale=0)
    np.testing.assert_array_equal(zero["W1"], np.zeros((3, 2)))


def test_initialize_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n_h must be an integer >= 1, got 0"):
        initialize_shallow(2, 0, rng=rng)
    with pytest.raises(TypeError, match="n_x must be an integer"):
        initialize_shallow(2.0, 3, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        initialize_shallow(2, 3, rng=0)
    with pytest.raises(ValueError, match=r"scale must be a finite number in \[0.0, inf\]"):
        initialize_shallow(2, 3, rng=rng, scale=-0.1)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        initialize_shallow(2, 3, rng=rng, dtype=np.int32)


# --- forward, backward and cost by hand -------------------------------------------


def test_forward_by_hand(hand_case):
    params, X, _ = hand_case
    A2, cache = shallow_forward(params, X)
    np.testing.assert_allclose(cache["Z1"], [[0.0, -2.0], [1.5, 1.0]], strict=True)
    # tanh(-2) = -0.9640275800758169, tanh(1.5) = 0.9051482536448664, tanh(1) = 0.7615941559557649
    np.testing.assert_allclose(
        cache["A1"],
        [[0.0, -0.9640275800758169], [0.9051482536448664, 0.7615941559557649]],
        rtol=1e-15,
        strict=True,
    )
    np.testing.assert_allclose(
        cache["Z2"], [[-0.4051482536448664, -2.1896493161073987]], rtol=1e-14, strict=True
    )
    np.testing.assert_allclose(
        A2, [[0.40007604748015363, 0.10068384235421866]], rtol=1e-14, strict=True
    )
    assert cache["X"] is X and cache["A2"] is A2 and cache["hidden_activation"] == "tanh"


def test_forward_with_relu_by_hand(hand_case):
    params, X, _ = hand_case
    _, cache = shallow_forward(params, X, hidden_activation="relu")
    np.testing.assert_array_equal(cache["A1"], [[0.0, 0.0], [1.5, 1.0]], strict=True)
    np.testing.assert_allclose(cache["Z2"], [[-1.0, -0.5]], strict=True)  # 2*A1[0] - A1[1] + 0.5


def test_backward_by_hand(hand_case):
    params, X, Y = hand_case
    _, cache = shallow_forward(params, X)
    grads = shallow_backward(params, cache, Y)
    # dZ2 = A2 - Y; dW2 = dZ2 A1^T / 2; dZ1 = W2^T dZ2 * (1 - A1^2); dW1 = dZ1 X^T / 2
    expected = {
        "dW1": [
            [-0.5999239525198463, -0.5856971594964233],
            [0.05420512053482598, 0.011920490130942596],
        ],
        "db1": [[-0.5928105560081348], [0.03306280533288429]],
        "dW2": [[-0.048531000448736226, -0.23316994600346008]],
        "db2": [[-0.24962005508281382]],
    }
    assert list(grads) == ["dW1", "db1", "dW2", "db2"]
    for key, value in expected.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-13, strict=True)


def test_cost_by_hand(hand_case):
    params, X, Y = hand_case
    # (log(1 + e^0.4051...) + log(1 + e^-2.1896...)) / 2
    assert shallow_cost(params, X, Y) == pytest.approx(0.5111106302765438, rel=1e-14)
    A2, _ = shallow_forward(params, X)
    assert shallow_cost(params, X, Y) == pytest.approx(binary_cross_entropy(A2, Y), rel=1e-12)


def test_cost_stays_finite_when_confident():
    params = {
        "W1": np.array([[100.0]]),
        "b1": np.zeros((1, 1)),
        "W2": np.array([[1000.0]]),
        "b2": np.zeros((1, 1)),
    }
    X = np.array([[1.0, -1.0]])
    assert shallow_cost(params, X, np.array([[1.0, 0.0]])) < 1e-300
    assert shallow_cost(params, X, np.array([[0.0, 1.0]])) == pytest.approx(1000.0)


# --- gradient checks --------------------------------------------------------------


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_backward_gradient_check(activation, shape, rng):
    params, X, Y = random_problem(rng, *shape)
    _, cache = shallow_forward(params, X, activation)
    # (leaky) ReLU has a kink at 0; finite differences must not cross it.
    assert np.min(np.abs(cache["Z1"])) > 1e-4
    grads = shallow_backward(params, cache, Y)
    error = check_gradients(lambda: shallow_cost(params, X, Y, activation), params, grads)
    assert error < 1e-7


# --- dtypes -----------------------------------------------------------------------


def test_float32_stays_float32(hand_case):
    params, X, Y = hand_case
    params = {k: v.astype(np.float32) for k, v in params.items()}
    X = X.astype(np.float32)
    A2, cache = shallow_forward(params, X)
    assert A2.dtype == np.float32 and cache["Z1"].dtype == np.float32
    grads = shallow_backward(params, cache, Y)  # float64 labels do not promote
    assert all(g.dtype == np.float32 for g in grads.values())
    np.testing.assert_allclose(
        grads["db2"], np.array([[-0.24962005508281382]], dtype=np.float32), rtol=1e-6, strict=True
    )
    assert predict_shallow(params, X).dtype == np.float32
    fitted, costs = fit_shallow_network(X, Y, 3, rng=np.random.default_rng(0), num_iterations=5)
    assert all(v.dtype == np.float32 for v in fitted.values()) and isinstance(costs[0], float)


def test_integer_X_gives_float64(hand_case):
    params, _, _ = hand_case
    X = np.array([[1, 0], [1, 2]])
    assert shallow_forward(params, X)[0].dtype == np.float64
    assert predict_shallow(params, X).dtype == np.float64


# --- training and prediction --------------------------------------------------------


@pytest.fixture
def flower():
    return make_flower(rng=np.random.default_rng(2))


def test_hidden_layer_fits_the_flower_where_logistic_regression_cannot(flower):
    X, Y = flower
    w, _ = fit_logistic_regression(X, Y, learning_rate=0.5, num_iterations=1000)
    logistic_accuracy = accuracy(predict_logistic(w, X), Y)
    # Some seeds sit on a plateau near 86-88 % for thousands of iterations; this one does not.
    params, costs = fit_shallow_network(X, Y, 4, rng=np.random.default_rng(2), num_iterations=3000)
    network_accuracy = accuracy(predict_shallow(params, X), Y)
    assert logistic_accuracy < 0.7 < 0.85 < network_accuracy
    assert shallow_cost(params, X, Y) < 0.25 * costs[0]


def test_fit_records_costs_before_updates(flower):
    X, Y = flower
    rng = np.random.default_rng(5)
    _, costs = fit_shallow_network(X, Y, 3, rng=rng, num_iterations=25, record_every=10)
    assert len(costs) == 3  # iterations 0, 10, 20
    start = initialize_shallow(2, 3, rng=np.random.default_rng(5))
    assert costs[0] == pytest.approx(shallow_cost(start, X, Y), rel=1e-12)
    assert costs[0] == pytest.approx(math.log(2.0), abs=1e-3)  # small weights predict about 0.5
    after_10, _ = fit_shallow_network(X, Y, 3, rng=np.random.default_rng(5), num_iterations=10)
    assert costs[1] == pytest.approx(shallow_cost(after_10, X, Y), rel=1e-12)


def test_fit_is_deterministic_and_seed_dependent(flower):
    X, Y = flower

    def fit(seed):
        rng = np.random.default_rng(seed)
        return fit_shallow_network(X, Y, 4, rng=rng, num_iterations=20, record_every=5)

    (p1, c1), (p2, c2), (p3, _) = fit(3), fit(3), fit(4)
    for key in p1:
        np.testing.assert_array_equal(p1[key], p2[key])
    assert c1 == c2
    assert not np.array_equal(p1["W1"], p3["W1"])


def test_fit_with_zero_iterations_returns_the_start(flower):
    X, Y = flower
    params, costs = fit_shallow_network(X, Y, 2, rng=np.random.default_rng(0), num_iterations=0)
    assert costs == []
    start = initialize_shallow(2, 2, rng=np.random.default_rng(0))
    for key in start:
        np.testing.assert_array_equal(params[key], start[key], strict=True)


def test_equal_hidden_units_stay_equal(flower):
    """Symmetry: units that start equal get equal gradients, so they never differ."""
    X, Y = flower
    params = {
        "W1": np.full((3, 2), 0.3),
        "b1": np.zeros((3, 1)),
        "W2": np.full((1, 3), 0.2),
        "b2": np.zeros((1, 1)),
    }
    for _ in range(20):
        _, cache = shallow_forward(params, X)
        grads = shallow_backward(params, cache, Y)
        params = {k: v - 1.2 * grads["d" + k] for k, v in params.items()}
    assert np.ptp(params["W1"], axis=0).max() < 1e-12
    assert np.ptp(params["W2"]) < 1e-12 and not np.allclose(params["W1"], 0.3)


def test_predict_uses_threshold_and_activation(hand_case):
    params, X, _ = hand_case  # tanh output probabilities 0.40 and 0.10
    np.testing.assert_array_equal(predict_shallow(params, X), [[0.0, 0.0]], strict=True)
    np.testing.assert_array_equal(predict_shallow(params, X, threshold=0.2), [[1.0, 0.0]])
    # ReLU: Z2 = [-1, -0.5], probabilities 0.27 and 0.38
    np.testing.assert_array_equal(predict_shallow(params, X, "relu", threshold=0.3), [[0.0, 1.0]])


# --- errors -----------------------------------------------------------------------


def test_unknown_activation_lists_the_choices(hand_case):
    params, X, Y = hand_case
    choices = r"'tanh', 'relu', 'sigmoid', 'leaky_relu'"
    with pytest.raises(ValueError, match=rf"hidden_activation must be one of {choices}, got 'elu'"):
        shallow_forward(params, X, hidden_activation="elu")
    with pytest.raises(ValueError, match="hidden_activation must be one of"):
        fit_shallow_network(X, Y, 2, rng=np.random.default_rng(0), hidden_activation=np.tanh)
    with pytest.raises(ValueError, match="hidden_activation must be one of"):
        predict_shallow(params, X, "softmax")


def test_parameter_shape_errors(hand_case):
    params, X, _ = hand_case
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['b2'\]"):
        shallow_forward({k: v for k, v in params.items() if k != "b2"}, X)
    with pytest.raises(TypeError, match="params must be a dict"):
        shallow_forward(list(params.values()), X)
    with pytest.raises(
        ValueError, match=r"b1 must have shape \(2, 1\) to match W1 of shape \(2, 2\), got \(2,\)"
    ):
        shallow_forward({**params, "b1": np.zeros(2)}, X)
    with pytest.raises(
        ValueError,
        match=r"W2 must have shape \(n_y, 2\) to match W1 of shape \(2, 2\), got \(1, 3\)",
    ):
        shallow_forward({**params, "W2": np.ones((1, 3))}, X)
    with pytest.raises(
        ValueError, match=r"b2 must have shape \(1, 1\) to match W2 of shape \(1, 2\), got \(2, 1\)"
    ):
        shallow_forward({**params, "b2": np.zeros((2, 1))}, X)
    with pytest.raises(
        ValueError, match=r"X must have shape \(2, m\) to match W1 of shape \(2, 2\), got \(3, 2\)"
    ):
        shallow_forward(params, np.ones((3, 2)))


def test_backward_errors(hand_case):
    params, X, Y = hand_case
    _, cache = shallow_forward(params, X)
    with pytest.raises(
        ValueError, match=r"Y must have shape \(1, m\) to match A2 of shape \(1, 2\), got \(2,\)"
    ):
        shallow_backward(params, cache, Y[0])
    with pytest.raises(ValueError, match=r"A2 and Y must have the same number of examples m"):
        shallow_backward(params, cache, np.ones((1, 3)))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[2.0\]"):
        shallow_backward(params, cache, np.array([[1.0, 2.0]]))
    with pytest.raises(ValueError, match=r"cache is missing key 'hidden_activation'"):
        shallow_backward(params, {k: v for k, v in cache.items() if k != "hidden_activation"}, Y)
    with pytest.raises(ValueError, match=r"cache is missing key\(s\) \['A1'\]"):
        shallow_backward(params, {k: v for k, v in cache.items() if k != "A1"}, Y)
    with pytest.raises(ValueError, match=r"cache\['Z1'\] must have shape \(2, 2\) to match W1"):
        shallow_backward(params, {**cache, "Z1": cache["Z1"][:, :1]}, Y)
    with pytest.raises(ValueError, match=r"cache\['A2'\] must have shape \(1, 2\)"):
        shallow_backward(params, {**cache, "A2": np.ones((2, 2))}, Y)
    _, empty = shallow_forward(params, np.ones((2, 0)))
    with pytest.raises(ValueError, match="needs at least one example, got m = 0"):
        shallow_backward(params, empty, np.ones((1, 0)))


def test_cost_and_fit_errors(hand_case):
    params, X, Y = hand_case
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) to match A2"):
        shallow_cost(params, X, np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"Y must have shape \(n_y, m\), got \(2,\)"):
        fit_shallow_network(X, np.array([1.0, 0.0]), 2, rng=rng)
    with pytest.raises(ValueError, match=r"X and Y must have the same number of examples m"):
        fit_shallow_network(X, np.ones((1, 3)), 2, rng=rng)
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[-1.0\]"):
        fit_shallow_network(X, np.array([[1.0, -1.0]]), 2, rng=rng)
    with pytest.raises(ValueError, match="needs at least one example, got m = 0"):
        fit_shallow_network(np.ones((2, 0)), np.ones((1, 0)), 2, rng=rng)
    with pytest.raises(ValueError, match="n_h must be an integer >= 1, got 0"):
        fit_shallow_network(X, Y, 0, rng=rng)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        fit_shallow_network(X, Y, 2, rng=rng, learning_rate=0.0)
    with pytest.raises(ValueError, match="num_iterations must be an integer >= 0, got -1"):
        fit_shallow_network(X, Y, 2, rng=rng, num_iterations=-1)
    with pytest.raises(ValueError, match="record_every must be an integer >= 1, got 0"):
        fit_shallow_network(X, Y, 2, rng=rng, record_every=0)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        fit_shallow_network(X, Y, 2, rng=42)
    with pytest.raises(ValueError, match=r"threshold must be a finite number in \[0.0, 1.0\]"):
        predict_shallow(params, X, threshold=-0.5)
