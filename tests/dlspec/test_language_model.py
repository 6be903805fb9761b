"""Tests for dlspec.language_model: output layer, sequence cost, clipping, sampling (Course 5, Week 1).

Oracles: a loop over the steps of a dense layer written here, costs worked by hand,
centred differences, the properties of clipping (bounds, norms, directions), the argmax
for a vanishing temperature and, for temperature 1, the softmax's own probabilities
against the frequencies of many draws (a chi-square bound, with fixed seeds), and a
model built by hand whose most likely next character is known.
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward, numerical_gradient, relative_error
from dlspec.gru import GRU_PARAMS
from dlspec.language_model import (
    clip_by_global_norm,
    clip_gradients,
    rnn_output_backward,
    rnn_output_forward,
    sample_sequence,
    sample_with_temperature,
    sequence_softmax_cross_entropy,
    sequence_softmax_cross_entropy_backward,
)
from dlspec.lstm import LSTM_PARAMS
from dlspec.recurrent import rnn_backward, rnn_forward


def random_output(rng, n_y=4, n_a=3, m=2, T=5):
    return rng.standard_normal((n_a, m, T)), {"Wya": rng.standard_normal((n_y, n_a)),
                                               "by": rng.standard_normal((n_y, 1))}


def one_hot_targets(rng, n_y, m, T):
    return np.eye(n_y)[:, rng.integers(0, n_y, size=(m, T))]  # (n_y, m, T)


# --- the output layer ---------------------------------------------------------------------------


def test_output_layer_is_a_dense_layer_at_every_step(rng):
    a, params = random_output(rng)
    y, _ = rnn_output_forward(a, params)
    assert y.shape == (4, 2, 5)
    for t in range(5):
        np.testing.assert_allclose(y[:, :, t], params["Wya"] @ a[:, :, t] + params["by"], rtol=1e-13)


@pytest.mark.parametrize(("n_y", "n_a", "m", "T"), [(4, 3, 2, 5), (1, 2, 1, 1), (3, 5, 1, 4)])
def test_output_layer_gradient_check(n_y, n_a, m, T, rng):
    a, params = random_output(rng, n_y, n_a, m, T)
    errors = check_backward(rnn_output_forward, rnn_output_backward, a, params, rng=rng)
    assert max(errors.values()) < 1e-7, errors


def test_other_keys_are_ignored_and_float32_kept(rng):
    a, params = random_output(rng)
    y, cache = rnn_output_forward(a.astype(np.float32), {**{k: v.astype(np.float32) for k, v in params.items()},
                                                         "Waa": np.eye(3)})
    assert y.dtype == np.float32
    da, grads = rnn_output_backward(np.ones(y.shape, np.float32), cache)
    assert da.dtype == np.float32 and set(grads) == {"dWya", "dby"}
    assert all(g.dtype == np.float32 for g in grads.values())


# --- the cost -------------------------------------------------------------------------------------


def test_sequence_cost_by_hand():
    # Two classes, logits 0 and 0 at every step: each step costs log 2; T = 3 steps, summed.
    y = np.zeros((2, 4, 3))
    Y = np.zeros((2, 4, 3))
    Y[0] = 1.0
    assert sequence_softmax_cross_entropy(y, Y) == pytest.approx(3 * math.log(2), rel=1e-15)
    # A sure step (logit margin 1000) costs ~0; a wrong sure step costs 1000.
    y = np.array([[[1000.0, 0.0]], [[0.0, 1000.0]]])  # (2, 1, 2)
    Y = np.array([[[1.0, 1.0]], [[0.0, 0.0]]])
    assert sequence_softmax_cross_entropy(y, Y) == pytest.approx(1000.0, rel=1e-12)
    np.testing.assert_allclose(sequence_softmax_cross_entropy_backward(y, Y), [[[0.0, -1.0]], [[0.0, 1.0]]])


def test_sequence_cost_is_the_mean_over_examples_of_the_sum_over_steps(rng):
    y = rng.standard_normal((5, 3, 4))
    Y = one_hot_targets(rng, 5, 3, 4)
    log_p = y - np.log(np.sum(np.exp(y), axis=0))
    expected = -np.sum(Y * log_p) / 3
    assert sequence_softmax_cross_entropy(y, Y) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize(("n_y", "m", "T"), [(5, 3, 4), (2, 1, 1), (3, 1, 6)])
def test_sequence_cost_backward_is_the_derivative_per_example(n_y, m, T, rng):
    y = rng.standard_normal((n_y, m, T))
    Y = one_hot_targets(rng, n_y, m, T)
    dy = sequence_softmax_cross_entropy_backward(y, Y)
    numeric = numerical_gradient(lambda: sequence_softmax_cross_entropy(y, Y), y)
    assert relative_error(dy, m * numeric) < 1e-7


def test_a_whole_language_model_step_is_gradient_checked(rng):
    # rnn_forward -> rnn_output_forward -> cost, and back: the pieces fit together.
    n_x, n_a, m, T = 4, 3, 2, 5
    x = one_hot_targets(rng, n_x, m, T)
    Y = np.concatenate([x[:, :, 1:], one_hot_targets(rng, n_x, m, 1)], axis=2)  # the next character
    a0 = np.zeros((n_a, m))
    params = {"Waa": 0.5 * rng.standard_normal((n_a, n_a)), "Wax": rng.standard_normal((n_a, n_x)),
              "ba": rng.standard_normal((n_a, 1)), "Wya": rng.standard_normal((n_x, n_a)),
              "by": rng.standard_normal((n_x, 1))}

    def cost():
        a, _ = rnn_forward(x, a0, params)
        return sequence_softmax_cross_entropy(rnn_output_forward(a, params)[0], Y)

    a, rnn_cache = rnn_forward(x, a0, params)
    y, out_cache = rnn_output_forward(a, params)
    da, grads = rnn_output_backward(sequence_softmax_cross_entropy_backward(y, Y), out_cache)
    _, _, rnn_grads = rnn_backward(da, rnn_cache)
    grads.update(rnn_grads)
    for name, value in params.items():
        assert relative_error(grads[f"d{name}"], numerical_gradient(cost, value)) < 1e-7, name


# --- clipping -------------------------------------------------------------------------------------


def test_clip_gradients_by_hand():
    grads = {"dWaa": np.array([[12.0, -0.5], [-7.0, 5.0]]), "dba": np.array([[-5.5], [3.0]])}
    clipped = clip_gradients(grads, 5.0)
    np.testing.assert_array_equal(clipped["dWaa"], [[5.0, -0.5], [-5.0, 5.0]], strict=True)
    np.testing.assert_array_equal(clipped["dba"], [[-5.0], [3.0]], strict=True)
    assert list(clipped) == ["dWaa", "dba"]
    assert grads["dWaa"][0, 0] == 12.0  # the caller's dict is not changed


def test_clip_gradients_properties(rng):
    grads = {"dW": 10 * rng.standard_normal((4, 3)), "db": 10 * rng.standard_normal((4, 1)).astype(np.float32)}
    clipped = clip_gradients(grads, 2.5)
    for key, g in grads.items():
        c = clipped[key]
        assert c.dtype == g.dtype and c.shape == g.shape and c is not g
        assert np.all(np.abs(c) <= 2.5)
        inside = np.abs(g) <= 2.5
        np.testing.assert_array_equal(c[inside], g[inside])  # small entries untouched
        np.testing.assert_array_equal(c[~inside], 2.5 * np.sign(g[~inside]))


def test_clip_by_global_norm_by_hand():
    grads = {"a": np.array([[3.0]]), "b": np.array([[0.0, 4.0]])}  # joint norm 5
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == 5.0
    np.testing.assert_allclose(clipped["a"], [[0.6]], rtol=1e-15)
    np.testing.assert_allclose(clipped["b"], [[0.0, 0.8]], rtol=1e-15)
    same, norm = clip_by_global_norm(grads, 5.0)  # at the limit: unchanged
    assert norm == 5.0 and np.array_equal(same["a"], grads["a"]) and same["a"] is not grads["a"]


def test_clip_by_global_norm_properties(rng):
    grads = {"dW": 3 * rng.standard_normal((5, 4)), "db": 3 * rng.standard_normal((5, 1)).astype(np.float32)}
    total = math.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads.values()))
    clipped, norm = clip_by_global_norm(grads, total / 3)
    assert norm == pytest.approx(total, rel=1e-12)
    new_norm = math.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in clipped.values()))
    assert new_norm == pytest.approx(total / 3, rel=1e-6)
    for key, g in grads.items():  # one common factor: the direction is kept
        assert clipped[key].dtype == g.dtype
        np.testing.assert_allclose(clipped[key], g / 3, rtol=1e-6)
    zero, norm = clip_by_global_norm({"d": np.zeros((2, 2))}, 1.0)
    assert norm == 0.0 and not np.any(zero["d"])


@pytest.mark.parametrize("clip", [lambda g: clip_gradients(g, 1.0), lambda g: clip_by_global_norm(g, 1.0)],
                         ids=["element-wise", "global norm"])
def test_clipping_refuses_nan(clip):
    with pytest.raises(ValueError, match=r"^grads\['dW'\] must contain only finite numbers, found NaN"):
        clip({"dW": np.array([[1.0, np.nan]])})


# --- sampling -------------------------------------------------------------------------------------


def test_temperature_zero_and_tiny_temperatures_give_the_argmax(rng):
    logits = rng.standard_normal((6, 50))
    expected = np.argmax(logits, axis=0)
    got = sample_with_temperature(logits, 0.0, rng=rng)
    assert got.dtype == np.int64 and got.shape == (50,)
    np.testing.assert_array_equal(got, expected)
    gaps = np.sort(logits, axis=0)[-1] - np.sort(logits, axis=0)[-2]
    tau = float(np.min(gaps)) / 60  # the runner-up has probability < e^-60 in every column
    np.testing.assert_array_equal(sample_with_temperature(logits, tau, rng=rng), expected)
    np.testing.assert_array_equal(sample_with_temperature(logits, 1e-300, rng=rng), expected)  # no overflow


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_temperature_one_follows_the_softmax(seed):
    # 20,000 draws from one set of logits: the counts against the softmax probabilities.
    logits = np.array([[2.0], [1.0], [0.0], [-1.0], [0.5]])
    p = np.exp(logits[:, 0]) / np.sum(np.exp(logits[:, 0]))
    draws = sample_with_temperature(np.repeat(logits, 20_000, axis=1), 1.0, rng=np.random.default_rng(seed))
    counts = np.bincount(draws, minlength=5)
    chi2 = float(np.sum((counts - 20_000 * p) ** 2 / (20_000 * p)))
    assert chi2 < 20.5  # the 0.9996 quantile of chi-square with 4 degrees of freedom
    np.testing.assert_allclose(counts / 20_000, p, atol=0.012)


def test_high_temperatures_flatten_and_low_ones_sharpen(rng):
    logits = np.repeat(np.array([[2.0], [0.0], [-2.0]]), 20_000, axis=1)
    share_of_top = [np.mean(sample_with_temperature(logits, tau, rng=rng) == 0) for tau in (0.5, 1.0, 5.0, 1e6)]
    assert share_of_top[0] > share_of_top[1] > share_of_top[2] > share_of_top[3]
    assert share_of_top[3] == pytest.approx(1 / 3, abs=0.015)  # almost uniform


def test_impossible_classes_are_never_drawn(rng):
    logits = np.array([[-1000.0], [0.0], [-1000.0], [0.0], [-1000.0]]).repeat(5000, axis=1)
    draws = sample_with_temperature(logits, 1.0, rng=rng)
    assert set(np.unique(draws)) == {1, 3}


def test_the_same_seed_draws_the_same_samples():
    logits = np.random.default_rng(3).standard_normal((7, 20))
    first = sample_with_temperature(logits, 0.8, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(sample_with_temperature(logits, 0.8, rng=np.random.default_rng(11)), first)


def cycling_rnn(n):
    """An RNN whose most likely next character after character k is k + 1 (mod n), and after
    the zero input, character 0: a = tanh(8 x), y = 10 P a + e_0, P the shift."""
    shift = np.roll(np.eye(n), 1, axis=0)  # shift @ e_k = e_{k+1}
    return {"Waa": np.zeros((n, n)), "Wax": 8.0 * np.eye(n), "ba": np.zeros((n, 1)),
            "Wya": 10.0 * shift, "by": np.eye(n)[:, :1]}


def test_sample_sequence_follows_the_most_likely_characters_at_temperature_zero(rng):
    params = cycling_rnn(5)
    assert sample_sequence(params, rng=rng, temperature=0.0, max_length=7) == [0, 1, 2, 3, 4, 0, 1]
    assert sample_sequence(params, rng=rng, temperature=0.0, stop=3) == [0, 1, 2, 3]
    assert sample_sequence(params, rng=rng, temperature=0.0, first=2, stop=0) == [3, 4, 0]


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_sample_sequence_runs_every_cell(cell, rng):
    n, n_a = 6, 4
    draw = np.random.default_rng(5)
    if cell == "rnn":
        params = {"Waa": draw.standard_normal((n_a, n_a)), "Wax": draw.standard_normal((n_a, n)),
                  "ba": draw.standard_normal((n_a, 1))}
    else:
        names = GRU_PARAMS if cell == "gru" else LSTM_PARAMS
        params = {k: draw.standard_normal((n_a, n_a + n) if k.startswith("W") else (n_a, 1)) for k in names}
    params.update(Wya=draw.standard_normal((n, n_a)), by=draw.standard_normal((n, 1)))
    indices = sample_sequence(params, rng=np.random.default_rng(0), cell=cell, max_length=30, stop=5)
    assert 1 <= len(indices) <= 30 and all(isinstance(i, int) and 0 <= i < n for i in indices)
    assert indices[-1] == 5 or len(indices) == 30
    assert 5 not in indices[:-1]
    assert sample_sequence(params, rng=np.random.default_rng(0), cell=cell, max_length=30, stop=5) == indices


def test_sample_sequence_refuses_a_cell_of_another_vocabulary(rng):
    params = cycling_rnn(5)
    params["Wya"] = params["Wya"][:4]
    params["by"] = params["by"][:4]
    with pytest.raises(ValueError, match=r"^the cell's input size n_x must equal the vocabulary size n_y = 4"):
        sample_sequence(params, rng=rng)
    with pytest.raises(ValueError, match=r"^params is missing key\(s\) \['Wf'\]"):
        sample_sequence(cycling_rnn(5), rng=rng, cell="lstm")
