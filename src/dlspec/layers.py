r"""The building blocks of a layer: the linear step and the whole layer, forward and backward.

Course 1, Week 4. A layer computes :math:`Z = W A_{prev} + b` and :math:`A = g(Z)`. Both
steps are blocks in dlspec's one convention (see :mod:`dlspec`)::

    Z, cache = linear_forward(A_prev, {"W": W, "b": b})
    dA_prev, grads = linear_backward(dZ, cache)                  # grads: "dW", "db"

    A, cache = linear_activation_forward(A_prev, {"W": W, "b": b}, "relu")
    dA_prev, grads = linear_activation_backward(dA, cache)       # the cache knows "relu"

``dA`` and ``dZ`` are derivatives of each example's own loss and ``dW``, ``db`` those of
the mean cost, so the :math:`1/m` appears only in :func:`linear_backward`, where the
course's equations put it. :mod:`dlspec.network` stacks these blocks into a network.

Course 4, Week 1 adds :func:`flatten_forward`, the step from a convolutional network's images
(examples first) to its dense layers (examples as columns).
"""

from collections.abc import Mapping

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_data,
    check_finite,
    check_int,
    check_params,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.activations import activation_backward, activation_forward
from dlspec.blocks import Block


def linear_forward(A_prev, params):
    r"""Linear part of a layer: ``Z = W A_prev + b``, ``b`` broadcast over the columns.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
        Activations of the layer below (``X`` for layer 1).
    params : dict
        ``{"W": ndarray of shape (n_l, n_prev), "b": ndarray of shape (n_l, 1)}``.
        Without ``"b"`` the step has no bias: before batch norm, whose
        :math:`\beta` takes its place (Course 2, Week 3).

    Returns
    -------
    Z : ndarray of shape (n_l, m)
    cache : dict
        ``A_prev``, ``W`` and whether there is a bias, for :func:`linear_backward`.

    Raises
    ------
    ValueError
        If a key is missing or unknown, the shapes disagree, ``m == 0`` or ``A_prev``
        holds NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    :math:`Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}`. Course 1, Week 4.
    """
    has_bias = not isinstance(params, Mapping) or "b" in params
    W, *b = check_params("params", params, ("W", "b") if has_bias else ("W",))
    unexpected = sorted(str(k) for k in params if k not in ("W", "b"))
    if unexpected:  # a misspelt "b" would otherwise make a layer without bias
        raise ValueError(f"params has unexpected key(s) {unexpected}; expected 'W' and, with a bias, 'b'")
    check_shape("W", W, ("n_l", "n_prev"))
    A_prev = check_data("A_prev", A_prev, rows=W.shape[1], hint=f"to match W of shape {W.shape}")
    if has_bias:
        check_shape("b", b[0], (W.shape[0], 1), hint=f"to match W of shape {W.shape}")
    return _linear(A_prev, {"W": W, "b": b[0]} if has_bias else {"W": W})


def _linear(A_prev, params):
    """:func:`linear_forward` on checked arguments."""
    W = params["W"]
    Z = W @ A_prev
    if "b" in params:
        Z = Z + params["b"]
    return Z, make_cache("linear_forward", A_prev=A_prev, W=W, has_bias="b" in params)


def linear_backward(dZ, cache, *, need_dA_prev=True):
    r"""Gradients of the linear part of a layer.

    Parameters
    ----------
    dZ : ndarray of shape (n_l, m)
        Gradient with respect to ``Z``, per example (no ``1/m``).
    cache : dict
        From :func:`linear_forward`.
    need_dA_prev : bool, default True
        False skips ``W.T @ dZ`` and returns ``None`` for ``dA_prev``: the first layer's
        gradient with respect to the input ``X`` is rarely needed, and it is the largest
        matrix product of the backward pass of a wide first layer (about 15% of the MLP
        training step of ``make bench``).

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m), or None
    grads : dict
        ``{"dW": (n_l, n_prev), "db": (n_l, 1)}`` (no ``"db"`` without a bias).

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of the forward pass's ``Z``.
    TypeError
        If ``cache`` was not made by :func:`linear_forward`.

    Notes
    -----
    .. math:: dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]T}, \quad
              db^{[l]} = \frac{1}{m} \sum_{i=1}^{m} dZ^{[l](i)}, \quad
              dA^{[l-1]} = W^{[l]T} dZ^{[l]}

    The :math:`1/m` turns the sum of per-example gradients into the gradient
    of the mean cost; ``dA_prev`` stays per example, for the layer below.
    Course 1, Week 4.
    """
    A_prev, W, has_bias = read_cache(cache, "linear_forward", ("A_prev", "W", "has_bias"))
    m = A_prev.shape[1]
    dZ = check_upstream("dZ", dZ, (W.shape[0], m), "linear_forward")
    grads = {"dW": dZ @ A_prev.T / m}
    if has_bias:
        grads["db"] = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if need_dA_prev else None
    return dA_prev, grads


def linear_activation_forward(A_prev, params, activation):
    r"""One whole layer: :func:`linear_forward`, then the activation.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
    params : dict ``{"W": (n_l, n_prev), "b": (n_l, 1)}``
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}

    Returns
    -------
    A : ndarray of shape (n_l, m)
    cache : dict
        The caches of both steps (the activation's records its name).

    Raises
    ------
    ValueError
        If the shapes disagree or ``activation`` is unknown.

    Notes
    -----
    :math:`A^{[l]} = g(W^{[l]} A^{[l-1]} + b^{[l]})` with ``g`` from
    :mod:`dlspec.activations`. Course 1, Week 4.
    """
    Z, linear_cache = linear_forward(A_prev, params)
    A, activation_cache = activation_forward(Z, activation)
    cache = make_cache("linear_activation_forward", linear=linear_cache, activation=activation_cache)
    return A, cache


