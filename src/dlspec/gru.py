r"""The gated recurrent unit (GRU) as the course writes it: one cell, a whole sequence, forward and backward.

Course 5, Week 1. A GRU keeps a memory cell :math:`c^{\langle t \rangle}`, which is also its
output, :math:`a^{\langle t \rangle} = c^{\langle t \rangle}`. At each step two gates decide
how much of it to keep: the *update* gate :math:`\Gamma_u` chooses between the old memory and
a candidate :math:`\tilde c^{\langle t \rangle}`, and the *relevance* (reset) gate
:math:`\Gamma_r` says how much of the old memory the candidate may look at. With
:math:`[a^{\langle t-1 \rangle}; x^{\langle t \rangle}]` the old state stacked on top of the
input, in this order,

.. math::
    \Gamma_r &= \sigma\left(W_r [c^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_r\right) \\
    \Gamma_u &= \sigma\left(W_u [c^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_u\right) \\
    \tilde c^{\langle t \rangle} &= \tanh\left(W_c [\Gamma_r \odot c^{\langle t-1 \rangle};
        x^{\langle t \rangle}] + b_c\right) \\
    c^{\langle t \rangle} &= \Gamma_u \odot \tilde c^{\langle t \rangle}
        + (1 - \Gamma_u) \odot c^{\langle t-1 \rangle}, \qquad
    a^{\langle t \rangle} = c^{\langle t \rangle}.

Parameters, in the course's names: ``Wr``, ``Wu``, ``Wc`` of shape ``(n_a, n_a + n_x)``
(their first ``n_a`` columns multiply the old state, the last ``n_x`` the input) and
``br``, ``bu``, ``bc`` of shape ``(n_a, 1)``. When :math:`\Gamma_u` is close to 0 the memory
passes through a step unchanged, and so does its gradient: this is how a GRU keeps
information (and gradients) over many steps. The course's *simplified* GRU is the same
without :math:`\Gamma_r` (``Wr`` = 0 and a large ``br`` make :math:`\Gamma_r \approx 1`).

Where libraries differ
----------------------
PyTorch's ``nn.GRU`` (and Keras's ``GRU(reset_after=True)``, its default) store the gates in the
order reset, update, new (``r, z, n``) and compute

.. math::
    n = \tanh\left(W_{in} x + b_{in} + r \odot (W_{hn} h + b_{hn})\right), \qquad
    h' = (1 - z) \odot n + z \odot h,

with two differences from the course: the reset gate multiplies the *result* of the matrix
product with the old state (with its own bias :math:`b_{hn}` inside), not the old state
before the product; and :math:`z` multiplies the *old* state, so PyTorch's :math:`z` is the
course's :math:`1 - \Gamma_u`. Weights copied from one to the other therefore do not give the
same numbers. (The course's form is the one of Cho et al., 2014.)

Blocks in dlspec's convention (see :mod:`dlspec.recurrent` for the shapes and the gradient
conventions, shared by every recurrent cell)::

    a_next, cache = gru_cell_forward(xt, a_prev, params)
    dxt, da_prev, grads = gru_cell_backward(da_next, cache)
    a, cache = gru_forward(x, a0, params)          # x (n_x, m, T_x), a (n_a, m, T_x)
    dx, da0, grads = gru_backward(da, cache)
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_gate_params,
    check_recurrent_input,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.activations import sigmoid

#: The parameters of a GRU cell, in the course's names.
GRU_PARAMS = ("Wr", "br", "Wu", "bu", "Wc", "bc")


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_inputs(name, x, ndim, a_prev_name, a_prev, params):
    """The input (``ndim`` 2 for one step, 3 for a sequence), the parameters and the state."""
    x = check_recurrent_input(name, x, ndim)
    params = check_gate_params(params, GRU_PARAMS, x.shape[0])
    n_a = params["Wr"].shape[0]
    a_prev = as_float_array(a_prev_name, a_prev)
    check_shape(a_prev_name, a_prev, (n_a, x.shape[1]),
                hint=f"(n_a, m) to match Wr of shape {params['Wr'].shape} and {name} of shape {x.shape}")
    check_finite(a_prev_name, a_prev)
    return x, a_prev, params


# ---------------------------------------------------------------------------
# One cell
# ---------------------------------------------------------------------------


def gru_cell_forward(xt, a_prev, params):
    r"""One step of the course's GRU (full, with the relevance gate).

    Parameters
    ----------
    xt : ndarray of shape (n_x, m)
        The inputs of this time step.
    a_prev : ndarray of shape (n_a, m)
        The previous memory :math:`c^{\langle t-1 \rangle} = a^{\langle t-1 \rangle}`.
    params : dict
        ``Wr``, ``Wu``, ``Wc`` of shape (n_a, n_a + n_x) and ``br``, ``bu``, ``bc`` of shape
        (n_a, 1); other keys are ignored. ``n_x`` comes from ``xt``, ``n_a`` from ``Wr``.

    Returns
    -------
    a_next : ndarray of shape (n_a, m)
        The new memory, which is also the output.
    cache : dict
        The inputs, the gates :math:`\Gamma_r`, :math:`\Gamma_u` and the candidate, for
        :func:`gru_cell_backward`.

    Raises
    ------
    ValueError
        If a parameter is missing, a shape does not match, ``m == 0``, or an input holds
        NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    .. math::
        \Gamma_r = \sigma(W_r [c^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_r), \quad
        \Gamma_u = \sigma(W_u [c^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_u),

        \tilde c^{\langle t \rangle} = \tanh(W_c [\Gamma_r \odot c^{\langle t-1 \rangle};
        x^{\langle t \rangle}] + b_c), \quad
        c^{\langle t \rangle} = \Gamma_u \odot \tilde c^{\langle t \rangle}
        + (1 - \Gamma_u) \odot c^{\langle t-1 \rangle}.

    See the module's docstring for how PyTorch's GRU differs. Course 5, Week 1.
    """
    xt, a_prev, params = _check_inputs("xt", xt, 2, "a_prev", a_prev, params)
    return _gru_cell(xt, a_prev, params)


def _gru_cell(xt, a_prev, params):
    """:func:`gru_cell_forward` on checked arguments."""
    concat = np.concatenate([a_prev, xt])  # [c<t-1>; x<t>], (n_a + n_x, m)
    gamma_r = sigmoid(params["Wr"] @ concat + params["br"])
    gamma_u = sigmoid(params["Wu"] @ concat + params["bu"])
    concat_r = np.concatenate([gamma_r * a_prev, xt])  # [Γr * c<t-1>; x<t>]
    c_tilde = np.tanh(params["Wc"] @ concat_r + params["bc"])
    a_next = gamma_u * c_tilde + (1.0 - gamma_u) * a_prev
    cache = make_cache("gru_cell_forward", xt=xt, a_prev=a_prev, a_next=a_next, concat=concat,
                       concat_r=concat_r, gamma_r=gamma_r, gamma_u=gamma_u, c_tilde=c_tilde,
                       params=params)
    return a_next, cache


_CELL_KEYS = ("a_prev", "concat", "concat_r", "gamma_r", "gamma_u", "c_tilde", "params")


def _gru_cell_gradients(da_next, a_prev, concat, concat_r, gamma_r, gamma_u, c_tilde, params):
    """dxt, da_prev and the parameter gradients summed (not averaged) over the examples."""
    n_a = a_prev.shape[0]
    # c<t> = Γu * c~ + (1 - Γu) * c<t-1>
    dc_tilde = da_next * gamma_u
    dgamma_u = da_next * (c_tilde - a_prev)
    da_prev = da_next * (1.0 - gamma_u)
    # c~ = tanh(Wc [Γr * c<t-1>; x<t>] + bc)
    dz_c = dc_tilde * (1.0 - c_tilde * c_tilde)
    dconcat_r = params["Wc"].T @ dz_c  # (n_a + n_x, m)
    dgamma_r = dconcat_r[:n_a] * a_prev
    da_prev += dconcat_r[:n_a] * gamma_r
    # the two gates: σ'(z) = Γ (1 - Γ)
    dz_u = dgamma_u * gamma_u * (1.0 - gamma_u)
    dz_r = dgamma_r * gamma_r * (1.0 - gamma_r)
    dconcat = params["Wu"].T @ dz_u + params["Wr"].T @ dz_r
    da_prev += dconcat[:n_a]
    dxt = dconcat[n_a:] + dconcat_r[n_a:]
    sums = {
        "dWr": dz_r @ concat.T, "dbr": np.sum(dz_r, axis=1, keepdims=True),
        "dWu": dz_u @ concat.T, "dbu": np.sum(dz_u, axis=1, keepdims=True),
        "dWc": dz_c @ concat_r.T, "dbc": np.sum(dz_c, axis=1, keepdims=True),
    }
    return dxt, da_prev, sums


def gru_cell_backward(da_next, cache):
    r"""Gradients of one GRU step with respect to its two inputs and its six parameters.

    Parameters
    ----------
    da_next : ndarray of shape (n_a, m)
        Gradient of the loss with respect to ``a_next``, per example.
    cache : dict
        From :func:`gru_cell_forward`.

    Returns
    -------
    dxt : ndarray of shape (n_x, m)
        Per example.
    da_prev : ndarray of shape (n_a, m)
        Per example; it reaches :math:`c^{\langle t-1 \rangle}` by three paths: directly
        through :math:`1 - \Gamma_u`, through the candidate (via :math:`\Gamma_r \odot
        c^{\langle t-1 \rangle}`) and through both gates.
    grads : dict
        ``dWr``, ``dWu``, ``dWc`` (n_a, n_a + n_x) and ``dbr``, ``dbu``, ``dbc`` (n_a, 1),
        gradients of the mean cost over the ``m`` examples.

    Raises
    ------
    ValueError
        If ``da_next`` does not have the shape of ``a_next``.
    TypeError
        If ``cache`` was not made by :func:`gru_cell_forward`.

    Notes
    -----
    With :math:`dc = da^{\langle t \rangle}`:
    :math:`d\tilde c = dc \odot \Gamma_u`,
    :math:`d\Gamma_u = dc \odot (\tilde c - c^{\langle t-1 \rangle})`, and the direct part
    :math:`dc \odot (1 - \Gamma_u)` of :math:`dc^{\langle t-1 \rangle}`; then each
    pre-activation's gradient (:math:`\tanh' = 1 - \tilde c^2`,
    :math:`\sigma' = \Gamma (1 - \Gamma)`) goes back through its matrix product as in a
    dense layer, ``dW = dz [..]^T / m``. Course 5, Week 1.
    """
    a_next, *rest = read_cache(cache, "gru_cell_forward", ("a_next", *_CELL_KEYS))
    da_next = check_upstream("da_next", da_next, a_next.shape, "gru_cell_forward")
    dxt, da_prev, sums = _gru_cell_gradients(da_next, *rest)
    m = a_next.shape[1]
    return dxt, da_prev, {key: s / m for key, s in sums.items()}


# ---------------------------------------------------------------------------
# A whole sequence
# ---------------------------------------------------------------------------


def gru_forward(x, a0, params):
    r"""Run a GRU cell over a whole sequence.

    Parameters
    ----------
    x : ndarray of shape (n_x, m, T_x)
        The inputs, ``x[:, :, t]`` at step ``t`` (counted from 0).
    a0 : ndarray of shape (n_a, m)
        The initial memory, usually zeros.
    params : dict
        As :func:`gru_cell_forward`, shared by all steps.

    Returns
    -------
    a : ndarray of shape (n_a, m, T_x)
        The memory (= output) after every step; ``a0`` is not included.
    cache : dict
        ``a0`` and the caches of every step, for :func:`gru_backward`.

    Raises
    ------
    ValueError
        If ``x`` is not 3-D (one step as ``x[:, :, None]``), ``m`` or ``T_x`` is 0, a shape
        does not match, a parameter is missing or an input holds NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    :func:`gru_cell_forward`'s equations for :math:`t = 1, \dots, T_x`, each step starting
    from the memory the previous one left. Course 5, Week 1.
    """
    x, a0, params = _check_inputs("x", x, 3, "a0", a0, params)
    return _gru(x, a0, params)


def _gru(x, a0, params):
    """:func:`gru_forward` on checked arguments."""
    n_x, m, T_x = x.shape
    a = np.empty((a0.shape[0], m, T_x), dtype=np.result_type(x, a0, *params.values()))
    steps, a_prev = [], a0
    for t in range(T_x):
        a_prev, step = _gru_cell(x[:, :, t], a_prev, params)
        a[:, :, t] = a_prev
        steps.append(step)
    return a, make_cache("gru_forward", x_shape=x.shape, a=a, steps=steps, params=params)


def gru_backward(da, cache):
    r"""Backpropagation through time for :func:`gru_forward`.

    Parameters
    ----------
    da : ndarray of shape (n_a, m, T_x)
        Gradient of the loss with respect to every output ``a[:, :, t]``, per example, from
        outside the recurrence; what each step receives from the next is added here.
    cache : dict
        From :func:`gru_forward`.

    Returns
    -------
    dx : ndarray of shape (n_x, m, T_x)
        Per example.
    da0 : ndarray of shape (n_a, m)
        Per example.
    grads : dict
        ``dWr``, ``dWu``, ``dWc`` (n_a, n_a + n_x), ``dbr``, ``dbu``, ``dbc`` (n_a, 1):
        gradients of the mean cost over the examples, summed over the time steps.

    Raises
    ------
    ValueError
        If ``da`` does not have the shape of ``a``.
    TypeError
        If ``cache`` was not made by :func:`gru_forward`.

    Notes
    -----
    From :math:`t = T_x` down to 1, :func:`gru_cell_backward`'s computation on
    :math:`da^{\langle t \rangle} + da_{prev}^{\langle t+1 \rangle}`, the gradient from
    outside plus what step :math:`t + 1` passed back; the steps' parameter gradients add
    up. Course 5, Week 1.
    """
    x_shape, a, steps, params = read_cache(cache, "gru_forward", ("x_shape", "a", "steps", "params"))
    da = check_upstream("da", da, a.shape, "gru_forward")
    n_x, m, T_x = x_shape
    dx = np.empty(x_shape, dtype=np.result_type(da, a))
    grads = {f"d{key}": np.zeros(params[key].shape, dtype=np.result_type(da, a)) for key in GRU_PARAMS}
    da_prev = np.zeros(a[:, :, 0].shape, dtype=np.result_type(da, a))
    for t in reversed(range(T_x)):
        step = [steps[t][key] for key in _CELL_KEYS]
        dx[:, :, t], da_prev, sums = _gru_cell_gradients(da[:, :, t] + da_prev, *step)
        for key in grads:
            grads[key] += sums[key]
    return dx, da_prev, {key: g / m for key, g in grads.items()}
