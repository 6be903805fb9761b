r"""GloVe: word vectors fitted to the logarithm of co-occurrence counts.

Course 5, Week 2. GloVe ("global vectors") counts, over the whole corpus, how often word
``i`` appears within a few positions of word ``j`` (:func:`cooccurrence_counts`, the matrix
``X``), then fits :math:`\theta_i^T e_j + b_i + b'_j` to :math:`\log X_{ij}` by weighted least
squares::

    context, target = skipgram_pairs(sentences, window=2)      # dlspec.word2vec
    X = cooccurrence_counts(context, target, V)
    J = glove_loss(X, {"Theta": Theta, "E": E, "b": b, "b_prime": b_prime})
    grads = glove_gradients(X, params)                          # "dTheta", "dE", "db", "db_prime"

The weighting :func:`glove_weight` ignores the pairs never seen and caps the frequent ones.
``Theta`` and ``E`` play symmetric roles (``X`` is symmetric for a symmetric window), so
:math:`E + \Theta` is a common choice of final word vectors; :mod:`dlspec.embeddings`
compares them. :mod:`dlspec.word2vec` learns word vectors from the same pairs one
mini-batch at a time, with skip-gram and negative sampling.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_params,
    check_positive,
    check_shape,
)
from dlspec.embeddings import check_embedding_matrix, check_indices


def cooccurrence_counts(context, target, vocab_size):
    r"""The co-occurrence matrix ``X``: ``X[i, j]`` counts the pairs with target ``i`` and context ``j``.

    Parameters
    ----------
    context, target : ndarray of int, shape (n_pairs,)
        Pairs as from :func:`dlspec.word2vec.skipgram_pairs`.
    vocab_size : int >= 1

    Returns
    -------
    X : ndarray of shape (V, V), float64
        How often word ``i`` appears within the window of word ``j``; symmetric for the
        pairs of :func:`dlspec.word2vec.skipgram_pairs`, which lists each pair both ways.

    Raises
    ------
    TypeError
        If the indices are not integers.
    ValueError
        If an index lies outside ``[0, V)`` or the two arrays differ in length.

    Notes
    -----
    :math:`X_{ij} = \#\{(c, t) : t = i,\ c = j\}`, GloVe's input. Course 5, Week 2.
    """
    vocab_size = check_int("vocab_size", vocab_size)
    context = check_indices("context", context, vocab_size, "(n_pairs,)", (1,))
    target = check_indices("target", target, vocab_size, "(n_pairs,)", (1,))
    if target.shape != context.shape:
        raise ValueError(f"target must have shape {context.shape} to match context, got {target.shape}")
    X = np.zeros((vocab_size, vocab_size))
    np.add.at(X, (target, context), 1.0)
    return X


def glove_weight(X, x_max=100.0, alpha=0.75):
    r"""GloVe's weighting ``f(X_ij)``: 0 for pairs never seen, growing to 1 at ``x_max``.

    Parameters
    ----------
    X : ndarray of any shape
        Co-occurrence counts, >= 0.
    x_max : float > 0, default 100
    alpha : float > 0, default 0.75

    Returns
    -------
    ndarray of the shape of ``X``, float

    Raises
    ------
    ValueError
        If ``X`` holds a negative, NaN or infinite count or a setting is not positive.

    Notes
    -----
    .. math:: f(x) = \begin{cases} (x / x_{max})^{\alpha} & x < x_{max} \\ 1 & x \ge x_{max} \end{cases}

    :math:`f(0) = 0` drops the pairs that never occur, whose :math:`\log X_{ij}` is
    :math:`-\infty`; the cap keeps very frequent pairs ("of the") from dominating.
    Course 5, Week 2.
    """
    X = _check_counts("X", X, square=False)
    x_max, alpha = check_positive("x_max", x_max), check_positive("alpha", alpha)
    return np.minimum(X / x_max, 1.0) ** alpha


def _check_counts(name, X, *, square=True):
    """Non-negative finite counts; a square (V, V) matrix when ``square``."""
    X = as_float_array(name, X)
    if square and (X.ndim != 2 or X.shape[0] != X.shape[1] or X.size == 0):
        raise ValueError(f"{name} must have shape (V, V), got {X.shape}")
    check_finite(name, X)
    if np.any(X < 0):
        raise ValueError(f"{name} must hold counts >= 0, found {X[X < 0][:5].tolist()}")
    return X


def _glove_residual(X, params, x_max, alpha):
    """Check the arguments; return the weights ``f(X)`` and the residuals of GloVe's fit."""
    X = _check_counts("X_counts", X)
    Theta, E, b, b_prime = check_params("params", params, ("Theta", "E", "b", "b_prime"))
    E = check_embedding_matrix("E", E)
    n_e, V = E.shape
    check_shape("X_counts", X, (V, V), hint=f"to match E of shape {E.shape}")
    check_shape("Theta", Theta, (n_e, V), hint=f"to match E of shape {E.shape}")
    check_shape("b", b, (V, 1), hint=f"for a vocabulary of {V} words")
    check_shape("b_prime", b_prime, (V, 1), hint=f"for a vocabulary of {V} words")
    for name, a in (("Theta", Theta), ("b", b), ("b_prime", b_prime)):
        check_finite(name, a)
    weight = glove_weight(X, x_max, alpha)
    log_X = np.log(np.where(X > 0, X, 1.0))  # any finite number where X = 0: f(0) = 0 drops it
    residual = Theta.T @ E + b + b_prime.T - log_X  # (V, V): entry (i, j) for theta_i, e_j
    return weight, residual, (Theta, E)


