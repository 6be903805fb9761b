"""Tests for dlspec.network (the one network: blocks walked forward, then backward).

Course 1, Week 4 and Course 2. The oracles below are written here in plain NumPy,
layer by layer as the course derives them; they never call dlspec. Every backward
pass is also gradient-checked with dlspec.gradcheck.
"""

import inspect

import numpy as np
import pytest

from dlspec.activations import activation_block, activation_forward
from dlspec.blocks import Block
from dlspec.gradcheck import check_backward, check_gradients
from dlspec.initializers import METHODS
from dlspec.layers import (
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_block,
    linear_forward,
)
from dlspec.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_backward,
    one_hot,
    softmax_cross_entropy_backward,
)
from dlspec.network import Network, dense_network
from dlspec.regularization import dropout_block

HIDDEN = ["relu", "tanh", "sigmoid", "leaky_relu"]
#: Non-square layers, a single layer (logistic regression), two sigmoid outputs.
SIGMOID_DIMS = [[3, 4, 3, 1], [5, 2, 1], [2, 1], [3, 4, 2]]
#: Softmax needs at least two output units.
SOFTMAX_DIMS = [[4, 5, 3], [3, 4, 4, 3], [2, 3], [5, 3, 2]]
EPSILON = 1e-5  # batch norm's documented default

# --- oracles: the course's equations in plain NumPy --------------------------------------

G = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
}
G_PRIME = {
    "relu": lambda z: (z > 0).astype(z.dtype),
    "tanh": lambda z: 1.0 - np.tanh(z) ** 2,
    "sigmoid": lambda z: np.exp(-z) / (1.0 + np.exp(-z)) ** 2,
    "leaky_relu": lambda z: np.where(z > 0, 1.0, 0.01),
}


def oracle_forward(X, params, hidden, masks=None, keep_probs=None):
    """Z[L] by A[0] = X, Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l]) (times D[l] / p[l]).

    Returns ZL and the lists Zs = [Z1, ..., ZL], As = [A0, ..., A_{L-1}].
    """
    L = sum(1 for k in params if k.startswith("W"))
    A, Zs, As = X, [], [X]
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        Zs.append(Z)
        if l < L:
            A = G[hidden](Z)
            if masks is not None:
                A = A * masks[l - 1] / keep_probs[l - 1]
            As.append(A)
    return Z, Zs, As


def oracle_backward(dZL, params, hidden, Zs, As, masks=None, keep_probs=None):
    """dW[l] = dZ[l] A[l-1]^T / m, db[l] = row sums / m, dA[l-1] = W[l]^T dZ[l], and
    dZ[l-1] = dA[l-1] * g'(Z[l-1]) (after the dropout mask); returns dX and the grads."""
    L, m = len(Zs), dZL.shape[1]
    grads, dZ = {}, dZL
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ As[l - 1].T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = params[f"W{l}"].T @ dZ
        if l > 1:
            if masks is not None:
                dA = dA * masks[l - 2] / keep_probs[l - 2]
            dZ = dA * G_PRIME[hidden](Zs[l - 2])
    return dA, grads


def oracle_batchnorm_forward(X, params, hidden, L, stats=None):
    """Hidden layers W[l] A -> batch norm -> g; batch statistics unless ``stats`` is given.

    Returns ZL and the batch statistics [(mu, var)] of every hidden layer.
    """
    A, batch = X, []
    for l in range(1, L):
        Z = params[f"W{l}"] @ A
        mu = np.sum(Z, axis=1, keepdims=True) / Z.shape[1]
        var = np.sum((Z - mu) ** 2, axis=1, keepdims=True) / Z.shape[1]
        batch.append((mu, var))
        mean, variance = (mu, var) if stats is None else stats[l - 1]
        Z_norm = (Z - mean) / np.sqrt(variance + EPSILON)
        A = G[hidden](params[f"gamma{l}"] * Z_norm + params[f"beta{l}"])
    return params[f"W{L}"] @ A + params[f"b{L}"], batch


def random_params(rng, net):
    """Standard normal values for every parameter (larger than any initialisation, on purpose)."""
    return {name: rng.standard_normal(shape) for name, shape in net.param_shapes.items()}


def random_labels(rng, shape):
    return (rng.random(shape) < 0.5).astype(np.float64)


def assert_away_from_kink(Zs):
    """(Leaky) ReLU has a kink at 0; finite differences must not step across it."""
    assert all(np.min(np.abs(Z)) > 1e-4 for Z in Zs)


def activation_inputs(cache):
    """The Z of every (leaky) ReLU block in a network's cache, for the kink check."""
    return [
        c["Z"] for b, c in cache
        if b.forward is activation_forward and c["activation"] in ("relu", "leaky_relu")
    ]


def fresh_rng_forward(net, seed=7):
    """The network as a block for check_backward: training mode, the same dropout masks per call."""

    def forward(x, params):
        return net.forward(x, params, training=True, rng=np.random.default_rng(seed))

    return forward


# --- dense_network: the blocks it builds --------------------------------------------------


