"""Tests for dlspec.word2vec: skip-gram pairs, negative sampling and its loss (Course 5, Week 2).

Oracles: numbers worked by hand, plain loops (for the pairs, the loss and its gradients),
the package's gradient checker, sampling frequencies, and what training must achieve on a
corpus with two kinds of words.
"""

import math
import warnings

import numpy as np
import pytest

from dlspec.embeddings import cosine_similarity
from dlspec.gradcheck import check_gradients
from dlspec.losses import binary_cross_entropy_with_logits
from dlspec.optimizers import Adam, GradientDescent
from dlspec.word2vec import (
    fit_skipgram,
    initialize_skipgram,
    negative_sampling_distribution,
    sample_negatives,
    skipgram_ns_backward,
    skipgram_ns_forward,
    skipgram_pairs,
)


def log_sigmoid(z):
    return -math.log1p(math.exp(-z)) if z >= 0 else z - math.log1p(math.exp(z))


# --- pairs ------------------------------------------------------------------------------------


def test_pairs_by_hand():
    context, target = skipgram_pairs([[7, 8, 9, 4], [], [5, 6]], window=2)
    assert context.dtype == target.dtype == np.int64
    pairs = list(zip(context.tolist(), target.tolist(), strict=True))
    assert pairs == [(7, 8), (7, 9), (8, 7), (8, 9), (8, 4), (9, 7), (9, 8), (9, 4), (4, 8), (4, 9),
                     (5, 6), (6, 5)]


def pairs_loop(sentences, window):
    pairs = []
    for sentence in sentences:
        for i, c in enumerate(sentence):
            for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
                if j != i:
                    pairs.append((c, sentence[j]))
    return pairs


@pytest.mark.parametrize("window", [1, 2, 3, 10])
def test_pairs_match_the_loop_and_never_cross_sentences(window, rng):
    sentences = [rng.integers(0, 9, size=n).tolist() for n in rng.integers(0, 7, size=12)]
    context, target = skipgram_pairs(sentences, window)
    assert list(zip(context.tolist(), target.tolist(), strict=True)) == pairs_loop(sentences, window)


def test_a_one_word_sentence_and_no_sentence_give_no_pairs():
    for sentences in ([[3]], [], [[], [2]]):
        context, target = skipgram_pairs(sentences, 2)
        assert context.shape == target.shape == (0,)


@pytest.mark.parametrize(
    ("sentences", "window", "error", "match"),
    [([[1, 2], [0.5, 1.0]], 2, TypeError, r"^sentences\[1\] must hold integer word indices, got dtype float64"),
     ([[1, -2]], 2, ValueError, r"^sentences\[0\] must hold word indices >= 0, found \[-2\]"),
     ([[[1, 2]]], 2, ValueError, r"^sentences\[0\] must be a 1-D sequence"),
     ("the king", 2, TypeError, r"^sentences must be a list of sentences"),
     ([[1, 2]], 0, ValueError, r"^window must be an integer >= 1"),
     ([[1, 2]], 1.5, TypeError, r"^window must be an integer")],
    ids=["floats", "negative", "2-D sentence", "a string", "window 0", "window float"],
)
def test_pairs_refuse(sentences, window, error, match):
    with pytest.raises(error, match=match):
        skipgram_pairs(sentences, window)


# --- negative sampling ------------------------------------------------------------------------


def test_distribution_by_hand():
    np.testing.assert_allclose(negative_sampling_distribution([16, 1, 0, 81]), [8 / 36, 1 / 36, 0, 27 / 36])
    np.testing.assert_allclose(negative_sampling_distribution([2, 6], power=1.0), [0.25, 0.75])
    np.testing.assert_allclose(negative_sampling_distribution([2, 6, 0], power=0.0), [1 / 3] * 3)


def test_the_power_gives_rare_words_more_chances(rng):
    counts = rng.integers(1, 1000, size=20)
    p1, p34 = negative_sampling_distribution(counts, 1.0), negative_sampling_distribution(counts, 0.75)
    rare, frequent = np.argmin(counts), np.argmax(counts)
    assert p34[rare] > p1[rare] and p34[frequent] < p1[frequent]
    assert p34.sum() == pytest.approx(1.0)


