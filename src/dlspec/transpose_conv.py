r"""Transpose convolution: the upsampling layer of U-Net, forward and backward.

Course 4, Week 3. A convolution with stride 2 makes an image smaller; a transpose
convolution makes it larger, and learns how. Each pixel of the input **scatters** a copy of
the filter, scaled by its value, into the output: the copy of input pixel ``(h, w)`` lands
with its top-left corner at ``(h * s, w * s)``, overlapping copies add up, and then ``pad``
rows and columns are cut off every side. Images are stored as for
:mod:`dlspec.conv`, examples first and channels last: ``A_prev`` of shape
``(m, n_H_prev, n_W_prev, n_C_prev)``, filters ``W`` of shape ``(f, f, n_C_prev, n_C)``
(``n_C_prev`` channels in, ``n_C`` out) and biases ``b`` of shape ``(1, 1, 1, n_C)``.
The output has

.. math:: n_H = (n_{H,prev} - 1)\, s + f - 2p

rows (:func:`conv_transpose_output_size`), and as many columns with :math:`n_W`: with
``f = s = 2`` and ``p = 0`` the image doubles in size, as in U-Net's decoder. The block
follows dlspec's one convention (see :mod:`dlspec`)::

    Z, cache = conv2d_transpose_forward(A_prev, {"W": W, "b": b}, stride=2, padding=0)
    dA_prev, grads = conv2d_transpose_backward(dZ, cache)        # grads: "dW", "db"

**Why "transpose".** A convolution is linear in its input, so it is a matrix :math:`M`
applied to the flattened image. The transpose convolution applies :math:`M^T`, with the
same filter entries, stride and padding: it is the *adjoint* of the convolution,

.. math:: \langle \mathrm{conv}(x; W),\, y \rangle = \langle x,\, \mathrm{conv}^T(y; W') \rangle,
          \qquad W'_{p,q,c,k} = W_{p,q,k,c},

i.e. ``W' = W.swapaxes(2, 3)``: the channel axes swap roles (the convolution's output
channels are the transpose convolution's input channels) and the filter is *not* flipped.
That is why backpropagation through a convolution computes a transpose convolution
(``conv2d_backward``'s ``dA_prev``), and why it is not the inverse of the convolution:
it gives back the input's shape, not the input.

:func:`conv2d_transpose_forward_naive` is the plain loop of the scatter, the readable
version and the tests' oracle; :func:`conv2d_transpose_forward` computes the same with one
matrix product and a loop over the ``f * f`` offsets of a filter.
"""

from math import ceil
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
# Output size and checks
# ---------------------------------------------------------------------------


def _output_size(n, f, pad, stride, what):
    """(n - 1) * stride + f - 2 * pad, or a ValueError naming ``what`` if it is below 1."""
    size = (n - 1) * stride + f - 2 * pad
    if size < 1:
        raise ValueError(
            f"{what} = {n} with f = {f}, stride = {stride} and pad = {pad} gives an output of "
            f"(n - 1) * stride + f - 2 * pad = {size}: the padding cuts off everything"
        )
    return size


def conv_transpose_output_size(n, f, pad, stride):
    r"""The height (or width) of a transpose convolution's output.

    Parameters
    ----------
    n : int >= 1
        Height (or width) of the input.
    f : int >= 1
        Filter size.
    pad : int >= 0
        Rows (columns) cut off each side of the output.
    stride : int >= 1
        Step between the copies of the filter in the output.

    The order of the arguments is that of :func:`dlspec.conv.conv_output_size`.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the result would be below 1 (too much padding), or an argument is out of range.
    TypeError
        If an argument is not an integer.

    Notes
    -----
    .. math:: n_{out} = (n - 1)\, s + f - 2p

    The last input pixel's copy of the filter starts at :math:`(n - 1) s` and is
    :math:`f` long; the padding is then cut off both ends. A convolution with the same
    :math:`f, s, p` maps :math:`n_{out}` back to
    :math:`\lfloor (n_{out} + 2p - f)/s \rfloor + 1 = n`. Course 4, Week 3 (U-Net).
    """
    n, f = check_int("n", n), check_int("f", f)
    pad, stride = check_int("pad", pad, minimum=0), check_int("stride", stride)
    return _output_size(n, f, pad, stride, "n")


def _check_padding(padding):
    """``padding`` as an int >= 0; the strings of :mod:`dlspec.conv` are refused."""
    if isinstance(padding, bool) or not isinstance(padding, Integral):
        raise TypeError(
            "padding must be an integer >= 0 (a transpose convolution has no 'same' or "
            f"'valid'), got {type(padding).__name__}"
        )
    return check_int("padding", padding, minimum=0)