def test_dense_network_parameters_and_blocks():
    net = dense_network([3, 4, 5, 2])
    assert net.param_shapes == {
        "W1": (4, 3), "b1": (4, 1), "W2": (5, 4), "b2": (5, 1), "W3": (2, 5), "b3": (2, 1),
    }
    assert net.input_shape == (3, "m") and net.example_axis == 1 and net.output == "sigmoid"
    assert repr(net) == (
        "Network(5 blocks: linear -> relu -> linear -> relu -> linear; output='sigmoid')"
    )
    net = dense_network([3, 4, 1], hidden="tanh", keep_prob=0.5, batch_norm=True)
    assert repr(net) == (
        "Network(5 blocks: linear -> batchnorm -> tanh -> dropout -> linear; output='sigmoid')"
    )


def test_batch_norm_replaces_the_hidden_biases():
    net = dense_network([3, 4, 5, 1], batch_norm=True)
    assert list(net.param_shapes) == ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"]
    assert net.param_shapes["gamma2"] == (5, 1) and net.param_shapes["b3"] == (1, 1)


@pytest.mark.parametrize(
    ("keep_prob", "expected"),
    [
        (1.0, []),
        (0.5, [0.5, 0.5]),
        ([0.8, 0.6], [0.8, 0.6]),
        ([1.0, 0.6], [0.6]),  # 1 means no dropout block
        ((0.9, 1), [0.9]),
    ],
)
def test_keep_prob_as_a_number_or_one_per_hidden_layer(keep_prob, expected, rng):
    net = dense_network([3, 6, 5, 1], keep_prob=keep_prob)
    params = net.initialize(rng=rng)
    X = rng.standard_normal((3, 4))
    _, cache = net.forward(X, params, training=True, rng=rng)
    assert [c["keep_prob"] for b, c in cache if b.role == "dropout"] == expected
    _, test_cache = net.forward(X, params)  # never at test time
    assert all(b.role != "dropout" for b, _ in test_cache)


def test_dense_network_errors():
    with pytest.raises(ValueError, match=r"layer_dims must list at least two sizes .* got \[3\]"):
        dense_network([3])
    with pytest.raises(ValueError, match=r"layer_dims\[1\] must be an integer >= 1, got 0"):
        dense_network([3, 0, 1])
    with pytest.raises(TypeError, match=r"layer_dims\[2\] must be an integer"):
        dense_network([3, 2, 1.0])
    with pytest.raises(TypeError, match="layer_dims must be a list of integers, got str"):
        dense_network("321")
    choices = "'relu', 'sigmoid', 'tanh', 'leaky_relu'"
    with pytest.raises(ValueError, match=f"hidden must be one of {choices}, got 'elu'"):
        dense_network([3, 2, 1], hidden="elu")
    with pytest.raises(ValueError, match="output must be one of 'sigmoid', 'softmax', got 'tanh'"):
        dense_network([3, 2, 1], output="tanh")
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\], got 0.0"):
        dense_network([3, 2, 1], keep_prob=0.0)
    with pytest.raises(ValueError, match=r"keep_prob\[1\] must be in \(0, 1\], got 1.5"):
        dense_network([3, 2, 2, 1], keep_prob=[0.5, 1.5])
    with pytest.raises(ValueError, match="keep_prob must hold one value per hidden layer, 2, got"):
        dense_network([3, 2, 2, 1], keep_prob=[0.5, 0.5, 0.5])
    with pytest.raises(TypeError, match="batch_norm must be True or False, got int"):
        dense_network([3, 2, 1], batch_norm=1)


def test_network_from_blocks_and_its_errors(rng):
    net = Network(
        [
            linear_block(3, 4, 1),
            activation_block("tanh"),
            dropout_block(0.5),
            linear_block(4, 2, 2),
        ],
        output="softmax",
    )
    assert net.input_shape == (3, "m") and list(net.param_shapes) == ["W1", "b1", "W2", "b2"]
    params = random_params(rng, net)
    X = rng.standard_normal((3, 5))
    ZL, _ = net.forward(X, params)  # test time: dropout is skipped
    expected, _, _ = oracle_forward(X, params, "tanh")
    np.testing.assert_allclose(ZL, expected, rtol=1e-12, strict=True)
    with pytest.raises(TypeError, match=r"blocks must be a list of dlspec\.blocks\.Block"):
        Network(linear_block(3, 4, 1), output="sigmoid")
    with pytest.raises(TypeError, match=r"blocks must be a list of dlspec\.blocks\.Block"):
        Network([linear_forward], output="sigmoid")
    with pytest.raises(ValueError, match="blocks must not be empty"):
        Network([], output="sigmoid")
    with pytest.raises(ValueError, match="output must be one of"):
        Network([linear_block(3, 1, 1)], output="relu")
    assert isinstance(net.blocks[0], Block)


# --- Network.initialize ------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_initialize_shapes_zero_biases_and_dtype(method, rng):
    net = dense_network([3, 4, 2, 1])
    params = net.initialize(rng=rng, method=method)
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert {k: v.shape for k, v in params.items()} == net.param_shapes
    for l, n in ((1, 4), (2, 2), (3, 1)):
        np.testing.assert_array_equal(params[f"b{l}"], np.zeros((n, 1)), strict=True)
    p32 = net.initialize(rng=np.random.default_rng(5), method=method, dtype=np.float32)
    p64 = net.initialize(rng=np.random.default_rng(5), method=method)
    for key in p64:  # the same draws, rounded to float32
        np.testing.assert_allclose(p32[key], p64[key].astype(np.float32), strict=True)


