r"""Mini-batches, and the one training loop of dlspec.

Course 2, Week 2. Batch gradient descent looks at all ``m`` examples before
each step; mini-batch gradient descent shuffles the examples once per
*epoch* (one pass over the data) and takes one step per slice of
``batch_size`` of them, so it makes progress long before an epoch ends::

    for epoch in range(num_epochs):
        for X_b, Y_b in random_mini_batches(X, Y, 64, rng=rng):
            ...  # forward, backward, one optimiser step on (X_b, Y_b)

``batch_size = m`` is batch gradient descent (apart from the shuffle),
``batch_size = 1`` stochastic gradient descent. :func:`fit` is that loop for any
:class:`dlspec.network.Network`, with any optimiser of :mod:`dlspec.optimizers`
(state kept between steps), an optional learning-rate schedule and L2
regularisation; dropout and batch norm are part of the network::

    net = dense_network([n_x, 20, 1], keep_prob=0.8)
    params, costs = fit(net, X, Y, optimizer=Adam(0.01), num_epochs=100, batch_size=64, rng=rng)
    labels = net.predict(X_test, params)
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_int,
    check_real,
    check_rng,
    check_shape,
)
from dlspec.losses import OUTPUTS
from dlspec.network import Network
from dlspec.optimizers import check_optimizer
from dlspec.regularization import l2_gradients, l2_penalty


def random_mini_batches(X, Y, batch_size=64, *, rng, example_axis=1):
    r"""Shuffle the examples and cut them into mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_x, m), or with the examples on another axis
        Inputs, one example per column (or, e.g., images of shape (m, n_H, n_W, n_C)).
    Y : ndarray of shape (n_y, m)
        Labels of the same examples (any values: 0/1 rows, one-hot columns, ...).
    batch_size : int, default 64
        Examples per batch, >= 1; powers of two suit the hardware. Larger
        than ``m`` gives a single batch.
    rng : numpy.random.Generator
        Draws the shuffle (one permutation of ``m`` per call).
    example_axis : {1, 0}, default 1
        The axis of ``X`` that holds the examples: 1 for columns (Courses 1-2),
        0 for images and sequences (Courses 4-5). ``Y`` always has them as columns.

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
    if isinstance(example_axis, bool) or example_axis not in (0, 1):
        raise ValueError(f"example_axis must be 1 (examples are columns) or 0, got {example_axis!r}")
    check_shape("X", X, ("n_x", "m") if example_axis == 1 else ("m", *[None] * max(X.ndim - 1, 1)))
    check_shape("Y", Y, ("n_y", "m"))
    m = X.shape[example_axis]
    if m != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of examples m, got {m} (X of shape {X.shape}, "
            f"examples on axis {example_axis}) and {Y.shape[1]} (Y of shape {Y.shape})"
        )
    batch_size = check_int("batch_size", batch_size)
    check_rng(rng)
    if m == 0:
        raise ValueError(f"X and Y must hold at least one example (column), got m = 0 (X of shape {X.shape})")
    order = rng.permutation(m)
    X, Y = np.take(X, order, axis=example_axis), Y[:, order]
    return [
        (np.take(X, range(k, min(k + batch_size, m)), axis=example_axis), Y[:, k : k + batch_size])
        for k in range(0, m, batch_size)
    ]


