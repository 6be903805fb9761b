"""Tests for dlspec.minibatch (mini-batches and the Course 2 training loop)."""

import functools

import numpy as np
import pytest

from dlspec.deep_network import deep_cost, fit_deep_network, predict_deep
from dlspec.metrics import accuracy
from dlspec.minibatch import fit_network, random_mini_batches
from dlspec.optimizers import Adam, GradientDescent, Momentum, inverse_time_decay
from dlspec.planar_data import make_moons


def labelled_examples(m):
    """Example j has X[:, j] = (j, 10 j) and Y[:, j] = j + 0.5, so pairs can be traced."""
    ids = np.arange(m, dtype=np.float64)
    return np.vstack([ids, 10 * ids]), (ids + 0.5).reshape(1, m)


# --- random_mini_batches -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("m", "batch_size", "sizes"),
    [(148, 64, [64, 64, 20]), (128, 64, [64, 64]), (5, 64, [5]), (3, 1, [1, 1, 1]), (7, 7, [7])],
)
def test_batch_sizes(m, batch_size, sizes, rng):
    X, Y = labelled_examples(m)
    batches = random_mini_batches(X, Y, batch_size, rng=rng)
    assert [X_b.shape for X_b, _ in batches] == [(2, s) for s in sizes]
    assert [Y_b.shape for _, Y_b in batches] == [(1, s) for s in sizes]


def test_every_example_appears_once_with_its_own_label(rng):
    X, Y = labelled_examples(150)
    batches = random_mini_batches(X, Y, 32, rng=rng)
    ids = np.concatenate([X_b[0] for X_b, _ in batches])
    np.testing.assert_array_equal(np.sort(ids), np.arange(150.0))
    assert not np.array_equal(ids, np.arange(150.0))  # shuffled (1 in 150! to fail)
    for X_b, Y_b in batches:
        np.testing.assert_array_equal(X_b[1], 10 * X_b[0])
        np.testing.assert_array_equal(Y_b[0], X_b[0] + 0.5)


def test_deterministic_per_seed_and_new_order_per_call():
    X, Y = labelled_examples(40)
    a = random_mini_batches(X, Y, 16, rng=np.random.default_rng(5))
    b = random_mini_batches(X, Y, 16, rng=np.random.default_rng(5))
    for (Xa, Ya), (Xb, Yb) in zip(a, b, strict=True):
        np.testing.assert_array_equal(Xa, Xb, strict=True)
        np.testing.assert_array_equal(Ya, Yb, strict=True)
    rng = np.random.default_rng(5)
    first, second = (random_mini_batches(X, Y, 40, rng=rng)[0][0] for _ in range(2))
    assert not np.array_equal(first, second)  # each epoch gets its own shuffle


def test_dtypes_and_inputs_are_kept(rng):
    X, Y = labelled_examples(10)
    X32, X_before = X.astype(np.float32), X.copy()
    ((X_b, Y_b),) = random_mini_batches(X32, Y.astype(int), 64, rng=rng)
    assert X_b.dtype == np.float32 and Y_b.dtype == np.float64
    random_mini_batches(X, Y, 3, rng=rng)
    np.testing.assert_array_equal(X, X_before)


def test_random_mini_batches_errors():
    X, Y = labelled_examples(6)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 0"):
        random_mini_batches(X, Y, 0, rng=rng)
    with pytest.raises(TypeError, match="batch_size must be an integer, got float"):
        random_mini_batches(X, Y, 2.0, rng=rng)
    with pytest.raises(TypeError, match="batch_size must be an integer, got bool"):
        random_mini_batches(X, Y, True, rng=rng)
    with pytest.raises(ValueError, match="X and Y must have the same number of examples"):
        random_mini_batches(X, Y[:, :5], 2, rng=rng)
    with pytest.raises(ValueError, match=r"Y must have shape \(n_y, m\), got \(6,\)"):
        random_mini_batches(X, Y[0], 2, rng=rng)
    with pytest.raises(ValueError, match="at least one example, got m = 0"):
        random_mini_batches(np.ones((2, 0)), np.ones((1, 0)), 2, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        random_mini_batches(X, Y, 2, rng=0)


# --- fit_network -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def moons():
    return make_moons(200, rng=np.random.default_rng(3), noise=0.1)


def test_full_batch_gradient_descent_is_fit_deep_network(moons):
    """batch_size=None + GradientDescent + Xavier start = Course 1's loop ("scaled" init)."""
    X, Y = moons
    rng = np.random.default_rng(1)
    expected, expected_costs = fit_deep_network(
        X, Y, [2, 5, 1], rng=rng, learning_rate=0.5, num_iterations=40, record_every=10
    )
    opt, rng = GradientDescent(0.5), np.random.default_rng(1)
    params, costs = fit_network(
        X,
        Y,
        [2, 5, 1],
        rng=rng,
        optimizer=opt,
        batch_size=None,
        num_epochs=40,
        record_every=10,
        init_method="xavier",
    )
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12)
    for key in expected:
        np.testing.assert_allclose(params[key], expected[key], rtol=1e-10, atol=1e-14)


