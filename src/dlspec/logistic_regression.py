r"""Logistic regression as a one-neuron network.

Course 1, Week 2. The model maps each example (a column of ``X``) to the
probability that its label is 1:

.. math:: z = w^T x + b, \qquad a = \sigma(z)

Parameters live in a dict ``{"w": (n_x, 1), "b": (1, 1)}``. Training is
plain batch gradient descent on the mean binary cross-entropy. The passes follow
dlspec's one convention (see :mod:`dlspec`): the forward pass returns the logits
``Z``, the sigmoid and the cross-entropy go together in the loss, and the backward
pass starts from :math:`dZ = A - Y`::

    Z, cache = logistic_forward(X, params)
    dZ = binary_cross_entropy_with_logits_backward(Z, Y)    # sigmoid(Z) - Y
    dX, grads = logistic_backward(dZ, cache)                # grads: "dw", "db"

Every pass exists twice:

* a vectorised version (``logistic_forward``, ``logistic_backward``) that
  processes all ``m`` examples with a few matrix operations;
* a loop version (``logistic_forward_naive``, ``logistic_backward_naive``)
  that walks the computation graph of the lectures one example and one
  feature at a time. It is slow on purpose: the tests use it as an oracle
  and the lessons time it against the vectorised one.
"""

import numpy as np

from dlspec._validate import (
    check_data,
    check_float_dtype,
    check_int,
    check_params,
    check_positive,
    check_real,
    check_same_m,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.activations import sigmoid
from dlspec.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_backward,
    check_targets,
)


def _check_params_and_X(params, X):
    """Return ``w, b, X`` as arrays after checking their shapes agree, m >= 1 and X is finite."""
    w, b = check_params("params", params, ("w", "b"))
    check_shape("w", w, ("n_x", 1))
    check_shape("b", b, (1, 1))
    X = check_data("X", X, rows=w.shape[0], hint=f"to match w of shape {w.shape}")
    return w, b, X


def _logits(X, w, b):
    """:func:`logistic_forward` on arrays already checked (the training loop's step)."""
    return w.T @ X + b, make_cache("logistic_forward", X=X, w=w)


def _read(dZ, cache, block):
    """``X``, ``w`` of a forward cache and ``dZ`` checked against it."""
    X, w = read_cache(cache, block, ("X", "w"))
    return check_upstream("dZ", dZ, (1, X.shape[1]), block), X, w


# ---------------------------------------------------------------------------
# Initialisation, forward and backward passes
# ---------------------------------------------------------------------------


def initialize_zeros(n_x, dtype=np.float64):
    r"""Return parameters ``{"w": zeros (n_x, 1), "b": zeros (1, 1)}``.

    Parameters
    ----------
    n_x : int
        Number of input features.
    dtype : float32 or float64, default float64

    Returns
    -------
    dict
        ``{"w": ndarray of shape (n_x, 1), "b": ndarray of shape (1, 1)}``.

    Raises
    ------
    ValueError
        If ``n_x`` is not positive.
    TypeError
        If ``n_x`` is not an integer or ``dtype`` is not a float type.

    Notes
    -----
    Zeros are fine for logistic regression: with one neuron there is no
    symmetry to break. (Deeper networks need random initialisation, Course
    1, Week 3.)

    Course 1, Week 2.
    """
    n_x = check_int("n_x", n_x)
    dtype = check_float_dtype("dtype", dtype)
    return {"w": np.zeros((n_x, 1), dtype=dtype), "b": np.zeros((1, 1), dtype=dtype)}


def logistic_forward(X, params):
    r"""Forward pass: the logits ``Z = w^T X + b``; probabilities are ``sigmoid(Z)``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        One example per column.
    params : dict
        ``{"w": ndarray of shape (n_x, 1), "b": ndarray of shape (1, 1)}``.

    Returns
    -------
    Z : ndarray of shape (1, m)
        Logits. Its dtype follows NumPy's promotion of ``w``, ``b`` and ``X``
        (float32 throughout gives float32).
    cache : dict
        ``X`` and ``w``, for :func:`logistic_backward`.

    Raises
    ------
    ValueError
        If ``w`` is not ``(n_x, 1)``, ``b`` is not ``(1, 1)``, or ``X`` does
        not have ``n_x`` rows, has no column (m = 0) or holds NaN or infinity.

    Notes
    -----
    .. math:: Z = w^T X + b, \qquad A = \sigma(Z)

    ``b`` is broadcast across the ``m`` columns. Course 1, Week 2.
    """
    w, b, X = _check_params_and_X(params, X)
    return _logits(X, w, b)


