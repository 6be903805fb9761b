r"""Mini-batches, and the Course 2 training loop that uses them.

Course 2, Week 2. Batch gradient descent looks at all ``m`` examples before
each step; mini-batch gradient descent shuffles the examples once per
*epoch* (one pass over the data) and takes one step per slice of
``batch_size`` of them, so it makes progress long before an epoch ends::

    for epoch in range(num_epochs):
        for X_b, Y_b in random_mini_batches(X, Y, 64, rng=rng):
            ...  # forward, backward, one optimiser step on (X_b, Y_b)

``batch_size = m`` is batch gradient descent (apart from the shuffle),
``batch_size = 1`` stochastic gradient descent. :func:`fit_network` is that
loop for the L-layer network of :mod:`dlspec.deep_network`, with any
optimiser of :mod:`dlspec.optimizers`, an optional learning-rate schedule,
and the L2 and dropout regularisation of :mod:`dlspec.regularization`
(Course 2, Week 1).
"""

from dlspec._validate import (
    as_float_array,
    check_int,
    check_real,
    check_rng,
    check_same_m,
    check_shape,
)
from dlspec.deep_network import _check_training_data
from dlspec.initializers import initialize_parameters
from dlspec.optimizers import GradientDescent
from dlspec.regularization import (
    _check_keep_probs,
    deep_backward_dropout,
    deep_forward_dropout,
    l2_cost,
    l2_gradients,
    l2_penalty,
)
from dlspec.shallow_network import _activation_pair


def random_mini_batches(X, Y, batch_size=64, *, rng):
    r"""Shuffle the examples and cut them into mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one example per column.
    Y : ndarray of shape (n_y, m)
        Labels of the same examples (any values: 0/1 rows, one-hot columns, ...).
    batch_size : int, default 64
        Examples per batch, >= 1; powers of two suit the hardware. Larger
        than ``m`` gives a single batch.
    rng : numpy.random.Generator
        Draws the shuffle (one permutation of ``m`` per call).

    Returns
    -------
    list of tuple ``(X_b, Y_b)``
        ``ceil(m / batch_size)`` pairs of shapes ``(n_x, m_b)`` and ``(n_y, m_b)``;
        every batch has ``batch_size`` columns except possibly the last,
        which holds the ``m mod batch_size`` left over. Column ``j`` of
        ``X_b`` and of ``Y_b`` is the same example.

    Raises
    ------
    ValueError
        If the shapes are not 2-D, the numbers of examples differ, ``m`` is 0,
        or ``batch_size < 1``.
    TypeError
        If ``batch_size`` is not an integer or ``rng`` is not a Generator.

    Notes
    -----
    With a permutation :math:`\pi` of :math:`1, \dots, m` and batch size :math:`b`,

    .. math:: X^{\{t\}} = \big[x^{(\pi(k))}\big]_{k = (t-1)b + 1}^{\min(tb,\, m)},
              \qquad t = 1, \dots, \lceil m / b \rceil,

    and :math:`Y^{\{t\}}` likewise with the same :math:`\pi`, so every
    example appears in exactly one batch, with its own label. Shuffling
    anew each epoch keeps the batches from always grouping the same
    examples. Course 2, Week 2.
    """
    X, Y = as_float_array("X", X), as_float_array("Y", Y)
    check_shape("X", X, ("n_x", "m"))
    check_shape("Y", Y, ("n_y", "m"))
    check_same_m("X", X, "Y", Y)
    batch_size = check_int("batch_size", batch_size)
    check_rng(rng)
    m = X.shape[1]
    if m == 0:
        raise ValueError("random_mini_batches needs at least one example, got m = 0")
    order = rng.permutation(m)
    X, Y = X[:, order], Y[:, order]
    return [(X[:, k : k + batch_size], Y[:, k : k + batch_size]) for k in range(0, m, batch_size)]


