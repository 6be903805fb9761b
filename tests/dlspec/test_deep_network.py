"""Tests for dlspec.deep_network (L-layer network, Course 1 Week 4)."""

import numpy as np
import pytest

from dlspec.deep_network import (
    deep_backward,
    deep_cost,
    deep_forward,
    fit_deep_network,
    initialize_deep,
    predict_deep,
    update_parameters,
)
from dlspec.gradcheck import check_backward, check_gradients
from dlspec.layers import (
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from dlspec.losses import binary_cross_entropy, binary_cross_entropy_backward
from dlspec.metrics import accuracy
from dlspec.planar_data import make_moons
from dlspec.shallow_network import shallow_backward, shallow_forward

ACTIVATIONS = ["relu", "sigmoid", "tanh", "leaky_relu"]
LAYER_DIMS = [[3, 4, 3, 1], [5, 2, 1], [2, 1], [3, 4, 2]]  # the last has two output units


def random_params(rng, layer_dims):
    """Standard normal weights and biases (larger than any initialisation, on purpose)."""
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = rng.standard_normal((layer_dims[l], 1))
    return params


def random_labels(rng, shape):
    return (rng.random(shape) < 0.5).astype(np.float64)


def assert_away_from_kink(caches):
    """(Leaky) ReLU has a kink at 0; finite differences must not step across it."""
    assert min(np.min(np.abs(Z)) for _, Z in caches) > 1e-4


def times_m(backward, m):
    """Undo the 1/m of dW and db for check_backward.

    check_backward differentiates the *sum* L = sum(G * out) over all examples;
    in the course convention dW and db are gradients of the *mean* cost (they
    carry 1/m), while dA_prev is per example and already matches the sum.
    """

    def wrapped(dout, cache):
        dA_prev, dW, db = backward(dout, cache)
        return dA_prev, dW * m, db * m

    return wrapped


@pytest.fixture
def hand_layer():
    """Z = W A_prev + b = [[2, 4], [2, 4]], worked by hand."""
    A_prev = np.array([[1.0, -1.0], [0.0, 2.0]])
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[1.0], [-1.0]])
    return A_prev, W, b


# --- initialisation -------------------------------------------------------------


def test_initialize_shapes_and_zero_biases(rng):
    params = initialize_deep([3, 4, 3, 1], rng=rng)
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [params[f"W{l}"].shape for l in (1, 2, 3)] == [(4, 3), (3, 4), (1, 3)]
    for l, n in ((1, 4), (2, 3), (3, 1)):
        np.testing.assert_array_equal(params[f"b{l}"], np.zeros((n, 1)), strict=True)


def test_initialize_scales(rng):
    scaled = initialize_deep([400, 300, 1], rng=rng)["W1"]
    assert np.std(scaled) == pytest.approx(1 / np.sqrt(400), rel=0.02)
    small = initialize_deep([400, 300, 1], rng=rng, method="small")["W1"]
    assert np.std(small) == pytest.approx(0.01, rel=0.02)


def test_initialize_is_deterministic_and_keeps_float32():
    a = initialize_deep([3, 2, 1], rng=np.random.default_rng(9))
    b = initialize_deep([3, 2, 1], rng=np.random.default_rng(9), dtype=np.float32)
    assert all(v.dtype == np.float32 for v in b.values())
    np.testing.assert_allclose(b["W1"], a["W1"].astype(np.float32), strict=True)
    c = initialize_deep(np.array([3, 2, 1]), rng=np.random.default_rng(9))  # NumPy ints are fine
    np.testing.assert_array_equal(c["W2"], a["W2"])


def test_initialize_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"layer_dims must list at least two sizes .* got \[3\]"):
        initialize_deep([3], rng=rng)
    with pytest.raises(ValueError, match=r"layer_dims\[1\] must be an integer >= 1, got 0"):
        initialize_deep([3, 0, 1], rng=rng)
    with pytest.raises(TypeError, match=r"layer_dims\[2\] must be an integer"):
        initialize_deep([3, 2, 1.0], rng=rng)
    with pytest.raises(TypeError, match="layer_dims must be a list of integers, got str"):
        initialize_deep("321", rng=rng)
    with pytest.raises(ValueError, match=r"method must be one of 'scaled', 'small', got 'he'"):
        initialize_deep([3, 1], rng=rng, method="he")
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        initialize_deep([3, 1], rng=None)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        initialize_deep([3, 1], rng=rng, dtype=int)


