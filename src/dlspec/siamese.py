r"""Face verification with a siamese network: distances, the triplet loss, triplet selection.

Course 4, Week 4. A siamese network maps each image :math:`x` to an embedding
:math:`f(x)`, a column of ``n_e`` numbers, and the same network (the same parameters) runs
on every image. Two images show the same person when their embeddings are close in the
squared Euclidean distance

.. math:: d(x_1, x_2) = \lVert f(x_1) - f(x_2) \rVert_2^2 .

Embeddings are columns, as everywhere in the course: a batch of ``m`` embeddings has shape
``(n_e, m)``. The network learns from triplets, an *anchor* :math:`A`, a *positive*
:math:`P` of the same person and a *negative* :math:`N` of another, with the triplet loss

.. math:: \mathcal{L}(A, P, N) = \max\bigl(d(A, P) - d(A, N) + \alpha,\ 0\bigr),

which is zero once the negative is farther from the anchor than the positive by at least
the margin :math:`\alpha`. Its pair of functions::

    J, cache = triplet_loss_forward(E_A, E_P, E_N, margin=0.2)   # J = mean over the m triplets
    dE_A, dE_P, dE_N = triplet_loss_backward(cache)               # per triplet, as dlspec's dout

Then :func:`verify` (one distance against a threshold) and :func:`nearest_identity`
(the closest embedding of a gallery) use the trained embeddings, and
:func:`select_triplets` picks, within a batch, triplets that still teach the network
something (semi-hard negatives). Everything here works on embeddings; the network that
makes them is any :class:`dlspec.network.Network` or stack of blocks.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_data,
    check_finite,
    check_real,
    check_rng,
    check_same_shape,
    make_cache,
    read_cache,
)

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_embeddings(name, E, n_e=None, like=None):
    """``E`` of shape (n_e, m) with m >= 1, finite; ``like`` names the array it must match."""
    hint = f"to match {like}" if like else "(one embedding per column)"
    return check_data(name, E, rows=n_e, hint=hint)


def _check_identity_labels(name, labels, m):
    """Whole-number identity labels of shape (m,) or (1, m); returned as int64 of shape (m,)."""
    arr = as_float_array(name, labels)
    if arr.shape not in ((m,), (1, m)):
        raise ValueError(
            f"{name} must have shape ({m},) or (1, {m}), one identity per embedding, got {arr.shape}"
        )
    check_finite(name, arr)
    if np.any(arr != np.round(arr)):
        bad = np.unique(arr[arr != np.round(arr)])[:5].tolist()
        raise ValueError(
            f"{name} must contain whole numbers (identities 0, 1, 2, ...), found {bad}"
        )
    return arr.reshape(m).astype(np.int64)


def _check_threshold(threshold):
    """A finite threshold >= 0 on the squared distance."""
    return check_real("threshold", threshold, low=0.0)


# ---------------------------------------------------------------------------
# Distances
# ---------------------------------------------------------------------------


def squared_distance(E_1, E_2):
    r"""Squared Euclidean distance between matching columns of two batches of embeddings.

    Parameters
    ----------
    E_1, E_2 : ndarray of shape (n_e, m)
        Embeddings as columns; column ``i`` of one is compared with column ``i`` of the other.

    Returns
    -------
    d : ndarray of shape (1, m)
        A row, one distance per pair, in the dtype of the embeddings.

    Raises
    ------
    ValueError
        If the shapes differ, ``m == 0`` or an entry is NaN or infinite.
    TypeError
        If an array is not numeric.

    Notes
    -----
    .. math:: d^{(i)} = \lVert e_1^{(i)} - e_2^{(i)} \rVert_2^2
              = \sum_{k=1}^{n_e} \bigl(e_{1,k}^{(i)} - e_{2,k}^{(i)}\bigr)^2

    The distance of the triplet loss and of :func:`verify`; it is not square-rooted.
    Course 4, Week 4.
    """
    E_1 = _check_embeddings("E_1", E_1)
    E_2 = _check_embeddings("E_2", E_2, n_e=E_1.shape[0], like=f"E_1 of shape {E_1.shape}")
    check_same_shape("E_1", E_1, "E_2", E_2)
    return _squared_distance(E_1, E_2)


def _squared_distance(E_1, E_2):
    """:func:`squared_distance` on checked arrays."""
    diff = E_1 - E_2
    return np.sum(diff * diff, axis=0, keepdims=True)


def pairwise_squared_distances(E_1, E_2):
    r"""Squared Euclidean distance between every column of ``E_1`` and every column of ``E_2``.

    Parameters
    ----------
    E_1 : ndarray of shape (n_e, m_1)
    E_2 : ndarray of shape (n_e, m_2)

    Returns
    -------
    D : ndarray of shape (m_1, m_2)
        ``D[i, j]`` is the squared distance from column ``i`` of ``E_1`` to column ``j``
        of ``E_2``; never negative.

    Raises
    ------
    ValueError
        If the numbers of rows differ, a batch is empty, or an entry is NaN or infinite.
    TypeError
        If an array is not numeric.

    Notes
    -----
    .. math:: D_{ij} = \lVert e_1^{(i)} \rVert^2 + \lVert e_2^{(j)} \rVert^2
              - 2\, e_1^{(i)\,T} e_2^{(j)}

    one matrix product instead of a loop over the :math:`m_1 m_2` pairs. Subtracting
    nearly equal numbers can leave a tiny negative number where the distance is zero
    (an embedding and itself); those are set to 0. The error of each entry is about
    the float precision times the squared norms, which is far below the distances that
    matter when verifying. Course 4, Week 4.
    """
    E_1 = _check_embeddings("E_1", E_1)
    E_2 = _check_embeddings("E_2", E_2, n_e=E_1.shape[0], like=f"E_1 of shape {E_1.shape}")
    return _pairwise(E_1, E_2)


def _pairwise(E_1, E_2):
    """:func:`pairwise_squared_distances` on checked arrays."""
    sq_1 = np.sum(E_1 * E_1, axis=0)[:, None]  # (m_1, 1)
    sq_2 = np.sum(E_2 * E_2, axis=0)[None, :]  # (1, m_2)
    D = sq_1 + sq_2 - 2.0 * (E_1.T @ E_2)  # (m_1, m_2)
    return np.maximum(D, 0.0, out=D)


# ---------------------------------------------------------------------------
# The triplet loss
# ---------------------------------------------------------------------------


def triplet_loss_forward(anchor, positive, negative, *, margin):
    r"""The triplet loss of ``m`` triplets, the mean of their hinges, and a cache.

    Parameters
    ----------
    anchor, positive, negative : ndarray of shape (n_e, m)
        Embeddings as columns: triplet ``i`` is column ``i`` of each, the positive of the
        anchor's identity, the negative of another.
    margin : float >= 0
        The margin :math:`\alpha` (the course uses 0.2 for embeddings of unit length).

    Returns
    -------
    J : float
        The mean triplet loss over the ``m`` triplets.
    cache : dict
        The embeddings, the two distances and which triplets still violate the margin,
        for :func:`triplet_loss_backward`.

    Raises
    ------
    ValueError
        If the three shapes differ, ``m == 0``, an entry is NaN or infinite, or
        ``margin`` is negative, NaN or infinite.
    TypeError
        If an array is not numeric or ``margin`` is not a number.

    Notes
    -----
    .. math:: J = \frac{1}{m} \sum_{i=1}^{m} \max\Bigl(
              \lVert f(A^{(i)}) - f(P^{(i)}) \rVert^2 - \lVert f(A^{(i)}) - f(N^{(i)}) \rVert^2
              + \alpha,\ 0\Bigr)

    Without the margin the network could make every embedding equal (or zero) and get
    ``d(A, P) - d(A, N) = 0`` for free; the margin asks for a gap. A triplet already
    ``alpha`` apart adds 0 to ``J`` and 0 to the gradient, so training spends its effort
    on the triplets that still violate the margin (see :func:`select_triplets`).
    Course 4, Week 4.
    """
    margin = check_real("margin", margin, low=0.0)
    anchor = _check_embeddings("anchor", anchor)
    like = f"anchor of shape {anchor.shape}"
    positive = _check_embeddings("positive", positive, n_e=anchor.shape[0], like=like)
    negative = _check_embeddings("negative", negative, n_e=anchor.shape[0], like=like)
    check_same_shape("anchor", anchor, "positive", positive)
    check_same_shape("anchor", anchor, "negative", negative)
    return _triplet_loss(anchor, positive, negative, margin)


def _triplet_loss(anchor, positive, negative, margin):
    """:func:`triplet_loss_forward` on checked arguments."""
    d_ap = _squared_distance(anchor, positive)  # (1, m)
    d_an = _squared_distance(anchor, negative)  # (1, m)
    hinge = d_ap - d_an + margin  # (1, m)
    active = hinge > 0  # the triplets that still violate the margin
    J = float(np.sum(np.where(active, hinge, 0.0)) / anchor.shape[1])
    cache = make_cache(
        "triplet_loss_forward", anchor=anchor, positive=positive, negative=negative,
        d_ap=d_ap, d_an=d_an, active=active, margin=margin,
    )
    return J, cache


def triplet_loss_backward(cache):
    r"""Gradients of the triplet loss with respect to the three embeddings, per triplet.

    Parameters
    ----------
    cache : dict
        From :func:`triplet_loss_forward`.

    Returns
    -------
    d_anchor, d_positive, d_negative : ndarrays of shape (n_e, m)
        Column ``i`` is the derivative of triplet ``i``'s own loss
        :math:`\mathcal{L}^{(i)}` with respect to that triplet's embeddings: per example,
        without the ``1/m`` of the mean, as ``dout`` is throughout dlspec. (So these are
        ``m`` times the gradients of ``J``.) In the dtype of the embeddings.

    Raises
    ------
    TypeError
        If ``cache`` was not made by :func:`triplet_loss_forward`.

    Notes
    -----
    Where :math:`\mathcal{L}^{(i)} > 0`,

    .. math:: \frac{\partial \mathcal{L}}{\partial A} = 2(N - P), \qquad
              \frac{\partial \mathcal{L}}{\partial P} = 2(P - A), \qquad
              \frac{\partial \mathcal{L}}{\partial N} = 2(A - N),

    and all three are 0 where the margin is met (a hinge of exactly 0 counts as met).
    The three add up to 0: moving a whole triplet changes no distance.

    Passing them on: if the three embeddings come from three passes of a network (or
    of one block), hand each its own gradient; the blocks divide their parameter
    gradients by ``m``, which gives those of ``J``. If they come from **one** pass over
    the ``3m`` images side by side, ``[A, P, N]``, hand it
    ``np.hstack([d_anchor, d_positive, d_negative])``: that pass divides by ``3m``, so
    multiply its parameter gradients by 3 to get those of ``J`` (or fold the 3 into the
    learning rate). Course 4, Week 4.
    """
    anchor, positive, negative, active = read_cache(
        cache, "triplet_loss_forward", ("anchor", "positive", "negative", "active")
    )
    d_anchor = 2.0 * (negative - positive) * active  # (n_e, m); bool keeps the dtype
    d_positive = 2.0 * (positive - anchor) * active
    d_negative = 2.0 * (anchor - negative) * active
    return d_anchor, d_positive, d_negative


# ---------------------------------------------------------------------------
# Using the embeddings: verification and recognition
# ---------------------------------------------------------------------------


def verify(E_1, E_2, threshold):
    r"""Face verification: is each pair of embeddings the same identity?

    Parameters
    ----------
    E_1, E_2 : ndarray of shape (n_e, m)
        Pair ``i`` is column ``i`` of each (e.g. the ID card's photo and the camera's).
    threshold : float >= 0
        The largest **squared** distance (:func:`squared_distance`) still called "same".

    Returns
    -------
    ndarray of shape (1, m), int64
        1 where :math:`d \le` ``threshold`` (same identity), 0 elsewhere, like every
        ``predict`` of dlspec, ready for :func:`dlspec.metrics.accuracy`.

    Raises
    ------
    ValueError
        As :func:`squared_distance`; or ``threshold`` negative, NaN or infinite.
    TypeError
        If an array is not numeric or ``threshold`` is not a number.

    Notes
    -----
    .. math:: \hat y^{(i)} = \mathbb{1}\bigl[d(x_1^{(i)}, x_2^{(i)}) \le \tau\bigr]

    Verification is a 1:1 question answered by one distance, so a new person needs one
    photo and no retraining (one-shot learning). Sweeping ``threshold`` trades false
    accepts for false rejects (the ROC curve); pick it on a dev set. Course 4, Week 4.
    """
    threshold = _check_threshold(threshold)
    d = squared_distance(E_1, E_2)
    return (d <= threshold).astype(np.int64)


def nearest_identity(query, gallery, gallery_labels, *, threshold=None):
    r"""Face recognition: the identity of the closest gallery embedding to each query.

    Parameters
    ----------
    query : ndarray of shape (n_e, m_q)
        Embeddings to recognise, as columns.
    gallery : ndarray of shape (n_e, m_g)
        The database: embeddings of known people, one or more per person.
    gallery_labels : array of shape (m_g,) or (1, m_g)
        The identity (a whole number >= 0) of each gallery column.
    threshold : float >= 0, optional
        If given, a query whose nearest squared distance exceeds it is "not in the
        database" and gets the label -1.

    Returns
    -------
    labels : ndarray of shape (1, m_q), int64
        The identity of the nearest gallery column (the first one on a tie), or -1.
    distances : ndarray of shape (1, m_q)
        The squared distance to that nearest column.

    Raises
    ------
    ValueError
        If the numbers of rows differ, a batch is empty, an entry is NaN or infinite,
        ``gallery_labels`` has another length, a negative label or a non-whole number,
        or ``threshold`` is negative, NaN or infinite.
    TypeError
        If an array is not numeric or ``threshold`` is not a number.

    Notes
    -----
    .. math:: \hat y^{(i)} = y_{\mathrm{gal}}^{(j^*)}, \qquad
              j^* = \arg\min_j d(q^{(i)}, g^{(j)}),

    the 1-nearest-neighbour rule over :func:`pairwise_squared_distances`. Recognition is a
    1:K question, harder than verification: with K people in the database, each query has
    K chances to be mistaken for someone. Course 4, Week 4.
    """
    if threshold is not None:
        threshold = _check_threshold(threshold)
    query = _check_embeddings("query", query)
    gallery = _check_embeddings(
        "gallery", gallery, n_e=query.shape[0], like=f"query of shape {query.shape}"
    )
    labels = _check_identity_labels("gallery_labels", gallery_labels, gallery.shape[1])
    if np.any(labels < 0):
        raise ValueError(
            "gallery_labels must be identities >= 0 (-1 is kept for 'not in the database'), "
            f"found {np.unique(labels[labels < 0])[:5].tolist()}"
        )
    D = _pairwise(query, gallery)  # (m_q, m_g)
    nearest = np.argmin(D, axis=1)  # the first of equally near columns
    distances = D[np.arange(D.shape[0]), nearest][None, :]
    predicted = labels[nearest][None, :]
    if threshold is not None:
        predicted = np.where(distances > threshold, -1, predicted)
    return predicted.astype(np.int64), distances


# ---------------------------------------------------------------------------
# Choosing triplets
# ---------------------------------------------------------------------------

_FALLBACKS = ("hardest", "random")


def select_triplets(embeddings, labels, *, margin, rng, fallback="hardest"):
    r"""Choose one triplet per anchor in a batch, with a semi-hard negative where one exists.

    Parameters
    ----------
    embeddings : ndarray of shape (n_e, m)
        The current embeddings of the batch's ``m`` images.
    labels : array of shape (m,) or (1, m)
        Their identities, whole numbers.
    margin : float >= 0
        The margin :math:`\alpha` of the triplet loss.
    rng : numpy.random.Generator
        Draws the positive and, among several candidates, the negative.
    fallback : {"hardest", "random"}, default "hardest"
        The negative taken when no semi-hard one exists: the one closest to the anchor,
        or one drawn at random.

    Returns
    -------
    anchors, positives, negatives : ndarrays of shape (k,), int64
        Column indices into the batch: triplet ``t`` is
        ``embeddings[:, anchors[t]]``, ``embeddings[:, positives[t]]``,
        ``embeddings[:, negatives[t]]`` (index the images the same way to run the
        network on them). ``anchors`` is increasing; ``k <= m``.

    Raises
    ------
    ValueError
        If ``labels`` does not match, ``embeddings`` is empty or not finite, ``margin``
        is negative, ``fallback`` is unknown, or the batch holds no triplet at all (it
        needs an identity with two images and a second identity).
    TypeError
        If ``rng`` is not a Generator, or an argument is not numeric.

    Notes
    -----
    Every image whose identity appears at least twice in the batch is an anchor once
    (others are skipped). Its positive is drawn at random among the other images of its
    identity. Its negative, with :math:`d` the squared distance, is drawn among the
    **semi-hard** ones,

    .. math:: d(A, P) < d(A, N) < d(A, P) + \alpha,

    farther than the positive yet still inside the margin, so the loss is positive but
    smaller than :math:`\alpha`. If there is none (always with ``margin = 0``), every
    negative is either *hard* (:math:`d(A, N) \le d(A, P)`) or *easy* (loss 0):
    ``"hardest"`` then takes the negative closest to the anchor (the first on a tie),
    which is a hard one when any exists, and ``"random"`` draws any negative.

    Random triplets are mostly easy once training has started, and give zero gradient;
    semi-hard ones keep teaching. The very hardest negatives, always, can make
    training collapse early (every embedding pulled together; FaceNet, Schroff et
    al. 2015), which is why they are only the fallback here. Course 4, Week 4.
    """
    check_rng(rng)
    margin = check_real("margin", margin, low=0.0)
    if not isinstance(fallback, str) or fallback not in _FALLBACKS:
        raise ValueError(f"fallback must be 'hardest' or 'random', got {fallback!r}")
    embeddings = _check_embeddings("embeddings", embeddings)
    m = embeddings.shape[1]
    labels = _check_identity_labels("labels", labels, m)
    D = _pairwise(embeddings, embeddings)  # (m, m)
    anchors, positives, negatives = [], [], []
    for i in range(m):
        same = labels == labels[i]
        same[i] = False
        candidates_p = np.flatnonzero(same)
        candidates_n = np.flatnonzero(labels != labels[i])
        if candidates_p.size == 0 or candidates_n.size == 0:
            continue
        p = rng.choice(candidates_p)
        d_ap, d_an = D[i, p], D[i, candidates_n]
        semi_hard = candidates_n[(d_an > d_ap) & (d_an < d_ap + margin)]
        if semi_hard.size:
            n = rng.choice(semi_hard)
        elif fallback == "hardest":
            n = candidates_n[np.argmin(d_an)]
        else:
            n = rng.choice(candidates_n)
        anchors.append(i)
        positives.append(p)
        negatives.append(n)
    if not anchors:
        raise ValueError(
            "labels hold no triplet: the batch needs an identity with at least two images "
            f"and at least one other identity, got identities {np.unique(labels)[:10].tolist()} "
            f"with counts {np.unique(labels, return_counts=True)[1][:10].tolist()}"
        )
    return (np.array(anchors, dtype=np.int64), np.array(positives, dtype=np.int64),
            np.array(negatives, dtype=np.int64))
