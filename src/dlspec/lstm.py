r"""The long short-term memory (LSTM): one cell gate by gate, a whole sequence, forward and backward.

Course 5, Week 1. An LSTM carries two states from step to step: the memory cell
:math:`c^{\langle t \rangle}` and the output :math:`a^{\langle t \rangle}`. Three sigmoid
gates, each reading the old output stacked on the input,
:math:`[a^{\langle t-1 \rangle}; x^{\langle t \rangle}]` (old state on top), decide what to
forget, what to write and what to show:

.. math::
    \Gamma_f &= \sigma(W_f [a^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_f)
        && \text{forget gate} \\
    \Gamma_i &= \sigma(W_i [a^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_i)
        && \text{update (input) gate} \\
    \tilde c^{\langle t \rangle} &= \tanh(W_c [a^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_c)
        && \text{candidate} \\
    c^{\langle t \rangle} &= \Gamma_f \odot c^{\langle t-1 \rangle}
        + \Gamma_i \odot \tilde c^{\langle t \rangle} \\
    \Gamma_o &= \sigma(W_o [a^{\langle t-1 \rangle}; x^{\langle t \rangle}] + b_o)
        && \text{output gate} \\
    a^{\langle t \rangle} &= \Gamma_o \odot \tanh(c^{\langle t \rangle})

Parameters, in the course's names: ``Wf``, ``Wi``, ``Wc``, ``Wo`` of shape
``(n_a, n_a + n_x)`` (the first ``n_a`` columns multiply :math:`a^{\langle t-1 \rangle}`, the
last ``n_x`` the input) and ``bf``, ``bi``, ``bc``, ``bo`` of shape ``(n_a, 1)``. The course
calls :math:`\Gamma_i` the update gate :math:`\Gamma_u`; its parameters are ``Wi`` and
``bi`` here, as in the course's programming exercise. Because
:math:`c^{\langle t-1 \rangle}` reaches :math:`c^{\langle t \rangle}` through a product
with :math:`\Gamma_f` only, with no weight matrix and no squashing, its gradient survives many
steps when the forget gate stays open: the LSTM's answer to vanishing gradients.

Two versions, one computation:

* :func:`lstm_cell_forward` and :func:`lstm_cell_backward` compute one step gate by gate, one
  line per equation: the version to read, and the tests' oracle;
* :func:`lstm_forward` and :func:`lstm_backward` run a whole sequence fast (see ``make
  bench``, case ``lstm``): the four weight matrices are stacked into one, so each step does
  *one* matrix product with :math:`a^{\langle t-1 \rangle}`, and the products with the
  inputs of *all* steps are done before the loop in one matrix product (they do not depend
  on the recurrence). The stack's order is f, i, o, c (the three sigmoid gates together);
  it is internal, ``params`` and ``grads`` keep one entry per gate. (PyTorch's ``nn.LSTM``
  stacks i, f, g, o, ``g`` being the candidate, and has two bias vectors, ``b_ih`` and
  ``b_hh``, whose sum is the course's bias.)

Blocks in dlspec's convention (see :mod:`dlspec.recurrent` for the shapes and the gradient
conventions, shared by every recurrent cell)::

    a_next, c_next, cache = lstm_cell_forward(xt, a_prev, c_prev, params)
    dxt, da_prev, dc_prev, grads = lstm_cell_backward(da_next, dc_next, cache)
    a, c, cache = lstm_forward(x, a0, params, c0=None)   # c0 = zeros by default
    dx, da0, dc0, grads = lstm_backward(da, cache)
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

#: The parameters of an LSTM cell, in the course's names, gate by gate.
LSTM_PARAMS = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo")
#: The order of the gates in the stacked matrix of :func:`lstm_forward`: sigmoid gates first.
_STACK = ("f", "i", "o", "c")


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_state(name, a, n_a, m, hint):
    """A state (``a_prev``, ``c_prev``, ``a0`` or ``c0``) of shape (n_a, m), finite."""
    a = as_float_array(name, a)
    check_shape(name, a, (n_a, m), hint=hint)
    check_finite(name, a)
    return a


def _check_inputs(name, x, ndim, states, params):
    """The input (``ndim`` 2 for one step, 3 for a sequence), the parameters and the states.

    ``states`` maps the states' names to their values; ``c0`` None becomes zeros.
    """
    x = check_recurrent_input(name, x, ndim)
    params = check_gate_params(params, LSTM_PARAMS, x.shape[0])
    n_a, m = params["Wf"].shape[0], x.shape[1]
    hint = f"(n_a, m) to match Wf of shape {params['Wf'].shape} and {name} of shape {x.shape}"
    checked = [np.zeros((n_a, m), dtype=x.dtype) if value is None and state == "c0"
               else _check_state(state, value, n_a, m, hint) for state, value in states.items()]
    return x, *checked, params


# ---------------------------------------------------------------------------
# One cell, gate by gate: the readable version
# ---------------------------------------------------------------------------


def lstm_cell_forward(xt, a_prev, c_prev, params):
    r"""One LSTM step, computed gate by gate as the course writes it.

    Parameters
    ----------
    xt : ndarray of shape (n_x, m)
        The inputs of this time step.
    a_prev : ndarray of shape (n_a, m)
        The previous output (hidden state).
    c_prev : ndarray of shape (n_a, m)
        The previous memory cell.
    params : dict
        ``Wf``, ``Wi``, ``Wc``, ``Wo`` of shape (n_a, n_a + n_x) and ``bf``, ``bi``, ``bc``,
        ``bo`` of shape (n_a, 1); other keys are ignored. ``n_x`` comes from ``xt``, ``n_a``
        from ``Wf``.

    Returns
    -------
    a_next : ndarray of shape (n_a, m)
    c_next : ndarray of shape (n_a, m)
    cache : dict
        The inputs, the three gates and the candidate, for :func:`lstm_cell_backward`.

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
        c^{\langle t \rangle} = \Gamma_f \odot c^{\langle t-1 \rangle}
        + \Gamma_i \odot \tilde c^{\langle t \rangle}, \qquad
        a^{\langle t \rangle} = \Gamma_o \odot \tanh(c^{\langle t \rangle}),

    the gates and the candidate as in the module's docstring. Course 5, Week 1.
    """
    xt, a_prev, c_prev, params = _check_inputs("xt", xt, 2, {"a_prev": a_prev, "c_prev": c_prev}, params)
    return _lstm_cell(xt, a_prev, c_prev, params)


def _lstm_cell(xt, a_prev, c_prev, params):
    """:func:`lstm_cell_forward` on checked arguments."""
    concat = np.concatenate([a_prev, xt])  # [a<t-1>; x<t>], (n_a + n_x, m)
    gamma_f = sigmoid(params["Wf"] @ concat + params["bf"])
    gamma_i = sigmoid(params["Wi"] @ concat + params["bi"])
    c_tilde = np.tanh(params["Wc"] @ concat + params["bc"])
    c_next = gamma_f * c_prev + gamma_i * c_tilde
    gamma_o = sigmoid(params["Wo"] @ concat + params["bo"])
    a_next = gamma_o * np.tanh(c_next)
    cache = make_cache("lstm_cell_forward", concat=concat, c_prev=c_prev, c_next=c_next,
                       gamma_f=gamma_f, gamma_i=gamma_i, c_tilde=c_tilde, gamma_o=gamma_o,
                       params=params)
    return a_next, c_next, cache


def lstm_cell_backward(da_next, dc_next, cache):
    r"""Gradients of one LSTM step, gate by gate, with respect to its three inputs and its parameters.

    Parameters
    ----------
    da_next : ndarray of shape (n_a, m)
        Gradient of the loss with respect to ``a_next``, per example.
    dc_next : ndarray of shape (n_a, m)
        Gradient with respect to ``c_next``, per example: in a sequence, what the next step
        passes back (zeros after the last step).
    cache : dict
        From :func:`lstm_cell_forward`.

    Returns
    -------
    dxt : ndarray of shape (n_x, m)
    da_prev : ndarray of shape (n_a, m)
    dc_prev : ndarray of shape (n_a, m)
        All three per example.
    grads : dict
        ``dWf``, ``dWi``, ``dWc``, ``dWo`` (n_a, n_a + n_x) and ``dbf``, ``dbi``, ``dbc``,
        ``dbo`` (n_a, 1): gradients of the mean cost over the ``m`` examples.

    Raises
    ------
    ValueError
        If ``da_next`` or ``dc_next`` does not have the shape of the step's outputs.
    TypeError
        If ``cache`` was not made by :func:`lstm_cell_forward`.

    Notes
    -----
    The memory gets its gradient from both outputs,

    .. math:: dc = dc^{\langle t \rangle} + da^{\langle t \rangle} \odot \Gamma_o \odot
              (1 - \tanh^2 c^{\langle t \rangle}), \qquad
              dc^{\langle t-1 \rangle} = dc \odot \Gamma_f,

    then :math:`d\Gamma_o = da^{\langle t \rangle} \odot \tanh c^{\langle t \rangle}`,
    :math:`d\Gamma_f = dc \odot c^{\langle t-1 \rangle}`,
    :math:`d\Gamma_i = dc \odot \tilde c^{\langle t \rangle}`,
    :math:`d\tilde c = dc \odot \Gamma_i`; through the sigmoids
    (:math:`\sigma' = \Gamma (1 - \Gamma)`) and the tanh (:math:`1 - \tilde c^2`) to the four
    pre-activations :math:`dz`, and from each, as in a dense layer,
    :math:`dW = dz\, [a^{\langle t-1 \rangle}; x^{\langle t \rangle}]^T / m`, while the four
    :math:`W^T dz` add up to :math:`[da^{\langle t-1 \rangle}; dx^{\langle t \rangle}]`.
    Course 5, Week 1.
    """
    concat, c_prev, c_next, gamma_f, gamma_i, c_tilde, gamma_o, params = read_cache(
        cache, "lstm_cell_forward",
        ("concat", "c_prev", "c_next", "gamma_f", "gamma_i", "c_tilde", "gamma_o", "params"),
    )
    da_next = check_upstream("da_next", da_next, c_next.shape, "lstm_cell_forward")
    dc_next = check_upstream("dc_next", dc_next, c_next.shape, "lstm_cell_forward")
    n_a, m = c_next.shape
    tanh_c = np.tanh(c_next)
    dgamma_o = da_next * tanh_c
    dc = dc_next + da_next * gamma_o * (1.0 - tanh_c * tanh_c)
    dgamma_f = dc * c_prev
    dgamma_i = dc * c_tilde
    dc_tilde = dc * gamma_i
    dc_prev = dc * gamma_f
    dz = {  # the gradients of the four pre-activations
        "f": dgamma_f * gamma_f * (1.0 - gamma_f),
        "i": dgamma_i * gamma_i * (1.0 - gamma_i),
        "c": dc_tilde * (1.0 - c_tilde * c_tilde),
        "o": dgamma_o * gamma_o * (1.0 - gamma_o),
    }
    dconcat = sum(params[f"W{gate}"].T @ dz[gate] for gate in ("f", "i", "c", "o"))
    grads = {}
    for gate in ("f", "i", "c", "o"):
        grads[f"dW{gate}"] = dz[gate] @ concat.T / m
        grads[f"db{gate}"] = np.sum(dz[gate], axis=1, keepdims=True) / m
    return dconcat[n_a:], dconcat[:n_a], dc_prev, grads


# ---------------------------------------------------------------------------
# A whole sequence, the four gates stacked: the fast version
# ---------------------------------------------------------------------------


def lstm_forward(x, a0, params, c0=None):
    r"""Run an LSTM cell over a whole sequence; return every output and every memory cell.

    Parameters
    ----------
    x : ndarray of shape (n_x, m, T_x)
        The inputs, ``x[:, :, t]`` at step ``t`` (counted from 0).
    a0 : ndarray of shape (n_a, m)
        The initial output (hidden state), usually zeros.
    params : dict
        As :func:`lstm_cell_forward`, shared by all steps.
    c0 : ndarray of shape (n_a, m), optional
        The initial memory cell; zeros by default, as in the course.

    Returns
    -------
    a : ndarray of shape (n_a, m, T_x)
        The output after every step (``a0`` not included); what an output layer reads.
    c : ndarray of shape (n_a, m, T_x)
        The memory cell after every step (``c0`` not included); ``c[:, :, -1]`` with
        ``a[:, :, -1]`` is the final state, e.g. to continue the sequence later.
    cache : dict
        What :func:`lstm_backward` needs: the stacked weights, the inputs in time-major
        order, the states and the gates of every step.

    Raises
    ------
    ValueError
        If ``x`` is not 3-D (one step as ``x[:, :, None]``), ``m`` or ``T_x`` is 0, a shape
        does not match, a parameter is missing or an input holds NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    The equations of :func:`lstm_cell_forward` for :math:`t = 1, \dots, T_x`, computed with
    the four gates stacked, :math:`W = [W_f; W_i; W_o; W_c]` of shape
    :math:`(4 n_a, n_a + n_x)`, split by columns into :math:`W_a` (old state) and
    :math:`W_x` (input):

    .. math:: Z_x = W_x\, [x^{\langle 1 \rangle} \cdots x^{\langle T_x \rangle}] + b
              \quad \text{(once)}, \qquad
              z^{\langle t \rangle} = Z_x^{\langle t \rangle} + W_a a^{\langle t-1 \rangle}
              \quad \text{(each step)},

    then :math:`\sigma` on the first :math:`3 n_a` rows and tanh on the last :math:`n_a`.
    The tests check it against a loop over :func:`lstm_cell_forward`. Course 5, Week 1.
    """
    x, a0, c0, params = _check_inputs("x", x, 3, {"a0": a0, "c0": c0}, params)
    return _lstm(x, a0, c0, params)


def _sigmoid_in_place(z):
    """``z`` replaced by sigmoid(z), as 0.5 tanh(z / 2) + 0.5: no exponential can overflow.

    Speed: four in-place passes over the gates' rows. dlspec.activations.sigmoid, stable by
    computing the two signs' halves through boolean masks, made the whole forward + backward
    step of ``make bench``'s lstm case 1.8 times slower (measured in float32, one thread).
    tanh saturates to -1 or 1 without overflow, so no warning at any ``z`` either.
    """
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5
    return z


def _lstm(x, a0, c0, params):
    """:func:`lstm_forward` on checked arguments."""
    n_x, m, T_x = x.shape
    n_a = a0.shape[0]
    dtype = np.result_type(x, a0, c0, *params.values())
    W = np.concatenate([params[f"W{gate}"] for gate in _STACK]).astype(dtype, copy=False)
    b = np.concatenate([params[f"b{gate}"] for gate in _STACK]).astype(dtype, copy=False)
    Wa, Wx = W[:, :n_a], W[:, n_a:]  # (4 n_a, n_a), (4 n_a, n_x)
    # The inputs as columns in time-major order, (n_x, T_x * m): column t * m + i is x<t> of
    # example i, so that every step's slice below is one block of m columns.
    xs = x.transpose(0, 2, 1).reshape(n_x, T_x * m)
    Z = Wx @ xs  # the input projections of all steps, one matrix product
    Z += b
    Z = Z.reshape(4 * n_a, T_x, m)  # becomes the gates, step by step, in place
    A = np.empty((n_a, T_x + 1, m), dtype=dtype)  # a<0>, ..., a<T_x>
    C = np.empty((n_a, T_x + 1, m), dtype=dtype)  # c<0>, ..., c<T_x>
    tanh_C = np.empty((n_a, T_x, m), dtype=dtype)
    A[:, 0], C[:, 0] = a0, c0
    for t in range(T_x):
        gates = Z[:, t]  # (4 n_a, m)
        gates += Wa @ A[:, t]  # one matrix product per step
        _sigmoid_in_place(gates[: 3 * n_a])
        np.tanh(gates[3 * n_a :], out=gates[3 * n_a :])
        gamma_f, gamma_i, gamma_o, c_tilde = (gates[k * n_a : (k + 1) * n_a] for k in range(4))
        c = C[:, t + 1]
        np.multiply(gamma_f, C[:, t], out=c)
        c += gamma_i * c_tilde
        np.multiply(gamma_o, np.tanh(c, out=tanh_C[:, t]), out=A[:, t + 1])
    cache = make_cache("lstm_forward", x_shape=x.shape, xs=xs, W=W, A=A, C=C, tanh_C=tanh_C, gates=Z)
    a = np.ascontiguousarray(A[:, 1:].transpose(0, 2, 1))  # (n_a, m, T_x)
    c = np.ascontiguousarray(C[:, 1:].transpose(0, 2, 1))
    return a, c, cache


def lstm_backward(da, cache):
    r"""Backpropagation through time for :func:`lstm_forward`, carrying both states back.

    Parameters
    ----------
    da : ndarray of shape (n_a, m, T_x)
        Gradient of the loss with respect to every output ``a[:, :, t]``, per example, from
        outside the recurrence (an output layer at every step, or zeros except at the last
        step). What each step receives from the next, through both :math:`a` and :math:`c`,
        is added here. (The memory cells are not read from outside, so they have no ``dc``
        argument: their gradient after the last step is 0.)
    cache : dict
        From :func:`lstm_forward`.

    Returns
    -------
    dx : ndarray of shape (n_x, m, T_x)
    da0 : ndarray of shape (n_a, m)
    dc0 : ndarray of shape (n_a, m)
        All three per example; ``da0`` and ``dc0`` are what the first step passes back to the
        initial states.
    grads : dict
        ``dWf``, ``dWi``, ``dWc``, ``dWo`` (n_a, n_a + n_x) and ``dbf``, ``dbi``, ``dbc``,
        ``dbo`` (n_a, 1): gradients of the mean cost over the examples, summed over the
        time steps.

    Raises
    ------
    ValueError
        If ``da`` does not have the shape of ``a``.
    TypeError
        If ``cache`` was not made by :func:`lstm_forward`.

    Notes
    -----
    From :math:`t = T_x` down to 1, :func:`lstm_cell_backward`'s equations on
    :math:`da^{\langle t \rangle} + W_a^T dz^{\langle t+1 \rangle}` and
    :math:`dc^{\langle t \rangle} = dc \odot \Gamma_f^{\langle t+1 \rangle}`, with
    :math:`dz` the stacked gradients of the pre-activations, kept for every step. The loop
    does only what depends on the next step (one matrix product per step, with
    :math:`W_a^T`); the parameter gradients and ``dx`` are then three matrix products over
    all steps at once:

    .. math:: dW = \frac{1}{m}\, dZ\, [a^{\langle t-1 \rangle}; x^{\langle t \rangle}]_{t=1..T_x}^T,
              \qquad dx = W_x^T dZ.

    The tests check it against a loop over :func:`lstm_cell_backward`. Course 5, Week 1.
    """
    x_shape, xs, W, A, C, tanh_C, gates = read_cache(
        cache, "lstm_forward", ("x_shape", "xs", "W", "A", "C", "tanh_C", "gates")
    )
    n_x, m, T_x = x_shape
    n_a = A.shape[0]
    da = check_upstream("da", da, (n_a, m, T_x), "lstm_forward")
    dtype = np.result_type(da, W)
    da_steps = np.ascontiguousarray(da.transpose(0, 2, 1), dtype=dtype)  # (n_a, T_x, m)
    Wa_T = np.ascontiguousarray(W[:, :n_a].T)  # (n_a, 4 n_a)
    dZ = np.empty((4 * n_a, T_x, m), dtype=dtype)
    da_next = np.zeros((n_a, m), dtype=dtype)  # nothing comes back from after the last step
    dc_next = np.zeros((n_a, m), dtype=dtype)
    for t in reversed(range(T_x)):
        gamma_f, gamma_i, gamma_o, c_tilde = (gates[k * n_a : (k + 1) * n_a, t] for k in range(4))
        dz_f, dz_i, dz_o, dz_c = (dZ[k * n_a : (k + 1) * n_a, t] for k in range(4))
        tanh_c = tanh_C[:, t]
        d_a = da_steps[:, t] + da_next  # from outside, and from step t + 1
        np.multiply(d_a, tanh_c, out=dz_o)  # dΓo
        dc = dc_next + d_a * gamma_o * (1.0 - tanh_c * tanh_c)
        np.multiply(dc, C[:, t], out=dz_f)  # dΓf
        np.multiply(dc, c_tilde, out=dz_i)  # dΓi
        np.multiply(dc, gamma_i, out=dz_c)  # dc~
        dc_next = dc * gamma_f
        # through the sigmoids, σ' = Γ (1 - Γ), and the tanh, 1 - c~^2
        sig = gates[: 3 * n_a, t]
        dZ[: 3 * n_a, t] *= sig * (1.0 - sig)
        dz_c *= 1.0 - c_tilde * c_tilde
        da_next = Wa_T @ dZ[:, t]  # the only product that must wait for step t + 1
    dZ = dZ.reshape(4 * n_a, T_x * m)
    dW = np.empty(W.shape, dtype=dtype)
    dW[:, :n_a] = dZ @ A[:, :T_x].reshape(n_a, T_x * m).T  # with a<0>, ..., a<T_x - 1>
    dW[:, n_a:] = dZ @ xs.T
    db = np.sum(dZ, axis=1, keepdims=True)
    dx = (W[:, n_a:].T @ dZ).reshape(n_x, T_x, m).transpose(0, 2, 1)
    grads = {}
    for k, gate in enumerate(_STACK):
        grads[f"dW{gate}"] = dW[k * n_a : (k + 1) * n_a] / m
        grads[f"db{gate}"] = db[k * n_a : (k + 1) * n_a] / m
    grads = {f"d{name}": grads[f"d{name}"] for name in LSTM_PARAMS}  # in the course's order
    return np.ascontiguousarray(dx), da_next, dc_next, grads