@pytest.mark.parametrize(("method", "variance"), [("xavier", 1.0), ("he", 2.0)])
def test_initialize_variance_is_gain_over_fan_in(method, variance, rng):
    params = dense_network([500, 400, 300]).initialize(rng=rng, method=method)
    # 200 000 and 120 000 draws: the sample variance is within about 1.5% of the truth.
    assert np.var(params["W1"]) == pytest.approx(variance / 500, rel=0.05)
    assert np.var(params["W2"]) == pytest.approx(variance / 400, rel=0.05)


def test_initialize_zeros_and_random_scale(rng):
    net = dense_network([300, 400, 1])
    zeros = net.initialize(rng=rng, method="zeros")
    assert not any(np.any(v) for v in zeros.values())
    small = net.initialize(rng=rng, method="random")
    assert np.std(small["W1"]) == pytest.approx(0.01, rel=0.02)  # the default scale
    large = net.initialize(rng=rng, method="random", scale=10.0)
    assert np.std(large["W1"]) == pytest.approx(10.0, rel=0.02)


def test_initialize_batch_norm_starts_as_the_identity(rng):
    params = dense_network([3, 4, 1], batch_norm=True).initialize(rng=rng, method="xavier")
    np.testing.assert_array_equal(params["gamma1"], np.ones((4, 1)), strict=True)
    np.testing.assert_array_equal(params["beta1"], np.zeros((4, 1)), strict=True)
    assert "b1" not in params


def test_initialize_errors():
    net, rng = dense_network([3, 2, 1]), np.random.default_rng(0)
    choices = "'zeros', 'random', 'xavier', 'he'"
    with pytest.raises(ValueError, match=f"method must be one of {choices}, got 'scaled'"):
        net.initialize(rng=rng, method="scaled")
    with pytest.raises(ValueError, match="scale applies only to method='random', got method='he'"):
        net.initialize(rng=rng, method="he", scale=1.0)
    with pytest.raises(ValueError, match="scale must be a finite number"):
        net.initialize(rng=rng, method="random", scale=-1.0)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        net.initialize(rng=None)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        net.initialize(rng=rng, dtype=np.int64)


# --- forward and backward against the equations ------------------------------------------


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("layer_dims", SIGMOID_DIMS + SOFTMAX_DIMS)
@pytest.mark.parametrize("m", [1, 7])
def test_forward_and_backward_match_the_equations(layer_dims, hidden, m, rng):
    net = dense_network(layer_dims, hidden=hidden)
    params = random_params(rng, net)
    X = rng.standard_normal((layer_dims[0], m))
    ZL, cache = net.forward(X, params)
    expected, Zs, As = oracle_forward(X, params, hidden)
    assert ZL.shape == (layer_dims[-1], m)
    np.testing.assert_allclose(ZL, expected, rtol=1e-12, atol=1e-14, strict=True)

    dZL = rng.standard_normal(ZL.shape)
    dX, grads = net.backward(dZL, cache)
    expected_dX, expected_grads = oracle_backward(dZL, params, hidden, Zs, As)
    np.testing.assert_allclose(dX, expected_dX, rtol=1e-12, atol=1e-14, strict=True)
    assert set(grads) == set(expected_grads)
    for key, value in expected_grads.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-12, atol=1e-14, strict=True)


def test_backward_can_skip_dX(rng):
    net = dense_network([4, 3, 2])
    params = random_params(rng, net)
    ZL, cache = net.forward(rng.standard_normal((4, 5)), params)
    dZL = rng.standard_normal(ZL.shape)
    dX, grads = net.backward(dZL, cache)
    none, lean = net.backward(dZL, cache, need_dX=False)
    assert none is None and dX.shape == (4, 5)
    for key, value in grads.items():
        np.testing.assert_allclose(lean[key], value, rtol=1e-15, strict=True)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(
    ("output", "layer_dims"),
    [("sigmoid", d) for d in SIGMOID_DIMS] + [("softmax", d) for d in SOFTMAX_DIMS],
)
@pytest.mark.parametrize("m", [1, 6])
def test_cost_gradient_check(output, layer_dims, hidden, m, rng):
    """The gradient that starts the backward pass is dZL = A - Y, for both outputs.

    The labels are the ones the network gets most wrong: with right and confident
    predictions a gradient can be 1e-13, and finite differences (which lose about
    1e-16 |J| / eps to rounding) have no meaningful relative error to offer there.
    """
    net = dense_network(layer_dims, hidden=hidden, output=output)
    params = random_params(rng, net)
    X = rng.standard_normal((layer_dims[0], m))
    ZL, cache = net.forward(X, params)
    if output == "sigmoid":
        Y = (ZL < 0).astype(np.float64)
        start = binary_cross_entropy_with_logits_backward
    else:
        Y = one_hot(np.argmin(ZL, axis=0), layer_dims[-1])
        start = softmax_cross_entropy_backward
    assert_away_from_kink([ZL, *activation_inputs(cache)])
    _, grads = net.backward(start(ZL, Y), cache)
    assert check_gradients(lambda: net.cost(X, params, Y), params, grads) < 1e-7


