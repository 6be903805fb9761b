r"""Activation functions, their derivatives, and forward/backward pairs.

Course 1, Week 2 introduces the sigmoid for logistic regression; Course 1,
Week 3 adds tanh, ReLU and leaky ReLU for hidden layers; softmax arrives in
Course 2, Week 3 for multi-class outputs.

Elementwise functions ``g(z)`` and derivatives ``g'(z)`` take an array of
any shape (or a number) and return an ndarray of that shape; ``softmax``
normalises along one axis; forward/backward pairs serve layers::

    A, cache = relu_forward(Z)      # cache is Z itself
    dZ = relu_backward(dA, cache)   # dZ = dA * g'(Z)

All functions keep float32 input as float32, convert integer or boolean
input to float64, and raise ``TypeError`` for non-numeric input.
"""

import numpy as np

from dlspec._validate import as_float_array, check_real, check_shape

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

    Notes
    -----
    .. math:: \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
              = \frac{e^{z_i - c}}{\sum_j e^{z_j - c}}

    Any constant ``c`` cancels; choosing ``c = max_j z_j`` makes every
    exponent <= 0, so nothing overflows and the largest term is exactly 1.

    Course 2, Week 3.
    """
    z = as_float_array("z", z)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


# ---------------------------------------------------------------------------
# Forward/backward pairs (Course 1, Weeks 3-4). forward(Z) -> (A, cache) with
# Z of shape (n_l, m) and cache = Z itself: backward only needs Z for g'(Z).
# backward(dA, cache) -> dZ = dA * g'(Z), the chain rule for an elementwise
# function; dA must have the shape of the cached Z (ValueError otherwise).
# ---------------------------------------------------------------------------


def _check_forward(Z):
    Z = as_float_array("Z", Z)
    check_shape("Z", Z, ("n_l", "m"))
    return Z


def _check_backward(dA, cache):
    dA = as_float_array("dA", dA)
    Z = as_float_array("cache", cache)
    check_shape("cache", Z, ("n_l", "m"), hint="(the Z saved by the forward pass)")
    if dA.shape != Z.shape:
        raise ValueError(f"dA must have the same shape as the cached Z {Z.shape}, got {dA.shape}")
    return dA, Z


def sigmoid_forward(Z):
    r"""Sigmoid activation of a layer: ``A = sigmoid(Z)``; ``cache`` is ``Z``.

    Parameters
    ----------
    Z : ndarray of shape (n_l, m)

    Returns
    -------
    A, cache : ndarrays of shape (n_l, m)

    Notes
    -----
    :math:`A = \sigma(Z)`. Course 1, Weeks 3-4.
    """
    Z = _check_forward(Z)
    return sigmoid(Z), Z


def sigmoid_backward(dA, cache):
    r"""Gradient through a sigmoid: ``dZ = dA * s * (1 - s)``.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
    cache : ndarray of shape (n_l, m)
        The ``Z`` returned by :func:`sigmoid_forward`.

    Returns
    -------
    dZ : ndarray of shape (n_l, m)

    Raises
    ------
    ValueError
        If ``dA`` and ``cache`` differ in shape or are not 2-D.

    Notes
    -----
    :math:`dZ = dA \odot \sigma(Z)\,(1 - \sigma(Z))`. Course 1, Weeks 3-4.
    """
    dA, Z = _check_backward(dA, cache)
    return dA * sigmoid_derivative(Z)


def tanh_forward(Z):
    r"""Tanh activation of a layer: ``A = tanh(Z)``; ``cache`` is ``Z``.

    Parameters
    ----------
    Z : ndarray of shape (n_l, m)

    Returns
    -------
    A, cache : ndarrays of shape (n_l, m)

    Notes
    -----
    :math:`A = \tanh(Z)`. Course 1, Week 3.
    """
    Z = _check_forward(Z)
    return tanh(Z), Z


def tanh_backward(dA, cache):
    r"""Gradient through tanh: ``dZ = dA * (1 - tanh(Z)**2)``.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
    cache : ndarray of shape (n_l, m)
        The ``Z`` returned by :func:`tanh_forward`.

    Returns
    -------
    dZ : ndarray of shape (n_l, m)

    Raises
    ------
    ValueError
        If ``dA`` and ``cache`` differ in shape or are not 2-D.

    Notes
    -----
    :math:`dZ = dA \odot (1 - \tanh^2 Z)`. Course 1, Week 3.
    """
    dA, Z = _check_backward(dA, cache)
    return dA * tanh_derivative(Z)


def relu_forward(Z):
    r"""ReLU activation of a layer: ``A = max(0, Z)``; ``cache`` is ``Z``.

    Parameters
    ----------
    Z : ndarray of shape (n_l, m)

    Returns
    -------
    A, cache : ndarrays of shape (n_l, m)

    Notes
    -----
    :math:`A = \max(0, Z)`. Course 1, Week 4.
    """
    Z = _check_forward(Z)
    return relu(Z), Z


def relu_backward(dA, cache):
    r"""Gradient through ReLU: ``dA`` where ``Z > 0``, else 0.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
    cache : ndarray of shape (n_l, m)
        The ``Z`` returned by :func:`relu_forward`.

    Returns
    -------
    dZ : ndarray of shape (n_l, m)

    Raises
    ------
    ValueError
        If ``dA`` and ``cache`` differ in shape or are not 2-D.

    Notes
    -----
    :math:`dZ = dA \odot \mathbb{1}[Z > 0]`. Course 1, Week 4.
    """
    dA, Z = _check_backward(dA, cache)
    return dA * (Z > 0)  # one pass; bool * float keeps dA's dtype


def leaky_relu_forward(Z, slope=0.01):
    r"""Leaky ReLU activation of a layer; ``cache`` is ``Z``.

    Parameters
    ----------
    Z : ndarray of shape (n_l, m)
    slope : float, default 0.01
        Pass the same value to :func:`leaky_relu_backward`.

    Returns
    -------
    A, cache : ndarrays of shape (n_l, m)

    Notes
    -----
    :math:`A = \max(\alpha Z, Z)`. Course 1, Week 3.
    """
    Z = _check_forward(Z)
    return leaky_relu(Z, slope), Z


def leaky_relu_backward(dA, cache, slope=0.01):
    r"""Gradient through leaky ReLU: ``dA`` where ``Z > 0``, else ``slope * dA``.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
    cache : ndarray of shape (n_l, m)
        The ``Z`` returned by :func:`leaky_relu_forward`.
    slope : float, default 0.01
        The slope used in the forward pass.

    Returns
    -------
    dZ : ndarray of shape (n_l, m)

    Raises
    ------
    ValueError
        If ``dA`` and ``cache`` differ in shape or are not 2-D.

    Notes
    -----
    :math:`dZ = dA \odot (\mathbb{1}[Z > 0] + \alpha\,\mathbb{1}[Z \le 0])`.
    Course 1, Week 3.
    """
    dA, Z = _check_backward(dA, cache)
    return dA * leaky_relu_derivative(Z, slope)