# --- building blocks by hand -------------------------------------------------------


def test_linear_forward_by_hand(hand_layer):
    A_prev, W, b = hand_layer
    Z, cache = linear_forward(A_prev, W, b)
    np.testing.assert_array_equal(Z, [[2.0, 4.0], [2.0, 4.0]], strict=True)
    assert cache[0] is A_prev and cache[1] is W and cache[2] is b


def test_linear_backward_by_hand(hand_layer):
    A_prev, W, b = hand_layer
    _, cache = linear_forward(A_prev, W, b)
    dA_prev, dW, db = linear_backward(np.eye(2), cache)  # dZ = I, m = 2
    np.testing.assert_array_equal(dA_prev, W.T, strict=True)  # W^T I
    np.testing.assert_array_equal(dW, [[0.5, 0.0], [-0.5, 1.0]], strict=True)  # I A^T / 2
    np.testing.assert_array_equal(db, [[0.5], [0.5]], strict=True)


def test_linear_activation_by_hand(hand_layer):
    A_prev, W, b = hand_layer
    b = b - 3.0  # b = [[-2], [-4]], so Z = [[1, 3], [3, 5]] + b = [[-1, 1], [-1, 1]]
    A, (linear_cache, Z) = linear_activation_forward(A_prev, W, b, "relu")
    np.testing.assert_array_equal(Z, [[-1.0, 1.0], [-1.0, 1.0]], strict=True)
    np.testing.assert_array_equal(A, [[0.0, 1.0], [0.0, 1.0]], strict=True)
    assert linear_cache[0] is A_prev
    A, _ = linear_activation_forward(A_prev, W, b, "leaky_relu")
    np.testing.assert_allclose(A, [[-0.01, 1.0], [-0.01, 1.0]], strict=True)
    # Backward through ReLU zeroes the first column, then the linear part acts.
    dA_prev, dW, db = linear_activation_backward(np.ones((2, 2)), ((A_prev, W, b), Z), "relu")
    np.testing.assert_array_equal(dA_prev, [[0.0, 4.0], [0.0, 6.0]], strict=True)
    np.testing.assert_array_equal(dW, [[-0.5, 1.0], [-0.5, 1.0]], strict=True)
    np.testing.assert_array_equal(db, [[0.5], [0.5]], strict=True)


# --- gradient checks of the blocks ----------------------------------------------------


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 1, 1), (1, 3, 7)])  # (n_prev, n_l, m)
def test_linear_gradient_check(shape, rng):
    n_prev, n_l, m = shape
    inputs = {
        "A_prev": rng.standard_normal((n_prev, m)),
        "W": rng.standard_normal((n_l, n_prev)),
        "b": rng.standard_normal((n_l, 1)),
    }
    errors = check_backward(
        linear_forward, times_m(linear_backward, m), inputs, rng=rng, names=["A_prev", "W", "b"]
    )
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("m", [1, 6])
def test_linear_activation_gradient_check(activation, m, rng):
    inputs = {
        "A_prev": rng.standard_normal((3, m)),
        "W": rng.standard_normal((4, 3)),
        "b": rng.standard_normal((4, 1)),
    }
    _, (_, Z) = linear_activation_forward(**inputs, activation=activation)
    assert_away_from_kink([(None, Z)])

    def forward(A_prev, W, b):
        return linear_activation_forward(A_prev, W, b, activation)

    def backward(dA, cache):
        return linear_activation_backward(dA, cache, activation)

    errors = check_backward(
        forward, times_m(backward, m), inputs, rng=rng, names=["A_prev", "W", "b"]
    )
    assert max(errors.values()) < 1e-7


# --- the whole network -----------------------------------------------------------------


@pytest.mark.parametrize("hidden", ACTIVATIONS)
@pytest.mark.parametrize("layer_dims", LAYER_DIMS)
@pytest.mark.parametrize("m", [1, 7])
def test_deep_backward_gradient_check(layer_dims, m, hidden, rng):
    params = random_params(rng, layer_dims)
    X = rng.standard_normal((layer_dims[0], m))
    Y = random_labels(rng, (layer_dims[-1], m))
    AL, caches = deep_forward(params, X, hidden)
    assert_away_from_kink(caches)
    grads = deep_backward(AL, Y, caches, hidden)
    L = len(layer_dims) - 1
    expected_keys = {f"{k}{l}" for l in range(1, L + 1) for k in ("dW", "db")}
    assert set(grads) == expected_keys | {f"dA{l}" for l in range(L)}
    assert grads["dA0"].shape == X.shape
    assert check_gradients(lambda: deep_cost(params, X, Y, hidden), params, grads) < 1e-7


