r"""Word embeddings: the embedding matrix, its lookup, cosine similarity and analogies.

Course 5, Week 2. A vocabulary of ``V`` words is numbered ``0 .. V-1``; word ``w`` is the
one-hot column :math:`o_w` of size ``V``, and its *embedding* is a column of the embedding
matrix ``E`` of shape ``(n_e, V)``:

.. math:: e_w = E\, o_w = E[:, w].

The product with a one-hot vector only picks a column, so :func:`embedding_forward` is a
lookup, and its backward pass adds each example's gradient into the column of its word (a
word that occurs twice receives both). The lookup is a block of dlspec's one convention
(see :mod:`dlspec`), with integer word indices as input::

    vectors, cache = embedding_forward(indices, {"E": E})    # (m, T_x) -> (n_e, m, T_x)
    _, grads = embedding_backward(dvectors, cache)            # grads: "dE"; no gradient
                                                              # for integer indices

A sequence of ``T_x`` words per example comes out in the layout of the recurrent networks
of Week 1, ``(n_x, m, T_x)`` with :math:`n_x = n_e`.

Trained embeddings place words used in similar contexts near each other, and differences
of vectors carry relations: :math:`e_{king} - e_{man} + e_{woman} \approx e_{queen}`.
:func:`cosine_similarity` measures nearness, :func:`nearest_words` and :func:`most_similar`
search a vocabulary, and :func:`analogy` answers "a is to b as c is to ?".
:mod:`dlspec.word2vec` learns ``E`` (skip-gram with negative sampling, GloVe);
:mod:`dlspec.debiasing` removes a bias direction from it.

A vocabulary is a list of ``V`` distinct strings, ``vocab[w]`` being the word of column ``w``
of ``E``; word vectors are 1-D arrays of shape ``(n_e,)``, e.g. ``E[:, w]``.
"""

from collections.abc import Iterable, Mapping

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_params,
    check_upstream,
    make_cache,
    read_cache,
)

# ---------------------------------------------------------------------------
# Checks shared with dlspec.word2vec and dlspec.debiasing
# ---------------------------------------------------------------------------


def check_indices(name, indices, vocab_size, shape_text="(m,) or (m, T_x)", ndims=(1, 2)):
    """Return ``indices`` as an int64 array of word indices in ``[0, vocab_size)``.

    Parameters
    ----------
    name : str
        The argument's name, for the messages.
    indices : array_like of int
        Word indices; Python lists of ints are accepted.
    vocab_size : int
        ``V``, the number of words (columns of ``E``).
    shape_text : str
        The expected shape, as written in the messages.
    ndims : tuple of int
        The accepted numbers of axes.

    Returns
    -------
    ndarray of int64

    Raises
    ------
    TypeError
        If the entries are not integers: float indices (even ``2.0``), booleans, strings.
    ValueError
        If the number of axes is not in ``ndims``, the first axis is empty, or an index is
        negative or ``>= vocab_size``.
    """
    try:
        arr = np.asarray(indices)
    except (TypeError, ValueError) as exc:  # a ragged nested list
        raise TypeError(f"{name} must be an array of integer word indices, got {type(indices).__name__}") from exc
    if arr.ndim not in ndims:
        raise ValueError(f"{name} must have shape {shape_text}, got {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one example (along axis 0), got m = 0")
    if arr.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must hold integer word indices (a word is a column of E), got dtype {arr.dtype}"
        )
    if arr.size and (arr.min() < 0 or arr.max() >= vocab_size):
        bad = arr[(arr < 0) | (arr >= vocab_size)]
        raise ValueError(
            f"{name} must hold word indices in [0, {vocab_size - 1}] for a vocabulary of "
            f"{vocab_size} words (the columns of E), found {bad[:5].tolist()}"
        )
    return arr.astype(np.int64, copy=False)


def check_embedding_matrix(name, E):
    """Return ``E`` as a float array of shape ``(n_e, V)`` with only finite entries."""
    E = as_float_array(name, E)
    if E.ndim != 2 or 0 in E.shape:
        raise ValueError(
            f"{name} must have shape (n_e, V), one column per word, with n_e >= 1 and V >= 1, "
            f"got {E.shape}"
        )
    check_finite(name, E)
    return E


def check_word_vector(name, e, n_e=None, *, columns=False):
    """Return ``e`` as a finite float vector of shape ``(n_e,)``, or ``(n_e, k)`` with ``columns``."""
    e = as_float_array(name, e)
    allowed = (1, 2) if columns else (1,)
    expected = f"({'n_e' if n_e is None else n_e},)"
    if columns:
        expected += f" or ({'n_e' if n_e is None else n_e}, k)"
    if e.ndim not in allowed or (n_e is not None and e.shape[0] != n_e) or e.shape[0] == 0:
        hint = f" to match vectors of size n_e = {n_e}" if n_e is not None else ""
        raise ValueError(f"{name} must have shape {expected}{hint}, got {e.shape}")
    check_finite(name, e)
    return e


