r"""Weight initialisation: zeros, plain random, Xavier and He.

Course 2, Week 1. How the weights start decides whether a deep network
trains at all. Four schemes for :math:`W^{[l]}` of shape
:math:`(n_l, n_{l-1})`, always with zero biases :math:`b^{[l]} = 0`:

* ``"zeros"``: every hidden unit of a layer computes the same function and
  receives the same gradient, so the units stay identical forever (the
  symmetry is never broken);
* ``"random"``: :math:`W_{ij} = s\,\varepsilon_{ij}`, :math:`\varepsilon_{ij}
  \sim \mathcal{N}(0, 1)`, with a fixed scale ``s`` (``scale=10.0`` shows
  what too large a start does: saturated sigmoids and a huge first cost);
* ``"xavier"``: :math:`\mathrm{Var}(W_{ij}) = 1 / n_{l-1}`, suited to tanh;
* ``"he"``: :math:`\mathrm{Var}(W_{ij}) = 2 / n_{l-1}`, suited to ReLU, which
  zeroes half of its inputs and so halves the variance it passes on.

The single-matrix functions :func:`zeros`, :func:`scaled_normal`,
:func:`xavier_normal` and :func:`he_normal` build one weight matrix;
:func:`initialize_parameters` builds the whole dict ``{"W1", "b1", ...,
"WL", "bL"}`` used by :mod:`dlspec.network`::

    params = initialize_parameters([2, 10, 5, 1], method="he", rng=rng)

Draws are made in float64 and then converted to ``dtype``, so float32 and
float64 parameters from the same seed agree up to rounding.
"""

from collections.abc import Sequence

import numpy as np

from dlspec._validate import (
    check_float_dtype,
    check_int,
    check_layer_dims,
    check_real,
    check_rng,
)

#: The methods of :func:`initialize_parameters`.
METHODS = ("zeros", "random", "xavier", "he")

#: Scale of ``method="random"`` when none is given (Course 1's "small" weights).
DEFAULT_RANDOM_SCALE = 0.01


def _check_shape_tuple(shape):
    """Return ``shape`` as a tuple of positive ints."""
    if not isinstance(shape, Sequence) or isinstance(shape, str):
        raise TypeError(f"shape must be a tuple of integers, got {type(shape).__name__}")
    return tuple(check_int(f"shape[{i}]", n) for i, n in enumerate(shape))


def zeros(shape, *, dtype=np.float64):
    r"""An all-zero array: the biases of every scheme, and the "zeros" weights.

    Parameters
    ----------
    shape : tuple of int
        E.g. ``(n_l, n_prev)`` for a weight matrix or ``(n_l, 1)`` for a bias.
    dtype : float32 or float64, default float64

    Returns
    -------
    ndarray of shape ``shape``

    Raises
    ------
    TypeError
        If ``shape`` is not a tuple of integers or ``dtype`` is not a float type.
    ValueError
        If a size is not positive.

    Notes
    -----
    :math:`W = 0`. Fine for biases; for weights it makes all units of a layer
    equal and they stay equal under gradient descent. Course 2, Week 1.
    """
    return np.zeros(_check_shape_tuple(shape), dtype=check_float_dtype("dtype", dtype))


def scaled_normal(shape, scale, *, rng, dtype=np.float64):
    r"""Standard normal draws multiplied by a fixed ``scale``.

    Parameters
    ----------
    shape : tuple of int
    scale : float
        Standard deviation of the entries, >= 0.
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    ndarray of shape ``shape``

    Raises
    ------
    TypeError
        If ``rng`` is not a Generator or an argument has the wrong type.
    ValueError
        If a size is not positive or ``scale`` is negative.

    Notes
    -----
    :math:`W_{ij} = s\,\varepsilon_{ij},\ \varepsilon_{ij} \sim \mathcal{N}(0, 1)`,
    so :math:`\mathrm{Var}(W_{ij}) = s^2` whatever the layer's width.
    Course 2, Week 1.
    """
    shape = _check_shape_tuple(shape)
    scale = check_real("scale", scale, low=0.0)
    check_rng(rng)
    dtype = check_float_dtype("dtype", dtype)
    return (scale * rng.standard_normal(shape)).astype(dtype)


def _fan_in_normal(shape, fan_in, gain, rng, dtype):
    """Normal draws of ``shape`` with variance ``gain / fan_in`` (Xavier: 1, He: 2)."""
    return scaled_normal(shape, np.sqrt(gain / fan_in), rng=rng, dtype=dtype)


def xavier_normal(n_out, n_in, *, rng, dtype=np.float64):
    r"""Xavier initialisation of one weight matrix: variance ``1 / n_in``.

    Parameters
    ----------
    n_out, n_in : int
        Units of this layer (:math:`n_l`) and of the layer below (:math:`n_{l-1}`).
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    ndarray of shape (n_out, n_in)

    Raises
    ------
    TypeError, ValueError
        If a size is not a positive integer, or as for :func:`scaled_normal`.

    Notes
    -----
    .. math:: W_{ij} = \varepsilon_{ij} \sqrt{1 / n_{l-1}}, \quad
              \mathrm{Var}\big(Z_i\big) = n_{l-1}\,\mathrm{Var}(W_{ij})\,
              \mathrm{E}[a^2] = \mathrm{E}[a^2]

    Each :math:`z_i = \sum_j W_{ij} a_j` sums :math:`n_{l-1}` terms, so a
    weight variance of :math:`1/n_{l-1}` keeps the size of :math:`Z` from
    growing or shrinking with the width of the layer below. (Glorot and
    Bengio's original also averages in the fan-out, variance
    :math:`2 / (n_{l-1} + n_l)`; like the course, dlspec uses the fan-in
    form.) Course 2, Week 1.
    """
    n_out, n_in = check_int("n_out", n_out), check_int("n_in", n_in)
    return _fan_in_normal((n_out, n_in), n_in, 1.0, rng, dtype)


