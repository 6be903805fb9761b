r"""A deep (L-layer) neural network built from small, reusable blocks.

Course 1, Week 4. With :math:`A^{[0]} = X`, layer :math:`l = 1, \dots, L` computes

.. math:: Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}, \qquad A^{[l]} = g^{[l]}(Z^{[l]})

with ReLU in the hidden layers and a sigmoid output by default: [LINEAR ->
RELU] x (L-1) -> LINEAR -> SIGMOID. Sizes are ``layer_dims = [n_x, n_1, ...,
n_L]``; parameters live in a dict ``{"W1": (n_1, n_x), "b1": (n_1, 1), ...,
"WL": (n_L, n_{L-1}), "bL": (n_L, 1)}``. The blocks and their caches::

    Z, linear_cache = linear_forward(A_prev, W, b)              # (A_prev, W, b)
    A, cache = linear_activation_forward(A_prev, W, b, "relu")  # (linear_cache, Z)
    AL, caches = deep_forward(params, X)                        # [cache_1, ..., cache_L]
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    dA_prev, dW, db = linear_activation_backward(dA, cache, "relu")
    grads = deep_backward(AL, Y, caches)                        # "dW1", "db1", "dA0", ...

Gradient convention (the course's): ``dA`` and ``dZ`` are derivatives of each
example's own loss, ``dW`` and ``db`` those of the mean cost :math:`J`, so the
:math:`1/m` appears only in :func:`linear_backward`. The course uses one output
unit (``n_L = 1``); with more, each is an independent binary classifier and
their costs add up.
"""

import re
from collections.abc import Iterable, Mapping

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
from dlspec.layers import (
    _split_cache,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
)
from dlspec.losses import (
    binary_cross_entropy,
    binary_cross_entropy_backward,
    binary_cross_entropy_with_logits,
)
from dlspec.shallow_network import (
    _activation_pair,
    _check_labels,
    _summed_rows,
)

#: Parameter names of layer l: "W{l}" and "b{l}", l = 1, 2, ...
_LAYER_KEY = re.compile(r"[Wb][1-9][0-9]*")

# --- checks shared by the functions below ----------------------------------------------------


def _check_layer_dims(layer_dims):
    """Return ``layer_dims`` as a list of at least two positive ints."""
    if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Iterable):
        raise TypeError(f"layer_dims must be a list of integers, got {type(layer_dims).__name__}")
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(f"layer_dims must list at least two sizes [n_x, ..., n_L], got {dims}")
    return [check_int(f"layer_dims[{i}]", n) for i, n in enumerate(dims)]


def _check_deep_params(params, X=None):
    """Return ``[(W1, b1), ..., (WL, bL)]`` (and ``X``) after checking that the shapes chain."""
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict with keys W1, b1, ..., got {type(params).__name__}")
    found = [int(k[1:]) for k in params if isinstance(k, str) and _LAYER_KEY.fullmatch(k)]
    if not found:
        raise ValueError(f"params must hold W1, b1, ..., WL, bL, got keys {list(params)}")
    keys = [f"{p}{l}" for l in range(1, max(found) + 1) for p in "Wb"]
    arrays = check_params("params", params, keys)
    layers = list(zip(arrays[0::2], arrays[1::2], strict=True))
    check_shape("W1", layers[0][0], ("n1", "n_x"))
    for l, (W, b) in enumerate(layers, start=1):  # messages are formatted only on failure
        if l > 1:
            prev = layers[l - 2][0]
            hint = lambda: f"to match W{l - 1} of shape {prev.shape}"  # noqa: E731
            check_shape(f"W{l}", W, (f"n{l}", prev.shape[0]), hint=hint)
        check_shape(f"b{l}", b, (W.shape[0], 1), hint=lambda: f"to match W{l} of shape {W.shape}")
    if X is None:
        return layers
    X, W1 = as_float_array("X", X), layers[0][0]
    check_shape("X", X, (W1.shape[1], "m"), hint=lambda: f"to match W1 of shape {W1.shape}")
    return layers, X



def _cost(AL, ZL, Y, output_activation):
    """Mean cross-entropy: from the logits ``ZL`` for a sigmoid output, else from ``AL``."""
    if output_activation == "sigmoid":
        return _summed_rows(binary_cross_entropy_with_logits, ZL, Y)
    return _summed_rows(binary_cross_entropy, AL, Y)


