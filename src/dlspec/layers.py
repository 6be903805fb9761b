r"""The building blocks of a layer: linear step, activation, and their backward passes.

Course 1, Week 4. A layer computes :math:`Z = W A_{prev} + b` and :math:`A = g(Z)`; these
four functions are the forward/backward pairs, with the caches the backward pass needs::

    Z, linear_cache = linear_forward(A_prev, W, b)              # (A_prev, W, b)
    A, cache = linear_activation_forward(A_prev, W, b, "relu")  # (linear_cache, Z)
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    dA_prev, dW, db = linear_activation_backward(dA, cache, "relu")

``dA`` and ``dZ`` are derivatives of each example's own loss and ``dW``, ``db`` those of
the mean cost, so the :math:`1/m` appears only in :func:`linear_backward`.
:mod:`dlspec.deep_network` stacks these blocks into an L-layer network.
"""

from dlspec._validate import as_float_array, check_shape
from dlspec.shallow_network import _activation_pair


def _split_cache(cache):
    """Return ``(linear_cache, Z)`` from a cache of :func:`linear_activation_forward`."""
    if not isinstance(cache, (tuple, list)) or len(cache) != 2:
        raise TypeError(
            "cache must be the pair (linear_cache, Z) of linear_activation_forward, "
            f"got {type(cache).__name__}"
        )
    return cache


def linear_forward(A_prev, W, b):
    r"""Linear part of a layer: ``Z = W A_prev + b``, ``b`` broadcast over the columns.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
        Activations of the layer below (``X`` for layer 1).
    W : ndarray of shape (n_l, n_prev)
    b : ndarray of shape (n_l, 1)

    Returns
    -------
    Z : ndarray of shape (n_l, m)
    cache : tuple ``(A_prev, W, b)``, for :func:`linear_backward`

    Raises
    ------
    ValueError
        If the shapes disagree.

    Notes
    -----
    :math:`Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}`. Course 1, Week 4.
    """
    A_prev, W, b = (as_float_array(k, v) for k, v in (("A_prev", A_prev), ("W", W), ("b", b)))
    check_shape("W", W, ("n_l", "n_prev"))
    check_shape("A_prev", A_prev, (W.shape[1], "m"), hint=f"to match W of shape {W.shape}")
    check_shape("b", b, (W.shape[0], 1), hint=f"to match W of shape {W.shape}")
    Z = W @ A_prev
    Z += b  # broadcast over the m columns, in place (one array fewer than W @ A_prev + b)
    return Z, (A_prev, W, b)


def linear_backward(dZ, cache, *, need_dA_prev=True):
    r"""Gradients of the linear part of a layer.

    Parameters
    ----------
    dZ : ndarray of shape (n_l, m)
        Gradient with respect to ``Z``, per example (no ``1/m``).
    cache : tuple ``(A_prev, W, b)`` from :func:`linear_forward`
    need_dA_prev : bool, default True
        False skips ``W.T @ dZ`` and returns ``None`` for ``dA_prev``: the first layer's
        gradient with respect to the input is rarely needed, and it is a whole matrix
        product (a quarter of the backward pass of a wide first layer).

    Returns
    -------
    dA_prev, dW, db : ndarrays of shapes (n_prev, m), (n_l, n_prev), (n_l, 1)

    Raises
    ------
    ValueError
        If the shapes disagree or ``m == 0``.
    TypeError
        If ``cache`` is not a 3-tuple.

    Notes
    -----
    .. math:: dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]T}, \quad
              db^{[l]} = \frac{1}{m} \sum_{i=1}^{m} dZ^{[l](i)}, \quad
              dA^{[l-1]} = W^{[l]T} dZ^{[l]}

    The :math:`1/m` turns the sum of per-example gradients into the gradient
    of the mean cost; ``dA_prev`` stays per example, for the layer below.
    Course 1, Week 4.
    """
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        raise TypeError(
            f"cache must be the tuple (A_prev, W, b) of linear_forward, got {type(cache).__name__}"
        )
    A_prev, W = as_float_array("A_prev", cache[0]), as_float_array("W", cache[1])
    dZ = as_float_array("dZ", dZ)
    check_shape("W", W, ("n_l", "n_prev"))
    check_shape("A_prev", A_prev, (W.shape[1], "m"), hint=f"to match W of shape {W.shape}")
    hint = f"to match W of shape {W.shape} and A_prev of shape {A_prev.shape}"
    check_shape("dZ", dZ, (W.shape[0], A_prev.shape[1]), hint=hint)
    m = A_prev.shape[1]
    if m == 0:
        raise ValueError("linear_backward needs at least one example, got m = 0")
    dA_prev = W.T @ dZ if need_dA_prev else None
    dZ_mean = dZ / m  # dZ is usually smaller than dW (m < n_prev): scale it, not dW and db
    return dA_prev, dZ_mean @ A_prev.T, dZ_mean.sum(axis=1, keepdims=True)


def linear_activation_forward(A_prev, W, b, activation):
    r"""One whole layer: :func:`linear_forward`, then the activation.

    Parameters
    ----------
    A_prev, W, b : ndarrays of shapes (n_prev, m), (n_l, n_prev), (n_l, 1)
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}

    Returns
    -------
    A : ndarray of shape (n_l, m)
    cache : tuple ``(linear_cache, Z)``, ``linear_cache = (A_prev, W, b)``

    Raises
    ------
    ValueError
        If the shapes disagree or ``activation`` is unknown.

    Notes
    -----
    :math:`A^{[l]} = g(W^{[l]} A^{[l-1]} + b^{[l]})` with ``g`` from
    :mod:`dlspec.activations` (leaky ReLU with its default slope 0.01).
    Course 1, Week 4.
    """
    forward, _ = _activation_pair("activation", activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, Z = forward(Z)
    return A, (linear_cache, Z)


def linear_activation_backward(dA, cache, activation, *, need_dA_prev=True):
    r"""Gradients of one whole layer: through the activation, then the linear part.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
        Gradient with respect to the layer's output ``A``.
    cache : tuple ``(linear_cache, Z)`` from :func:`linear_activation_forward`
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}
        The activation of the forward pass.

    Returns
    -------
    dA_prev, dW, db : ndarrays of shapes (n_prev, m), (n_l, n_prev), (n_l, 1)

    Raises
    ------
    ValueError
        If the shapes disagree or ``activation`` is unknown.
    TypeError
        If ``cache`` is not a pair.

    Notes
    -----
    :math:`dZ^{[l]} = dA^{[l]} \odot g'(Z^{[l]})` (the activation's backward
    function), then :func:`linear_backward`. Course 1, Week 4.
    """
    _, backward = _activation_pair("activation", activation)
    linear_cache, Z = _split_cache(cache)
    return linear_backward(backward(dA, Z), linear_cache, need_dA_prev=need_dA_prev)