def _check_transpose(A_prev, params, stride, padding):
    """The checks of both forward passes: ``(A_prev, params, stride, padding)``."""
    W, b = check_params("params", params, ("W", "b"))
    unexpected = sorted(str(k) for k in params if k not in ("W", "b"))
    if unexpected:
        raise ValueError(f"params has unexpected key(s) {unexpected}; expected 'W' and 'b'")
    expected = ("f", "f", "n_C_prev", "n_C")
    check_shape("W", W, expected)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W must hold square f x f filters, shape {_format_shape(expected)}, got {W.shape}")
    f, _, n_C_prev, n_C = W.shape
    check_shape("b", b, (1, 1, 1, n_C), hint=f"to match W of shape {W.shape}")
    A_prev = as_float_array("A_prev", A_prev)
    one = "; one example as A_prev[None]" if A_prev.ndim == 3 else ""
    check_shape("A_prev", A_prev, ("m", "n_H_prev", "n_W_prev", n_C_prev),
                hint=f"(channels last) to match W of shape {W.shape}{one}")
    if A_prev.shape[0] == 0:
        raise ValueError("A_prev must hold at least one example (along axis 0), got m = 0")
    check_finite("A_prev", A_prev)
    stride, padding = check_int("stride", stride), _check_padding(padding)
    _out_hw(A_prev, f, stride, padding)
    return A_prev, {"W": W, "b": b}, stride, padding


def _out_hw(A_prev, f, stride, pad):
    """``(n_H, n_W)`` of the output for the images ``A_prev``."""
    _, n_H_prev, n_W_prev, _ = A_prev.shape
    return (_output_size(n_H_prev, f, pad, stride, "A_prev's n_H_prev"),
            _output_size(n_W_prev, f, pad, stride, "A_prev's n_W_prev"))


# ---------------------------------------------------------------------------
# The plain loop: every input pixel scatters a scaled copy of the filter
# ---------------------------------------------------------------------------


def conv2d_transpose_forward_naive(A_prev, params, *, stride=1, padding=0):
    r"""Transpose convolution with plain loops over examples, input pixels and channels.

    The computation, arguments and checks of :func:`conv2d_transpose_forward`, one input
    pixel at a time: the version to read first.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev)
    params : dict ``{"W": (f, f, n_C_prev, n_C), "b": (1, 1, 1, n_C)}``
    stride : int >= 1, default 1
    padding : int >= 0, default 0

    Returns
    -------
    Z : ndarray of shape (m, n_H, n_W, n_C)
    cache : dict
        The cache of :func:`conv2d_transpose_forward` (without its matrix), so
        :func:`conv2d_transpose_backward` takes it.

    Raises
    ------
    ValueError, TypeError
        As :func:`conv2d_transpose_forward`.

    Notes
    -----
    For every example ``i``, input pixel ``(h, w)`` and input channel ``k``, the block
    ``Z_full[i, h*s : h*s + f, w*s : w*s + f, :]`` grows by ``A_prev[i, h, w, k] * W[:, :, k, :]``;
    then ``padding`` rows and columns are cut off every side of ``Z_full`` and ``b`` is
    added. Course 4, Week 3.
    """
    A_prev, params, stride, pad = _check_transpose(A_prev, params, stride, padding)
    W, b = params["W"], params["b"]
    f, _, n_C_prev, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H, n_W = _out_hw(A_prev, f, stride, pad)
    full_H, full_W = (n_H_prev - 1) * stride + f, (n_W_prev - 1) * stride + f
    Z_full = np.zeros((m, full_H, full_W, n_C), dtype=np.result_type(A_prev, W, b))
    for i in range(m):
        for h in range(n_H_prev):
            top = h * stride
            for w in range(n_W_prev):
                left = w * stride
                for k in range(n_C_prev):  # the pixel's value in channel k times filter slice k
                    Z_full[i, top : top + f, left : left + f, :] += A_prev[i, h, w, k] * W[:, :, k, :]
    Z = Z_full[:, pad : pad + n_H, pad : pad + n_W, :] + b
    cache = make_cache("conv2d_transpose_forward", A_prev=A_prev, W=W, stride=stride, padding=pad)
    return Z, cache


# ---------------------------------------------------------------------------
# The fast version: one matrix product, then a loop over the f * f filter offsets
# ---------------------------------------------------------------------------


def _offset(p, q, stride, n_H_prev, n_W_prev):
    """Where entry ``(p, q)`` of every input pixel's filter copy lands: one strided slice."""
    rows = slice(p, p + stride * (n_H_prev - 1) + 1, stride)
    cols = slice(q, q + stride * (n_W_prev - 1) + 1, stride)
    return slice(None), rows, cols, slice(None)