@pytest.mark.parametrize("output", ["tanh", "relu", "leaky_relu"])
def test_deep_backward_through_the_loss_gradient_check(output, rng):
    """A non-sigmoid output goes through dAL = binary_cross_entropy_backward."""
    params = random_params(rng, [3, 4, 3, 1])
    params["W3"] *= 0.1  # tanh hidden units are in [-1, 1], so Z3 stays in [0.2, 0.8]
    params["b3"] = np.array([[0.5]])
    X = rng.standard_normal((3, 5))
    Y = random_labels(rng, (1, 5))
    AL, caches = deep_forward(params, X, "tanh", output)
    assert np.all((AL > 0.1) & (AL < 0.9))
    grads = deep_backward(AL, Y, caches, "tanh", output)
    assert check_gradients(lambda: deep_cost(params, X, Y, "tanh", output), params, grads) < 1e-7


def test_sigmoid_shortcut_agrees_with_the_chain_rule(rng):
    params = random_params(rng, [3, 4, 3, 1])
    X, Y = rng.standard_normal((3, 6)), random_labels(rng, (1, 6))
    AL, caches = deep_forward(params, X)
    grads = deep_backward(AL, Y, caches)
    dAL = binary_cross_entropy_backward(AL, Y)
    dA2, dW3, db3 = linear_activation_backward(dAL, caches[-1], "sigmoid")
    np.testing.assert_allclose(dW3, grads["dW3"], rtol=1e-10, strict=True)
    np.testing.assert_allclose(db3, grads["db3"], rtol=1e-10, strict=True)
    np.testing.assert_allclose(dA2, grads["dA2"], rtol=1e-10, strict=True)


def test_two_layers_match_the_shallow_network(rng):
    params = random_params(rng, [3, 5, 1])
    X, Y = rng.standard_normal((3, 8)), random_labels(rng, (1, 8))
    AL, caches = deep_forward(params, X, "tanh")
    A2, cache = shallow_forward(params, X, "tanh")
    np.testing.assert_allclose(AL, A2, rtol=1e-14, strict=True)
    grads = deep_backward(AL, Y, caches, "tanh")
    for key, value in shallow_backward(params, cache, Y).items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-12, atol=1e-15, strict=True)


def test_deep_forward_caches(rng):
    params = random_params(rng, [3, 4, 3, 1])
    X = rng.standard_normal((3, 2))
    AL, caches = deep_forward(params, X)
    assert len(caches) == 3 and caches[0][0][0] is X
    (A_prev, W, b), Z = caches[2]
    assert W is params["W3"]
    np.testing.assert_allclose(Z, W @ A_prev + b, strict=True)
    np.testing.assert_allclose(AL, 1 / (1 + np.exp(-Z)), rtol=1e-14, strict=True)
    np.testing.assert_array_equal(A_prev, np.maximum(caches[1][1], 0.0))  # ReLU of layer 2


def test_cost_matches_cross_entropy_and_stays_finite(rng):
    params = random_params(rng, [2, 3, 1])
    X, Y = rng.standard_normal((2, 9)), random_labels(rng, (1, 9))
    AL, _ = deep_forward(params, X)
    assert deep_cost(params, X, Y) == pytest.approx(binary_cross_entropy(AL, Y), rel=1e-12)
    huge = {k: 1e4 * v for k, v in params.items()}
    assert np.isfinite(deep_cost(huge, X, Y)) and deep_cost(huge, X, Y) > 1.0
    two = random_params(rng, [2, 3, 2])
    Y2 = random_labels(rng, (2, 9))
    AL2, _ = deep_forward(two, X)
    expected = binary_cross_entropy(AL2[:1], Y2[:1]) + binary_cross_entropy(AL2[1:], Y2[1:])
    assert deep_cost(two, X, Y2) == pytest.approx(expected, rel=1e-12)


# --- update_parameters -------------------------------------------------------------------


