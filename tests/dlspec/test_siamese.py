"""Tests for dlspec.siamese: distances, the triplet loss, verification, recognition, triplet choice.

Oracles: numbers worked by hand, plain loops written here (pairwise distances, nearest
neighbours, the semi-hard rule), the package's gradient checker, and properties (the
three gradients add up to 0, a met margin gives a zero loss and gradient).
"""

import numpy as np
import pytest

from dlspec.gradcheck import check_gradients
from dlspec.siamese import (
    nearest_identity,
    pairwise_squared_distances,
    select_triplets,
    squared_distance,
    triplet_loss_backward,
    triplet_loss_forward,
    verify,
)

# --- distances --------------------------------------------------------------------------------


def test_squared_distance_by_hand():
    E_1 = np.array([[0.0, 1.0], [0.0, 2.0]])  # columns (0, 0) and (1, 2)
    E_2 = np.array([[3.0, 1.0], [4.0, 2.0]])  # columns (3, 4) and (1, 2)
    d = squared_distance(E_1, E_2)
    np.testing.assert_array_equal(d, [[25.0, 0.0]], strict=False)
    assert d.shape == (1, 2)  # a row, like every per-example result of dlspec


def _pairwise_loop(E_1, E_2):
    D = np.zeros((E_1.shape[1], E_2.shape[1]))
    for i in range(E_1.shape[1]):
        for j in range(E_2.shape[1]):
            D[i, j] = sum((E_1[k, i] - E_2[k, j]) ** 2 for k in range(E_1.shape[0]))
    return D


@pytest.mark.parametrize(("n_e", "m_1", "m_2"), [(3, 4, 7), (1, 5, 2), (6, 1, 1), (2, 3, 3)])
def test_pairwise_distances_equal_a_loop(n_e, m_1, m_2, rng):
    E_1, E_2 = rng.standard_normal((n_e, m_1)), 3 * rng.standard_normal((n_e, m_2))
    D = pairwise_squared_distances(E_1, E_2)
    assert D.shape == (m_1, m_2)
    np.testing.assert_allclose(D, _pairwise_loop(E_1, E_2), rtol=1e-12, atol=1e-12)


def test_pairwise_distances_of_a_batch_with_itself(rng):
    E = 100 * rng.standard_normal((4, 6)) + 1000  # large norms, where the expansion cancels
    D = pairwise_squared_distances(E, E)
    assert np.all(D >= 0)  # never a tiny negative number
    np.testing.assert_allclose(D, D.T, rtol=0, atol=1e-12 * np.max(D))
    assert np.max(np.abs(np.diag(D))) <= 1e-9 * np.max(D)
    for i in range(6):  # the diagonal of the pairwise matrix is squared_distance of equal columns
        np.testing.assert_allclose(D[i, :], squared_distance(np.tile(E[:, [i]], 6), E)[0],
                                   rtol=1e-9, atol=1e-9 * np.max(D))


def test_distances_keep_float32(rng):
    E = rng.standard_normal((3, 4)).astype(np.float32)
    assert squared_distance(E, E[:, ::-1]).dtype == np.float32
    assert pairwise_squared_distances(E, E).dtype == np.float32


# --- the triplet loss -------------------------------------------------------------------------


def hand_triplets():
    """Two triplets in 2-D: the first meets the margin 0.5, the second violates it."""
    A = np.array([[0.0, 1.0], [0.0, 1.0]])  # anchors (0, 0) and (1, 1)
    P = np.array([[1.0, 1.0], [0.0, 3.0]])  # d(A, P) = 1 and 4
    N = np.array([[0.0, 2.0], [2.0, 1.0]])  # d(A, N) = 4 and 1
    return A, P, N


def test_triplet_loss_by_hand():
    A, P, N = hand_triplets()
    J, cache = triplet_loss_forward(A, P, N, margin=0.5)
    # hinges: max(1 - 4 + 0.5, 0) = 0 and max(4 - 1 + 0.5, 0) = 3.5; their mean
    assert J == pytest.approx(1.75, abs=1e-15)
    dA, dP, dN = triplet_loss_backward(cache)
    # the second triplet: 2 (N - P) = 2 ((2, 1) - (1, 3)), 2 (P - A) = 2 (0, 2), 2 (A - N) = 2 (-1, 0)
    np.testing.assert_array_equal(dA, [[0.0, 2.0], [0.0, -4.0]])
    np.testing.assert_array_equal(dP, [[0.0, 0.0], [0.0, 4.0]])
    np.testing.assert_array_equal(dN, [[0.0, -2.0], [0.0, 0.0]])


