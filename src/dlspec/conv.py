r"""Convolution layers: 2-D, depthwise, pointwise and 1-D, forward and backward.

Course 4, Weeks 1-2. A convolution slides ``n_C`` filters of size ``f x f x n_C_prev`` over
an image with step ``stride``; at each position each filter gives one number, the sum of
its entries times the pixels under it, plus its bias. Images are stored examples first and
channels last, ``A_prev`` of shape ``(m, n_H_prev, n_W_prev, n_C_prev)``; filters ``W`` of
shape ``(f, f, n_C_prev, n_C)`` and biases ``b`` of shape ``(1, 1, 1, n_C)``. Padding adds
``pad`` rows and columns of zeros on every side, so the output has

.. math:: n_H = \left\lfloor \frac{n_{H,prev} + 2p - f}{s} \right\rfloor + 1

rows, and as many columns with :math:`n_W`. Every layer is a block of dlspec's one
convention (see :mod:`dlspec`)::

    Z, cache = conv2d_forward(A_prev, {"W": W, "b": b}, stride=1, padding="same")
    dA_prev, grads = conv2d_backward(dZ, cache)                  # grads: "dW", "db"

Two versions of the 2-D convolution: :func:`conv2d_forward_naive` and
:func:`conv2d_backward_naive` are the lesson's plain loops over examples, output
positions and channels, built on :func:`conv_single_step`, kept as the readable reference
and as the tests' oracle; :func:`conv2d_forward` and :func:`conv2d_backward` compute the
same with one matrix product ("im2col"). Week 2 adds MobileNet's depthwise convolution
(:func:`depthwise_conv2d_forward`: each channel filtered by its own ``f x f`` filter) and the
pointwise convolution, which is :func:`conv2d_forward` with ``f = 1``;
:func:`conv2d_multiplies` and :func:`depthwise_separable_multiplies` count what the pair
saves. :func:`conv1d_forward` is the same layer on sequences, computed by the 2-D code on
an image of height 1.
"""

