"""Tests for dlspec.regularization (L2 and inverted dropout; Course 2 Week 1)."""

import numpy as np
import pytest

from dlspec.deep_network import deep_backward, deep_forward
from dlspec.gradcheck import check_backward, check_gradients
from dlspec.losses import binary_cross_entropy
from dlspec.regularization import (
    deep_backward_dropout,
    deep_forward_dropout,
    dropout_backward,
    dropout_forward,
    l2_cost,
    l2_gradients,
    l2_penalty,
)

LAYER_DIMS = [[3, 4, 3, 1], [5, 2, 1], [2, 1], [3, 4, 2]]  # the last has two output units


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


def assert_away_from_kink(Zs):
    """ReLU has a kink at 0; finite differences must not step across it."""
    assert min(np.min(np.abs(Z)) for Z in Zs) > 1e-4


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


def test_l2_cost_by_hand(hand_params):
    AL, Y = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    # cross-entropy: -(log 0.5 + log 0.5) / 2 = log 2; penalty: 0.1 / 4 * 32 = 0.8
    assert l2_cost(AL, Y, hand_params, 0.1) == pytest.approx(np.log(2) + 0.8, rel=1e-14)
    assert l2_cost(AL, Y, hand_params, 0.0) == pytest.approx(np.log(2), rel=1e-14)
    ZL = np.zeros((1, 2))  # sigmoid(0) = 0.5: the logits give the same cost
    assert l2_cost(AL, Y, hand_params, 0.1, ZL=ZL) == pytest.approx(np.log(2) + 0.8, rel=1e-14)


def test_l2_cost_from_logits_stays_exact(hand_params):
    ZL, Y = np.array([[40.0, -800.0]]), np.array([[1.0, 1.0]])
    AL = 1 / (1 + np.exp(-np.clip(ZL, -500, 500)))
    # from logits: (log(1 + e^-40) + 800) / 2, no clipping
    exact = (np.log1p(np.exp(-40.0)) + 800.0) / 2
    assert l2_cost(AL, Y, hand_params, 0.0, ZL=ZL) == pytest.approx(exact, rel=1e-14)
    assert np.isfinite(l2_cost(AL, Y, hand_params, 0.0))  # from AL: clipped, finite


def test_l2_gradients_by_hand_without_mutation(hand_params):
    grads = {
        "dW1": np.ones((2, 2)),
        "db1": np.ones((2, 1)),
        "dW2": np.zeros((1, 2)),
        "db2": np.ones((1, 1)),
        "dA0": np.ones((2, 3)),
    }
    before = {k: v.copy() for k, v in grads.items()}
    new = l2_gradients(grads, hand_params, 2.0, 4)  # adds 0.5 W
    np.testing.assert_allclose(new["dW1"], [[1.5, 2.0], [2.5, 3.0]], strict=True)
    np.testing.assert_allclose(new["dW2"], [[0.5, -0.5]], strict=True)
    assert set(new) == set(grads)
    assert new["db1"] is grads["db1"] and new["dA0"] is grads["dA0"]  # biases: no decay
    for k, v in grads.items():
        np.testing.assert_array_equal(v, before[k], strict=True)


# --- L2 gradient checks ----------------------------------------------------------------------


@pytest.mark.parametrize("lambd", [0.1, 1.0])
@pytest.mark.parametrize("layer_dims", LAYER_DIMS)
@pytest.mark.parametrize("m", [1, 6])
def test_l2_cost_and_gradients_gradient_check(lambd, layer_dims, m, rng):
    params = random_params(rng, layer_dims)
    X, Y = rng.standard_normal((layer_dims[0], m)), random_labels(rng, (layer_dims[-1], m))

    def cost():
        AL, caches = deep_forward(params, X, "tanh")
        return l2_cost(AL, Y, params, lambd, ZL=caches[-1][1])

    AL, caches = deep_forward(params, X, "tanh")
    grads = l2_gradients(deep_backward(AL, Y, caches, "tanh"), params, lambd, m)
    assert check_gradients(cost, params, grads) < 1e-7


# --- dropout ---------------------------------------------------------------------------------


def test_keep_prob_one_changes_nothing_and_draws_nothing(rng):
    A = rng.standard_normal((3, 4))
    state = rng.bit_generator.state
    A_drop, mask = dropout_forward(A, 1.0, rng=rng)
    assert A_drop is A
    np.testing.assert_array_equal(mask, np.ones((3, 4)), strict=True)
    assert rng.bit_generator.state == state
    np.testing.assert_array_equal(dropout_backward(A, mask, 1), A, strict=True)