def test_met_margin_gives_zero_loss_and_zero_gradient(rng):
    A = rng.standard_normal((4, 5))
    P = A + 0.01 * rng.standard_normal((4, 5))  # d(A, P) tiny
    N = A + 10.0  # d(A, N) = 400 > d(A, P) + margin
    J, cache = triplet_loss_forward(A, P, N, margin=0.2)
    assert J == 0.0
    for d in triplet_loss_backward(cache):
        assert np.all(d == 0.0)


def test_a_hinge_of_exactly_zero_counts_as_met():
    A, P, N = np.zeros((1, 1)), np.array([[1.0]]), np.array([[2.0]])  # 1 - 4 + 3 = 0 exactly
    J, cache = triplet_loss_forward(A, P, N, margin=3.0)
    assert J == 0.0
    assert all(np.all(d == 0.0) for d in triplet_loss_backward(cache))


def test_without_a_margin_equal_embeddings_cost_nothing(rng):
    E = np.ones((3, 4))  # the collapse the margin rules out
    assert triplet_loss_forward(E, E, E, margin=0.0)[0] == 0.0
    assert triplet_loss_forward(E, E, E, margin=0.2)[0] == pytest.approx(0.2)


def random_triplets(rng, n_e, m):
    """Triplets where some violate the margin 0.5 and some do not, none near the kink."""
    A = rng.standard_normal((n_e, m))
    P = A + 0.5 * rng.standard_normal((n_e, m))
    N = A + rng.choice([0.3, 3.0], size=(1, m)) * rng.standard_normal((n_e, m))
    return A, P, N


@pytest.mark.parametrize(("n_e", "m"), [(3, 1), (5, 4), (1, 3), (2, 7)])
def test_triplet_loss_gradient_check(n_e, m, rng):
    A, P, N = random_triplets(rng, n_e, m)
    embeddings = {"anchor": A, "positive": P, "negative": N}
    J, cache = triplet_loss_forward(A, P, N, margin=0.5)
    hinges = squared_distance(A, P) - squared_distance(A, N) + 0.5
    if np.min(np.abs(hinges)) < 1e-4:  # a kink within reach of the finite differences
        pytest.skip("a triplet sits on the hinge's kink")
    dA, dP, dN = triplet_loss_backward(cache)
    # the backward pass gives each triplet's own gradient; those of the mean J are 1/m of them
    grads = {"danchor": dA / m, "dpositive": dP / m, "dnegative": dN / m}

    def loss():
        return triplet_loss_forward(A, P, N, margin=0.5)[0]

    assert check_gradients(loss, embeddings, grads) < 1e-7


def test_gradients_are_per_triplet_and_add_up_to_zero(rng):
    A, P, N = random_triplets(rng, 3, 5)
    _, cache = triplet_loss_forward(A, P, N, margin=0.5)
    dA, dP, dN = triplet_loss_backward(cache)
    np.testing.assert_allclose(dA + dP + dN, 0.0, atol=1e-12)  # moving a triplet changes nothing
    # the same triplets twice: J stays, each column's gradient stays (no 1/m inside)
    J2, cache2 = triplet_loss_forward(np.hstack([A, A]), np.hstack([P, P]), np.hstack([N, N]), margin=0.5)
    assert J2 == pytest.approx(triplet_loss_forward(A, P, N, margin=0.5)[0], rel=1e-14)
    np.testing.assert_allclose(triplet_loss_backward(cache2)[0], np.hstack([dA, dA]), rtol=1e-14)


def test_triplet_loss_keeps_float32(rng):
    A, P, N = (x.astype(np.float32) for x in random_triplets(rng, 3, 4))
    J, cache = triplet_loss_forward(A, P, N, margin=0.2)
    assert isinstance(J, float)
    assert all(d.dtype == np.float32 for d in triplet_loss_backward(cache))


