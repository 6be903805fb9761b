"""Tests for dlspec.softmax_regression (multi-class classification, Course 2 Week 3)."""

import numpy as np
import pytest

from dlspec.activations import softmax
from dlspec.data import flatten_images, load_digits_images
from dlspec.deep_network import initialize_deep
from dlspec.gradcheck import check_gradients
from dlspec.losses import binary_cross_entropy_with_logits
from dlspec.metrics import accuracy
from dlspec.softmax_regression import (
    fit_softmax_network,
    one_hot,
    predict_softmax_network,
    softmax_cross_entropy,
    softmax_cross_entropy_backward,
    softmax_network_backward,
    softmax_network_cost,
    softmax_network_forward,
)

LAYER_DIMS = [[4, 5, 3], [3, 4, 4, 3], [2, 3], [5, 3, 2]]


def random_params(rng, layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = rng.standard_normal((layer_dims[l], 1))
    return params


def random_one_hot(rng, C, m):
    return one_hot(rng.integers(0, C, size=m), C)


@pytest.fixture(scope="module")
def digits_split():
    """The 8x8 digits, 10 classes, split 75/25 within each digit (a stratified split)."""
    images, labels = load_digits_images()
    X = flatten_images(images)
    rng = np.random.default_rng(0)
    train, test = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        n_test = round(0.25 * idx.size)
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    train, test = np.concatenate(train), np.concatenate(test)
    return X[:, train], labels[train], X[:, test], labels[test]


# --- one_hot ---------------------------------------------------------------------------------


def test_one_hot_by_hand():
    expected = [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]]
    np.testing.assert_array_equal(one_hot(np.array([2, 0, 1, 2]), 3), expected, strict=True)
    np.testing.assert_array_equal(one_hot([[2, 0, 1, 2]], 3), expected)  # a (1, m) row
    Y = one_hot(np.array([1], dtype=np.uint8), 4, dtype=np.float32)
    np.testing.assert_array_equal(Y, np.array([[0], [1], [0], [0]], dtype=np.float32), strict=True)
    assert one_hot(np.array([], dtype=int), 3).shape == (3, 0)


# --- the loss ----------------------------------------------------------------------------------


def test_loss_by_hand_three_classes_two_examples():
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


def test_loss_matches_the_textbook_formula(rng):
    Z, Y = 3.0 * rng.standard_normal((5, 8)), random_one_hot(rng, 5, 8)
    textbook = -np.mean(np.sum(Y * np.log(softmax(Z)), axis=0))
    assert softmax_cross_entropy(Z, Y) == pytest.approx(textbook, rel=1e-12)


def test_two_classes_are_logistic_regression(rng):
    z, y = rng.standard_normal((1, 6)), (rng.random((1, 6)) < 0.5).astype(float)
    Z = np.vstack([z, np.zeros_like(z)])  # class 0 <-> label 1
    Y = np.vstack([y, 1.0 - y])
    expected = binary_cross_entropy_with_logits(z, y)
    assert softmax_cross_entropy(Z, Y) == pytest.approx(expected, rel=1e-12)


def test_stable_at_plus_minus_1000():
    Z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0], [0.0, 0.0]])
    Y = one_hot([1, 1], 3)  # the first example is confidently wrong, the second right
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        J = softmax_cross_entropy(Z, Y)
        dZ = softmax_cross_entropy_backward(Z, Y)
    assert J == pytest.approx(1000.0, rel=1e-12)  # (2000 + 0) / 2
    np.testing.assert_allclose(dZ, [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]], atol=1e-300)
    assert np.all(np.isfinite(dZ))


def test_tiny_losses_are_not_rounded_to_zero():
    J = softmax_cross_entropy(np.array([[40.0], [0.0]]), np.array([[1.0], [0.0]]))
    assert J == pytest.approx(np.exp(-40.0), rel=1e-12) and J > 0.0