def test_dropout_forward_zeroes_and_rescales(rng):
    A = rng.standard_normal((6, 50))
    A_drop, mask = dropout_forward(A, 0.7, rng=rng)
    assert set(np.unique(mask)) <= {0.0, 1.0}
    np.testing.assert_array_equal(A_drop[mask == 0], 0.0)
    np.testing.assert_allclose(A_drop[mask == 1], A[mask == 1] / 0.7, rtol=1e-15)


@pytest.mark.parametrize("keep_prob", [0.5, 0.8, 0.95])
def test_inverted_dropout_keeps_the_mean(keep_prob, rng):
    A = rng.random((500, 400)) + 1.0  # positive, mean 1.5
    A_drop, mask = dropout_forward(A, keep_prob, rng=rng)
    assert np.mean(mask) == pytest.approx(keep_prob, abs=0.005)  # 200 000 Bernoulli draws
    assert np.mean(A_drop) == pytest.approx(np.mean(A), rel=0.01)


def test_dropout_keeps_float32_and_is_deterministic_per_seed():
    A = np.ones((4, 5), dtype=np.float32)
    a, mask_a = dropout_forward(A, 0.5, rng=np.random.default_rng(7))
    b, mask_b = dropout_forward(A, 0.5, rng=np.random.default_rng(7))
    assert a.dtype == mask_a.dtype == np.float32
    np.testing.assert_array_equal(a, b, strict=True)
    assert dropout_backward(A, mask_a.astype(np.float64), 0.5).dtype == np.float32


@pytest.mark.parametrize("shape", [(3, 1), (4, 7), (1, 5)])
@pytest.mark.parametrize("keep_prob", [0.5, 0.8])
def test_dropout_backward_gradient_check_with_a_fixed_mask(shape, keep_prob, rng):
    """Re-seeding the generator on every call holds the mask constant."""
    seed = int(rng.integers(1000))

    def forward(A):
        return dropout_forward(A, keep_prob, rng=np.random.default_rng(seed))

    def backward(dA_drop, mask):
        return dropout_backward(dA_drop, mask, keep_prob)

    A = rng.standard_normal(shape)
    np.testing.assert_array_equal(forward(A)[1], forward(2 * A)[1])  # the same mask
    errors = check_backward(forward, backward, {"A": A}, rng=rng)
    assert errors["A"] < 1e-7


# --- the network with dropout -------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
@pytest.mark.parametrize(
    ("layer_dims", "lambd"), [([3, 4, 3, 1], 0.7), ([4, 5, 1], 0.0), ([3, 4, 3, 2], 0.2)]
)
@pytest.mark.parametrize("m", [1, 7])
def test_network_with_dropout_and_l2_gradient_check(hidden, layer_dims, lambd, m, rng):
    params = random_params(rng, layer_dims)
    X, Y = rng.standard_normal((layer_dims[0], m)), random_labels(rng, (layer_dims[-1], m))
    keep_probs = [0.8, 0.6][: len(layer_dims) - 2]
    seed = int(rng.integers(1000))

    def forward():  # same seed, same masks on every call
        return deep_forward_dropout(
            params, X, keep_probs, rng=np.random.default_rng(seed), hidden_activation=hidden
        )

    def cost():
        AL, caches = forward()
        return l2_cost(AL, Y, params, lambd, ZL=caches[-1][0][1])

    AL, caches = forward()
    if hidden == "relu":
        assert_away_from_kink([cache[1] for cache, _ in caches])
    grads = deep_backward_dropout(AL, Y, caches, keep_probs, hidden_activation=hidden)
    assert grads["dA0"].shape == X.shape
    L = len(layer_dims) - 1
    expected = {f"{k}{l}" for l in range(1, L + 1) for k in ("dW", "db")}
    assert set(grads) == expected | {f"dA{l}" for l in range(L)}
    grads = l2_gradients(grads, params, lambd, m)
    assert check_gradients(cost, params, grads) < 1e-7


def test_dropout_caches_and_dropped_units(rng):
    params = random_params(rng, [3, 50, 40, 1])
    X = rng.standard_normal((3, 20))
    AL, caches = deep_forward_dropout(params, X, [0.5, 0.9], rng=rng)
    assert len(caches) == 3 and caches[-1][1] is None
    (_, Z1), mask1 = caches[0]
    (A1_seen, _, _), _ = caches[1][0]
    np.testing.assert_allclose(A1_seen, np.maximum(Z1, 0) * mask1 / 0.5, rtol=1e-15)
    assert 0.3 < np.mean(mask1) < 0.7 and np.mean(caches[1][1]) > 0.8
    grads = deep_backward_dropout(AL, random_labels(rng, (1, 20)), caches, [0.5, 0.9])
    np.testing.assert_array_equal(grads["dA1"][mask1 == 0], 0.0)  # dropped units get no gradient