from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dlspec._validate import (
    _format_shape,
    as_float_array,
    check_finite,
    check_int,
    check_params,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.blocks import Block

# ---------------------------------------------------------------------------
# Padding and output size
# ---------------------------------------------------------------------------


def zero_pad(X, pad):
    """Add ``pad`` rows and columns of zeros around every image of ``X``.

    Parameters
    ----------
    X : ndarray of shape (m, n_H, n_W, n_C)
    pad : int >= 0

    Returns
    -------
    ndarray of shape (m, n_H + 2 * pad, n_W + 2 * pad, n_C)
        A new array of ``X``'s dtype; the examples and channels are not padded.

    Notes
    -----
    Padding lets a border pixel be seen by as many filter positions as a central one and,
    with :math:`p = (f - 1) / 2`, keeps the image's size ("same"). Course 4, Week 1.
    """
    X = as_float_array("X", X)
    check_shape("X", X, ("m", "n_H", "n_W", "n_C"))
    pad = check_int("pad", pad, minimum=0)
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def _output_size(n, f, pad, stride, what):
    """floor((n + 2 pad - f) / stride) + 1, or a ValueError naming ``what`` if f does not fit."""
    if f > n + 2 * pad:
        raise ValueError(
            f"{what} + 2 * pad = {n} + 2 * {pad} = {n + 2 * pad} is smaller than the filter "
            f"size f = {f}: the filter must fit inside the padded input"
        )
    return (n + 2 * pad - f) // stride + 1


def _out_hw(A_prev, f, stride, pad):
    """``(n_H, n_W)`` of the output of an ``f x f`` filter on the images ``A_prev``."""
    _, n_H_prev, n_W_prev, _ = A_prev.shape
    return (_output_size(n_H_prev, f, pad, stride, "A_prev's n_H_prev"),
            _output_size(n_W_prev, f, pad, stride, "A_prev's n_W_prev"))


def conv_output_size(n, f, pad, stride):
    r"""The height (or width) of a convolution's output.

    Parameters
    ----------
    n : int >= 1
        Height (or width) of the input.
    f : int >= 1
        Filter size.
    pad : int >= 0
    stride : int >= 1

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the filter is larger than the padded input, ``f > n + 2 * pad``.

    Notes
    -----
    .. math:: \left\lfloor \frac{n + 2p - f}{s} \right\rfloor + 1

    The floor drops the last rows when the filter, moved by ``s``, would stick out of the
    padded image. Course 4, Week 1.
    """
    n, f = check_int("n", n), check_int("f", f)
    pad, stride = check_int("pad", pad, minimum=0), check_int("stride", stride)
    return _output_size(n, f, pad, stride, "n")


def resolve_padding(padding, f, stride):
    r"""The number of zeros to add on each side, from a number, ``"valid"`` or ``"same"``.

    Parameters
    ----------
    padding : int >= 0, "valid" or "same"
        ``"valid"`` is no padding; ``"same"`` pads so that the output has the input's size.
    f : int >= 1
        Filter size.
    stride : int >= 1

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``padding`` is a negative number or another string, or ``"same"`` is asked for
        with ``stride > 1`` or an even ``f``, where no padding keeps the size.
    TypeError
        If ``padding`` is neither an integer nor a string.

    Notes
    -----
    With stride 1, :math:`n + 2p - f + 1 = n` gives :math:`p = (f - 1) / 2`, a whole
    number only for odd :math:`f`, one reason filters are usually 3x3 or 5x5.
    Course 4, Week 1.
    """
    f, stride = check_int("f", f), check_int("stride", stride)
    if isinstance(padding, str):
        if padding == "valid":
            return 0
        if padding != "same":
            raise ValueError(f"padding must be an integer >= 0, 'valid' or 'same', got {padding!r}")
        if stride != 1:
            raise ValueError(
                f"padding='same' keeps the size only with stride 1, got stride = {stride}; "
                "give the padding as a number"
            )
        if f % 2 == 0:
            raise ValueError(
                f"padding='same' needs an odd filter size f, so that (f - 1) / 2 zeros fit on "
                f"each side, got f = {f}; give the padding as a number"
            )
        return (f - 1) // 2
    if isinstance(padding, bool) or not isinstance(padding, Integral):
        raise TypeError(
            f"padding must be an integer >= 0, 'valid' or 'same', got {type(padding).__name__}"
        )
    return check_int("padding", padding, minimum=0)


# ---------------------------------------------------------------------------
# Checks shared by the forward passes
# ---------------------------------------------------------------------------


def _check_params(params):
    """``params["W"]`` and ``params["b"]`` as float arrays, refusing any other key."""
    W, b = check_params("params", params, ("W", "b"))
    unexpected = sorted(str(k) for k in params if k not in ("W", "b"))
    if unexpected:
        raise ValueError(f"params has unexpected key(s) {unexpected}; expected 'W' and 'b'")
    return W, b


def _check_square(W, expected):
    """Raise unless ``W`` has ``expected`` shape with square ``f x f`` filters."""
    check_shape("W", W, expected)
    if W.shape[0] != W.shape[1]:
        raise ValueError(
            f"W must hold square f x f filters, shape {_format_shape(expected)}, got {W.shape}"
        )


def _check_input(A_prev, n_C_prev, W, spatial):
    """``A_prev`` of shape (m, *spatial, n_C_prev), channels last, m >= 1, finite."""
    A_prev = as_float_array("A_prev", A_prev)
    expected = ("m", *spatial, n_C_prev)
    channels_first = A_prev.ndim == len(expected) and A_prev.shape[1] == n_C_prev
    if channels_first and A_prev.shape[-1] != n_C_prev:
        order = (0, *range(2, A_prev.ndim), 1)
        raise ValueError(
            f"A_prev must have shape {_format_shape(expected)} (channels last) to match W of "
            f"shape {W.shape}, got {A_prev.shape}, which looks channels-first: use "
            f"A_prev.transpose{order}"
        )
    one = "; one example as A_prev[None]" if A_prev.ndim == len(expected) - 1 else ""
    hint = f"(channels last) to match W of shape {W.shape}{one}"
    check_shape("A_prev", A_prev, expected, hint=hint)
    if A_prev.shape[0] == 0:
        raise ValueError("A_prev must hold at least one example (along axis 0), got m = 0")
    check_finite("A_prev", A_prev)
    return A_prev


def _check_settings(A_prev, f, stride, padding):
    """``stride`` and the padding as ints, after checking that the filter fits ``A_prev``."""
    stride = check_int("stride", stride)
    pad = resolve_padding(padding, f, stride)
    spatial = ("n_H_prev", "n_W_prev") if A_prev.ndim == 4 else ("n_prev",)
    for n, name in zip(A_prev.shape[1:-1], spatial, strict=True):
        _output_size(n, f, pad, stride, f"A_prev's {name}")
    return stride, pad


def _check_conv2d(A_prev, params, stride, padding):
    """The checks of both 2-D forward passes."""
    W, b = _check_params(params)
    _check_square(W, ("f", "f", "n_C_prev", "n_C"))
    f, _, n_C_prev, n_C = W.shape
    check_shape("b", b, (1, 1, 1, n_C), hint=f"to match W of shape {W.shape}")
    A_prev = _check_input(A_prev, n_C_prev, W, ("n_H_prev", "n_W_prev"))
    stride, pad = _check_settings(A_prev, f, stride, padding)
    return A_prev, {"W": W, "b": b}, stride, pad


# ---------------------------------------------------------------------------
# The plain loops: the lesson's version and the tests' oracle
# ---------------------------------------------------------------------------


def conv_single_step(a_slice_prev, W, b):
    r"""One filter at one position: the sum of ``a_slice_prev * W``, plus the bias.

    Parameters
    ----------
    a_slice_prev : ndarray of shape (f, f, n_C_prev)
        The part of the (padded) input under the filter.
    W : ndarray of shape (f, f, n_C_prev)
        One filter, ``W[:, :, :, c]`` of a layer.
    b : float, or ndarray with one entry, e.g. of shape (1, 1, 1)
        Its bias.

    Returns
    -------
    NumPy float scalar

    Notes
    -----
    :math:`z = \sum_{p, q, k} a_{p,q,k} W_{p,q,k} + b`. Course 4, Week 1.
    """
    a_slice_prev = as_float_array("a_slice_prev", a_slice_prev)
    W, b = as_float_array("W", W), as_float_array("b", b)
    check_shape("a_slice_prev", a_slice_prev, ("f", "f", "n_C_prev"))
    check_shape("W", W, a_slice_prev.shape, hint="to match a_slice_prev")
    if b.size != 1:
        raise ValueError(
            f"b must be one number, the filter's bias, e.g. of shape (1, 1, 1), got {b.shape}"
        )
    return _single_step(a_slice_prev, W, b.reshape(()))


def _single_step(a_slice_prev, W, b):
    """:func:`conv_single_step` on checked arguments."""
    return np.sum(a_slice_prev * W) + b


def conv2d_forward_naive(A_prev, params, *, stride=1, padding=0):
    r"""2-D convolution with plain loops over examples, output positions and filters.

    The computation, arguments and checks of :func:`conv2d_forward`, one window and one
    filter at a time with :func:`conv_single_step`: the version to read first.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev)
    params : dict ``{"W": (f, f, n_C_prev, n_C), "b": (1, 1, 1, n_C)}``
    stride : int, default 1
    padding : int, "valid" or "same", default 0

    Returns
    -------
    Z : ndarray of shape (m, n_H, n_W, n_C)
    cache : dict
        ``A_prev``, ``W``, ``stride`` and the padding as a number, for
        :func:`conv2d_backward_naive`.

    Raises
    ------
    ValueError, TypeError
        As :func:`conv2d_forward`.

    Notes
    -----
    For every example ``i``, output row ``h``, column ``w`` and filter ``c``, the window
    ``A_prev_pad[i, h*s : h*s + f, w*s : w*s + f, :]`` goes through :func:`conv_single_step`
    with ``W[:, :, :, c]`` and ``b[0, 0, 0, c]``. Course 4, Week 1.
    """
    A_prev, params, stride, pad = _check_conv2d(A_prev, params, stride, padding)
    W, b = params["W"], params["b"]
    f, _, _, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H, n_W = _out_hw(A_prev, f, stride, pad)
    A_prev_pad = zero_pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C), dtype=np.result_type(A_prev, W, b))
    for i in range(m):
        a_prev_pad = A_prev_pad[i]  # (n_H_prev + 2 pad, n_W_prev + 2 pad, n_C_prev)
        for h in range(n_H):
            top = h * stride
            for w in range(n_W):
                left = w * stride
                a_slice_prev = a_prev_pad[top : top + f, left : left + f, :]  # (f, f, n_C_prev)
                for c in range(n_C):
                    Z[i, h, w, c] = _single_step(a_slice_prev, W[:, :, :, c], b[0, 0, 0, c])
    return Z, make_cache("conv2d_forward_naive", A_prev=A_prev, W=W, stride=stride, padding=pad)