def test_triplet_loss_names_bad_input():
    A, P, N = hand_triplets()
    with pytest.raises(ValueError, match=r"^positive must have shape \(2, m\) to match anchor"):
        triplet_loss_forward(A, P[:1], N, margin=0.2)
    with pytest.raises(ValueError, match=r"^anchor and negative must have the same shape"):
        triplet_loss_forward(A, P, N[:, :1], margin=0.2)
    with pytest.raises(ValueError, match=r"^margin must be a finite number in \[0.0, inf\]"):
        triplet_loss_forward(A, P, N, margin=-0.1)
    with pytest.raises(TypeError, match=r"margin"):
        triplet_loss_forward(A, P, N)  # the margin has no default: the course's 0.2 suits unit-length embeddings
    with pytest.raises(TypeError, match=r"^cache was made by squared"):
        triplet_loss_backward({"block": "squared"})


# --- verification and recognition -------------------------------------------------------------


def test_verify_by_hand():
    E_1 = np.array([[0.0, 1.0], [0.0, 2.0]])
    E_2 = np.array([[3.0, 1.0], [4.0, 2.0]])  # squared distances 25 and 0
    np.testing.assert_array_equal(verify(E_1, E_2, 1.0), [[0, 1]])
    same = verify(E_1, E_2, 25.0)  # a distance equal to the threshold is "same"
    np.testing.assert_array_equal(same, [[1, 1]])
    assert same.dtype == np.int64
    np.testing.assert_array_equal(verify(E_1, E_2, 0.0), [[0, 1]])


def _nearest_loop(query, gallery, labels):
    out, dist = [], []
    for i in range(query.shape[1]):
        best, best_d = None, np.inf
        for j in range(gallery.shape[1]):
            d = float(np.sum((query[:, i] - gallery[:, j]) ** 2))
            if d < best_d:  # strict: the first of equal distances stays
                best, best_d = labels[j], d
        out.append(best)
        dist.append(best_d)
    return np.array([out]), np.array([dist])


@pytest.mark.parametrize(("n_e", "m_q", "m_g"), [(3, 5, 7), (1, 1, 4), (4, 6, 1)])
def test_nearest_identity_equals_a_loop(n_e, m_q, m_g, rng):
    query, gallery = rng.standard_normal((n_e, m_q)), rng.standard_normal((n_e, m_g))
    labels = rng.integers(0, 3, size=m_g)
    predicted, distances = nearest_identity(query, gallery, labels)
    expected, expected_d = _nearest_loop(query, gallery, labels)
    np.testing.assert_array_equal(predicted, expected)
    assert predicted.dtype == np.int64 and predicted.shape == (1, m_q)
    np.testing.assert_allclose(distances, expected_d, rtol=1e-10, atol=1e-12)


def test_nearest_identity_by_hand_with_a_threshold():
    gallery = np.array([[0.0, 10.0, 0.0]])  # identities 7, 8, 9 on a line
    labels = np.array([[7, 8, 9]])  # (1, m_g) is accepted as well as (m_g,)
    query = np.array([[1.0, 9.0, 5.0, 30.0]])
    predicted, distances = nearest_identity(query, gallery, labels)
    # 5.0 is 25 from both 0.0 (identities 7 and 9) and 10.0: the first gallery column wins
    np.testing.assert_array_equal(predicted, [[7, 8, 7, 8]])
    np.testing.assert_array_equal(distances, [[1.0, 1.0, 25.0, 400.0]])
    predicted, _ = nearest_identity(query, gallery, labels, threshold=25.0)
    np.testing.assert_array_equal(predicted, [[7, 8, 7, -1]])  # 30.0 is nobody in the database


def test_one_shot_recognition_of_a_new_identity(rng):
    """A new person is recognised from one stored embedding, without retraining."""
    centres = 5 * rng.standard_normal((4, 3))  # three people
    gallery = centres + 0.1 * rng.standard_normal((4, 3))  # one photo each
    newcomer = 5 * rng.standard_normal((4, 1))
    gallery = np.hstack([gallery, newcomer + 0.1 * rng.standard_normal((4, 1))])
    query = np.hstack([centres, newcomer]) + 0.1 * rng.standard_normal((4, 4))
    predicted, _ = nearest_identity(query, gallery, [0, 1, 2, 3])
    np.testing.assert_array_equal(predicted, [[0, 1, 2, 3]])


def test_recognition_names_bad_labels(rng):
    query, gallery = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    with pytest.raises(ValueError, match=r"^gallery_labels must have shape \(4,\) or \(1, 4\)"):
        nearest_identity(query, gallery, [0, 1, 2])
    with pytest.raises(ValueError, match=r"^gallery_labels must contain whole numbers"):
        nearest_identity(query, gallery, [0, 1, 2, 0.5])
    with pytest.raises(ValueError, match=r"^gallery_labels must be identities >= 0"):
        nearest_identity(query, gallery, [0, 1, 2, -1])
    with pytest.raises(ValueError, match=r"^gallery must have shape \(2, m\) to match query"):
        nearest_identity(query, gallery[:1], [0, 1, 2, 3])


