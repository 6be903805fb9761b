r"""The residual block of a ResNet, forward and backward, as one block.

Course 4, Week 2. A residual block adds its input back to the output of two convolutions
before the last ReLU, so the block only has to learn what to *change*:

.. math:: a = \mathrm{ReLU}(\mathrm{conv}_a(x)), \quad z = \mathrm{conv}_b(a), \quad
          \mathrm{out} = \mathrm{ReLU}(z + \mathrm{shortcut}(x)).

Both convolutions are ``f x f`` with ``(f - 1) / 2`` zeros of padding (``"same"``: the
second keeps the size; the first takes the stride and gives :math:`\lceil n / s \rceil`).
The *identity block* (same number of channels, stride 1) adds ``x`` itself; when the
channels change or the stride halves the image, ``x`` no longer has ``z``'s shape, and the
*projection block* adds a ``1 x 1`` convolution of ``x`` with the same stride instead.
Which one a block is follows from its parameters: ``"Ws"`` and ``"bs"`` make a projection.
The block follows dlspec's one convention (see :mod:`dlspec`)::

    out, cache = residual_forward(A_prev, {"Wa": Wa, "ba": ba, "Wb": Wb, "bb": bb}, stride=1)
    dA_prev, grads = residual_backward(dout, cache)    # grads: "dWa", "dba", "dWb", "dbb"

It is built from :mod:`dlspec.conv`'s convolution and its gradient; the ReLUs are written
out as the page derives them (``np.maximum`` forward, the mask ``u > 0`` backward).
"""

from collections.abc import Mapping

import numpy as np

