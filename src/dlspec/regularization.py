r"""Regularisation against overfitting: L2 weight decay and inverted dropout.

Course 2, Week 1. Both act on the L-layer network of :mod:`dlspec.deep_network`
(parameters ``{"W1", "b1", ..., "WL", "bL"}``, gradients ``"dW1"``, ``"db1"``, ...).

*L2 regularisation* adds the squared Frobenius norms of the weights (not the
biases) to the cost, which adds :math:`\frac{\lambda}{m} W^{[l]}` to each
:math:`dW^{[l]}`, so every step also shrinks the weights ("weight decay")::

    cost = l2_cost(AL, Y, params, lambd)
    grads = l2_gradients(deep_backward(AL, Y, caches), params, lambd, m)

*Inverted dropout* switches off each hidden unit with probability
``1 - keep_prob`` during training and divides the survivors by ``keep_prob``,
so every activation keeps its expected value and prediction needs no change::

    AL, caches = deep_forward_dropout(params, X, keep_probs, rng=rng)
    grads = deep_backward_dropout(AL, Y, caches, keep_probs)

Dropout is for training only: predict with :func:`dlspec.deep_network.predict_deep`.
:func:`dlspec.minibatch.fit_network` trains with both (``batch_size=None`` and
``GradientDescent`` give the plain batch gradient descent of Week 1).
"""

from collections.abc import Iterable

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_binary,
    check_int,
    check_params,
    check_real,
    check_rng,
    check_same_shape,
    check_shape,
)
from dlspec.deep_network import _check_deep_params
from dlspec.layers import (
    _split_cache,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
)
from dlspec.losses import binary_cross_entropy, binary_cross_entropy_with_logits
from dlspec.shallow_network import _activation_pair, _check_labels, _summed_rows

# --- checks shared by the functions below ----------------------------------------------------


def _check_keep_prob(name, keep_prob):
    """Return ``keep_prob`` as a float in (0, 1]."""
    keep_prob = check_real(name, keep_prob)
    if not 0.0 < keep_prob <= 1.0:
        raise ValueError(f"{name} must be in (0, 1], got {keep_prob}")
    return keep_prob


def _check_keep_probs(keep_probs, L, name="keep_probs"):
    """Return one keep probability per hidden layer 1, ..., L-1 (a number is repeated)."""
    if isinstance(keep_probs, Iterable) and not isinstance(keep_probs, str):
        probs = list(keep_probs)
        if len(probs) != L - 1:
            raise ValueError(
                f"{name} must hold one value per hidden layer, {L - 1}, got {len(probs)}"
            )
        return [_check_keep_prob(f"{name}[{i}]", p) for i, p in enumerate(probs)]
    return [_check_keep_prob(name, keep_probs)] * (L - 1)


def _is_pair(x):
    """True for a list or tuple of two items, like the caches of the layers."""
    return isinstance(x, (list, tuple)) and len(x) == 2


def _penalty(layers, lambd, m):
    """(lambd / 2m) times the sum of the squared entries of every W."""
    return float(lambd / (2 * m) * sum(np.sum(np.square(W)) for W, _ in layers))


# --- L2 regularisation -----------------------------------------------------------------------


def l2_penalty(params, lambd, m):
    r"""The L2 term of the cost: ``lambd / (2 m)`` times the squared norms of the weights.

    Parameters
    ----------
    params : dict ``{"W1", "b1", ..., "WL", "bL"}``
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
        If the parameters do not chain, ``lambd < 0`` or ``m < 1``.

    Notes
    -----
    .. math:: \frac{\lambda}{2m} \sum_{l=1}^{L} \lVert W^{[l]} \rVert_F^2,
              \qquad \lVert W \rVert_F^2 = \sum_{i,j} W_{ij}^2

    The biases are left out: there are few of them. Course 2, Week 1.
    """
    layers = _check_deep_params(params)
    return _penalty(layers, check_real("lambd", lambd, low=0.0), check_int("m", m))