def logistic_backward(dZ, cache):
    r"""Backward pass: gradients of the mean cost from ``dZ``.

    Parameters
    ----------
    dZ : ndarray of shape (1, m)
        Gradient of each example's loss with respect to its logit; for the
        cross-entropy, :math:`A - Y`
        (:func:`dlspec.losses.binary_cross_entropy_with_logits_backward`).
    cache : dict
        From :func:`logistic_forward`.

    Returns
    -------
    dX : ndarray of shape (n_x, m)
    grads : dict
        ``{"dw": ndarray of shape (n_x, 1), "db": ndarray of shape (1, 1)}``.

    Raises
    ------
    ValueError
        If ``dZ`` does not have the shape of ``Z``.
    TypeError
        If ``cache`` was not made by :func:`logistic_forward`.

    Notes
    -----
    For the sigmoid with cross-entropy, the derivative with respect to the
    logit collapses to a difference:

    .. math:: dZ = A - Y, \qquad dw = \frac{1}{m} X\, dZ^T, \qquad
              db = \frac{1}{m} \sum_{i=1}^{m} dZ^{(i)}

    Course 1, Week 2.
    """
    dZ, X, w = _read(dZ, cache, "logistic_forward")
    m = X.shape[1]
    dw = X @ dZ.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return w @ dZ, {"dw": dw, "db": db}


def logistic_forward_naive(X, params):
    r"""Loop version of :func:`logistic_forward`, one example at a time.

    Parameters, returns and errors are those of :func:`logistic_forward`.

    Notes
    -----
    For each example :math:`i`:

    .. math:: z^{(i)} = b + \sum_{j=1}^{n_x} w_j x_j^{(i)}

    The double loop runs ``m * n_x`` Python-level multiplications, which is
    what vectorisation removes. Kept as a test oracle and for timing.

    Course 1, Week 2.
    """
    w, b, X = _check_params_and_X(params, X)
    n_x, m = X.shape
    Z = np.empty((1, m), dtype=np.result_type(w, b, X))
    for i in range(m):
        z = b[0, 0]
        for j in range(n_x):
            z += w[j, 0] * X[j, i]
        Z[0, i] = z
    return Z, make_cache("logistic_forward_naive", X=X, w=w)


def logistic_backward_naive(dZ, cache):
    r"""Loop version of :func:`logistic_backward`, one example at a time.

    Parameters, returns and errors are those of :func:`logistic_backward`
    (the cache comes from :func:`logistic_forward_naive`).

    Notes
    -----
    Accumulate each example's contribution, then divide by ``m``:

    .. math:: dw_j \mathrel{+}= x_j^{(i)} dz^{(i)}, \quad
              db \mathrel{+}= dz^{(i)}, \quad dx_j^{(i)} = w_j\, dz^{(i)}

    Course 1, Week 2.
    """
    dZ, X, w = _read(dZ, cache, "logistic_forward_naive")
    n_x, m = X.shape
    dtype = np.result_type(dZ, X)
    dw = np.zeros((n_x, 1), dtype=dtype)
    db = np.zeros((1, 1), dtype=dtype)
    dX = np.zeros((n_x, m), dtype=dtype)
    for i in range(m):
        dz = dZ[0, i]
        for j in range(n_x):
            dw[j, 0] += X[j, i] * dz
            dX[j, i] = w[j, 0] * dz
        db[0, 0] += dz
    return dX, {"dw": dw / m, "db": db / m}


# ---------------------------------------------------------------------------
# Cost, training and prediction
# ---------------------------------------------------------------------------


