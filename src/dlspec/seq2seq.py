r"""An encoder–decoder with attention: the course's date-translation model, forward, backward, greedy.

Course 5, Week 3. The model of the course's machine-translation exercise, which turns dates
written by people ("3 March 2021") into machine dates ("2021-03-03"):

1. **Encoder**: a bidirectional LSTM (:mod:`dlspec.lstm`) reads the one-hot input characters
   :math:`x^{\langle 1 \rangle}, \dots, x^{\langle T_x \rangle}`, one LSTM from left to right
   and one from right to left; at every input step their outputs are stacked,
   :math:`a^{\langle t' \rangle} = [\overrightarrow{a}^{\langle t' \rangle};
   \overleftarrow{a}^{\langle t' \rangle}]`, of :math:`2 n_a` entries.
2. **Attention** (:mod:`dlspec.attention`): before output step :math:`t`, the weights
   :math:`\alpha^{\langle t, t' \rangle}` over the input steps are computed from the decoder's
   previous state :math:`s^{\langle t-1 \rangle}`, and the context
   :math:`c^{\langle t \rangle} = \sum_{t'} \alpha^{\langle t, t' \rangle} a^{\langle t' \rangle}`.
3. **Decoder**: a second LSTM, the *post-attention* LSTM, takes the context as its input,
   :math:`s^{\langle t \rangle}, c_s^{\langle t \rangle} = \mathrm{LSTM}(c^{\langle t \rangle},
   s^{\langle t-1 \rangle}, c_s^{\langle t-1 \rangle})`, from :math:`s^{\langle 0 \rangle} = 0`.
4. **Output**: a softmax over the :math:`n_y` output characters at every step,
   :math:`\hat y^{\langle t \rangle} = \mathrm{softmax}(W_y s^{\langle t \rangle} + b_y)`.

As in the course, the decoder does not read its own previous output: every output step sees
only the context and its own state. Each output character therefore depends on the input
alone, so training needs no teacher forcing and greedy decoding is one argmax per step
(:func:`translate`). This suits a task whose output has a fixed length and follows from the
input, like a date; a general translator feeds the previous word back in and searches with a
beam (:mod:`dlspec.beam_search`).

Parameters: one flat dict, so that an optimiser of :mod:`dlspec.optimizers` can update it.
The LSTMs' parameters keep the course's names with a suffix: ``_fw`` for the encoder's
left-to-right LSTM, ``_bw`` for its right-to-left one, ``_dec`` for the decoder
(``Wf_fw``, ..., ``bo_dec``); the attention's carry ``_att`` (``W1_att``, ..., ``b2_att``);
the output layer is ``Wy`` (n_y, n_s) and ``by`` (n_y, 1). Gradients are keyed ``"d" +``
name, e.g. ``dWf_fw``.

Shapes: inputs in the recurrent layout, ``x`` of shape ``(n_x, m, T_x)``; logits
``(n_y, m, T_y)``, as for :mod:`dlspec.language_model`, whose softmax cross-entropy (summed
over the steps) is the cost; attention weights ``(m, T_y, T_x)``. A mask ``(m, T_x)``
(1 = attend, 0 = masked) keeps the padding after short inputs out of the attention. One
training step::

    logits, alphas, cache = seq2seq_forward(x, params, T_y=10, mask=mask)
    cost = sequence_softmax_cross_entropy(logits, Y)            # Y one-hot (n_y, m, T_y)
    grads = seq2seq_backward(sequence_softmax_cross_entropy_backward(logits, Y), cache)
    params = optimizer.step(params, grads)
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
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
from dlspec.attention import (
    ATTENTION_PARAMS,
    additive_attention_backward,
    additive_attention_forward,
    init_attention,
)
from dlspec.language_model import rnn_output_backward, rnn_output_forward
from dlspec.lstm import LSTM_PARAMS, lstm_backward, lstm_cell_backward, lstm_cell_forward, lstm_forward

#: The parts of the model and the suffix of their parameters' names.
PARTS = {"fw": LSTM_PARAMS, "bw": LSTM_PARAMS, "att": ATTENTION_PARAMS, "dec": LSTM_PARAMS}
#: Every parameter of the model, in order: encoder (both directions), attention, decoder, output.
SEQ2SEQ_PARAMS = tuple(f"{name}_{part}" for part, names in PARTS.items() for name in names) + ("Wy", "by")


def _part(params, part):
    """The parameters of one part under their own names, e.g. ``{"Wf": params["Wf_fw"], ...}``."""
    return {name: params[f"{name}_{part}"] for name in PARTS[part]}


def _check_seq2seq_params(params):
    """The model's parameters as float arrays, finite, under the model's names in errors.

    The parts check their own shapes when they run (under their own names, ``Wf``, ``W1``);
    here are the checks that only the model's names can explain: finite values, the 2-D
    weights whose rows give ``n_a`` and ``n_s``, and the output layer.
    """
    params = dict(zip(SEQ2SEQ_PARAMS, check_params("params", params, SEQ2SEQ_PARAMS), strict=True))
    for name, value in params.items():
        check_finite(name, value)
    check_shape("Wf_fw", params["Wf_fw"], ("n_a", "n_a + n_x"))
    check_shape("Wf_dec", params["Wf_dec"], ("n_s", "n_s + 2 n_a"))
    n_s = params["Wf_dec"].shape[0]
    check_shape("Wy", params["Wy"], ("n_y", n_s), hint=f"= (n_y, n_s) for n_s = {n_s} (the rows of Wf_dec)")
    check_shape("by", params["by"], (params["Wy"].shape[0], 1), hint=f"= (n_y, 1) for Wy of shape {params['Wy'].shape}")
    return params


def _suffixed(grads, part):
    """A part's gradients under the model's names, e.g. ``{"dWf_fw": grads["dWf"], ...}``."""
    return {f"d{name}_{part}": grads[f"d{name}"] for name in PARTS[part]}


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------


def init_seq2seq(n_x, n_y, *, n_a, n_s, n_e=10, rng, dtype=np.float64):
    r"""Random parameters for the encoder–decoder with attention.

    Parameters
    ----------
    n_x : int
        Size of the input vocabulary (the one-hot input's length).
    n_y : int
        Size of the output vocabulary.
    n_a : int
        Width of each of the encoder's two LSTMs (the activations have ``2 n_a`` entries).
    n_s : int
        Width of the decoder's LSTM.
    n_e : int, default 10
        Width of the attention's hidden layer (10 in the course).
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    dict
        The keys of :data:`SEQ2SEQ_PARAMS`. Weights are normal with variance 1 / fan-in
        (Xavier); biases are 0 except the LSTMs' forget gates, ``bf = 1``, so that the
        memory is kept at first.

    Raises
    ------
    ValueError
        If a size is not a positive integer.
    TypeError
        If ``rng`` is not a Generator or ``dtype`` is not float32 or float64.
    """
    n_x, n_y = check_int("n_x", n_x), check_int("n_y", n_y)
    n_a, n_s, n_e = check_int("n_a", n_a), check_int("n_s", n_s), check_int("n_e", n_e)
    check_rng(rng)
    dtype = check_float_dtype("dtype", dtype)

    def lstm(n_in, n_out):
        return {name: (rng.standard_normal((n_out, n_out + n_in)) / np.sqrt(n_out + n_in)
                       if name.startswith("W") else np.full((n_out, 1), 1.0 if name == "bf" else 0.0))
                for name in LSTM_PARAMS}

    parts = {"fw": lstm(n_x, n_a), "bw": lstm(n_x, n_a),
             "att": init_attention(n_s, 2 * n_a, n_e, rng=rng), "dec": lstm(2 * n_a, n_s)}
    params = {f"{name}_{part}": value for part, p in parts.items() for name, value in p.items()}
    params["Wy"] = rng.standard_normal((n_y, n_s)) / np.sqrt(n_s)
    params["by"] = np.zeros((n_y, 1))
    return {name: value.astype(dtype) for name, value in params.items()}


# ---------------------------------------------------------------------------
# Forward and backward for a batch
# ---------------------------------------------------------------------------


def seq2seq_forward(x, params, *, T_y, mask=None):
    r"""Run the encoder, then attention and decoder for ``T_y`` output steps; return the logits.

    Parameters
    ----------
    x : ndarray of shape (n_x, m, T_x)
        One-hot input characters (padded to a common length ``T_x``).
    params : dict
        The keys of :data:`SEQ2SEQ_PARAMS`, e.g. from :func:`init_seq2seq`.
    T_y : int
        The number of output steps.
    mask : ndarray of shape (m, T_x), optional
        1 = attend, 0 = masked (the padding); default: attend to every input step. (The
        encoder still reads the padding; only the attention ignores it.)

    Returns
    -------
    logits : ndarray of shape (n_y, m, T_y)
        The output layer's logits; the softmax is in the cost
        (:func:`dlspec.language_model.sequence_softmax_cross_entropy`).
    alphas : ndarray of shape (m, T_y, T_x)
        The attention weights of every output step: ``alphas[i, t]`` sums to 1 over the input
        steps of example ``i``.
    cache : dict
        For :func:`seq2seq_backward`.

    Raises
    ------
    ValueError
        If a parameter is missing or has the wrong shape, ``x`` is not 3-D, ``m`` or ``T_x``
        is 0, an input holds NaN or infinity, ``T_y < 1`` or the mask is not 0/1 of shape
        (m, T_x).
    TypeError
        If ``params`` is not a dict, an array is not numeric or ``T_y`` is not an integer.

    Notes
    -----
    The encoder is two calls of :func:`dlspec.lstm.lstm_forward`, the second on the input
    read backwards (``x[:, :, ::-1]``), its outputs turned round again so that both
    directions describe the same input step. Then, for :math:`t = 1, \dots, T_y`,
    :func:`dlspec.attention.additive_attention_forward` and one step of
    :func:`dlspec.lstm.lstm_cell_forward`; the output layer reads all the decoder's states at
    once (:func:`dlspec.language_model.rnn_output_forward`). Course 5, Week 3.
    """
    T_y = check_int("T_y", T_y)
    params = _check_seq2seq_params(params)
    x = as_float_array("x", x)
    check_shape("x", x, ("n_x", "m", "T_x"), hint="(one-hot characters, the recurrent layout)")
    check_finite("x", x)
    n_x, m, T_x = x.shape
    # 1. the encoder: a bidirectional LSTM
    n_a = params["Wf_fw"].shape[0]
    zeros = np.zeros((n_a, m), dtype=x.dtype)
    a_fw, _, cache_fw = lstm_forward(x, zeros, _part(params, "fw"))
    a_bw_reversed, _, cache_bw = lstm_forward(x[:, :, ::-1], zeros, _part(params, "bw"))
    a = np.concatenate([a_fw, a_bw_reversed[:, :, ::-1]])  # a<t'> = [a_fw<t'>; a_bw<t'>], (2 n_a, m, T_x)
    a = np.ascontiguousarray(a.transpose(1, 2, 0))  # batch-first for the attention, (m, T_x, 2 n_a)
    # 2-3. attention and the post-attention LSTM, one output step at a time
    att, dec = _part(params, "att"), _part(params, "dec")
    n_s = dec["Wf"].shape[0]
    dtype = np.result_type(a, *params.values())
    s, c_s = np.zeros((n_s, m), dtype=dtype), np.zeros((n_s, m), dtype=dtype)
    states = np.empty((n_s, m, T_y), dtype=dtype)
    alphas = np.empty((m, T_y, T_x), dtype=dtype)
    att_caches, dec_caches = [], []
    for t in range(T_y):
        context, alphas[:, t], att_cache = additive_attention_forward(s.T, a, att, mask=mask)
        s, c_s, dec_cache = lstm_cell_forward(context.T, s, c_s, dec)
        states[:, :, t] = s
        att_caches.append(att_cache)
        dec_caches.append(dec_cache)
    # 4. the output layer at every step
    logits, out_cache = rnn_output_forward(states, {"Wya": params["Wy"], "by": params["by"]})
    cache = make_cache("seq2seq_forward", logits_shape=logits.shape, n_a=n_a, a_shape=a.shape, cache_fw=cache_fw, cache_bw=cache_bw,
                       att_caches=att_caches, dec_caches=dec_caches, out_cache=out_cache)
    return logits, alphas, cache


def seq2seq_backward(dlogits, cache):
    r"""Backpropagation through the output layer, the decoder, the attention and the encoder.

    Parameters
    ----------
    dlogits : ndarray of shape (n_y, m, T_y)
        Gradient of the loss with respect to the logits, per example, e.g.
        :func:`dlspec.language_model.sequence_softmax_cross_entropy_backward` (times a mask
        of the output steps, if some are padding).
    cache : dict
        From :func:`seq2seq_forward`.

    Returns
    -------
    grads : dict
        ``"d" + name`` for every name of :data:`SEQ2SEQ_PARAMS`, in that order: gradients of
        the mean cost over the ``m`` examples, summed over the time steps.

    Raises
    ------
    ValueError
        If ``dlogits`` does not have the shape of the logits.
    TypeError
        If ``cache`` was not made by :func:`seq2seq_forward`.

    Notes
    -----
    From the last output step to the first, the decoder state :math:`s^{\langle t-1 \rangle}`
    gets its gradient along two paths: through the next LSTM step, and through the
    attention, which read it to weigh the input steps:

    .. math:: ds^{\langle t-1 \rangle} = \underbrace{ds_{\mathrm{LSTM}}}_{\text{lstm\_cell\_backward}}
              + \underbrace{ds_{\mathrm{attention}}}_{\text{additive\_attention\_backward}},
              \qquad da^{\langle t' \rangle} = \sum_{t=1}^{T_y} da^{\langle t' \rangle}_{(t)}.

    The encoder's activations collect a gradient from every output step; it is split into
    the two directions and passed to :func:`dlspec.lstm.lstm_backward` (the right-to-left
    half turned round, as its LSTM read the input). Course 5, Week 3.
    """
    logits_shape, n_a, a_shape, cache_fw, cache_bw, att_caches, dec_caches, out_cache = read_cache(
        cache, "seq2seq_forward",
        ("logits_shape", "n_a", "a_shape", "cache_fw", "cache_bw", "att_caches", "dec_caches", "out_cache"))
    dlogits = check_upstream("dlogits", dlogits, logits_shape, "seq2seq_forward")
    # 4. the output layer
    ds_out, out_grads = rnn_output_backward(dlogits, out_cache)  # (n_s, m, T_y)
    n_s, m, T_y = ds_out.shape
    dtype = ds_out.dtype
    # 3-2. the decoder and the attention, from the last output step to the first
    ds_next, dc_next = np.zeros((n_s, m), dtype=dtype), np.zeros((n_s, m), dtype=dtype)
    da = np.zeros(a_shape, dtype=dtype)  # (m, T_x, 2 n_a)
    att_grads, dec_grads = {}, {}
    for t in reversed(range(T_y)):
        dcontext, ds_lstm, dc_next, step_dec = lstm_cell_backward(ds_out[:, :, t] + ds_next, dc_next, dec_caches[t])
        ds_att, da_t, step_att = additive_attention_backward(dcontext.T, att_caches[t])
        ds_next = ds_lstm + ds_att.T  # s<t-1> fed both the LSTM step and the attention
        da += da_t
        for total, step in ((dec_grads, step_dec), (att_grads, step_att)):
            for key, g in step.items():
                total[key] = total[key] + g if key in total else g
    # 1. the encoder: split the gradient between the two directions
    da = da.transpose(2, 0, 1)  # (2 n_a, m, T_x)
    _, _, _, fw_grads = lstm_backward(da[:n_a], cache_fw)
    _, _, _, bw_grads = lstm_backward(da[n_a:, :, ::-1], cache_bw)
    grads = {**_suffixed(fw_grads, "fw"), **_suffixed(bw_grads, "bw"),
             **_suffixed(att_grads, "att"), **_suffixed(dec_grads, "dec"),
             "dWy": out_grads["dWya"], "dby": out_grads["dby"]}
    return {f"d{name}": grads[f"d{name}"] for name in SEQ2SEQ_PARAMS}


# ---------------------------------------------------------------------------
# Prediction
# ---------------------------------------------------------------------------


def translate(x, params, *, T_y, mask=None):
    r"""Greedy translation: the most likely output character at every step.

    Parameters
    ----------
    x : ndarray of shape (n_x, m, T_x)
        One-hot input characters.
    params : dict
        As :func:`seq2seq_forward`.
    T_y : int
        The number of output steps.
    mask : ndarray of shape (m, T_x), optional
        1 = attend, 0 = masked (the padding).

    Returns
    -------
    tokens : ndarray of shape (m, T_y), int64
        The index of the most likely output character at each step.
    alphas : ndarray of shape (m, T_y, T_x)
        The attention weights, e.g. to draw the attention map of one example.

    Raises
    ------
    ValueError, TypeError
        As :func:`seq2seq_forward`.

    Notes
    -----
    :math:`\hat y^{\langle t \rangle} = \arg\max_k\, (W_y s^{\langle t \rangle} + b_y)_k`.
    Since this decoder does not read its previous output, choosing each step's argmax also
    finds the most likely whole output: the steps' probabilities are independent given the
    input, so no beam search can do better. Course 5, Week 3.
    """
    logits, alphas, _ = seq2seq_forward(x, params, T_y=T_y, mask=mask)
    return np.argmax(logits, axis=0).astype(np.int64), alphas