def test_loss_backward_gradient_check(rng):
    Z, Y = rng.standard_normal((4, 6)), random_one_hot(rng, 4, 6)
    dZ = softmax_cross_entropy_backward(Z, Y)
    np.testing.assert_allclose(dZ.sum(axis=0), 0.0, atol=1e-15)  # probabilities minus one-hot
    # dZ is per example; the cost is the mean, so its gradient is dZ / m.
    error = check_gradients(lambda: softmax_cross_entropy(Z, Y), {"Z": Z}, {"dZ": dZ / 6})
    assert error < 1e-7


# --- the network --------------------------------------------------------------------------------


@pytest.mark.parametrize("layer_dims", LAYER_DIMS)
@pytest.mark.parametrize("m", [1, 6])
def test_network_backward_gradient_check(layer_dims, m, rng):
    params = random_params(rng, layer_dims)
    X, Y = rng.standard_normal((layer_dims[0], m)), random_one_hot(rng, layer_dims[-1], m)
    AL, caches = softmax_network_forward(params, X)
    for _, Z in caches[:-1]:  # finite differences must not step across ReLU's kink
        assert np.min(np.abs(Z)) > 1e-4
    np.testing.assert_allclose(AL.sum(axis=0), 1.0, rtol=1e-14)
    grads = softmax_network_backward(AL, Y, caches)
    L = len(layer_dims) - 1
    expected = {f"{k}{l}" for l in range(1, L + 1) for k in ("dW", "db")}
    assert set(grads) == expected | {f"dA{l}" for l in range(L)}
    assert check_gradients(lambda: softmax_network_cost(params, X, Y), params, grads) < 1e-7


def test_cost_accepts_labels_or_one_hot(rng):
    params = random_params(rng, [3, 4, 5])
    X, labels = rng.standard_normal((3, 7)), rng.integers(0, 5, size=7)
    J = softmax_network_cost(params, X, labels)
    assert softmax_network_cost(params, X, labels.reshape(1, -1)) == J
    assert softmax_network_cost(params, X, one_hot(labels, 5)) == J


def test_digits_ten_classes_above_90_percent(digits_split):
    X_train, y_train, X_test, y_test = digits_split
    rng = np.random.default_rng(0)
    params, costs = fit_softmax_network(
        X_train, y_train, [64, 32, 10], rng=rng, learning_rate=1.0, num_iterations=200,
        record_every=50,
    )
    assert len(costs) == 4 and costs[-1] < costs[1] < costs[0]
    predictions = predict_softmax_network(params, X_test)
    assert predictions.shape == (1, y_test.size) and predictions.dtype == np.int64
    assert accuracy(predictions, y_test.reshape(1, -1)) > 0.90


class PlainSGD:
    """The smallest optimiser: step(params, grads) -> new params."""

    def __init__(self, learning_rate):
        self.learning_rate = learning_rate
        self.seen = []

    def step(self, params, grads):
        self.seen.append(sorted(grads))
        return {k: v - self.learning_rate * grads["d" + k] for k, v in params.items()}


def test_optimizer_object_is_used(rng):
    X, labels = rng.standard_normal((3, 10)), rng.integers(0, 3, size=10)
    sgd = PlainSGD(0.3)
    def fit(**kwargs):
        rng = np.random.default_rng(5)
        return fit_softmax_network(X, labels, [3, 4, 3], rng=rng, num_iterations=4, **kwargs)

    with_opt, costs = fit(optimizer=sgd, learning_rate=99.0)  # the optimizer's rate wins
    plain, costs2 = fit(learning_rate=0.3)
    assert len(sgd.seen) == 4 and sgd.seen[0] == ["dW1", "dW2", "db1", "db2"]  # no "dA..."
    assert costs == costs2
    for key in plain:
        np.testing.assert_array_equal(with_opt[key], plain[key], strict=True)


def test_fit_starts_from_initialize_deep_and_records_before_updates(rng):
    X, labels = rng.standard_normal((3, 10)), rng.integers(0, 3, size=10)
    def fit(num_iterations):
        rng = np.random.default_rng(2)
        return fit_softmax_network(X, labels, [3, 3], rng=rng, num_iterations=num_iterations,
                                   record_every=2)

    _, costs = fit(3)
    start = initialize_deep([3, 3], rng=np.random.default_rng(2))
    assert len(costs) == 2 and costs[0] == pytest.approx(softmax_network_cost(start, X, labels))
    after_2, _ = fit(2)
    assert costs[1] == pytest.approx(softmax_network_cost(after_2, X, labels))
    zero, none = fit(0)
    assert none == []
    np.testing.assert_array_equal(zero["W1"], start["W1"], strict=True)