def test_samples_follow_the_distribution(rng):
    dist = negative_sampling_distribution([5, 0, 1, 20, 2, 0])
    drawn = sample_negatives(dist, (200, 500), rng=rng)
    assert drawn.shape == (200, 500) and drawn.dtype == np.int64
    frequency = np.bincount(drawn.ravel(), minlength=6) / drawn.size
    assert frequency[1] == frequency[5] == 0.0  # words of probability 0 are never drawn
    np.testing.assert_allclose(frequency, dist, atol=4 * np.sqrt(dist.max() / drawn.size))  # about 4 sigma


def test_sampling_is_reproducible_and_takes_an_int_shape():
    dist = np.array([0.5, 0.25, 0.25])
    a = sample_negatives(dist, 10, rng=np.random.default_rng(3))
    b = sample_negatives(dist, (10,), rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    assert sample_negatives(dist, (0, 3), rng=np.random.default_rng(0)).shape == (0, 3)


# --- the loss and its gradients ----------------------------------------------------------------


def random_batch(rng, n_e, V, m, k, dtype=np.float64):
    params = {"E": rng.standard_normal((n_e, V)).astype(dtype), "Theta": rng.standard_normal((n_e, V)).astype(dtype)}
    return rng.integers(0, V, m), rng.integers(0, V, m), rng.integers(0, V, (m, k)), params


def loss_loop(context, target, negatives, params):
    E, Theta = params["E"], params["Theta"]
    total = 0.0
    for i in range(len(context)):
        e_c = E[:, context[i]]
        total -= log_sigmoid(float(Theta[:, target[i]] @ e_c))
        for n in negatives[i]:
            total -= log_sigmoid(-float(Theta[:, n] @ e_c))
    return total / len(context)


def gradients_loop(context, target, negatives, params):
    """dE and dTheta pair by pair and word by word: d(-log sigma(z))/dz = sigma(z) - 1."""
    E, Theta = params["E"], params["Theta"]
    dE, dTheta = np.zeros_like(E), np.zeros_like(Theta)
    m = len(context)
    for i in range(m):
        c = context[i]
        for w, label in [(target[i], 1.0), *((n, 0.0) for n in negatives[i])]:
            dz = 1.0 / (1.0 + math.exp(-float(Theta[:, w] @ E[:, c]))) - label
            dE[:, c] += dz * Theta[:, w] / m
            dTheta[:, w] += dz * E[:, c] / m
    return dE, dTheta


def test_loss_by_hand():
    """n_e = 1: e_c = 2, theta_t = 1, one negative with theta = -1: both logits give log(1 + e^-2)."""
    params = {"E": np.array([[2.0, 0.0]]), "Theta": np.array([[1.0, -1.0]])}
    loss, _ = skipgram_ns_forward([0], [0], [[1]], params)
    assert loss == pytest.approx(2 * math.log1p(math.exp(-2.0)), rel=1e-14)
    zero = {"E": np.zeros((3, 4)), "Theta": np.zeros((3, 4))}  # every probability 1/2
    loss, _ = skipgram_ns_forward([0, 1], [2, 3], [[1, 1, 0], [3, 2, 2]], zero)
    assert loss == pytest.approx(4 * math.log(2.0), rel=1e-14)  # k + 1 = 4 terms per pair


SHAPES = [(1, 3, 1, 1), (3, 5, 4, 2), (4, 3, 6, 5), (2, 7, 3, 3)]  # (n_e, V, m, k): V small, words repeat
SHAPE_IDS = [f"ne{s[0]}_V{s[1]}_m{s[2]}_k{s[3]}" for s in SHAPES]


@pytest.mark.parametrize(("n_e", "V", "m", "k"), SHAPES, ids=SHAPE_IDS)
def test_loss_matches_the_loop_and_the_cross_entropy(n_e, V, m, k, rng):
    context, target, negatives, params = random_batch(rng, n_e, V, m, k)
    loss, cache = skipgram_ns_forward(context, target, negatives, params)
    assert type(loss) is float
    assert loss == pytest.approx(loss_loop(context, target, negatives, params), rel=1e-12)
    Z = np.array([[params["Theta"][:, w] @ params["E"][:, c] for w in (t, *n)]  # one row per pair
                  for c, t, n in zip(context, target, negatives, strict=True)]).T
    Y = np.zeros_like(Z)
    Y[0] = 1.0
    assert loss == pytest.approx(binary_cross_entropy_with_logits(Z, Y), rel=1e-12)


@pytest.mark.parametrize(("n_e", "V", "m", "k"), SHAPES, ids=SHAPE_IDS)
def test_gradients_match_the_loop(n_e, V, m, k, rng):
    context, target, negatives, params = random_batch(rng, n_e, V, m, k)
    _, cache = skipgram_ns_forward(context, target, negatives, params)
    grads = skipgram_ns_backward(cache)
    assert list(grads) == ["dE", "dTheta"]
    dE, dTheta = gradients_loop(context, target, negatives, params)
    np.testing.assert_allclose(grads["dE"], dE, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["dTheta"], dTheta, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("n_e", "V", "m", "k"), SHAPES, ids=SHAPE_IDS)
def test_gradient_check(n_e, V, m, k, rng):
    context, target, negatives, params = random_batch(rng, n_e, V, m, k)
    _, cache = skipgram_ns_forward(context, target, negatives, params)
    grads = skipgram_ns_backward(cache)
    error = check_gradients(lambda: skipgram_ns_forward(context, target, negatives, params)[0], params, grads)
    assert error < 1e-7


def test_a_word_that_is_both_target_and_negative_gets_both_gradients():
    """The context word drawn as its own negative: the pushes of both labels add up."""
    params = {"E": np.array([[1.0, 2.0]]), "Theta": np.array([[0.5, -1.0]])}
    _, cache = skipgram_ns_forward([0], [1], [[1, 1]], params)
    grads = skipgram_ns_backward(cache)
    s = 1.0 / (1.0 + math.exp(1.0))  # sigma(theta_1 e_0) = sigma(-1)
    assert grads["dTheta"][0, 1] == pytest.approx((s - 1.0) * 1.0 + 2 * s * 1.0, rel=1e-14)
    assert grads["dE"][0, 0] == pytest.approx((s - 1.0) * -1.0 + 2 * s * -1.0, rel=1e-14)
    assert grads["dE"][0, 1] == 0.0 and grads["dTheta"][0, 0] == 0.0


def test_huge_logits_stay_finite_without_warnings():
    params = {"E": np.array([[1000.0, 0.0, 0.0]]), "Theta": np.array([[1.0, -1.0, 1.0]])}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, cache = skipgram_ns_forward([0, 0], [1, 2], [[2], [1]], params)  # z = -1000 and +1000
        grads = skipgram_ns_backward(cache)
    assert loss == pytest.approx(1000.0, rel=1e-12)  # the first pair: both terms cost 1000; the second: 0
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def test_float32_stays_float32(rng):
    context, target, negatives, params = random_batch(rng, 3, 6, 4, 2, np.float32)
    loss, cache = skipgram_ns_forward(context, target, negatives, params)
    grads = skipgram_ns_backward(cache)
    assert grads["dE"].dtype == grads["dTheta"].dtype == np.float32
    assert loss == pytest.approx(loss_loop(context, target, negatives, params), rel=1e-5)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [({"target": [0, 1]}, ValueError, r"^target must have shape \(3,\) to match context, got \(2,\)"),
     ({"negatives": [[0], [1]]}, ValueError, r"^negatives must have shape \(3, k\) with k >= 1 to match context"),
     ({"negatives": np.zeros((3, 0), int)}, ValueError, r"^negatives must have shape \(3, k\) with k >= 1"),
     ({"negatives": [0, 1, 2]}, ValueError, r"^negatives must have shape \(m, k\), got \(3,\)"),
     ({"context": [0, 1, 5]}, ValueError, r"^context must hold word indices in \[0, 4\]"),
     ({"negatives": [[0.0], [1.0], [2.0]]}, TypeError, r"^negatives must hold integer word indices"),
     ({"params": {"E": np.ones((2, 5))}}, ValueError, r"^params is missing key\(s\) \['Theta'\]"),
     ({"params": {"E": np.ones((2, 5)), "Theta": np.ones((2, 4))}}, ValueError,
      r"^Theta must have shape \(2, 5\) to match E of shape \(2, 5\), got \(2, 4\)"),
     ({"params": {"E": np.ones((2, 5)), "Theta": np.ones((2, 5)), "b": 0}}, ValueError,
      r"^params has unexpected key\(s\) \['b'\]")],
    ids=["target short", "negatives short", "k 0", "negatives 1-D", "index too large", "float negatives",
         "no Theta", "Theta of another V", "extra key"],
)
def test_forward_refuses(change, error, match):
    args = {"context": [0, 1, 2], "target": [1, 2, 3], "negatives": [[4], [0], [1]],
            "params": {"E": np.ones((2, 5)), "Theta": np.ones((2, 5))}}
    args.update(change)
    with pytest.raises(error, match=match):
        skipgram_ns_forward(args["context"], args["target"], args["negatives"], args["params"])