def he_normal(n_out, n_in, *, rng, dtype=np.float64):
    r"""He initialisation of one weight matrix: variance ``2 / n_in``.

    Parameters
    ----------
    n_out, n_in : int
        Units of this layer (:math:`n_l`) and of the layer below (:math:`n_{l-1}`).
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    ndarray of shape (n_out, n_in)

    Raises
    ------
    TypeError, ValueError
        If a size is not a positive integer, or as for :func:`scaled_normal`.

    Notes
    -----
    .. math:: W_{ij} = \varepsilon_{ij} \sqrt{2 / n_{l-1}}

    A ReLU passes on only its positive half, so :math:`\mathrm{E}[a^2]` is half
    of :math:`\mathrm{Var}(z)`; doubling Xavier's variance makes up for it and
    keeps the activations' size steady through a deep ReLU network.
    Course 2, Week 1.
    """
    n_out, n_in = check_int("n_out", n_out), check_int("n_in", n_in)
    return _fan_in_normal((n_out, n_in), n_in, 2.0, rng, dtype)


def check_method(method, scale=None):
    """Return ``(method, scale)`` checked: a name of :data:`METHODS`, ``scale`` only for "random"
    (default 0.01 there, None for the other methods)."""
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    if scale is not None and method != "random":
        raise ValueError(f"scale applies only to method='random', got method={method!r}")
    if method != "random":
        return method, None
    return method, DEFAULT_RANDOM_SCALE if scale is None else check_real("scale", scale, low=0.0)


def initialize_weight(shape, method, *, rng, fan_in=None, scale=None, dtype=np.float64):
    r"""One weight array by ``method``: the single place where the four schemes are defined.

    Parameters
    ----------
    shape : tuple of int
        E.g. ``(n_l, n_prev)``.
    method : {"zeros", "random", "xavier", "he"}
    rng : numpy.random.Generator
    fan_in : int, optional
        The number of inputs of each unit, :math:`n_{l-1}`; default ``shape[1]``.
    scale : float, optional
        Only for "random" (default 0.01).
    dtype : float32 or float64, default float64

    Returns
    -------
    ndarray of shape ``shape``

    Raises
    ------
    ValueError, TypeError
        If an argument is out of range or of the wrong type, ``rng`` is not a
        Generator (for every method), or "xavier"/"he" get a 1-D ``shape`` without ``fan_in``.

    Notes
    -----
    :math:`0`, :math:`s\,\varepsilon`, :math:`\varepsilon\sqrt{1/n_{\mathrm{in}}}`,
    :math:`\varepsilon\sqrt{2/n_{\mathrm{in}}}` with :math:`\varepsilon \sim \mathcal{N}(0, 1)`.
    Course 2, Week 1.
    """
    method, scale = check_method(method, scale)
    shape = _check_shape_tuple(shape)
    check_rng(rng)  # for "zeros" too, as in initialize_parameters
    if fan_in is not None:
        fan_in = check_int("fan_in", fan_in)
    elif len(shape) >= 2:
        fan_in = shape[1]
    elif method in ("xavier", "he"):
        raise ValueError(f"fan_in must be given for shape {shape}: the default is shape[1]")
    if method == "zeros":
        return zeros(shape, dtype=dtype)
    if method == "random":
        return scaled_normal(shape, scale, rng=rng, dtype=dtype)
    return _fan_in_normal(shape, fan_in, 1.0 if method == "xavier" else 2.0, rng, dtype)


def initialize_parameters(layer_dims, *, method, rng, dtype=np.float64, scale=None):
    r"""Weights by ``method`` and zero biases for an L-layer network.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``: at least two positive sizes.
    method : {"zeros", "random", "xavier", "he"}
    rng : numpy.random.Generator
        Draws the weights (required for every method, also "zeros", so that
        switching methods never changes the call).
    dtype : float32 or float64, default float64
    scale : float, optional
        Only for ``method="random"``: the standard deviation of every weight,
        default 0.01; ``scale=10.0`` is the "large random" demonstration.

    Returns
    -------
    dict
        ``{"W1": (n_1, n_x), "b1": (n_1, 1), ..., "WL": (n_L, n_{L-1}), "bL": (n_L, 1)}``.

    Raises
    ------
    ValueError
        If ``layer_dims`` is invalid, ``method`` is unknown, ``scale`` is given
        with another method than "random", or ``scale`` is negative.
    TypeError
        If a size is not an integer, ``rng`` is not a Generator or ``dtype``
        is not a float type.

    Notes
    -----
    .. math:: W^{[l]} = 0,\quad s\,\varepsilon,\quad
              \varepsilon \sqrt{1 / n_{l-1}},\quad \varepsilon \sqrt{2 / n_{l-1}},
              \qquad b^{[l]} = 0

    for "zeros", "random", "xavier" and "he". Course 2, Week 1.
    """
    dims = check_layer_dims(layer_dims)
    method, scale = check_method(method, scale)
    check_rng(rng)
    dtype = check_float_dtype("dtype", dtype)
    params = {}
    for l in range(1, len(dims)):
        shape = (dims[l], dims[l - 1])
        params[f"W{l}"] = initialize_weight(shape, method, rng=rng, scale=scale, dtype=dtype)
        params[f"b{l}"] = zeros((dims[l], 1), dtype=dtype)
    return params