def glove_loss(X_counts, params, *, x_max=100.0, alpha=0.75):
    r"""GloVe's weighted least-squares objective (a sum over all pairs of words).

    Parameters
    ----------
    X_counts : ndarray of shape (V, V)
        ``X_counts[i, j]``: how often word ``i`` appears near word ``j``
        (:func:`cooccurrence_counts`).
    params : dict
        ``{"Theta": (n_e, V), "E": (n_e, V), "b": (V, 1), "b_prime": (V, 1)}``: the two
        vectors and the two biases of every word.
    x_max, alpha : float > 0
        Of the weighting :func:`glove_weight`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes disagree, ``X_counts`` holds negative counts, or an entry is NaN
        or infinite.
    TypeError
        If ``params`` is not a dict.

    Notes
    -----
    .. math:: J = \sum_{i=1}^{V} \sum_{j=1}^{V} f(X_{ij})
              \big(\theta_i^T e_j + b_i + b'_j - \log X_{ij}\big)^2

    A *sum*, as in the course and the paper, not a mean; pairs with :math:`X_{ij} = 0`
    contribute nothing. Course 5, Week 2.
    """
    weight, residual, _ = _glove_residual(X_counts, params, x_max, alpha)
    return float(np.sum(weight * residual**2))


def glove_gradients(X_counts, params, *, x_max=100.0, alpha=0.75):
    r"""Gradients of :func:`glove_loss` with respect to ``Theta``, ``E``, ``b`` and ``b_prime``.

    Parameters
    ----------
    X_counts, params, x_max, alpha
        As for :func:`glove_loss`.

    Returns
    -------
    dict
        ``{"dTheta": (n_e, V), "dE": (n_e, V), "db": (V, 1), "db_prime": (V, 1)}``,
        derivatives of the sum :math:`J` (no division).

    Raises
    ------
    ValueError, TypeError
        As for :func:`glove_loss`.

    Notes
    -----
    With :math:`D_{ij} = 2 f(X_{ij}) (\theta_i^T e_j + b_i + b'_j - \log X_{ij})`:

    .. math:: \frac{\partial J}{\partial \theta_i} = \sum_j D_{ij}\, e_j, \quad
              \frac{\partial J}{\partial e_j} = \sum_i D_{ij}\, \theta_i, \quad
              \frac{\partial J}{\partial b_i} = \sum_j D_{ij}, \quad
              \frac{\partial J}{\partial b'_j} = \sum_i D_{ij},

    that is ``dTheta = E D^T``, ``dE = Theta D``. Course 5, Week 2.
    """
    weight, residual, (Theta, E) = _glove_residual(X_counts, params, x_max, alpha)
    D = 2.0 * weight * residual  # (V, V)
    return {
        "dTheta": E @ D.T,
        "dE": Theta @ D,
        "db": np.sum(D, axis=1, keepdims=True),
        "db_prime": np.sum(D, axis=0)[:, None],
    }