def check_vocab(vocab, V):
    """Return ``{word: index}`` for a list of ``V`` distinct strings, ``vocab[w]`` naming column ``w``."""
    if isinstance(vocab, (str, bytes, Mapping)) or not isinstance(vocab, Iterable):
        raise TypeError(f"vocab must be a list of words (strings), got {type(vocab).__name__}")
    words = list(vocab)
    if not all(isinstance(w, str) for w in words):
        kinds = sorted({type(w).__name__ for w in words if not isinstance(w, str)})
        raise TypeError(f"vocab must contain only strings, found {', '.join(kinds)}")
    if len(words) != V:
        raise ValueError(f"vocab must have one word per column of E, {V}, got {len(words)}")
    index = {w: i for i, w in enumerate(words)}
    if len(index) != len(words):
        seen, twice = set(), []
        for w in words:
            if w in seen:
                twice.append(w)
            seen.add(w)
        raise ValueError(f"vocab must hold distinct words, found {twice[:5]} more than once")
    return index


def word_index(word, index, name="word"):
    """The column of ``word`` in a vocabulary's ``{word: index}``; a clear error if it is missing."""
    if not isinstance(word, str):
        raise TypeError(f"{name} must be a word (a string), got {type(word).__name__}")
    if word not in index:
        raise ValueError(f"{name} {word!r} is not in vocab")
    return index[word]


def _check_E(params):
    """``params["E"]`` of shape (n_e, V), refusing any other key."""
    (E,) = check_params("params", params, ("E",))
    unexpected = sorted(str(k) for k in params if k != "E")
    if unexpected:
        raise ValueError(f"params has unexpected key(s) {unexpected}; expected only 'E'")
    return check_embedding_matrix("E", E)


# ---------------------------------------------------------------------------
# The lookup: forward and backward
# ---------------------------------------------------------------------------


def embedding_forward(indices, params):
    r"""Look up the embedding of every word: ``E[:, indices]``.

    Parameters
    ----------
    indices : ndarray of int, shape (m,) or (m, T_x)
        Word indices in ``[0, V)``: one word per example, or a sequence of ``T_x`` words
        per example (examples first, as they are read from a data set). Integers only:
        a float ``2.0`` is refused, since a word has no fractional index.
    params : dict
        ``{"E": ndarray of shape (n_e, V)}``, the embedding matrix, one column per word.

    Returns
    -------
    vectors : ndarray of shape (n_e, m), or (n_e, m, T_x) for sequences
        ``vectors[:, i, t] = E[:, indices[i, t]]``: examples as columns like every dense
        layer, and time last like the inputs ``x^{<t>}`` of Week 1's recurrent networks
        (``(n_x, m, T_x)``). In ``E``'s dtype.
    cache : dict
        The indices and the shape of ``E``, for :func:`embedding_backward`.

    Raises
    ------
    TypeError
        If ``indices`` does not hold integers, or ``params`` is not a dict.
    ValueError
        If ``indices`` has another number of axes, no example or an index outside
        ``[0, V)``; if ``E`` is not 2-D or holds NaN or infinity; if ``params`` has
        another key.

    Notes
    -----
    .. math:: e^{(i)\langle t \rangle} = E\, o_{w^{(i)\langle t \rangle}}
              = E[:, w^{(i)\langle t \rangle}]

    Multiplying ``E`` by one-hot vectors gives the same numbers, with ``V`` times the work;
    the tests use it as the oracle. Course 5, Week 2.
    """
    E = _check_E(params)
    indices = check_indices("indices", indices, E.shape[1])
    return _embedding(indices, {"E": E})


def _embedding(indices, params):
    """:func:`embedding_forward` on checked arguments."""
    E = params["E"]
    vectors = E[:, indices]  # (n_e, m) or (n_e, m, T_x)
    return vectors, make_cache("embedding_forward", indices=indices, E_shape=E.shape, dtype=E.dtype)


