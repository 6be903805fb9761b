r"""Regularisation against overfitting: L2 weight decay and inverted dropout.

Course 2, Week 1. *L2 regularisation* adds the squared Frobenius norms of the weights
(every parameter whose name starts with ``W``; not the biases) to the cost, which adds
:math:`\frac{\lambda}{m} W` to each :math:`dW`, so every step also shrinks the weights
("weight decay")::

    cost = cross_entropy + l2_penalty(params, lambd, m)
    grads = l2_gradients(grads, params, lambd, m)

*Inverted dropout* is a block in dlspec's one convention (see :mod:`dlspec`). It
switches off each unit with probability ``1 - keep_prob`` during training and divides
the survivors by ``keep_prob``, so every activation keeps its expected value and
prediction needs no change; the cache keeps the mask *and* the keep probability::

    A_drop, cache = dropout_forward(A, keep_prob, rng=rng)
    dA, grads = dropout_backward(dA_drop, cache)      # grads == {}

:class:`dlspec.network.Network` applies both (``keep_prob=`` when it is built,
``lambd=`` in :func:`dlspec.training.fit`).
"""

from collections.abc import Mapping

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_real,
    check_rng,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.blocks import Block


def check_keep_prob(name, keep_prob):
    """Return ``keep_prob`` as a float in (0, 1]."""
    keep_prob = check_real(name, keep_prob)
    if not 0.0 < keep_prob <= 1.0:
        raise ValueError(f"{name} must be in (0, 1], got {keep_prob}")
    return keep_prob


def _weights(params):
    """The weight matrices of ``params``: the entries whose name starts with "W"."""
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    return {
        k: as_float_array(f"params[{k!r}]", v)
        for k, v in params.items()
        if isinstance(k, str) and k.startswith("W")
    }


# --- L2 regularisation -----------------------------------------------------------------------


def l2_penalty(params, lambd, m):
    r"""The L2 term of the cost: ``lambd / (2 m)`` times the squared norms of the weights.

    Parameters
    ----------
    params : dict
        A network's parameters; the weights are the entries named ``W...``.
    lambd : float
        Regularisation strength :math:`\lambda \ge 0` (``lambda`` is a Python keyword).
    m : int
        Number of training examples, >= 1.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``lambd < 0`` or ``m < 1``.
    TypeError
        If ``params`` is not a dict or a weight is not numeric.

    Notes
    -----
    .. math:: \frac{\lambda}{2m} \sum_{l=1}^{L} \lVert W^{[l]} \rVert_F^2,
              \qquad \lVert W \rVert_F^2 = \sum_{i,j} W_{ij}^2

    The biases are left out: there are few of them. Course 2, Week 1.
    """
    weights = _weights(params)
    lambd, m = check_real("lambd", lambd, low=0.0), check_int("m", m)
    return float(lambd / (2 * m) * sum(np.sum(np.square(W)) for W in weights.values()))


def l2_gradients(grads, params, lambd, m):
    r"""Add the L2 term ``(lambd / m) W`` to each ``dW``; returns a new dict.

    Parameters
    ----------
    grads : dict
        Cross-entropy gradients, ``"dW1"`` for ``params["W1"]`` and so on; other
        entries (``"db1"``, ...) are kept as they are.
    params : dict
        The parameters; the weights are the entries named ``W...``.
    lambd : float
        :math:`\lambda \ge 0`.
    m : int
        Number of training examples, >= 1.

    Returns
    -------
    dict
        The same keys as ``grads``, with new ``"dW..."`` arrays; ``grads`` is not changed.

    Raises
    ------
    ValueError, TypeError
        If a ``"dW..."`` is missing or misshapen, ``lambd < 0``, ``m < 1``, or
        ``grads`` or ``params`` is not a dict (of numeric arrays).

    Notes
    -----
    .. math:: \frac{\partial}{\partial W^{[l]}} \frac{\lambda}{2m}
              \lVert W^{[l]} \rVert_F^2 = \frac{\lambda}{m} W^{[l]},
              \qquad dW^{[l]} \leftarrow dW^{[l]} + \frac{\lambda}{m} W^{[l]}

    The update :math:`W \leftarrow W - \alpha\,dW` then contains the factor
    :math:`(1 - \alpha\lambda/m)`, hence the name weight decay. Course 2, Week 1.
    """
    weights = _weights(params)
    lambd, m = check_real("lambd", lambd, low=0.0), check_int("m", m)
    if not isinstance(grads, Mapping):
        raise TypeError(f"grads must be a dict of arrays, got {type(grads).__name__}")
    new = dict(grads)
    for name, W in weights.items():
        if "d" + name not in grads:
            raise ValueError(f"grads is missing key 'd{name}' for params['{name}']")
        dW = as_float_array(f"grads['d{name}']", grads["d" + name])
        check_shape(f"grads['d{name}']", dW, W.shape, hint=f"to match params['{name}']")
        new["d" + name] = dW + (lambd / m) * W
    return new