def l2_cost(AL, Y, params, lambd, *, ZL=None):
    r"""Cross-entropy plus the L2 penalty.

    Parameters
    ----------
    AL, Y : ndarrays of shape (n_L, m)
        Output probabilities of the network and 0/1 labels.
    params : dict ``{"W1", "b1", ..., "WL", "bL"}``
    lambd : float
        :math:`\lambda \ge 0`; 0 gives the plain cross-entropy.
    ZL : ndarray of shape (n_L, m), optional
        Output logits (``caches[-1][1]`` of ``deep_forward``); if given, the
        cross-entropy is computed from them exactly, not from the clipped ``AL``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If shapes disagree, ``Y`` is not 0/1 or ``lambd < 0``.

    Notes
    -----
    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m} \big[y^{(i)} \log a^{[L](i)}
              + (1 - y^{(i)}) \log(1 - a^{[L](i)})\big]
              + \frac{\lambda}{2m} \sum_{l} \lVert W^{[l]} \rVert_F^2

    (summed over the rows when ``n_L > 1``). Course 2, Week 1.
    """
    layers, AL = _check_deep_params(params), as_float_array("AL", AL)
    WL = layers[-1][0]
    check_shape("AL", AL, (WL.shape[0], "m"), hint=f"to match W{len(layers)} of shape {WL.shape}")
    Y, lambd = _check_labels(Y, "AL", AL), check_real("lambd", lambd, low=0.0)
    m = check_int("m (the columns of AL)", AL.shape[1])
    if ZL is None:
        cross_entropy = _summed_rows(binary_cross_entropy, AL, Y)
    else:
        ZL = as_float_array("ZL", ZL)
        check_same_shape("ZL", ZL, "AL", AL)
        cross_entropy = _summed_rows(binary_cross_entropy_with_logits, ZL, Y)
    return cross_entropy + _penalty(layers, lambd, m)


def l2_gradients(grads, params, lambd, m):
    r"""Add the L2 term ``(lambd / m) W`` to each ``dW``; returns a new dict.

    Parameters
    ----------
    grads : dict
        Cross-entropy gradients with ``"dW1"``, ..., ``"dWL"`` (e.g. from
        ``deep_backward``); other entries (``"db1"``, ``"dA0"``, ...) are kept.
    params : dict ``{"W1", "b1", ..., "WL", "bL"}``
    lambd : float
        :math:`\lambda \ge 0`.
    m : int
        Number of training examples, >= 1.

    Returns
    -------
    dict
        The same keys as ``grads``, with new ``"dW{l}"`` arrays; ``grads`` is not changed.

    Raises
    ------
    ValueError, TypeError
        If a ``"dW{l}"`` is missing or misshapen, ``lambd < 0``, ``m < 1``, or
        ``grads`` is not a dict.

    Notes
    -----
    .. math:: \frac{\partial}{\partial W^{[l]}} \frac{\lambda}{2m}
              \lVert W^{[l]} \rVert_F^2 = \frac{\lambda}{m} W^{[l]},
              \qquad dW^{[l]} \leftarrow dW^{[l]} + \frac{\lambda}{m} W^{[l]}

    The update :math:`W \leftarrow W - \alpha\,dW` then contains the factor
    :math:`(1 - \alpha\lambda/m)`, hence the name weight decay. Course 2, Week 1.
    """
    layers = _check_deep_params(params)
    lambd, m = check_real("lambd", lambd, low=0.0), check_int("m", m)
    dWs = check_params("grads", grads, [f"dW{l}" for l in range(1, len(layers) + 1)])
    new = dict(grads)
    for l, ((W, _), dW) in enumerate(zip(layers, dWs, strict=True), start=1):
        check_shape(f"grads['dW{l}']", dW, W.shape, hint=f"to match W{l}")
        new[f"dW{l}"] = dW + (lambd / m) * W
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
        ``A * mask / keep_prob``; ``A`` itself when ``keep_prob == 1``.
    mask : ndarray of shape (n_l, m)
        0.0 and 1.0 in the dtype of ``A``; keep it for :func:`dropout_backward`.

    Raises
    ------
    ValueError, TypeError
        If ``A`` is not 2-D, ``keep_prob`` is outside (0, 1] or ``rng`` is not
        a Generator.

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
    keep_prob = _check_keep_prob("keep_prob", keep_prob)
    check_rng(rng)
    if keep_prob == 1.0:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) < keep_prob).astype(A.dtype)
    return A * mask / keep_prob, mask


def dropout_backward(dA, mask, keep_prob):
    r"""Gradient through inverted dropout: ``dA * mask / keep_prob``.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
        Gradient with respect to the dropped activations ``A_drop``.
    mask : ndarray of shape (n_l, m)
        The mask returned by :func:`dropout_forward`, 0 and 1.
    keep_prob : float
        The same value as in the forward pass, in (0, 1].

    Returns
    -------
    ndarray of shape (n_l, m), in the dtype of ``dA``
        Gradient with respect to ``A``, before dropout.

    Raises
    ------
    ValueError
        If the shapes differ, ``mask`` is not 0/1 or ``keep_prob`` is outside (0, 1].

    Notes
    -----
    :math:`\tilde A = A \odot D / p` is linear in :math:`A`, so
    :math:`dA = d\tilde A \odot D / p`: dropped units pass no gradient.
    Course 2, Week 1.
    """
    dA, mask = as_float_array("dA", dA), as_float_array("mask", mask)
    check_shape("dA", dA, ("n_l", "m"))
    check_same_shape("dA", dA, "mask", mask)
    check_binary("mask", mask)
    keep_prob = _check_keep_prob("keep_prob", keep_prob)
    return (dA * mask / keep_prob).astype(dA.dtype, copy=False)


