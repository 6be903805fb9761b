"""Loss functions: L1, L2, binary and softmax cross-entropy, and one-hot labels.

``l1_loss`` and ``l2_loss`` appear in the NumPy warm-up of Course 1, Week 2.
Binary cross-entropy is the cost of logistic regression (Course 1, Week 2)
and of every binary classifier after it (Course 1, Weeks 3-4); the softmax
cross-entropy is its multi-class form (Course 2, Week 3).

Every cost takes ``(prediction, Y)`` in that order, with ``Y`` of the
prediction's shape ``(n_y, m)``, and checks the labels with one function
(:func:`check_labels`): 0/1 entries (one-hot columns for the softmax), ``m >= 1``,
finite predictions. With ``n_y > 1`` binary outputs are independent binary
classifiers whose costs add up. Each ``*_backward`` returns the derivative of
each example's own loss (no ``1/m``): the ``1/m`` of the mean cost is applied
where the course puts it, in ``dW = dZ A_prev^T / m`` (:func:`dlspec.layers.linear_backward`).

Cross-entropy needs ``log(a)`` and ``log(1 - a)``, which are infinite when a
probability is exactly 0 or 1. Two remedies are provided:

* :func:`binary_cross_entropy` takes probabilities and clips them to
  ``[eps, 1 - eps]`` with ``eps`` the machine epsilon of their dtype;
* :func:`binary_cross_entropy_with_logits` takes the pre-activation ``Z``
  and never forms the probability at all, which is exact and stable.
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_binary,
    check_finite,
    check_float_dtype,
    check_in_unit_interval,
    check_int,
    check_same_shape,
    check_shape,
)
from dlspec.activations import sigmoid, softmax


def _check_pair(y_hat, y):
    """``y_hat`` and ``y`` as float arrays of one shape, with only finite entries."""
    y_hat, y = as_float_array("y_hat", y_hat), as_float_array("y", y)
    check_same_shape("y_hat", y_hat, "y", y)
    check_finite("y_hat", y_hat)
    check_finite("y", y)
    return y_hat, y


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
        If the shapes differ or an entry is NaN or infinite.

    Notes
    -----
    .. math:: L_1(\hat y, y) = \sum_i |y_i - \hat y_i|

    Course 1, Week 2 (NumPy basics).
    """
    y_hat, y = _check_pair(y_hat, y)
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
        If the shapes differ or an entry is NaN or infinite.

    Notes
    -----
    .. math:: L_2(\hat y, y) = \sum_i (y_i - \hat y_i)^2 = d \cdot d,
              \quad d = y - \hat y

    The dot product of the flattened difference with itself is the
    vectorised way to write the sum.

    Course 1, Week 2 (NumPy basics).
    """
    y_hat, y = _check_pair(y_hat, y)
    d = (y - y_hat).ravel()
    return float(np.dot(d, d))


def check_labels(name, A, Y, *, one_hot=False):
    """Check a prediction ``A`` (n_y, m) and its labels ``Y``; return both, ``Y`` in A's dtype.

    ``Y`` must have ``A``'s shape and hold only 0 and 1 (with ``one_hot=True``, exactly
    one 1 per column); ``m`` must be at least 1 and ``A`` finite. Every cost of this module
    and the training loop check their labels here.

    Raises
    ------
    ValueError
        Naming ``name`` or ``Y`` and the shapes or values that are wrong.
    """
    A, Y = as_float_array(name, A), as_float_array("Y", Y)
    check_shape(name, A, ("n_y", "m"))
    check_shape("Y", Y, A.shape, hint=f"to match {name} of shape {A.shape}")
    if A.shape[1] == 0:
        raise ValueError(f"the cost needs at least one example, got {name} of shape {A.shape} (m = 0)")
    check_finite(name, A)
    return A, check_targets(Y, one_hot=one_hot).astype(A.dtype, copy=False)


def check_targets(Y, *, one_hot=False):
    """Return labels ``Y`` after checking that they are 0/1 (one 1 per column if ``one_hot``)."""
    Y = as_float_array("Y", Y)
    check_binary("Y", Y)
    if one_hot and not np.all(Y.sum(axis=0) == 1):
        raise ValueError("Y must be one-hot: exactly one 1 per column (see one_hot)")
    return Y


def _clip_probabilities(A):
    """Clip to ``[eps, 1 - eps]``, ``eps`` being the machine epsilon of A's dtype."""
    eps = np.finfo(A.dtype).eps
    return np.clip(A, eps, 1.0 - eps)


# --- binary cross-entropy --------------------------------------------------------------------


