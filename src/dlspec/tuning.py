r"""Hyperparameter search: random sampling on the right scale, coarse to fine.

Course 2, Week 3. Three ideas from the course:

* **random, not a grid**: with a budget of :math:`n^2` trials a grid tries only
  :math:`n` values of each hyperparameter, random points try :math:`n^2`, and
  usually only one or two hyperparameters really matter;
* **the right scale**: a learning rate in [1e-4, 1] is sampled uniformly in
  its exponent, a momentum :math:`\beta` in [0.9, 0.999] uniformly in the
  exponent of :math:`1 - \beta`;
* **coarse to fine**: search a wide region, then a smaller one around the
  best points.

A search space maps names to samplers, ``callable(rng) -> value``; bounds
``{name: (low, high, scale)}`` describe it for :func:`make_space` and
:func:`zoom`::

    bounds = {"alpha": (1e-4, 1.0, "log"), "beta": (0.9, 0.999, "one_minus_log")}
    results = random_search(objective, make_space(bounds), 25, rng=rng)  # best first
    bounds = zoom(bounds, [params for params, _ in results[:5]])         # finer region
    results = random_search(objective, make_space(bounds), 25, rng=rng)
"""

import math
from collections.abc import Mapping

import numpy as np

from dlspec._validate import check_finite, check_int, check_real, check_rng

#: Scales of a bounds entry: how values are spread between low and high.
SCALES = ("linear", "log", "one_minus_log")


def _check_size(size):
    return None if size is None else check_int("size", size, minimum=0)


def _check_interval(low, high, lowest, highest):
    """Return ``low < high`` as floats, both in ``[lowest, highest]``."""
    low = check_real("low", low, lowest, highest)
    high = check_real("high", high, lowest, highest)
    if not low < high:
        raise ValueError(f"low must be smaller than high, got low={low}, high={high}")
    return low, high


def sample_log_uniform(low, high, size=None, *, rng):
    r"""Draw values whose base-10 logarithm is uniform: each decade gets the same share.

    Parameters
    ----------
    low, high : float
        ``0 < low < high``, e.g. ``1e-4`` and ``1`` for a learning rate.
    size : int, optional
        Number of values; None (default) draws a single float.
    rng : numpy.random.Generator

    Returns
    -------
    float or ndarray of shape (size,)
        Values in ``[low, high]``.

    Raises
    ------
    ValueError
        If ``low <= 0`` or ``low >= high``.
    TypeError
        If ``rng`` is not a Generator.

    Notes
    -----
    .. math:: r \sim U[\log_{10} \mathrm{low},\ \log_{10} \mathrm{high}], \qquad \alpha = 10^{r}

    For [1e-4, 1] each of the four decades [1e-4, 1e-3], ..., [0.1, 1] gets
    a quarter of the values; sampling :math:`\alpha` uniformly would put 90%
    of them in [0.1, 1]. Course 2, Week 3.
    """
    low, high = _check_interval(low, high, 0.0, None)
    if low == 0.0:
        raise ValueError("low must be positive on a log scale, got 0.0")
    size = _check_size(size)
    check_rng(rng)
    r = rng.uniform(math.log10(low), math.log10(high), size)
    values = np.clip(10.0**r, low, high)  # 10**log10(x) may miss x by a rounding error
    return float(values) if size is None else values


def sample_one_minus_log(low, high, size=None, *, rng):
    r"""Draw values close to 1, e.g. a momentum ``beta``: ``1 - beta`` is log-uniform.

    Parameters
    ----------
    low, high : float
        ``0 <= low < high < 1``, e.g. ``0.9`` and ``0.999``.
    size : int, optional
        Number of values; None (default) draws a single float.
    rng : numpy.random.Generator

    Returns
    -------
    float or ndarray of shape (size,)
        Values in ``[low, high]``.

    Raises
    ------
    ValueError
        If the bounds are not ``0 <= low < high < 1``.

    Notes
    -----
    .. math:: r \sim U[\log_{10}(1 - \mathrm{high}),\ \log_{10}(1 - \mathrm{low})],
              \qquad \beta = 1 - 10^{r}

    An exponentially weighted average with :math:`\beta` averages about
    :math:`1 / (1 - \beta)` values: 10 for 0.9, 1000 for 0.999. Going from
    0.9 to 0.9005 changes almost nothing, from 0.999 to 0.9995 doubles the
    window, so the values near 1 need the denser sampling that this scale
    gives: [0.9, 0.99] and [0.99, 0.999] get half the values each.
    Course 2, Week 3.
    """
    low, high = _check_interval(low, high, 0.0, 1.0)
    if high == 1.0:
        raise ValueError("high must be smaller than 1, got 1.0: 1 - beta must stay positive")
    size = _check_size(size)
    check_rng(rng)
    values = np.clip(1.0 - sample_log_uniform(1.0 - high, 1.0 - low, size, rng=rng), low, high)
    return float(values) if size is None else values