from dlspec._validate import (
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
from dlspec.conv import conv2d_backward, conv_block

#: The unchecked convolution, ``(A_prev, params, *, stride, padding) -> (Z, cache)`` with
#: ``padding`` a number: the block's own forward pass checks everything once, in its own names
#: ("Wa", not "W"), and a network's unchecked pass must not check again.
_convolve = conv_block(1, 1, 1, 1).run

MAIN_KEYS = ("Wa", "ba", "Wb", "bb")
SHORTCUT_KEYS = ("Ws", "bs")


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_residual_input(A_prev, params, stride):
    """The checks of :func:`residual_forward`; return ``(A_prev, params, stride)``."""
    stride = check_int("stride", stride)
    if not isinstance(params, Mapping):
        raise TypeError(
            f"params must be a dict with keys {list(MAIN_KEYS)} (and 'Ws', 'bs' for a "
            f"projection block), got {type(params).__name__}"
        )
    projection = "Ws" in params or "bs" in params
    keys = MAIN_KEYS + SHORTCUT_KEYS if projection else MAIN_KEYS
    unexpected = sorted(str(k) for k in params if k not in MAIN_KEYS + SHORTCUT_KEYS)
    if unexpected:
        raise ValueError(
            f"params has unexpected key(s) {unexpected}; expected {list(MAIN_KEYS)} "
            "and, for a projection block, 'Ws' and 'bs'"
        )
    arrays = dict(zip(keys, check_params("params", params, keys), strict=True))
    Wa, Wb = arrays["Wa"], arrays["Wb"]
    check_shape("Wa", Wa, ("f", "f", "n_C_prev", "n_C"))
    f, _, n_C_prev, n_C = Wa.shape
    if Wa.shape[1] != f or f % 2 == 0:
        raise ValueError(
            f"Wa must have shape (f, f, n_C_prev, n_C) with an odd f (padding 'same' keeps "
            f"the image's size only for odd f), got {Wa.shape}"
        )
    of_Wa = f"to match Wa of shape {Wa.shape}"
    check_shape("ba", arrays["ba"], (1, 1, 1, n_C), hint=of_Wa)
    check_shape("Wb", Wb, (f, f, n_C, n_C), hint=of_Wa)
    check_shape("bb", arrays["bb"], (1, 1, 1, n_C), hint=of_Wa)
    if projection:
        check_shape("Ws", arrays["Ws"], (1, 1, n_C_prev, n_C), hint=of_Wa)
        check_shape("bs", arrays["bs"], (1, 1, 1, n_C), hint=of_Wa)
    elif n_C != n_C_prev or stride != 1:
        raise ValueError(
            f"an identity block adds x to the main path, so it needs n_C == n_C_prev and "
            f"stride 1; got n_C_prev = {n_C_prev}, n_C = {n_C} (Wa of shape {Wa.shape}) and "
            f"stride {stride}: a projection is needed, pass 'Ws' of shape (1, 1, {n_C_prev}, "
            f"{n_C}) and 'bs' of shape (1, 1, 1, {n_C})"
        )
    A_prev = as_float_array("A_prev", A_prev)
    check_shape("A_prev", A_prev, ("m", "n_H_prev", "n_W_prev", n_C_prev), hint=lambda: (
        f"to match Wa of shape {Wa.shape}"
        + (" (channels first? dlspec keeps channels last)"
           if A_prev.ndim == 4 and A_prev.shape[1] == n_C_prev else "")
    ))
    if A_prev.shape[0] == 0:
        raise ValueError("A_prev must hold at least one example (along axis 0), got m = 0")
    check_finite("A_prev", A_prev)
    return A_prev, arrays, stride


# ---------------------------------------------------------------------------
# Forward and backward
# ---------------------------------------------------------------------------


def residual_forward(A_prev, params, *, stride=1):
    r"""A residual block, forward: two convolutions, the shortcut added, then ReLU.

    Parameters
    ----------
    A_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev)
        Examples first, channels last.
    params : dict
        ``"Wa"`` (f, f, n_C_prev, n_C), ``"ba"`` (1, 1, 1, n_C): the first convolution;
        ``"Wb"`` (f, f, n_C, n_C), ``"bb"`` (1, 1, 1, n_C): the second; ``f`` odd. For a
        projection block also ``"Ws"`` (1, 1, n_C_prev, n_C) and ``"bs"`` (1, 1, 1, n_C).
        Without them (an identity block) ``n_C`` must equal ``n_C_prev`` and ``stride`` be 1.
    stride : int, default 1
        Of the first convolution and the shortcut; 2 halves the height and width.

    Returns
    -------
    out : ndarray of shape (m, n_H, n_W, n_C)
        :math:`n_H = \lfloor (n_{H,prev} - 1) / s \rfloor + 1`, likewise :math:`n_W`.
    cache : dict
        The caches of the convolutions, the pre-activations and the stride, for
        :func:`residual_backward`.

    Raises
    ------
    ValueError
        If a key is missing or unknown, a shape disagrees (with a hint for channels-first
        data), ``f`` is even, ``A_prev`` holds no example, NaN or infinity, ``stride`` is
        below 1, or an identity block would change the shape (a projection is needed).
    TypeError
        If ``params`` is not a dict, an array is not numeric or ``stride`` not an integer.

    Notes
    -----
    .. math:: z_a = W_a * x + b_a, \quad a = \max(0, z_a), \quad z = W_b * a + b_b,

    .. math:: u = z + x \ \ \text{(identity)} \quad\text{or}\quad
              u = z + (W_s * x + b_s) \ \ \text{(projection)}, \qquad
              \mathrm{out} = \max(0, u),

    ``*`` being a convolution with :math:`(f - 1) / 2` zeros of padding ("same"), the first
    one and the ``1 x 1`` one (without padding) with the stride.
    With :math:`W_a = W_b = 0` and zero biases the identity block returns
    :math:`\max(0, x)`, the input itself after a ReLU: doing nothing is easy to learn, so
    extra blocks do not hurt. Course 4, Week 2.
    """
    A_prev, params, stride = _check_residual_input(A_prev, params, stride)
    return _residual(A_prev, params, stride)


def _residual(A_prev, params, stride):
    """:func:`residual_forward` on checked arguments."""
    pad = (params["Wa"].shape[0] - 1) // 2  # "same": n_H, n_W kept at stride 1, ceil(n / s) at s
    conv_a, conv_b = {"W": params["Wa"], "b": params["ba"]}, {"W": params["Wb"], "b": params["bb"]}
    Za, cache_a = _convolve(A_prev, conv_a, stride=stride, padding=pad)  # (m, n_H, n_W, n_C)
    A = np.maximum(Za, 0)
    Z, cache_b = _convolve(A, conv_b, stride=1, padding=pad)             # (m, n_H, n_W, n_C)
    if "Ws" in params:  # projection: a 1 x 1 convolution gives x the shape of z
        conv_s = {"W": params["Ws"], "b": params["bs"]}
        S, cache_s = _convolve(A_prev, conv_s, stride=stride, padding=0)
    else:  # identity
        S, cache_s = A_prev, None
    U = Z + S
    out = np.maximum(U, 0)
    cache = make_cache(
        "residual_forward", conv_a=cache_a, Za=Za, conv_b=cache_b, shortcut=cache_s, U=U,
        stride=stride, in_shape=A_prev.shape,
    )
    return out, cache


def residual_backward(dout, cache, *, need_dA_prev=True):
    r"""Gradients of a residual block: through the main path and the shortcut, added.

    Parameters
    ----------
    dout : ndarray of shape (m, n_H, n_W, n_C)
        Gradient with respect to the block's output, per example.
    cache : dict
        From :func:`residual_forward`.
    need_dA_prev : bool, default True
        False returns ``None`` for ``dA_prev`` and skips the work only it needs (for a
        first block, whose input is the data).

    Returns
    -------
    dA_prev : ndarray of shape (m, n_H_prev, n_W_prev, n_C_prev), or None
    grads : dict
        ``"dWa"``, ``"dba"``, ``"dWb"``, ``"dbb"`` and, for a projection, ``"dWs"``,
        ``"dbs"``: gradients of the mean cost (the ``1/m`` is in the convolution's).

    Raises
    ------
    ValueError
        If ``dout`` does not have the shape of the forward pass's output.
    TypeError
        If ``cache`` was not made by :func:`residual_forward`.

    Notes
    -----
    With :math:`du = d\mathrm{out} \odot \mathbb{1}[u > 0]` (ReLU's mask), the sum
    :math:`u = z + \mathrm{shortcut}(x)` hands :math:`du` unchanged to both of its terms,
    and :math:`x` reaches the output along both paths, so their gradients **add**:

    .. math:: dx = \underbrace{\frac{\partial z}{\partial x}^{\!T} du}_{\text{main path}}
              + \underbrace{du}_{\text{identity}}
              \quad\text{or}\quad
              \dots + \underbrace{W_s^T du}_{\text{projection}}.

    The identity term carries the gradient to the layers below unchanged, however small
    the main path's factor has become; this is why networks of many residual blocks still
    train when plain deep networks' gradients vanish. Course 4, Week 2.
    """
    cache_a, Za, cache_b, cache_s, U = read_cache(
        cache, "residual_forward", ("conv_a", "Za", "conv_b", "shortcut", "U")
    )
    if not isinstance(need_dA_prev, bool):
        raise TypeError(f"need_dA_prev must be True or False, got {type(need_dA_prev).__name__}")
    dout = check_upstream("dout", dout, U.shape, "residual_forward")
    dU = dout * (U > 0)  # ReLU: the gradient passes where u > 0; bool keeps dout's dtype
    # main path, backwards: conv_b, the ReLU between, conv_a
    dA, grads_b = conv2d_backward(dU, cache_b)
    dZa = dA * (Za > 0)
    dx_main, grads_a = conv2d_backward(dZa, cache_a, need_dA_prev=need_dA_prev)
    grads = {"dWa": grads_a["dW"], "dba": grads_a["db"], "dWb": grads_b["dW"], "dbb": grads_b["db"]}
    # shortcut: du itself (identity) or through the 1 x 1 convolution (projection)
    if cache_s is None:
        dx_short = dU
    else:
        dx_short, grads_s = conv2d_backward(dU, cache_s, need_dA_prev=need_dA_prev)
        grads["dWs"], grads["dbs"] = grads_s["dW"], grads_s["db"]
    # x fed both paths, so its gradient is the SUM of theirs
    dA_prev = dx_main + dx_short if need_dA_prev else None
    return dA_prev, grads


# ---------------------------------------------------------------------------
# The block of a network
# ---------------------------------------------------------------------------


def residual_block(n_C_prev, n_C, l, *, f=3, stride=1):
    """Residual block ``l`` as a network :class:`~dlspec.blocks.Block`.

    An identity block when ``n_C == n_C_prev`` and ``stride == 1``, else a projection
    block. Parameters ``W{l}a``, ``b{l}a``, ``W{l}b``, ``b{l}b`` (and ``W{l}s``, ``b{l}s``
    for a projection) with the shapes of :func:`residual_forward`; weights initialised with
    their fan-ins ``f * f * n_C_prev``, ``f * f * n_C`` and ``n_C_prev``, biases 0.
    Takes images ``(m, n_H, n_W, n_C_prev)``.
    """
    n_C_prev, n_C, l = check_int("n_C_prev", n_C_prev), check_int("n_C", n_C), check_int("l", l)
    f, stride = check_int("f", f), check_int("stride", stride)
    if f % 2 == 0:
        raise ValueError(
            f"f must be odd (padding 'same' keeps the image's size only for odd f), got {f}"
        )
    params = {"Wa": f"W{l}a", "ba": f"b{l}a", "Wb": f"W{l}b", "bb": f"b{l}b"}
    init = {
        f"W{l}a": ((f, f, n_C_prev, n_C), "weight", f * f * n_C_prev),
        f"b{l}a": ((1, 1, 1, n_C), "zeros"),
        f"W{l}b": ((f, f, n_C, n_C), "weight", f * f * n_C),
        f"b{l}b": ((1, 1, 1, n_C), "zeros"),
    }
    if n_C != n_C_prev or stride != 1:
        params.update(Ws=f"W{l}s", bs=f"b{l}s")
        init[f"W{l}s"] = ((1, 1, n_C_prev, n_C), "weight", n_C_prev)
        init[f"b{l}s"] = ((1, 1, 1, n_C), "zeros")
    return Block(
        "residual", residual_forward, _residual, residual_backward,
        params=params, init=init, config={"stride": stride}, skips_dx=True,
        accepts=("m", None, None, n_C_prev),
    )
