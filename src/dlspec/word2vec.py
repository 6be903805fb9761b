r"""Learning word embeddings: Word2Vec's skip-gram with negative sampling.

Course 5, Week 2. Skip-gram learns two vectors per word from which words appear near
which: an *embedding* :math:`e_w`, a column of ``E`` of shape ``(n_e, V)``, and an *output*
vector :math:`\theta_w`, a column of ``Theta`` of the same shape. The names follow the
course, which may surprise a reader of the word2vec paper: the **context** word ``c`` is
the word fed in (the paper's "centre" word, looked up in ``E``) and the **target** ``t`` is a
word within a few positions of it, to be predicted with :math:`\theta_t`.

Skip-gram with negative sampling turns each (context, target) pair into ``k + 1`` binary
classifications: "is ``t`` near ``c``?", answered 1 for the true target and 0 for ``k``
*negative* words drawn from the unigram distribution raised to the power 3/4::

    context, target = skipgram_pairs(sentences, window=2)
    dist = negative_sampling_distribution(word_counts)           # P(w) ~ count(w) ** 0.75
    negatives = sample_negatives(dist, (m, k), rng=rng)
    loss, cache = skipgram_ns_forward(context, target, negatives, {"E": E, "Theta": Theta})
    grads = skipgram_ns_backward(cache)                           # "dE", "dTheta"
    params, costs = fit_skipgram(context, target, word_counts, n_e=10, rng=rng,
                                 optimizer=Adam(0.01), num_epochs=5)

After training, ``E`` holds the word vectors that :mod:`dlspec.embeddings` compares.
:mod:`dlspec.glove` fits word vectors to the counts of the same pairs instead.
"""

from collections.abc import Iterable
from numbers import Integral

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_float_dtype,
    check_int,
    check_params,
    check_real,
    check_rng,
    check_shape,
    make_cache,
    read_cache,
)
from dlspec.embeddings import (
    check_embedding_matrix,
    check_indices,
    embedding_backward,
    embedding_forward,
)
from dlspec.losses import binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_backward
from dlspec.optimizers import check_optimizer

# ---------------------------------------------------------------------------
# Training pairs and counts
# ---------------------------------------------------------------------------


def skipgram_pairs(sentences, window):
    r"""Every (context, target) pair of words at most ``window`` positions apart.

    Parameters
    ----------
    sentences : iterable of 1-D sequences of int
        Each sentence as word indices (>= 0), e.g. ``[[3, 8, 1], [5, 2]]``. Pairs never
        cross from one sentence into the next.
    window : int >= 1
        The largest distance between a context word and its target.

    Returns
    -------
    context : ndarray of shape (n_pairs,), int64
        The word fed in, :math:`c`.
    target : ndarray of shape (n_pairs,), int64
        A word near it, :math:`t`. Pairs are listed sentence by sentence, context position
        by position, targets left to right. A pair and its mirror image both appear.

    Raises
    ------
    TypeError
        If a sentence is not a sequence of integers, or ``window`` is not an integer.
    ValueError
        If a sentence is not 1-D or holds a negative index, or ``window < 1``.

    Notes
    -----
    For a sentence :math:`w_1, \dots, w_n`, the pairs are :math:`(c, t) = (w_i, w_j)` for
    :math:`0 < |i - j| \le` ``window``. The course picks a context word at random and a
    target at random within the window; listing every pair once and shuffling them each
    epoch visits the same pairs. Course 5, Week 2.
    """
    window = check_int("window", window)
    if isinstance(sentences, (str, bytes)) or not isinstance(sentences, Iterable):
        raise TypeError(f"sentences must be a list of sentences of word indices, got {type(sentences).__name__}")
    words = [_check_sentence(s, sentence) for s, sentence in enumerate(sentences)]
    tokens = np.concatenate([np.zeros(0, np.int64), *words])  # the corpus, sentence after sentence
    sentence_of = np.repeat(np.arange(len(words)), [w.size for w in words])
    position = np.arange(tokens.size)
    c_pos, t_pos = [], []
    for d in (*range(-window, 0), *range(1, window + 1)):  # the target d positions away
        c = position[max(0, -d) : tokens.size - max(0, d)]
        same = sentence_of[c] == sentence_of[c + d]  # pairs never cross sentences
        c_pos.append(c[same])
        t_pos.append(c[same] + d)
    c_pos, t_pos = np.concatenate(c_pos), np.concatenate(t_pos)
    order = np.lexsort((t_pos, c_pos))  # by context position, then target position
    return tokens[c_pos[order]], tokens[t_pos[order]]


