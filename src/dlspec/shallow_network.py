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

The two passes are written out equation by equation, as the week derives them,
in dlspec's one convention (see :mod:`dlspec`): the forward pass returns the
logits :math:`Z^{[2]}` and a cache that records the hidden activation::

    Z2, cache = shallow_forward(X, params, "tanh")
    dZ2 = binary_cross_entropy_with_logits_backward(Z2, Y)  # A2 - Y
    dX, grads = shallow_backward(dZ2, cache)                # "dW1", "db1", "dW2", "db2"

To *train* the network, use the one training loop, :func:`dlspec.training.fit`,
with ``dense_network([n_x, n_h, n_y], hidden="tanh")`` of :mod:`dlspec.network`:
the same model, built from blocks; the tests check that both give the same numbers.
"""


import numpy as np

from dlspec._validate import (
    check_data,
    check_float_dtype,
    check_int,
    check_params,
    check_real,
    check_rng,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.activations import ACTIVATIONS, check_activation


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


def shallow_forward(X, params, hidden_activation="tanh"):
    r"""Forward pass of the one-hidden-layer network, up to the output logits.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        One example per column.
    params : dict
        ``{"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}``.
    hidden_activation : {"tanh", "relu", "sigmoid", "leaky_relu"}, default "tanh"

    Returns
    -------
    Z2 : ndarray of shape (n_y, m)
        Output logits; the probabilities are :math:`A^{[2]} = \sigma(Z^{[2]})`.
    cache : dict
        ``X``, ``Z1``, ``A1``, ``W2`` and the hidden activation's name, for
        :func:`shallow_backward`.

    Raises
    ------
    ValueError
        If a key is missing, the shapes disagree, ``X`` has no column (m = 0) or
        holds NaN or infinity, or ``hidden_activation`` is not one of the four names.

    Notes
    -----
    .. math:: Z^{[1]} = W^{[1]} X + b^{[1]}, \quad A^{[1]} = g(Z^{[1]}), \quad
              Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}

    The biases are broadcast across the ``m`` columns. Course 1, Week 3.
    """
    W1, b1, W2, b2 = check_params("params", params, ("W1", "b1", "W2", "b2"))
    check_shape("W1", W1, ("n_h", "n_x"))
    hint1 = f"to match W1 of shape {W1.shape}"
    check_shape("b1", b1, (W1.shape[0], 1), hint=hint1)
    check_shape("W2", W2, ("n_y", W1.shape[0]), hint=hint1)
    check_shape("b2", b2, (W2.shape[0], 1), hint=f"to match W2 of shape {W2.shape}")
    X = check_data("X", X, rows=W1.shape[1], hint=hint1)  # m = 0 would divide by 0 backwards
    g, _ = ACTIVATIONS[check_activation("hidden_activation", hidden_activation)]

    Z1 = W1 @ X + b1
    A1 = g(Z1)
    Z2 = W2 @ A1 + b2
    cache = make_cache(
        "shallow_forward", X=X, Z1=Z1, A1=A1, W1=W1, W2=W2, hidden_activation=hidden_activation
    )
    return Z2, cache


def shallow_backward(dZ2, cache):
    r"""Backward pass: gradients of the mean cost from the gradient of the logits.

    Parameters
    ----------
    dZ2 : ndarray of shape (n_y, m)
        Gradient of each example's loss with respect to ``Z2``; for the
        cross-entropy, :math:`A^{[2]} - Y`.
    cache : dict
        From :func:`shallow_forward` (it records the hidden activation, so
        none is passed here).

    Returns
    -------
    dX : ndarray of shape (n_x, m)
    grads : dict
        ``{"dW1": (n_h, n_x), "db1": (n_h, 1), "dW2": (n_y, n_h), "db2": (n_y, 1)}``.

    Raises
    ------
    ValueError
        If ``dZ2`` does not have the shape of ``Z2``.
    TypeError
        If ``cache`` was not made by :func:`shallow_forward`.

    Notes
    -----
    .. math:: dZ^{[2]} = A^{[2]} - Y, \quad dW^{[2]} = \tfrac{1}{m}\, dZ^{[2]} A^{[1]T},
              \quad db^{[2]} = \tfrac{1}{m} \textstyle\sum_i dZ^{[2](i)}

    .. math:: dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot g'(Z^{[1]}), \quad
              dW^{[1]} = \tfrac{1}{m}\, dZ^{[1]} X^T, \quad
              db^{[1]} = \tfrac{1}{m} \textstyle\sum_i dZ^{[1](i)}

    The sums run over the columns (``keepdims`` keeps ``db`` a column). For
    tanh, :math:`g'(Z^{[1]}) = 1 - (A^{[1]})^2`. Course 1, Week 3.
    """
    keys = ("X", "Z1", "A1", "W1", "W2", "hidden_activation")
    X, Z1, A1, W1, W2, activation = read_cache(cache, "shallow_forward", keys)
    m = X.shape[1]
    dZ2 = check_upstream("dZ2", dZ2, (W2.shape[0], m), "shallow_forward")
    _, activation_backward = ACTIVATIONS[activation]

    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = activation_backward(W2.T @ dZ2, Z1)  # (W2^T dZ2) * g'(Z1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    dX = W1.T @ dZ1
    return dX, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
