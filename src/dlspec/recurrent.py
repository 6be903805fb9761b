r"""The basic recurrent neural network (RNN): one cell, a whole sequence, forward and backward.

Course 5, Week 1. A sequence is stored as the course stores it: ``x`` of shape
``(n_x, m, T_x)``, where ``x[:, :, t]`` holds the inputs :math:`x^{\langle t+1 \rangle}` of
all ``m`` examples at step ``t + 1`` as columns (NumPy counts the steps from 0, the course
from 1). The hidden states ``a`` have shape ``(n_a, m, T_x)``, the same layout, and the
initial state ``a0`` shape ``(n_a, m)``. At every step the same cell, with the same
parameters, reads the input and the previous state::

    a_next, cache = rnn_cell_forward(xt, a_prev, params)
    dxt, da_prev, grads = rnn_cell_backward(da_next, cache)

    a, cache = rnn_forward(x, a0, params)          # every state a<1>, ..., a<T_x>
    dx, da0, grads = rnn_backward(da, cache)       # backpropagation through time

with ``params = {"Waa": (n_a, n_a), "Wax": (n_a, n_x), "ba": (n_a, 1)}``, the course's names
(the first index of a weight says what it computes, the second what it multiplies). The
output layer :math:`\hat y^{\langle t \rangle}` is a separate block,
:func:`dlspec.language_model.rnn_output_forward`, so the same cells serve many-to-many,
many-to-one (use the last state) and one-to-many models alike.

Conventions shared with :mod:`dlspec.gru` and :mod:`dlspec.lstm`:

* A cell has two inputs, ``xt`` and ``a_prev``, so its backward pass returns one gradient
  for each, ``(dxt, da_prev, grads)``; the LSTM's third input ``c_prev`` adds ``dc_prev``.
* ``da`` given to a sequence's backward pass is the gradient of the loss with respect to
  every state :math:`a^{\langle t \rangle}` *from outside the recurrence* (e.g. from an
  output layer at each step, or zeros except at the last step for a many-to-one model).
  The backward pass adds to it, at each step, the gradient that flows back from the next
  step through :math:`a^{\langle t \rangle}`'s use in computing
  :math:`a^{\langle t+1 \rangle}`; what is left after the first step is ``da0``.
* ``dx``, ``dxt``, ``da_prev`` and ``da0`` are per example, like ``dA_prev`` of a dense layer;
  the parameter gradients in ``grads`` (keys ``"d" + name``) are those of the **mean** cost over
  the ``m`` examples (divided by ``m``) of a loss **summed** over the time steps, because the
  same parameters act at every step.
* Keys of ``params`` other than the cell's (for example the output layer's ``"Wya"`` and
  ``"by"``) are ignored, so one dict can hold a whole model; ``grads`` holds the cell's only.
* float64 by default, float32 kept; the public functions check their arguments, the private
  cores (used by the sequence functions) do not check again.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_params,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)

#: The parameters of an RNN cell, in the course's names.
RNN_PARAMS = ("Waa", "Wax", "ba")


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_rnn_params(params):
    """``Waa`` (n_a, n_a), ``Wax`` (n_a, n_x) and ``ba`` (n_a, 1) from ``params``."""
    Waa, Wax, ba = check_params("params", params, RNN_PARAMS)
    check_shape("Waa", Waa, ("n_a", "n_a"))
    n_a = Waa.shape[0]
    if Waa.shape[1] != n_a:
        raise ValueError(f"Waa must be square, of shape (n_a, n_a), got {Waa.shape}")
    check_shape("Wax", Wax, (n_a, "n_x"), hint=f"to match Waa of shape {Waa.shape}")
    check_shape("ba", ba, (n_a, 1), hint=f"to match Waa of shape {Waa.shape}")
    for name, value in zip(RNN_PARAMS, (Waa, Wax, ba), strict=True):
        check_finite(name, value)
    return {"Waa": Waa, "Wax": Wax, "ba": ba}


def _check_step_input(xt, n_x, hint):
    """``xt`` of shape (n_x, m), m >= 1, finite: the input of one time step."""
    xt = as_float_array("xt", xt)
    if xt.ndim == 3:
        hint += " (a whole sequence (n_x, m, T_x) goes to rnn_forward)"
    check_shape("xt", xt, (n_x, "m"), hint=hint)
    if xt.shape[1] == 0:
        raise ValueError("xt must hold at least one example (column), got m = 0")
    check_finite("xt", xt)
    return xt


def _check_sequence(x, n_x, hint):
    """``x`` of shape (n_x, m, T_x), m >= 1 and T_x >= 1, finite."""
    x = as_float_array("x", x)
    if x.ndim == 2:
        hint += " (one time step of shape (n_x, m) as x[:, :, None])"
    check_shape("x", x, (n_x, "m", "T_x"), hint=hint)
    if x.shape[1] == 0:
        raise ValueError(f"x must hold at least one example (axis 1), got m = 0 in shape {x.shape}")
    if x.shape[2] == 0:
        raise ValueError(f"x must hold at least one time step (axis 2), got T_x = 0 in shape {x.shape}")
    check_finite("x", x)
    return x


def _check_state(name, a, n_a, m, hint):
    """A hidden state ``a`` of shape (n_a, m), finite."""
    a = as_float_array(name, a)
    check_shape(name, a, (n_a, m), hint=hint)
    check_finite(name, a)
    return a


def _shapes_hint(params, what=""):
    """``"to match Wax of shape (5, 3) (n_a = 5, n_x = 3)"``, and ``what``."""
    n_a, n_x = params["Wax"].shape
    return f"to match Wax of shape {params['Wax'].shape} (n_a = {n_a}, n_x = {n_x}){what}"


# ---------------------------------------------------------------------------
# One cell
# ---------------------------------------------------------------------------


def rnn_cell_forward(xt, a_prev, params):
    r"""One step of a basic RNN: ``a_next = tanh(Waa a_prev + Wax xt + ba)``.

    Parameters
    ----------
    xt : ndarray of shape (n_x, m)
        The inputs of this time step, one column per example.
    a_prev : ndarray of shape (n_a, m)
        The hidden state of the previous step (``a0``, often zeros, before the first).
    params : dict
        ``{"Waa": (n_a, n_a), "Wax": (n_a, n_x), "ba": (n_a, 1)}``; other keys are ignored.

    Returns
    -------
    a_next : ndarray of shape (n_a, m)
    cache : dict
        ``xt``, ``a_prev``, ``a_next`` and the parameters, for :func:`rnn_cell_backward`.

    Raises
    ------
    ValueError
        If a parameter is missing, a shape does not match (the message names ``n_a`` and
        ``n_x`` as ``Wax`` gives them), ``m == 0``, or an input holds NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    .. math:: a^{\langle t \rangle} = \tanh\left(W_{aa} a^{\langle t-1 \rangle}
              + W_{ax} x^{\langle t \rangle} + b_a\right)

    Course 5, Week 1.
    """
    params = _check_rnn_params(params)
    xt = _check_step_input(xt, params["Wax"].shape[1], _shapes_hint(params))
    a_prev = _check_state("a_prev", a_prev, params["Waa"].shape[0], xt.shape[1],
                          _shapes_hint(params, f" and xt of shape {xt.shape}"))
    return _rnn_cell(xt, a_prev, params)


def _rnn_cell(xt, a_prev, params):
    """:func:`rnn_cell_forward` on checked arguments."""
    a_next = np.tanh(params["Waa"] @ a_prev + params["Wax"] @ xt + params["ba"])
    return a_next, make_cache("rnn_cell_forward", xt=xt, a_prev=a_prev, a_next=a_next, params=params)


def _rnn_cell_gradients(da_next, xt, a_prev, a_next, params):
    """dxt, da_prev and the parameter gradients summed (not averaged) over the examples."""
    dz = da_next * (1.0 - a_next * a_next)  # tanh'(z) = 1 - tanh(z)^2, from the output itself
    dxt = params["Wax"].T @ dz
    da_prev = params["Waa"].T @ dz
    sums = {"dWaa": dz @ a_prev.T, "dWax": dz @ xt.T, "dba": np.sum(dz, axis=1, keepdims=True)}
    return dxt, da_prev, sums


def rnn_cell_backward(da_next, cache):
    r"""Gradients of one RNN step with respect to its two inputs and its parameters.

    Parameters
    ----------
    da_next : ndarray of shape (n_a, m)
        Gradient of the loss with respect to ``a_next``, per example: in a sequence, the
        sum of what the output at this step sends back and what the next step sends back.
    cache : dict
        From :func:`rnn_cell_forward`.

    Returns
    -------
    dxt : ndarray of shape (n_x, m)
        Per example.
    da_prev : ndarray of shape (n_a, m)
        Per example: what this step passes back to the previous one.
    grads : dict
        ``{"dWaa": (n_a, n_a), "dWax": (n_a, n_x), "dba": (n_a, 1)}``, gradients of the mean
        cost over the ``m`` examples.

    Raises
    ------
    ValueError
        If ``da_next`` does not have the shape of ``a_next``.
    TypeError
        If ``cache`` was not made by :func:`rnn_cell_forward`.

    Notes
    -----
    With :math:`dz = da^{\langle t \rangle} \odot (1 - (a^{\langle t \rangle})^2)`, the
    derivative of tanh written with its output,

    .. math:: dx^{\langle t \rangle} = W_{ax}^T dz, \quad
              da^{\langle t-1 \rangle} = W_{aa}^T dz, \quad
              dW_{ax} = \frac{1}{m} dz\, x^{\langle t \rangle T}, \quad
              dW_{aa} = \frac{1}{m} dz\, a^{\langle t-1 \rangle T}, \quad
              db_a = \frac{1}{m} \sum_{i=1}^{m} dz^{(i)}.

    Course 5, Week 1.
    """
    xt, a_prev, a_next, params = read_cache(
        cache, "rnn_cell_forward", ("xt", "a_prev", "a_next", "params")
    )
    da_next = check_upstream("da_next", da_next, a_next.shape, "rnn_cell_forward")
    dxt, da_prev, sums = _rnn_cell_gradients(da_next, xt, a_prev, a_next, params)
    m = xt.shape[1]
    return dxt, da_prev, {key: sums[key] / m for key in ("dWaa", "dWax", "dba")}


# ---------------------------------------------------------------------------
# A whole sequence
# ---------------------------------------------------------------------------


def rnn_forward(x, a0, params):
    r"""Run an RNN cell over a whole sequence, giving every hidden state.

    Parameters
    ----------
    x : ndarray of shape (n_x, m, T_x)
        The inputs, ``x[:, :, t]`` at step ``t`` (counted from 0).
    a0 : ndarray of shape (n_a, m)
        The initial hidden state, usually zeros.
    params : dict
        ``{"Waa": (n_a, n_a), "Wax": (n_a, n_x), "ba": (n_a, 1)}``, shared by all steps;
        other keys are ignored.

    Returns
    -------
    a : ndarray of shape (n_a, m, T_x)
        ``a[:, :, t]`` is the state after step ``t``; ``a[:, :, -1]`` is the last one, the
        summary of the sequence that a many-to-one model classifies. ``a0`` is not included.
    cache : dict
        ``x``, ``a0``, ``a`` and the parameters, for :func:`rnn_backward`.

    Raises
    ------
    ValueError
        If ``x`` is not 3-D (one step of shape (n_x, m) must be given as
        ``x[:, :, None]``), ``m`` or ``T_x`` is 0, a shape does not match ``Wax``'s
        ``(n_a, n_x)``, a parameter is missing, or an input holds NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    For :math:`t = 1, \dots, T_x`:

    .. math:: a^{\langle t \rangle} = \tanh\left(W_{aa} a^{\langle t-1 \rangle}
              + W_{ax} x^{\langle t \rangle} + b_a\right)

    a loop over :func:`rnn_cell_forward`'s computation. Course 5, Week 1.
    """
    params = _check_rnn_params(params)
    x = _check_sequence(x, params["Wax"].shape[1], _shapes_hint(params))
    a0 = _check_state("a0", a0, params["Waa"].shape[0], x.shape[1],
                      _shapes_hint(params, f" and x of shape {x.shape}"))
    return _rnn(x, a0, params)


def _rnn(x, a0, params):
    """:func:`rnn_forward` on checked arguments."""
    n_x, m, T_x = x.shape
    n_a = a0.shape[0]
    a = np.empty((n_a, m, T_x), dtype=np.result_type(x, a0, *params.values()))
    a_prev = a0
    for t in range(T_x):
        a_prev, _ = _rnn_cell(x[:, :, t], a_prev, params)
        a[:, :, t] = a_prev
    return a, make_cache("rnn_forward", x=x, a0=a0, a=a, params=params)


def rnn_backward(da, cache):
    r"""Backpropagation through time for :func:`rnn_forward`.

    Parameters
    ----------
    da : ndarray of shape (n_a, m, T_x)
        Gradient of the loss with respect to every state ``a[:, :, t]``, per example, from
        *outside* the recurrence (an output layer at every step; zeros except at the last
        step for a many-to-one model). The gradient that each state receives from the next
        step is added here.
    cache : dict
        From :func:`rnn_forward`.

    Returns
    -------
    dx : ndarray of shape (n_x, m, T_x)
        Per example.
    da0 : ndarray of shape (n_a, m)
        Gradient with respect to the initial state, per example.
    grads : dict
        ``{"dWaa": (n_a, n_a), "dWax": (n_a, n_x), "dba": (n_a, 1)}``: gradients of the mean
        cost over the examples, summed over the time steps.

    Raises
    ------
    ValueError
        If ``da`` does not have the shape of ``a``.
    TypeError
        If ``cache`` was not made by :func:`rnn_forward`.

    Notes
    -----
    From the last step back to the first, the state's total gradient is what comes from
    outside plus what the next step passes back,

    .. math:: da^{\langle t \rangle}_{total} = da^{\langle t \rangle}
              + W_{aa}^T dz^{\langle t+1 \rangle},

    which goes through :func:`rnn_cell_backward`'s computation; the parameter gradients of
    the steps add up, since every step uses the same parameters. Each step multiplies the
    carried gradient by :math:`W_{aa}^T` and by :math:`\tanh' \le 1`, which is why it can
    vanish (or, with large :math:`W_{aa}`, explode) over many steps. Course 5, Week 1.
    """
    x, a0, a, params = read_cache(cache, "rnn_forward", ("x", "a0", "a", "params"))
    da = check_upstream("da", da, a.shape, "rnn_forward")
    n_x, m, T_x = x.shape
    dx = np.empty(x.shape, dtype=np.result_type(da, params["Wax"]))
    grads = {key: np.zeros(params[key[1:]].shape, dtype=np.result_type(da, a))
             for key in ("dWaa", "dWax", "dba")}
    da_prev = np.zeros_like(a0, dtype=np.result_type(da, a))  # nothing comes back from after the last step
    for t in reversed(range(T_x)):
        a_before = a0 if t == 0 else a[:, :, t - 1]
        dxt, da_prev, sums = _rnn_cell_gradients(da[:, :, t] + da_prev, x[:, :, t], a_before,
                                                 a[:, :, t], params)
        dx[:, :, t] = dxt
        for key in grads:
            grads[key] += sums[key]
    return dx, da_prev, {key: g / m for key, g in grads.items()}