def conv2d_backward_naive(dZ, cache):
    r"""Gradients of the 2-D convolution with plain loops: the readable :func:`conv2d_backward`.

    Parameters
    ----------
    dZ : ndarray of shape (m, n_H, n_W, n_C)
        Gradient with respect to ``Z``, per example.
    cache : dict
        From :func:`conv2d_forward_naive`.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev)
    grads : dict ``{"dW": (f, f, n_C_prev, n_C), "db": (1, 1, 1, n_C)}``

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of the forward pass's ``Z``.
    TypeError
        If ``cache`` was not made by :func:`conv2d_forward_naive`.

    Notes
    -----
    Each output :math:`Z_{i,h,w,c}` came from one window and one filter, so it sends
    :math:`dZ_{i,h,w,c}` back to both: the window's gradient grows by
    :math:`W_{:,:,:,c}\, dZ_{i,h,w,c}`, the filter's by the window times
    :math:`dZ_{i,h,w,c}`, the bias's by :math:`dZ_{i,h,w,c}`. Overlapping windows add up.
    ``dW`` and ``db`` are then divided by ``m``. Course 4, Week 1.
    """
    A_prev, W, stride, pad = read_cache(
        cache, "conv2d_forward_naive", ("A_prev", "W", "stride", "padding")
    )
    f, _, _, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H, n_W = _out_hw(A_prev, f, stride, pad)
    dZ = check_upstream("dZ", dZ, (m, n_H, n_W, n_C), "conv2d_forward_naive")
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = np.zeros(A_prev_pad.shape, dtype=np.result_type(dZ, W))
    dW = np.zeros(W.shape, dtype=np.result_type(dZ, A_prev))
    db = np.zeros((1, 1, 1, n_C), dtype=dZ.dtype)
    for i in range(m):
        a_prev_pad, da_prev_pad = A_prev_pad[i], dA_prev_pad[i]
        for h in range(n_H):
            top = h * stride
            for w in range(n_W):
                left = w * stride
                a_slice = a_prev_pad[top : top + f, left : left + f, :]
                for c in range(n_C):
                    dz = dZ[i, h, w, c]
                    da_prev_pad[top : top + f, left : left + f, :] += W[:, :, :, c] * dz
                    dW[:, :, :, c] += a_slice * dz
                    db[0, 0, 0, c] += dz
    dA_prev = dA_prev_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :]
    return dA_prev, {"dW": dW / m, "db": db / m}