def binary_cross_entropy(A, Y):
    r"""Mean binary cross-entropy of predicted probabilities.

    Parameters
    ----------
    A : ndarray of shape (n_y, m)
        Predicted probabilities ``P(y = 1 | x)``, each in [0, 1].
    Y : ndarray of shape (n_y, m)
        True labels, each 0 or 1.

    Returns
    -------
    float
        The cost ``J`` (summed over the ``n_y`` rows).

    Raises
    ------
    ValueError
        If the shapes differ, ``m == 0``, ``Y`` holds anything other than 0
        and 1, or ``A`` leaves [0, 1].

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
    A, Y = check_labels("A", A, Y)
    check_in_unit_interval("A", A)
    A = _clip_probabilities(A)
    m = A.shape[1]
    return float(-np.sum(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)) / m)


def binary_cross_entropy_backward(A, Y):
    r"""Derivative of each example's cross-entropy with respect to ``A``.

    Parameters
    ----------
    A, Y : ndarrays of shape (n_y, m)
        Predicted probabilities in [0, 1] and 0/1 labels.

    Returns
    -------
    dA : ndarray of shape (n_y, m), in the dtype of ``A``

    Raises
    ------
    ValueError
        As for :func:`binary_cross_entropy`.

    Notes
    -----
    .. math:: dA = \frac{\partial \ell}{\partial a}
              = -\left( \frac{y}{a} - \frac{1 - y}{1 - a} \right)

    ``A`` is clipped as in :func:`binary_cross_entropy`, so the result is
    finite even for a probability of exactly 0 or 1. Course 1, Week 4.
    """
    A, Y = check_labels("A", A, Y)
    check_in_unit_interval("A", A)
    A = _clip_probabilities(A)
    return -(Y / A - (1.0 - Y) / (1.0 - A))


def _logistic_cost(Z, Y):
    return float(np.sum(np.logaddexp(0.0, (1.0 - 2.0 * Y) * Z)) / Z.shape[1])


def _logistic_gradient(Z, Y):
    return sigmoid(Z) - Y


def binary_cross_entropy_with_logits(Z, Y):
    r"""Mean binary cross-entropy computed from the logits ``Z`` (before the sigmoid).

    Parameters
    ----------
    Z : ndarray of shape (n_y, m)
        Logits; the predicted probability is ``sigmoid(Z)``.
    Y : ndarray of shape (n_y, m)
        True labels, each 0 or 1.

    Returns
    -------
    float
        The same cost as ``binary_cross_entropy(sigmoid(Z), Y)``, but finite
        and accurate for any finite ``Z`` (e.g. ``|Z| = 1000``).

    Raises
    ------
    ValueError
        If the shapes differ, ``m == 0``, ``Z`` is not finite or ``Y`` holds
        anything other than 0 and 1.

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
    return _logistic_cost(*check_labels("Z", Z, Y))


def binary_cross_entropy_with_logits_backward(Z, Y):
    r"""Derivative of each example's cross-entropy with respect to the logits: ``sigmoid(Z) - Y``.

    Parameters
    ----------
    Z, Y : ndarrays of shape (n_y, m)
        Logits and 0/1 labels.

    Returns
    -------
    dZ : ndarray of shape (n_y, m), in the dtype of ``Z``

    Raises
    ------
    ValueError
        As for :func:`binary_cross_entropy_with_logits`.

    Notes
    -----
    .. math:: \frac{\partial \ell}{\partial z} = \frac{\partial \ell}{\partial a}\,\sigma'(z)
              = -\left(\frac{y}{a} - \frac{1 - y}{1 - a}\right) a (1 - a) = a - y

    Exact, and free of the clipping that :func:`binary_cross_entropy_backward`
    needs where :math:`a` rounds to 0 or 1. Course 1, Weeks 2-4.
    """
    return _logistic_gradient(*check_labels("Z", Z, Y))


# --- one-hot labels and the softmax cross-entropy --------------------------------------------


def one_hot(labels, num_classes, *, dtype=np.float64):
    r"""One-hot encode integer class labels: column ``i`` is 1 in row ``labels[i]``.

    Parameters
    ----------
    labels : ndarray of shape (m,) or (1, m)
        Integers in ``0, ..., C - 1``.
    num_classes : int
        ``C``, at least 2.
    dtype : float32 or float64, default float64

    Returns
    -------
    Y : ndarray of shape (C, m)
        Zeros, with a single 1 per column.

    Raises
    ------
    TypeError
        If ``labels`` is not an integer array.
    ValueError
        If ``labels`` has another shape, a label is outside ``[0, C)`` or ``C < 2``.

    Notes
    -----
    :math:`Y_{k i} = \mathbb{1}[y^{(i)} = k]`. Course 2, Week 3.
    """
    num_classes = check_int("num_classes", num_classes, minimum=2)
    dtype = check_float_dtype("dtype", dtype)
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be an integer array, got dtype {labels.dtype}")
    if labels.ndim not in (1, 2) or (labels.ndim == 2 and labels.shape[0] != 1):
        raise ValueError(f"labels must have shape (m,) or (1, m), got {labels.shape}")
    labels = labels.ravel()
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        bad = np.unique(labels[(labels < 0) | (labels >= num_classes)])[:5]
        raise ValueError(f"labels must be in 0..{num_classes - 1}, found {bad.tolist()}")
    Y = np.zeros((num_classes, labels.size), dtype=dtype)
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def _softmax_cost(Z, Y):
    m = Z.shape[1]
    top = np.argmax(Z, axis=0)
    shifted = Z - Z[top, np.arange(m)]  # <= 0, and exactly 0 at each column's maximum
    others = np.exp(shifted)
    others[top, np.arange(m)] = 0.0
    losses = np.log1p(np.sum(others, axis=0)) - np.sum(Y * shifted, axis=0)
    return float(np.sum(losses) / m)