NETWORKS = {
    "relu": {"hidden": "relu"},
    "tanh, softmax": {"hidden": "tanh", "output": "softmax"},
    "dropout": {"hidden": "relu", "keep_prob": 0.6},
    "dropout per layer": {"hidden": "sigmoid", "keep_prob": [0.5, 0.9]},
    "batch norm": {"hidden": "tanh", "batch_norm": True},
    "batch norm, dropout": {"hidden": "sigmoid", "batch_norm": True, "keep_prob": 0.7},
}


@pytest.mark.parametrize(
    ("name", "m"),
    # Batch norm refuses a batch of one example (every normalised value would be 0), and a
    # batch of a few has rows of tiny variance, where finite differences lose accuracy.
    [(name, m) for name in NETWORKS for m in ((6, 10) if "batch norm" in name else (1, 3, 8))],
)
@pytest.mark.parametrize("layer_dims", [[3, 5, 4, 2], [4, 3, 3, 1]])
def test_network_as_a_block_check_backward(name, layer_dims, m, rng):
    config = NETWORKS[name]
    net = dense_network(layer_dims, **config)
    params = random_params(rng, net)
    X = rng.standard_normal((layer_dims[0], m))
    forward = fresh_rng_forward(net)
    _, cache = forward(X, params)
    assert_away_from_kink(activation_inputs(cache))
    errors = check_backward(forward, net.backward, X, params, rng=rng)
    assert set(errors) == {"x", *net.param_shapes}
    assert max(errors.values()) < 1e-7


# --- dropout and batch norm against the equations ------------------------------------------


def test_dropout_uses_the_mask_and_keep_prob_of_its_cache(rng):
    keep_probs = [0.5, 0.8]
    net = dense_network([3, 6, 5, 2], hidden="tanh", keep_prob=keep_probs)
    params = random_params(rng, net)
    X = rng.standard_normal((3, 9))
    ZL, cache = net.forward(X, params, training=True, rng=rng)
    masks = [c["mask"] for b, c in cache if b.role == "dropout"]
    assert [mask.shape for mask in masks] == [(6, 9), (5, 9)]
    assert all(np.all((mask == 0) | (mask == 1)) for mask in masks)
    expected, Zs, As = oracle_forward(X, params, "tanh", masks, keep_probs)
    np.testing.assert_allclose(ZL, expected, rtol=1e-12, strict=True)
    dZL = rng.standard_normal(ZL.shape)
    dX, grads = net.backward(dZL, cache)
    expected_dX, expected_grads = oracle_backward(dZL, params, "tanh", Zs, As, masks, keep_probs)
    np.testing.assert_allclose(dX, expected_dX, rtol=1e-12, atol=1e-14, strict=True)
    for key, value in expected_grads.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-12, atol=1e-14, strict=True)
    # Test time: no dropout, no rescaling.
    ZL_test, _ = net.forward(X, params)
    expected_test, _, _ = oracle_forward(X, params, "tanh")
    np.testing.assert_allclose(ZL_test, expected_test, rtol=1e-12, strict=True)


def test_dropout_masks_keep_about_keep_prob_and_come_from_rng_only():
    net = dense_network([2, 2000, 1], keep_prob=0.7)
    params = net.initialize(rng=np.random.default_rng(0))
    X = np.ones((2, 50))

    def mask(rng):
        _, cache = net.forward(X, params, training=True, rng=rng)
        return next(c["mask"] for b, c in cache if b.role == "dropout")

    # 100 000 Bernoulli(0.7) draws: standard deviation of the mean 0.0014.
    assert np.mean(mask(np.random.default_rng(1))) == pytest.approx(0.7, abs=0.01)
    np.testing.assert_array_equal(mask(np.random.default_rng(2)), mask(np.random.default_rng(2)))
    rng = np.random.default_rng(3)
    assert not np.array_equal(mask(rng), mask(rng))  # a new thinned network every pass
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        net.forward(X, params, training=True)


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_batch_norm_training_and_test_passes_match_the_equations(hidden, rng):
    net = dense_network([3, 5, 4, 2], hidden=hidden, batch_norm=True)
    params = random_params(rng, net)
    X = rng.standard_normal((3, 10))
    ZL, _ = net.forward(X, params, training=True)
    expected, batch = oracle_batchnorm_forward(X, params, hidden, 3)
    np.testing.assert_allclose(ZL, expected, rtol=1e-11, atol=1e-13, strict=True)
    # One training pass moved the running statistics from (0, 1) by 10%, with the
    # unbiased variance: mean 0.1 mu, variance 0.9 + 0.1 var m / (m - 1).
    running = [(0.1 * mu, 0.9 + 0.1 * var * 10 / 9) for mu, var in batch]
    X_test = rng.standard_normal((3, 1))  # one example is fine at test time
    ZL_test, test_cache = net.forward(X_test, params)
    expected_test, _ = oracle_batchnorm_forward(X_test, params, hidden, 3, stats=running)
    np.testing.assert_allclose(ZL_test, expected_test, rtol=1e-11, atol=1e-13, strict=True)
    with pytest.raises(ValueError, match=r"cache is from a test-time pass \(training=False\)"):
        net.backward(np.ones_like(ZL_test), test_cache)