# --- initialisation and training ----------------------------------------------------------------


def test_initialize_skipgram(rng):
    params = initialize_skipgram(7, 4, rng=rng, dtype=np.float32)
    assert params["E"].shape == params["Theta"].shape == (4, 7)
    assert params["E"].dtype == params["Theta"].dtype == np.float32
    assert np.all(np.abs(params["E"]) <= 0.5 / 4) and np.any(params["E"] != 0)
    assert not np.any(params["Theta"])


def test_fit_is_the_documented_loop(rng):
    """Same seed: the loop of the Notes, written here from the public passes, ends in the same place."""
    sentences = [rng.integers(0, 6, size=5).tolist() for _ in range(8)]
    context, target = skipgram_pairs(sentences, 2)
    counts = np.bincount(np.concatenate(sentences), minlength=6)
    params, costs = fit_skipgram(context, target, counts, n_e=3, rng=np.random.default_rng(7),
                                 optimizer=GradientDescent(0.5), k=2, num_epochs=3, batch_size=16)
    loop_rng = np.random.default_rng(7)
    p = initialize_skipgram(6, 3, rng=loop_rng)
    dist = negative_sampling_distribution(counts)
    expected_costs = []
    for _ in range(3):
        order = loop_rng.permutation(context.size)
        losses = []
        for start in range(0, context.size, 16):
            batch = order[start : start + 16]
            negatives = sample_negatives(dist, (batch.size, 2), rng=loop_rng)
            loss, cache = skipgram_ns_forward(context[batch], target[batch], negatives, p)
            grads = skipgram_ns_backward(cache)
            p = {"E": p["E"] - 0.5 * grads["dE"], "Theta": p["Theta"] - 0.5 * grads["dTheta"]}
            losses.append(loss)
        expected_costs.append(np.mean(losses))
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12)
    for name in p:
        np.testing.assert_allclose(params[name], p[name], rtol=1e-12, atol=1e-15)


