r"""What a recurrent language model needs around its cell: outputs, cost, clipping, sampling.

Course 5, Week 1. A character-level language model reads a sequence one character at a
time (one-hot inputs ``x`` of shape ``(n_x, m, T_x)``), and at every step predicts the next
one: an output layer on each hidden state gives logits
:math:`y^{\langle t \rangle} = W_{ya} a^{\langle t \rangle} + b_y`, a softmax turns them into
probabilities, and the cost adds the cross-entropy of every step. This module holds those
pieces; the recurrent cells are in :mod:`dlspec.recurrent` (RNN), :mod:`dlspec.gru` and
:mod:`dlspec.lstm`. One training step, for an RNN::

    a, rnn_cache = rnn_forward(x, a0, params)              # (n_a, m, T_x)
    y, out_cache = rnn_output_forward(a, params)           # logits (n_y, m, T_x)
    cost = sequence_softmax_cross_entropy(y, Y)            # Y one-hot (n_y, m, T_x)
    dy = sequence_softmax_cross_entropy_backward(y, Y)
    da, grads = rnn_output_backward(dy, out_cache)         # "dWya", "dby"
    dx, da0, rnn_grads = rnn_backward(da, rnn_cache)       # "dWaa", "dWax", "dba"
    grads = clip_gradients({**grads, **rnn_grads}, 5.0)    # against exploding gradients

Then, to write new text, :func:`sample_sequence` feeds each sampled character back in as
the next input, and :func:`sample_with_temperature` draws one character from the logits,
more boldly (temperature > 1) or more cautiously (< 1) than the model's probabilities.

Conventions: as everywhere in dlspec, gradients with respect to activations and logits
(``da``, ``dy``) are per example, parameter gradients are of the mean cost over the ``m``
examples, and the cost is summed over the time steps, as the course's language model does.
Randomness only through an explicit ``rng``.
"""

from collections.abc import Mapping

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_params,
    check_positive,
    check_real,
    check_rng,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.gru import gru_cell_forward
from dlspec.losses import softmax_cross_entropy, softmax_cross_entropy_backward
from dlspec.lstm import lstm_cell_forward
from dlspec.recurrent import rnn_cell_forward

#: The cells :func:`sample_sequence` can run.
CELLS = ("rnn", "gru", "lstm")


# ---------------------------------------------------------------------------
# The output layer, applied at every time step
# ---------------------------------------------------------------------------


def rnn_output_forward(a, params):
    r"""Logits at every time step: ``y[:, :, t] = Wya @ a[:, :, t] + by``.

    Parameters
    ----------
    a : ndarray of shape (n_a, m, T)
        Hidden states of every step, from :func:`dlspec.recurrent.rnn_forward`,
        :func:`dlspec.gru.gru_forward` or :func:`dlspec.lstm.lstm_forward`.
    params : dict
        ``{"Wya": (n_y, n_a), "by": (n_y, 1)}``, shared by all steps; other keys (the
        cell's) are ignored.

    Returns
    -------
    y : ndarray of shape (n_y, m, T)
        Logits; the softmax is in the cost (:func:`sequence_softmax_cross_entropy`).
    cache : dict
        ``a`` and ``Wya``, for :func:`rnn_output_backward`.

    Raises
    ------
    ValueError
        If a key is missing, ``a`` is not 3-D or does not match ``Wya``, ``m`` or ``T`` is 0,
        or an input holds NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    .. math:: y^{\langle t \rangle} = W_{ya} a^{\langle t \rangle} + b_y,
              \qquad \hat y^{\langle t \rangle} = \mathrm{softmax}(y^{\langle t \rangle})

    All steps are done in one matrix product, with ``a`` seen as ``(n_a, m T)``.
    Course 5, Week 1.
    """
    Wya, by = check_params("params", params, ("Wya", "by"))
    check_shape("Wya", Wya, ("n_y", "n_a"))
    check_shape("by", by, (Wya.shape[0], 1), hint=f"to match Wya of shape {Wya.shape}")
    check_finite("Wya", Wya)
    check_finite("by", by)
    a = as_float_array("a", a)
    check_shape("a", a, (Wya.shape[1], "m", "T"), hint=f"to match Wya of shape {Wya.shape}")
    if a.shape[1] == 0 or a.shape[2] == 0:
        raise ValueError(f"a must hold at least one example and one time step, got shape {a.shape}")
    check_finite("a", a)
    return _rnn_output(a, {"Wya": Wya, "by": by})


