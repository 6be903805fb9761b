r"""Activation functions, their derivatives, and forward/backward pairs.

Course 1, Week 2 introduces the sigmoid for logistic regression; Course 1,
Week 3 adds tanh, ReLU and leaky ReLU for hidden layers; softmax arrives in
Course 2, Week 3 for multi-class outputs.

Elementwise functions ``g(z)`` and derivatives ``g'(z)`` take an array of
any shape (or a number) and return an ndarray of that shape; ``softmax``
normalises along one axis. As blocks of a network they follow dlspec's one
convention (see :mod:`dlspec`), with the activation's name kept in the cache::

    A, cache = activation_forward(Z, "relu")
    dZ, grads = activation_backward(dA, cache) # dZ = dA * g'(Z); grads == {}

``ACTIVATIONS`` is the registry of names a layer may use.

All functions keep float32 input as float32, convert integer or boolean
input to float64, and raise ``TypeError`` for non-numeric input.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_real,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.blocks import Block

# ---------------------------------------------------------------------------
# Elementwise functions and derivatives
# ---------------------------------------------------------------------------


def sigmoid(z):
    r"""Logistic sigmoid, computed without overflow.

    Parameters
    ----------
    z : array_like of any shape
        Pre-activations.

    Returns
    -------
    ndarray of the same shape as ``z``
        Values in [0, 1].

    Raises
    ------
    TypeError
        If ``z`` is not numeric.

    Notes
    -----
    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    ``exp(-z)`` overflows for large negative ``z``, so for ``z < 0`` the
    equal form :math:`e^{z} / (1 + e^{z})` is used: no exponent is positive.

    Course 1, Week 2.
    """
    z = as_float_array("z", z)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])  # z < 0 here (or NaN), so this cannot overflow
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_derivative(z):
    r"""Derivative of the sigmoid, ``s * (1 - s)`` with ``s = sigmoid(z)``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape as ``z``, values in [0, 0.25]

    Notes
    -----
    :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`. Course 1, Week 2.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    r"""Hyperbolic tangent (``np.tanh``, which is stable for large ``|z|``).

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape as ``z``, values in [-1, 1]

    Notes
    -----
    :math:`\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1`.
    Course 1, Week 3.
    """
    return np.tanh(as_float_array("z", z))


def tanh_derivative(z):
    r"""Derivative of tanh, ``1 - tanh(z)**2``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape as ``z``, values in [0, 1]

    Notes
    -----
    :math:`\tanh'(z) = 1 - \tanh^2(z)`. Course 1, Week 3.
    """
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    r"""Rectified linear unit, ``max(0, z)``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape as ``z``

    Notes
    -----
    :math:`\mathrm{ReLU}(z) = \max(0, z)`. Course 1, Week 3.
    """
    return np.maximum(as_float_array("z", z), 0.0)


def relu_derivative(z):
    r"""Derivative of ReLU: 1 where ``z > 0``, else 0 (also at ``z = 0``).

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape as ``z``, zeros and ones

    Notes
    -----
    :math:`\mathrm{ReLU}'(z) = \mathbb{1}[z > 0]`. The derivative does not
    exist at 0; like the course, we use 0 there. Course 1, Week 3.
    """
    z = as_float_array("z", z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, slope=0.01):
    r"""Leaky ReLU: ``z`` where ``z > 0``, else ``slope * z``.

    Parameters
    ----------
    z : array_like of any shape
    slope : float, default 0.01
        Gradient for negative inputs, in [0, 1].

    Returns
    -------
    ndarray of the same shape as ``z``

    Raises
    ------
    ValueError
        If ``slope`` is outside [0, 1].

    Notes
    -----
    :math:`\mathrm{LeakyReLU}(z) = \max(\alpha z, z)` for
    :math:`0 \le \alpha \le 1`. Course 1, Week 3.
    """
    z = as_float_array("z", z)
    slope = check_real("slope", slope, 0.0, 1.0)
    return np.where(z > 0, z, slope * z)


def leaky_relu_derivative(z, slope=0.01):
    r"""Derivative of leaky ReLU: 1 where ``z > 0``, else ``slope``.

    Parameters
    ----------
    z : array_like of any shape
    slope : float, default 0.01

    Returns
    -------
    ndarray of the same shape and dtype as ``z``

    Notes
    -----
    :math:`\mathbb{1}[z > 0] + \alpha\,\mathbb{1}[z \le 0]`. Course 1, Week 3.
    """
    z = as_float_array("z", z)
    slope = check_real("slope", slope, 0.0, 1.0)
    return np.where(z > 0, 1.0, slope).astype(z.dtype)


def softmax(z, axis=0):
    r"""Softmax along ``axis`` (default 0: each column is one example).

    Parameters
    ----------
    z : array_like, e.g. ndarray of shape (C, m)
        Scores (logits) for ``C`` classes and ``m`` examples.
    axis : int, default 0
        Axis along which the outputs sum to 1.

    Returns
    -------
    ndarray of the same shape as ``z``
        Non-negative values that sum to 1 along ``axis``.

    Raises
    ------
    TypeError, ValueError
        If ``z`` is not numeric, or ``axis`` is not an axis of ``z``.

    Notes
    -----
    .. math:: \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
              = \frac{e^{z_i - c}}{\sum_j e^{z_j - c}}

    Any constant ``c`` cancels; choosing ``c = max_j z_j`` makes every
    exponent <= 0, so nothing overflows and the largest term is exactly 1.

    Course 2, Week 3.
    """
    z = as_float_array("z", z)
    axis = check_int("axis", axis, minimum=-z.ndim)
    if axis >= z.ndim:
        raise ValueError(f"axis must be < {z.ndim} for z of shape {z.shape}, got {axis}")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


# ---------------------------------------------------------------------------
# The activation block (Course 1, Weeks 3-4): Z of shape (n_l, m) -> A = g(Z);
# from Course 4 also feature maps (m, n_H, n_W, n_C), entry by entry.
# The cache keeps the name with Z, so the backward pass applies the same g'.
# ---------------------------------------------------------------------------


def _relu_backward(dA, Z):
    return dA * (Z > 0)  # one pass; bool * float keeps dA's dtype


def _sigmoid_backward(dA, Z):
    s = sigmoid(Z)
    return dA * s * (1.0 - s)


def _tanh_backward(dA, Z):
    t = np.tanh(Z)
    return dA * (1.0 - t * t)


def _leaky_relu_backward(dA, Z):
    return dA * leaky_relu_derivative(Z)


#: Activation name -> (g, backward(dA, Z) = dA * g'(Z)): the names a layer may use.
ACTIVATIONS = {
    "relu": (relu, _relu_backward),
    "sigmoid": (sigmoid, _sigmoid_backward),
    "tanh": (tanh, _tanh_backward),
    "leaky_relu": (leaky_relu, _leaky_relu_backward),
}


def check_activation(name, activation):
    """Return ``activation`` if it is a key of :data:`ACTIVATIONS`, else raise ``ValueError``."""
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        choices = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"{name} must be one of {choices}, got {activation!r}")
    return activation


def activation_forward(Z, activation):
    r"""Apply the activation ``g`` to a layer's pre-activations: ``A = g(Z)``.

    Parameters
    ----------
    Z : ndarray of shape (n_l, m), or (m, n_H, n_W, n_C) after a convolution
        Any array of rank >= 2: the function acts entry by entry.
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}
        Leaky ReLU uses its default slope 0.01.

    Returns
    -------
    A : ndarray of the shape of ``Z``
    cache : dict
        ``Z`` and the activation's name, for :func:`activation_backward`.

    Raises
    ------
    ValueError
        If ``Z`` has fewer than 2 axes, holds NaN or infinity, or ``activation`` is unknown.

    Notes
    -----
    :math:`A^{[l]} = g^{[l]}(Z^{[l]})`. Course 1, Weeks 3-4.
    """
    activation = check_activation("activation", activation)
    Z = as_float_array("Z", Z)
    if Z.ndim < 2:  # a rank-1 (n,) is never a layer's (n, 1) or (1, m)
        raise ValueError(
            f"Z must have shape (n_l, m), or (m, n_H, n_W, n_C) after a convolution, got {Z.shape}"
        )
    check_finite("Z", Z)
    return _activation(Z, activation)


def _activation(Z, activation):
    """:func:`activation_forward` on checked arguments."""
    g, _ = ACTIVATIONS[activation]
    return g(Z), make_cache("activation_forward", activation=activation, Z=Z)


def activation_backward(dA, cache):
    r"""Gradient through the activation of :func:`activation_forward`: ``dZ = dA * g'(Z)``.

    Parameters
    ----------
    dA : ndarray of the shape of ``Z``
        Gradient with respect to ``A``.
    cache : dict
        From :func:`activation_forward`; it names the activation.

    Returns
    -------
    dZ : ndarray of the shape of ``Z``
    grads : dict
        Empty: an activation has no parameters.

    Raises
    ------
    ValueError
        If ``dA`` does not have the shape of ``Z``.
    TypeError
        If ``cache`` was not made by :func:`activation_forward`.

    Notes
    -----
    The chain rule for an elementwise function: :math:`dZ = dA \odot g'(Z)`, with
    :math:`\sigma' = \sigma(1 - \sigma)`, :math:`\tanh' = 1 - \tanh^2`,
    :math:`\mathrm{ReLU}'(z) = \mathbb{1}[z > 0]`. Course 1, Weeks 3-4.
    """
    activation, Z = read_cache(cache, "activation_forward", ("activation", "Z"))
    dA = check_upstream("dA", dA, Z.shape, "activation_forward")
    _, backward = ACTIVATIONS[activation]
    return backward(dA, Z), {}


def activation_block(activation):
    """An activation step as a network :class:`~dlspec.blocks.Block`, e.g. ``activation_block("relu")``."""
    activation = check_activation("activation", activation)
    return Block(
        activation, activation_forward, _activation, activation_backward,
        config={"activation": activation},
        accepts=None,  # any shape: a dense layer's (n_l, m) or a convolution's (m, n_H, n_W, n_C)
    )