def _check_sentence(s, sentence):
    """Sentence ``s`` as a 1-D int64 array of word indices >= 0 (an empty one is allowed)."""
    try:
        words = np.asarray(sentence)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"sentences[{s}] must be a sequence of word indices, got {type(sentence).__name__}") from exc
    if words.ndim != 1:
        raise ValueError(f"sentences[{s}] must be a 1-D sequence of word indices, got shape {words.shape}")
    if words.size == 0:
        return np.zeros(0, np.int64)
    if words.dtype.kind not in "iu":
        raise TypeError(f"sentences[{s}] must hold integer word indices, got dtype {words.dtype}")
    if words.min() < 0:
        raise ValueError(f"sentences[{s}] must hold word indices >= 0, found {words[words < 0][:5].tolist()}")
    return words.astype(np.int64, copy=False)


def _check_pair_indices(context, target, vocab_size):
    """``context`` and ``target`` as int64 vectors of one length with indices in range."""
    context = check_indices("context", context, vocab_size, "(m,)", (1,))
    target = check_indices("target", target, vocab_size, "(m,)", (1,))
    if target.shape != context.shape:
        raise ValueError(f"target must have shape {context.shape} to match context, got {target.shape}")
    return context, target


# ---------------------------------------------------------------------------
# Negative sampling
# ---------------------------------------------------------------------------


def negative_sampling_distribution(counts, power=0.75):
    r"""Word2vec's distribution of negative words: counts raised to ``power``, normalised.

    Parameters
    ----------
    counts : ndarray of shape (V,)
        How often each word occurs in the corpus (any non-negative numbers).
    power : float >= 0, default 0.75
        1 samples by frequency, 0 uniformly over the vocabulary; the course's 3/4 lies
        between, giving rare words more chances than their frequency.

    Returns
    -------
    ndarray of shape (V,), float64
        Probabilities adding up to 1.

    Raises
    ------
    ValueError
        If ``counts`` is not 1-D, holds a negative, NaN or infinite number, or is all zero
        (with ``power > 0``); or ``power`` is negative.
    TypeError
        If ``counts`` is not numeric.

    Notes
    -----
    .. math:: P(w_i) = \frac{f(w_i)^{3/4}}{\sum_{j=1}^{V} f(w_j)^{3/4}}

    with :math:`f(w)` the count of word :math:`w`. Course 5, Week 2.
    """
    counts = as_float_array("counts", counts)
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(f"counts must have shape (V,), one count per word, got {counts.shape}")
    check_finite("counts", counts)
    if np.any(counts < 0):
        raise ValueError(f"counts must be >= 0, found {counts[counts < 0][:5].tolist()}")
    power = check_real("power", power, low=0.0)
    weights = counts.astype(np.float64) ** power
    if weights.sum() == 0:
        raise ValueError("counts must not all be zero: there is no word to sample")
    return weights / weights.sum()


def sample_negatives(dist, shape, *, rng):
    r"""Draw word indices from ``dist``, independently, e.g. ``k`` negatives per pair.

    Parameters
    ----------
    dist : ndarray of shape (V,)
        Probabilities of the words, from :func:`negative_sampling_distribution`.
    shape : int or tuple of int
        Shape of the result, e.g. ``(m, k)``.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of the given shape, int64
        Indices in ``[0, V)``. As in word2vec, a negative may by chance be the pair's own
        target or context word; with a large vocabulary this is rare and harmless.

    Raises
    ------
    ValueError
        If ``dist`` is not a probability vector (non-negative, adding up to 1 within
        1e-8), or ``shape`` holds a negative size.
    TypeError
        If ``shape`` is not an integer or a tuple of integers, or ``rng`` is not a Generator.

    Notes
    -----
    :math:`w \sim P(w)`, drawn by inverting the cumulative distribution; word2vec does the
    same with a large table in which each word fills a share :math:`P(w)` of the slots.
    Course 5, Week 2.
    """
    check_rng(rng)
    dist = as_float_array("dist", dist)
    if dist.ndim != 1 or dist.size == 0:
        raise ValueError(f"dist must have shape (V,), one probability per word, got {dist.shape}")
    check_finite("dist", dist)
    if np.any(dist < 0) or abs(dist.sum() - 1.0) > 1e-8:
        raise ValueError(f"dist must hold probabilities >= 0 adding up to 1, got a sum of {dist.sum()}")
    if isinstance(shape, Integral) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, tuple) or not all(isinstance(n, Integral) and not isinstance(n, bool) for n in shape):
        raise TypeError(f"shape must be an integer or a tuple of integers, got {shape!r}")
    shape = tuple(check_int(f"shape[{i}]", n, minimum=0) for i, n in enumerate(shape))
    return _sample(_cdf(dist), shape, rng)


