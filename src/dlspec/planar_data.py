r"""Two-dimensional toy data sets for binary classification.

Course 1, Week 3 contrasts logistic regression, whose decision boundary is
a straight line, with a network that has one hidden layer and can bend its
boundary. These generators make planar data to show the difference. All of
them return the course layout:

* ``X`` of shape ``(2, m)``, float64, one point per column;
* ``Y`` of shape ``(1, m)``, float64, labels 0.0 and 1.0.

:func:`make_flower` is plain NumPy. The other four wrap scikit-learn's
``sklearn.datasets`` generators, imported only when called (install with
``pip install dlspec[data]``); they get their seed from ``rng``, so every
generator is reproducible from one ``numpy.random.Generator``.
"""

from numbers import Integral

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_int,
    check_positive,
    check_real,
    check_rng,
    check_shape,
)

#: Longest distance from the origin to the tip of a petal of the flower.
_FLOWER_RADIUS = 4.0


def _seed_from(rng):
    """Draw an integer seed for scikit-learn's ``random_state`` from ``rng``."""
    check_rng(rng)
    return int(rng.integers(2**31 - 1))


def _course_layout(points, labels):
    """scikit-learn's ``(m, 2)`` points and ``(m,)`` labels as ``X (2, m)``, ``Y (1, m)``."""
    X = np.ascontiguousarray(points.T, dtype=np.float64)
    Y = np.asarray(labels, dtype=np.float64).reshape(1, -1)
    return X, Y


