r"""Debiasing word embeddings: find a bias direction, neutralise, equalise.

Course 5, Week 2, after Bolukbasi et al. (2016), "Man is to computer programmer as woman
is to homemaker?". Embeddings learnt from text pick up the text's biases: a word such as
"doctor", whose meaning has no gender, may sit nearer "man" than "woman". Three steps
reduce this:

1. **Identify the direction** of the bias, ``g``, from pairs of words that differ only in it
   (:func:`bias_direction`: ``woman - man``, ``queen - king``, ... averaged).
2. **Neutralise** every word that should carry no bias: remove its component along ``g``
   (:func:`neutralize`), so it is orthogonal to ``g``.
3. **Equalise** pairs that should differ *only* along ``g`` ("grandmother", "grandfather"):
   move them symmetrically about the neutral subspace (:func:`equalize`), so every
   neutralised word is equally similar to both.

::

    g = bias_direction([("man", "woman"), ("king", "queen")], E, vocab)
    e_doctor = neutralize(E[:, vocab.index("doctor")], g)      # cosine_similarity(e_doctor, g) == 0
    e_man, e_woman = equalize(E[:, i_man], E[:, i_woman], g)

Word vectors are 1-D arrays of shape ``(n_e,)``, columns of an embedding matrix ``E`` of shape
``(n_e, V)`` (see :mod:`dlspec.embeddings`). Equalisation assumes vectors of unit length,
as the course does: normalise the columns of ``E`` first.
"""

from collections.abc import Iterable

import numpy as np

from dlspec.embeddings import check_embedding_matrix, check_vocab, check_word_vector, word_index

METHODS = ("mean", "pca")


def _check_direction(g, n_e=None):
    """``g`` as a finite, non-zero vector of shape (n_e,)."""
    g = check_word_vector("g", g, n_e)
    if not np.any(g):
        raise ValueError("g must not be a zero vector: it gives the bias direction")
    return g


def bias_direction(pairs, E, vocab, *, method="mean"):
    r"""The direction of a bias, from pairs of words that differ only in it.

    Parameters
    ----------
    pairs : list of (str, str)
        E.g. ``[("man", "woman"), ("king", "queen"), ("boy", "girl")]``: the first word of
        every pair on one side of the bias, the second on the other.
    E : ndarray of shape (n_e, V)
        The embedding matrix, one column per word.
    vocab : list of str, length V
        ``vocab[w]`` is the word of column ``w``.
    method : {"mean", "pca"}, default "mean"
        ``"mean"``: the course's average of the differences :math:`e_{w_2} - e_{w_1}`.
        ``"pca"``: the first principal component of the pairs, each centred on its own
        mean (Bolukbasi et al.), a unit vector turned to point from the first words
        towards the second.

    Returns
    -------
    g : ndarray of shape (n_e,)
        The bias direction. Only its direction matters to :func:`neutralize` and
        :func:`equalize`; ``"mean"`` keeps the length of the average difference.

    Raises
    ------
    ValueError
        If ``pairs`` is empty, a word is not in ``vocab``, ``method`` is unknown, or the
        pairs give no direction (every pair of identical vectors).
    TypeError
        If ``pairs`` is not a list of pairs of strings.

    Notes
    -----
    .. math:: g = \frac{1}{P} \sum_{p=1}^{P} \big(e_{w_2^{(p)}} - e_{w_1^{(p)}}\big)

    One difference, such as :math:`e_{woman} - e_{man}`, also carries everything else that
    tells the two words apart in the corpus; averaging over several pairs keeps what they
    share. The principal component does the same by asking for the single direction that
    explains most of the spread within the pairs. Course 5, Week 2.
    """
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method must be 'mean' or 'pca', got {method!r}")
    E = check_embedding_matrix("E", E)
    index = check_vocab(vocab, E.shape[1])
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Iterable):
        raise TypeError(f"pairs must be a list of pairs of words, got {type(pairs).__name__}")
    pairs = list(pairs)
    if not pairs:
        raise ValueError("pairs must hold at least one pair of words")
    columns = []
    for p, pair in enumerate(pairs):
        words = tuple(pair) if isinstance(pair, Iterable) and not isinstance(pair, str) else ()
        if len(words) != 2:
            raise TypeError(f"pairs[{p}] must be a pair of words, e.g. ('man', 'woman'), got {pair!r}")
        columns.append([word_index(w, index, f"pairs[{p}] word") for w in words])
    first, second = (E[:, [c[i] for c in columns]] for i in (0, 1))  # (n_e, P) each
    g = np.mean(second - first, axis=1)  # (n_e,)
    if method == "pca":
        centre = (first + second) / 2.0
        spread = np.concatenate([first - centre, second - centre], axis=1)  # (n_e, 2P)
        u, _, _ = np.linalg.svd(spread, full_matrices=False)
        direction = u[:, 0]  # unit length; its sign is arbitrary, so turn it towards g
        g = direction if direction @ g >= 0 else -direction
    if not np.any(g):
        raise ValueError("the pairs give no bias direction: the words of every pair have the same vector")
    return g


