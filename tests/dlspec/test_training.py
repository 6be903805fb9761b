"""Tests for dlspec.training (mini-batches and the one training loop, fit; Course 2).

fit is checked against a training loop written out here in plain NumPy (forward,
cost, backward, update, as the course derives them), which never calls dlspec.
"""

import functools

import numpy as np
import pytest

from dlspec.data import flatten_images, load_digits_images
from dlspec.losses import one_hot
from dlspec.metrics import accuracy
from dlspec.network import dense_network
from dlspec.optimizers import Adam, GradientDescent, Momentum, RMSprop, inverse_time_decay
from dlspec.planar_data import make_moons
from dlspec.training import fit, random_mini_batches


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
    with pytest.raises(ValueError, match=r"X and Y must hold at least one example .*m = 0"):
        random_mini_batches(np.ones((2, 0)), np.ones((1, 0)), 2, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        random_mini_batches(X, Y, 2, rng=0)


# --- an oracle: the training loop written out in plain NumPy ------------------------------

G = {"relu": lambda z: np.maximum(z, 0.0), "tanh": np.tanh}
G_PRIME = {"relu": lambda z: (z > 0).astype(z.dtype), "tanh": lambda z: 1.0 - np.tanh(z) ** 2}


def hand_step(params, X, Y, hidden, output, lambd, m_total):
    """Cost (with the L2 term of the whole training set) and gradients of one batch."""
    L, m = len(params) // 2, X.shape[1]
    W = [None] + [params[f"W{l}"] for l in range(1, L + 1)]
    b = [None] + [params[f"b{l}"] for l in range(1, L + 1)]
    A, Z = [X], [None]
    for l in range(1, L + 1):
        Z.append(W[l] @ A[l - 1] + b[l])
        A.append(G[hidden](Z[l]) if l < L else None)
    if output == "sigmoid":
        P = 1.0 / (1.0 + np.exp(-Z[L]))
        cost = -np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)) / m
    else:
        E = np.exp(Z[L] - Z[L].max(axis=0))
        P = E / E.sum(axis=0)
        cost = -np.sum(Y * np.log(P)) / m
    cost += lambd / (2 * m_total) * sum(np.sum(W[l] ** 2) for l in range(1, L + 1))
    grads, dZ = {}, P - Y
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ A[l - 1].T / m + lambd / m_total * W[l]
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (W[l].T @ dZ) * G_PRIME[hidden](Z[l - 1])
    return cost, grads


def hand_fit(X, Y, params, rates, *, hidden="relu", output="sigmoid", lambd=0.0,
             batch_size=None, rng=None):
    """Gradient descent with learning rate rates[epoch]; one shuffle of the columns per epoch
    when batch_size is given. Returns the parameters and each epoch's cost (the mean over its
    batches, weighted by their sizes, each before its update)."""
    m, costs = X.shape[1], []
    params = {k: v.copy() for k, v in params.items()}
    for rate in rates:
        if batch_size is None:
            batches = [(X, Y)]
        else:
            order = rng.permutation(m)
            batches = [
                (X[:, order[k : k + batch_size]], Y[:, order[k : k + batch_size]])
                for k in range(0, m, batch_size)
            ]
        total = 0.0
        for X_b, Y_b in batches:
            cost, grads = hand_step(params, X_b, Y_b, hidden, output, lambd, m)
            total += cost * X_b.shape[1] / m
            params = {k: v - rate * grads["d" + k] for k, v in params.items()}
        costs.append(total)
    return params, costs


