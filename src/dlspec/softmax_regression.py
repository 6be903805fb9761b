r"""Multi-class classification: one-hot labels, softmax cross-entropy, a softmax network.

Course 2, Week 3. With ``C`` classes the output layer has ``C`` units and the
softmax (:func:`dlspec.activations.softmax`) turns its logits :math:`Z^{[L]}`
into a probability for each class; labels become one-hot columns::

    Y = one_hot(labels, C)                     # labels (m,) or (1, m) -> Y (C, m)
    J = softmax_cross_entropy(ZL, Y)           # mean over the m examples
    dZL = softmax_cross_entropy_backward(ZL, Y)

    params, costs = fit_softmax_network(X, labels, [n_x, 64, C], rng=rng)
    predictions = predict_softmax_network(params, X)    # (1, m) int labels

The network is [LINEAR -> RELU] x (L-1) -> LINEAR -> SOFTMAX: the arithmetic of
the blocks of :mod:`dlspec.layers` (tests check they agree), with the parameter
dict and the caches of :mod:`dlspec.deep_network`. Its two passes check the
shapes once per call rather than once per layer, since training calls them
thousands of times. Gradient convention as there: ``dZL`` is per example,
``dW`` and ``db`` carry the :math:`1/m` (in :func:`dlspec.layers.linear_backward`).
With ``C = 2`` softmax regression is
logistic regression: :math:`\mathrm{softmax}(z_1, z_2)_1 = \sigma(z_1 - z_2)`.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_binary,
    check_float_dtype,
    check_int,
    check_positive,
    check_same_m,
    check_shape,
)
from dlspec.activations import softmax
from dlspec.deep_network import _check_deep_params, _check_layer_dims, initialize_deep
from dlspec.layers import _split_cache


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


def _check_one_hot(Z, Y, name="Z"):
    """Return ``Z`` (C, m) with ``m >= 1`` and one-hot ``Y`` of its shape, in Z's dtype."""
    Z, Y = as_float_array(name, Z), as_float_array("Y", Y)
    check_shape(name, Z, ("C", "m"))
    check_shape("Y", Y, Z.shape, hint=lambda: f"to match {name} of shape {Z.shape}")
    if Z.shape[1] == 0:
        raise ValueError("the cost needs at least one example, got m = 0")
    return Z, _check_columns_one_hot(Y).astype(Z.dtype, copy=False)


def _check_columns_one_hot(Y):
    """Return ``Y`` after checking that each of its columns is one-hot."""
    check_binary("Y", Y)
    if not np.all(Y.sum(axis=0) == 1):
        raise ValueError("Y must be one-hot: exactly one 1 per column (see one_hot)")
    return Y


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
        If the shapes differ, ``m == 0`` or ``Y`` is not one-hot.

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
    Z, Y = _check_one_hot(Z, Y)
    m = Z.shape[1]
    top = np.argmax(Z, axis=0)
    shifted = Z - Z[top, np.arange(m)]  # <= 0, and exactly 0 at each column's maximum
    others = np.exp(shifted)
    others[top, np.arange(m)] = 0.0
    losses = np.log1p(np.sum(others, axis=0)) - np.sum(Y * shifted, axis=0)
    return float(np.sum(losses) / m)


def softmax_cross_entropy_backward(Z, Y):
    r"""Gradient of the per-example softmax cross-entropy with respect to the logits.

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

    the same form as the sigmoid output's :math:`A - Y`. It is the
    derivative of each example's own loss, with no :math:`1/m`: the
    :math:`1/m` of the mean cost is applied in
    :func:`dlspec.layers.linear_backward`. Course 2, Week 3.
    """
    Z, Y = _check_one_hot(Z, Y)
    return softmax(Z, axis=0) - Y


def _as_targets(labels_or_Y, num_classes, dtype):
    """Return one-hot ``Y`` (C, m) from integer labels, or check a given one-hot ``Y``."""
    arr = np.asarray(labels_or_Y)
    if arr.dtype.kind in "iu" and (arr.ndim == 1 or (arr.ndim == 2 and arr.shape[0] == 1)):
        return one_hot(arr, num_classes, dtype=dtype)
    Y = as_float_array("Y", arr)
    check_shape("Y", Y, (num_classes, "m"), hint=f"for {num_classes} classes")
    return _check_columns_one_hot(Y).astype(dtype, copy=False)