# ---------------------------------------------------------------------------
# The fast version: im2col on a window view, one matrix product
# ---------------------------------------------------------------------------


def _pad(A, pad_H, pad_W):
    """``A`` (m, n_H, n_W, n_C) with zeros around its rows and columns; ``A`` itself if none."""
    if pad_H == 0 and pad_W == 0:
        return A
    return np.pad(A, ((0, 0), (pad_H, pad_H), (pad_W, pad_W), (0, 0)))


def _offset(i, j, stride, n_H, n_W):
    """Where entry ``(i, j)`` of every window lies in the padded input: one strided slice.

    For a fixed offset the ``n_H * n_W`` windows touch ``n_H * n_W`` different pixels, so a
    whole array operation on this slice replaces a loop over the output positions.
    """
    rows = slice(i, i + stride * (n_H - 1) + 1, stride)
    cols = slice(j, j + stride * (n_W - 1) + 1, stride)
    return slice(None), rows, cols, slice(None)


def _correlate(A_prev, W, b, stride, pad_H, pad_W):
    """The fast forward pass on checked arrays, for filters of any height and width.

    Returns ``Z`` (m, n_H, n_W, n_C) and the im2col matrix, for the backward pass.
    """
    f_H, f_W, n_C_prev, n_C = W.shape
    A_pad = _pad(A_prev, pad_H, pad_W)
    # Every window as a view of A_pad (only the strides change, nothing is copied), then
    # every stride-th one: (m, n_H, n_W, n_C_prev, f_H, f_W).
    windows = sliding_window_view(A_pad, (f_H, f_W), axis=(1, 2))[:, ::stride, ::stride]
    m, n_H, n_W = windows.shape[:3]
    # im2col: one row per output position, its entries in W's order (f_H, f_W, n_C_prev).
    # This reshape is the one copy; then one matrix product does all the multiplications,
    # in BLAS instead of the naive version's m * n_H * n_W * n_C Python-level steps.
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f_H * f_W * n_C_prev)
    Z = cols @ W.reshape(f_H * f_W * n_C_prev, n_C)  # (m * n_H * n_W, n_C)
    return Z.reshape(m, n_H, n_W, n_C) + b, cols


def _check_flag(need_dA_prev):
    """Return ``need_dA_prev`` if it is True or False, else raise ``TypeError``."""
    if not isinstance(need_dA_prev, bool):
        raise TypeError(f"need_dA_prev must be True or False, got {type(need_dA_prev).__name__}")
    return need_dA_prev


def _correlate_backward(dZ, cols, W, in_shape, stride, pad_H, pad_W, need_dA_prev):
    """The fast backward pass: ``(dA_prev or None, dW, db)`` from the im2col matrix."""
    f_H, f_W, n_C_prev, n_C = W.shape
    m, n_H, n_W, _ = dZ.shape
    dZ_rows = dZ.reshape(m * n_H * n_W, n_C)
    dW = (cols.T @ dZ_rows).reshape(W.shape) / m
    db = dZ_rows.sum(axis=0).reshape(1, 1, 1, n_C) / m
    if not need_dA_prev:
        return None, dW, db
    # col2im: entry (i, j) of every window gets dZ times filter entry W[i, j] (n_C_prev, n_C)
    # transposed, added back where the windows read it. A loop over the f_H * f_W offsets of a
    # window (not over pixels): each adds one strided slice, and the sum over offsets adds up
    # the windows that overlap (stride < f). One product per offset, rather than one for the
    # gradient of the whole im2col matrix and then its slices: that matrix is f_H * f_W times
    # the input's size, and not making it saves a quarter (float64) to 60% (float32) of this
    # step for 64 images 32x32x16 and 32 filters 3x3.
    _, n_H_prev, n_W_prev, _ = in_shape
    dA_pad = np.zeros((m, n_H_prev + 2 * pad_H, n_W_prev + 2 * pad_W, n_C_prev),
                      dtype=np.result_type(dZ, W))
    for i in range(f_H):
        for j in range(f_W):
            dwindow = (dZ_rows @ W[i, j].T).reshape(m, n_H, n_W, n_C_prev)
            dA_pad[_offset(i, j, stride, n_H, n_W)] += dwindow
    return dA_pad[:, pad_H : pad_H + n_H_prev, pad_W : pad_W + n_W_prev, :], dW, db