def assert_same_params(got, expected, rtol=1e-10):
    assert list(got) == list(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(got[key], value, rtol=rtol, atol=1e-13, strict=True)


@pytest.fixture(scope="module")
def moons():
    return make_moons(200, rng=np.random.default_rng(3), noise=0.1)


@pytest.fixture
def small_problem(rng):
    """Twelve examples in 3-D, 0/1 labels in one row and integer labels for 3 classes."""
    X = rng.standard_normal((3, 12))
    return X, (rng.random((1, 12)) < 0.5).astype(np.float64), rng.integers(0, 3, size=12)


# --- fit against the hand-written loop ----------------------------------------------------


@pytest.mark.parametrize("hidden", ["relu", "tanh"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_full_batch_gradient_descent_is_the_hand_written_loop(hidden, output, lambd,
                                                              small_problem):
    X, Y, labels = small_problem
    n_y = 1 if output == "sigmoid" else 3
    if output == "softmax":
        Y = one_hot(labels, 3)
    net = dense_network([3, 5, 4, n_y], hidden=hidden, output=output)
    start = net.initialize(rng=np.random.default_rng(1), method="xavier")
    params, costs = fit(net, X, Y, rng=np.random.default_rng(0), optimizer=GradientDescent(0.5),
                        num_epochs=6, lambd=lambd, params=start)
    expected, expected_costs = hand_fit(X, Y, start, [0.5] * 6, hidden=hidden, output=output,
                                        lambd=lambd)
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12)
    assert_same_params(params, expected)


def test_mini_batch_epochs_are_the_hand_written_loop(small_problem):
    """One shuffle per epoch; the epoch's cost weighs each batch by its size; L2 uses all m."""
    X, Y, _ = small_problem
    net = dense_network([3, 4, 1], hidden="tanh")
    start = net.initialize(rng=np.random.default_rng(1), method="he")
    params, costs = fit(net, X, Y, rng=np.random.default_rng(9), optimizer=GradientDescent(0.3),
                        num_epochs=4, batch_size=5, lambd=0.2, params=start)
    expected, expected_costs = hand_fit(X, Y, start, [0.3] * 4, hidden="tanh", lambd=0.2,
                                        batch_size=5, rng=np.random.default_rng(9))
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12)
    assert_same_params(params, expected)


def test_one_batch_of_all_examples_is_batch_gradient_descent(moons):
    """The full-batch gradient does not depend on the order of the examples."""
    X, Y = moons
    net = dense_network([2, 5, 1])
    runs = [
        fit(net, X, Y, rng=np.random.default_rng(2), optimizer=GradientDescent(0.5),
            num_epochs=10, batch_size=batch_size)
        for batch_size in (None, 200, 1000)
    ]
    for params, costs in runs[1:]:
        np.testing.assert_allclose(costs, runs[0][1], rtol=1e-12)
        assert_same_params(params, runs[0][0])


def test_l2_adds_lambd_over_m_times_W_to_the_gradient(moons):
    X, Y = moons
    m, lr, lambd = X.shape[1], 0.4, 3.0
    net = dense_network([2, 4, 1])
    start = net.initialize(rng=np.random.default_rng(0))

    def one_step(lambd):
        return fit(net, X, Y, rng=np.random.default_rng(0), optimizer=GradientDescent(lr),
                   num_epochs=1, lambd=lambd, params=start)

    (plain, plain_costs), (decayed, decayed_costs) = one_step(0.0), one_step(lambd)
    for key in start:
        if key.startswith("W"):  # W - lr (dW + lambd/m W): an extra step of -lr lambd/m W
            shift = -lr * lambd / m * start[key]
            np.testing.assert_allclose(decayed[key] - plain[key], shift, rtol=1e-9, atol=1e-16)
        else:  # the biases are not decayed
            np.testing.assert_array_equal(decayed[key], plain[key], strict=True)
    penalty = lambd / (2 * m) * sum(np.sum(start[k] ** 2) for k in ("W1", "W2"))
    assert decayed_costs[0] - plain_costs[0] == pytest.approx(penalty, rel=1e-10)


def test_fit_starts_from_init_and_leaves_params_alone(moons):
    X, Y = moons
    net = dense_network([2, 3, 1])
    params, costs = fit(net, X, Y, rng=np.random.default_rng(4), optimizer=GradientDescent(0.1),
                        num_epochs=0, init="xavier")
    assert costs == []
    assert_same_params(params, net.initialize(rng=np.random.default_rng(4), method="xavier"), 0)
    start = {k: v.copy() for k, v in params.items()}
    trained, _ = fit(net, X, Y, rng=np.random.default_rng(4), optimizer=GradientDescent(0.1),
                     num_epochs=3, params=params)
    assert_same_params(params, start, 0)  # the given params are not changed
    assert not np.array_equal(trained["W1"], start["W1"])


# --- what fit records ---------------------------------------------------------------------


@pytest.mark.parametrize(("num_epochs", "record_every"), [(7, 3), (6, 3), (5, 1), (1, 10)])
def test_costs_k_is_the_cost_before_update_k_times_record_every(num_epochs, record_every, moons):
    X, Y = moons
    net = dense_network([2, 3, 1])

    def run(epochs, record_every=record_every):
        return fit(net, X, Y, rng=np.random.default_rng(5), optimizer=GradientDescent(0.5),
                   num_epochs=epochs, record_every=record_every)

    _, costs = run(num_epochs)
    assert len(costs) == -(-num_epochs // record_every)  # ceil
    for k, cost in enumerate(costs):
        after, _ = run(k * record_every)  # the parameters after k * record_every updates
        assert cost == pytest.approx(net.cost(X, after, Y), rel=1e-12)
    _, every = run(num_epochs, record_every=1)
    np.testing.assert_allclose(costs, every[::record_every], rtol=1e-15)


def test_fit_is_deterministic_and_seed_dependent(moons):
    X, Y = moons
    net = dense_network([2, 6, 1], keep_prob=0.8)

    def run(seed):
        return fit(net, X, Y, rng=np.random.default_rng(seed), optimizer=Adam(0.01),
                   num_epochs=5, batch_size=32, record_every=2)

    (p1, c1), (p2, c2), (p3, _) = run(7), run(7), run(8)
    assert_same_params(p1, p2, 0)
    assert c1 == c2 and not np.array_equal(p1["W1"], p3["W1"])


# --- learning --------------------------------------------------------------------------------


def test_costs_decrease_on_a_separable_problem():
    rng = np.random.default_rng(0)
    Y = (rng.random((1, 100)) < 0.5).astype(np.float64)
    X = rng.standard_normal((2, 100)) + 3.0 * (2 * Y - 1)  # two blobs 6 apart
    net = dense_network([2, 4, 1])
    params, costs = fit(net, X, Y, rng=rng, optimizer=GradientDescent(0.5), num_epochs=100,
                        record_every=10)
    assert all(a > b for a, b in zip(costs, costs[1:]))
    assert costs[-1] < 0.1 * costs[0]
    assert accuracy(net.predict(X, params), Y) == 1.0


def test_adam_with_mini_batches_learns_the_moons(moons):
    X, Y = moons
    net = dense_network([2, 8, 4, 1])
    params, costs = fit(net, X, Y, rng=np.random.default_rng(0), optimizer=Adam(0.01),
                        batch_size=32, num_epochs=60, record_every=10)
    assert len(costs) == 6
    assert costs[-1] < 0.5 * costs[0]
    assert net.cost(X, params, Y) < 0.2
    assert accuracy(net.predict(X, params), Y) > 0.9


def test_xavier_start_trains_where_small_random_weights_stall():
    """Course 1, Week 4: with 0.01 weights a 4-layer ReLU network barely moves."""
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((10, 50)), (rng.random((1, 50)) < 0.5).astype(np.float64)
    net = dense_network([10, 20, 20, 20, 1])
    final = {}
    for init in ("xavier", "random"):
        params, _ = fit(net, X, Y, rng=np.random.default_rng(1), optimizer=GradientDescent(0.1),
                        num_epochs=200, init=init)
        final[init] = net.cost(X, params, Y)
    assert final["xavier"] < 0.3 < 0.68 < final["random"]


@pytest.mark.parametrize(
    "config",
    [{"keep_prob": [0.8, 0.6]}, {"batch_norm": True}, {"batch_norm": True, "keep_prob": 0.9}],
)
def test_dropout_and_batch_norm_train(config, moons):
    X, Y = moons
    net = dense_network([2, 10, 5, 1], **config)

    def run(seed):
        return fit(net, X, Y, rng=np.random.default_rng(seed), optimizer=Adam(0.01),
                   batch_size=50, num_epochs=80, record_every=10)

    params, costs = run(4)
    assert all(np.isfinite(costs)) and costs[-1] < 0.6 * costs[0]
    assert accuracy(net.predict(X, params), Y) > 0.85  # test time: no dropout, running statistics
    again, _ = run(4)
    assert_same_params(again, params, 0)  # masks and shuffles come from rng only


def test_schedule_sets_the_learning_rate_per_epoch(small_problem):
    X, Y, _ = small_problem
    rates, seen = [0.5, 0.2, 0.1, 0.05], []

    def schedule(epoch):
        seen.append(epoch)
        return rates[epoch]

    net = dense_network([3, 4, 1], hidden="tanh")
    start = net.initialize(rng=np.random.default_rng(0))
    opt = GradientDescent(99.0)  # replaced before the first step
    params, costs = fit(net, X, Y, rng=np.random.default_rng(0), optimizer=opt, num_epochs=4,
                        schedule=schedule, params=start)
    assert seen == [0, 1, 2, 3] and opt.learning_rate == 0.05
    expected, expected_costs = hand_fit(X, Y, start, rates, hidden="tanh")
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12)
    assert_same_params(params, expected)


def test_optimizer_is_reset_first_and_keeps_its_state(moons):
    X, Y = moons
    net, opt = dense_network([2, 3, 1]), Momentum(0.1)

    def run():
        return fit(net, X, Y, rng=np.random.default_rng(0), optimizer=opt, num_epochs=4,
                   schedule=functools.partial(inverse_time_decay, 0.1, 1.0))

    first, _ = run()
    assert opt.learning_rate == pytest.approx(0.1 / 4)  # set by the schedule at epoch 3
    assert set(opt.v) == {"W1", "b1", "W2", "b2"}
    second, _ = run()  # the state of the first run is forgotten
    assert_same_params(second, first, 0)


# --- labels -------------------------------------------------------------------------------


def test_integer_labels_are_one_hot_encoded_for_softmax(small_problem):
    X, _, labels = small_problem
    net = dense_network([3, 4, 3], output="softmax")
    runs = [
        fit(net, X, Y, rng=np.random.default_rng(3), optimizer=GradientDescent(0.3),
            num_epochs=5)
        for Y in (labels, labels.reshape(1, -1), labels.astype(np.uint8), one_hot(labels, 3))
    ]
    for params, costs in runs[1:]:
        assert costs == runs[0][1]
        assert_same_params(params, runs[0][0], 0)
    with pytest.raises(ValueError, match=r"labels must be in 0..2, found \[3\]"):
        fit(net, X, np.array([0, 1, 2, 3] * 3), rng=np.random.default_rng(0),
            optimizer=GradientDescent(0.1), num_epochs=1)


def test_digits_ten_classes_above_90_percent():
    images, labels = load_digits_images(rng=np.random.default_rng(0))
    X = flatten_images(images)
    X_train, y_train, X_test, y_test = X[:, :1350], labels[:1350], X[:, 1350:], labels[1350:]
    net = dense_network([64, 32, 10], output="softmax")
    params, costs = fit(net, X_train, y_train, rng=np.random.default_rng(0),
                        optimizer=GradientDescent(1.0), num_epochs=200, record_every=50,
                        init="xavier")
    assert len(costs) == 4 and costs[-1] < costs[1] < costs[0]
    predictions = net.predict(X_test, params)
    assert predictions.shape == (1, y_test.size) and predictions.dtype == np.int64
    assert accuracy(predictions, y_test.reshape(1, -1)) > 0.90


def test_float32_training_stays_float32(moons):
    X, Y = moons
    for config in ({"keep_prob": 0.9}, {"batch_norm": True, "dtype": np.float32}):
        net = dense_network([2, 4, 1], **config)
        params, costs = fit(net, X.astype(np.float32), Y, rng=np.random.default_rng(0),
                            optimizer=RMSprop(0.01), num_epochs=3, batch_size=64, lambd=0.1)
        assert all(v.dtype == np.float32 for v in params.values())
        assert len(costs) == 3 and all(isinstance(c, float) and np.isfinite(c) for c in costs)


# --- errors -------------------------------------------------------------------------------


def test_an_optimizer_class_is_refused_by_name(moons):
    X, Y = moons
    net, rng = dense_network([2, 3, 1]), np.random.default_rng(0)
    with pytest.raises(TypeError, match=r"optimizer must be an instance such as Adam\(0.01\), "
                                        r"got the class Adam itself"):
        fit(net, X, Y, rng=rng, optimizer=Adam, num_epochs=1)
    with pytest.raises(TypeError, match="optimizer must be a dlspec.optimizers object"):
        fit(net, X, Y, rng=rng, optimizer=0.01, num_epochs=1)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_data_is_refused_by_name(bad, moons):
    X, Y = moons
    net, rng = dense_network([2, 3, 1]), np.random.default_rng(0)
    X_bad, Y_bad = X.copy(), Y.copy()
    X_bad[1, 17], Y_bad[0, 5] = bad, bad
    found = "NaN" if np.isnan(bad) else "infinity"
    with pytest.raises(ValueError, match=f"X must contain only finite numbers, found {found}"):
        fit(net, X_bad, Y, rng=rng, optimizer=Adam(0.1), num_epochs=1)
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[(nan|inf)\]"):
        fit(net, X, Y_bad, rng=rng, optimizer=Adam(0.1), num_epochs=1)


def test_no_examples_is_refused(moons):
    net, rng = dense_network([2, 3, 1]), np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"X must hold at least one example \(column\), got m = 0"):
        fit(net, np.ones((2, 0)), np.ones((1, 0)), rng=rng, optimizer=Adam(0.1), num_epochs=1)