def test_update_parameters_by_hand_without_mutation():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
    grads = {"dW1": np.array([[10.0, -10.0]]), "db1": np.array([[1.0]]), "dA0": np.ones((2, 3))}
    before = {k: v.copy() for k, v in params.items()}
    new = update_parameters(params, grads, 0.1)
    np.testing.assert_allclose(new["W1"], [[0.0, 3.0]], strict=True)
    np.testing.assert_allclose(new["b1"], [[0.4]], strict=True)
    assert list(new) == ["W1", "b1"]
    for key in params:
        np.testing.assert_array_equal(params[key], before[key], strict=True)
        assert new[key] is not params[key]


def test_update_parameters_errors():
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
    grads = {"dW1": np.ones((2, 3)), "db1": np.ones((2, 1))}
    with pytest.raises(ValueError, match=r"grads is missing key\(s\) \['db1'\]"):
        update_parameters(params, {"dW1": grads["dW1"]}, 0.1)
    with pytest.raises(
        ValueError, match=r"grads\['dW1'\] must have shape \(2, 3\) to match W1, got \(3, 2\)"
    ):
        update_parameters(params, {**grads, "dW1": np.ones((3, 2))}, 0.1)
    with pytest.raises(TypeError, match="grads must be a dict"):
        update_parameters(params, [grads["dW1"], grads["db1"]], 0.1)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        update_parameters(params, grads, 0)


# --- training ------------------------------------------------------------------------------


@pytest.fixture
def moons():
    return make_moons(200, rng=np.random.default_rng(3), noise=0.1)


def test_fit_drives_the_cost_down_and_separates_the_moons(moons):
    X, Y = moons
    rng = np.random.default_rng(0)
    params, costs = fit_deep_network(
        X, Y, [2, 8, 4, 1], rng=rng, learning_rate=0.5, num_iterations=600, record_every=50
    )
    assert len(costs) == 12
    assert deep_cost(params, X, Y) < costs[-1] < costs[6] < costs[0]
    assert deep_cost(params, X, Y) < 0.05 * costs[0]
    assert accuracy(predict_deep(params, X), Y) > 0.95


def test_scaled_initialisation_trains_where_small_stalls():
    """Course 1, Week 4: with 0.01 weights a 4-layer ReLU network barely moves."""
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((10, 50)), random_labels(rng, (1, 50))
    dims = [10, 20, 20, 20, 1]
    final = {}
    for method in ("scaled", "small"):
        rng = np.random.default_rng(1)
        params, _ = fit_deep_network(
            X, Y, dims, rng=rng, learning_rate=0.1, num_iterations=200, init_method=method
        )
        final[method] = deep_cost(params, X, Y)
    assert final["scaled"] < 0.3 < 0.68 < final["small"]


def test_fit_records_costs_before_updates(moons):
    X, Y = moons
    dims = [2, 3, 1]
    _, costs = fit_deep_network(
        X, Y, dims, rng=np.random.default_rng(4), num_iterations=21, record_every=10
    )
    assert len(costs) == 3
    start = initialize_deep(dims, rng=np.random.default_rng(4))
    assert costs[0] == pytest.approx(deep_cost(start, X, Y), rel=1e-12)
    after_10, _ = fit_deep_network(X, Y, dims, rng=np.random.default_rng(4), num_iterations=10)
    assert costs[1] == pytest.approx(deep_cost(after_10, X, Y), rel=1e-12)


def test_fit_is_deterministic_and_seed_dependent(moons):
    X, Y = moons

    def fit(seed):
        rng = np.random.default_rng(seed)
        return fit_deep_network(X, Y, [2, 3, 1], rng=rng, num_iterations=5, record_every=2)

    (p1, c1), (p2, c2), (p3, _) = fit(7), fit(7), fit(8)
    for key in p1:
        np.testing.assert_array_equal(p1[key], p2[key])
    assert c1 == c2 and not np.array_equal(p1["W1"], p3["W1"])
    fit_rng = np.random.default_rng(7)
    params, costs = fit_deep_network(X, Y, [2, 3, 1], rng=fit_rng, num_iterations=0)
    start = initialize_deep([2, 3, 1], rng=np.random.default_rng(7))
    assert costs == []
    np.testing.assert_array_equal(params["W1"], start["W1"], strict=True)