def _rnn_output(a, params):
    """:func:`rnn_output_forward` on checked arguments."""
    n_a, m, T = a.shape
    Wya = params["Wya"]
    y = (Wya @ a.reshape(n_a, m * T) + params["by"]).reshape(Wya.shape[0], m, T)
    return y, make_cache("rnn_output_forward", a=a, Wya=Wya)


def rnn_output_backward(dy, cache):
    r"""Gradients of :func:`rnn_output_forward`.

    Parameters
    ----------
    dy : ndarray of shape (n_y, m, T)
        Gradient with respect to the logits, per example, e.g. from
        :func:`sequence_softmax_cross_entropy_backward`.
    cache : dict
        From :func:`rnn_output_forward`.

    Returns
    -------
    da : ndarray of shape (n_a, m, T)
        Per example: the ``da`` to give to the recurrent layer's backward pass.
    grads : dict
        ``{"dWya": (n_y, n_a), "dby": (n_y, 1)}``: gradients of the mean cost over the
        examples, summed over the time steps.

    Raises
    ------
    ValueError
        If ``dy`` does not have the shape of ``y``.
    TypeError
        If ``cache`` was not made by :func:`rnn_output_forward`.

    Notes
    -----
    .. math:: da^{\langle t \rangle} = W_{ya}^T dy^{\langle t \rangle}, \quad
              dW_{ya} = \frac{1}{m} \sum_{t} dy^{\langle t \rangle} a^{\langle t \rangle T},
              \quad db_y = \frac{1}{m} \sum_t \sum_{i=1}^{m} dy^{\langle t \rangle (i)}

    Course 5, Week 1.
    """
    a, Wya = read_cache(cache, "rnn_output_forward", ("a", "Wya"))
    n_a, m, T = a.shape
    dy = check_upstream("dy", dy, (Wya.shape[0], m, T), "rnn_output_forward")
    dy2 = dy.reshape(-1, m * T)
    grads = {"dWya": dy2 @ a.reshape(n_a, m * T).T / m, "dby": np.sum(dy2, axis=1, keepdims=True) / m}
    return (Wya.T @ dy2).reshape(n_a, m, T), grads


# ---------------------------------------------------------------------------
# The cost: softmax cross-entropy of every step, summed over the steps
# ---------------------------------------------------------------------------


def _check_sequence_labels(y, Y):
    """``y`` and ``Y`` as float arrays of the same 3-D shape (n_y, m, T), m and T >= 1."""
    y, Y = as_float_array("y", y), as_float_array("Y", Y)
    check_shape("y", y, ("n_y", "m", "T"))
    check_shape("Y", Y, y.shape, hint="(one-hot, e.g. np.eye(n_y)[:, labels] for labels of shape (m, T))")
    if y.shape[1] == 0 or y.shape[2] == 0:
        raise ValueError(f"y must hold at least one example and one time step, got shape {y.shape}")
    n_y, m, T = y.shape
    return y.reshape(n_y, m * T), Y.reshape(n_y, m * T), T


def sequence_softmax_cross_entropy(y, Y):
    r"""Softmax cross-entropy summed over the time steps, averaged over the examples.

    Parameters
    ----------
    y : ndarray of shape (n_y, m, T)
        Logits of every step, from :func:`rnn_output_forward`.
    Y : ndarray of shape (n_y, m, T)
        One-hot targets: for a language model, the input shifted by one step (the next
        character). From integer labels of shape (m, T): ``np.eye(n_y)[:, labels]``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ or are not 3-D, ``m`` or ``T`` is 0, ``y`` is not finite or
        ``Y`` is not one-hot.

    Notes
    -----
    .. math:: J = \frac{1}{m} \sum_{i=1}^{m} \sum_{t=1}^{T} \ell^{\langle t \rangle (i)},
              \qquad \ell^{\langle t \rangle (i)}
              = -\sum_k Y_k^{\langle t \rangle (i)} \log \mathrm{softmax}(y^{\langle t \rangle (i)})_k,

    computed stably by :func:`dlspec.losses.softmax_cross_entropy` on the ``m T`` columns
    (whose mean, times ``T``, is this sum over the steps). Course 5, Week 1.
    """
    y2, Y2, T = _check_sequence_labels(y, Y)
    return T * softmax_cross_entropy(y2, Y2)