@pytest.mark.parametrize("hidden", ["relu", "tanh"])
def test_keep_probs_one_is_the_plain_network(hidden, rng):
    params = random_params(rng, [3, 4, 3, 1])
    X, Y = rng.standard_normal((3, 5)), random_labels(rng, (1, 5))
    AL, caches = deep_forward_dropout(params, X, 1.0, rng=rng, hidden_activation=hidden)
    AL_plain, caches_plain = deep_forward(params, X, hidden)
    np.testing.assert_array_equal(AL, AL_plain, strict=True)
    grads = deep_backward_dropout(AL, Y, caches, [1, 1], hidden_activation=hidden)
    expected = deep_backward(AL_plain, Y, caches_plain, hidden)
    assert set(grads) == set(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-14, atol=1e-16, strict=True)
    assert l2_cost(AL, Y, params, 0.0) == pytest.approx(binary_cross_entropy(AL, Y), rel=1e-14)


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("keep_prob", [0.0, -0.2, 1.5])
def test_keep_prob_must_be_in_zero_one(keep_prob):
    A, rng = np.ones((2, 3)), np.random.default_rng(0)
    with pytest.raises(ValueError, match=rf"keep_prob must be in \(0, 1\], got {keep_prob}"):
        dropout_forward(A, keep_prob, rng=rng)
    with pytest.raises(ValueError, match=rf"keep_prob must be in \(0, 1\], got {keep_prob}"):
        dropout_backward(A, np.ones((2, 3)), keep_prob)
    params = random_params(rng, [2, 3, 1])
    with pytest.raises(ValueError, match=rf"keep_probs\[0\] must be in \(0, 1\], got {keep_prob}"):
        deep_forward_dropout(params, A[:, :2], [keep_prob], rng=rng)


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
    with pytest.raises(ValueError, match="dA and mask must have the same shape"):
        dropout_backward(A, np.ones((3, 2)), 0.5)
    with pytest.raises(ValueError, match="mask must contain only 0 and 1"):
        dropout_backward(A, np.full((2, 3), 2.0), 0.5)
    params = random_params(rng, [2, 3, 3, 1])
    with pytest.raises(ValueError, match="keep_probs must hold one value per hidden layer, 2, got"):
        deep_forward_dropout(params, np.ones((2, 4)), [0.5, 0.5, 0.5], rng=rng)
    AL, caches = deep_forward_dropout(params, np.ones((2, 4)), 0.5, rng=rng)
    with pytest.raises(TypeError, match="caches must be the non-empty list"):
        deep_backward_dropout(AL, np.ones((1, 4)), [], 0.5)
    with pytest.raises(TypeError, match="caches must be the non-empty list"):
        deep_backward_dropout(AL, np.ones((1, 4)), [c for c, _ in caches], 0.5)
    with pytest.raises(ValueError, match="Y must contain only 0 and 1"):
        deep_backward_dropout(AL, np.full((1, 4), 0.5), caches, 0.5)


def test_l2_errors(hand_params):
    grads = {"dW1": np.ones((2, 2)), "db1": np.ones((2, 1)), "db2": np.ones((1, 1))}
    with pytest.raises(ValueError, match=r"grads is missing key\(s\) \['dW2'\]"):
        l2_gradients(grads, hand_params, 0.1, 4)
    grads["dW2"] = np.ones((2, 1))
    with pytest.raises(ValueError, match=r"grads\['dW2'\] must have shape \(1, 2\) to match W2"):
        l2_gradients(grads, hand_params, 0.1, 4)
    with pytest.raises(ValueError, match="lambd must be a finite number"):
        l2_penalty(hand_params, -0.1, 4)
    with pytest.raises(ValueError, match="m must be an integer >= 1, got 0"):
        l2_penalty(hand_params, 0.1, 0)
    with pytest.raises(TypeError, match="m must be an integer, got float"):
        l2_gradients(grads, hand_params, 0.1, 4.0)
    with pytest.raises(ValueError, match=r"AL must have shape \(1, m\) to match W2"):
        l2_cost(np.full((2, 3), 0.5), np.ones((2, 3)), hand_params, 0.1)
    with pytest.raises(ValueError, match="ZL and AL must have the same shape"):
        l2_cost(np.full((1, 3), 0.5), np.ones((1, 3)), hand_params, 0.1, ZL=np.zeros((1, 2)))
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['b2'\]"):
        l2_penalty({"W1": np.ones((2, 2)), "b1": np.ones((2, 1)), "W2": np.ones((1, 2))}, 0.1, 4)