@pytest.mark.parametrize(
    ("hidden", "layer_dims"),
    # Between two batch norms, only the activation's curvature keeps the second from
    # cancelling a shift of the first: with (leaky) ReLU, a row of Z_tilde on one side of
    # the kink gets dbeta = 0 exactly, and 0 against rounding noise has relative error 1.
    # (The sigmoid's slope of at most 1/4 leaves first-layer gradients of 1e-4 behind
    # batch norm, too small for a relative error of 1e-7; check_backward covers it above.)
    [
        ("tanh", [3, 5, 4, 1]),
        ("relu", [3, 5, 1]),
        ("leaky_relu", [4, 6, 2]),
    ],
)
def test_batch_norm_cost_gradient_check(hidden, layer_dims, rng):
    """The training cost, through batch statistics: the gradients fit's loop uses."""
    net = dense_network(layer_dims, hidden=hidden, batch_norm=True)
    params = random_params(rng, net)
    X = rng.standard_normal((layer_dims[0], 8))
    ZL, cache = net.forward(X, params, training=True)
    Y = (ZL < 0).astype(np.float64)  # wrong labels, as in test_cost_gradient_check
    assert_away_from_kink(activation_inputs(cache))
    _, grads = net.backward(binary_cross_entropy_with_logits_backward(ZL, Y), cache)
    assert set(grads) == {"d" + k for k in params}

    def training_cost():
        return binary_cross_entropy_with_logits(net.forward(X, params, training=True)[0], Y)

    assert check_gradients(training_cost, params, grads) < 1e-7


# --- the cache carries the configuration -----------------------------------------------------


def test_backward_of_a_tanh_network_uses_tanh(rng):
    """The cache records the activation, so no backward pass can apply the wrong one."""
    W1, b1 = rng.standard_normal((4, 3)), rng.standard_normal((4, 1))
    W2, b2 = rng.standard_normal((2, 4)), rng.standard_normal((2, 1))
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    X, dZ2 = rng.standard_normal((3, 5)), rng.standard_normal((2, 5))
    # tanh's backward by hand: dZ1 = W2^T dZ2 * (1 - A1^2)
    A1 = np.tanh(W1 @ X + b1)
    dZ1 = (W2.T @ dZ2) * (1.0 - A1**2)
    hand = {"dW1": dZ1 @ X.T / 5, "db1": dZ1.sum(axis=1, keepdims=True) / 5,
            "dW2": dZ2 @ A1.T / 5, "db2": dZ2.sum(axis=1, keepdims=True) / 5}
    hand_dX = W1.T @ dZ1

    tanh_net, relu_net = dense_network([3, 4, 2], hidden="tanh"), dense_network([3, 4, 2])
    _, cache = tanh_net.forward(X, params)
    # Whichever network walks the cache, the cache decides: tanh.
    for net in (tanh_net, relu_net):
        dX, grads = net.backward(dZ2, cache)
        np.testing.assert_allclose(dX, hand_dX, rtol=1e-12, strict=True)
        for key, value in hand.items():
            np.testing.assert_allclose(grads[key], value, rtol=1e-12, strict=True)
    # and none can be given: the backward pass takes no configuration
    assert list(inspect.signature(Network.backward).parameters) == [
        "self", "dZL", "cache", "need_dX"
    ]


def test_backward_refuses_what_is_not_a_network_cache(rng):
    net = dense_network([3, 2, 1])
    params = random_params(rng, net)
    ZL, cache = net.forward(rng.standard_normal((3, 4)), params)
    with pytest.raises(TypeError, match="cache must be the list returned by Network.forward"):
        net.backward(ZL, dict(enumerate(cache)))
    _, linear_cache = linear_forward(np.ones((3, 4)), {"W": params["W1"], "b": params["b1"]})
    with pytest.raises(TypeError, match="cache must be the list returned by Network.forward"):
        net.backward(ZL, linear_cache)
    with pytest.raises(ValueError, match=r"dZL? must have shape \(1, 4\)"):
        net.backward(ZL[:, :3], cache)


# --- dtypes -------------------------------------------------------------------------------


def test_integer_X_is_converted_to_float64(rng):
    net = dense_network([3, 4, 2], hidden="tanh")
    params = random_params(rng, net)
    X = rng.integers(-3, 4, size=(3, 5))
    ZL, cache = net.forward(X, params)
    assert ZL.dtype == np.float64
    expected, _, _ = oracle_forward(X.astype(float), params, "tanh")
    np.testing.assert_allclose(ZL, expected, rtol=1e-12, strict=True)
    dX, _ = net.backward(np.ones((2, 5)), cache)
    assert dX.dtype == np.float64
    labels = net.predict(X.tolist(), params)  # a nested list of ints, too
    np.testing.assert_array_equal(labels, (expected > 0).astype(np.int64), strict=True)


