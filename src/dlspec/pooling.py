r"""Pooling layers, max and average, forward and backward.

Course 4, Week 1. A pooling layer slides an ``f x f`` window over each channel of its input
with step ``stride`` and keeps one number per window: the largest (max pooling) or the mean
(average pooling). It has no parameters, works on every channel separately, and shrinks the
image from ``(n_H_prev, n_W_prev)`` to

.. math:: n_H = \left\lfloor \frac{n_{H,prev} - f}{s} \right\rfloor + 1, \qquad
          n_W = \left\lfloor \frac{n_{W,prev} - f}{s} \right\rfloor + 1.

Images are stored examples first, ``A_prev`` of shape ``(m, n_H_prev, n_W_prev, n_C)``. The
block follows dlspec's one convention (see :mod:`dlspec`)::

    A, cache = pool_forward(A_prev, f=2, stride=2, mode="max")
    dA_prev, grads = pool_backward(dA, cache)                    # grads == {}

Two versions of each pass: :func:`pool_forward_naive` and :func:`pool_backward_naive` are
the lesson's plain loops over examples, rows, columns and channels, kept as the readable
reference and as the tests' oracle; :func:`pool_forward` and :func:`pool_backward` do the same
on a strided window view, with a loop over the ``f * f`` offsets of a window at most. Both
forward passes make the same cache, so either backward pass takes either cache.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.blocks import Block

#: The pooling modes and the name of their block.
MODES = {"max": "maxpool", "average": "avgpool"}


# ---------------------------------------------------------------------------
# Checks and sizes
# ---------------------------------------------------------------------------


def _check_mode(mode):
    """Return ``mode`` if it is ``"max"`` or ``"average"``, else raise ``ValueError``."""
    if not isinstance(mode, str) or mode not in MODES:
        raise ValueError(f"mode must be 'max' or 'average', got {mode!r}")
    return mode


def _check_settings(f, stride, mode):
    """Return ``f``, ``stride`` and ``mode`` checked."""
    return check_int("f", f), check_int("stride", stride), _check_mode(mode)


def _check_pool_input(A_prev, f, stride, mode):
    """The checks of both forward passes; return ``(A_prev, f, stride, mode)``."""
    f, stride, mode = _check_settings(f, stride, mode)
    A_prev = as_float_array("A_prev", A_prev)
    check_shape(
        "A_prev", A_prev, ("m", "n_H_prev", "n_W_prev", "n_C"),
        hint="with examples first (one image of shape (n_H, n_W, n_C): A[None])",
    )
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    if m == 0:
        raise ValueError("A_prev must hold at least one example (along axis 0), got m = 0")
    if f > min(n_H_prev, n_W_prev):
        raise ValueError(
            f"f must be at most the height and width of A_prev of shape {A_prev.shape} "
            f"(n_H_prev = {n_H_prev}, n_W_prev = {n_W_prev}), got f = {f}"
        )
    check_finite("A_prev", A_prev)
    return A_prev, f, stride, mode


def _out_shape(in_shape, f, stride):
    """The output shape ``(m, n_H, n_W, n_C)`` for an input of shape ``in_shape``."""
    m, n_H_prev, n_W_prev, n_C = in_shape
    return m, (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1, n_C


# ---------------------------------------------------------------------------
# The plain loops: the lesson's version and the tests' oracle
# ---------------------------------------------------------------------------


def pool_forward_naive(A_prev, *, f=2, stride=2, mode="max"):
    r"""Pooling with plain loops over examples, rows, columns and channels.

    The same computation, arguments, checks and cache as :func:`pool_forward`, one window at
    a time: the version to read first.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C)
    f : int, default 2
    stride : int, default 2
    mode : {"max", "average"}, default "max"

    Returns
    -------
    A : ndarray of shape (m, n_H, n_W, n_C)
    cache : dict
        As from :func:`pool_forward`.

    Raises
    ------
    ValueError, TypeError
        As :func:`pool_forward`.

    Notes
    -----
    :math:`A_{i,h,w,c} = \max` (or mean) of
    ``A_prev[i, h*stride : h*stride + f, w*stride : w*stride + f, c]``. Course 4, Week 1.
    """
    A_prev, f, stride, mode = _check_pool_input(A_prev, f, stride, mode)
    m, n_H, n_W, n_C = _out_shape(A_prev.shape, f, stride)
    A = np.zeros((m, n_H, n_W, n_C), dtype=A_prev.dtype)
    for i in range(m):
        for h in range(n_H):
            top = h * stride
            for w in range(n_W):
                left = w * stride
                for c in range(n_C):
                    window = A_prev[i, top : top + f, left : left + f, c]  # (f, f)
                    A[i, h, w, c] = np.max(window) if mode == "max" else np.mean(window)
    return A, make_cache("pool_forward", A_prev=A_prev, A=A, f=f, stride=stride, mode=mode)


def pool_backward_naive(dA, cache):
    r"""Gradient of pooling with plain loops: the readable version of :func:`pool_backward`.

    Parameters
    ----------
    dA : ndarray of shape (m, n_H, n_W, n_C)
    cache : dict
        From :func:`pool_forward_naive` or :func:`pool_forward`.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C)
    grads : dict
        Empty: pooling has no parameters.

    Raises
    ------
    ValueError, TypeError
        As :func:`pool_backward`.

    Notes
    -----
    Each window passes its ``dA`` back: max pooling to the one entry it picked (the first
    largest in row-major window order, as ``np.argmax`` picks it), average pooling in equal
    shares of :math:`1/f^2` to every entry. Windows that overlap (``stride < f``) add their
    shares. Course 4, Week 1.
    """
    A_prev, f, stride, mode = read_cache(cache, "pool_forward", ("A_prev", "f", "stride", "mode"))
    dA = check_upstream("dA", dA, _out_shape(A_prev.shape, f, stride), "pool_forward")
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape, dtype=np.result_type(dA, A_prev))
    for i in range(m):
        for h in range(n_H):
            top = h * stride
            for w in range(n_W):
                left = w * stride
                for c in range(n_C):
                    if mode == "max":
                        window = A_prev[i, top : top + f, left : left + f, c]
                        r, s = np.unravel_index(np.argmax(window), window.shape)
                        dA_prev[i, top + r, left + s, c] += dA[i, h, w, c]
                    else:
                        dA_prev[i, top : top + f, left : left + f, c] += dA[i, h, w, c] / (f * f)
    return dA_prev, {}


# ---------------------------------------------------------------------------
# The fast versions: one strided slice per window offset, f*f passes over the data
# ---------------------------------------------------------------------------


def pool_forward(A_prev, *, f=2, stride=2, mode="max"):
    r"""Max or average pooling of a batch of images, forward.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C)
        Examples first, channels last, e.g. the output of a convolution.
    f : int, default 2
        Height and width of the window; at most ``n_H_prev`` and ``n_W_prev``.
    stride : int, default 2
        Step between windows. ``stride < f`` makes windows overlap.
    mode : {"max", "average"}, default "max"

    Returns
    -------
    A : ndarray of shape (m, n_H, n_W, n_C)
        With :math:`n_H = \lfloor (n_{H,prev} - f) / s \rfloor + 1`, likewise :math:`n_W`;
        a rest of rows or columns that no window reaches is dropped.
    cache : dict
        ``A_prev``, ``A``, ``f``, ``stride`` and ``mode``, for :func:`pool_backward`.

    Raises
    ------
    ValueError
        If ``A_prev`` is not 4-D (one image must be given as ``A[None]``), holds no example,
        NaN or infinity, ``f`` exceeds its height or width, ``f`` or ``stride`` is below 1,
        or ``mode`` is unknown.
    TypeError
        If ``A_prev`` is not numeric or ``f``, ``stride`` are not integers.

    Notes
    -----
    .. math:: A_{i,h,w,c} = \max_{0 \le r, s < f} A^{prev}_{i,\,hs_t + r,\,ws_t + s,\,c}
              \quad\text{or}\quad
              \frac{1}{f^2} \sum_{0 \le r, s < f} A^{prev}_{i,\,hs_t + r,\,ws_t + s,\,c}

    with :math:`s_t` the stride. Pooling has no parameters to learn; ``f`` and the stride
    are hyperparameters. Course 4, Week 1.
    """
    A_prev, f, stride, mode = _check_pool_input(A_prev, f, stride, mode)
    return _pool(A_prev, f, stride, mode)


def _offsets(A_prev, f, stride):
    """For each offset (r, s) of a window, row-major: the slice of ``A_prev`` it reads.

    Entry (r, s) of every window at once is one strided slice of ``A_prev``, of the output's
    shape, so pooling takes f * f whole-array passes instead of a reduction over tiny
    windows of a window view (3-4 times faster, forward and backward, on the input of the
    `make bench` pooling case).
    """
    _, n_H, n_W, _ = _out_shape(A_prev.shape, f, stride)
    for r in range(f):
        rows = slice(r, r + stride * (n_H - 1) + 1, stride)  # top + r of every window
        for s in range(f):
            yield rows, slice(s, s + stride * (n_W - 1) + 1, stride)


def _pool(A_prev, f, stride, mode):
    """:func:`pool_forward` on checked arguments."""
    A = None
    for rows, cols in _offsets(A_prev, f, stride):
        entry = A_prev[:, rows, cols, :]
        if A is None:
            A = entry.copy()
        elif mode == "max":
            np.maximum(A, entry, out=A)
        else:
            A += entry
    if mode == "average":
        A /= f * f
    return A, make_cache("pool_forward", A_prev=A_prev, A=A, f=f, stride=stride, mode=mode)


def pool_backward(dA, cache):
    r"""Gradient of pooling: each window's ``dA`` goes back to the entries it read.

    Parameters
    ----------
    dA : ndarray of shape (m, n_H, n_W, n_C)
        Gradient with respect to the pooled output ``A``, per example.
    cache : dict
        From :func:`pool_forward` (or :func:`pool_forward_naive`).

    Returns
    -------
    dA_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C)
    grads : dict
        Empty: pooling has no parameters.

    Raises
    ------
    ValueError
        If ``dA`` does not have the shape of the forward pass's output.
    TypeError
        If ``cache`` was not made by :func:`pool_forward`.

    Notes
    -----
    Max pooling: the window's output is one of its entries, so its whole gradient goes to
    that entry and the others get 0. When several entries tie for the maximum, the output
    does not depend smoothly on them; dlspec then gives the whole gradient to **one** of
    them, the first in row-major window order (the one ``np.argmax`` picks), in this and
    the naive version alike, so the gradient is well defined and sums to ``dA``. (A mask
    ``window == max`` would hand it to every tied entry and count it several times.)

    Average pooling: every entry of the window gets :math:`dA / f^2`.

    Where windows overlap (``stride < f``), an entry collects the gradient of every window
    it belongs to. Course 4, Week 1.
    """
    keys = ("A_prev", "A", "f", "stride", "mode")
    A_prev, A, f, stride, mode = read_cache(cache, "pool_forward", keys)
    dA = check_upstream("dA", dA, A.shape, "pool_forward")
    dA_prev = np.zeros(A_prev.shape, dtype=np.result_type(dA, A_prev))
    if mode == "max":
        # Offsets in row-major order: a window's gradient goes to the first entry equal to
        # its maximum; `assigned` keeps a later tied entry from taking it again.
        assigned = np.zeros(A.shape, dtype=bool)
    else:
        share = dA / (f * f)
    # For a fixed offset the entries of all windows sit at different input positions, so one
    # strided slice per offset takes every window's contribution at once, and `+=` over the
    # f * f offsets adds up overlapping windows.
    overlap = stride < f  # else every input entry is in one window at most: `=` will do
    for rows, cols in _offsets(A_prev, f, stride):
        if mode == "max":
            first = (A_prev[:, rows, cols, :] == A) & ~assigned
            assigned |= first
            contribution = dA * first  # bool keeps dA's dtype
        else:
            contribution = share
        if overlap:
            dA_prev[:, rows, cols, :] += contribution
        else:  # writing without first reading dA_prev: a quarter of max pooling's backward
            dA_prev[:, rows, cols, :] = contribution
    return dA_prev, {}


def pool_block(f=2, stride=2, mode="max"):
    """A pooling step as a network :class:`~dlspec.blocks.Block`, e.g. ``pool_block(2, 2, "max")``.

    Named ``"maxpool"`` or ``"avgpool"``; no parameters; takes images
    ``(m, n_H_prev, n_W_prev, n_C)`` with any size and channel count.
    """
    f, stride, mode = _check_settings(f, stride, mode)
    return Block(
        MODES[mode], pool_forward, _pool, pool_backward,
        config={"f": f, "stride": stride, "mode": mode}, accepts=("m", None, None, None),
    )