def random_search(objective, space, n_trials, *, rng, maximize=False):
    r"""Evaluate ``objective`` at ``n_trials`` random points of ``space``; best first.

    Parameters
    ----------
    objective : callable
        ``objective(params) -> float``, with ``params`` a dict ``{name: value}``;
        e.g. the dev-set error of a model trained with those hyperparameters.
    space : dict of str to callable
        ``{name: sampler}`` with ``sampler(rng) -> value``, e.g.
        ``lambda rng: sample_log_uniform(1e-4, 1, rng=rng)``, or from
        :func:`make_space`.
    n_trials : int
        Number of points, at least 1.
    rng : numpy.random.Generator
        Passed to every sampler.
    maximize : bool, default False
        False: smaller scores are better (an error, a cost); True: larger
        (an accuracy).

    Returns
    -------
    list of (dict, float)
        ``(params, score)`` for every trial, best first; NaN scores (e.g.
        a diverged training run) come last.

    Raises
    ------
    TypeError
        If ``space`` is not a dict of callables, or ``objective`` is not callable
        or returns something other than a number.
    ValueError
        If ``space`` is empty or ``n_trials < 1``.

    Notes
    -----
    Each trial draws every hyperparameter independently, in the order of
    ``space``, so the same seed gives the same points. Course 2, Week 3.
    """
    if not callable(objective):
        raise TypeError(f"objective must be callable, got {type(objective).__name__}")
    if not isinstance(space, Mapping) or not all(callable(v) for v in space.values()):
        raise TypeError("space must be a dict {name: sampler}, each sampler(rng) -> value")
    if not space:
        raise ValueError("space must name at least one hyperparameter, got an empty dict")
    n_trials = check_int("n_trials", n_trials)
    check_rng(rng)
    if not isinstance(maximize, bool):
        raise TypeError(f"maximize must be True or False, got {type(maximize).__name__}")
    results = []
    for _ in range(n_trials):
        params = {name: sampler(rng) for name, sampler in space.items()}
        score = objective(params)
        try:
            score = float(score)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"objective must return a number, got {score!r}") from exc
        results.append((params, score))
    sign = -1.0 if maximize else 1.0
    return sorted(results, key=lambda r: (math.isnan(r[1]), sign * r[1]))


def _check_bounds(bounds):
    """Return ``bounds`` as ``{name: (low, high, scale)}`` with checked numbers."""
    if not isinstance(bounds, Mapping) or not bounds:
        raise TypeError("bounds must be a non-empty dict {name: (low, high, scale)}")
    checked = {}
    for name, entry in bounds.items():
        if not isinstance(entry, (tuple, list)) or len(entry) != 3 or entry[2] not in SCALES:
            raise ValueError(
                f"bounds[{name!r}] must be (low, high, scale) with scale one of {SCALES}, "
                f"got {entry!r}"
            )
        try:
            checked[name] = _check_entry(*entry)
        except (TypeError, ValueError) as exc:  # say which entry: "bounds['alpha']: low must ..."
            raise type(exc)(f"bounds[{name!r}]: {exc}") from exc
    return checked


def _check_entry(low, high, scale):
    """Return one entry of bounds, ``(low, high, scale)``, with numbers that suit the scale."""
    if scale == "log":
        low, high = _check_interval(low, high, 0.0, None)
        if low == 0.0:
            raise ValueError("low must be positive on a log scale")
    elif scale == "one_minus_log":
        low, high = _check_interval(low, high, 0.0, 1.0)
        if high == 1.0:
            raise ValueError("high must be smaller than 1")
    else:
        low, high = _check_interval(low, high, None, None)
    return low, high, scale