def test_float32_stays_float32_end_to_end(moons):
    X, Y = moons
    X32 = X.astype(np.float32)
    params = initialize_deep([2, 3, 1], rng=np.random.default_rng(0), dtype=np.float32)
    AL, caches = deep_forward(params, X32)
    assert AL.dtype == np.float32 and caches[0][1].dtype == np.float32
    grads = deep_backward(AL, Y, caches)
    assert all(g.dtype == np.float32 for g in grads.values())
    new = update_parameters(params, grads, 0.1)
    assert all(v.dtype == np.float32 for v in new.values())
    fitted, _ = fit_deep_network(X32, Y, [2, 3, 1], rng=np.random.default_rng(0), num_iterations=3)
    assert all(v.dtype == np.float32 for v in fitted.values())
    assert predict_deep(fitted, X32).dtype == np.float32
    expected = predict_deep({k: v.astype(np.float64) for k, v in fitted.items()}, X)
    np.testing.assert_allclose(predict_deep(fitted, X32), expected.astype(np.float32), strict=True)


def test_predict_uses_threshold_and_activations():
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}  # one layer: logistic regression
    X = np.array([[-2.0, 0.0, 0.5, 3.0]])  # sigmoid: 0.12, 0.5, 0.62, 0.95
    np.testing.assert_array_equal(predict_deep(params, X), [[0.0, 0.0, 1.0, 1.0]], strict=True)
    np.testing.assert_array_equal(predict_deep(params, X, threshold=0.9), [[0.0, 0.0, 0.0, 1.0]])
    # A tanh output: tanh(0.5) = 0.46 is below 0.5.
    np.testing.assert_array_equal(predict_deep(params, X, "relu", "tanh"), [[0.0, 0.0, 0.0, 1.0]])


# --- errors ---------------------------------------------------------------------------------


def test_parameter_errors(rng):
    params = random_params(rng, [3, 4, 3, 1])
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['W3'\]"):
        deep_forward({k: v for k, v in params.items() if k != "W3"}, X)
    with pytest.raises(
        ValueError,
        match=r"W2 must have shape \(n2, 4\) to match W1 of shape \(4, 3\), got \(3, 5\)",
    ):
        deep_forward({**params, "W2": np.ones((3, 5))}, X)
    with pytest.raises(
        ValueError, match=r"b2 must have shape \(3, 1\) to match W2 of shape \(3, 4\), got \(3,\)"
    ):
        deep_forward({**params, "b2": np.zeros(3)}, X)
    with pytest.raises(
        ValueError, match=r"X must have shape \(3, m\) to match W1 of shape \(4, 3\), got \(2, 2\)"
    ):
        deep_forward(params, np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"params must hold W1, b1, \.\.\., WL, bL, got keys"):
        deep_forward({"w": np.ones((3, 1))}, X)
    with pytest.raises(TypeError, match="params must be a dict"):
        deep_forward([params["W1"]], X)
    with pytest.raises(ValueError, match=r"W1 must have shape \(n1, n_x\), got \(4,\)"):
        deep_forward({"W1": np.ones(4), "b1": np.ones((4, 1))}, X)
    choices = "'tanh', 'relu', 'sigmoid', 'leaky_relu'"
    with pytest.raises(ValueError, match=f"output_activation must be one of {choices}, got 'tan'"):
        deep_forward(params, X, output_activation="tan")
    with pytest.raises(ValueError, match="hidden_activation must be one of"):
        deep_cost(params, X, np.ones((1, 2)), hidden_activation="RELU")


def test_building_block_errors(hand_layer):
    A_prev, W, b = hand_layer
    with pytest.raises(
        ValueError,
        match=r"A_prev must have shape \(2, m\) to match W of shape \(2, 2\), got \(3, 2\)",
    ):
        linear_forward(np.ones((3, 2)), W, b)
    with pytest.raises(
        ValueError, match=r"b must have shape \(2, 1\) to match W of shape \(2, 2\), got \(2,\)"
    ):
        linear_forward(A_prev, W, b[:, 0])
    with pytest.raises(ValueError, match=r"W must have shape \(n_l, n_prev\), got \(2,\)"):
        linear_forward(A_prev, W[0], b)
    _, cache = linear_forward(A_prev, W, b)
    with pytest.raises(
        ValueError, match=r"dZ must have shape \(2, 2\) to match W of shape \(2, 2\) and A_prev"
    ):
        linear_backward(np.ones((2, 3)), cache)
    with pytest.raises(TypeError, match=r"cache must be the tuple \(A_prev, W, b\)"):
        linear_backward(np.ones((2, 2)), cache[:2])
    _, empty = linear_forward(np.ones((2, 0)), W, b)
    with pytest.raises(ValueError, match="needs at least one example, got m = 0"):
        linear_backward(np.ones((2, 0)), empty)
    with pytest.raises(ValueError, match="activation must be one of"):
        linear_activation_forward(A_prev, W, b, "softmax")
    _, cache = linear_activation_forward(A_prev, W, b, "relu")
    with pytest.raises(TypeError, match=r"cache must be the pair \(linear_cache, Z\)"):
        linear_activation_backward(np.ones((2, 2)), cache[0], "relu")
    with pytest.raises(ValueError, match=r"dA must have the same shape as the cached Z"):
        linear_activation_backward(np.ones((2, 3)), cache, "relu")


