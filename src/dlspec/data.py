r"""Data sets and preprocessing in the course layout (examples in columns).

The data set is scikit-learn's bundled 8x8 handwritten digits: 1,797 images
of the digits 0-9, 16 grey levels (0-16) per pixel. It ships inside
scikit-learn (``sklearn.datasets.load_digits``), so nothing is downloaded.
It is a copy of the test set of the UCI "Optical Recognition of Handwritten
Digits" data set (optdigits), distributed with scikit-learn under the BSD
3-clause licence. scikit-learn is imported only inside the loaders; install
it with ``pip install dlspec[data]``.

The preprocessing helpers come from Course 1, Week 2 (flattening images,
normalising rows) and Course 2, Week 1 (standardising inputs).
"""

from numbers import Integral

import numpy as np

from dlspec._validate import as_float_array, check_finite, check_real, check_rng, check_shape

#: Grey levels in the digits images run from 0 to this value.
_DIGITS_MAX_LEVEL = 16.0


def _load_digits_arrays():
    """Return the raw digits as ``(images (1797, 8, 8) float64 in [0, 1], labels (1797,))``."""
    from sklearn.datasets import load_digits  # lazy: scikit-learn is optional

    bunch = load_digits()
    images = bunch.images.astype(np.float64) / _DIGITS_MAX_LEVEL
    return images, bunch.target.astype(np.int64)


def load_digits_images(*, rng=None):
    r"""The 8x8 digits as images, for lessons that display them.

    Parameters
    ----------
    rng : numpy.random.Generator, optional
        If given, the examples are shuffled with it; otherwise they keep
        scikit-learn's order.

    Returns
    -------
    images : ndarray of shape (m, 8, 8)
        float64 pixel values in [0, 1] (grey level / 16), ``m = 1797``.
    labels : ndarray of shape (m,)
        int64 digits 0-9. (Raw labels, not the course's ``(1, m)`` row; see
        :func:`load_digits_binary` for model-ready data.)

    Raises
    ------
    TypeError
        If ``rng`` is neither None nor a Generator.

    Notes
    -----
    Images come first (``(m, h, w)``) because that is how images are stored
    and displayed; :func:`flatten_images` turns them into columns.

    Course 1, Week 2.
    """
    images, labels = _load_digits_arrays()
    if rng is not None:
        check_rng(rng)
        order = rng.permutation(labels.shape[0])
        images, labels = images[order], labels[order]
    return images, labels


def load_digits_binary(positive=(0,), *, test_fraction=0.25, rng):
    r"""The digits as a binary task: is the digit one of ``positive``?

    Parameters
    ----------
    positive : sequence of int, default (0,)
        Digits labelled 1; all others are labelled 0. Must be a non-empty
        proper subset of 0-9.
    test_fraction : float, default 0.25
        Share of each digit's examples put in the test set, in (0, 1).
    rng : numpy.random.Generator
        Shuffles the examples before and after the split.

    Returns
    -------
    X_train : ndarray of shape (64, m_train)
        One flattened image per column, pixel values in [0, 1].
    Y_train : ndarray of shape (1, m_train)
        Labels 0.0 or 1.0.
    X_test : ndarray of shape (64, m_test)
    Y_test : ndarray of shape (1, m_test)

    Raises
    ------
    ValueError
        If ``positive`` is empty, holds all ten digits, or holds a value
        outside 0-9, or ``test_fraction`` is outside (0, 1).
    TypeError
        If ``rng`` is not a Generator.

    Notes
    -----
    .. math:: y^{(i)} = \mathbb{1}\left[\mathrm{digit}^{(i)} \in \mathrm{positive}\right],
              \qquad x^{(i)} = \mathrm{vec}(\mathrm{image}^{(i)}) / 16

    The split is stratified by digit: about ``test_fraction`` of every
    digit's images (rounded) go to the test set, so both sets keep the
    class balance. Both sets are then shuffled. All float64.

    Course 1, Week 2.
    """
    check_rng(rng)
    test_fraction = check_real("test_fraction", test_fraction, 0.0, 1.0)
    if test_fraction in (0.0, 1.0):
        raise ValueError(f"test_fraction must be strictly between 0 and 1, got {test_fraction}")
    positive = _check_digits("positive", positive)

    images, digits = _load_digits_arrays()
    X = flatten_images(images)  # (64, 1797)
    Y = np.isin(digits, positive).astype(np.float64).reshape(1, -1)

    train_idx, test_idx = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(digits == digit))
        n_test = round(test_fraction * idx.size)
        test_idx.append(idx[:n_test])
        train_idx.append(idx[n_test:])
    train = rng.permutation(np.concatenate(train_idx))
    test = rng.permutation(np.concatenate(test_idx))
    return X[:, train], Y[:, train], X[:, test], Y[:, test]


def _check_digits(name, digits):
    """Return ``digits`` as a sorted list of distinct ints in 0-9 (a proper subset)."""
    try:
        values = list(digits)
    except TypeError as exc:
        raise TypeError(f"{name} must be a sequence of digits, got {digits!r}") from exc
    if not all(isinstance(d, Integral) and not isinstance(d, bool) for d in values):
        raise TypeError(f"{name} must contain integers 0-9, got {values!r}")
    values = sorted({int(d) for d in values})
    if not values or values[0] < 0 or values[-1] > 9 or len(values) == 10:
        raise ValueError(
            f"{name} must be a non-empty proper subset of the digits 0-9, got {values}"
        )
    return values