def make_space(bounds):
    r"""Turn ``{name: (low, high, scale)}`` into samplers for :func:`random_search`.

    Parameters
    ----------
    bounds : dict of str to tuple
        ``(low, high, scale)`` with scale "linear" (:math:`U[\mathrm{low}, \mathrm{high}]`),
        "log" (:func:`sample_log_uniform`) or "one_minus_log"
        (:func:`sample_one_minus_log`).

    Returns
    -------
    dict of str to callable
        ``{name: sampler}``, each ``sampler(rng) -> float``.

    Raises
    ------
    ValueError, TypeError
        If an entry is malformed or its bounds do not suit its scale.

    Notes
    -----
    Course 2, Week 3.
    """
    samplers = {"log": sample_log_uniform, "one_minus_log": sample_one_minus_log}

    def sampler(low, high, scale):
        if scale == "linear":
            return lambda rng: float(rng.uniform(low, high))
        return lambda rng: samplers[scale](low, high, rng=rng)

    return {name: sampler(*entry) for name, entry in _check_bounds(bounds).items()}


def _to_axis(x, scale):
    """Map values to the axis on which ``scale`` samples uniformly."""
    x = np.asarray(x, dtype=np.float64)
    if scale == "log":
        return np.log10(x)
    return np.log10(1.0 - x) if scale == "one_minus_log" else x


def _from_axis(t, scale):
    """Inverse of :func:`_to_axis`."""
    if scale == "log":
        return 10.0**t
    return 1.0 - 10.0**t if scale == "one_minus_log" else t


def zoom(bounds, best_points, factor=4.0):
    r"""Coarse to fine: a smaller region around the best points, for the next search.

    Parameters
    ----------
    bounds : dict of str to tuple
        The current region, ``{name: (low, high, scale)}`` as for :func:`make_space`.
    best_points : list of dict
        The best few ``params`` of :func:`random_search` on that region,
        e.g. ``[p for p, _ in results[:5]]``; each holds every name of ``bounds``.
    factor : float, default 4.0
        How much to shrink each range, at least 1.

    Returns
    -------
    dict of str to tuple
        New ``{name: (low, high, scale)}``, inside the old bounds.

    Raises
    ------
    ValueError
        If ``best_points`` is empty, lacks a name, has a NaN, infinite or
        out-of-bounds value, or ``factor < 1``.

    Notes
    -----
    Per hyperparameter, on the axis where its scale is uniform
    (:math:`t = x`, :math:`\log_{10} x` or :math:`\log_{10}(1 - x)`), with
    :math:`[t_{lo}, t_{hi}]` the old range and :math:`[a, b]` the span of the
    best points:

    .. math:: w = \max\left(\frac{t_{hi} - t_{lo}}{\mathrm{factor}},\ b - a\right),
              \qquad [c - w/2,\ c + w/2], \quad c = \frac{a + b}{2},

    moved back inside :math:`[t_{lo}, t_{hi}]` if it sticks out. So the new
    range covers every best point and is ``factor`` times narrower unless
    the best points are more spread out than that. Course 2, Week 3.
    """
    bounds = _check_bounds(bounds)
    factor = check_real("factor", factor, low=1.0)
    if isinstance(best_points, Mapping) or not best_points:
        raise ValueError("best_points must be a non-empty list of params dicts")
    new = {}
    for name, (low, high, scale) in bounds.items():
        try:
            values = np.array([float(p[name]) for p in best_points])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"every point in best_points must hold a number for {name!r}") from exc
        check_finite(f"the {name!r} values of best_points", values)
        if np.any((values < low) | (values > high)):
            raise ValueError(f"best_points hold {name} values outside [{low}, {high}]")
        t_lo, t_hi = sorted(_to_axis([low, high], scale))
        t = _to_axis(values, scale)
        width = max((t_hi - t_lo) / factor, t.max() - t.min())
        start = min(max((t.max() + t.min() - width) / 2, t_lo), t_hi - width)
        ends = np.clip(np.sort(_from_axis(np.array([start, start + width]), scale)), low, high)
        new[name] = (float(ends[0]), float(ends[1]), scale)
    return new
