"""Tests for dlspec.embeddings: the embedding lookup, cosine similarity and analogies (Course 5, Week 2).

Oracles: numbers worked by hand, the product of E with one-hot vectors (for the lookup),
a plain loop (for the backward pass and for the similarities of many columns), the
package's gradient checker, and a hand-built 2-D embedding whose analogies are exact.
"""

import math

import numpy as np
import pytest

from dlspec.embeddings import (
    analogy,
    check_vocab,
    cosine_similarity,
    embedding_backward,
    embedding_forward,
    most_similar,
    nearest_words,
    word_index,
)
from dlspec.gradcheck import check_gradients
from dlspec.layers import linear_forward

#: (n_e, V, shape of the indices): odd shapes on purpose, V small so that words repeat.
CASES = [(3, 4, (5,)), (2, 5, (1,)), (4, 3, (1, 1)), (3, 4, (2, 5)), (1, 6, (3, 2)), (5, 2, (4, 3))]
IDS = [f"ne{c[0]}_V{c[1]}_{'x'.join(map(str, c[2]))}" for c in CASES]


def one_hot_columns(indices, V):
    """The one-hot vectors o_w of ``indices`` as columns: (V, *indices.shape)."""
    return np.eye(V)[:, indices]


# --- the lookup ---------------------------------------------------------------------------


def test_lookup_by_hand():
    E = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # n_e = 2, V = 3
    vectors, _ = embedding_forward(np.array([2, 0, 2]), {"E": E})
    np.testing.assert_array_equal(vectors, [[3.0, 1.0, 3.0], [6.0, 4.0, 6.0]], strict=True)
    vectors, _ = embedding_forward([[1, 2], [0, 0]], {"E": E})  # (m, T_x) = (2, 2)
    assert vectors.shape == (2, 2, 2)
    np.testing.assert_array_equal(vectors[:, 0, :], [[2.0, 3.0], [5.0, 6.0]])  # example 0: words 1, 2
    np.testing.assert_array_equal(vectors[:, :, 1], [[3.0, 1.0], [6.0, 4.0]])  # time 1: words 2, 0


@pytest.mark.parametrize(("n_e", "V", "shape"), CASES, ids=IDS)
def test_lookup_is_E_times_one_hot(n_e, V, shape, rng):
    E = rng.standard_normal((n_e, V))
    indices = rng.integers(0, V, size=shape)
    vectors, _ = embedding_forward(indices, {"E": E})
    O = one_hot_columns(indices, V)  # (V, m) or (V, m, T_x)
    expected = np.einsum("nv,v...->n...", E, O)  # e_w = E o_w for every example and time
    assert vectors.shape == (n_e, *shape)
    np.testing.assert_allclose(vectors, expected, rtol=0, atol=1e-15)


def test_one_word_per_example_feeds_a_dense_layer(rng):
    """(m,) indices give (n_e, m): examples as columns, what linear_forward takes."""
    E, W, b = rng.standard_normal((3, 6)), rng.standard_normal((2, 3)), rng.standard_normal((2, 1))
    vectors, _ = embedding_forward([5, 0, 5, 2], {"E": E})
    Z, _ = linear_forward(vectors, {"W": W, "b": b})
    np.testing.assert_allclose(Z, W @ E[:, [5, 0, 5, 2]] + b)


def backward_loop(dout, indices, V):
    """dE by walking every example and time step, adding into its word's column, then / m."""
    n_e, m = dout.shape[0], indices.shape[0]
    dE = np.zeros((n_e, V))
    flat_indices = indices.reshape(m, -1)
    flat_dout = dout.reshape(n_e, m, -1)
    for i in range(m):
        for t in range(flat_indices.shape[1]):
            dE[:, flat_indices[i, t]] += flat_dout[:, i, t]
    return dE / m


@pytest.mark.parametrize(("n_e", "V", "shape"), CASES, ids=IDS)
def test_backward_matches_the_loop(n_e, V, shape, rng):
    E = rng.standard_normal((n_e, V))
    indices = rng.integers(0, V, size=shape)
    vectors, cache = embedding_forward(indices, {"E": E})
    dout = rng.standard_normal(vectors.shape)
    dindices, grads = embedding_backward(dout, cache)
    assert dindices is None  # integer input: no gradient
    assert list(grads) == ["dE"]
    np.testing.assert_allclose(grads["dE"], backward_loop(dout, indices, V), rtol=1e-12, atol=1e-15)