def conv2d_transpose_forward(A_prev, params, *, stride=1, padding=0):
    r"""2-D transpose convolution, forward: upsampling with learned filters.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev)
        Examples first, channels last.
    params : dict
        ``{"W": ndarray of shape (f, f, n_C_prev, n_C), "b": ndarray of shape (1, 1, 1, n_C)}``.
        ``W[:, :, k, c]`` is what one unit of input channel ``k`` adds to output channel ``c``.
    stride : int >= 1, default 1
        Step between the filter copies of neighbouring input pixels.
    padding : int >= 0, default 0
        Rows and columns cut off every side of the output (a number only: there is no
        "same" or "valid" here).

    Returns
    -------
    Z : ndarray of shape (m, n_H, n_W, n_C)
        :math:`n_H = (n_{H,prev} - 1) s + f - 2p`, likewise :math:`n_W`.
    cache : dict
        ``A_prev``, ``W``, ``stride`` and ``padding``, for :func:`conv2d_transpose_backward`.

    Raises
    ------
    ValueError
        If a shape is wrong (``A_prev`` channels-first or one image, ``b`` not
        (1, 1, 1, n_C), filters not square), ``A_prev`` holds no example, NaN or infinity,
        ``params`` has a missing or unknown key, ``stride < 1``, ``padding < 0``, or the
        padding leaves no output.
    TypeError
        If ``params`` is not a dict, an array is not numeric, or ``stride`` or ``padding``
        is not an integer.

    Notes
    -----
    .. math:: Z_{i,\, hs + p - \mathrm{pad},\, ws + q - \mathrm{pad},\, c} \mathrel{+}=
              \sum_{k} A_{i,h,w,k}\, W_{p,q,k,c} \quad (0 \le p, q < f),
              \qquad Z \mathrel{+}= b

    over every input pixel ``(h, w)``, keeping only the positions inside the output. It is
    the adjoint of :func:`dlspec.conv.conv2d_forward` with filters ``W.swapaxes(2, 3)``
    and the same stride and padding (see the module docstring). Equivalently, it is a
    stride-1 convolution of the input with ``stride - 1`` zeros inserted between its
    pixels and ``f - 1 - padding`` zeros around it, with the filter rotated by 180
    degrees and its channel axes swapped; that form wastes multiplications on the zeros.

    Computed as one matrix product, every input pixel's channels (m n_H_prev n_W_prev,
    n_C_prev) times ``W`` as (n_C_prev, f f n_C), which gives every pixel's scaled copy of
    the filter; then a loop over the ``f * f`` filter offsets adds each offset's entries
    into the output at once, as one strided slice (col2im). Course 4, Week 3 (U-Net).
    """
    A_prev, params, stride, pad = _check_transpose(A_prev, params, stride, padding)
    return _conv2d_transpose(A_prev, params, stride=stride, padding=pad)


def _conv2d_transpose(A_prev, params, *, stride, padding):
    """:func:`conv2d_transpose_forward` on checked arguments."""
    W, b = params["W"], params["b"]
    f, _, n_C_prev, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H, n_W = _out_hw(A_prev, f, stride, padding)
    # Every input pixel's copy of the filter, scaled by its channels: (m, n_H_prev, n_W_prev, f, f, n_C).
    W_rows = W.transpose(2, 0, 1, 3).reshape(n_C_prev, f * f * n_C)
    copies = (A_prev.reshape(-1, n_C_prev) @ W_rows).reshape(m, n_H_prev, n_W_prev, f, f, n_C)
    full_H, full_W = (n_H_prev - 1) * stride + f, (n_W_prev - 1) * stride + f
    Z_full = np.zeros((m, full_H, full_W, n_C), dtype=copies.dtype)
    for p in range(f):
        for q in range(f):  # entry (p, q) of every copy: one strided slice of the output
            Z_full[_offset(p, q, stride, n_H_prev, n_W_prev)] += copies[:, :, :, p, q, :]
    Z = Z_full[:, padding : padding + n_H, padding : padding + n_W, :] + b
    cache = make_cache("conv2d_transpose_forward", A_prev=A_prev, W=W, stride=stride, padding=padding)
    return Z, cache