# --- inverted dropout ------------------------------------------------------------------------


def dropout_forward(A, keep_prob, *, rng):
    r"""Inverted dropout: zero each entry with probability ``1 - keep_prob``, rescale the rest.

    Parameters
    ----------
    A : ndarray of shape (n_l, m)
        Activations of a hidden layer.
    keep_prob : float
        Probability of keeping a unit, in (0, 1].
    rng : numpy.random.Generator
        Draws the mask (nothing is drawn when ``keep_prob == 1``).

    Returns
    -------
    A_drop : ndarray of shape (n_l, m)
        ``A * mask / keep_prob``.
    cache : dict
        The mask (0.0 and 1.0 in the dtype of ``A``) and ``keep_prob``, for
        :func:`dropout_backward`.

    Raises
    ------
    ValueError, TypeError
        If ``A`` is not 2-D or holds NaN or infinity, ``keep_prob`` is outside (0, 1]
        or ``rng`` is not a Generator.

    Notes
    -----
    .. math:: D_{ij} \sim \mathrm{Bernoulli}(p), \qquad
              \tilde A = \frac{A \odot D}{p}, \qquad
              \mathrm{E}[\tilde A_{ij}] = \frac{p\,A_{ij}}{p} = A_{ij}

    Thanks to the division by :math:`p` the expected activation is unchanged,
    so at test time the network runs without dropout or rescaling. Each call
    draws a new mask: a new thinned network per iteration. Course 2, Week 1.
    """
    A = as_float_array("A", A)
    check_shape("A", A, ("n_l", "m"))
    check_finite("A", A)
    keep_prob = check_keep_prob("keep_prob", keep_prob)
    check_rng(rng)
    return _dropout(A, keep_prob, rng)


def _dropout(A, keep_prob, rng):
    """:func:`dropout_forward` on checked arguments."""
    if keep_prob == 1.0:
        mask = np.ones_like(A)
    else:
        mask = (rng.random(A.shape) < keep_prob).astype(A.dtype)
    return A * mask / keep_prob, make_cache("dropout_forward", mask=mask, keep_prob=keep_prob)


def dropout_backward(dA_drop, cache):
    r"""Gradient through inverted dropout: ``dA_drop * mask / keep_prob``.

    Parameters
    ----------
    dA_drop : ndarray of shape (n_l, m)
        Gradient with respect to the dropped activations ``A_drop``.
    cache : dict
        From :func:`dropout_forward`: the same mask and keep probability.

    Returns
    -------
    dA : ndarray of shape (n_l, m), in the dtype of ``dA_drop``
        Gradient with respect to ``A``, before dropout.
    grads : dict
        Empty: dropout has no parameters.

    Raises
    ------
    ValueError
        If ``dA_drop`` does not have the mask's shape.
    TypeError
        If ``cache`` was not made by :func:`dropout_forward`.

    Notes
    -----
    :math:`\tilde A = A \odot D / p` is linear in :math:`A`, so
    :math:`dA = d\tilde A \odot D / p`: dropped units pass no gradient.
    Course 2, Week 1.
    """
    mask, keep_prob = read_cache(cache, "dropout_forward", ("mask", "keep_prob"))
    dA_drop = check_upstream("dA_drop", dA_drop, mask.shape, "dropout_forward")
    return (dA_drop * mask / keep_prob).astype(dA_drop.dtype, copy=False), {}


def dropout_block(keep_prob):
    """Inverted dropout as a network :class:`~dlspec.blocks.Block`: it runs in training only."""
    keep_prob = check_keep_prob("keep_prob", keep_prob)
    return Block(
        "dropout", dropout_forward, _dropout, dropout_backward,
        config={"keep_prob": keep_prob}, role="dropout",
    )