def embedding_backward(dout, cache):
    r"""Gradient of the lookup: each example's gradient added into its word's column of ``dE``.

    Parameters
    ----------
    dout : ndarray of shape (n_e, m) or (n_e, m, T_x)
        Gradient with respect to the looked-up vectors, per example (no ``1/m``).
    cache : dict
        From :func:`embedding_forward`.

    Returns
    -------
    dindices : None
        Word indices are integers: there is no gradient with respect to them (the
        gradient stops at the embedding layer, which is why it is a network's first layer).
    grads : dict
        ``{"dE": ndarray of shape (n_e, V)}``, the gradient of the *mean* cost over the
        ``m`` examples: the sum of the examples' gradients, divided by ``m``.

    Raises
    ------
    ValueError
        If ``dout`` does not have the shape of the forward pass's output.
    TypeError
        If ``cache`` was not made by :func:`embedding_forward`.

    Notes
    -----
    Each output column is a copy of one column of ``E``, so

    .. math:: dE[:, w] = \frac{1}{m} \sum_{i, t:\; w^{(i)\langle t \rangle} = w}
              de^{(i)\langle t \rangle}.

    A word that occurs several times gets the sum of all its gradients, and a word that
    does not occur gets 0. ``np.add.at`` adds for repeated indices, where ``dE[:, idx] +=``
    would keep only one of them. Course 5, Week 2.
    """
    indices, (n_e, V), dtype = read_cache(cache, "embedding_forward", ("indices", "E_shape", "dtype"))
    dout = check_upstream("dout", dout, (n_e, *indices.shape), "embedding_forward")
    m = indices.shape[0]
    dE = np.zeros(n_e * V, dtype=np.result_type(dtype, dout.dtype))
    # np.add.at(dE, (slice(None), indices), dout) on dE of shape (n_e, V) says the same; on the
    # flat dE, with the position r * V + w of each entry (row r, word w), np.add.at runs about
    # 5 times faster (0.66 ms -> 0.13 ms for n_e = 16, V = 108 and 1280 words), which was half
    # of a skip-gram training step.
    flat_positions = np.arange(n_e)[:, None] * V + indices.reshape(1, -1)  # (n_e, number of words)
    np.add.at(dE, flat_positions.ravel(), dout.reshape(n_e, -1).ravel())  # repeated words add up
    return None, {"dE": dE.reshape(n_e, V) / m}


# ---------------------------------------------------------------------------
# Similarity and analogies
# ---------------------------------------------------------------------------


def _norms_or_error(name, a):
    """The Euclidean norms of the columns of ``a`` (or of the vector ``a``); 0 is refused."""
    norms = np.linalg.norm(a, axis=0)
    if np.any(norms == 0):
        where = "" if a.ndim == 1 else f" (column {int(np.flatnonzero(norms == 0)[0])})"
        raise ValueError(f"{name} is a zero vector{where}: its cosine similarity is undefined")
    return norms


def cosine_similarity(u, v):
    r"""Cosine of the angle between two word vectors, or between columns of vectors.

    Parameters
    ----------
    u, v : ndarray of shape (n_e,) or (n_e, k)
        Word vectors, or ``k`` of them as columns (as in ``E``). A vector and ``k``
        columns give the similarity of the vector to each column; two sets of ``k``
        columns are compared column by column.

    Returns
    -------
    float, or ndarray of shape (k,)
        A float for two vectors. In [-1, 1]: 1 for vectors pointing the same way, 0 for
        orthogonal ones, -1 for opposite ones (clipped to [-1, 1] against rounding).

    Raises
    ------
    ValueError
        If a vector is zero (its direction, and so the cosine, is undefined), the sizes
        ``n_e`` differ, the numbers of columns differ (neither being a single vector), or
        an entry is NaN or infinite.
    TypeError
        If ``u`` or ``v`` is not numeric.

    Notes
    -----
    .. math:: \mathrm{sim}(u, v) = \frac{u^T v}{\lVert u \rVert_2\, \lVert v \rVert_2}
              = \cos\theta

    It ignores the vectors' lengths, which in trained embeddings grow with a word's
    frequency rather than its meaning. Course 5, Week 2.
    """
    u = check_word_vector("u", u, columns=True)
    v = check_word_vector("v", v, u.shape[0], columns=True)
    if u.ndim == v.ndim == 2 and u.shape[1] != v.shape[1] and 1 not in (u.shape[1], v.shape[1]):
        raise ValueError(
            f"u and v must hold the same number of columns k, or one vector, got {u.shape} and {v.shape}"
        )
    norm_u, norm_v = _norms_or_error("u", u), _norms_or_error("v", v)
    cos = np.clip(np.sum(_as_columns(u) * _as_columns(v), axis=0) / (norm_u * norm_v), -1.0, 1.0)
    return float(cos[0]) if u.ndim == v.ndim == 1 else cos


def _as_columns(a):
    """A vector (n_e,) as one column (n_e, 1); columns as they are."""
    return a[:, None] if a.ndim == 1 else a


def _nearest(v, E, words, k, excluded):
    """The ``k`` columns of ``E`` nearest to ``v`` by cosine, skipping ``excluded``."""
    sims = (E.T @ v) / (_norms_or_error("E", E) * np.linalg.norm(v))
    order = [w for w in np.argsort(-sims, kind="stable") if w not in excluded]
    return [(words[w], float(np.clip(sims[w], -1.0, 1.0))) for w in order[:k]]


