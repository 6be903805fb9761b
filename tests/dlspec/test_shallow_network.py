"""Tests for dlspec.shallow_network (one hidden layer, Course 1 Week 3).

``Z2, cache = shallow_forward(X, params, act)`` gives the output logits and
``dX, grads = shallow_backward(dZ2, cache)`` starts from ``dZ2 = sigmoid(Z2) - Y``. The
module writes both passes out equation by equation; dlspec.network builds the same model
from blocks, so the two are separate implementations and check each other.
"""

import functools
import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward, check_gradients
from dlspec.logistic_regression import fit_logistic_regression, predict_logistic
from dlspec.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_backward,
)
from dlspec.metrics import accuracy
from dlspec.network import dense_network
from dlspec.optimizers import GradientDescent
from dlspec.planar_data import make_flower
from dlspec.shallow_network import initialize_shallow, shallow_backward, shallow_forward
from dlspec.training import fit

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


def cost(X, params, Y, activation="tanh"):
    Z2, _ = shallow_forward(X, params, activation)
    return binary_cross_entropy_with_logits(Z2, Y)


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
    Z2, cache = shallow_forward(X, params)
    np.testing.assert_allclose(cache["Z1"], [[0.0, -2.0], [1.5, 1.0]], strict=True)
    # tanh(-2) = -0.9640275800758169, tanh(1.5) = 0.9051482536448664, tanh(1) = 0.7615941559557649
    np.testing.assert_allclose(
        cache["A1"],
        [[0.0, -0.9640275800758169], [0.9051482536448664, 0.7615941559557649]],
        rtol=1e-15,
        strict=True,
    )
    # logits, not probabilities (sigmoid: 0.40007604748015363, 0.10068384235421866)
    np.testing.assert_allclose(
        Z2, [[-0.4051482536448664, -2.1896493161073987]], rtol=1e-14, strict=True
    )
    assert cache["X"] is X and cache["hidden_activation"] == "tanh"


def test_forward_with_relu_by_hand(hand_case):
    params, X, _ = hand_case
    Z2, cache = shallow_forward(X, params, hidden_activation="relu")
    np.testing.assert_array_equal(cache["A1"], [[0.0, 0.0], [1.5, 1.0]], strict=True)
    np.testing.assert_allclose(Z2, [[-1.0, -0.5]], strict=True)  # 2*A1[0] - A1[1] + 0.5
    assert cache["hidden_activation"] == "relu"


def test_backward_by_hand(hand_case):
    params, X, Y = hand_case
    Z2, cache = shallow_forward(X, params)
    dX, grads = shallow_backward(binary_cross_entropy_with_logits_backward(Z2, Y), cache)
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
    # dX = W1^T dZ1, example by example with math.tanh and math.exp
    expected_dX = [
        [-1.1456427845048667, -0.006915522178518648],
        [1.1998479050396926, -0.014226793023423043],
    ]
    np.testing.assert_allclose(dX, expected_dX, rtol=1e-13, strict=True)


def test_cost_by_hand(hand_case):
    params, X, Y = hand_case
    # (log(1 + e^0.4051...) + log(1 + e^-2.1896...)) / 2
    Z2 = [-0.4051482536448664, -2.1896493161073987]
    expected = (math.log1p(math.exp(-Z2[0])) + math.log1p(math.exp(Z2[1]))) / 2
    assert cost(X, params, Y) == pytest.approx(expected, rel=1e-14)
    assert cost(X, params, Y) == pytest.approx(0.5111106302765438, rel=1e-14)


# --- gradient checks --------------------------------------------------------------


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_cost_gradient_check(activation, shape, rng):
    params, X, Y = random_problem(rng, *shape)
    Z2, cache = shallow_forward(X, params, activation)
    # (leaky) ReLU has a kink at 0; finite differences must not cross it.
    assert np.min(np.abs(cache["Z1"])) > 1e-4
    _, grads = shallow_backward(binary_cross_entropy_with_logits_backward(Z2, Y), cache)
    error = check_gradients(lambda: cost(X, params, Y, activation), params, grads)
    assert error < 1e-7


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_check_backward(activation, shape, rng):
    params, X, _ = random_problem(rng, *shape)
    forward = functools.partial(shallow_forward, hidden_activation=activation)
    assert np.min(np.abs(forward(X, params)[1]["Z1"])) > 1e-4
    errors = check_backward(forward, shallow_backward, X, params, rng=rng)
    assert set(errors) == {"x", "W1", "b1", "W2", "b2"}
    assert max(errors.values()) < 1e-7


