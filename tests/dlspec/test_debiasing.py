"""Tests for dlspec.debiasing: the bias direction, neutralise and equalise (Course 5, Week 2).

Oracles: numbers worked by hand and the properties each step promises (no component along
``g`` after neutralising; unit length, equal similarity to every neutral word and a
difference along ``g`` only, after equalising).
"""

import math

import numpy as np
import pytest

from dlspec.debiasing import bias_direction, equalize, neutralize
from dlspec.embeddings import cosine_similarity

VOCAB = ["man", "woman", "king", "queen", "doctor"]
E = np.array([[1.0, 3.0, 2.0, 5.0, 1.0],
              [0.0, 0.0, 4.0, 4.0, 2.0],
              [1.0, 1.0, 0.0, 2.0, 3.0]])


# --- the direction ------------------------------------------------------------------------------


def test_mean_direction_by_hand():
    # woman - man = (2, 0, 0), queen - king = (3, 0, 2): the mean is (2.5, 0, 1).
    g = bias_direction([("man", "woman"), ("king", "queen")], E, VOCAB)
    np.testing.assert_array_equal(g, [2.5, 0.0, 1.0], strict=True)
    np.testing.assert_array_equal(bias_direction([("woman", "man")], E, VOCAB), [-2.0, 0.0, 0.0])


def test_pca_direction_of_one_pair_is_the_unit_difference():
    g = bias_direction([("king", "queen")], E, VOCAB, method="pca")
    np.testing.assert_allclose(g, np.array([3.0, 0.0, 2.0]) / math.sqrt(13), rtol=1e-14)
    g = bias_direction([("queen", "king")], E, VOCAB, method="pca")  # turned towards the second words
    np.testing.assert_allclose(g, -np.array([3.0, 0.0, 2.0]) / math.sqrt(13), rtol=1e-14)


def test_pca_finds_the_shared_direction(rng):
    """Pairs that differ by 2 along one axis plus small noise: the component is that axis."""
    n_e, P = 6, 8
    axis = np.zeros(n_e)
    axis[2] = 1.0
    first = rng.standard_normal((n_e, P))
    second = first + 2.0 * axis[:, None] + 0.05 * rng.standard_normal((n_e, P))
    Ep = np.concatenate([first, second], axis=1)
    vocab = [f"a{p}" for p in range(P)] + [f"b{p}" for p in range(P)]
    pairs = [(f"a{p}", f"b{p}") for p in range(P)]
    g = bias_direction(pairs, Ep, vocab, method="pca")
    assert np.linalg.norm(g) == pytest.approx(1.0)
    assert g @ axis > 0.99


@pytest.mark.parametrize(
    ("pairs", "kwargs", "error", "match"),
    [([], {}, ValueError, r"^pairs must hold at least one pair"),
     ([("man", "duke")], {}, ValueError, r"^pairs\[0\] word 'duke' is not in vocab"),
     ([("man", "woman", "king")], {}, TypeError, r"^pairs\[0\] must be a pair of words"),
     (["man"], {}, TypeError, r"^pairs\[0\] must be a pair of words"),
     ("man", {}, TypeError, r"^pairs must be a list of pairs"),
     ([("man", "woman")], {"method": "svd"}, ValueError, r"^method must be 'mean' or 'pca', got 'svd'"),
     ([("man", "man")], {}, ValueError, r"^the pairs give no bias direction")],
    ids=["empty", "unknown word", "a triple", "a word", "a string", "method", "no direction"],
)
def test_direction_refuses(pairs, kwargs, error, match):
    with pytest.raises(error, match=match):
        bias_direction(pairs, E, VOCAB, **kwargs)


# --- neutralise -----------------------------------------------------------------------------------


def test_neutralize_by_hand():
    np.testing.assert_allclose(neutralize(np.array([3.0, 4.0]), np.array([2.0, 0.0])), [0.0, 4.0], atol=1e-15)
    # e = (1, 2, 3), g = (1, 1, 0): e.g / g.g = 3 / 2, so e - 1.5 g = (-0.5, 0.5, 3).
    np.testing.assert_allclose(neutralize(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 0.0])), [-0.5, 0.5, 3.0])


def test_neutralize_leaves_no_component_along_g(rng):
    g = rng.standard_normal(7)
    e = rng.standard_normal(7)
    debiased = neutralize(e, g)
    assert abs(debiased @ g) < 1e-12 * np.linalg.norm(e) * np.linalg.norm(g)
    assert abs(cosine_similarity(debiased, g)) < 1e-12
    np.testing.assert_allclose(neutralize(debiased, g), debiased, atol=1e-14)  # idempotent
    np.testing.assert_allclose(neutralize(e, 3.0 * g), debiased, atol=1e-14)  # only g's direction counts
    np.testing.assert_allclose(debiased - e, (debiased - e) @ g / (g @ g) * g, atol=1e-14)  # moved along g