def softmax_network_forward(params, X):
    r"""Forward pass: ReLU hidden layers, then a linear layer and the softmax.

    Parameters
    ----------
    params : dict
        ``{"W1", "b1", ..., "WL", "bL"}`` as in :mod:`dlspec.deep_network`,
        ``WL`` of shape ``(C, n_{L-1})``.
    X : ndarray of shape (n_x, m)

    Returns
    -------
    AL : ndarray of shape (C, m)
        Class probabilities; each column sums to 1.
    caches : list of L tuples ``(linear_cache, Z)``
        As from :func:`dlspec.deep_network.deep_forward`.

    Raises
    ------
    ValueError
        If a parameter is missing or the shapes do not chain.

    Notes
    -----
    :math:`A^{[l]} = \mathrm{ReLU}(W^{[l]} A^{[l-1]} + b^{[l]})` for
    :math:`l < L`, :math:`A^{[L]} = \mathrm{softmax}(W^{[L]} A^{[L-1]} + b^{[L]})`:
    the arithmetic of :func:`dlspec.layers.linear_activation_forward`, with the
    shapes checked once for the whole network instead of once per layer.
    Course 2, Week 3.
    """
    layers, X = _check_deep_params(params, X)
    A, caches = X, []
    for l, (W, b) in enumerate(layers, start=1):
        # linear_forward and relu_forward of dlspec.layers, without checking each layer
        # again: _check_deep_params has checked that all the shapes chain.
        Z = W @ A
        Z += b
        caches.append(((A, W, b), Z))
        if l < len(layers):
            A = np.maximum(Z, 0.0)
    return softmax(Z, axis=0), caches


def softmax_network_backward(AL, Y, caches, *, need_dA0=True):
    r"""Backward pass of the softmax network, from the cost down to ``X``.

    Parameters
    ----------
    AL : ndarray of shape (C, m)
        Output of :func:`softmax_network_forward`.
    Y : ndarray of shape (C, m)
        One-hot labels.
    caches : list of tuple
        The caches of :func:`softmax_network_forward`.
    need_dA0 : bool, default True
        False skips the gradient with respect to the input ``X``.

    Returns
    -------
    dict
        ``"dW{l}"``, ``"db{l}"`` and ``"dA{l-1}"`` for ``l = 1, ..., L``, as
        from :func:`dlspec.deep_network.deep_backward`; without ``"dA0"`` when
        ``need_dA0=False`` (training never needs it; skipping it saves a matrix product).

    Raises
    ------
    ValueError
        If shapes disagree, ``Y`` is not one-hot or ``caches`` is empty.
    TypeError
        If ``caches`` is not a list of caches.

    Notes
    -----
    :math:`dZ^{[L]} = A^{[L]} - Y` (:func:`softmax_cross_entropy_backward`,
    from the probabilities already computed), then the steps of
    :func:`dlspec.layers.linear_backward` and, below each ReLU layer,
    :func:`dlspec.activations.relu_backward`, down to layer 1. The caches are
    checked once, up front, not again in every layer. Course 2, Week 3.
    """
    layers = _check_caches(caches)
    AL, Y = _check_one_hot(AL, Y, "AL")
    check_shape("AL", AL, (layers[-1][1].shape[0], layers[-1][0].shape[1]), hint="to match caches")
    m, grads = AL.shape[1], {}
    dZ = AL - Y
    for l in range(len(layers), 0, -1):
        # linear_backward and relu_backward of dlspec.layers, the shapes checked once above.
        A_prev, W, _ = layers[l - 1]
        if l > 1 or need_dA0:
            grads[f"dA{l - 1}"] = dA_prev = W.T @ dZ
        dZ /= m  # in place: dZ is this function's own array, not needed per example any more
        grads[f"dW{l}"] = dZ @ A_prev.T
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
        if l > 1:
            dZ = dA_prev * (layers[l - 2][2] > 0)
    return grads


def _check_caches(caches):
    """``[(A_prev, W, Z), ...]`` from the caches of :func:`softmax_network_forward`, checked."""
    if not isinstance(caches, (list, tuple)):
        raise TypeError(f"caches must be the list of the forward pass, got {type(caches).__name__}")
    if len(caches) == 0:
        raise ValueError("caches must hold one cache per layer, got an empty list")
    layers = []
    for l, cache in enumerate(caches, start=1):
        linear_cache, Z = _split_cache(cache)
        if not isinstance(linear_cache, (tuple, list)) or len(linear_cache) != 3:
            raise TypeError(f"caches[{l - 1}] must be ((A_prev, W, b), Z), got {cache!r:.80}")
        A_prev = as_float_array("A_prev", linear_cache[0])
        W, Z = as_float_array("W", linear_cache[1]), as_float_array("Z", Z)
        where = f"caches[{l - 1}]"
        check_shape(f"{where} W", W, ("n_l", "n_prev"))
        check_shape(f"{where} A_prev", A_prev, (W.shape[1], "m"), hint="to match its W")
        check_shape(f"{where} Z", Z, (W.shape[0], A_prev.shape[1]), hint="to match its W, A_prev")
        if layers:
            below = layers[-1][2].shape
            check_shape(f"{where} A_prev", A_prev, below, hint="to match the Z of the layer below")
        layers.append((A_prev, W, Z))
    return layers