# --- the same model built from blocks ----------------------------------------------


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_same_numbers_as_dense_network(activation, shape, rng):
    """Written out by hand here, composed of blocks there: equal logits and gradients."""
    n_x, n_h, n_y, m = shape
    params, X, _ = random_problem(rng, *shape)
    net = dense_network([n_x, n_h, n_y], hidden=activation)
    Z2, cache = shallow_forward(X, params, activation)
    ZL, net_cache = net.forward(X, params)
    np.testing.assert_allclose(Z2, ZL, rtol=1e-13, atol=1e-15, strict=True)
    dZ2 = rng.standard_normal(Z2.shape)
    dX, grads = shallow_backward(dZ2, cache)
    net_dX, net_grads = net.backward(dZ2, net_cache)
    np.testing.assert_allclose(dX, net_dX, rtol=1e-12, atol=1e-15, strict=True)
    assert set(grads) == set(net_grads)
    for key, value in net_grads.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-12, atol=1e-15, strict=True)


def test_the_cache_decides_the_activation(hand_case):
    """Backward takes no activation: a ReLU forward pass gets ReLU's derivative back."""
    params, X, _ = hand_case
    dZ2 = np.array([[1.0, 1.0]])
    _, cache = shallow_forward(X, params, "relu")
    dX, grads = shallow_backward(dZ2, cache)
    # Z1 = [[0, -2], [1.5, 1]]: only the second unit is active, in both examples.
    # dZ1 = W2^T dZ2 * [Z1 > 0] = [[0, 0], [-1, -1]]
    np.testing.assert_array_equal(grads["db1"], [[0.0], [-1.0]], strict=True)
    np.testing.assert_array_equal(grads["dW1"], [[0.0, 0.0], [-0.5, -1.5]], strict=True)
    np.testing.assert_array_equal(dX, [[-0.5, -0.5], [0.0, 0.0]], strict=True)


def test_fit_with_random_init_starts_where_initialize_shallow_does():
    """init="random" (scale 0.01) draws W1 then W2, like initialize_shallow, from the same rng."""
    X, Y = make_flower(rng=np.random.default_rng(2))
    params, costs = fit(dense_network([2, 4, 1], hidden="tanh"), X, Y,
                        rng=np.random.default_rng(5), optimizer=GradientDescent(1.2),
                        num_epochs=0, init="random")
    assert costs == []
    start = initialize_shallow(2, 4, rng=np.random.default_rng(5))
    for key in start:
        np.testing.assert_array_equal(params[key], start[key], strict=True)


# --- dtypes -----------------------------------------------------------------------


def test_float32_stays_float32(hand_case):
    params, X, Y = hand_case
    params = {k: v.astype(np.float32) for k, v in params.items()}
    X = X.astype(np.float32)
    Z2, cache = shallow_forward(X, params)
    assert Z2.dtype == np.float32 and cache["Z1"].dtype == np.float32
    dZ2 = binary_cross_entropy_with_logits_backward(Z2, Y)  # float64 labels do not promote
    dX, grads = shallow_backward(dZ2, cache)
    assert dX.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
    np.testing.assert_allclose(
        grads["db2"], np.array([[-0.24962005508281382]], dtype=np.float32), rtol=1e-6, strict=True
    )


def test_integer_X_gives_float64(hand_case):
    params, _, _ = hand_case
    X = np.array([[1, 0], [1, 2]])
    Z2, _ = shallow_forward(X, params)
    np.testing.assert_allclose(
        Z2, [[-0.4051482536448664, -2.1896493161073987]], rtol=1e-14, strict=True
    )


# --- training (with the one fit) ----------------------------------------------------


@pytest.fixture
def flower():
    return make_flower(rng=np.random.default_rng(2))