def make_flower(m=400, *, rng, petals=4, noise=0.2):
    r"""Points along the petals of a flower; neighbouring petals have different labels.

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2: ``m // 2`` are labelled 0 and the
        others 1.
    rng : numpy.random.Generator
    petals : int, default 4
        Number of petals, at least 2.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each coordinate,
        >= 0 (the petals reach 4 units from the centre).

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        0.0 or 1.0; the columns come in random order.

    Raises
    ------
    ValueError
        If ``m < 2``, ``petals < 2`` or ``noise < 0``.
    TypeError
        If ``rng`` is not a Generator.

    Notes
    -----
    The flower is the rose curve, in polar coordinates

    .. math:: r(\theta) = a \left| \sin\!\left(\tfrac{k}{2}\, \theta\right) \right|,
              \qquad a = 4,\; k = \mathrm{petals},\; 0 \le \theta < 2\pi.

    (The classic rose :math:`r = a \sin(n\theta)` has :math:`n` petals for
    odd :math:`n` but :math:`2n` for even :math:`n`; this form has exactly
    :math:`k` for every :math:`k`.) Petal :math:`p = 0, \dots, k - 1` is the
    loop over :math:`2\pi p / k \le \theta < 2\pi (p + 1) / k`; its label
    is its parity, :math:`y = p \bmod 2`, so the classes alternate around
    the centre and no straight line separates them. Each point is drawn as

    .. math:: p \sim \text{a petal of parity } y, \quad u \sim U(0, 1), \quad
              \theta = \frac{2\pi (p + u)}{k}, \quad
              x = a \sin(\pi u) \begin{pmatrix} \cos\theta \\ \sin\theta \end{pmatrix}
                  + \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, \mathrm{noise}^2 I)

    (:math:`a \sin(\pi u) = r(\theta)` on that petal). All petals meet at
    the centre, where the noise mixes the classes: no classifier reaches
    100 %.

    Course 1, Week 3.
    """
    check_rng(rng)
    m = check_int("m", m, minimum=2)
    petals = check_int("petals", petals, minimum=2)
    noise = check_real("noise", noise, low=0.0)

    labels = np.zeros(m, dtype=np.int64)
    labels[m // 2 :] = 1
    labels = rng.permutation(labels)
    # Petals of parity y are y, y + 2, y + 4, ...: there are (petals - y + 1) // 2 of them.
    count = (petals - labels + 1) // 2
    petal = labels + 2 * rng.integers(0, count)
    u = rng.random(m)  # position along the petal, from the centre out and back
    theta = 2.0 * np.pi * (petal + u) / petals
    r = _FLOWER_RADIUS * np.sin(np.pi * u)
    X = np.vstack([r * np.cos(theta), r * np.sin(theta)])
    X += noise * rng.standard_normal((2, m))
    return X, labels.astype(np.float64).reshape(1, m)


def make_noisy_circles(m=400, *, rng, noise=0.2, factor=0.5):
    r"""Two concentric noisy circles: label 1 for the inner one.

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2: ``m // 2`` on the outer circle, the
        others on the inner one.
    rng : numpy.random.Generator
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float, default 0.5
        Radius of the inner circle relative to the outer one (radius 1), in
        [0, 1).

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)

    Raises
    ------
    ValueError
        If ``m < 2``, ``noise < 0`` or ``factor`` is outside [0, 1).

    Notes
    -----
    Wraps ``sklearn.datasets.make_circles``. A linear classifier can do no
    better than guessing; one hidden layer can draw a closed boundary
    between the circles.

    Course 1, Week 3.
    """
    seed = _seed_from(rng)
    m = check_int("m", m, minimum=2)
    noise = check_real("noise", noise, low=0.0)
    factor = check_real("factor", factor, 0.0, 1.0)
    if factor == 1.0:
        raise ValueError("factor must be in [0, 1), got 1.0")
    from sklearn.datasets import make_circles  # lazy: scikit-learn is optional

    points, labels = make_circles(n_samples=m, noise=noise, factor=factor, random_state=seed)
    return _course_layout(points, labels)


def make_moons(m=400, *, rng, noise=0.2):
    r"""Two interleaving half circles ("moons").

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2: ``m // 2`` in the upper moon, the
        others in the lower one.
    rng : numpy.random.Generator
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each coordinate.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        0.0 for the upper moon, 1.0 for the lower one.

    Raises
    ------
    ValueError
        If ``m < 2`` or ``noise < 0``.

    Notes
    -----
    Wraps ``sklearn.datasets.make_moons``: the moons have radius 1 and the
    lower one is shifted by (1, 0.5) into the opening of the upper one.

    Course 1, Week 3.
    """
    seed = _seed_from(rng)
    m = check_int("m", m, minimum=2)
    noise = check_real("noise", noise, low=0.0)
    from sklearn.datasets import make_moons as sklearn_make_moons  # lazy: optional

    points, labels = sklearn_make_moons(n_samples=m, noise=noise, random_state=seed)
    return _course_layout(points, labels)


def make_blobs(m=400, *, rng, centers=6, std=1.0):
    r"""Gaussian blobs whose centres alternate between the two classes.

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2, shared out evenly between the blobs.
    rng : numpy.random.Generator
    centers : int or array_like of shape (k, 2), default 6
        Number of blobs (at least 2), whose centres are then drawn uniformly
        in the square [-10, 10]^2, or the ``k >= 2`` centres themselves.
    std : float, default 1.0
        Standard deviation of each blob, > 0.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        Blob ``j`` (counting from 0) has label ``j mod 2``.

    Raises
    ------
    ValueError
        If ``m < 2``, fewer than 2 centres are given, or ``std <= 0``.
    TypeError
        If ``centers`` is neither an integer nor an array.

    Notes
    -----
    Wraps ``sklearn.datasets.make_blobs``, then keeps the parity of each
    blob's index as the label. With an even number of blobs the classes
    are balanced (up to rounding); each class is a union of blobs that may
    lie far apart.

    Course 1, Week 3.
    """
    seed = _seed_from(rng)
    m = check_int("m", m, minimum=2)
    std = check_positive("std", std)
    if isinstance(centers, Integral) and not isinstance(centers, bool):
        centers = check_int("centers", centers, minimum=2)
    else:
        centers = as_float_array("centers", centers)
        check_shape("centers", centers, ("k", 2))
        if centers.shape[0] < 2:
            raise ValueError(f"centers must hold at least 2 centres, got {centers.shape}")
    from sklearn.datasets import make_blobs as sklearn_make_blobs  # lazy: optional

    points, blob = sklearn_make_blobs(
        n_samples=m, n_features=2, centers=centers, cluster_std=std, random_state=seed
    )
    return _course_layout(points, blob % 2)


def make_gaussian_quantiles(m=400, *, rng, cov=0.5):
    r"""A Gaussian cloud labelled by distance from its centre: 1 for the outer half.

    Parameters
    ----------
    m : int, default 400
        Number of points, at least 2.
    rng : numpy.random.Generator
    cov : float, default 0.5
        Variance of each coordinate, > 0 (the covariance is ``cov * I``).

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        0.0 for the ``m // 2`` points closest to the origin, 1.0 for the
        others.

    Raises
    ------
    ValueError
        If ``m < 2`` or ``cov <= 0``.

    Notes
    -----
    Wraps ``sklearn.datasets.make_gaussian_quantiles``: points
    :math:`x \sim \mathcal{N}(0, \mathrm{cov}\, I)` are sorted by
    :math:`\lVert x \rVert` and the median radius splits the classes, so
    the boundary is a circle.

    Course 1, Week 3.
    """
    seed = _seed_from(rng)
    m = check_int("m", m, minimum=2)
    cov = check_positive("cov", cov)
    from sklearn.datasets import make_gaussian_quantiles as sklearn_quantiles  # lazy

    points, labels = sklearn_quantiles(
        cov=cov, n_samples=m, n_features=2, n_classes=2, random_state=seed
    )
    return _course_layout(points, labels)
