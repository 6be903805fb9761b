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
"""

from collections.abc import Mapping

import numpy as np

from dlspec._validate import (
    check_data,
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