def test_hidden_layer_fits_the_flower_where_logistic_regression_cannot(flower):
    X, Y = flower
    w, _ = fit_logistic_regression(X, Y, learning_rate=0.5, num_iterations=1000)
    logistic_accuracy = accuracy(predict_logistic(X, w), Y)
    net = dense_network([2, 4, 1], hidden="tanh")
    # Some seeds sit on a plateau near 86-88 % for thousands of iterations; this one does not.
    params, costs = fit(net, X, Y, rng=np.random.default_rng(2), optimizer=GradientDescent(1.2),
                        num_epochs=3000, record_every=1000, init="random")
    assert len(costs) == 3
    assert costs[0] == pytest.approx(math.log(2.0), abs=1e-3)  # small weights predict about 0.5
    network_accuracy = accuracy(net.predict(X, params), Y)
    assert logistic_accuracy < 0.7 < 0.85 < network_accuracy
    assert cost(X, params, Y) < 0.25 * costs[0]


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
        Z2, cache = shallow_forward(X, params)
        _, grads = shallow_backward(binary_cross_entropy_with_logits_backward(Z2, Y), cache)
        params = {k: v - 1.2 * grads["d" + k] for k, v in params.items()}
    assert np.ptp(params["W1"], axis=0).max() < 1e-12
    assert np.ptp(params["W2"]) < 1e-12 and not np.allclose(params["W1"], 0.3)


# --- errors -----------------------------------------------------------------------


def test_unknown_activation_lists_the_choices(hand_case):
    params, X, _ = hand_case
    choices = r"'relu', 'sigmoid', 'tanh', 'leaky_relu'"
    with pytest.raises(ValueError, match=rf"hidden_activation must be one of {choices}, got 'elu'"):
        shallow_forward(X, params, hidden_activation="elu")
    with pytest.raises(ValueError, match="hidden_activation must be one of"):
        shallow_forward(X, params, hidden_activation=np.tanh)


def test_parameter_shape_errors(hand_case):
    params, X, _ = hand_case
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['b2'\]"):
        shallow_forward(X, {k: v for k, v in params.items() if k != "b2"})
    with pytest.raises(TypeError, match="params must be a dict"):
        shallow_forward(X, list(params.values()))
    with pytest.raises(
        ValueError, match=r"b1 must have shape \(2, 1\) to match W1 of shape \(2, 2\), got \(2,\)"
    ):
        shallow_forward(X, {**params, "b1": np.zeros(2)})
    with pytest.raises(
        ValueError,
        match=r"W2 must have shape \(n_y, 2\) to match W1 of shape \(2, 2\), got \(1, 3\)",
    ):
        shallow_forward(X, {**params, "W2": np.ones((1, 3))})
    with pytest.raises(
        ValueError, match=r"b2 must have shape \(1, 1\) to match W2 of shape \(1, 2\), got \(2, 1\)"
    ):
        shallow_forward(X, {**params, "b2": np.zeros((2, 1))})
    with pytest.raises(
        ValueError, match=r"X must have shape \(2, m\) to match W1 of shape \(2, 2\), got \(3, 2\)"
    ):
        shallow_forward(np.ones((3, 2)), params)


def test_backward_errors(hand_case):
    params, X, _ = hand_case
    _, cache = shallow_forward(X, params)
    with pytest.raises(
        ValueError, match=r"dZ2 must have shape \(1, 2\), the shape of shallow_forward's output"
    ):
        shallow_backward(np.ones(2), cache)
    with pytest.raises(ValueError, match=r"dZ2 must have shape \(1, 2\).*got \(1, 3\)"):
        shallow_backward(np.ones((1, 3)), cache)
    with pytest.raises(TypeError, match="cache must be the cache returned by shallow_forward"):
        shallow_backward(np.ones((1, 2)), (X, cache["Z1"]))
    with pytest.raises(TypeError, match="cache must be the cache returned by shallow_forward"):
        shallow_backward(np.ones((1, 2)), {k: v for k, v in cache.items() if k != "block"})
    _, net_cache = dense_network([2, 2, 1]).forward(X, params)
    with pytest.raises(TypeError, match="cache must be the cache returned by shallow_forward"):
        shallow_backward(np.ones((1, 2)), net_cache)


def test_an_empty_batch_is_refused(hand_case):
    """m = 0 has no mean: the 1/m of the gradients must not become 0/0 (NaN)."""
    params, _, _ = hand_case
    with pytest.raises(ValueError, match="at least one example"):
        _, cache = shallow_forward(np.ones((2, 0)), params)
        shallow_backward(np.ones((1, 0)), cache)