def test_divergence_stops_training_by_name(moons):
    """A far too large learning rate makes the weights overflow; fit says so, with no warning."""
    X, Y = moons  # pytest turns warnings into errors: a NumPy overflow warning would fail here
    with pytest.raises(ValueError, match=r"^training diverged in epoch \d+ \(overflow"):
        fit(dense_network([2, 5, 1]), X, Y, rng=np.random.default_rng(0),
            optimizer=GradientDescent(1e300), num_epochs=50)


def test_fit_errors(moons):
    X, Y = moons
    net, rng = dense_network([2, 3, 1]), np.random.default_rng(0)

    def run(**changes):
        kwargs = {"net": net, "X": X, "Y": Y, "rng": rng, "optimizer": Adam(0.1),
                  "num_epochs": 1, **changes}
        return fit(kwargs.pop("net"), kwargs.pop("X"), kwargs.pop("Y"), **kwargs)

    with pytest.raises(TypeError, match="net must be a dlspec.network.Network, got list"):
        run(net=[2, 3, 1])
    with pytest.raises(ValueError, match=r"X must have shape \(3, m\), got \(2, 200\)"):
        run(net=dense_network([3, 3, 1]))
    with pytest.raises(ValueError, match=r"Y must have shape \(2, m\) for a network with 2 output"):
        run(net=dense_network([2, 3, 2]))
    with pytest.raises(ValueError, match="X and Y must have the same number of examples"):
        run(Y=Y[:, :5])
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[2.0\]"):
        run(Y=2 * Y)
    with pytest.raises(ValueError, match="Y must be one-hot: exactly one 1 per column"):
        run(net=dense_network([2, 3, 2], output="softmax"), Y=np.vstack([Y, Y]))
    with pytest.raises(TypeError, match="schedule must be a function of the epoch"):
        run(schedule=0.1)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 0"):
        run(batch_size=0)
    with pytest.raises(ValueError, match="lambd must be a finite number"):
        run(lambd=-1.0)
    with pytest.raises(ValueError, match="num_epochs must be an integer >= 0, got -1"):
        run(num_epochs=-1)
    with pytest.raises(ValueError, match="record_every must be an integer >= 1, got 0"):
        run(record_every=0)
    with pytest.raises(ValueError, match="init must be one of 'zeros', 'random', 'xavier', 'he'"):
        run(init="scaled")
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        run(rng=0)
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['b2'\]"):
        run(params={"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3))})


def test_recorded_cost_of_image_batches_weighs_each_batch_by_its_examples():
    """With images (examples on axis 0), the epoch's cost is still the mean over examples."""
    from dlspec.layers import flatten_block, linear_block
    from dlspec.network import Network

    net = Network([flatten_block(), linear_block(4, 2, 1)], output="softmax")
    zero = {"W1": np.zeros((2, 4)), "b1": np.zeros((2, 1))}  # 1/2, 1/2; a tiny step keeps it so
    _, costs = fit(net, np.zeros((10, 2, 2, 1)), np.arange(10) % 2, rng=np.random.default_rng(0),
                   optimizer=GradientDescent(1e-9), num_epochs=1, batch_size=4, params=zero)
    assert costs[0] == pytest.approx(np.log(2))