def test_deep_backward_errors(rng):
    params = random_params(rng, [3, 2, 1])
    X, Y = rng.standard_normal((3, 4)), random_labels(rng, (1, 4))
    AL, caches = deep_forward(params, X)
    with pytest.raises(
        ValueError, match=r"Y must have shape \(1, m\) to match AL of shape \(1, 4\), got \(4,\)"
    ):
        deep_backward(AL, Y[0], caches)
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[0.5\]"):
        deep_backward(AL, np.full((1, 4), 0.5), caches)
    with pytest.raises(ValueError, match="caches must hold one cache per layer"):
        deep_backward(AL, Y, [])
    with pytest.raises(TypeError, match="caches must be the list of deep_forward"):
        deep_backward(AL, Y, dict(enumerate(caches)))
    with pytest.raises(ValueError, match=r"dZ must have shape \(2, 4\) to match W of shape"):
        deep_backward(AL, Y, caches[:1])  # layer 1's cache where layer 2's belongs
    negative = {**params, "b2": np.array([[-50.0]])}  # a tanh output near -1 is no probability
    AL, caches = deep_forward(negative, X, output_activation="tanh")
    with pytest.raises(ValueError, match=r"A must contain probabilities in \[0, 1\]"):
        deep_backward(AL, Y, caches, output_activation="tanh")
    with pytest.raises(ValueError, match=r"A must contain probabilities in \[0, 1\]"):
        deep_cost(negative, X, Y, output_activation="tanh")


def test_fit_errors(moons):
    X, Y = moons
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"layer_dims\[0\] must equal the rows of X, 2, got 3"):
        fit_deep_network(X, Y, [3, 4, 1], rng=rng)
    with pytest.raises(ValueError, match=r"layer_dims\[-1\] must equal the rows of Y, 1, got 2"):
        fit_deep_network(X, Y, [2, 4, 2], rng=rng)
    with pytest.raises(ValueError, match=r"Y must have shape \(n_L, m\), got \(200,\)"):
        fit_deep_network(X, Y[0], [2, 4, 1], rng=rng)
    with pytest.raises(ValueError, match="X and Y must have the same number of examples m"):
        fit_deep_network(X, Y[:, :5], [2, 4, 1], rng=rng)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        fit_deep_network(X, Y, [2, 1], rng=rng, learning_rate=0.0)
    with pytest.raises(ValueError, match="record_every must be an integer >= 1, got 0"):
        fit_deep_network(X, Y, [2, 1], rng=rng, record_every=0)
    with pytest.raises(TypeError, match="num_iterations must be an integer"):
        fit_deep_network(X, Y, [2, 1], rng=rng, num_iterations=1.5)
    with pytest.raises(ValueError, match="method must be one of"):
        fit_deep_network(X, Y, [2, 1], rng=rng, init_method="zeros")
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        fit_deep_network(X, Y, [2, 1], rng=1)
    with pytest.raises(ValueError, match="threshold must be a finite number"):
        predict_deep(initialize_deep([2, 1], rng=rng), X, threshold=2.0)


def test_linear_backward_can_skip_dA_prev(rng):
    A_prev, W, b = rng.standard_normal((4, 5)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    _, cache = linear_forward(A_prev, W, b)
    dZ = rng.standard_normal((3, 5))
    full = linear_backward(dZ, cache)
    dA_prev, dW, db = linear_backward(dZ, cache, need_dA_prev=False)
    assert dA_prev is None
    np.testing.assert_allclose(dW, full[1], strict=True)
    np.testing.assert_allclose(db, full[2], strict=True)