# --- the whole network with dropout ----------------------------------------------------------


def deep_forward_dropout(params, X, keep_probs, *, rng, hidden_activation="relu"):
    r"""Forward pass of the L-layer network with inverted dropout after each hidden layer.

    Parameters
    ----------
    params : dict ``{"W1", "b1", ..., "WL", "bL"}``
    X : ndarray of shape (n_x, m)
    keep_probs : float or list of float
        Keep probability of hidden layers 1, ..., L-1: one number for all, or
        one per hidden layer. The input ``X`` and the output are never dropped.
    rng : numpy.random.Generator
        Draws the masks.
    hidden_activation : {"relu", "sigmoid", "tanh", "leaky_relu"}, default "relu"
        The output layer is always a sigmoid.

    Returns
    -------
    AL : ndarray of shape (n_L, m)
    caches : list of L pairs ``(cache, mask)``
        ``cache = ((A_prev, W, b), Z)`` as in ``deep_forward`` (``A_prev`` is
        the dropped activation the layer actually saw); ``mask`` is the
        dropout mask of that layer's output, ``None`` for layer L.

    Raises
    ------
    ValueError
        As ``deep_forward``, or if ``keep_probs`` has the wrong length or a
        value outside (0, 1].

    Notes
    -----
    .. math:: A^{[l]} = \frac{g(W^{[l]} A^{[l-1]} + b^{[l]}) \odot D^{[l]}}{p_l}
              \quad (l < L), \qquad A^{[L]} = \sigma(W^{[L]} A^{[L-1]} + b^{[L]})

    With every ``keep_prob`` equal to 1 this is exactly ``deep_forward``.
    Course 2, Week 1.
    """
    layers, X = _check_deep_params(params, X)
    _activation_pair("hidden_activation", hidden_activation)
    probs = _check_keep_probs(keep_probs, len(layers))
    check_rng(rng)
    A, caches = X, []
    for l, (W, b) in enumerate(layers, start=1):
        if l == len(layers):
            A, cache = linear_activation_forward(A, W, b, "sigmoid")
            caches.append((cache, None))
        else:
            A, cache = linear_activation_forward(A, W, b, hidden_activation)
            A, mask = dropout_forward(A, probs[l - 1], rng=rng)
            caches.append((cache, mask))
    return A, caches


def deep_backward_dropout(AL, Y, caches, keep_probs, *, hidden_activation="relu"):
    r"""Backward pass matching :func:`deep_forward_dropout`, with the same masks.

    Parameters
    ----------
    AL, Y : ndarrays of shape (n_L, m)
        Output of :func:`deep_forward_dropout` and 0/1 labels.
    caches : list of pairs
        From :func:`deep_forward_dropout`.
    keep_probs : float or list of float
        The values of the forward pass.
    hidden_activation : str, default "relu"

    Returns
    -------
    dict
        ``"dW{l}"``, ``"db{l}"`` for ``l = 1, ..., L``; ``"dA{l}"`` (gradient of
        the hidden layer's output before dropout) for ``l = 1, ..., L-1``;
        ``"dA0"`` for ``X``.

    Raises
    ------
    ValueError, TypeError
        If the caches, shapes, labels or keep probabilities do not fit.

    Notes
    -----
    :math:`dZ^{[L]} = A^{[L]} - Y`, then for :math:`l = L-1, \dots, 1` the
    gradient that arrives at the dropped activation is multiplied by
    :math:`D^{[l]} / p_l` (:func:`dropout_backward`) before the layer's own
    backward step. Course 2, Week 1.
    """
    _activation_pair("hidden_activation", hidden_activation)
    pairs = isinstance(caches, (list, tuple)) and caches
    if not pairs or not all(_is_pair(c) and _is_pair(c[0]) for c in caches):
        raise TypeError("caches must be the non-empty list of deep_forward_dropout's pairs")
    L, AL = len(caches), as_float_array("AL", AL)
    probs = _check_keep_probs(keep_probs, L)
    check_shape("AL", AL, ("n_L", "m"))
    Y = _check_labels(Y, "AL", AL)
    dA_drop, dW, db = linear_backward(AL - Y, _split_cache(caches[-1][0])[0])
    grads = {f"dW{L}": dW, f"db{L}": db}
    for l in range(L - 1, 0, -1):
        cache, mask = caches[l - 1]
        grads[f"dA{l}"] = dropout_backward(dA_drop, mask, probs[l - 1])
        dA_drop, dW, db = linear_activation_backward(grads[f"dA{l}"], cache, hidden_activation)
        grads.update({f"dW{l}": dW, f"db{l}": db})
    grads["dA0"] = dA_drop
    return grads

