"""Tests for dlspec.regularization (L2 and inverted dropout; Course 2 Week 1)."""

import functools

import numpy as np
import pytest

from dlspec.gradcheck import check_backward, check_gradients
from dlspec.layers import (
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from dlspec.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_backward,
)
from dlspec.regularization import (
    dropout_backward,
    dropout_forward,
    l2_gradients,
    l2_penalty,
)


def random_params(rng, layer_dims):
    """Normal parameters with standard deviation 0.5.

    Finite differences lose about 1e-16 |J| / eps to rounding; entries of size
    0.5 keep the L2 term (part of J) moderate and tanh units out of saturation,
    so no gradient is so tiny that this rounding dominates its relative error.
    """
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = 0.5 * rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = 0.5 * rng.standard_normal((layer_dims[l], 1))
    return params


def random_labels(rng, shape):
    return (rng.random(shape) < 0.5).astype(np.float64)


@pytest.fixture
def hand_params():
    """||W1||^2 = 1 + 4 + 9 + 16 = 30, ||W2||^2 = 2; the biases must not count."""
    return {
        "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "b1": np.array([[100.0], [-100.0]]),
        "W2": np.array([[1.0, -1.0]]),
        "b2": np.array([[5.0]]),
    }


# --- L2 by hand --------------------------------------------------------------------------------


def test_l2_penalty_by_hand(hand_params):
    assert l2_penalty(hand_params, 0.5, 4) == pytest.approx(2.0, rel=1e-15)  # 0.5 / 8 * 32
    assert l2_penalty(hand_params, 0.0, 4) == 0.0
    assert l2_penalty({"W1": np.ones((1, 3)), "b1": np.ones((1, 1))}, 2.0, 1) == 3.0
    f32 = {k: v.astype(np.float32) for k, v in hand_params.items()}
    assert l2_penalty(f32, 0.5, 4) == pytest.approx(2.0, rel=1e-7)
    assert isinstance(l2_penalty(hand_params, 0.5, 4), float)


def test_l2_penalty_counts_only_the_weights(hand_params):
    """Batch norm's gamma and beta, like the biases, are not decayed."""
    with_bn = {**hand_params, "gamma1": np.full((2, 1), 7.0), "beta1": np.full((2, 1), -3.0)}
    assert l2_penalty(with_bn, 0.5, 4) == pytest.approx(2.0, rel=1e-15)
    assert l2_penalty({"b1": np.ones((2, 1))}, 1.0, 1) == 0.0


def test_cost_plus_l2_penalty_by_hand(hand_params):
    """The regularised cost is the cross-entropy plus l2_penalty (there is no l2_cost)."""
    Z, Y = np.zeros((1, 2)), np.array([[1.0, 0.0]])  # sigmoid(0) = 1/2: cross-entropy log 2
    cost = binary_cross_entropy_with_logits(Z, Y) + l2_penalty(hand_params, 0.1, 2)
    assert cost == pytest.approx(np.log(2) + 0.8, rel=1e-14)  # penalty 0.1 / 4 * 32


def test_l2_gradients_by_hand_without_mutation(hand_params):
    grads = {
        "dW1": np.ones((2, 2)),
        "db1": np.ones((2, 1)),
        "dW2": np.zeros((1, 2)),
        "db2": np.ones((1, 1)),
        "dX": np.ones((2, 3)),
    }
    before = {k: v.copy() for k, v in grads.items()}
    new = l2_gradients(grads, hand_params, 2.0, 4)  # adds 0.5 W
    np.testing.assert_allclose(new["dW1"], [[1.5, 2.0], [2.5, 3.0]], strict=True)
    np.testing.assert_allclose(new["dW2"], [[0.5, -0.5]], strict=True)
    assert set(new) == set(grads)
    assert new["db1"] is grads["db1"] and new["dX"] is grads["dX"]  # biases: no decay
    for k, v in grads.items():
        np.testing.assert_array_equal(v, before[k], strict=True)