def fit(
    net,
    X,
    Y,
    *,
    rng,
    optimizer,
    num_epochs,
    batch_size=None,
    schedule=None,
    lambd=0.0,
    record_every=1,
    init="he",
    scale=None,
    params=None,
):
    r"""Train a network: mini-batches, an optimiser with state, a schedule, L2, cost recording.

    Parameters
    ----------
    net : dlspec.network.Network
        E.g. ``dense_network([n_x, 20, 1], keep_prob=0.8)``; its dropout and batch norm
        are used in training.
    X : ndarray of shape (n_x, m)
    Y : ndarray
        Sigmoid output: 0/1 labels of shape (n_L, m). Softmax output: one-hot (C, m),
        or integer class labels of shape (m,) or (1, m).
    rng : numpy.random.Generator
        Draws the starting weights, then the shuffles and dropout masks.
    optimizer : GradientDescent, Momentum, RMSprop or Adam
        An *instance* from :mod:`dlspec.optimizers`, e.g. ``Adam(0.01)``. It is
        ``reset()`` first and keeps its final state (and learning rate) afterwards.
    num_epochs : int
        Passes over the data, >= 0. With ``batch_size=None`` an epoch is one step.
    batch_size : int or None, default None
        ``None``: one batch of all ``m`` examples, unshuffled (batch gradient descent).
    schedule : callable, optional
        ``schedule(epoch) -> learning rate``, called at the start of every epoch
        (0, 1, ...), e.g. ``functools.partial(inverse_time_decay, 0.1, 1.0)``.
    lambd : float, default 0.0
        L2 strength :math:`\lambda \ge 0`.
    record_every : int, default 1
        Record the cost every this many epochs.
    init : {"zeros", "random", "xavier", "he"}, default "he"
        Initialisation method of :meth:`Network.initialize`, unless ``params`` is given.
    scale : float, optional
        For ``init="random"`` (default 0.01).
    params : dict, optional
        Starting parameters (not changed); default: ``net.initialize(...)`` in X's dtype.

    Returns
    -------
    params : dict
        The trained parameters, in the dtype of ``X``.
    costs : list of float
        ``costs[k]`` is the cost of epoch ``k * record_every``: the mean over its
        batches, weighted by their sizes, each taken before its update, L2 term included.

    Raises
    ------
    ValueError
        If ``X`` or ``Y`` has the wrong shape, no examples or NaN/infinite entries, the
        labels are not 0/1 (one-hot for softmax), a setting is out of range, or training
        diverges (the cost becomes infinite or NaN).
    TypeError
        If ``net`` is not a Network, ``optimizer`` is not an optimiser instance (for
        example the class ``Adam`` itself) or ``schedule`` is not callable.

    Notes
    -----
    Every step runs ``net``'s forward pass on a batch, the output's cost and its
    gradient :math:`dZ^{[L]} = A^{[L]} - Y`, the backward pass, the L2 term
    :math:`\frac{\lambda}{m} W` on every ``dW`` and one optimiser step. The cost of a
    batch is its mean cross-entropy plus the L2 term of the whole training set,
    :math:`\frac{\lambda}{2m}\sum_l \lVert W^{[l]} \rVert_F^2`, so that its gradient
    estimates that of the full cost. Arguments are checked once, here; the loop
    itself runs unchecked. Course 2, Weeks 1-3.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a dlspec.network.Network, got {type(net).__name__}")
    check_rng(rng)
    check_optimizer(optimizer)
    X = net.check_input(X)
    Y = net.check_targets(Y, dtype=X.dtype)
    m = X.shape[net.example_axis]
    if m != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of examples m, got {m} (X of shape {X.shape}) "
            f"and {Y.shape[1]} (Y of shape {Y.shape})"
        )
    output = OUTPUTS[net.output]
    num_epochs = check_int("num_epochs", num_epochs, minimum=0)
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size)
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the epoch, got {type(schedule).__name__}")
    lambd = check_real("lambd", lambd, low=0.0)
    record_every = check_int("record_every", record_every)
    if params is None:
        try:
            params = net.initialize(rng=rng, method=init, scale=scale, dtype=X.dtype)
        except ValueError as error:  # name fit's argument, not initialize's
            raise ValueError(str(error).replace("method", "init", 1)) from None
    else:
        params = {k: v.astype(X.dtype) for k, v in net.check_params(params).items()}

    costs = []
    optimizer.reset()
    epoch = 0
    try:
        # Diverging weights overflow long before the cost turns infinite: raise at the first
        # overflow, and say what happened, instead of a screen of NumPy warnings.
        with np.errstate(over="raise", invalid="raise"):
            for epoch in range(num_epochs):
                if schedule is not None:
                    optimizer.learning_rate = schedule(epoch)
                if batch_size is None:
                    batches = [(X, Y)]
                else:
                    batches = random_mini_batches(
                        X, Y, batch_size, rng=rng, example_axis=net.example_axis
                    )
                total = 0.0
                for X_b, Y_b in batches:
                    ZL, cache = net.run(X_b, params, training=True, rng=rng)
                    cost = output.cost(ZL, Y_b)
                    if lambd > 0:
                        cost += l2_penalty(params, lambd, m)
                    total += cost * Y_b.shape[1] / m
                    _, grads = net.backward(output.gradient(ZL, Y_b), cache, need_dX=False)
                    if lambd > 0:
                        grads = l2_gradients(grads, params, lambd, m)
                    params = optimizer.step(params, grads)
                if epoch % record_every == 0:
                    costs.append(total)
    except FloatingPointError as error:
        raise ValueError(
            f"training diverged in epoch {epoch} ({error}); try a smaller learning rate"
        ) from None
    return params, costs