def conv2d_forward(A_prev, params, *, stride=1, padding=0):
    r"""2-D convolution (as deep-learning libraries compute it: cross-correlation), forward.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev)
        Examples first, channels last.
    params : dict
        ``{"W": ndarray of shape (f, f, n_C_prev, n_C), "b": ndarray of shape (1, 1, 1, n_C)}``:
        ``n_C`` square filters and their biases.
    stride : int >= 1, default 1
    padding : int >= 0, "valid" or "same", default 0
        Zeros added on each side; see :func:`resolve_padding`.

    Returns
    -------
    Z : ndarray of shape (m, n_H, n_W, n_C)
        :math:`n_H = \lfloor (n_{H,prev} + 2p - f) / s \rfloor + 1`, likewise :math:`n_W`.
    cache : dict
        ``A_prev``, ``W``, the im2col matrix, ``stride`` and the padding as a number, for
        :func:`conv2d_backward`.

    Raises
    ------
    ValueError
        If a shape is wrong (``A_prev`` channels-first, ``b`` not (1, 1, 1, n_C), filters
        not square), the filter is larger than the padded input, ``stride < 1``, the padding
        is invalid, ``A_prev`` holds no example, NaN or infinity, or ``params`` has a
        missing or unknown key.
    TypeError
        If ``params`` is not a dict, an array is not numeric, or ``stride`` is not an integer.

    Notes
    -----
    .. math:: Z_{i,h,w,c} = b_c + \sum_{p=0}^{f-1} \sum_{q=0}^{f-1} \sum_{k=1}^{n_{C,prev}}
              W_{p,q,k,c}\, A^{pad}_{i,\, hs + p,\, ws + q,\, k}

    The filter is not flipped: this is cross-correlation, which the course and
    deep-learning libraries call convolution. The mathematicians' convolution flips the
    filter first (:math:`W_{f-1-p,\, f-1-q}`); since the filters are learned, a network
    learns the flipped filter instead, and nothing else changes.

    Computed as one matrix product: the windows, as a strided view of the padded input,
    are copied into a matrix of shape (m n_H n_W, f f n_C_prev) (im2col), multiplied by
    ``W`` reshaped to (f f n_C_prev, n_C). Course 4, Week 1.
    """
    A_prev, params, stride, pad = _check_conv2d(A_prev, params, stride, padding)
    return _conv2d(A_prev, params, stride=stride, padding=pad)


def _conv2d(A_prev, params, *, stride, padding):
    """:func:`conv2d_forward` on checked arguments, ``padding`` a number."""
    W = params["W"]
    _out_hw(A_prev, W.shape[0], stride, padding)  # a clear error if a network's image got too small
    Z, cols = _correlate(A_prev, W, params["b"], stride, padding, padding)
    cache = make_cache(
        "conv2d_forward", A_prev=A_prev, W=W, cols=cols, stride=stride, padding=padding
    )
    return Z, cache


def conv2d_backward(dZ, cache, *, need_dA_prev=True):
    r"""Gradients of the 2-D convolution of :func:`conv2d_forward`.

    Parameters
    ----------
    dZ : ndarray of shape (m, n_H, n_W, n_C)
        Gradient with respect to ``Z``, per example (no ``1/m``).
    cache : dict
        From :func:`conv2d_forward`.
    need_dA_prev : bool, default True
        False skips the gradient with respect to the input (for a network's first layer)
        and returns ``None`` for it.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev), or None
    grads : dict ``{"dW": (f, f, n_C_prev, n_C), "db": (1, 1, 1, n_C)}``
        Gradients of the mean cost.

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of the forward pass's ``Z``.
    TypeError
        If ``cache`` was not made by :func:`conv2d_forward`, or ``need_dA_prev`` is not a bool.

    Notes
    -----
    .. math:: dW_{p,q,k,c} = \frac{1}{m} \sum_{i,h,w} A^{pad}_{i,\,hs+p,\,ws+q,\,k}\, dZ_{i,h,w,c},
              \qquad db_c = \frac{1}{m} \sum_{i,h,w} dZ_{i,h,w,c},

    .. math:: dA^{pad}_{i,\,hs+p,\,ws+q,\,k} \mathrel{+}= \sum_c W_{p,q,k,c}\, dZ_{i,h,w,c}

    as :func:`conv2d_backward_naive` accumulates them; here ``dW`` is the im2col matrix
    transposed times ``dZ``, and the windows' gradients (``dZ`` times ``W`` transposed) are
    added back into place over the ``f * f`` offsets of a window (col2im). ``dA_prev`` drops
    the padding's rows and columns. Course 4, Week 1.
    """
    A_prev, W, cols, stride, pad = read_cache(
        cache, "conv2d_forward", ("A_prev", "W", "cols", "stride", "padding")
    )
    need_dA_prev = _check_flag(need_dA_prev)
    f, _, _, n_C = W.shape
    out_shape = (A_prev.shape[0], *_out_hw(A_prev, f, stride, pad), n_C)
    dZ = check_upstream("dZ", dZ, out_shape, "conv2d_forward")
    dA_prev, dW, db = _correlate_backward(dZ, cols, W, A_prev.shape, stride, pad, pad, need_dA_prev)
    return dA_prev, {"dW": dW, "db": db}