def _cdf(dist):
    """The cumulative distribution of ``dist``, ending at exactly 1."""
    cdf = np.cumsum(dist)
    return cdf / cdf[-1]


def _sample(cdf, shape, rng):
    """Indices drawn by inverting ``cdf``: the first word whose cumulative probability exceeds
    a uniform ``u`` in [0, 1). As ``cdf[-1] = 1 > u``, the index is valid, and a word of
    probability 0 (``cdf`` not rising) is never the first to exceed ``u``."""
    return np.searchsorted(cdf, rng.random(shape), side="right").astype(np.int64)


# ---------------------------------------------------------------------------
# Skip-gram with negative sampling: forward and backward
# ---------------------------------------------------------------------------


def _check_skipgram_params(params):
    """``params["E"]`` and ``params["Theta"]``, both (n_e, V), refusing any other key."""
    E, Theta = check_params("params", params, ("E", "Theta"))
    unexpected = sorted(str(k) for k in params if k not in ("E", "Theta"))
    if unexpected:
        raise ValueError(f"params has unexpected key(s) {unexpected}; expected 'E' and 'Theta'")
    E = check_embedding_matrix("E", E)
    Theta = check_embedding_matrix("Theta", Theta)
    check_shape("Theta", Theta, E.shape, hint=f"to match E of shape {E.shape}")
    return {"E": E, "Theta": Theta}


def initialize_skipgram(vocab_size, n_e, *, rng, dtype=np.float64):
    r"""Word2vec's starting parameters: small random embeddings, zero output vectors.

    Parameters
    ----------
    vocab_size : int >= 1
        ``V``.
    n_e : int >= 1
        Size of each word vector.
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    dict
        ``{"E": (n_e, V) uniform in [-0.5 / n_e, 0.5 / n_e), "Theta": (n_e, V) zeros}``.

    Raises
    ------
    ValueError, TypeError
        If a size is not an integer >= 1, ``rng`` is not a Generator or ``dtype`` is not
        float32 or float64.

    Notes
    -----
    Zero output vectors are safe here (unlike a dense layer's weights): each word's
    :math:`\theta` is pushed by different embeddings, so the symmetry breaks in the first
    step. Course 5, Week 2.
    """
    vocab_size, n_e = check_int("vocab_size", vocab_size), check_int("n_e", n_e)
    check_rng(rng)
    dtype = check_float_dtype("dtype", dtype)
    E = rng.uniform(-0.5 / n_e, 0.5 / n_e, size=(n_e, vocab_size)).astype(dtype)
    return {"E": E, "Theta": np.zeros((n_e, vocab_size), dtype=dtype)}