def logistic_cost(X, params, Y):
    r"""Mean binary cross-entropy of the model on ``(X, Y)``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    params : dict
        ``{"w": (n_x, 1), "b": (1, 1)}``.
    Y : ndarray of shape (1, m)
        Labels, 0 or 1.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If shapes disagree, ``m == 0``, ``X`` is not finite or ``Y`` is not 0/1.

    Notes
    -----
    .. math:: J(w, b) = \frac{1}{m} \sum_{i=1}^{m}
              \mathcal{L}\big(\sigma(w^T x^{(i)} + b), y^{(i)}\big)

    Computed from the logits with
    :func:`dlspec.losses.binary_cross_entropy_with_logits`, so it stays
    finite when the model is very confident. Course 1, Week 2.
    """
    Z, _ = logistic_forward(X, params)
    return binary_cross_entropy_with_logits(Z, Y)


def fit_logistic_regression(
    X, Y, *, learning_rate=0.005, num_iterations=2000, params=None, record_every=100
):
    r"""Train logistic regression with batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Training examples, one per column.
    Y : ndarray of shape (1, m)
        Labels, 0 or 1.
    learning_rate : float, default 0.005
        Step size :math:`\alpha`, must be positive.
    num_iterations : int, default 2000
        Number of gradient steps (0 is allowed and returns the start).
    params : dict, optional
        Starting ``{"w": (n_x, 1), "b": (1, 1)}``; it is not modified. By
        default zeros with the dtype of ``X``.
    record_every : int, default 100
        Record the cost every ``record_every`` iterations.

    Returns
    -------
    params : dict
        New arrays ``{"w": (n_x, 1), "b": (1, 1)}`` after training.
    costs : list of float
        ``costs[k]`` is the cost *before* update number
        ``k * record_every`` (counting from 0), i.e. the cost after
        ``k * record_every`` updates. So ``costs[0]`` is the cost of the
        starting parameters and ``len(costs) == ceil(num_iterations /
        record_every)``; the cost after the last update is not included
        (compute it with :func:`logistic_cost`).

    Raises
    ------
    ValueError
        If shapes disagree, ``m == 0``, ``X`` or ``Y`` holds NaN or infinity,
        ``Y`` is not 0/1, or a hyperparameter is out of range.

    Notes
    -----
    One iteration:

    .. math:: w \leftarrow w - \alpha\, dw, \qquad b \leftarrow b - \alpha\, db

    with ``dw, db`` from :func:`logistic_backward`. The arguments are checked
    once; the loop runs the passes on checked arrays. Course 1, Week 2.
    """
    X = check_data("X", X)
    learning_rate = check_positive("learning_rate", learning_rate)
    num_iterations = check_int("num_iterations", num_iterations, minimum=0)
    record_every = check_int("record_every", record_every)
    if params is None:
        params = initialize_zeros(X.shape[0], dtype=X.dtype)
    w, b, X = _check_params_and_X(params, X)
    Y = check_targets(Y)
    check_shape("Y", Y, (1, "m"))
    check_same_m("X", X, "Y", Y)
    Y = Y.astype(X.dtype, copy=False)
    w, b = w.copy(), b.copy()  # new arrays even when num_iterations == 0

    costs = []
    for i in range(num_iterations):
        Z, cache = _logits(X, w, b)
        if i % record_every == 0:
            costs.append(binary_cross_entropy_with_logits(Z, Y))
        _, grads = logistic_backward(binary_cross_entropy_with_logits_backward(Z, Y), cache)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, costs


def predict_logistic(X, params, threshold=0.5):
    r"""Predict labels: 1 where ``sigmoid(w^T X + b) > threshold``, else 0.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    params : dict
        ``{"w": (n_x, 1), "b": (1, 1)}``.
    threshold : float, default 0.5
        Must lie in [0, 1].

    Returns
    -------
    ndarray of shape (1, m), int64
        0 and 1, like every ``predict`` of dlspec.

    Raises
    ------
    ValueError
        If shapes disagree, ``X`` holds NaN or infinity or ``threshold`` leaves [0, 1].

    Notes
    -----
    .. math:: \hat y^{(i)} = \mathbb{1}\left[\sigma(z^{(i)}) > t\right]

    Course 1, Week 2.
    """
    threshold = check_real("threshold", threshold, 0.0, 1.0)
    Z, _ = logistic_forward(X, params)
    return (sigmoid(Z) > threshold).astype(np.int64)