def nearest_words(v, E, vocab, k=5, *, exclude=()):
    r"""The ``k`` words whose embeddings have the largest cosine similarity with ``v``.

    Parameters
    ----------
    v : ndarray of shape (n_e,)
        A vector in the embedding space, e.g. ``E[:, w]`` or a sum of word vectors.
    E : ndarray of shape (n_e, V)
        The embedding matrix, one column per word.
    vocab : list of str, length V
        ``vocab[w]`` is the word of column ``w``; words must be distinct.
    k : int >= 1, default 5
        How many words to return; fewer when fewer are left after ``exclude``.
    exclude : iterable of str, default ()
        Words never returned (e.g. the question's own words).

    Returns
    -------
    list of (str, float)
        ``(word, cosine similarity)``, most similar first; ties keep the vocabulary's order.

    Raises
    ------
    ValueError
        If ``v`` is zero or of another size than the columns of ``E``, a column of ``E``
        is zero, ``vocab`` does not have one distinct word per column, or a word of
        ``exclude`` is not in ``vocab``.
    TypeError
        If ``vocab`` or ``exclude`` holds something other than strings.

    Notes
    -----
    :math:`\arg\max_w \mathrm{sim}(e_w, v)` over the vocabulary, with
    :func:`cosine_similarity`. Course 5, Week 2.
    """
    E = check_embedding_matrix("E", E)
    v = check_word_vector("v", v, E.shape[0])
    _norms_or_error("v", v)
    index = check_vocab(vocab, E.shape[1])
    k = check_int("k", k)
    if isinstance(exclude, str) or not isinstance(exclude, Iterable):
        raise TypeError(f"exclude must be a list of words, got {type(exclude).__name__}")
    excluded = {word_index(w, index, "exclude word") for w in exclude}
    return _nearest(v, E, list(vocab), k, excluded)


def most_similar(word, E, vocab, k=5):
    r"""The ``k`` words nearest to ``word`` by cosine similarity, the word itself left out.

    Parameters
    ----------
    word : str
        A word of ``vocab``.
    E : ndarray of shape (n_e, V)
    vocab : list of str, length V
    k : int >= 1, default 5

    Returns
    -------
    list of (str, float)
        ``(word, cosine similarity)``, most similar first.

    Raises
    ------
    ValueError
        If ``word`` is not in ``vocab``, or as for :func:`nearest_words`.
    TypeError
        If ``word`` is not a string.

    Notes
    -----
    :func:`nearest_words` of :math:`e_{word}`, excluding ``word``. Course 5, Week 2.
    """
    E = check_embedding_matrix("E", E)
    index = check_vocab(vocab, E.shape[1])
    w = word_index(word, index)
    k = check_int("k", k)
    return _nearest(E[:, w], E, list(vocab), k, {w})


def analogy(a, b, c, E, vocab):
    r"""Answer "``a`` is to ``b`` as ``c`` is to ?" with the word nearest to ``e_b - e_a + e_c``.

    Parameters
    ----------
    a, b, c : str
        Words of ``vocab``, e.g. ``"man", "woman", "king"`` (expecting ``"queen"``).
    E : ndarray of shape (n_e, V)
    vocab : list of str, length V

    Returns
    -------
    str
        The word ``d``, other than ``a``, ``b`` and ``c``, whose embedding has the largest
        cosine similarity with :math:`e_b - e_a + e_c`.

    Raises
    ------
    ValueError
        If a word is not in ``vocab``, :math:`e_b - e_a + e_c = 0`, a column of ``E`` is
        zero, or ``vocab`` does not have one distinct word per column.
    TypeError
        If a word is not a string.

    Notes
    -----
    The relation between ``a`` and ``b`` is the difference :math:`e_b - e_a`; the answer
    is the word ``d`` with :math:`e_d - e_c` closest to it:

    .. math:: d = \arg\max_{w \notin \{a, b, c\}} \mathrm{sim}(e_w,\ e_b - e_a + e_c)

    ``a``, ``b`` and ``c`` are left out, as the course does, because the nearest vector to
    :math:`e_b - e_a + e_c` is often :math:`e_c` itself. The vectors are used as they
    are; normalise the columns of ``E`` first to weigh every word alike.
    Course 5, Week 2.
    """
    E = check_embedding_matrix("E", E)
    index = check_vocab(vocab, E.shape[1])
    ia, ib, ic = (word_index(w, index, name) for w, name in ((a, "a"), (b, "b"), (c, "c")))
    target = E[:, ib] - E[:, ia] + E[:, ic]
    if not np.any(target):
        raise ValueError(f"e_b - e_a + e_c is a zero vector for {a!r}, {b!r}, {c!r}: no direction to search")
    return _nearest(target, E, list(vocab), 1, {ia, ib, ic})[0][0]