def _check_training_data(X, Y, layer_dims):
    """``X``, ``Y`` as float arrays and the layer sizes, after checking they fit together."""
    X, Y = as_float_array("X", X), as_float_array("Y", Y)
    check_shape("X", X, ("n_x", "m"))
    check_shape("Y", Y, ("n_L", "m"))
    check_same_m("X", X, "Y", Y)
    check_binary("Y", Y)
    dims = _check_layer_dims(layer_dims)
    for i, name, n in ((0, "X", X.shape[0]), (-1, "Y", Y.shape[0])):
        if dims[i] != n:
            raise ValueError(f"layer_dims[{i}] must equal the rows of {name}, {n}, got {dims[i]}")
    return X, Y, dims


# --- initialisation and the building blocks --------------------------------------------------


def initialize_deep(layer_dims, *, rng, method="scaled", dtype=np.float64):
    r"""Random weights and zero biases for an L-layer network.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``: at least two positive sizes.
    rng : numpy.random.Generator
    method : {"scaled", "small"}, default "scaled"
    dtype : float32 or float64, default float64

    Returns
    -------
    dict
        ``{"W1": (n_1, n_x), "b1": (n_1, 1), ..., "WL": (n_L, n_{L-1}), "bL": (n_L, 1)}``.

    Raises
    ------
    ValueError
        If ``layer_dims`` has fewer than two or non-positive sizes, or
        ``method`` is unknown.
    TypeError
        If a size is not an integer, ``rng`` is not a Generator or ``dtype``
        is not a float type.

    Notes
    -----
    .. math:: W^{[l]}_{ij} = \varepsilon_{ij} / \sqrt{n_{l-1}}\ (\text{scaled})
              \ \text{or}\ 0.01\,\varepsilon_{ij}\ (\text{small}), \quad
              \varepsilon_{ij} \sim \mathcal{N}(0, 1), \quad b^{[l]} = 0

    "scaled" keeps the variance of :math:`Z^{[l]}` independent of the width
    of the layer below; "small" shrinks the signal by about
    :math:`0.01\sqrt{n_{l-1}}` per layer, so a deep network starts with
    vanishing activations and gradients. The course's image application
    uses the scaled form (Course 2, Week 1 refines it into He
    initialisation). Draws are float64, then converted to ``dtype``.
    Course 1, Week 4.
    """
    dims = _check_layer_dims(layer_dims)
    check_rng(rng)
    if method not in ("scaled", "small"):
        raise ValueError(f"method must be one of 'scaled', 'small', got {method!r}")
    dtype = check_float_dtype("dtype", dtype)
    params = {}
    for l in range(1, len(dims)):
        scale = 1.0 / np.sqrt(dims[l - 1]) if method == "scaled" else 0.01
        params[f"W{l}"] = (scale * rng.standard_normal((dims[l], dims[l - 1]))).astype(dtype)
        params[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    return params



# --- the whole network -----------------------------------------------------------------------


def deep_forward(params, X, hidden_activation="relu", output_activation="sigmoid"):
    r"""Forward pass of the L-layer network.

    Parameters
    ----------
    params : dict
        ``{"W1": (n_1, n_x), "b1": (n_1, 1), ..., "WL", "bL"}``; ``L`` is the
        largest ``l`` among the keys ``W{l}``, ``b{l}`` (other keys are ignored).
    X : ndarray of shape (n_x, m)
    hidden_activation : {"relu", "sigmoid", "tanh", "leaky_relu"}, default "relu"
        Activation of layers 1 to L-1.
    output_activation : str, default "sigmoid"
        Activation of layer L, same choices.

    Returns
    -------
    AL : ndarray of shape (n_L, m)
    caches : list of L tuples; ``caches[l - 1]`` is layer l's ``((A_prev, W, b), Z)``

    Raises
    ------
    ValueError
        If a parameter is missing (e.g. ``"W3"`` when ``"b3"`` is there), the
        shapes do not chain (``W{l}`` needs ``n_{l-1}`` columns, ``b{l}`` shape
        ``(n_l, 1)``, ``X`` ``n_x`` rows), or an activation is unknown.

    Notes
    -----
    :math:`A^{[0]} = X,\ A^{[l]} = g^{[l]}(W^{[l]} A^{[l-1]} + b^{[l]})`.
    Course 1, Week 4.
    """
    layers, X = _check_deep_params(params, X)
    _activation_pair("hidden_activation", hidden_activation)
    _activation_pair("output_activation", output_activation)
    A, caches = X, []
    for l, (W, b) in enumerate(layers, start=1):
        activation = output_activation if l == len(layers) else hidden_activation
        A, cache = linear_activation_forward(A, W, b, activation)
        caches.append(cache)
    return A, caches


def deep_backward(AL, Y, caches, hidden_activation="relu", output_activation="sigmoid"):
    r"""Backward pass of the L-layer network, from the cost down to ``X``.

    Parameters
    ----------
    AL : ndarray of shape (n_L, m)
        Output of :func:`deep_forward`.
    Y : ndarray of shape (n_L, m)
        True labels, 0 or 1.
    caches : list of tuple
        The caches of :func:`deep_forward`.
    hidden_activation, output_activation : str
        The activations of the forward pass.

    Returns
    -------
    dict
        For ``l = 1, ..., L``: ``"dW{l}"`` (n_l, n_{l-1}), ``"db{l}"`` (n_l, 1)
        and ``"dA{l-1}"`` (n_{l-1}, m); ``"dA0"`` is the gradient for ``X``.

    Raises
    ------
    ValueError
        If shapes disagree, ``Y`` is not 0/1, ``caches`` is empty, an
        activation is unknown, or (non-sigmoid output) ``AL`` leaves [0, 1].
    TypeError
        If ``caches`` is not a list of caches.

    Notes
    -----
    The pass starts from the derivative of the cross-entropy,
    :math:`dA^{[L]} = -(Y / A^{[L]} - (1 - Y) / (1 - A^{[L]}))`
    (:func:`dlspec.losses.binary_cross_entropy_backward`), and runs
    :func:`linear_activation_backward` from layer L down to 1. For a sigmoid
    output (the default) the first step is taken in closed form, since
    :math:`dA^{[L]} \odot \sigma'(Z^{[L]})` simplifies to

    .. math:: dZ^{[L]} = A^{[L]} - Y:

    exact, cheaper, and accurate even when :math:`A^{[L]}` rounds to 0 or 1,
    where the division must clip. Otherwise both routes agree.
    Course 1, Week 4.
    """
    _activation_pair("hidden_activation", hidden_activation)
    _activation_pair("output_activation", output_activation)
    if not isinstance(caches, (list, tuple)):
        raise TypeError(f"caches must be the list of deep_forward, got {type(caches).__name__}")
    if len(caches) == 0:
        raise ValueError("caches must hold one cache per layer, got an empty list")
    AL = as_float_array("AL", AL)
    check_shape("AL", AL, ("n_L", "m"))
    Y = _check_labels(Y, "AL", AL)
    L = len(caches)
    if output_activation == "sigmoid":
        dA_prev, dW, db = linear_backward(AL - Y, _split_cache(caches[-1])[0])
    else:  # the loss backward takes one (1, m) row at a time
        rows = [binary_cross_entropy_backward(AL[k : k + 1], Y[k : k + 1]) for k in range(len(AL))]
        dA_prev, dW, db = linear_activation_backward(np.vstack(rows), caches[-1], output_activation)
    grads = {f"dA{L - 1}": dA_prev, f"dW{L}": dW, f"db{L}": db}
    for l in range(L - 1, 0, -1):
        dA_prev, dW, db = linear_activation_backward(dA_prev, caches[l - 1], hidden_activation)
        grads.update({f"dA{l - 1}": dA_prev, f"dW{l}": dW, f"db{l}": db})
    return grads


def update_parameters(params, grads, learning_rate):
    r"""One gradient descent step; returns new arrays and leaves ``params`` unchanged.

    Parameters
    ----------
    params : dict ``{"W1", "b1", ..., "WL", "bL"}``
    grads : dict
        ``"dW{l}"`` and ``"db{l}"`` of the same shapes, e.g. from
        :func:`deep_backward` (other keys such as ``"dA1"`` are ignored).
    learning_rate : float
        Step size :math:`\alpha`, positive.

    Returns
    -------
    dict
        New ``{"W1", "b1", ..., "WL", "bL"}``.

    Raises
    ------
    ValueError
        If a gradient is missing or misshapen, or ``learning_rate <= 0``.

    Notes
    -----
    :math:`W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]},\
    b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}`. Course 1, Week 4.
    """
    layers = _check_deep_params(params)
    learning_rate = check_positive("learning_rate", learning_rate)
    new = {}
    for l, (W, b) in enumerate(layers, start=1):
        dW, db = check_params("grads", grads, (f"dW{l}", f"db{l}"))
        check_shape(f"grads['dW{l}']", dW, W.shape, hint=f"to match W{l}")
        check_shape(f"grads['db{l}']", db, b.shape, hint=f"to match b{l}")
        new[f"W{l}"], new[f"b{l}"] = W - learning_rate * dW, b - learning_rate * db
    return new


def deep_cost(params, X, Y, hidden_activation="relu", output_activation="sigmoid"):
    r"""Mean binary cross-entropy of the L-layer network on ``(X, Y)``.

    Parameters
    ----------
    params : dict
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_L, m)
        Labels, 0 or 1.
    hidden_activation, output_activation : str

    Returns
    -------
    float

    Raises
    ------
    ValueError
        As for :func:`deep_forward`, or if ``Y`` is misshapen or not 0/1.

    Notes
    -----
    :math:`J = -\frac{1}{m} \sum_i [y^{(i)} \log a^{[L](i)} + (1 - y^{(i)})
    \log(1 - a^{[L](i)})]`. For a sigmoid output it is computed from the
    logits :math:`Z^{[L]}` (:func:`dlspec.losses.binary_cross_entropy_with_logits`),
    exactly; otherwise from ``AL`` with clipping. Course 1, Week 4.
    """
    AL, caches = deep_forward(params, X, hidden_activation, output_activation)
    return _cost(AL, caches[-1][1], _check_labels(Y, "AL", AL), output_activation)


def fit_deep_network(
    X,
    Y,
    layer_dims,
    *,
    rng,
    learning_rate=0.0075,
    num_iterations=2500,
    record_every=100,
    hidden_activation="relu",
    output_activation="sigmoid",
    init_method="scaled",
):
    r"""Train an L-layer network with batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_L, m)
        Labels, 0 or 1.
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``, matching the rows of ``X`` and ``Y``.
    rng : numpy.random.Generator
        Draws the starting weights.
    learning_rate, num_iterations, record_every : float, int, int
        As in :func:`dlspec.logistic_regression.fit_logistic_regression`.
    hidden_activation, output_activation : str, default "relu", "sigmoid"
    init_method : {"scaled", "small"}, default "scaled"
        ``method`` of :func:`initialize_deep`.

    Returns
    -------
    params : dict ``{"W1", "b1", ..., "WL", "bL"}`` in the dtype of ``X``
    costs : list of float
        ``costs[k]`` is the cost after ``k * record_every`` updates;
        ``len(costs) == ceil(num_iterations / record_every)``.

    Raises
    ------
    ValueError
        If ``layer_dims`` does not fit ``X`` and ``Y``, ``Y`` is not 0/1, or a
        hyperparameter is out of range.

    Notes
    -----
    Each iteration chains :func:`deep_forward`, :func:`deep_backward` and
    :func:`update_parameters`. Course 1, Week 4.
    """
    X, Y, dims = _check_training_data(X, Y, layer_dims)
    learning_rate = check_positive("learning_rate", learning_rate)
    num_iterations = check_int("num_iterations", num_iterations, minimum=0)
    record_every = check_int("record_every", record_every)
    _activation_pair("hidden_activation", hidden_activation)
    _activation_pair("output_activation", output_activation)
    params = initialize_deep(dims, rng=rng, method=init_method, dtype=X.dtype)
    Y = Y.astype(X.dtype, copy=False)
    costs = []
    for i in range(num_iterations):
        AL, caches = deep_forward(params, X, hidden_activation, output_activation)
        if i % record_every == 0:
            costs.append(_cost(AL, caches[-1][1], Y, output_activation))
        grads = deep_backward(AL, Y, caches, hidden_activation, output_activation)
        params = update_parameters(params, grads, learning_rate)
    return params, costs


def predict_deep(params, X, hidden_activation="relu", output_activation="sigmoid", threshold=0.5):
    r"""Predict labels: 1.0 where the network's output exceeds ``threshold``, else 0.0.

    Parameters
    ----------
    params : dict
    X : ndarray of shape (n_x, m)
    hidden_activation, output_activation : str
        The activations the network was trained with.
    threshold : float, default 0.5
        In [0, 1].

    Returns
    -------
    ndarray of shape (n_L, m)
        0.0 and 1.0, in the dtype of ``X`` (float64 for integer ``X``).

    Notes
    -----
    :math:`\hat y^{(i)} = \mathbb{1}[a^{[L](i)} > t]`. Course 1, Week 4.
    """
    threshold = check_real("threshold", threshold, 0.0, 1.0)
    X = as_float_array("X", X)
    AL, _ = deep_forward(params, X, hidden_activation, output_activation)
    return (AL > threshold).astype(X.dtype)