def test_adam_with_mini_batches_learns_the_moons(moons):
    X, Y = moons
    params, costs = fit_network(
        X,
        Y,
        [2, 8, 4, 1],
        rng=np.random.default_rng(0),
        optimizer=Adam(0.01),
        batch_size=32,
        num_epochs=60,
        record_every=10,
    )
    assert len(costs) == 6
    assert costs[-1] < 0.5 * costs[0]
    assert deep_cost(params, X, Y) < 0.2
    assert accuracy(predict_deep(params, X), Y) > 0.9


def test_schedule_sets_the_learning_rate_each_epoch(moons):
    X, Y = moons
    seen = []

    def schedule(epoch):
        seen.append(epoch)
        return inverse_time_decay(0.1, 1.0, epoch)

    opt, rng = Momentum(0.1), np.random.default_rng(0)
    fit_network(X, Y, [2, 3, 1], rng=rng, optimizer=opt, num_epochs=4, schedule=schedule)
    assert seen == [0, 1, 2, 3]
    assert opt.learning_rate == pytest.approx(0.1 / 4)
    assert set(opt.v) == {"W1", "b1", "W2", "b2"}
    schedule = functools.partial(inverse_time_decay, 0.1, 1.0)
    fit_network(X, Y, [2, 3, 1], rng=rng, optimizer=opt, num_epochs=1, schedule=schedule)
    assert opt.learning_rate == 0.1


def test_regularisation_options(moons):
    X, Y = moons
    common = {"optimizer": GradientDescent(0.3), "batch_size": None, "num_epochs": 150}

    def weight_norm(lambd, keep_prob=1.0, seed=0):
        rng = np.random.default_rng(seed)
        params, costs = fit_network(
            X, Y, [2, 10, 5, 1], rng=rng, lambd=lambd, keep_prob=keep_prob, **common
        )
        assert all(np.isfinite(costs))
        return sum(np.sum(params[f"W{l}"] ** 2) for l in (1, 2, 3)), params

    plain, _ = weight_norm(0.0)
    decayed, _ = weight_norm(5.0)
    assert decayed < 0.7 * plain  # L2 shrinks the weights
    _, a = weight_norm(0.0, keep_prob=[0.8, 0.6], seed=4)
    _, b = weight_norm(0.0, keep_prob=[0.8, 0.6], seed=4)
    np.testing.assert_array_equal(a["W1"], b["W1"])  # dropout masks come from rng only
    assert accuracy(predict_deep(a, X), Y) > 0.8


def test_float32_training_stays_float32(moons):
    X, Y = moons
    params, costs = fit_network(
        X.astype(np.float32),
        Y,
        [2, 4, 1],
        rng=np.random.default_rng(0),
        optimizer=Adam(0.01),
        num_epochs=3,
        lambd=0.1,
        keep_prob=0.9,
    )
    assert all(v.dtype == np.float32 for v in params.values())
    assert len(costs) == 1 and np.isfinite(costs[0])


def test_fit_network_errors(moons):
    X, Y = moons
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="optimizer must be a dlspec.optimizers object"):
        fit_network(X, Y, [2, 3, 1], rng=rng, optimizer=0.01)
    with pytest.raises(TypeError, match="schedule must be a function of the epoch"):
        fit_network(X, Y, [2, 3, 1], rng=rng, optimizer=Adam(0.1), schedule=0.1)
    with pytest.raises(ValueError, match=r"layer_dims\[0\] must equal the rows of X, 2, got 3"):
        fit_network(X, Y, [3, 3, 1], rng=rng, optimizer=Adam(0.1))
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        fit_network(X, Y, [2, 3, 1], rng=rng, optimizer=Adam(0.1), batch_size=0)
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\], got 0.0"):
        fit_network(X, Y, [2, 3, 1], rng=rng, optimizer=Adam(0.1), keep_prob=0.0)
    with pytest.raises(ValueError, match="lambd must be a finite number"):
        fit_network(X, Y, [2, 3, 1], rng=rng, optimizer=Adam(0.1), lambd=-1.0)
    with pytest.raises(ValueError, match="Y must contain only 0 and 1"):
        fit_network(X, 2 * Y, [2, 3, 1], rng=rng, optimizer=Adam(0.1))