def conv_block(f, n_C_prev, n_C, l, *, stride=1, padding=0):
    """The convolution of layer ``l`` as a network :class:`~dlspec.blocks.Block`.

    Parameters ``W{l}`` of shape (f, f, n_C_prev, n_C), drawn with fan-in ``f * f * n_C_prev``
    (the inputs of one output), and ``b{l}`` of shape (1, 1, 1, n_C), zeros. ``padding``
    ("same", "valid" or a number) is resolved here, once. Takes images
    (m, n_H_prev, n_W_prev, n_C_prev) of any size the filter fits.
    """
    f, n_C_prev, n_C, l = (check_int(name, v) for name, v in
                           (("f", f), ("n_C_prev", n_C_prev), ("n_C", n_C), ("l", l)))
    stride = check_int("stride", stride)
    pad = resolve_padding(padding, f, stride)
    return Block(
        "conv2d", conv2d_forward, _conv2d, conv2d_backward,
        params={"W": f"W{l}", "b": f"b{l}"},
        init={f"W{l}": ((f, f, n_C_prev, n_C), "weight", f * f * n_C_prev),
              f"b{l}": ((1, 1, 1, n_C), "zeros")},
        config={"stride": stride, "padding": pad}, skips_dx=True,
        accepts=("m", None, None, n_C_prev),
    )


# ---------------------------------------------------------------------------
# Depthwise and pointwise convolution (MobileNet, Course 4, Week 2)
# ---------------------------------------------------------------------------


def depthwise_conv2d_forward(A_prev, params, *, stride=1, padding=0):
    r"""Depthwise convolution: each channel filtered by its own ``f x f`` filter.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C)
    params : dict ``{"W": (f, f, n_C), "b": (1, 1, 1, n_C)}``
        One filter and one bias per channel.
    stride : int >= 1, default 1
    padding : int >= 0, "valid" or "same", default 0

    Returns
    -------
    Z : ndarray of shape (m, n_H, n_W, n_C)
        As many channels as ``A_prev``.
    cache : dict
        ``A_prev``, ``W``, ``stride`` and the padding as a number, for
        :func:`depthwise_conv2d_backward`.

    Raises
    ------
    ValueError, TypeError
        As :func:`conv2d_forward`.

    Notes
    -----
    .. math:: Z_{i,h,w,c} = b_c + \sum_{p=0}^{f-1} \sum_{q=0}^{f-1}
              W_{p,q,c}\, A^{pad}_{i,\, hs + p,\, ws + q,\, c}

    the 2-D convolution with filters that are zero across channels. MobileNet follows it
    by a pointwise convolution (:func:`conv2d_forward` with ``f = 1``, see
    :func:`pointwise_block`), which mixes the channels: the pair, a depthwise separable
    convolution, does the work of a full convolution with fewer multiplications
    (:func:`depthwise_separable_multiplies`). Computed as a sum over the ``f * f`` offsets
    of a window, each one product of a strided slice of the input with a row of filter
    entries. Course 4, Week 2.
    """
    W, b = _check_params(params)
    _check_square(W, ("f", "f", "n_C"))
    f, _, n_C = W.shape
    check_shape("b", b, (1, 1, 1, n_C), hint=f"to match W of shape {W.shape}")
    A_prev = _check_input(A_prev, n_C, W, ("n_H_prev", "n_W_prev"))
    stride, pad = _check_settings(A_prev, f, stride, padding)
    return _depthwise(A_prev, {"W": W, "b": b}, stride=stride, padding=pad)


def _depthwise(A_prev, params, *, stride, padding):
    """:func:`depthwise_conv2d_forward` on checked arguments, ``padding`` a number."""
    W, b = params["W"], params["b"]
    f = W.shape[0]
    n_H, n_W = _out_hw(A_prev, f, stride, padding)
    A_pad = _pad(A_prev, padding, padding)
    Z = np.zeros((A_prev.shape[0], n_H, n_W, A_prev.shape[3]), dtype=np.result_type(A_prev, W, b))
    for i in range(f):
        for j in range(f):  # entry (i, j) of every window, every channel times its own W[i, j, c]
            Z += A_pad[_offset(i, j, stride, n_H, n_W)] * W[i, j]
    Z += b
    cache = make_cache(
        "depthwise_conv2d_forward", A_prev=A_prev, W=W, stride=stride, padding=padding
    )
    return Z, cache