def test_repeated_words_add_up_by_hand():
    """Word 1 three times: dE[:, 1] is the sum of three gradients over m = 3; fancy-index '+=' keeps one."""
    E = np.zeros((2, 3))
    _, cache = embedding_forward([1, 1, 1], {"E": E})
    dout = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 6.0]])
    _, grads = embedding_backward(dout, cache)
    np.testing.assert_array_equal(grads["dE"], [[0.0, 2.0, 0.0], [0.0, 2.0, 0.0]], strict=True)
    wrong = np.zeros((2, 3))
    wrong[:, [1, 1, 1]] += dout  # the bug np.add.at avoids: only the last write survives
    assert wrong[0, 1] == 3.0


@pytest.mark.parametrize(("n_e", "V", "shape"), CASES, ids=IDS)
def test_backward_gradient_check(n_e, V, shape, rng):
    """The gradient of the mean of sum(vectors * G) per example, against centred differences."""
    E = rng.standard_normal((n_e, V))
    indices = rng.integers(0, V, size=shape)
    G = rng.standard_normal((n_e, *shape))
    params = {"E": E}
    m = shape[0]

    def loss():
        return np.sum(embedding_forward(indices, params)[0] * G) / m

    _, cache = embedding_forward(indices, params)
    _, grads = embedding_backward(G, cache)
    assert check_gradients(loss, params, grads) < 1e-7


def test_float32_stays_float32(rng):
    E = rng.standard_normal((3, 5)).astype(np.float32)
    vectors, cache = embedding_forward(rng.integers(0, 5, (4, 2)), {"E": E})
    assert vectors.dtype == np.float32
    _, grads = embedding_backward(np.ones(vectors.shape, np.float32), cache)
    assert grads["dE"].dtype == np.float32


def test_every_integer_dtype_is_accepted():
    E = np.arange(6.0).reshape(2, 3)
    for dtype in (np.int8, np.uint8, np.int32, np.uint64):
        vectors, _ = embedding_forward(np.array([2, 0], dtype=dtype), {"E": E})
        np.testing.assert_array_equal(vectors, [[2.0, 0.0], [5.0, 3.0]])


@pytest.mark.parametrize(
    ("indices", "error", "match"),
    [
        ([0, 3], ValueError, r"^indices must hold word indices in \[0, 2\] for a vocabulary of 3 words .*found \[3\]"),
        ([[0, -1]], ValueError, r"^indices must hold word indices in \[0, 2\].*found \[-1\]"),
        ([0.0, 1.0], TypeError, r"^indices must hold integer word indices .*got dtype float64"),
        ([True, False], TypeError, r"^indices must hold integer word indices .*got dtype bool"),
        (np.zeros((2, 2, 2), int), ValueError, r"^indices must have shape \(m,\) or \(m, T_x\), got \(2, 2, 2\)"),
        (3, ValueError, r"^indices must have shape \(m,\) or \(m, T_x\), got \(\)"),
        ([], ValueError, r"^indices must hold at least one example"),
        (np.zeros((0, 4), int), ValueError, r"^indices must hold at least one example"),
        ([[0, 1], [2]], TypeError, r"^indices must be an array of integer word indices"),
    ],
    ids=["too large", "negative", "float", "bool", "3-D", "scalar", "empty", "no example", "ragged"],
)
def test_bad_indices_are_refused(indices, error, match):
    with pytest.raises(error, match=match):
        embedding_forward(indices, {"E": np.ones((2, 3))})


# --- cosine similarity -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("u", "v", "expected"),
    [([1.0, 0.0], [3.0, 0.0], 1.0), ([1.0, 2.0], [-2.0, 1.0], 0.0), ([1.0, -2.0, 3.0], [-2.0, 4.0, -6.0], -1.0),
     ([1.0, 0.0], [1.0, 1.0], 1 / math.sqrt(2)), ([3.0, 4.0], [4.0, 3.0], 24 / 25)],
    ids=["parallel", "orthogonal", "opposite", "45 degrees", "3-4-5"],
)
def test_cosine_similarity_by_hand(u, v, expected):
    sim = cosine_similarity(np.array(u), np.array(v))
    assert type(sim) is float
    assert sim == pytest.approx(expected, abs=1e-15)