@pytest.mark.parametrize(
    "config", [{}, {"keep_prob": 0.8}, {"batch_norm": True, "dtype": np.float32}]
)
def test_float32_stays_float32(config, rng):
    net = dense_network([3, 4, 3, 2], hidden="tanh", **config)
    params = net.initialize(rng=rng, method="xavier", dtype=np.float32)
    X = rng.standard_normal((3, 6)).astype(np.float32)
    ZL, cache = net.forward(X, params, training=True, rng=rng)
    assert ZL.dtype == np.float32
    dX, grads = net.backward(np.ones_like(ZL), cache)
    assert dX.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
    assert net.probabilities(X, params).dtype == np.float32
    assert isinstance(net.cost(X, params, random_labels(rng, (2, 6))), float)
    if not config:  # float32 rounds the float64 pass
        params64 = {k: v.astype(np.float64) for k, v in params.items()}
        expected, _, _ = oracle_forward(X.astype(np.float64), params64, "tanh")
        np.testing.assert_allclose(ZL, expected.astype(np.float32), rtol=1e-5, atol=1e-6)


def test_batch_norm_statistics_have_the_network_dtype(rng):
    net = dense_network([3, 4, 1], batch_norm=True)  # float64 statistics
    params = net.initialize(rng=rng, dtype=np.float32)
    with pytest.raises(
        TypeError, match="X must have dtype float64, the dtype of the network's batch norm, got"
    ):
        net.forward(np.ones((3, 4), dtype=np.float32), params, training=True)


# --- cost, probabilities, predict ----------------------------------------------------------


def test_cost_by_hand():
    # One layer, W = 1, b = 0: Z = X = [0, ln 3], Y = [1, 0].
    # Losses: log(1 + e^0) = ln 2 and log(1 + e^(ln 3)) = ln 4, mean 1.5 ln 2.
    net = dense_network([1, 1])
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[0.0, np.log(3.0)]])
    J = net.cost(X, params, np.array([[1.0, 0.0]]))
    assert J == pytest.approx(1.5 * np.log(2.0), rel=1e-14)
    # Two layers, ReLU: Z1 = 2x - 1 = [1, -1], A1 = [1, 0], Z2 = 3 A1 + 0.5 = [3.5, 0.5];
    # Y = [0, 1], so the losses are log(1 + e^3.5) and log(1 + e^-0.5).
    net = dense_network([1, 1, 1])
    params = {"W1": np.array([[2.0]]), "b1": np.array([[-1.0]]),
              "W2": np.array([[3.0]]), "b2": np.array([[0.5]])}
    expected = (np.log1p(np.exp(3.5)) + np.log1p(np.exp(-0.5))) / 2
    J = net.cost(np.array([[1.0, 0.0]]), params, np.array([[0.0, 1.0]]))
    assert J == pytest.approx(expected, rel=1e-14)


def test_softmax_cost_and_probabilities_by_hand():
    # Z = W x: column 1 is [0, ln 2, ln 3], softmax [1, 2, 3] / 6; column 2 is 0, softmax 1/3.
    net = dense_network([1, 3], output="softmax")
    params = {"W1": np.log([[1.0], [2.0], [3.0]]), "b1": np.zeros((3, 1))}
    X = np.array([[1.0, 0.0]])
    P = net.probabilities(X, params)
    expected = [[1 / 6, 1 / 3], [2 / 6, 1 / 3], [3 / 6, 1 / 3]]
    np.testing.assert_allclose(P, expected, rtol=1e-14, strict=True)
    # Classes 2 and 0: -log(3/6) = ln 2 and -log(1/3) = ln 3.
    Y = one_hot([2, 0], 3)
    assert net.cost(X, params, Y) == pytest.approx((np.log(2.0) + np.log(3.0)) / 2, rel=1e-14)


def test_two_sigmoid_outputs_add_their_cross_entropies(rng):
    net = dense_network([3, 4, 2], hidden="tanh")
    params = random_params(rng, net)
    X, Y = rng.standard_normal((3, 9)), random_labels(rng, (2, 9))
    ZL, _, _ = oracle_forward(X, params, "tanh")
    P = 1.0 / (1.0 + np.exp(-ZL))
    per_row = -np.mean(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P), axis=1)
    assert net.cost(X, params, Y) == pytest.approx(per_row[0] + per_row[1], rel=1e-12)


def test_a_minus_y_is_the_chain_rule_through_the_sigmoid(rng):
    """Starting from dZL = A - Y gives what dA = -(Y/A - (1-Y)/(1-A)) times sigma'(Z) gives."""
    net = dense_network([3, 4, 3, 1])
    params = random_params(rng, net)
    X, Y = rng.standard_normal((3, 6)), random_labels(rng, (1, 6))
    ZL, cache = net.forward(X, params)
    A = 1.0 / (1.0 + np.exp(-ZL))
    chain = -(Y / A - (1.0 - Y) / (1.0 - A)) * A * (1.0 - A)
    dX, grads = net.backward(binary_cross_entropy_with_logits_backward(ZL, Y), cache)
    dX_chain, grads_chain = net.backward(chain, cache)
    np.testing.assert_allclose(dX, dX_chain, rtol=1e-10, atol=1e-14, strict=True)
    for key, value in grads_chain.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-10, atol=1e-14, strict=True)


