"""Loss functions: L1, L2 and binary cross-entropy.

``l1_loss`` and ``l2_loss`` appear in the NumPy warm-up of Course 1, Week 2.
Binary cross-entropy is the cost of logistic regression (Course 1, Week 2)
and of every binary classifier after it (Course 1, Weeks 3-4).

Cross-entropy needs ``log(a)`` and ``log(1 - a)``, which are infinite when a
probability is exactly 0 or 1. Two remedies are provided:

* :func:`binary_cross_entropy` takes probabilities and clips them to
  ``[eps, 1 - eps]`` with ``eps`` the machine epsilon of their dtype;
* :func:`binary_cross_entropy_with_logits` takes the pre-activation ``Z``
  and never forms the probability at all, which is exact and stable.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_binary,
    check_in_unit_interval,
    check_same_m,
    check_same_shape,
    check_shape,
)


def l1_loss(y_hat, y):
    r"""Sum of absolute differences.

    Parameters
    ----------
    y_hat : ndarray of any shape
        Predictions.
    y : ndarray of the same shape as ``y_hat``
        Targets.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ.

    Notes
    -----
    .. math:: L_1(\hat y, y) = \sum_i |y_i - \hat y_i|

    Course 1, Week 2 (NumPy basics).
    """
    y_hat = as_float_array("y_hat", y_hat)
    y = as_float_array("y", y)
    check_same_shape("y_hat", y_hat, "y", y)
    return float(np.sum(np.abs(y - y_hat)))


def l2_loss(y_hat, y):
    r"""Sum of squared differences.

    Parameters
    ----------
    y_hat : ndarray of any shape
        Predictions.
    y : ndarray of the same shape as ``y_hat``
        Targets.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ.

    Notes
    -----
    .. math:: L_2(\hat y, y) = \sum_i (y_i - \hat y_i)^2 = d \cdot d,
              \quad d = y - \hat y

    The dot product of the flattened difference with itself is the
    vectorised way to write the sum.

    Course 1, Week 2 (NumPy basics).
    """
    y_hat = as_float_array("y_hat", y_hat)
    y = as_float_array("y", y)
    check_same_shape("y_hat", y_hat, "y", y)
    d = (y - y_hat).ravel()
    return float(np.dot(d, d))


def _check_labels(name_a, A, Y):
    """Check ``A`` and ``Y`` are (1, m) rows with the same m and 0/1 labels.

    Returns both as arrays; ``Y`` is cast to ``A``'s dtype (0 and 1 are
    exact in every float type) so float32 input stays float32.
    """
    A = as_float_array(name_a, A)
    Y = as_float_array("Y", Y)
    check_shape(name_a, A, (1, "m"))
    check_shape("Y", Y, (1, "m"))
    check_same_m(name_a, A, "Y", Y)
    check_binary("Y", Y)
    return A, Y.astype(A.dtype, copy=False)


def _clip_probabilities(A):
    """Clip to ``[eps, 1 - eps]``, ``eps`` being the machine epsilon of A's dtype."""
    eps = np.finfo(A.dtype).eps
    return np.clip(A, eps, 1.0 - eps)


def binary_cross_entropy(A, Y):
    r"""Mean binary cross-entropy of predicted probabilities.

    Parameters
    ----------
    A : ndarray of shape (1, m)
        Predicted probabilities ``P(y = 1 | x)``, each in [0, 1].
    Y : ndarray of shape (1, m)
        True labels, each 0 or 1.

    Returns
    -------
    float
        The cost ``J``.

    Raises
    ------
    ValueError
        If a shape is not ``(1, m)``, the m's differ, ``Y`` holds anything
        other than 0 and 1, or ``A`` leaves [0, 1].

    Notes
    -----
    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m}
              \left[ y^{(i)} \log a^{(i)} + (1 - y^{(i)}) \log(1 - a^{(i)}) \right]

    ``A`` is clipped to ``[eps, 1 - eps]`` first, with ``eps`` the machine
    epsilon of its dtype (about 2.2e-16 for float64, 1.2e-7 for float32),
    so a confident wrong prediction costs about 36 (float64) instead of
    infinity. Prefer :func:`binary_cross_entropy_with_logits` when ``Z`` is
    available.

    Course 1, Week 2.
    """
    A, Y = _check_labels("A", A, Y)
    check_in_unit_interval("A", A)
    A = _clip_probabilities(A)
    m = A.shape[1]
    return float(-np.sum(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)) / m)


def binary_cross_entropy_with_logits(Z, Y):
    r"""Mean binary cross-entropy computed from logits ``Z`` (before the sigmoid).

    Parameters
    ----------
    Z : ndarray of shape (1, m)
        Logits; the predicted probability is ``sigmoid(Z)``.
    Y : ndarray of shape (1, m)
        True labels, each 0 or 1.

    Returns
    -------
    float
        The same cost as ``binary_cross_entropy(sigmoid(Z), Y)``, but finite
        and accurate for any finite ``Z`` (e.g. ``|Z| = 1000``).

    Raises
    ------
    ValueError
        If a shape is not ``(1, m)``, the m's differ, or ``Y`` holds anything
        other than 0 and 1.

    Notes
    -----
    With :math:`a = \sigma(z)`, :math:`-\log a = \log(1 + e^{-z})` and
    :math:`-\log(1 - a) = \log(1 + e^{z})`. Writing
    :math:`\mathrm{softplus}(t) = \log(1 + e^{t})`, the loss of one example is

    .. math:: \ell = y\,\mathrm{softplus}(-z) + (1 - y)\,\mathrm{softplus}(z)
              = \mathrm{softplus}\big((1 - 2y)\,z\big) \quad (y \in \{0, 1\})

    and ``np.logaddexp(0, t)`` evaluates ``softplus(t)`` without overflow.
    Each example uses only the term its label selects, so no large numbers
    cancel: a correct prediction with ``z = 40`` costs ``4.2e-18``, not 0.

    Course 1, Week 2.
    """
    Z, Y = _check_labels("Z", Z, Y)
    m = Z.shape[1]
    return float(np.sum(np.logaddexp(0.0, (1.0 - 2.0 * Y) * Z)) / m)


def binary_cross_entropy_backward(A, Y):
    r"""Derivative of the per-example cross-entropy with respect to ``A``.

    Parameters
    ----------
    A : ndarray of shape (1, m)
        Predicted probabilities, each in [0, 1].
    Y : ndarray of shape (1, m)
        True labels, each 0 or 1.

    Returns
    -------
    dA : ndarray of shape (1, m)
        Same dtype as ``A``.

    Raises
    ------
    ValueError
        As for :func:`binary_cross_entropy`.

    Notes
    -----
    .. math:: dA = \frac{\partial \ell}{\partial a}
              = -\left( \frac{y}{a} - \frac{1 - y}{1 - a} \right)

    This is the derivative of the loss of *one* example, with no ``1/m``:
    following the course, the ``1/m`` of the mean is applied later, in the
    linear layer's backward pass (``dW = dZ A_prev^T / m``). ``A`` is clipped
    to ``[eps, 1 - eps]`` as in :func:`binary_cross_entropy`, so the result
    is finite even for a probability of exactly 0 or 1.

    Course 1, Week 4.
    """
    A, Y = _check_labels("A", A, Y)
    check_in_unit_interval("A", A)
    A = _clip_probabilities(A)
    return -(Y / A - (1.0 - Y) / (1.0 - A))