# --- choosing triplets ------------------------------------------------------------------------


def test_select_triplets_by_hand():
    # 1-D embeddings: identity 0 at 0.0 and 1.0, identity 1 at 1.5 and 5.0; margin 1.5
    E = np.array([[0.0, 1.0, 1.5, 5.0]])
    anchors, positives, negatives = select_triplets(E, [0, 0, 1, 1], margin=1.5,
                                                    rng=np.random.default_rng(0))
    np.testing.assert_array_equal(anchors, [0, 1, 2, 3])
    np.testing.assert_array_equal(positives, [1, 0, 3, 2])  # each identity has one other image
    # anchor 0: d(A, P) = 1 < d(A, 1.5) = 2.25 < 1 + 1.5: semi-hard
    # anchor 1: d(A, P) = 1; 0.25 is hard, 16 is easy: no semi-hard, the hardest is 1.5 (index 2)
    # anchor 2: d(A, P) = 12.25; 2.25 and 0.25 are both hard: the hardest is 1.0 (index 1)
    # anchor 3: d(A, P) = 12.25; 25 and 16 are both easy: the closest is 1.0 (index 1)
    np.testing.assert_array_equal(negatives, [2, 2, 1, 1])
    assert anchors.dtype == positives.dtype == negatives.dtype == np.int64


def batch(rng, m=24, n_e=3, identities=5):
    labels = rng.integers(0, identities, size=m)
    centres = rng.standard_normal((n_e, identities))
    return centres[:, labels] + 0.7 * rng.standard_normal((n_e, m)), labels


@pytest.mark.parametrize("margin", [0.0, 0.3, 2.0])
def test_select_triplets_follows_its_rule(margin, rng):
    E, labels = batch(rng)
    anchors, positives, negatives = select_triplets(E, labels, margin=margin, rng=rng)
    D = _pairwise_loop(E, E)
    has_both = [i for i in range(len(labels))
                if np.sum(labels == labels[i]) >= 2 and np.any(labels != labels[i])]
    np.testing.assert_array_equal(anchors, has_both)  # every possible anchor once, in order
    for a, p, n in zip(anchors, positives, negatives, strict=True):
        assert labels[p] == labels[a] and p != a
        assert labels[n] != labels[a]
        others = [j for j in range(len(labels)) if labels[j] != labels[a]]
        semi_hard = [j for j in others if D[a, p] < D[a, j] < D[a, p] + margin]
        if semi_hard:
            assert n in semi_hard
        else:  # the hardest: no other negative is closer
            assert D[a, n] == min(D[a, j] for j in others)


def test_select_triplets_random_fallback_and_seeds(rng):
    E, labels = batch(rng)
    first = select_triplets(E, labels, margin=0.0, rng=np.random.default_rng(5), fallback="random")
    again = select_triplets(E, labels, margin=0.0, rng=np.random.default_rng(5), fallback="random")
    for x, y in zip(first, again, strict=True):
        np.testing.assert_array_equal(x, y)  # the same seed, the same triplets
    anchors, _, negatives = first
    assert np.all(labels[negatives] != labels[anchors])


def test_select_triplets_skips_anchors_without_a_positive():
    E = np.array([[0.0, 1.0, 2.0, 3.0]])
    anchors, positives, _ = select_triplets(E, np.array([[4, 4, 5, 6]]), margin=0.2,
                                            rng=np.random.default_rng(0))
    np.testing.assert_array_equal(anchors, [0, 1])
    np.testing.assert_array_equal(positives, [1, 0])


def test_select_triplets_without_any_triplet_says_why():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"^labels hold no triplet"):
        select_triplets(np.eye(3), [0, 1, 2], margin=0.2, rng=rng)  # everyone once
    with pytest.raises(ValueError, match=r"^labels hold no triplet"):
        select_triplets(np.eye(3), [1, 1, 1], margin=0.2, rng=rng)  # one identity
    with pytest.raises(ValueError, match=r"^fallback must be 'hardest' or 'random'"):
        select_triplets(np.eye(3), [1, 1, 0], margin=0.2, rng=rng, fallback="easiest")
