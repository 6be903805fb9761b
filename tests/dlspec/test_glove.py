"""Tests for dlspec.glove: co-occurrence counts and GloVe's objective (Course 5, Week 2).

Oracles: numbers worked by hand, plain loops over the pairs and over the words, an exact
fit whose loss is zero, and the package's gradient checker.
"""

import math
import warnings

import numpy as np
import pytest

from dlspec.glove import cooccurrence_counts, glove_gradients, glove_loss, glove_weight
from dlspec.gradcheck import check_gradients
from dlspec.word2vec import skipgram_pairs


def test_counts_by_hand():
    # "a b a" with window 1: a-b twice each way.
    X = cooccurrence_counts(*skipgram_pairs([[0, 1, 0]], 1), 3)
    np.testing.assert_array_equal(X, [[0, 2, 0], [2, 0, 0], [0, 0, 0]])
    assert X.dtype == np.float64


def test_counts_match_a_loop_and_are_symmetric(rng):
    context, target = rng.integers(0, 5, 40), rng.integers(0, 5, 40)
    X = cooccurrence_counts(context, target, 5)
    for i in range(5):
        for j in range(5):
            assert X[i, j] == sum(1 for c, t in zip(context, target, strict=True) if t == i and c == j)
    sentences = [rng.integers(0, 6, size=7).tolist() for _ in range(5)]
    X = cooccurrence_counts(*skipgram_pairs(sentences, 3), 6)
    np.testing.assert_array_equal(X, X.T)


@pytest.mark.parametrize(
    ("x", "expected"),
    [(0.0, 0.0), (100.0, 1.0), (250.0, 1.0), (50.0, 0.5**0.75), (1.0, 0.01**0.75)],
)
def test_weight_by_hand(x, expected):
    assert glove_weight(np.array([x]))[0] == pytest.approx(expected, rel=1e-14)


def test_weight_settings():
    np.testing.assert_allclose(glove_weight(np.array([1.0, 4.0, 9.0]), x_max=4.0, alpha=0.5), [0.5, 1.0, 1.0])


def random_glove(rng, n_e, V, density=0.6):
    X = rng.integers(1, 300, size=(V, V)) * (rng.random((V, V)) < density)
    params = {"Theta": rng.standard_normal((n_e, V)), "E": rng.standard_normal((n_e, V)),
              "b": rng.standard_normal((V, 1)), "b_prime": rng.standard_normal((V, 1))}
    return X.astype(float), params


def loss_loop(X, params, x_max=100.0, alpha=0.75):
    total = 0.0
    V = X.shape[0]
    for i in range(V):
        for j in range(V):
            if X[i, j] == 0:
                continue
            f = min(1.0, (X[i, j] / x_max) ** alpha)
            fit = params["Theta"][:, i] @ params["E"][:, j] + params["b"][i, 0] + params["b_prime"][j, 0]
            total += f * (fit - math.log(X[i, j])) ** 2
    return total


@pytest.mark.parametrize(("n_e", "V"), [(1, 3), (3, 5), (4, 2), (2, 6)])
def test_loss_matches_the_loop(n_e, V, rng):
    X, params = random_glove(rng, n_e, V)
    assert glove_loss(X, params) == pytest.approx(loss_loop(X, params), rel=1e-12)
    assert glove_loss(X, params, x_max=10.0, alpha=0.5) == pytest.approx(loss_loop(X, params, 10.0, 0.5), rel=1e-12)


def test_an_exact_fit_costs_nothing():
    """n_e = V, Theta = I, E = log X, no biases: theta_i . e_j = log X_ij for every pair seen."""
    X = np.array([[4.0, 1.0, 0.0], [1.0, 9.0, 2.0], [0.0, 2.0, 7.0]])
    E = np.log(np.where(X > 0, X, 1.0)) + 5.0 * (X == 0)  # pairs never seen are free to be anything
    params = {"Theta": np.eye(3), "E": E, "b": np.zeros((3, 1)), "b_prime": np.zeros((3, 1))}
    assert glove_loss(X, params) == 0.0
    for g in glove_gradients(X, params).values():
        np.testing.assert_array_equal(g, 0.0)


@pytest.mark.parametrize(("n_e", "V"), [(1, 3), (3, 5), (4, 2), (2, 6)])
def test_gradient_check(n_e, V, rng):
    X, params = random_glove(rng, n_e, V)
    grads = glove_gradients(X, params, x_max=50.0)
    assert set(grads) == {"dTheta", "dE", "db", "db_prime"}
    assert check_gradients(lambda: glove_loss(X, params, x_max=50.0), params, grads) < 1e-7


def test_zero_counts_give_no_warning(rng):
    X, params = random_glove(rng, 2, 4, density=0.3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(glove_loss(X, params))
        glove_gradients(X, params)


@pytest.mark.parametrize(
    ("X", "change", "match"),
    [(np.ones((3, 4)), {}, r"^X_counts must have shape \(V, V\), got \(3, 4\)"),
     (np.ones((4, 4)), {}, r"^X_counts must have shape \(3, 3\) to match E of shape \(2, 3\)"),
     (-np.ones((3, 3)), {}, r"^X_counts must hold counts >= 0"),
     (np.ones((3, 3)), {"b": np.zeros(3)}, r"^b must have shape \(3, 1\) for a vocabulary of 3 words"),
     (np.ones((3, 3)), {"b_prime": np.zeros((1, 3))}, r"^b_prime must have shape \(3, 1\)"),
     (np.ones((3, 3)), {"Theta": np.zeros((3, 3))}, r"^Theta must have shape \(2, 3\) to match E"),
     (np.ones((3, 3)), {"E": np.full((2, 3), np.nan)}, r"^E must contain only finite numbers, found NaN")],
    ids=["not square", "another V", "negative", "b rank-1", "b_prime a row", "Theta of another n_e", "E NaN"],
)
def test_loss_refuses(X, change, match):
    params = {"Theta": np.zeros((2, 3)), "E": np.zeros((2, 3)), "b": np.zeros((3, 1)), "b_prime": np.zeros((3, 1))}
    params.update(change)
    with pytest.raises(ValueError, match=match):
        glove_loss(X, params)