def depthwise_conv2d_backward(dZ, cache):
    r"""Gradients of the depthwise convolution of :func:`depthwise_conv2d_forward`.

    Parameters
    ----------
    dZ : ndarray of shape (m, n_H, n_W, n_C)
    cache : dict
        From :func:`depthwise_conv2d_forward`.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C)
    grads : dict ``{"dW": (f, f, n_C), "db": (1, 1, 1, n_C)}``

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of the forward pass's ``Z``.
    TypeError
        If ``cache`` was not made by :func:`depthwise_conv2d_forward`.

    Notes
    -----
    .. math:: dW_{p,q,c} = \frac{1}{m} \sum_{i,h,w} A^{pad}_{i,\,hs+p,\,ws+q,\,c}\, dZ_{i,h,w,c},
              \qquad dA^{pad}_{i,\,hs+p,\,ws+q,\,c} \mathrel{+}= W_{p,q,c}\, dZ_{i,h,w,c}

    and :math:`db_c = \frac{1}{m} \sum_{i,h,w} dZ_{i,h,w,c}`: those of
    :func:`conv2d_backward` without the sum over channels. Course 4, Week 2.
    """
    A_prev, W, stride, pad = read_cache(
        cache, "depthwise_conv2d_forward", ("A_prev", "W", "stride", "padding")
    )
    f = W.shape[0]
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = _out_hw(A_prev, f, stride, pad)
    dZ = check_upstream("dZ", dZ, (m, n_H, n_W, n_C), "depthwise_conv2d_forward")
    A_pad = _pad(A_prev, pad, pad)
    dA_pad = np.zeros(A_pad.shape, dtype=np.result_type(dZ, W))
    dW = np.empty(W.shape, dtype=np.result_type(dZ, A_prev))
    for i in range(f):
        for j in range(f):
            window = _offset(i, j, stride, n_H, n_W)
            dW[i, j] = np.einsum("ihwc,ihwc->c", A_pad[window], dZ)
            dA_pad[window] += dZ * W[i, j]
    db = dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, n_C)
    dA_prev = dA_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :]
    return dA_prev, {"dW": dW / m, "db": db / m}


def depthwise_block(f, n_C, l, *, stride=1, padding=0):
    """The depthwise convolution of layer ``l`` as a network :class:`~dlspec.blocks.Block`.

    Parameters ``W{l}`` of shape (f, f, n_C), drawn with fan-in ``f * f``, and ``b{l}`` of
    shape (1, 1, 1, n_C), zeros.
    """
    f, n_C, l = check_int("f", f), check_int("n_C", n_C), check_int("l", l)
    stride = check_int("stride", stride)
    pad = resolve_padding(padding, f, stride)
    return Block(
        "depthwise_conv2d", depthwise_conv2d_forward, _depthwise, depthwise_conv2d_backward,
        params={"W": f"W{l}", "b": f"b{l}"},
        init={f"W{l}": ((f, f, n_C), "weight", f * f), f"b{l}": ((1, 1, 1, n_C), "zeros")},
        config={"stride": stride, "padding": pad}, accepts=("m", None, None, n_C),
    )


def pointwise_block(n_C_prev, n_C, l):
    """A pointwise (1x1) convolution of layer ``l``: :func:`conv_block` with ``f = 1``.

    It mixes the ``n_C_prev`` channels of each pixel into ``n_C`` new ones, a dense layer
    applied at every pixel (Course 4, Week 2: 1x1 convolutions, MobileNet).
    """
    return conv_block(1, n_C_prev, n_C, l)._replace(name="pointwise_conv2d")


def conv2d_multiplies(n_H, n_W, f, n_C_prev, n_C):
    r"""Multiplications of a convolution with an output of ``n_H x n_W x n_C``.

    Parameters
    ----------
    n_H, n_W : int >= 1
        The output's height and width.
    f : int >= 1
    n_C_prev, n_C : int >= 1
        Channels in and out.

    Returns
    -------
    int

    Notes
    -----
    Each of the :math:`n_H n_W n_C` outputs multiplies a window by a filter,
    :math:`f^2 n_{C,prev}` products: :math:`n_H n_W n_C f^2 n_{C,prev}`. Course 4, Week 2.
    """
    n_H, n_W, f = check_int("n_H", n_H), check_int("n_W", n_W), check_int("f", f)
    n_C_prev, n_C = check_int("n_C_prev", n_C_prev), check_int("n_C", n_C)
    return n_H * n_W * n_C * f * f * n_C_prev


def depthwise_separable_multiplies(n_H, n_W, f, n_C_prev, n_C):
    r"""Multiplications of a depthwise convolution followed by a pointwise one.

    Parameters and returns as :func:`conv2d_multiplies`, for the same output.

    Notes
    -----
    Depthwise: :math:`n_H n_W n_{C,prev} f^2`; pointwise: :math:`n_H n_W n_C n_{C,prev}`.
    Relative to :func:`conv2d_multiplies` that is

    .. math:: \frac{n_{C,prev} f^2 + n_{C,prev} n_C}{n_C f^2 n_{C,prev}}
              = \frac{1}{n_C} + \frac{1}{f^2},

    about a ninth of the work for 3x3 filters and many channels. Course 4, Week 2.
    """
    n_H, n_W, f = check_int("n_H", n_H), check_int("n_W", n_W), check_int("f", f)
    n_C_prev, n_C = check_int("n_C_prev", n_C_prev), check_int("n_C", n_C)
    return n_H * n_W * n_C_prev * f * f + n_H * n_W * n_C_prev * n_C


# ---------------------------------------------------------------------------
# 1-D convolution: a sequence is an image of height 1
# ---------------------------------------------------------------------------


