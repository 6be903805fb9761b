r"""A neural network with one hidden layer (a "shallow" network).

Course 1, Week 3. Each example (a column of ``X``) goes through a hidden
layer of ``n_h`` units and an output layer of sigmoid units:

.. math:: Z^{[1]} = W^{[1]} X + b^{[1]}, \quad A^{[1]} = g(Z^{[1]}), \quad
          Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \quad A^{[2]} = \sigma(Z^{[2]})

The hidden activation ``g`` is tanh by default; ReLU, sigmoid and leaky
ReLU are available for comparison. Parameters live in a dict::

    {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}

The course's binary classifier has ``n_y = 1``. With ``n_y > 1`` every
output unit is an independent binary classifier (``Y`` has shape
``(n_y, m)``) and their cross-entropies add up.

Unlike logistic regression, the weights must start random: if all hidden
units start equal, they receive equal gradients and stay equal forever.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_binary,
    check_float_dtype,
    check_int,
    check_params,
    check_positive,
    check_real,
    check_rng,
    check_same_m,
    check_shape,
)
from dlspec import activations as act
from dlspec.losses import binary_cross_entropy_with_logits

#: Activation name -> (forward, backward) pair of dlspec.activations (also used by deep_network).
_ACTIVATION_PAIRS = {
    "tanh": (act.tanh_forward, act.tanh_backward),
    "relu": (act.relu_forward, act.relu_backward),
    "sigmoid": (act.sigmoid_forward, act.sigmoid_backward),
    "leaky_relu": (act.leaky_relu_forward, act.leaky_relu_backward),
}

_PARAM_KEYS = ("W1", "b1", "W2", "b2")

# --- checks shared by the functions below (and by dlspec.deep_network) -----------------------


def _activation_pair(name, activation):
    """Return the ``(forward, backward)`` pair called ``activation``."""
    if not isinstance(activation, str) or activation not in _ACTIVATION_PAIRS:
        choices = ", ".join(repr(k) for k in _ACTIVATION_PAIRS)
        raise ValueError(f"{name} must be one of {choices}, got {activation!r}")
    return _ACTIVATION_PAIRS[activation]


def _check_labels(Y, name_a, A):
    """Return 0/1 labels ``Y`` of ``A``'s shape, cast to ``A``'s dtype."""
    Y = as_float_array("Y", Y)
    check_shape("Y", Y, (A.shape[0], "m"), hint=f"to match {name_a} of shape {A.shape}")
    check_same_m(name_a, A, "Y", Y)
    check_binary("Y", Y)
    return Y.astype(A.dtype, copy=False)


def _summed_rows(loss, A, Y):
    """Sum ``loss(row of A, row of Y)`` over the output units (one row when n_y = 1)."""
    return float(sum(loss(A[k : k + 1], Y[k : k + 1]) for k in range(A.shape[0])))


def _check_params_and_X(params, X):
    """Return ``W1, b1, W2, b2, X`` as arrays after checking that their shapes agree."""
    W1, b1, W2, b2 = check_params("params", params, _PARAM_KEYS)
    X = as_float_array("X", X)
    check_shape("W1", W1, ("n_h", "n_x"))
    hint1 = f"to match W1 of shape {W1.shape}"
    check_shape("b1", b1, (W1.shape[0], 1), hint=hint1)
    check_shape("W2", W2, ("n_y", W1.shape[0]), hint=hint1)
    check_shape("b2", b2, (W2.shape[0], 1), hint=f"to match W2 of shape {W2.shape}")
    check_shape("X", X, (W1.shape[1], "m"), hint=hint1)
    return W1, b1, W2, b2, X


# --- the two passes, unchecked: callers check their arguments once, then call these ----------


def _forward(W1, b1, W2, b2, X, hidden_forward):
    Z1 = W1 @ X + b1
    A1, _ = hidden_forward(Z1)
    Z2 = W2 @ A1 + b2
    A2 = act.sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _backward(W2, X, Z1, A1, A2, Y, hidden_backward):
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = hidden_backward(W2.T @ dZ2, Z1)  # (W2^T dZ2) * g'(Z1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


# --- public API ------------------------------------------------------------------------------


def initialize_shallow(n_x, n_h, n_y=1, *, rng, scale=0.01, dtype=np.float64):
    r"""Small random weights and zero biases for a one-hidden-layer network.

    Parameters
    ----------
    n_x, n_h, n_y : int
        Sizes of the input, hidden and output layers (``n_y = 1`` for a
        binary classifier).
    rng : numpy.random.Generator
        Draws the weights.
    scale : float, default 0.01
        Standard deviation of the weights, >= 0. ``scale=0`` starts every
        hidden unit equal, which shows the symmetry problem.
    dtype : float32 or float64, default float64

    Returns
    -------
    dict
        ``{"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}``.

    Raises
    ------
    ValueError
        If a size is not positive or ``scale`` is negative.
    TypeError
        If a size is not an integer, ``rng`` not a Generator or ``dtype`` not a float type.

    Notes
    -----
    :math:`W^{[l]}_{ij} \sim \mathcal{N}(0, \mathrm{scale}^2),\ b^{[l]} = 0`. Random
    weights break the symmetry between hidden units; small ones keep tanh
    and sigmoid away from their flat tails, where gradients vanish. Draws
    are float64, then converted to ``dtype``. Course 1, Week 3.
    """
    n_x, n_h, n_y = (check_int(k, v) for k, v in (("n_x", n_x), ("n_h", n_h), ("n_y", n_y)))
    check_rng(rng)
    scale = check_real("scale", scale, low=0.0)
    dtype = check_float_dtype("dtype", dtype)
    return {
        "W1": (scale * rng.standard_normal((n_h, n_x))).astype(dtype),
        "b1": np.zeros((n_h, 1), dtype=dtype),
        "W2": (scale * rng.standard_normal((n_y, n_h))).astype(dtype),
        "b2": np.zeros((n_y, 1), dtype=dtype),
    }


def shallow_forward(params, X, hidden_activation="tanh"):
    r"""Forward pass of the one-hidden-layer network.

    Parameters
    ----------
    params : dict
        ``{"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}``.
    X : ndarray of shape (n_x, m)
        One example per column.
    hidden_activation : {"tanh", "relu", "sigmoid", "leaky_relu"}, default "tanh"

    Returns
    -------
    A2 : ndarray of shape (n_y, m)
        Output probabilities (float32 if everything is float32).
    cache : dict
        ``{"X", "Z1": (n_h, m), "A1": (n_h, m), "Z2": (n_y, m), "A2": (n_y, m),
        "hidden_activation": str}``, for :func:`shallow_backward` and a stable cost.

    Raises
    ------
    ValueError
        If a key is missing, the shapes disagree, or ``hidden_activation``
        is not one of the four names.

    Notes
    -----
    .. math:: Z^{[1]} = W^{[1]} X + b^{[1]}, \quad A^{[1]} = g(Z^{[1]}), \quad
              Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \quad A^{[2]} = \sigma(Z^{[2]})

    The biases are broadcast across the ``m`` columns. Course 1, Week 3.
    """
    W1, b1, W2, b2, X = _check_params_and_X(params, X)
    hidden_forward, _ = _activation_pair("hidden_activation", hidden_activation)
    A2, cache = _forward(W1, b1, W2, b2, X, hidden_forward)
    cache["hidden_activation"] = hidden_activation
    return A2, cache


def shallow_backward(params, cache, Y):
    r"""Backward pass: gradients of the mean cross-entropy.

    Parameters
    ----------
    params : dict
        The parameters used by :func:`shallow_forward`.
    cache : dict
        The cache returned by :func:`shallow_forward` (it records the
        hidden activation, so none is passed here).
    Y : ndarray of shape (n_y, m)
        True labels, 0 or 1.

    Returns
    -------
    dict
        ``{"dW1": (n_h, n_x), "db1": (n_h, 1), "dW2": (n_y, n_h), "db2": (n_y, 1)}``.

    Raises
    ------
    ValueError
        If shapes disagree, ``Y`` is not 0/1, ``m == 0``, or ``cache`` lacks
        a key.

    Notes
    -----
    .. math:: dZ^{[2]} = A^{[2]} - Y, \quad dW^{[2]} = \tfrac{1}{m}\, dZ^{[2]} A^{[1]T},
              \quad db^{[2]} = \tfrac{1}{m} \textstyle\sum_i dZ^{[2](i)}

    .. math:: dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot g'(Z^{[1]}), \quad
              dW^{[1]} = \tfrac{1}{m}\, dZ^{[1]} X^T, \quad
              db^{[1]} = \tfrac{1}{m} \textstyle\sum_i dZ^{[1](i)}

    The sums run over the columns (``keepdims`` keeps ``db`` a column). For
    tanh, :math:`g'(Z^{[1]}) = 1 - (A^{[1]})^2`; here every activation goes
    through its ``*_backward`` function of :mod:`dlspec.activations`.
    Course 1, Week 3.
    """
    X, Z1, A1, A2 = check_params("cache", cache, ("X", "Z1", "A1", "A2"))
    if "hidden_activation" not in cache:
        raise ValueError(
            "cache is missing key 'hidden_activation'; pass the cache returned by shallow_forward"
        )
    _, hidden_backward = _activation_pair("cache['hidden_activation']", cache["hidden_activation"])
    W1, _, W2, _, X = _check_params_and_X(params, X)
    n_h, n_y, m = W1.shape[0], W2.shape[0], X.shape[1]
    hint = f"to match W1 of shape {W1.shape}, W2 of shape {W2.shape} and X of shape {X.shape}"
    check_shape("cache['Z1']", Z1, (n_h, m), hint=hint)
    check_shape("cache['A1']", A1, (n_h, m), hint=hint)
    check_shape("cache['A2']", A2, (n_y, m), hint=hint)
    if m == 0:
        raise ValueError("shallow_backward needs at least one example, got m = 0")
    Y = _check_labels(Y, "A2", A2)
    return _backward(W2, X, Z1, A1, A2, Y, hidden_backward)


def shallow_cost(params, X, Y, hidden_activation="tanh"):
    r"""Mean binary cross-entropy of the network on ``(X, Y)``.

    Parameters
    ----------
    params : dict
        ``{"W1", "b1", "W2", "b2"}`` as in :func:`shallow_forward`.
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_y, m)
        Labels, 0 or 1.
    hidden_activation : str, default "tanh"

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If shapes disagree or ``Y`` is not 0/1.

    Notes
    -----
    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m} \left[ y^{(i)} \log a^{[2](i)}
              + (1 - y^{(i)}) \log(1 - a^{[2](i)}) \right]

    Computed from the logits :math:`Z^{[2]}` with
    :func:`dlspec.losses.binary_cross_entropy_with_logits`, so it stays
    finite and accurate however confident the network is. With ``n_y > 1``
    the costs of the output units are added. Course 1, Week 3.
    """
    A2, cache = shallow_forward(params, X, hidden_activation)
    Y = _check_labels(Y, "A2", A2)
    return _summed_rows(binary_cross_entropy_with_logits, cache["Z2"], Y)


def fit_shallow_network(
    X,
    Y,
    n_h,
    *,
    rng,
    learning_rate=1.2,
    num_iterations=10000,
    hidden_activation="tanh",
    record_every=1000,
):
    r"""Train a one-hidden-layer network with batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_y, m)
        Labels, 0 or 1 (``n_y = 1`` for a binary classifier).
    n_h : int
        Number of hidden units.
    rng : numpy.random.Generator
        Draws the starting weights (:func:`initialize_shallow`).
    learning_rate, num_iterations : float, int, default 1.2, 10000
        Step size :math:`\alpha` (positive) and number of gradient steps
        (0 returns the starting parameters).
    hidden_activation : {"tanh", "relu", "sigmoid", "leaky_relu"}, default "tanh"
    record_every : int, default 1000
        Record the cost every ``record_every`` iterations.

    Returns
    -------
    params : dict
        ``{"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}``
        in the dtype of ``X``.
    costs : list of float
        As in :func:`dlspec.logistic_regression.fit_logistic_regression`:
        ``costs[k]`` is the cost after ``k * record_every`` updates (``costs[0]``
        about ``log 2``); ``len(costs) == ceil(num_iterations / record_every)``.

    Raises
    ------
    ValueError
        If shapes disagree, ``Y`` is not 0/1, or a hyperparameter is out of range.

    Notes
    -----
    One iteration: forward pass, backward pass, then for every parameter
    :math:`W \leftarrow W - \alpha\, dW,\ b \leftarrow b - \alpha\, db`. The
    starting weights use :func:`initialize_shallow`'s ``scale=0.01``.
    Arguments are checked once; the loop runs the unchecked passes.
    Course 1, Week 3.
    """
    check_rng(rng)
    X = as_float_array("X", X)
    check_shape("X", X, ("n_x", "m"))
    Y = as_float_array("Y", Y)
    check_shape("Y", Y, ("n_y", "m"))
    check_same_m("X", X, "Y", Y)
    check_binary("Y", Y)
    if X.shape[1] == 0:
        raise ValueError("fit_shallow_network needs at least one example, got m = 0")
    n_h = check_int("n_h", n_h)
    learning_rate = check_positive("learning_rate", learning_rate)
    num_iterations = check_int("num_iterations", num_iterations, minimum=0)
    record_every = check_int("record_every", record_every)
    hidden_forward, hidden_backward = _activation_pair("hidden_activation", hidden_activation)
    params = initialize_shallow(X.shape[0], n_h, Y.shape[0], rng=rng, dtype=X.dtype)
    Y = Y.astype(X.dtype, copy=False)

    costs = []
    for i in range(num_iterations):
        A2, cache = _forward(*(params[k] for k in _PARAM_KEYS), X, hidden_forward)
        if i % record_every == 0:
            costs.append(_summed_rows(binary_cross_entropy_with_logits, cache["Z2"], Y))
        grads = _backward(params["W2"], X, cache["Z1"], cache["A1"], A2, Y, hidden_backward)
        params = {k: params[k] - learning_rate * grads["d" + k] for k in _PARAM_KEYS}
    return params, costs


def predict_shallow(params, X, hidden_activation="tanh", threshold=0.5):
    r"""Predict labels: 1.0 where the output probability exceeds ``threshold``, else 0.0.

    Parameters
    ----------
    params : dict
        ``{"W1", "b1", "W2", "b2"}`` as in :func:`shallow_forward`.
    X : ndarray of shape (n_x, m)
    hidden_activation : str, default "tanh"
        The activation the network was trained with.
    threshold : float, default 0.5
        Must lie in [0, 1].

    Returns
    -------
    ndarray of shape (n_y, m)
        0.0 and 1.0, in the dtype of ``X`` (float64 for integer ``X``).

    Raises
    ------
    ValueError
        If shapes disagree or ``threshold`` leaves [0, 1].

    Notes
    -----
    :math:`\hat y^{(i)} = \mathbb{1}[a^{[2](i)} > t]`. Course 1, Week 3.
    """
    threshold = check_real("threshold", threshold, 0.0, 1.0)
    X = as_float_array("X", X)
    A2, _ = shallow_forward(params, X, hidden_activation)
    return (A2 > threshold).astype(X.dtype)