def test_l2_gradients_with_lambda_0_change_nothing(hand_params):
    grads = {"dW1": np.ones((2, 2)), "dW2": np.full((1, 2), 3.0)}
    new = l2_gradients(grads, hand_params, 0.0, 4)
    for k, v in grads.items():
        np.testing.assert_array_equal(new[k], v, strict=True)


# --- L2 gradient checks ----------------------------------------------------------------------


@pytest.mark.parametrize("lambd", [0.1, 1.0, 3.0])
@pytest.mark.parametrize("m", [1, 6])
def test_l2_gradients_are_the_gradient_of_l2_penalty(lambd, m, rng):
    params = random_params(rng, [3, 4, 2])
    zeros = {"d" + k: np.zeros_like(v) for k, v in params.items()}
    grads = l2_gradients(zeros, params, lambd, m)
    assert check_gradients(lambda: l2_penalty(params, lambd, m), params, grads) < 1e-7


def two_layer_cost_and_grads(params, X, Y, *, hidden, keep_prob, lambd, seed):
    """A two-layer network assembled from the blocks: cost + L2, and its gradients.

    The dropout mask comes from a generator made anew from ``seed`` on every call, so
    every call of the cost sees the same mask.
    """
    A1, c1 = linear_activation_forward(X, {"W": params["W1"], "b": params["b1"]}, hidden)
    D1, cd = dropout_forward(A1, keep_prob, rng=np.random.default_rng(seed))
    Z2, c2 = linear_forward(D1, {"W": params["W2"], "b": params["b2"]})
    m = X.shape[1]
    cost = binary_cross_entropy_with_logits(Z2, Y) + l2_penalty(params, lambd, m)
    dD1, g2 = linear_backward(binary_cross_entropy_with_logits_backward(Z2, Y), c2)
    dA1, _ = dropout_backward(dD1, cd)
    _, g1 = linear_activation_backward(dA1, c1)
    grads = {"dW1": g1["dW"], "db1": g1["db"], "dW2": g2["dW"], "db2": g2["db"]}
    return cost, l2_gradients(grads, params, lambd, m)


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
@pytest.mark.parametrize(
    ("layer_dims", "lambd"), [([3, 4, 1], 0.7), ([4, 5, 1], 0.0), ([3, 4, 2], 0.2)]
)
@pytest.mark.parametrize("keep_prob", [1.0, 0.6])
@pytest.mark.parametrize("m", [1, 7])
def test_network_with_dropout_and_l2_gradient_check(hidden, layer_dims, lambd, keep_prob, m, rng):
    params = random_params(rng, layer_dims)
    X, Y = rng.standard_normal((layer_dims[0], m)), random_labels(rng, (layer_dims[-1], m))
    run = functools.partial(
        two_layer_cost_and_grads, params, X, Y, hidden=hidden, keep_prob=keep_prob, lambd=lambd,
        seed=int(rng.integers(1000)),
    )
    _, grads = run()
    if hidden == "relu":  # finite differences must not step across ReLU's kink
        Z1, _ = linear_forward(X, {"W": params["W1"], "b": params["b1"]})
        assert np.min(np.abs(Z1)) > 1e-4
    assert check_gradients(lambda: run()[0], params, grads) < 1e-7


# --- dropout by hand and by property ---------------------------------------------------------


def test_keep_prob_one_changes_nothing_and_draws_nothing(rng):
    A = rng.standard_normal((3, 4))
    state = rng.bit_generator.state
    A_drop, cache = dropout_forward(A, 1.0, rng=rng)
    np.testing.assert_array_equal(A_drop, A, strict=True)
    np.testing.assert_array_equal(cache["mask"], np.ones((3, 4)), strict=True)
    assert cache["keep_prob"] == 1.0
    assert rng.bit_generator.state == state
    dA, grads = dropout_backward(A, cache)
    np.testing.assert_array_equal(dA, A, strict=True)
    assert grads == {}