def test_fit_learns_which_words_share_contexts():
    """Two topics that never meet in a sentence: words of one topic end up more similar to each other."""
    rng = np.random.default_rng(0)
    topics = [[0, 1, 2, 3], [4, 5, 6, 7]]
    sentences = [rng.choice(topics[rng.integers(2)], size=4).tolist() for _ in range(300)]
    context, target = skipgram_pairs(sentences, 2)
    counts = np.bincount(np.concatenate(sentences), minlength=8)
    params, costs = fit_skipgram(context, target, counts, n_e=4, rng=rng, optimizer=Adam(0.05),
                                 k=3, num_epochs=8, batch_size=64)
    assert costs[-1] < costs[0]
    E = params["E"]
    within = np.mean([cosine_similarity(E[:, a], E[:, b]) for t in topics for a in t for b in t if a < b])
    across = np.mean([cosine_similarity(E[:, a], E[:, b]) for a in topics[0] for b in topics[1]])
    assert within > 0.8 and across < 0.3


def test_fit_with_given_params_and_zero_epochs_returns_them(rng):
    start = {"E": rng.standard_normal((2, 4)), "Theta": rng.standard_normal((2, 4))}
    params, costs = fit_skipgram([0, 1], [1, 0], [1, 1, 1, 1], n_e=2, rng=rng, optimizer=Adam(0.1),
                                 num_epochs=0, params=start)
    assert costs == []
    for name in start:
        np.testing.assert_array_equal(params[name], start[name])
    with pytest.raises(ValueError, match=r"^E must have shape \(3, 4\) for n_e = 3 and a vocabulary of 4 words"):
        fit_skipgram([0, 1], [1, 0], [1, 1, 1, 1], n_e=3, rng=rng, optimizer=Adam(0.1), params=start)