def test_neutralize_columns_one_by_one(rng):
    g, many = rng.standard_normal(4), rng.standard_normal((4, 6))
    expected = np.stack([neutralize(many[:, j], g) for j in range(6)], axis=1)
    np.testing.assert_allclose(neutralize(many, g), expected, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(g @ neutralize(many, g), 0.0, atol=1e-13)


def test_neutralize_refuses():
    with pytest.raises(ValueError, match=r"^g must not be a zero vector"):
        neutralize(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"^g must have shape \(3,\) to match vectors of size n_e = 3, got \(2,\)"):
        neutralize(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match=r"^e must have shape \(n_e,\) or \(n_e, k\)"):
        neutralize(np.ones((3, 1, 1)), np.ones(3))


# --- equalise -------------------------------------------------------------------------------------


def test_equalize_by_hand():
    """g = x; mu = (-0.1, 0.7), mu_orth = (0, 0.7), sqrt(1 - 0.49) = sqrt(0.51) on each side of it."""
    e1, e2 = equalize(np.array([0.6, 0.8]), np.array([-0.8, 0.6]), np.array([1.0, 0.0]))
    np.testing.assert_allclose(e1, [math.sqrt(0.51), 0.7], rtol=1e-14)
    np.testing.assert_allclose(e2, [-math.sqrt(0.51), 0.7], rtol=1e-14)


def unit(v):
    return v / np.linalg.norm(v)


@pytest.mark.parametrize("n_e", [2, 5, 50])
def test_equalize_properties(n_e, rng):
    g = rng.standard_normal(n_e)
    e_w1, e_w2 = unit(rng.standard_normal(n_e)), unit(rng.standard_normal(n_e))
    e1, e2 = equalize(e_w1, e_w2, g)
    assert np.linalg.norm(e1) == pytest.approx(1.0, abs=1e-14)  # unit vectors in, unit vectors out
    assert np.linalg.norm(e2) == pytest.approx(1.0, abs=1e-14)
    difference = e1 - e2
    assert abs(cosine_similarity(difference, g)) == pytest.approx(1.0, abs=1e-12)  # they differ along g only
    assert abs((e1 + e2) @ g) < 1e-12  # symmetric about the neutral subspace
    assert np.sign((e1 - e2) @ g) == np.sign((e_w1 - e_w2) @ g)  # each stays on its own side
    # Every neutralised word is equally similar to, and equally far from, both.
    neutral = neutralize(rng.standard_normal((n_e, 20)), g)
    np.testing.assert_allclose(cosine_similarity(e1, neutral), cosine_similarity(e2, neutral), atol=1e-13)
    np.testing.assert_allclose(np.linalg.norm(neutral - e1[:, None], axis=0),
                               np.linalg.norm(neutral - e2[:, None], axis=0), rtol=1e-13)


def test_equalize_makes_a_neutral_word_equidistant_where_it_was_not():
    En = E / np.linalg.norm(E, axis=0)
    g = bias_direction([("man", "woman"), ("king", "queen")], En, VOCAB)
    doctor = neutralize(En[:, 4], g)
    before = cosine_similarity(doctor, En[:, 0]) - cosine_similarity(doctor, En[:, 1])
    e_man, e_woman = equalize(En[:, 0], En[:, 1], g)
    after = cosine_similarity(doctor, e_man) - cosine_similarity(doctor, e_woman)
    assert abs(before) > 0.1 and abs(after) < 1e-14


def test_equalize_refuses():
    g = np.array([1.0, 0.0])
    with pytest.raises(ValueError, match=r"^e_w1 and e_w2 have the same component along g"):
        equalize(np.array([0.6, 0.8]), np.array([0.6, -0.8]), g)
    with pytest.raises(ValueError, match=r"^g must not be a zero vector"):
        equalize(np.array([0.6, 0.8]), np.array([-0.6, 0.8]), np.zeros(2))
    with pytest.raises(ValueError, match=r"^e_w2 must have shape \(2,\) to match vectors of size n_e = 2"):
        equalize(np.array([0.6, 0.8]), np.array([1.0, 0.0, 0.0]), g)
    with pytest.raises(ValueError, match=r"^e_w1 must have shape \(n_e,\), got \(2, 1\)"):
        equalize(np.array([[0.6], [0.8]]), np.array([-0.6, 0.8]), g)