def test_dropout_forward_zeroes_and_rescales(rng):
    A = rng.standard_normal((6, 50))
    A_drop, cache = dropout_forward(A, 0.7, rng=rng)
    mask = cache["mask"]
    assert cache["keep_prob"] == 0.7
    assert set(np.unique(mask)) <= {0.0, 1.0} and mask.shape == A.shape
    np.testing.assert_array_equal(A_drop[mask == 0], 0.0)
    np.testing.assert_allclose(A_drop[mask == 1], A[mask == 1] / 0.7, rtol=1e-15)


@pytest.mark.parametrize("keep_prob", [0.5, 0.8, 0.95])
def test_inverted_dropout_keeps_the_expected_value(keep_prob):
    """E[A_drop] = A, entry by entry, from K = 4000 independent masks of a fixed A.

    A_drop_ij = A_ij D_ij / p with D_ij ~ Bernoulli(p) has variance A_ij^2 (1 - p) / p, so
    the mean of K draws has standard deviation |A_ij| sqrt((1 - p) / (p K)); allow 5 of them.
    """
    A = np.array([[1.0, -2.0, 0.5, 3.0], [-0.25, 4.0, -1.5, 2.0]])
    n, m = A.shape
    K = 4000
    A_drop, cache = dropout_forward(np.tile(A, (1, K)), keep_prob, rng=np.random.default_rng(7))
    mean = A_drop.reshape(n, K, m).mean(axis=1)  # column k * m + j holds a copy of A[:, j]
    tolerance = 5 * np.abs(A) * np.sqrt((1 - keep_prob) / (keep_prob * K))
    assert np.all(np.abs(mean - A) <= tolerance)
    # The test has the power to see a missing division: without it, E[A_drop] = p A.
    assert np.all(tolerance < np.abs(A) * (1 - keep_prob))
    # The mask keeps a fraction p of the units: a binomial proportion of n m K draws.
    N = cache["mask"].size
    assert abs(cache["mask"].mean() - keep_prob) <= 5 * np.sqrt(keep_prob * (1 - keep_prob) / N)


def test_each_call_draws_a_new_mask(rng):
    A = np.ones((6, 50))
    _, first = dropout_forward(A, 0.5, rng=rng)
    _, second = dropout_forward(A, 0.5, rng=rng)
    assert not np.array_equal(first["mask"], second["mask"])  # equal with probability 2^-300


def test_dropout_backward_applies_the_cached_mask_and_keep_prob(rng):
    """A_drop = A * D / p is linear and diagonal in A: backward is the same map."""
    A, G = rng.standard_normal((4, 9)), rng.standard_normal((4, 9))
    _, cache = dropout_forward(A, 0.6, rng=np.random.default_rng(3))
    same_map, _ = dropout_forward(G, 0.6, rng=np.random.default_rng(3))  # same seed, same mask
    dA, grads = dropout_backward(G, cache)
    np.testing.assert_allclose(dA, same_map, rtol=1e-15, strict=True)
    np.testing.assert_array_equal(dA[cache["mask"] == 0], 0.0)  # dropped units pass no gradient
    assert grads == {}


def test_dropout_keeps_float32_and_is_deterministic_per_seed():
    A = np.ones((4, 5), dtype=np.float32)
    a, cache_a = dropout_forward(A, 0.5, rng=np.random.default_rng(7))
    b, cache_b = dropout_forward(A, 0.5, rng=np.random.default_rng(7))
    assert a.dtype == cache_a["mask"].dtype == np.float32
    np.testing.assert_array_equal(a, b, strict=True)
    np.testing.assert_array_equal(cache_a["mask"], cache_b["mask"], strict=True)
    assert dropout_backward(A, cache_a)[0].dtype == np.float32
    _, cache64 = dropout_forward(np.ones((4, 5)), 0.5, rng=np.random.default_rng(7))
    assert dropout_backward(A, cache64)[0].dtype == np.float32  # the dtype of dA_drop