def conv2d_transpose_backward(dZ, cache, *, need_dA_prev=True):
    r"""Gradients of the transpose convolution of :func:`conv2d_transpose_forward`.

    Parameters
    ----------
    dZ : ndarray of shape (m, n_H, n_W, n_C)
        Gradient with respect to ``Z``, per example (no ``1/m``).
    cache : dict
        From :func:`conv2d_transpose_forward` or :func:`conv2d_transpose_forward_naive`.
    need_dA_prev : bool, default True
        False skips the gradient with respect to the input and returns ``None`` for it.

    Returns
    -------
    dA_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev), or None
        Per example.
    grads : dict ``{"dW": (f, f, n_C_prev, n_C), "db": (1, 1, 1, n_C)}``
        Gradients of the mean cost (divided by ``m``).

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of the forward pass's ``Z``.
    TypeError
        If ``cache`` was not made by a transpose convolution, or ``need_dA_prev`` is not a bool.

    Notes
    -----
    With :math:`dZ^{full}` the gradient ``dZ`` with ``padding`` zeros put back every side
    (the cut-off positions did not reach the cost):

    .. math:: dA_{i,h,w,k} = \sum_{p,q,c} W_{p,q,k,c}\, dZ^{full}_{i,\, hs+p,\, ws+q,\, c},
              \qquad
              dW_{p,q,k,c} = \frac{1}{m} \sum_{i,h,w} A_{i,h,w,k}\, dZ^{full}_{i,\, hs+p,\, ws+q,\, c},

    and :math:`db_c = \frac{1}{m} \sum_{i,h,w} dZ_{i,h,w,c}`. Each input pixel reads back
    the ``f x f`` window where its copy of the filter went: ``dA`` is an ordinary
    convolution of ``dZ`` (the adjoint of the adjoint), computed as the windows of
    :math:`dZ^{full}` (im2col) times ``W``. Course 4, Week 3.
    """
    A_prev, W, stride, pad = read_cache(
        cache, "conv2d_transpose_forward", ("A_prev", "W", "stride", "padding")
    )
    if not isinstance(need_dA_prev, bool):
        raise TypeError(f"need_dA_prev must be True or False, got {type(need_dA_prev).__name__}")
    f, _, n_C_prev, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H, n_W = _out_hw(A_prev, f, stride, pad)
    dZ = check_upstream("dZ", dZ, (m, n_H, n_W, n_C), "conv2d_transpose_forward")
    dZ_full = np.pad(dZ, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    # The f x f window of dZ_full under each input pixel's copy: (m, n_H_prev, n_W_prev, n_C, f, f).
    windows = sliding_window_view(dZ_full, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    dcopies = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H_prev * n_W_prev, f * f * n_C)
    W_rows = W.transpose(2, 0, 1, 3).reshape(n_C_prev, f * f * n_C)
    dW_rows = A_prev.reshape(-1, n_C_prev).T @ dcopies  # (n_C_prev, f f n_C)
    dW = dW_rows.reshape(n_C_prev, f, f, n_C).transpose(1, 2, 0, 3) / m
    db = dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, n_C) / m
    dA_prev = None
    if need_dA_prev:
        dA_prev = (dcopies @ W_rows.T).reshape(m, n_H_prev, n_W_prev, n_C_prev)
    return dA_prev, {"dW": dW, "db": db}


def conv_transpose_block(f, n_C_prev, n_C, l, *, stride=1, padding=0):
    """The transpose convolution of layer ``l`` as a network :class:`~dlspec.blocks.Block`.

    Parameters ``W{l}`` of shape (f, f, n_C_prev, n_C) and ``b{l}`` of shape (1, 1, 1, n_C),
    zeros. ``W{l}`` is drawn with fan-in ``n_C_prev * ceil(f / stride) ** 2``, the most
    input values that reach one output (with ``f = stride`` each output pixel has one
    input pixel). Takes images (m, n_H_prev, n_W_prev, n_C_prev) of any size; see
    :func:`conv2d_transpose_forward`. Course 4, Week 3 (U-Net's upsampling).
    """
    f, n_C_prev, n_C, l = (check_int(name, v) for name, v in
                           (("f", f), ("n_C_prev", n_C_prev), ("n_C", n_C), ("l", l)))
    stride, padding = check_int("stride", stride), _check_padding(padding)
    return Block(
        "conv2d_transpose", conv2d_transpose_forward, _conv2d_transpose, conv2d_transpose_backward,
        params={"W": f"W{l}", "b": f"b{l}"},
        init={f"W{l}": ((f, f, n_C_prev, n_C), "weight", n_C_prev * ceil(f / stride) ** 2),
              f"b{l}": ((1, 1, 1, n_C), "zeros")},
        config={"stride": stride, "padding": padding}, skips_dx=True,
        accepts=("m", None, None, n_C_prev),
    )