def test_float32_stays_float32(rng):
    X = rng.standard_normal((4, 9)).astype(np.float32)
    labels = rng.integers(0, 3, size=9)
    params, costs = fit_softmax_network(X, labels, [4, 5, 3], rng=rng, num_iterations=3)
    assert all(v.dtype == np.float32 for v in params.values())
    AL, caches = softmax_network_forward(params, X)
    assert AL.dtype == np.float32 and all(Z.dtype == np.float32 for _, Z in caches)
    grads = softmax_network_backward(AL, one_hot(labels, 3, dtype=np.float32), caches)
    assert all(g.dtype == np.float32 for g in grads.values())
    grads64 = softmax_network_backward(AL, one_hot(labels, 3), caches)  # float64 Y is cast
    assert all(g.dtype == np.float32 for g in grads64.values())
    assert softmax_cross_entropy_backward(caches[-1][1], one_hot(labels, 3)).dtype == np.float32
    assert isinstance(costs[0], float)


# --- errors ---------------------------------------------------------------------------------


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


def test_loss_errors():
    Z = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"Y must have shape \(3, 2\) to match Z of shape"):
        softmax_cross_entropy(Z, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="Y must be one-hot: exactly one 1 per column"):
        softmax_cross_entropy(Z, np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[0.5\]"):
        softmax_cross_entropy_backward(Z, np.full((3, 2), 0.5))
    with pytest.raises(ValueError, match="needs at least one example, got m = 0"):
        softmax_cross_entropy(np.zeros((3, 0)), np.zeros((3, 0)))
    with pytest.raises(ValueError, match=r"Z must have shape \(C, m\), got \(3,\)"):
        softmax_cross_entropy(np.zeros(3), np.zeros(3))


def test_network_errors(rng):
    X, labels = rng.standard_normal((3, 5)), rng.integers(0, 3, size=5)
    with pytest.raises(ValueError, match=r"layer_dims\[0\] must equal the rows of X, 3, got 4"):
        fit_softmax_network(X, labels, [4, 3], rng=rng)
    with pytest.raises(ValueError, match=r"\(the number of classes\) must be >= 2, got 1"):
        fit_softmax_network(X, labels, [3, 1], rng=rng)
    with pytest.raises(ValueError, match=r"Y must have shape \(4, m\) for 4 classes, got \(3, 5\)"):
        fit_softmax_network(X, one_hot(labels, 3), [3, 4], rng=rng)
    with pytest.raises(ValueError, match="X and Y must have the same number of examples"):
        fit_softmax_network(X, labels[:4], [3, 3], rng=rng)
    with pytest.raises(ValueError, match=r"labels must be in 0..1, found \[2\]"):
        fit_softmax_network(X, np.array([0, 1, 2, 1, 0]), [3, 2], rng=rng)
    with pytest.raises(TypeError, match="optimizer must have a step"):
        fit_softmax_network(X, labels, [3, 3], rng=rng, optimizer=0.1)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        fit_softmax_network(X, labels, [3, 3], rng=rng, learning_rate=0.0)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        fit_softmax_network(X, labels, [3, 3], rng=0)
    params = random_params(rng, [3, 4, 3])
    AL, caches = softmax_network_forward(params, X)
    with pytest.raises(ValueError, match="caches must hold one cache per layer"):
        softmax_network_backward(AL, one_hot(labels, 3), [])
    with pytest.raises(TypeError, match="caches must be the list of the forward pass"):
        softmax_network_backward(AL, one_hot(labels, 3), None)
    with pytest.raises(ValueError, match=r"Y must have shape \(3, 5\) to match AL of shape"):
        softmax_network_backward(AL, one_hot(labels, 4), caches)
    with pytest.raises(ValueError, match=r"X must have shape \(3, m\) to match W1"):
        predict_softmax_network(params, X[:2])


def test_backward_without_dA0_gives_the_same_parameter_gradients(rng):
    from dlspec.deep_network import initialize_deep
    from dlspec.softmax_regression import softmax_network_backward, softmax_network_forward

    params = initialize_deep([5, 4, 3], rng=rng)
    X = rng.standard_normal((5, 6))
    Y = one_hot(rng.integers(0, 3, size=6), 3)
    AL, caches = softmax_network_forward(params, X)
    full = softmax_network_backward(AL, Y, caches)
    lean = softmax_network_backward(AL, Y, caches, need_dA0=False)
    assert "dA0" in full and "dA0" not in lean
    for key, value in lean.items():
        np.testing.assert_allclose(value, full[key], strict=True)


@pytest.mark.parametrize("layer_dims", LAYER_DIMS)
def test_network_passes_agree_with_the_layer_blocks(layer_dims, rng):
    """The network checks shapes once, then does exactly what dlspec.layers does per layer."""
    from dlspec.activations import relu_backward
    from dlspec.layers import linear_activation_backward, linear_activation_forward, linear_backward
    from dlspec.layers import linear_forward

    params = random_params(rng, layer_dims)
    L = len(layer_dims) - 1
    X, Y = rng.standard_normal((layer_dims[0], 7)), random_one_hot(rng, layer_dims[-1], 7)
    AL, caches = softmax_network_forward(params, X)
    A, expected_caches = X, []
    for l in range(1, L):
        A, cache = linear_activation_forward(A, params[f"W{l}"], params[f"b{l}"], "relu")
        expected_caches.append(cache)
    ZL, linear_cache = linear_forward(A, params[f"W{L}"], params[f"b{L}"])
    expected_caches.append((linear_cache, ZL))
    np.testing.assert_array_equal(AL, softmax(ZL, axis=0), strict=True)
    for (got_linear, got_Z), (want_linear, want_Z) in zip(caches, expected_caches, strict=True):
        np.testing.assert_array_equal(got_Z, want_Z, strict=True)
        for got, want in zip(got_linear, want_linear, strict=True):
            np.testing.assert_array_equal(got, want, strict=True)

    grads = softmax_network_backward(AL, Y, caches)
    dA, dW, db = linear_backward(AL - Y, caches[-1][0])
    expected = {f"dA{L - 1}": dA, f"dW{L}": dW, f"db{L}": db}
    for l in range(L - 1, 0, -1):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "relu")
        expected.update({f"dA{l - 1}": dA, f"dW{l}": dW, f"db{l}": db})
    assert set(grads) == set(expected)
    for key, value in expected.items():
        np.testing.assert_array_equal(grads[key], value, strict=True)
    np.testing.assert_array_equal(  # and relu_backward is the mask used between layers
        relu_backward(np.ones_like(caches[0][1]), caches[0][1]), caches[0][1] > 0
    )


def test_network_backward_names_a_cache_that_does_not_fit(rng):
    params = random_params(rng, [3, 4, 2])
    X, Y = rng.standard_normal((3, 5)), random_one_hot(rng, 2, 5)
    AL, caches = softmax_network_forward(params, X)
    (A0, W1, b1), Z1 = caches[0]
    with pytest.raises(ValueError, match=r"caches\[0\] Z must have shape \(4, 5\) to match its W"):
        softmax_network_backward(AL, Y, [((A0, W1, b1), Z1[:, :3]), caches[1]])
    (A1, W2, b2), Z2 = caches[1]
    with pytest.raises(ValueError, match=r"caches\[1\] A_prev must have shape \(4, 5\) to match "):
        softmax_network_backward(AL, Y, [caches[0], ((A1[:, :4], W2, b2), Z2[:, :4])])
    with pytest.raises(ValueError, match=r"AL must have shape \(2, 5\) to match caches, got"):
        softmax_network_backward(AL[:, :4], Y[:, :4], caches)
    with pytest.raises(TypeError, match=r"caches\[1\] must be \(\(A_prev, W, b\), Z\)"):
        softmax_network_backward(AL, Y, [caches[0], ((A1, W2), Z2)])