def sequence_softmax_cross_entropy_backward(y, Y):
    r"""Derivative of each example's summed cross-entropy with respect to the logits: ``softmax(y) - Y``.

    Parameters
    ----------
    y : ndarray of shape (n_y, m, T)
    Y : ndarray of shape (n_y, m, T)
        One-hot targets.

    Returns
    -------
    dy : ndarray of shape (n_y, m, T)
        Per example (no ``1/m``), for :func:`rnn_output_backward`.

    Raises
    ------
    ValueError
        As :func:`sequence_softmax_cross_entropy`.

    Notes
    -----
    Each step's loss depends on its own logits only, so
    :math:`dy^{\langle t \rangle} = \mathrm{softmax}(y^{\langle t \rangle}) - Y^{\langle t \rangle}`,
    as for one softmax layer. Course 5, Week 1.
    """
    y2, Y2, T = _check_sequence_labels(y, Y)
    return softmax_cross_entropy_backward(y2, Y2).reshape(np.shape(y))


# ---------------------------------------------------------------------------
# Gradient clipping
# ---------------------------------------------------------------------------


def _check_grads(grads):
    """``grads`` as a dict of finite float arrays, the keys kept in order."""
    if not isinstance(grads, Mapping):
        raise TypeError(f"grads must be a dict of arrays, e.g. {{'dWaa': ...}}, got {type(grads).__name__}")
    if not grads:
        raise ValueError("grads must hold at least one gradient, got an empty dict")
    checked = {}
    for key, g in grads.items():
        g = as_float_array(f"grads[{key!r}]", g)
        check_finite(f"grads[{key!r}]", g)
        checked[key] = g
    return checked


def clip_gradients(grads, max_value):
    r"""Clip every entry of every gradient to ``[-max_value, max_value]``, as the course does.

    Parameters
    ----------
    grads : dict of str to ndarray
        E.g. ``{"dWaa": ..., "dWax": ..., "dba": ..., "dWya": ..., "dby": ...}``.
    max_value : float > 0

    Returns
    -------
    dict of str to ndarray
        New arrays, same keys, shapes and dtypes; ``grads`` is not changed.

    Raises
    ------
    ValueError
        If ``max_value`` is not positive, ``grads`` is empty or a gradient holds NaN or
        infinity.
    TypeError
        If ``grads`` is not a dict or a gradient is not numeric.

    Notes
    -----
    .. math:: g_k \leftarrow \min(\max(g_k, -v), v)

    Entry by entry: a cheap guard against exploding gradients (Course 5, Week 1), though it
    changes the gradient's direction when some entries are clipped and others not;
    :func:`clip_by_global_norm` keeps the direction.
    """
    grads = _check_grads(grads)
    max_value = check_positive("max_value", max_value)
    return {key: np.clip(g, -max_value, max_value) for key, g in grads.items()}