def fit_network(
    X,
    Y,
    layer_dims,
    *,
    rng,
    optimizer,
    batch_size=64,
    num_epochs=5000,
    schedule=None,
    lambd=0.0,
    keep_prob=1.0,
    record_every=100,
    hidden_activation="relu",
    init_method="he",
):
    r"""Train an L-layer network with mini-batches, an optimiser and optional regularisation.

    Parameters
    ----------
    X, Y : ndarrays of shapes (n_x, m) and (n_L, m)
        Inputs and 0/1 labels.
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``, matching the rows of ``X`` and ``Y``.
    rng : numpy.random.Generator
        Draws the starting weights, then the shuffles and dropout masks.
    optimizer : GradientDescent, Momentum, RMSprop or Adam
        From :mod:`dlspec.optimizers`. It is ``reset()`` first and holds the
        final state (and learning rate) afterwards.
    batch_size : int or None, default 64
        ``None`` means one batch of all ``m`` examples, unshuffled: plain
        batch gradient descent, as in Course 2, Week 1.
    num_epochs : int, default 5000
        Passes over the data, >= 0.
    schedule : callable, optional
        ``schedule(epoch) -> learning rate``, called at the start of every
        epoch (0, 1, ...), e.g. ``functools.partial(inverse_time_decay, 0.1, 1.0)``.
    lambd : float, default 0.0
        L2 strength :math:`\lambda \ge 0`.
    keep_prob : float or list of float, default 1.0
        Dropout keep probability of the hidden layers, in (0, 1].
    record_every : int, default 100
        Record the cost every this many epochs.
    hidden_activation : str, default "relu"
        The output layer is a sigmoid.
    init_method : {"zeros", "random", "xavier", "he"}, default "he"

    Returns
    -------
    params : dict ``{"W1", "b1", ..., "WL", "bL"}`` in the dtype of ``X``
    costs : list of float
        ``costs[k]`` is the cost of epoch ``k * record_every``: the mean over
        its batches, weighted by their sizes, each taken before its update.

    Raises
    ------
    ValueError
        If ``layer_dims`` does not fit ``X`` and ``Y``, ``Y`` is not 0/1, or a
        setting is out of range.
    TypeError
        If ``optimizer`` is not a dlspec optimiser or ``schedule`` not callable.

    Notes
    -----
    The cost of a batch of :math:`m_b` examples is its mean cross-entropy plus
    the L2 term of the whole training set,
    :math:`\frac{\lambda}{2m}\sum_l \lVert W^{[l]} \rVert_F^2`, so that its
    gradient (:func:`dlspec.regularization.l2_gradients` with the full
    :math:`m`) estimates that of the full cost. With dropout the cost is that
    of the thinned network. Predict with :func:`dlspec.deep_network.predict_deep`.
    Course 2, Week 2.
    """
    X, Y, dims = _check_training_data(X, Y, layer_dims)
    if not isinstance(optimizer, GradientDescent):
        raise TypeError(
            "optimizer must be a dlspec.optimizers object such as Adam(0.01), "
            f"got {type(optimizer).__name__}"
        )
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size)
    num_epochs = check_int("num_epochs", num_epochs, minimum=0)
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the epoch, got {type(schedule).__name__}")
    lambd = check_real("lambd", lambd, low=0.0)
    probs = _check_keep_probs(keep_prob, len(dims) - 1, name="keep_prob")
    record_every = check_int("record_every", record_every)
    _activation_pair("hidden_activation", hidden_activation)
    hidden = hidden_activation

    params = initialize_parameters(dims, method=init_method, rng=rng, dtype=X.dtype)
    Y, m, costs = Y.astype(X.dtype, copy=False), X.shape[1], []
    optimizer.reset()
    for epoch in range(num_epochs):
        if schedule is not None:
            optimizer.learning_rate = schedule(epoch)
        if batch_size is None:
            batches = [(X, Y)]
        else:
            batches = random_mini_batches(X, Y, batch_size, rng=rng)
        total = 0.0
        for X_b, Y_b in batches:
            AL, caches = deep_forward_dropout(params, X_b, probs, rng=rng, hidden_activation=hidden)
            cost = l2_cost(AL, Y_b, params, 0.0, ZL=caches[-1][0][1]) + l2_penalty(params, lambd, m)
            total += cost * X_b.shape[1] / m
            grads = deep_backward_dropout(AL, Y_b, caches, probs, hidden_activation=hidden)
            params = optimizer.step(params, l2_gradients(grads, params, lambd, m))
        if epoch % record_every == 0:
            costs.append(total)
    return params, costs