def softmax_network_cost(params, X, labels_or_Y):
    r"""Mean softmax cross-entropy of the network on ``(X, labels)``.

    Parameters
    ----------
    params : dict
    X : ndarray of shape (n_x, m)
    labels_or_Y : ndarray
        Integer labels of shape (m,) or (1, m), or one-hot ``Y`` of shape (C, m).

    Returns
    -------
    float

    Notes
    -----
    :func:`softmax_cross_entropy` of the logits :math:`Z^{[L]}` (not of
    :math:`A^{[L]}`, which could round to 0). Course 2, Week 3.
    """
    AL, caches = softmax_network_forward(params, X)
    return softmax_cross_entropy(caches[-1][1], _as_targets(labels_or_Y, AL.shape[0], AL.dtype))


def fit_softmax_network(
    X,
    labels_or_Y,
    layer_dims,
    *,
    rng,
    learning_rate=0.1,
    num_iterations=1000,
    record_every=100,
    optimizer=None,
):
    r"""Train a softmax classifier with ReLU hidden layers by batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    labels_or_Y : ndarray
        Integer labels (m,) or (1, m) in ``0..C-1``, or one-hot ``Y`` (C, m).
    layer_dims : list of int
        ``[n_x, n_1, ..., C]``, ``C >= 2``; ``[n_x, C]`` is plain softmax regression.
    rng : numpy.random.Generator
        Draws the starting weights (:func:`dlspec.deep_network.initialize_deep`, "scaled").
    learning_rate : float, default 0.1
        Used only when ``optimizer`` is None.
    num_iterations, record_every : int, default 1000, 100
    optimizer : object, optional
        Anything with ``step(params, grads) -> new params``, ``grads`` holding
        ``"dW{l}"`` and ``"db{l}"`` (e.g. an Adam optimiser). None: plain
        gradient descent, :math:`W \leftarrow W - \alpha\, dW`.

    Returns
    -------
    params : dict ``{"W1", "b1", ..., "WL", "bL"}`` in the dtype of ``X``
    costs : list of float
        The cost before updates ``0, record_every, 2 record_every, ...``.

    Raises
    ------
    ValueError
        If ``layer_dims`` does not fit ``X`` and the labels, or a
        hyperparameter is out of range.

    Notes
    -----
    Each iteration chains :func:`softmax_network_forward`,
    :func:`softmax_network_backward` and the update (the optimiser's
    ``step``, or gradient descent). Course 2, Week 3.
    """
    X = as_float_array("X", X)
    check_shape("X", X, ("n_x", "m"))
    dims = _check_layer_dims(layer_dims)
    if dims[0] != X.shape[0]:
        raise ValueError(f"layer_dims[0] must equal the rows of X, {X.shape[0]}, got {dims[0]}")
    if dims[-1] < 2:
        raise ValueError(f"layer_dims[-1] (the number of classes) must be >= 2, got {dims[-1]}")
    Y = _as_targets(labels_or_Y, dims[-1], X.dtype)
    check_same_m("X", X, "Y", Y)
    if optimizer is None:
        learning_rate = check_positive("learning_rate", learning_rate)
    elif not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, got {optimizer!r}")
    num_iterations = check_int("num_iterations", num_iterations, minimum=0)
    record_every = check_int("record_every", record_every)
    params = initialize_deep(dims, rng=rng, dtype=X.dtype)
    costs = []
    for i in range(num_iterations):
        AL, caches = softmax_network_forward(params, X)
        if i % record_every == 0:
            costs.append(softmax_cross_entropy(caches[-1][1], Y))
        grads = softmax_network_backward(AL, Y, caches)
        grads = {k: v for k, v in grads.items() if not k.startswith("dA")}
        if optimizer is None:
            params = {k: v - learning_rate * grads["d" + k] for k, v in params.items()}
        else:
            params = optimizer.step(params, grads)
    return params, costs


def predict_softmax_network(params, X):
    r"""Predicted class of each example: the row of the largest output.

    Parameters
    ----------
    params : dict
    X : ndarray of shape (n_x, m)

    Returns
    -------
    ndarray of shape (1, m)
        int64 labels in ``0..C-1``.

    Notes
    -----
    :math:`\hat y^{(i)} = \arg\max_k z^{[L](i)}_k`: the softmax is
    increasing, so the logits give the same answer as the probabilities.
    Course 2, Week 3.
    """
    _, caches = softmax_network_forward(params, X)
    return np.argmax(caches[-1][1], axis=0).astype(np.int64).reshape(1, -1)