def linear_activation_backward(dA, cache, *, need_dA_prev=True):
    r"""Gradients of one whole layer: through the activation, then the linear part.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
        Gradient with respect to the layer's output ``A``.
    cache : dict
        From :func:`linear_activation_forward`.
    need_dA_prev : bool, default True
        As in :func:`linear_backward`.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m), or None
    grads : dict ``{"dW": (n_l, n_prev), "db": (n_l, 1)}``

    Raises
    ------
    ValueError
        If ``dA`` does not have the shape of ``A``.
    TypeError
        If ``cache`` was not made by :func:`linear_activation_forward`.

    Notes
    -----
    :math:`dZ^{[l]} = dA^{[l]} \odot g'(Z^{[l]})`, then :func:`linear_backward`.
    Course 1, Week 4.
    """
    linear_cache, activation_cache = read_cache(
        cache, "linear_activation_forward", ("linear", "activation")
    )
    dZ, _ = activation_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache, need_dA_prev=need_dA_prev)


def linear_block(n_in, n_out, l, *, bias=True):
    """The linear step of layer ``l`` as a network :class:`~dlspec.blocks.Block`.

    Parameters ``W{l}`` of shape (n_out, n_in) and, with ``bias``, ``b{l}`` of shape
    (n_out, 1), so that a network's parameter dict has the course's names.
    """
    n_in, n_out, l = check_int("n_in", n_in), check_int("n_out", n_out), check_int("l", l)
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be True or False, got {type(bias).__name__}")
    params, init = {"W": f"W{l}"}, {f"W{l}": ((n_out, n_in), "weight")}
    if bias:
        params["b"], init[f"b{l}"] = f"b{l}", ((n_out, 1), "zeros")
    return Block(
        "linear", linear_forward, _linear, linear_backward,
        params=params, init=init, skips_dx=True, accepts=(n_in, "m"),
    )


# --- flatten (Course 4, Week 1): from images, examples first, to columns ------------------


def flatten_forward(A):
    r"""Unroll each example into a column: ``(m, n_H, n_W, n_C)`` -> ``(n_H * n_W * n_C, m)``.

    Convolution and pooling keep images with the examples first; the dense layers of
    this module take examples as columns. ``flatten`` is where a network switches from
    one layout to the other: column ``i`` of the output holds example ``i``'s numbers
    ``A[i]`` in row-major ``(n_H, n_W, n_C)`` order (the channels of a pixel next to each
    other, then the pixels of a row, then the rows). Nothing is computed or copied: the
    result is a view of ``A``.

    Parameters
    ----------
    A : ndarray of shape (m, n_H, n_W, n_C)
        Examples first. Any rank >= 2 works the same way, e.g. ``(m, n, n_C)`` for
        sequences or ``(m, n)``, which is simply transposed.

    Returns
    -------
    A_flat : ndarray of shape (n_H * n_W * n_C, m)
    cache : dict
        The shape of ``A``, for :func:`flatten_backward`.

    Raises
    ------
    ValueError
        If ``A`` has fewer than 2 axes, no example, or NaN or infinity.
    TypeError
        If ``A`` is not numeric.

    Notes
    -----
    :math:`A^{flat}_{k,i} = A_{i,h,w,c}` with :math:`k = (h\,n_W + w)\,n_C + c`.
    Course 4, Week 1.
    """
    A = as_float_array("A", A)
    if A.ndim < 2:
        raise ValueError(
            "A must have shape (m, n_H, n_W, n_C), or any (m, ...) with examples first, "
            f"got {A.shape}"
        )
    if A.shape[0] == 0:
        raise ValueError("A must hold at least one example (along axis 0), got m = 0")
    check_finite("A", A)
    return _flatten(A)


def _flatten(A):
    """:func:`flatten_forward` on checked arguments."""
    return A.reshape(A.shape[0], -1).T, make_cache("flatten_forward", shape=A.shape)


def flatten_backward(dZ, cache):
    r"""Gradient of :func:`flatten_forward`: each column of ``dZ`` folded back into its example.

    Parameters
    ----------
    dZ : ndarray of shape (n_H * n_W * n_C, m)
        Gradient with respect to the flattened output, e.g. ``dA_prev`` of the first dense
        layer's :func:`linear_backward`.
    cache : dict
        From :func:`flatten_forward`.

    Returns
    -------
    dA : ndarray of shape (m, n_H, n_W, n_C)
        The shape of the forward pass's input.
    grads : dict
        Empty: flattening has no parameters.

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of the forward pass's output.
    TypeError
        If ``cache`` was not made by :func:`flatten_forward`.

    Notes
    -----
    Flattening only moves numbers, so its backward pass moves them back:
    :math:`dA_{i,h,w,c} = dZ_{k,i}` with :math:`k` as in :func:`flatten_forward`.
    Course 4, Week 1.
    """
    (shape,) = read_cache(cache, "flatten_forward", ("shape",))
    m = shape[0]
    dZ = check_upstream("dZ", dZ, (int(np.prod(shape[1:])), m), "flatten_forward")
    return dZ.T.reshape(shape), {}


def flatten_block():
    """The flatten step as a network :class:`~dlspec.blocks.Block`: images in, columns out.

    Takes ``(m, n_H, n_W, n_C)`` images of any size; no parameters.
    """
    return Block(
        "flatten", flatten_forward, _flatten, flatten_backward, accepts=("m", None, None, None)
    )