def skipgram_ns_forward(context, target, negatives, params):
    r"""The loss of skip-gram with negative sampling on a batch of (context, target) pairs.

    Parameters
    ----------
    context : ndarray of int, shape (m,)
        The words fed in, :math:`c` (looked up in ``E``).
    target : ndarray of int, shape (m,)
        For each, a word that was near it, :math:`t` (the positive example, label 1).
    negatives : ndarray of int, shape (m, k), k >= 1
        For each, ``k`` words drawn by :func:`sample_negatives` (label 0).
    params : dict
        ``{"E": (n_e, V), "Theta": (n_e, V)}``: embeddings :math:`e_w` and output vectors
        :math:`\theta_w`, one column per word.

    Returns
    -------
    loss : float
        The mean over the ``m`` pairs of the ``k + 1`` binary cross-entropies.
    cache : dict
        The caches of the three lookups, the looked-up vectors and the logits, for
        :func:`skipgram_ns_backward`.

    Raises
    ------
    TypeError
        If an index array does not hold integers or ``params`` is not a dict.
    ValueError
        If an index is outside ``[0, V)``, the shapes disagree (``target`` (m,),
        ``negatives`` (m, k)), ``m`` or ``k`` is 0, or ``E`` and ``Theta`` differ in shape
        or hold NaN or infinity.

    Notes
    -----
    With :math:`\sigma(\theta_t^T e_c)` the probability that ``t`` is a true target of ``c``,

    .. math:: \mathcal{L} = \frac{1}{m} \sum_{i=1}^{m} \Big[ -\log \sigma\big(\theta_{t}^T e_{c}\big)
              - \sum_{j=1}^{k} \log \sigma\big(-\theta_{n_j}^T e_{c}\big) \Big]

    (indices of example ``i`` left out). Each term is the binary cross-entropy of a logit
    :math:`z = \theta_w^T e_c` with label 1 (target) or 0 (negative), since
    :math:`1 - \sigma(z) = \sigma(-z)`. The ``k + 1`` logits of a pair form a column of
    ``Z`` (``(k + 1, m)``, the target's first), and the loss is
    :func:`dlspec.losses.binary_cross_entropy_with_logits`, computed stably from the logits.
    The vectors :math:`e_c`, :math:`\theta_t` and :math:`\theta_{n_j}` come from three
    :func:`dlspec.embeddings.embedding_forward` lookups (in ``E``, then twice in ``Theta``).
    Only ``k + 1`` of the ``V`` output vectors are used per pair, instead of a softmax over
    all ``V`` words. Course 5, Week 2.
    """
    params = _check_skipgram_params(params)
    V = params["E"].shape[1]
    context, target = _check_pair_indices(context, target, V)
    negatives = check_indices("negatives", negatives, V, "(m, k)", (2,))
    if negatives.shape[0] != context.shape[0] or negatives.shape[1] == 0:
        raise ValueError(
            f"negatives must have shape ({context.shape[0]}, k) with k >= 1 to match context, "
            f"got {negatives.shape}"
        )
    return _skipgram_ns(context, target, negatives, params)


def _skipgram_ns(context, target, negatives, params):
    """:func:`skipgram_ns_forward` on checked arguments."""
    e_c, context_cache = embedding_forward(context, {"E": params["E"]})  # (n_e, m)
    theta_t, target_cache = embedding_forward(target, {"E": params["Theta"]})  # (n_e, m)
    theta_neg, negatives_cache = embedding_forward(negatives, {"E": params["Theta"]})  # (n_e, m, k)
    z_t = np.sum(theta_t * e_c, axis=0)  # (m,)
    z_neg = np.einsum("nmk,nm->km", theta_neg, e_c)  # (k, m)
    Z = np.concatenate([z_t[None, :], z_neg])  # (k + 1, m): one column of logits per pair
    Y = np.zeros_like(Z)
    Y[0] = 1.0  # the true target is labelled 1, the negatives 0
    loss = binary_cross_entropy_with_logits(Z, Y)
    cache = make_cache(
        "skipgram_ns_forward", e_c=e_c, theta_t=theta_t, theta_neg=theta_neg, Z=Z, Y=Y,
        lookups=(context_cache, target_cache, negatives_cache),
    )
    return loss, cache


def skipgram_ns_backward(cache):
    r"""Gradients of :func:`skipgram_ns_forward`'s mean loss with respect to ``E`` and ``Theta``.

    Parameters
    ----------
    cache : dict
        From :func:`skipgram_ns_forward`. There is no upstream gradient: the forward pass
        ends in the loss.

    Returns
    -------
    grads : dict
        ``{"dE": (n_e, V), "dTheta": (n_e, V)}``, gradients of the mean loss over the
        ``m`` pairs. Only the columns of the batch's words are non-zero.

    Raises
    ------
    TypeError
        If ``cache`` was not made by :func:`skipgram_ns_forward`.

    Notes
    -----
    With :math:`dz = \sigma(z) - y` for each logit (1 for the target, 0 for a negative):

    .. math:: d\theta_w = dz_w\, e_c, \qquad
              de_c = dz_t\, \theta_t + \sum_{j=1}^{k} dz_{n_j}\, \theta_{n_j},

    each added into its word's column (a word that occurs several times in the batch
    gets the sum), then divided by ``m``. Course 5, Week 2.
    """
    e_c, theta_t, theta_neg, Z, Y, lookups = read_cache(
        cache, "skipgram_ns_forward", ("e_c", "theta_t", "theta_neg", "Z", "Y", "lookups")
    )
    context_cache, target_cache, negatives_cache = lookups
    dZ = binary_cross_entropy_with_logits_backward(Z, Y)  # sigmoid(Z) - Y, (k + 1, m)
    dz_t, dz_neg = dZ[0], dZ[1:]  # (m,), (k, m)
    de_c = dz_t * theta_t + np.einsum("nmk,km->nm", theta_neg, dz_neg)  # (n_e, m)
    dtheta_t = dz_t * e_c  # (n_e, m)
    dtheta_neg = e_c[:, :, None] * dz_neg.T[None, :, :]  # (n_e, m, k)
    # Each lookup's backward pass adds the vectors' gradients into their words' columns, / m.
    _, from_context = embedding_backward(de_c, context_cache)
    _, from_target = embedding_backward(dtheta_t, target_cache)
    _, from_negatives = embedding_backward(dtheta_neg, negatives_cache)
    return {"dE": from_context["dE"], "dTheta": from_target["dE"] + from_negatives["dE"]}