def conv1d_forward(A_prev, params, *, stride=1, padding=0):
    r"""1-D convolution (cross-correlation) of sequences, forward.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_prev, n_C_prev)
        ``m`` sequences of length ``n_prev`` with ``n_C_prev`` channels.
    params : dict ``{"W": (f, n_C_prev, n_C), "b": (1, 1, n_C)}``
    stride : int >= 1, default 1
    padding : int >= 0, "valid" or "same", default 0
        Zeros added at each end.

    Returns
    -------
    Z : ndarray of shape (m, n, n_C)
        :math:`n = \lfloor (n_{prev} + 2p - f) / s \rfloor + 1`.
    cache : dict
        For :func:`conv1d_backward`.

    Raises
    ------
    ValueError, TypeError
        As :func:`conv2d_forward`.

    Notes
    -----
    .. math:: Z_{i,t,c} = b_c + \sum_{p=0}^{f-1} \sum_{k=1}^{n_{C,prev}}
              W_{p,k,c}\, A^{pad}_{i,\, ts + p,\, k}

    Computed by the code of :func:`conv2d_forward` on the sequences seen as images of
    height 1 and filters of height 1 (views, no copies), padded along the width only.
    Course 4, Week 4 (1-D and 3-D generalisations).
    """
    W, b = _check_params(params)
    check_shape("W", W, ("f", "n_C_prev", "n_C"))
    f, n_C_prev, n_C = W.shape
    check_shape("b", b, (1, 1, n_C), hint=f"to match W of shape {W.shape}")
    A_prev = _check_input(A_prev, n_C_prev, W, ("n_prev",))
    stride, pad = _check_settings(A_prev, f, stride, padding)
    return _conv1d(A_prev, {"W": W, "b": b}, stride=stride, padding=pad)


def _conv1d(A_prev, params, *, stride, padding):
    """:func:`conv1d_forward` on checked arguments, ``padding`` a number."""
    W = params["W"]
    _output_size(A_prev.shape[1], W.shape[0], padding, stride, "A_prev's n_prev")
    # (m, 1, n_prev, n_C_prev) images, (1, f, n_C_prev, n_C) filters: no padding in height.
    Z, cols = _correlate(A_prev[:, None], W[None], params["b"][None], stride, 0, padding)
    cache = make_cache(
        "conv1d_forward", A_prev=A_prev, W=W, cols=cols, stride=stride, padding=padding
    )
    return Z[:, 0], cache


def conv1d_backward(dZ, cache, *, need_dA_prev=True):
    r"""Gradients of the 1-D convolution of :func:`conv1d_forward`.

    Parameters
    ----------
    dZ : ndarray of shape (m, n, n_C)
    cache : dict
        From :func:`conv1d_forward`.
    need_dA_prev : bool, default True
        As in :func:`conv2d_backward`.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_prev, n_C_prev), or None
    grads : dict ``{"dW": (f, n_C_prev, n_C), "db": (1, 1, n_C)}``

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of the forward pass's ``Z``.
    TypeError
        If ``cache`` was not made by :func:`conv1d_forward`, or ``need_dA_prev`` is not a bool.

    Notes
    -----
    Those of :func:`conv2d_backward` for an image of height 1. Course 4, Week 4.
    """
    A_prev, W, cols, stride, pad = read_cache(
        cache, "conv1d_forward", ("A_prev", "W", "cols", "stride", "padding")
    )
    need_dA_prev = _check_flag(need_dA_prev)
    m, n_prev, _ = A_prev.shape
    f, _, n_C = W.shape
    dZ = check_upstream("dZ", dZ, (m, (n_prev + 2 * pad - f) // stride + 1, n_C), "conv1d_forward")
    dA_prev, dW, db = _correlate_backward(
        dZ[:, None], cols, W[None], (m, 1, *A_prev.shape[1:]), stride, 0, pad, need_dA_prev
    )
    return (None if dA_prev is None else dA_prev[:, 0]), {"dW": dW[0], "db": db[0]}


def conv1d_block(f, n_C_prev, n_C, l, *, stride=1, padding=0):
    """The 1-D convolution of layer ``l`` as a network :class:`~dlspec.blocks.Block`.

    Parameters ``W{l}`` of shape (f, n_C_prev, n_C), drawn with fan-in ``f * n_C_prev``, and
    ``b{l}`` of shape (1, 1, n_C), zeros. Takes sequences (m, n_prev, n_C_prev).
    """
    f, n_C_prev, n_C, l = (check_int(name, v) for name, v in
                           (("f", f), ("n_C_prev", n_C_prev), ("n_C", n_C), ("l", l)))
    stride = check_int("stride", stride)
    pad = resolve_padding(padding, f, stride)
    return Block(
        "conv1d", conv1d_forward, _conv1d, conv1d_backward,
        params={"W": f"W{l}", "b": f"b{l}"},
        init={f"W{l}": ((f, n_C_prev, n_C), "weight", f * n_C_prev),
              f"b{l}": ((1, 1, n_C), "zeros")},
        config={"stride": stride, "padding": pad}, skips_dx=True, accepts=("m", None, n_C_prev),
    )