def flatten_images(images):
    r"""Turn a stack of images into a matrix with one image per column.

    Parameters
    ----------
    images : ndarray of shape (m, h, w) or (m, h, w, c)

    Returns
    -------
    ndarray of shape (h * w * c, m)
        Column ``i`` is image ``i`` flattened in row-major order (``c = 1``
        for grey images). Integer images (e.g. uint8) become float64.

    Raises
    ------
    ValueError
        If ``images`` is not 3-D or 4-D, or holds NaN or infinity.

    Notes
    -----
    ``images.reshape(m, -1).T``: reshape first so each *row* is one whole
    image, then transpose. Writing ``images.reshape(-1, m)`` instead gives
    the right shape but mixes pixels of different images in each column.

    Course 1, Week 2.
    """
    images = as_float_array("images", images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must have shape (m, h, w) or (m, h, w, c), got {images.shape}")
    check_finite("images", images)
    m = images.shape[0]
    return images.reshape(m, -1).T


def normalize_rows(x):
    r"""Divide each row of ``x`` by its Euclidean norm.

    Parameters
    ----------
    x : ndarray of shape (n, d)

    Returns
    -------
    ndarray of shape (n, d)
        Every non-zero row has norm 1; rows of zeros stay zero.

    Raises
    ------
    ValueError
        If ``x`` is not 2-D, or holds NaN or infinity (an infinite row has
        no finite norm to divide by).

    Notes
    -----
    .. math:: x_{i,:} \leftarrow \frac{x_{i,:}}{\lVert x_{i,:} \rVert_2}

    The norms have shape ``(n, 1)`` and broadcast across the columns.

    Course 1, Week 2 (NumPy basics).
    """
    x = as_float_array("x", x)
    check_shape("x", x, ("n", "d"))
    check_finite("x", x)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def standardize(X, mean=None, std=None):
    r"""Give every feature (row) zero mean and unit variance over the examples.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    mean : ndarray of shape (n_x, 1), optional
    std : ndarray of shape (n_x, 1), optional
        Pass both to reuse the training set's statistics on new data; pass
        neither to compute them from ``X``.

    Returns
    -------
    X_std : ndarray of shape (n_x, m)
    mean : ndarray of shape (n_x, 1)
    std : ndarray of shape (n_x, 1)
        The scale actually used: the population standard deviation, with 1
        in place of 0 for constant features (which are therefore only
        centred), so ``X_std == (X - mean) / std`` always holds.

    Raises
    ------
    ValueError
        If only one of ``mean`` and ``std`` is given, shapes disagree (in
        particular if ``X`` looks transposed, ``(m, n_x)`` against saved
        statistics of shape ``(n_x, 1)``), ``X``, ``mean`` or ``std``
        holds NaN or infinity, or ``X`` has no example to compute them from.

    Notes
    -----
    .. math:: \mu = \frac{1}{m} \sum_i x^{(i)}, \quad
              \sigma^2 = \frac{1}{m} \sum_i (x^{(i)} - \mu)^2, \quad
              x \leftarrow \frac{x - \mu}{\sigma}

    Normalising inputs makes the cost surface rounder, so gradient descent
    can take larger steps. Always apply the *training* ``mean`` and ``std``
    to the test set.

    Course 2, Week 1.
    """
    X = as_float_array("X", X)
    check_shape("X", X, ("n_x", "m"))
    check_finite("X", X)
    n_x = X.shape[0]
    if (mean is None) != (std is None):
        raise ValueError("pass both mean and std, or neither")
    if mean is None:
        if X.shape[1] == 0:  # the mean of no example is NaN
            raise ValueError("X must hold at least one example (column) to compute mean and std, got m = 0")
        mean = np.mean(X, axis=1, keepdims=True)
        std = np.std(X, axis=1, keepdims=True)
    else:
        mean = as_float_array("mean", mean)
        std = as_float_array("std", std)
        _check_not_transposed(X, mean, std)
        hint = f"to match X of shape {X.shape}"
        check_shape("mean", mean, (n_x, 1), hint=hint)
        check_shape("std", std, (n_x, 1), hint=hint)
        check_finite("mean", mean)
        check_finite("std", std)
        if np.any(std < 0):
            raise ValueError("std must be non-negative")
    std = np.where(std > 0, std, 1.0).astype(std.dtype)
    return (X - mean) / std, mean, std


def _check_not_transposed(X, mean, std):
    """Raise ``ValueError`` naming ``X`` if it is ``(m, n_x)`` against ``(n_x, 1)`` statistics.

    Only saved statistics can tell: without them, more features than
    examples (e.g. 64 pixels, 20 images) is a perfectly good ``X``.
    """
    rows, cols = X.shape
    if mean.shape == std.shape == (cols, 1) and cols != rows:
        raise ValueError(
            f"X has shape {X.shape} but mean and std have shape {mean.shape}: X looks "
            f"transposed; it must have shape (n_x, m) = ({cols}, {rows}), one example per "
            "column (pass X.T)"
        )