def neutralize(e, g):
    r"""Remove the component of ``e`` along the bias direction ``g``.

    Parameters
    ----------
    e : ndarray of shape (n_e,) or (n_e, k)
        A word vector, or ``k`` of them as columns.
    g : ndarray of shape (n_e,)
        The bias direction (any length, not zero).

    Returns
    -------
    ndarray of the shape of ``e``
        :math:`e^{debiased}`, orthogonal to ``g``: ``g @ result`` is 0 up to rounding.

    Raises
    ------
    ValueError
        If ``g`` is zero, the sizes differ, or an entry is NaN or infinite.
    TypeError
        If ``e`` or ``g`` is not numeric.

    Notes
    -----
    .. math:: e^{bias\_component} = \frac{e \cdot g}{\lVert g \rVert_2^2}\, g, \qquad
              e^{debiased} = e - e^{bias\_component}

    the projection of :math:`e` on the hyperplane orthogonal to :math:`g`. Apply it to words
    that should be neutral ("doctor", "babysitter"), not to words that are defined by the
    bias ("grandmother"). Course 5, Week 2.
    """
    e = check_word_vector("e", e, columns=True)
    g = _check_direction(g, e.shape[0])
    coefficient = (g @ e) / (g @ g)  # scalar, or (k,): the length of e along g, in units of g
    return e - np.multiply.outer(g, coefficient)


def equalize(e_w1, e_w2, g):
    r"""Make two words differ only along ``g``, symmetrically about the neutral subspace.

    Parameters
    ----------
    e_w1, e_w2 : ndarray of shape (n_e,)
        The vectors of a pair such as ("actor", "actress"), of unit length as in the course.
    g : ndarray of shape (n_e,)
        The bias direction (any length, not zero).

    Returns
    -------
    e_1, e_2 : ndarrays of shape (n_e,)
        The equalised vectors. They share the component orthogonal to ``g`` and have
        opposite components along it, so every vector orthogonal to ``g`` (every
        neutralised word) has the same dot product and distance with both. When the
        inputs have unit length, so do the outputs.

    Raises
    ------
    ValueError
        If ``g`` is zero, the sizes differ, an entry is NaN or infinite, or both words have
        the same component along ``g`` (there is no side to put them on).
    TypeError
        If an argument is not numeric.

    Notes
    -----
    With :math:`\mathrm{proj}_g(x) = \frac{x \cdot g}{\lVert g \rVert^2} g`:

    .. math::
        \mu = \tfrac{1}{2}(e_{w1} + e_{w2}), \quad
        \mu_B = \mathrm{proj}_g(\mu), \quad \mu_{\perp} = \mu - \mu_B,

        e_{wiB} = \mathrm{proj}_g(e_{wi}), \quad
        e_{wiB}^{corrected} = \sqrt{\big|1 - \lVert \mu_{\perp} \rVert^2\big|}\;
            \frac{e_{wiB} - \mu_B}{\lVert e_{wiB} - \mu_B \rVert}, \quad
        e_i = \mu_{\perp} + e_{wiB}^{corrected}.

    :math:`\mu_\perp` is orthogonal to :math:`g` and the corrections lie along it, so
    :math:`\lVert e_i \rVert^2 = \lVert \mu_\perp \rVert^2 + 1 - \lVert \mu_\perp \rVert^2 = 1`
    for unit inputs (whose mean has :math:`\lVert \mu_\perp \rVert \le 1`; the absolute value,
    kept from the course, only matters for longer inputs, whose outputs are then not unit
    vectors). As :math:`e_{w2B} - \mu_B = -(e_{w1B} - \mu_B)`, the two corrections are opposite.
    This follows Bolukbasi et al. (2016), whom the course cites. Course 5, Week 2.
    """
    e_w1 = check_word_vector("e_w1", e_w1)
    e_w2 = check_word_vector("e_w2", e_w2, e_w1.shape[0])
    g = _check_direction(g, e_w1.shape[0])

    def projection(x):
        return (x @ g) / (g @ g) * g

    mu = (e_w1 + e_w2) / 2.0
    mu_B = projection(mu)
    mu_orth = mu - mu_B
    scale = np.sqrt(np.abs(1.0 - mu_orth @ mu_orth))
    equalised = []
    for name, e in (("e_w1", e_w1), ("e_w2", e_w2)):
        offset = projection(e) - mu_B  # along g: half the difference of the pair's components
        length = np.linalg.norm(offset)
        if length == 0:
            raise ValueError(
                f"e_w1 and e_w2 have the same component along g ({name} is at the pair's centre): "
                "there is nothing to equalise"
            )
        equalised.append(mu_orth + scale * offset / length)
    return equalised[0], equalised[1]