# --- dropout gradient check ---------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (3, 1), (4, 7), (1, 5)])
@pytest.mark.parametrize("keep_prob", [0.5, 0.8, 1.0])
def test_dropout_backward_gradient_check(shape, keep_prob, rng):
    """A generator made anew from one seed on every forward call holds the mask constant."""
    seed = int(rng.integers(1000))

    def forward(A):
        return dropout_forward(A, keep_prob, rng=np.random.default_rng(seed))

    A = rng.standard_normal(shape)
    np.testing.assert_array_equal(forward(A)[1]["mask"], forward(2 * A)[1]["mask"])
    errors = check_backward(forward, dropout_backward, A, rng=rng)
    assert list(errors) == ["x"] and errors["x"] < 1e-7


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("keep_prob", [0.0, -0.2, 1.5])
def test_keep_prob_must_be_in_zero_one(keep_prob):
    with pytest.raises(ValueError, match=rf"keep_prob must be in \(0, 1\], got {keep_prob}"):
        dropout_forward(np.ones((2, 3)), keep_prob, rng=np.random.default_rng(0))


def test_dropout_errors():
    rng = np.random.default_rng(0)
    A = np.ones((2, 3))
    with pytest.raises(ValueError, match="keep_prob must be a finite number"):
        dropout_forward(A, np.nan, rng=rng)
    with pytest.raises(TypeError, match="keep_prob must be a real number, got str"):
        dropout_forward(A, "0.5", rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        dropout_forward(A, 0.5, rng=None)
    with pytest.raises(ValueError, match=r"A must have shape \(n_l, m\), got \(3,\)"):
        dropout_forward(np.ones(3), 0.5, rng=rng)
    _, cache = dropout_forward(A, 0.5, rng=rng)
    with pytest.raises(
        ValueError,
        match=r"dA_drop must have shape \(2, 3\), the shape of dropout_forward's output, "
        r"got \(3, 2\)",
    ):
        dropout_backward(np.ones((3, 2)), cache)


def test_dropout_backward_refuses_a_cache_from_another_block():
    _, cache = linear_forward(np.ones((2, 3)), {"W": np.ones((2, 2)), "b": np.zeros((2, 1))})
    with pytest.raises(
        TypeError,
        match="cache was made by linear_forward, but this backward pass needs dropout_forward's",
    ):
        dropout_backward(np.ones((2, 3)), cache)
    with pytest.raises(  # the old convention passed the mask itself
        TypeError, match="cache must be the cache returned by dropout_forward, got ndarray"
    ):
        dropout_backward(np.ones((2, 3)), np.ones((2, 3)))


def test_l2_errors(hand_params):
    grads = {"dW1": np.ones((2, 2)), "db1": np.ones((2, 1)), "db2": np.ones((1, 1))}
    with pytest.raises(ValueError, match=r"grads is missing key 'dW2' for params\['W2'\]"):
        l2_gradients(grads, hand_params, 0.1, 4)
    grads["dW2"] = np.ones((2, 1))
    with pytest.raises(
        ValueError,
        match=r"grads\['dW2'\] must have shape \(1, 2\) to match params\['W2'\], got \(2, 1\)",
    ):
        l2_gradients(grads, hand_params, 0.1, 4)
    with pytest.raises(ValueError, match="lambd must be a finite number"):
        l2_penalty(hand_params, -0.1, 4)
    with pytest.raises(ValueError, match="m must be an integer >= 1, got 0"):
        l2_penalty(hand_params, 0.1, 0)
    with pytest.raises(TypeError, match="m must be an integer, got float"):
        l2_gradients(grads, hand_params, 0.1, 4.0)
    with pytest.raises(TypeError, match="params must be a dict of arrays, got list"):
        l2_penalty([hand_params["W1"]], 0.1, 4)
    with pytest.raises(TypeError, match="grads must be a dict of arrays, got list"):
        l2_gradients([grads["dW1"]], hand_params, 0.1, 4)
