r"""Additive attention, as the course draws it for translation: a small network scores every input step.

Course 5, Week 3. An encoder reads the input sequence and leaves one activation per step,
:math:`a^{\langle t' \rangle}` (in the course a bidirectional RNN, so
:math:`a^{\langle t' \rangle} = [\overrightarrow{a}^{\langle t' \rangle};
\overleftarrow{a}^{\langle t' \rangle}]` has :math:`2 n_a` entries). Before the decoder writes
output step :math:`t`, it decides how much attention to pay to each input step. A small dense
network reads its previous state :math:`s^{\langle t-1 \rangle}` stacked on each
:math:`a^{\langle t' \rangle}` and gives one *energy* per input step; a softmax over the input
steps turns the energies into the attention weights, and the context is the weighted sum of the
activations:

.. math::
    h^{\langle t, t' \rangle} &= \tanh\left(W_1 [s^{\langle t-1 \rangle}; a^{\langle t' \rangle}]
        + b_1\right) && (n_e,) \\
    e^{\langle t, t' \rangle} &= W_2\, h^{\langle t, t' \rangle} + b_2 && \text{one number} \\
    \alpha^{\langle t, t' \rangle} &= \frac{\exp e^{\langle t, t' \rangle}}
        {\sum_{t''=1}^{T_x} \exp e^{\langle t, t'' \rangle}} && \text{sums to 1 over } t' \\
    c^{\langle t \rangle} &= \sum_{t'=1}^{T_x} \alpha^{\langle t, t' \rangle} a^{\langle t' \rangle}
        && (2 n_a,)

Parameters, a dense layer each: ``W1`` of shape ``(n_e, n_s + 2 n_a)`` (the first ``n_s``
columns multiply :math:`s^{\langle t-1 \rangle}`, the others :math:`a^{\langle t' \rangle}`),
``b1`` ``(n_e, 1)``, ``W2`` ``(1, n_e)`` (the vector :math:`v^T` of Bahdanau et al.) and
``b2`` ``(1, 1)``. ``b2`` adds the same number to every energy, which the softmax cancels: its
gradient is always 0. It is kept because the course's second dense layer has a bias (the
course's programming exercise also puts a ReLU on the energies; here they stay linear, as in
Bahdanau et al., so that no score gets stuck at 0).

Shapes are batch-first, ``(m, T, d)``, as for every attention in dlspec: ``s_prev`` is
``(m, n_s)``, ``a`` is ``(m, T_x, 2 n_a)``. An encoder in dlspec's recurrent layout
``(n_a, m, T_x)`` gives it with ``a.transpose(1, 2, 0)``.

**Mask** (the convention of every attention in dlspec): ``mask`` of shape ``(m, T_x)``,
**1 = attend, 0 = masked**, e.g. 0 on the padding after a short input. A masked step's energy
is replaced by a large negative number before the softmax, so its weight is 0; a row masked
everywhere gets weight 0 at every step (a zero context), never NaN.

Blocks in dlspec's convention::

    context, alphas, cache = additive_attention_forward(s_prev, a, params, mask=None)
    ds_prev, da, grads = additive_attention_backward(dcontext, cache, dalphas=None)
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_binary,
    check_finite,
    check_float_dtype,
    check_int,
    check_params,
    check_rng,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)

#: The parameters of the scoring network, in order: two dense layers.
ATTENTION_PARAMS = ("W1", "b1", "W2", "b2")
#: The energy given to masked steps: exp of it is exactly 0, and it is finite in float32.
_MASKED_ENERGY = -1e9


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_attention_inputs(s_prev, a, params, mask):
    """s_prev (m, n_s), a (m, T_x, n_c), the four parameters and the mask, all checked."""
    s_prev, a = as_float_array("s_prev", s_prev), as_float_array("a", a)
    check_shape("s_prev", s_prev, ("m", "n_s"))
    check_shape("a", a, (s_prev.shape[0], "T_x", "2 n_a"),
                hint=f"(batch-first, m = {s_prev.shape[0]} from s_prev; from an encoder's "
                     "(n_a, m, T_x) output use a.transpose(1, 2, 0))")
    m, T_x, n_c = a.shape
    if m == 0 or T_x == 0:
        raise ValueError(f"a must hold at least one example and one time step, got shape {a.shape}")
    check_finite("s_prev", s_prev)
    check_finite("a", a)
    arrays = dict(zip(ATTENTION_PARAMS, check_params("params", params, ATTENTION_PARAMS), strict=True))
    n_s = s_prev.shape[1]
    check_shape("W1", arrays["W1"], ("n_e", n_s + n_c),
                hint=f"= (n_e, n_s + 2 n_a) for n_s = {n_s} (s_prev) and 2 n_a = {n_c} (a)")
    n_e = arrays["W1"].shape[0]
    check_shape("b1", arrays["b1"], (n_e, 1), hint=f"= (n_e, 1) for W1 of shape {arrays['W1'].shape}")
    check_shape("W2", arrays["W2"], (1, n_e), hint=f"= (1, n_e) for W1 of shape {arrays['W1'].shape}")
    check_shape("b2", arrays["b2"], (1, 1))
    for name, value in arrays.items():
        check_finite(name, value)
    if mask is not None:
        try:
            mask = np.asarray(mask)
        except ValueError as exc:  # a ragged nested list
            raise TypeError(f"mask must hold 1 (attend) and 0 (masked) as bool or numbers, "
                            f"got a ragged {type(mask).__name__}") from exc
        if mask.dtype.kind not in "biuf":
            raise TypeError(f"mask must hold 1 (attend) and 0 (masked) as bool or numbers, got dtype {mask.dtype}")
        check_shape("mask", mask, (m, T_x), hint="= (m, T_x), 1 = attend, 0 = masked")
        check_binary("mask", mask)
        mask = mask.astype(bool)
    return s_prev, a, arrays, mask


# ---------------------------------------------------------------------------
# Forward and backward
# ---------------------------------------------------------------------------


def additive_attention_forward(s_prev, a, params, mask=None):
    r"""Attention weights over the input steps and the context for one output step.

    Parameters
    ----------
    s_prev : ndarray of shape (m, n_s)
        The decoder's previous state :math:`s^{\langle t-1 \rangle}`, one row per example.
    a : ndarray of shape (m, T_x, 2 n_a)
        The encoder's activations :math:`a^{\langle t' \rangle}`, batch-first (any width; in
        the course the two directions of a bidirectional RNN stacked).
    params : dict
        ``W1`` (n_e, n_s + 2 n_a), ``b1`` (n_e, 1), ``W2`` (1, n_e), ``b2`` (1, 1); other keys
        are ignored.
    mask : ndarray of shape (m, T_x), optional
        1 (or True) = attend, 0 = masked; bool or 0/1 numbers. Default: attend everywhere.

    Returns
    -------
    context : ndarray of shape (m, 2 n_a)
        :math:`c^{\langle t \rangle} = \sum_{t'} \alpha^{\langle t, t' \rangle} a^{\langle t' \rangle}`.
    alphas : ndarray of shape (m, T_x)
        The attention weights, each row summing to 1 (0 where masked; a row masked everywhere
        is all 0).
    cache : dict
        For :func:`additive_attention_backward`.

    Raises
    ------
    ValueError
        If a shape does not match, ``m`` or ``T_x`` is 0, an input holds NaN or infinity, a
        parameter is missing or the mask holds something other than 0 and 1.
    TypeError
        If ``params`` is not a dict, or an array or the mask is not numeric.

    Notes
    -----
    The module's equations, for all examples and input steps at once; the product with
    :math:`s^{\langle t-1 \rangle}` is done once and shared by the :math:`T_x` steps, since
    :math:`W_1 [s; a] = W_{1s} s + W_{1a} a`. The softmax subtracts each row's largest energy
    first, so no exponential overflows. Course 5, Week 3.
    """
    s_prev, a, params, mask = _check_attention_inputs(s_prev, a, params, mask)
    return _additive_attention(s_prev, a, params, mask)


def _additive_attention(s_prev, a, params, mask):
    """:func:`additive_attention_forward` on checked arguments (``mask`` bool or None)."""
    m, T_x, n_c = a.shape
    n_s = s_prev.shape[1]
    dtype = np.result_type(s_prev, a, *params.values())
    W1s, W1a = params["W1"][:, :n_s], params["W1"][:, n_s:]  # W1 [s; a] = W1s s + W1a a
    pre = (a.reshape(m * T_x, n_c) @ W1a.T).reshape(m, T_x, -1)  # all (example, t') pairs at once
    pre += (s_prev @ W1s.T + params["b1"][:, 0])[:, None, :]  # the same for every t', (m, T_x, n_e)
    h = np.tanh(pre)
    energies = (h @ params["W2"][0] + params["b2"][0, 0]).astype(dtype, copy=False)  # (m, T_x)
    if mask is not None:
        energies = np.where(mask, energies, dtype.type(_MASKED_ENERGY))
    z = energies - energies.max(axis=1, keepdims=True)  # <= 0: no overflow
    alphas = np.exp(z)
    alphas /= alphas.sum(axis=1, keepdims=True)
    if mask is not None:
        alphas *= mask  # 0 already where masked, except in a row masked everywhere (uniform there)
    context = (alphas[:, None, :] @ a)[:, 0]  # sum over t' of alpha<t'> a<t'>, (m, 2 n_a)
    cache = make_cache("additive_attention_forward", s_prev=s_prev, a=a, h=h, alphas=alphas, params=params)
    return context, alphas, cache


def additive_attention_backward(dcontext, cache, dalphas=None):
    r"""Gradients of :func:`additive_attention_forward` with respect to its inputs and parameters.

    Parameters
    ----------
    dcontext : ndarray of shape (m, 2 n_a)
        Gradient of the loss with respect to the context, per example.
    cache : dict
        From :func:`additive_attention_forward`.
    dalphas : ndarray of shape (m, T_x), optional
        Gradient with respect to the attention weights themselves, when the loss also reads
        them (e.g. a penalty on them); default 0.

    Returns
    -------
    ds_prev : ndarray of shape (m, n_s)
    da : ndarray of shape (m, T_x, 2 n_a)
        Both per example. ``da`` holds both paths to ``a``: through the weighted sum and
        through the energies.
    grads : dict
        ``dW1`` (n_e, n_s + 2 n_a), ``db1`` (n_e, 1), ``dW2`` (1, n_e), ``db2`` (1, 1):
        gradients of the mean cost over the ``m`` examples. ``db2`` is 0 up to rounding (the
        softmax cancels a shift of all energies).

    Raises
    ------
    ValueError
        If ``dcontext`` or ``dalphas`` does not have the shape of the forward output.
    TypeError
        If ``cache`` was not made by :func:`additive_attention_forward`.

    Notes
    -----
    From the context back to the weights and to ``a``, then through the softmax (whose
    Jacobian gives :math:`de_{t'} = \alpha_{t'} (d\alpha_{t'} - \sum_{t''} \alpha_{t''}
    d\alpha_{t''})`; a masked step has :math:`\alpha = 0` and so gets no gradient), the
    energy layer and the tanh:

    .. math::
        d\alpha^{\langle t' \rangle} = a^{\langle t' \rangle} \cdot dc, \qquad
        da^{\langle t' \rangle} \mathrel{+}= \alpha^{\langle t' \rangle} dc, \qquad
        dh^{\langle t' \rangle} = W_2^T de^{\langle t' \rangle}, \qquad
        dz^{\langle t' \rangle} = dh^{\langle t' \rangle} \odot (1 - h^{\langle t' \rangle 2}),

    and, as for a dense layer on :math:`[s^{\langle t-1 \rangle}; a^{\langle t' \rangle}]`,
    :math:`[ds; da^{\langle t' \rangle}] \mathrel{+}= W_1^T dz^{\langle t' \rangle}` (``ds_prev``
    adds the :math:`T_x` steps) and :math:`dW_1 = \frac{1}{m} \sum_{i, t'} dz\, [s; a]^T`.
    Course 5, Week 3.
    """
    s_prev, a, h, alphas, params = read_cache(
        cache, "additive_attention_forward", ("s_prev", "a", "h", "alphas", "params"))
    m, T_x, n_c = a.shape
    n_s, n_e = s_prev.shape[1], h.shape[2]
    dcontext = check_upstream("dcontext", dcontext, (m, n_c), "additive_attention_forward")
    # the weighted sum: context = sum_t' alpha<t'> a<t'>
    dalpha = (a @ dcontext[:, :, None])[:, :, 0]  # a<t'> . dcontext, (m, T_x)
    if dalphas is not None:
        dalpha = dalpha + check_upstream("dalphas", dalphas, (m, T_x), "additive_attention_forward")
    da = alphas[:, :, None] * dcontext[:, None, :]  # (m, T_x, 2 n_a)
    # the softmax over t' (masked steps and fully masked rows have alpha = 0: no gradient)
    de = alphas * (dalpha - np.sum(alphas * dalpha, axis=1, keepdims=True))  # (m, T_x)
    # the energy layer, e = W2 h + b2, and the tanh
    dh = de[:, :, None] * params["W2"][0]  # (m, T_x, n_e)
    dz = dh * (1.0 - h * h)
    # the first layer, on [s_prev; a<t'>]
    W1s, W1a = params["W1"][:, :n_s], params["W1"][:, n_s:]
    dz_summed = dz.sum(axis=1)  # (m, n_e): s_prev is shared by the T_x steps
    ds_prev = dz_summed @ W1s
    dz_rows = dz.reshape(m * T_x, n_e)
    da += (dz_rows @ W1a).reshape(m, T_x, n_c)
    dW1 = np.concatenate([dz_summed.T @ s_prev, dz_rows.T @ a.reshape(m * T_x, n_c)], axis=1)
    grads = {
        "dW1": dW1 / m,
        "db1": dz_rows.sum(axis=0)[:, None] / m,
        "dW2": (de.reshape(-1) @ h.reshape(m * T_x, n_e))[None, :] / m,
        "db2": np.sum(de).reshape(1, 1) / m,
    }
    return ds_prev, da, grads


def init_attention(n_s, n_c, n_e, *, rng, dtype=np.float64):
    r"""Random parameters for :func:`additive_attention_forward`.

    Parameters
    ----------
    n_s : int
        Width of the decoder state.
    n_c : int
        Width of each encoder activation (``2 n_a`` for a bidirectional encoder).
    n_e : int
        Width of the hidden layer of the scoring network (10 in the course).
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    dict
        ``W1`` (n_e, n_s + n_c) and ``W2`` (1, n_e) drawn from a normal distribution with
        Xavier's variance, 1 / fan-in; ``b1`` and ``b2`` zeros.

    Raises
    ------
    ValueError
        If a size is not a positive integer.
    TypeError
        If ``rng`` is not a Generator or ``dtype`` is not float32 or float64.
    """
    n_s, n_c, n_e = check_int("n_s", n_s), check_int("n_c", n_c), check_int("n_e", n_e)
    check_rng(rng)
    dtype = check_float_dtype("dtype", dtype)
    return {
        "W1": (rng.standard_normal((n_e, n_s + n_c)) / np.sqrt(n_s + n_c)).astype(dtype),
        "b1": np.zeros((n_e, 1), dtype=dtype),
        "W2": (rng.standard_normal((1, n_e)) / np.sqrt(n_e)).astype(dtype),
        "b2": np.zeros((1, 1), dtype=dtype),
    }