def clip_by_global_norm(grads, max_norm):
    r"""Scale all gradients together so that their joint norm is at most ``max_norm``.

    Parameters
    ----------
    grads : dict of str to ndarray
    max_norm : float > 0

    Returns
    -------
    clipped : dict of str to ndarray
        New arrays, same keys, shapes and dtypes: ``grads`` times
        ``min(1, max_norm / norm)``.
    norm : float
        The global norm *before* clipping, worth recording: its spikes are the exploding
        gradients.

    Raises
    ------
    ValueError
        If ``max_norm`` is not positive, ``grads`` is empty or a gradient holds NaN or
        infinity.
    TypeError
        If ``grads`` is not a dict or a gradient is not numeric.

    Notes
    -----
    .. math:: \lVert g \rVert = \sqrt{\textstyle\sum_k \sum_j g_{k,j}^2}, \qquad
              g_k \leftarrow g_k \cdot \min\left(1, \frac{N}{\lVert g \rVert}\right)

    Unlike :func:`clip_gradients`, this keeps the direction of the whole gradient and only
    shortens it. Course 5, Week 1.
    """
    grads = _check_grads(grads)
    max_norm = check_positive("max_norm", max_norm)
    norm = float(np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in grads.values())))
    scale = min(1.0, max_norm / norm) if norm > 0.0 else 1.0
    return {key: g * g.dtype.type(scale) for key, g in grads.items()}, norm


# ---------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------


def sample_with_temperature(logits, temperature, *, rng):
    r"""Draw one class per column from ``softmax(logits / temperature)``.

    Parameters
    ----------
    logits : ndarray of shape (n_y, m)
        One column per sequence, e.g. ``y[:, :, t]`` of :func:`rnn_output_forward`.
    temperature : float >= 0
        1 samples from the model's own probabilities; below 1 sharpens them (safer, more
        repetitive text), above 1 flattens them (more surprising text). 0 gives the most
        likely class (the first one if several tie), with no randomness.
    rng : numpy.random.Generator
        Draws ``m`` uniform numbers (none when ``temperature == 0``).

    Returns
    -------
    ndarray of shape (m,), int64
        The class drawn for each column.

    Raises
    ------
    ValueError
        If ``logits`` is not 2-D (one column: ``logits[:, None]``), has no class or no
        column, or holds NaN or infinity, or ``temperature`` is negative.
    TypeError
        If ``rng`` is not a Generator or ``temperature`` is not a number.

    Notes
    -----
    .. math:: p_k = \frac{e^{z_k / \tau}}{\sum_j e^{z_j / \tau}}

    computed as :math:`e^{(z_k - \max z) / \tau}` so that nothing overflows even for tiny
    :math:`\tau`, which tends to the argmax. Drawn by inverting the cumulative
    distribution: class :math:`k` is chosen when :math:`u \sim U[0, 1)` falls in
    :math:`[p_1 + \dots + p_{k-1}, p_1 + \dots + p_k)`. Course 5, Week 1.
    """
    check_rng(rng)
    logits = as_float_array("logits", logits)
    hint = "(one column of n_y logits as logits[:, None])" if logits.ndim == 1 else ""
    check_shape("logits", logits, ("n_y", "m"), hint=hint)
    if logits.shape[0] == 0 or logits.shape[1] == 0:
        raise ValueError(f"logits must hold at least one class and one column, got shape {logits.shape}")
    check_finite("logits", logits)
    temperature = check_real("temperature", temperature, low=0.0)
    return _sample(logits, temperature, rng)


def _sample(logits, temperature, rng):
    """:func:`sample_with_temperature` on checked arguments."""
    if temperature == 0.0:
        return np.argmax(logits, axis=0).astype(np.int64)
    shifted = logits - np.max(logits, axis=0)  # <= 0, 0 at each column's largest logit
    with np.errstate(over="ignore"):  # a tiny temperature: -inf, whose exponential is 0
        e = np.exp(shifted / temperature)
    cdf = np.cumsum(e, axis=0)
    cdf /= cdf[-1]  # the last entry exactly 1, so u < 1 always lands on some class
    u = rng.random(logits.shape[1])
    # classes whose cumulative probability is <= u come before the drawn one
    return np.sum(cdf <= u, axis=0).astype(np.int64)


def _one_hot_column(index, n, dtype):
    x = np.zeros((n, 1), dtype=dtype)
    x[index, 0] = 1.0
    return x