def test_cost_stays_finite_when_confident(rng):
    net = dense_network([2, 3, 1])
    params = {k: 1e4 * v for k, v in random_params(rng, net).items()}
    X, Y = rng.standard_normal((2, 9)), random_labels(rng, (1, 9))
    assert np.isfinite(net.cost(X, params, Y))


def test_sigmoid_predict_gives_int64_zeros_and_ones_per_output_unit():
    net = dense_network([1, 2])
    params = {"W1": np.array([[1.0], [-1.0]]), "b1": np.zeros((2, 1))}
    X = np.array([[-2.0, 0.0, 0.5, 3.0]])  # sigmoid(x): 0.12, 0.5, 0.62, 0.95
    expected = np.array([[0, 0, 1, 1], [1, 0, 0, 0]], dtype=np.int64)
    np.testing.assert_array_equal(net.predict(X, params), expected, strict=True)
    np.testing.assert_array_equal(
        net.predict(X, params, threshold=0.9), np.array([[0, 0, 0, 1], [0, 0, 0, 0]]), strict=False
    )
    assert net.predict(X, params, threshold=0.9).dtype == np.int64


def test_softmax_predict_gives_int64_class_indices_in_one_row():
    net = dense_network([2, 3], output="softmax")
    params = {"W1": np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), "b1": np.zeros((3, 1))}
    # Z columns: (2, 0, -2), (0, 3, -3), (-1, -1, 2), (1, 0.5, -1.5)
    X = np.array([[2.0, 0.0, -1.0, 1.0], [0.0, 3.0, -1.0, 0.5]])
    np.testing.assert_array_equal(net.predict(X, params), np.array([[0, 1, 2, 0]]), strict=True)
    np.testing.assert_allclose(net.probabilities(X, params).sum(axis=0), 1.0, rtol=1e-15)


# --- errors --------------------------------------------------------------------------------


def test_forward_errors(rng):
    net = dense_network([3, 4, 3, 1])
    params = random_params(rng, net)
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['W3'\]"):
        net.forward(X, {k: v for k, v in params.items() if k != "W3"})
    with pytest.raises(ValueError, match=r"params\['W2'\] must have shape \(3, 4\), got \(3, 5\)"):
        net.forward(X, {**params, "W2": np.ones((3, 5))})
    with pytest.raises(ValueError, match=r"params\['b2'\] must have shape \(3, 1\), got \(3,\)"):
        net.forward(X, {**params, "b2": np.zeros(3)})
    with pytest.raises(TypeError, match="params must be a dict"):
        net.forward(X, [params["W1"]])
    with pytest.raises(ValueError, match=r"X must have shape \(3, m\), got \(2, 2\)"):
        net.forward(np.ones((2, 2)), params)
    with pytest.raises(ValueError, match=r"X must have shape \(3, m\), got \(3,\)"):
        net.forward(np.ones(3), params)
    with pytest.raises(ValueError, match=r"X must hold at least one example \(column\), got m = 0"):
        net.forward(np.ones((3, 0)), params)
    with pytest.raises(ValueError, match="X must contain only finite numbers, found NaN"):
        net.forward(np.array([[1.0], [np.nan], [0.0]]), params)
    with pytest.raises(TypeError, match="training must be True or False, got int"):
        net.forward(X, params, training=1)
    with pytest.raises(
        ValueError, match=r"Y must have shape \(1, m\) for a network with 1 output units, got"
    ):
        net.cost(X, params, np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[0.5\]"):
        net.cost(X, params, np.array([[1.0, 0.5]]))


def test_softmax_cost_takes_one_hot_columns_or_class_labels(rng):
    net = dense_network([3, 4], output="softmax")
    params = random_params(rng, net)
    X, labels = rng.standard_normal((3, 5)), np.array([3, 0, 0, 2, 1])
    ZL, _, _ = oracle_forward(X, params, "relu")
    log_p = ZL - np.log(np.sum(np.exp(ZL), axis=0))  # log softmax, column by column
    expected = -np.mean(log_p[labels, np.arange(5)])
    for Y in (one_hot(labels, 4), labels, labels.reshape(1, -1)):
        assert net.cost(X, params, Y) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="Y must be one-hot: exactly one 1 per column"):
        net.cost(X[:, :2], params, np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]))
    with pytest.raises(ValueError, match=r"labels must be in 0..3, found \[4\]"):
        net.cost(X, params, labels + 1)


# --- the blocks a network is built from: dlspec.layers ----------------------------------------


@pytest.fixture
def hand_layer():
    """Z = W A_prev + b = [[2, 4], [2, 4]], worked by hand."""
    A_prev = np.array([[1.0, -1.0], [0.0, 2.0]])
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[1.0], [-1.0]])
    return A_prev, W, b