def test_cosine_similarity_ignores_length_and_is_symmetric(rng):
    u, v = rng.standard_normal(7), rng.standard_normal(7)
    assert cosine_similarity(u, v) == pytest.approx(cosine_similarity(v, u), abs=1e-15)
    assert cosine_similarity(5.0 * u, 0.1 * v) == pytest.approx(cosine_similarity(u, v), abs=1e-14)
    assert cosine_similarity(u, u) == pytest.approx(1.0, abs=1e-15)
    assert cosine_similarity(u, -2 * u) == pytest.approx(-1.0, abs=1e-15)
    many = cosine_similarity(u, np.outer(u, rng.uniform(0.1, 10.0, 50)))  # 50 rescaled copies
    assert np.all(np.abs(many) <= 1.0) and np.all(many > 1.0 - 1e-15)  # never above 1 after rounding


def test_cosine_similarity_of_columns_matches_a_loop(rng):
    E, F, u = rng.standard_normal((4, 6)), rng.standard_normal((4, 6)), rng.standard_normal(4)
    expected_u = [np.dot(u, E[:, j]) / (np.linalg.norm(u) * np.linalg.norm(E[:, j])) for j in range(6)]
    expected_EF = [np.dot(E[:, j], F[:, j]) / (np.linalg.norm(E[:, j]) * np.linalg.norm(F[:, j])) for j in range(6)]
    np.testing.assert_allclose(cosine_similarity(u, E), expected_u, rtol=1e-13)
    np.testing.assert_allclose(cosine_similarity(E, u), expected_u, rtol=1e-13)
    np.testing.assert_allclose(cosine_similarity(E, F), expected_EF, rtol=1e-13)
    assert cosine_similarity(E[:, :1], F).shape == (6,)


@pytest.mark.parametrize(
    ("u", "v", "match"),
    [(np.zeros(3), np.ones(3), r"^u is a zero vector: its cosine similarity is undefined"),
     (np.ones(3), np.zeros(3), r"^v is a zero vector"),
     (np.ones(3), np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]]), r"^v is a zero vector \(column 1\)"),
     (np.ones(3), np.ones(4), r"^v must have shape \(3,\) or \(3, k\) to match vectors of size n_e = 3, got \(4,\)"),
     (np.ones((3, 2)), np.ones((3, 4)), r"^u and v must hold the same number of columns k"),
     (np.ones((3, 2, 1)), np.ones(3), r"^u must have shape \(n_e,\) or \(n_e, k\)")],
    ids=["u zero", "v zero", "a zero column", "sizes differ", "columns differ", "u 3-D"],
)
def test_cosine_similarity_refuses(u, v, match):
    with pytest.raises(ValueError, match=match):
        cosine_similarity(u, v)


# --- search and analogies on a hand-built 2-D embedding -----------------------------------------
# x: gender (-1 male, +1 female), y: royal (3) or not (1); two words off both axes.

TOY_VOCAB = ["man", "woman", "king", "queen", "apple", "pear"]
TOY_E = np.array([[-1.0, 1.0, -1.0, 1.0, 0.2, 0.3],
                  [1.0, 1.0, 3.0, 3.0, -2.0, -2.5]])


def test_analogy_on_the_toy_embedding():
    # woman - man + king = (1, 1) - (-1, 1) + (-1, 3) = (1, 3) = queen exactly.
    assert analogy("man", "woman", "king", TOY_E, TOY_VOCAB) == "queen"
    assert analogy("woman", "man", "queen", TOY_E, TOY_VOCAB) == "king"
    assert analogy("man", "king", "woman", TOY_E, TOY_VOCAB) == "queen"
    assert analogy("king", "man", "queen", TOY_E, TOY_VOCAB) == "woman"


def test_analogy_leaves_out_the_question_words():
    """Without the exclusion, king - man + woman = (1, 3) finds queen; but (1, 1) - ... here
    man : woman :: woman : ? has e_b - e_a + e_c = (3, 1), nearest to woman itself (excluded)."""
    target = TOY_E[:, 1] - TOY_E[:, 0] + TOY_E[:, 1]  # (3, 1)
    assert nearest_words(target, TOY_E, TOY_VOCAB, 1)[0][0] == "woman"
    answer = analogy("man", "woman", "woman", TOY_E, TOY_VOCAB)
    assert answer not in ("man", "woman")
    assert answer == "queen"  # (1, 3): cos with (3, 1) = 6 / 10, the largest left