def _softmax_gradient(Z, Y):
    return softmax(Z, axis=0) - Y


def softmax_cross_entropy(Z, Y):
    r"""Mean cross-entropy of the softmax of the logits ``Z``, computed stably.

    Parameters
    ----------
    Z : ndarray of shape (C, m)
        Logits, one column per example.
    Y : ndarray of shape (C, m)
        One-hot labels (see :func:`one_hot`).

    Returns
    -------
    float
        The cost ``J``; finite for any finite ``Z`` (e.g. ``|Z| = 1000``).

    Raises
    ------
    ValueError
        If the shapes differ, ``m == 0``, ``Z`` is not finite or ``Y`` is not one-hot.

    Notes
    -----
    With :math:`\hat y = \mathrm{softmax}(z)`, the loss of one example is

    .. math:: \ell = -\sum_{k=1}^{C} y_k \log \hat y_k
              = \log \sum_{j} e^{z_j} - \sum_k y_k z_k, \qquad
              J = \frac{1}{m} \sum_{i=1}^{m} \ell^{(i)},

    since :math:`\log \hat y_k = z_k - \log\sum_j e^{z_j}` and the
    :math:`y_k` sum to 1. Never forming :math:`\hat y` avoids
    :math:`\log 0`. The log-sum-exp is shifted by :math:`c = \max_j z_j` so
    no exponent is positive, and the one term :math:`e^{0} = 1` is taken
    out, :math:`\log\sum_j e^{z_j - c} = \log(1 + \sum_{j \ne j^*} e^{z_j - c})`,
    so ``np.log1p`` keeps tiny losses: a correct prediction with margin 40
    costs :math:`4.2 \times 10^{-18}`, not 0. Course 2, Week 3.
    """
    return _softmax_cost(*check_labels("Z", Z, Y, one_hot=True))


def softmax_cross_entropy_backward(Z, Y):
    r"""Derivative of each example's softmax cross-entropy with respect to the logits.

    Parameters
    ----------
    Z : ndarray of shape (C, m)
    Y : ndarray of shape (C, m)
        One-hot labels.

    Returns
    -------
    dZ : ndarray of shape (C, m), in the dtype of ``Z``

    Raises
    ------
    ValueError
        As for :func:`softmax_cross_entropy`.

    Notes
    -----
    From :math:`\ell = \log\sum_j e^{z_j} - \sum_k y_k z_k`,

    .. math:: \frac{\partial \ell}{\partial z_k} = \frac{e^{z_k}}{\sum_j e^{z_j}} - y_k,
              \qquad dZ = \mathrm{softmax}(Z) - Y,

    the same form as the sigmoid output's :math:`A - Y`. Course 2, Week 3.
    """
    return _softmax_gradient(*check_labels("Z", Z, Y, one_hot=True))


# --- the output layers a network can end in ---------------------------------------------------


class Output(NamedTuple):
    """How a network's logits become predictions, and the cost that goes with them.

    ``probabilities(Z)``, ``cost(Z, Y)`` and ``gradient(Z, Y)`` (per example, no ``1/m``)
    take arguments already checked with :func:`check_labels`, so a training loop can call
    them every step without checking the labels again.
    """

    probabilities: Callable
    cost: Callable
    gradient: Callable
    one_hot: bool


def _softmax_columns(Z):
    return softmax(Z, axis=0)


#: Output name -> :class:`Output`: "sigmoid" (independent binary units, binary
#: cross-entropy) or "softmax" (one class per column, softmax cross-entropy).
OUTPUTS = {
    "sigmoid": Output(sigmoid, _logistic_cost, _logistic_gradient, one_hot=False),
    "softmax": Output(_softmax_columns, _softmax_cost, _softmax_gradient, one_hot=True),
}


def check_output(name, output):
    """Return ``output`` if it is a key of :data:`OUTPUTS`, else raise ``ValueError``."""
    if not isinstance(output, str) or output not in OUTPUTS:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, OUTPUTS))}, got {output!r}")
    return output