def sample_sequence(params, *, rng, cell="rnn", first=None, stop=None, max_length=50, temperature=1.0):
    r"""Generate a sequence with a trained character model, one sampled character at a time.

    Parameters
    ----------
    params : dict
        The cell's parameters (see ``cell``) and the output layer's ``"Wya"`` (n_y, n_a) and
        ``"by"`` (n_y, 1). Inputs and outputs are one-hot over the same vocabulary, so the
        cell's ``n_x`` must equal ``n_y``.
    rng : numpy.random.Generator
    cell : {"rnn", "gru", "lstm"}, default "rnn"
        Which cell the parameters belong to: :func:`dlspec.recurrent.rnn_cell_forward`,
        :func:`dlspec.gru.gru_cell_forward` or :func:`dlspec.lstm.lstm_cell_forward`.
    first : int, optional
        The index of a first input character (e.g. a start symbol); by default the first
        input is the zero vector, as in the course.
    stop : int, optional
        The index that ends the sequence (e.g. the newline); it is included in the result.
    max_length : int, default 50
        The longest sequence returned, in case ``stop`` never comes.
    temperature : float >= 0, default 1.0
        As :func:`sample_with_temperature`; 0 always takes the most likely character.

    Returns
    -------
    list of int
        The sampled indices, ``stop`` last if it was drawn; ``first`` is not included.

    Raises
    ------
    ValueError
        If ``cell`` is unknown, a parameter is missing or has the wrong shape, ``n_x != n_y``,
        ``first`` or ``stop`` is not an index of the vocabulary, or ``max_length`` < 1.
    TypeError
        If ``rng`` is not a Generator, or an index or ``max_length`` is not an integer.

    Notes
    -----
    With :math:`x^{\langle 1 \rangle}` (zeros or ``first``) and
    :math:`a^{\langle 0 \rangle} = 0` (and :math:`c^{\langle 0 \rangle} = 0`): compute
    :math:`a^{\langle t \rangle}`, draw :math:`i^{\langle t \rangle}` from
    :math:`\mathrm{softmax}((W_{ya} a^{\langle t \rangle} + b_y) / \tau)`, and feed its
    one-hot vector back as :math:`x^{\langle t+1 \rangle}`. Course 5, Week 1.
    """
    check_rng(rng)
    if not isinstance(cell, str) or cell not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(map(repr, CELLS))}, got {cell!r}")
    Wya, by = check_params("params", params, ("Wya", "by"))
    check_shape("Wya", Wya, ("n_y", "n_a"))
    n_y, n_a = Wya.shape
    if cell == "rnn":
        (W,) = check_params("params", params, ("Wax",))
        n_x = W.shape[1] if W.ndim == 2 else None
    else:
        (W,) = check_params("params", params, ("Wf" if cell == "lstm" else "Wr",))
        n_x = W.shape[1] - n_a if W.ndim == 2 else None
    if n_x != n_y:
        raise ValueError(
            f"the cell's input size n_x must equal the vocabulary size n_y = {n_y} (Wya of shape "
            f"{Wya.shape}): inputs and outputs are one-hot characters, got a {cell} weight of "
            f"shape {W.shape}"
        )
    first = None if first is None else check_int("first", first, minimum=0)
    stop = None if stop is None else check_int("stop", stop, minimum=0)
    for name, index in (("first", first), ("stop", stop)):
        if index is not None and index >= n_y:
            raise ValueError(f"{name} must be an index of the vocabulary, 0 to {n_y - 1}, got {index}")
    max_length = check_int("max_length", max_length)
    temperature = check_real("temperature", temperature, low=0.0)
    dtype = np.result_type(Wya, W)
    x = np.zeros((n_x, 1), dtype=dtype) if first is None else _one_hot_column(first, n_x, dtype)
    a = np.zeros((n_a, 1), dtype=dtype)
    c = np.zeros((n_a, 1), dtype=dtype)
    out_params = {"Wya": Wya, "by": by}
    indices = []
    while len(indices) < max_length:
        if cell == "lstm":
            a, c, _ = lstm_cell_forward(x, a, c, params)
        else:
            a, _ = (rnn_cell_forward if cell == "rnn" else gru_cell_forward)(x, a, params)
        y, _ = rnn_output_forward(a[:, :, None], out_params)
        index = int(_sample(y[:, :, 0], temperature, rng)[0])
        indices.append(index)
        if index == stop:
            break
        x = _one_hot_column(index, n_x, dtype)
    return indices