def test_nearest_words_by_hand():
    result = nearest_words(np.array([1.0, 3.0]), TOY_E, TOY_VOCAB, 3)
    assert [w for w, _ in result] == ["queen", "woman", "king"]
    assert result[0][1] == pytest.approx(1.0)
    assert result[1][1] == pytest.approx(4 / (math.sqrt(10) * math.sqrt(2)))
    assert result[2][1] == pytest.approx(8 / 10)
    assert [w for w, _ in nearest_words(np.array([1.0, 3.0]), TOY_E, TOY_VOCAB, 2, exclude=["queen"])] == ["woman", "king"]
    assert len(nearest_words(np.array([1.0, 3.0]), TOY_E, TOY_VOCAB, 10, exclude=("man",))) == 5


def test_most_similar_leaves_out_the_word_and_ranks_like_a_loop(rng):
    E = rng.standard_normal((3, 8))
    vocab = [f"w{j}" for j in range(8)]
    result = most_similar("w2", E, vocab, k=7)
    sims = {vocab[j]: cosine_similarity(E[:, 2], E[:, j]) for j in range(8) if j != 2}
    assert [w for w, _ in result] == sorted(sims, key=lambda w: -sims[w])
    for w, s in result:
        assert s == pytest.approx(sims[w], abs=1e-14)


def test_ties_keep_the_vocabulary_order():
    E = np.array([[1.0, 2.0, 1.0, 3.0], [0.0, 0.0, 0.0, 0.0]])  # all parallel
    assert [w for w, _ in most_similar("c", E, ["a", "b", "c", "d"], 3)] == ["a", "b", "d"]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: analogy("man", "woman", "prince", TOY_E, TOY_VOCAB), ValueError, r"^c 'prince' is not in vocab"),
        (lambda: analogy("a", "b", "c", np.array([[2.0, 1.0, 1.0], [1.0, 1.0, 0.0]]), ["a", "b", "c"]), ValueError,
         r"^e_b - e_a \+ e_c is a zero vector .*no direction"),
        (lambda: analogy("man", 1, "king", TOY_E, TOY_VOCAB), TypeError, r"^b must be a word \(a string\), got int"),
        (lambda: most_similar("man", TOY_E, TOY_VOCAB[:5]), ValueError, r"^vocab must have one word per column of E, 6, got 5"),
        (lambda: most_similar("man", TOY_E, ["man"] * 6), ValueError,
         r"^vocab must hold distinct words, found \['man', 'man'"),
        (lambda: most_similar("man", TOY_E, "manwom"), TypeError, r"^vocab must be a list of words"),
        (lambda: most_similar("man", TOY_E, [1, 2, 3, 4, 5, 6]), TypeError, r"^vocab must contain only strings, found int"),
        (lambda: most_similar("man", TOY_E, TOY_VOCAB, k=0), ValueError, r"^k must be an integer >= 1"),
        (lambda: most_similar("man", np.c_[TOY_E, [0.0, 0.0]], [*TOY_VOCAB, "x"]), ValueError,
         r"^E is a zero vector \(column 6\)"),
        (lambda: nearest_words(np.ones(3), TOY_E, TOY_VOCAB), ValueError, r"^v must have shape \(2,\)"),
        (lambda: nearest_words(np.ones(2), TOY_E, TOY_VOCAB, exclude="man"), TypeError, r"^exclude must be a list"),
        (lambda: nearest_words(np.ones(2), TOY_E, TOY_VOCAB, exclude=["duke"]), ValueError,
         r"^exclude word 'duke' is not in vocab"),
        (lambda: nearest_words(np.zeros(2), TOY_E, TOY_VOCAB), ValueError, r"^v is a zero vector"),
        (lambda: analogy("man", "woman", "king", TOY_E.T, TOY_VOCAB), ValueError,
         r"^vocab must have one word per column of E, 2, got 6"),
    ],
    ids=["unknown word", "zero target", "word not a string", "vocab short", "vocab repeats", "vocab a string",
         "vocab of ints", "k 0", "zero column", "v of another size", "exclude a string", "exclude unknown",
         "v zero", "E transposed"],
)
def test_search_refuses(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_check_vocab_and_word_index():
    index = check_vocab(("a", "b", "c"), 3)
    assert index == {"a": 0, "b": 1, "c": 2}
    assert word_index("c", index) == 2
    with pytest.raises(ValueError, match=r"^word 'd' is not in vocab"):
        word_index("d", index)