def test_linear_forward_and_backward_by_hand(hand_layer):
    A_prev, W, b = hand_layer
    Z, cache = linear_forward(A_prev, {"W": W, "b": b})
    np.testing.assert_array_equal(Z, [[2.0, 4.0], [2.0, 4.0]], strict=True)
    dA_prev, grads = linear_backward(np.eye(2), cache)  # dZ = I, m = 2
    np.testing.assert_array_equal(dA_prev, W.T, strict=True)  # W^T I
    np.testing.assert_array_equal(grads["dW"], [[0.5, 0.0], [-0.5, 1.0]], strict=True)  # I A^T / 2
    np.testing.assert_array_equal(grads["db"], [[0.5], [0.5]], strict=True)
    none, lean = linear_backward(np.eye(2), cache, need_dA_prev=False)
    assert none is None and set(lean) == {"dW", "db"}


def test_linear_without_bias_by_hand(hand_layer):
    A_prev, W, _ = hand_layer
    Z, cache = linear_forward(A_prev, {"W": W})
    np.testing.assert_array_equal(Z, [[1.0, 3.0], [3.0, 5.0]], strict=True)
    _, grads = linear_backward(np.eye(2), cache)
    assert set(grads) == {"dW"}


def test_linear_activation_by_hand(hand_layer):
    A_prev, W, b = hand_layer
    b = b - 3.0  # b = [[-2], [-4]], so Z = [[1, 3], [3, 5]] + b = [[-1, 1], [-1, 1]]
    A, cache = linear_activation_forward(A_prev, {"W": W, "b": b}, "relu")
    np.testing.assert_array_equal(A, [[0.0, 1.0], [0.0, 1.0]], strict=True)
    A, _ = linear_activation_forward(A_prev, {"W": W, "b": b}, "leaky_relu")
    np.testing.assert_allclose(A, [[-0.01, 1.0], [-0.01, 1.0]], strict=True)
    # Backward through ReLU zeroes the first column, then the linear part acts.
    dA_prev, grads = linear_activation_backward(np.ones((2, 2)), cache)
    np.testing.assert_array_equal(dA_prev, [[0.0, 4.0], [0.0, 6.0]], strict=True)
    np.testing.assert_array_equal(grads["dW"], [[-0.5, 1.0], [-0.5, 1.0]], strict=True)
    np.testing.assert_array_equal(grads["db"], [[0.5], [0.5]], strict=True)


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 1, 1), (1, 3, 7)])  # (n_prev, n_l, m)
def test_linear_check_backward(shape, rng):
    n_prev, n_l, m = shape
    params = {"W": rng.standard_normal((n_l, n_prev)), "b": rng.standard_normal((n_l, 1))}
    A_prev = rng.standard_normal((n_prev, m))
    errors = check_backward(linear_forward, linear_backward, A_prev, params, rng=rng)
    assert set(errors) == {"x", "W", "b"} and max(errors.values()) < 1e-7


@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize("m", [1, 6])
def test_linear_activation_check_backward(activation, m, rng):
    params = {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal((4, 1))}
    A_prev = rng.standard_normal((3, m))
    assert_away_from_kink([params["W"] @ A_prev + params["b"]])

    def forward(x, p):
        return linear_activation_forward(x, p, activation)

    errors = check_backward(forward, linear_activation_backward, A_prev, params, rng=rng)
    assert max(errors.values()) < 1e-7


def test_block_errors(hand_layer):
    A_prev, W, b = hand_layer
    params = {"W": W, "b": b}
    with pytest.raises(ValueError, match=r"A_prev must have shape \(2, m\) to match W .*\(3, 2\)"):
        linear_forward(np.ones((3, 2)), params)
    with pytest.raises(ValueError, match=r"b must have shape \(2, 1\) to match W .*got \(2,\)"):
        linear_forward(A_prev, {"W": W, "b": b[:, 0]})
    with pytest.raises(ValueError, match=r"W must have shape \(n_l, n_prev\), got \(2,\)"):
        linear_forward(A_prev, {"W": W[0], "b": b})
    with pytest.raises(TypeError, match="params must be a dict"):
        linear_forward(A_prev, (W, b))
    _, cache = linear_forward(A_prev, params)
    with pytest.raises(
        ValueError, match=r"dZ must have shape \(2, 2\), the shape of linear_forward's output"
    ):
        linear_backward(np.ones((2, 3)), cache)
    _, layer_cache = linear_activation_forward(A_prev, params, "tanh")
    with pytest.raises(
        TypeError,
        match="cache was made by linear_activation_forward, but this backward pass needs "
        "linear_forward's",
    ):
        linear_backward(np.ones((2, 2)), layer_cache)
    with pytest.raises(
        TypeError,
        match="cache was made by linear_forward, but this backward pass needs "
        "linear_activation_forward's",
    ):
        linear_activation_backward(np.ones((2, 2)), cache)
    with pytest.raises(TypeError, match="cache must be the cache returned by linear_forward"):
        linear_backward(np.ones((2, 2)), (A_prev, W, b))
    with pytest.raises(ValueError, match="activation must be one of"):
        linear_activation_forward(A_prev, params, "softmax")


def test_linear_block_refuses_an_empty_batch():
    """m = 0 has no mean: the 1/m of dW and db must not become 0/0 (NaN)."""
    params = {"W": np.ones((2, 3)), "b": np.zeros((2, 1))}
    with pytest.raises(ValueError, match="at least one example"):
        _, cache = linear_forward(np.ones((3, 0)), params)
        linear_backward(np.ones((2, 0)), cache)