def fit_skipgram(context, target, counts, *, n_e, rng, optimizer, k=5, num_epochs=5,
                 batch_size=256, power=0.75, params=None):
    r"""Train skip-gram with negative sampling on (context, target) pairs.

    Parameters
    ----------
    context, target : ndarray of int, shape (n_pairs,)
        The training pairs, e.g. from :func:`skipgram_pairs`.
    counts : ndarray of shape (V,)
        Word counts of the corpus, for :func:`negative_sampling_distribution`; ``V`` is
        the vocabulary size.
    n_e : int >= 1
        Size of the word vectors (ignored, but checked against, when ``params`` is given).
    rng : numpy.random.Generator
        Draws the starting parameters, the shuffle of every epoch and the negatives.
    optimizer : an optimiser of :mod:`dlspec.optimizers`, e.g. ``Adam(0.01)``
    k : int >= 1, default 5
        Negatives per pair.
    num_epochs : int >= 0, default 5
    batch_size : int >= 1, default 256
    power : float >= 0, default 0.75
    params : dict, optional
        Starting ``{"E", "Theta"}``; by default :func:`initialize_skipgram`.

    Returns
    -------
    params : dict
        ``{"E": (n_e, V), "Theta": (n_e, V)}`` after training; ``E`` holds the word vectors.
    costs : list of float
        ``costs[e]``: the mean of the mini-batch losses of epoch ``e``.

    Raises
    ------
    ValueError, TypeError
        As for :func:`skipgram_ns_forward`, :func:`negative_sampling_distribution` and
        the settings' checks; if there are no pairs; if ``params`` does not have the
        shape ``(n_e, V)``.

    Notes
    -----
    Every epoch shuffles the pairs (one permutation, drawn first), then for each batch of
    ``batch_size`` pairs draws ``(m_b, k)`` negatives, runs :func:`skipgram_ns_forward` and
    :func:`skipgram_ns_backward` and takes one optimiser step. The arguments are checked
    once; the loop runs the unchecked passes. Course 5, Week 2.
    """
    n_e = check_int("n_e", n_e)
    k, batch_size = check_int("k", k), check_int("batch_size", batch_size)
    num_epochs = check_int("num_epochs", num_epochs, minimum=0)
    check_rng(rng)
    check_optimizer(optimizer)
    dist = negative_sampling_distribution(counts, power)
    V = dist.size
    context, target = _check_pair_indices(context, target, V)
    if params is None:
        params = initialize_skipgram(V, n_e, rng=rng)
    params = _check_skipgram_params(params)
    check_shape("E", params["E"], (n_e, V), hint=f"for n_e = {n_e} and a vocabulary of {V} words (counts)")
    cdf = _cdf(dist)
    costs = []
    for _ in range(num_epochs):
        order = rng.permutation(context.size)
        losses = []
        for start in range(0, context.size, batch_size):
            batch = order[start : start + batch_size]
            negatives = _sample(cdf, (batch.size, k), rng)
            loss, cache = _skipgram_ns(context[batch], target[batch], negatives, params)
            params = optimizer.step(params, skipgram_ns_backward(cache))
            losses.append(loss)
        costs.append(float(np.mean(losses)))
    return params, costs
