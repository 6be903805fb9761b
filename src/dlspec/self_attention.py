r"""Self-attention: positional encoding, masks, scaled dot-product and multi-head attention.

Course 5, Week 4. A sequence is stored with the examples first, as the transformer papers
and libraries store it: ``x`` of shape ``(m, T, d)``, where ``x[i, t]`` is the vector of
position ``t`` of example ``i`` (``d = d_model`` for the model's activations). Each position
asks a *query* :math:`q`, offers a *key* :math:`k` and carries a *value* :math:`v`; a query's
output is the average of the values weighted by how well its query matches every key:

.. math::
    \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^T}{\sqrt{d_k}}\right) V .

**Mask convention, used everywhere in dlspec: 1 = attend, 0 = masked.** A mask entry
``mask[i, q, k] == 1`` lets query ``q`` of example ``i`` look at key ``k``; ``0`` hides the key.
Masks may be boolean or hold the numbers 0 and 1, and they broadcast against the scores
``(m, T_q, T_k)``: a padding mask has shape ``(m, 1, T_k)`` (the same keys hidden for every
query), a look-ahead mask ``(1, T, T)`` (the same triangle for every example). A masked
score is replaced by a large negative finite number (:data:`MASKED_SCORE`) before the
softmax, so its weight is exactly 0; a query whose keys are *all* masked gets zero weights,
hence a zero output and zero gradients, never NaN.

Blocks in dlspec's convention::

    out, weights, cache = scaled_dot_product_attention_forward(Q, K, V, mask=None)
    dQ, dK, dV = scaled_dot_product_attention_backward(dout, cache)

    params = init_multi_head_attention(d_model, rng=rng)
    out, weights, cache = multi_head_attention_forward(x_q, x_kv, params, n_heads=h, mask=None)
    dx_q, dx_kv, grads = multi_head_attention_backward(dout, cache)

Multi-head attention projects with ``x @ W`` (rows are positions), ``Wq``, ``Wk``, ``Wv``,
``Wo`` of shape ``(d_model, d_model)`` and biases ``bq``, ``bk``, ``bv``, ``bo`` of shape
``(d_model,)``. Head ``j`` owns the columns ``j d_k : (j + 1) d_k`` of ``Wq``, ``Wk`` and ``Wv``
(``d_k = d_model / n_heads``) and the same rows of ``Wo``. Two versions, one computation:

* :func:`multi_head_attention_forward_naive` loops over the heads, one
  :func:`scaled_dot_product_attention_forward` each, then concatenates: the version to read,
  and the tests' oracle;
* :func:`multi_head_attention_forward` reshapes the projections to ``(m, h, T, d_k)`` and runs
  all heads in *one* batched matrix product (see ``make bench``, case ``mha``).

For self-attention pass the same array as ``x_q`` and ``x_kv``, and add the two input
gradients, ``dx = dx_q + dx_kv``.

Gradient convention, as in :mod:`dlspec.layers`: ``dout`` and the input gradients are per
example, the parameter gradients in ``grads`` (keys ``"d" + name``) are those of the *mean*
cost over the ``m`` examples. float64 by default, float32 kept when every input is float32.
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

#: The parameters of multi-head attention.
MHA_PARAMS = ("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo")
#: The score a masked key gets before the softmax: finite, so no inf - inf = NaN, and
#: exp(MASKED_SCORE - max) is exactly 0 in float32 and float64.
MASKED_SCORE = -1e9


# ---------------------------------------------------------------------------
# Positional encoding and masks
# ---------------------------------------------------------------------------


def positional_encoding(T, d, *, dtype=np.float64):
    r"""The sinusoidal positional encodings of positions ``0 .. T-1`` in ``d`` dimensions.

    Parameters
    ----------
    T : int
        Number of positions, >= 1.
    d : int
        Encoding size (``d_model``), >= 1.
    dtype : float32 or float64, default float64

    Returns
    -------
    ndarray of shape (T, d)
        Row ``pos`` is added to the embedding of the token at position ``pos``.

    Raises
    ------
    TypeError, ValueError
        If ``T`` or ``d`` is not an integer >= 1, or ``dtype`` is not float32 or float64.

    Notes
    -----
    .. math::
        PE_{(pos,\, 2i)} = \sin\!\left(\frac{pos}{10000^{2i/d}}\right), \qquad
        PE_{(pos,\, 2i+1)} = \cos\!\left(\frac{pos}{10000^{2i/d}}\right).

    Each pair of columns ``(2i, 2i+1)`` turns at its own angular frequency
    :math:`\omega_i = 10000^{-2i/d}`, from one turn per :math:`2\pi` positions down to one per
    :math:`2\pi \cdot 10000`. Moving ``k`` positions rotates every pair by the angle
    :math:`k\omega_i`, the same for every ``pos``, so ``PE[pos + k]`` is a fixed linear map of
    ``PE[pos]``. An odd ``d`` ends with a sine column. Course 5, Week 4.
    """
    T = check_int("T", T)
    d = check_int("d", d)
    dtype = check_float_dtype("dtype", dtype)
    i = np.arange(d) // 2                           # the pair of each column
    omega = 1.0 / 10000.0 ** (2 * i / d)            # (d,)
    angles = np.arange(T)[:, None] * omega[None, :]  # (T, d)
    pe = np.where(np.arange(d) % 2 == 0, np.sin(angles), np.cos(angles))
    return pe.astype(dtype)


def padding_mask(tokens, pad_id):
    """The mask that hides padding tokens: 1 where ``tokens != pad_id``, 0 at padding.

    Parameters
    ----------
    tokens : array_like of int, shape (m, T)
        Token ids of ``m`` sequences padded to length ``T``.
    pad_id : int
        The id of the padding token.

    Returns
    -------
    ndarray of shape (m, 1, T), float64 of 0 and 1
        Broadcasts over the queries: every query of example ``i`` may attend to the keys that
        are not padding.

    Raises
    ------
    TypeError
        If ``tokens`` does not hold integers or ``pad_id`` is not an integer.
    ValueError
        If ``tokens`` is not 2-D.
    """
    try:
        tokens = np.asarray(tokens)
    except ValueError as exc:  # a ragged nested list
        raise TypeError(f"tokens must be an integer array of shape (m, T), got {type(tokens).__name__}") from exc
    if tokens.dtype.kind not in "iu":
        raise TypeError(f"tokens must be an integer array of shape (m, T), got dtype {tokens.dtype}")
    check_shape("tokens", tokens, ("m", "T"))
    pad_id = check_int("pad_id", pad_id, minimum=-(2**63))
    return (tokens != pad_id).astype(np.float64)[:, None, :]


def look_ahead_mask(T):
    """The mask that hides the future: query ``q`` may attend to keys ``k <= q``.

    Parameters
    ----------
    T : int
        Sequence length, >= 1.

    Returns
    -------
    ndarray of shape (1, T, T), float64 of 0 and 1
        Lower triangular ones (row = query position, column = key position).

    Raises
    ------
    TypeError, ValueError
        If ``T`` is not an integer >= 1.
    """
    T = check_int("T", T)
    return np.tril(np.ones((T, T)))[None, :, :]


def combine_masks(*masks):
    """Elementwise AND of masks (1 = attend, 0 = masked), broadcast together.

    For the decoder's self-attention: ``combine_masks(look_ahead_mask(T), padding_mask(y, 0))``
    has shape ``(m, T, T)``. ``None`` arguments are skipped; with no mask left, returns None.

    Raises
    ------
    ValueError
        If a mask holds values other than 0 and 1, or the shapes do not broadcast.
    TypeError
        If a mask is not an array of numbers or booleans (strings, a ragged list, ...).
    """
    checked = [_as_mask(f"masks[{k}]", mask) for k, mask in enumerate(masks) if mask is not None]
    if not checked:
        return None
    try:
        shape = np.broadcast_shapes(*(mask.shape for mask in checked))
    except ValueError as exc:
        shapes = ", ".join(str(mask.shape) for mask in checked)
        raise ValueError(f"masks must broadcast together, got shapes {shapes}") from exc
    combined = np.ones(shape, dtype=bool)
    for mask in checked:
        combined &= mask
    return combined.astype(np.float64)


def _as_mask(name, mask):
    """``mask`` as a boolean array (True = attend) after checking that it holds only 0 and 1."""
    try:
        mask = np.asarray(mask)
    except ValueError as exc:  # a ragged nested list
        raise TypeError(f"{name} must hold 0 and 1 (or booleans), got {type(mask).__name__}") from exc
    if mask.dtype == bool:
        return mask
    if mask.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold 0 and 1 (or booleans), got dtype {mask.dtype}")
    check_binary(name, mask)
    return mask != 0


def _check_mask(mask, scores_shape, what):
    """``mask`` as a boolean array that broadcasts to ``scores_shape`` (None stays None)."""
    if mask is None:
        return None
    mask = _as_mask("mask", mask)
    fits = mask.ndim <= len(scores_shape) and all(
        n in (1, s) for n, s in zip(mask.shape[::-1], scores_shape[::-1], strict=False))
    if not fits:
        raise ValueError(f"mask must broadcast to the scores' shape {what} = {scores_shape}, got {mask.shape}")
    return mask


# ---------------------------------------------------------------------------
# Scaled dot-product attention
# ---------------------------------------------------------------------------


def _check_qkv(Q, K, V):
    """Q (..., T_q, d_k), K (..., T_k, d_k), V (..., T_k, d_v), 3-D or 4-D, finite, one dtype."""
    Q, K, V = (as_float_array(name, a) for name, a in (("Q", Q), ("K", K), ("V", V)))
    if Q.ndim not in (3, 4):
        raise ValueError(f"Q must have shape (m, T_q, d_k) or (m, h, T_q, d_k), got {Q.shape}")
    lead = Q.shape[:-2]
    labels = ("m",) if Q.ndim == 3 else ("m", "h")
    check_shape("K", K, (*lead, None, Q.shape[-1]), hint=f"(..., T_k, d_k) to match Q of shape {Q.shape}")
    check_shape("V", V, (*lead, K.shape[-2], None), hint=f"(..., T_k, d_v) to match K of shape {K.shape}")
    for name, a in (("Q", Q), ("K", K), ("V", V)):
        if 0 in a.shape:
            raise ValueError(f"{name} must not have an empty axis, got shape {a.shape} "
                             f"({', '.join(labels)}, T, d)")
        check_finite(name, a)
    return Q, K, V


def scaled_dot_product_attention_forward(Q, K, V, mask=None):
    r"""Attention of every query over the keys: ``softmax(Q K^T / sqrt(d_k)) V``.

    Parameters
    ----------
    Q : ndarray of shape (m, T_q, d_k) or (m, h, T_q, d_k)
        Queries (with a head axis ``h`` when called for all heads at once).
    K : ndarray of shape (m, T_k, d_k) or (m, h, T_k, d_k)
        Keys.
    V : ndarray of shape (m, T_k, d_v) or (m, h, T_k, d_v)
        Values.
    mask : array_like of 0 and 1 (or bool), optional
        1 = attend, 0 = masked; broadcastable to the scores ``(m, T_q, T_k)`` (or
        ``(m, h, T_q, T_k)``; e.g. ``(m, 1, 1, T_k)`` for padding with heads).

    Returns
    -------
    out : ndarray of shape (m, T_q, d_v) or (m, h, T_q, d_v)
    weights : ndarray of shape (m, T_q, T_k) or (m, h, T_q, T_k)
        The attention weights; each row sums to 1, or is all 0 if its keys are all masked.
    cache : dict
        For :func:`scaled_dot_product_attention_backward`.

    Raises
    ------
    ValueError
        If the shapes do not match, an axis is empty, an input holds NaN or infinity, or the
        mask holds values other than 0 and 1 or does not broadcast to the scores.
    TypeError
        If an input is not numeric.

    Notes
    -----
    .. math::
        S = \frac{Q K^T}{\sqrt{d_k}}, \qquad
        A = \mathrm{softmax}_{\text{keys}}(S), \qquad \text{out} = A V .

    Dividing by :math:`\sqrt{d_k}` keeps the scores' variance about 1 when the entries of
    ``Q`` and ``K`` have variance 1, so the softmax is not saturated from the start.
    Course 5, Week 4.
    """
    Q, K, V = _check_qkv(Q, K, V)
    scores_shape = (*Q.shape[:-1], K.shape[-2])
    mask = _check_mask(mask, scores_shape, "(m, T_q, T_k)" if Q.ndim == 3 else "(m, h, T_q, T_k)")
    return _attention(Q, K, V, mask)


def _softmax_last(S):
    """Stable softmax over the last axis, in place on ``S`` (a scratch array, finite)."""
    # fmax is max on finite numbers; NumPy reduces it ~9x faster (it need not look for NaN).
    S -= np.fmax.reduce(S, axis=-1, keepdims=True)
    np.exp(S, out=S)
    S *= 1.0 / S.sum(axis=-1, keepdims=True)  # one division per row, then products
    return S


def _attention(Q, K, V, mask):
    """:func:`scaled_dot_product_attention_forward` on checked arguments (mask boolean or None)."""
    scale = Q.dtype.type(1.0 / np.sqrt(Q.shape[-1]))
    Q_scaled = Q * scale  # S = (Q / sqrt(d_k)) K^T: d_k products per query rather than T_k
    # K^T copied to a contiguous array: NumPy's stacked matmul calls BLAS when the second
    # operand is C-ordered, and loops ~8x slower over a transposed view.
    S = Q_scaled @ np.ascontiguousarray(np.swapaxes(K, -1, -2))  # (..., T_q, T_k)
    if mask is not None:
        np.copyto(S, S.dtype.type(MASKED_SCORE), where=~mask)
    A = _softmax_last(S)
    if mask is not None:
        A *= mask.any(axis=-1, keepdims=True)  # a query with every key masked: weights 0, not 1/T_k
    out = A @ V  # (..., T_q, d_v)
    cache = make_cache("scaled_dot_product_attention_forward", Q_scaled=Q_scaled, K=K, V=V, A=A, out=out,
                       scale=scale)
    return out, A, cache


def scaled_dot_product_attention_backward(dout, cache):
    r"""Gradients of scaled dot-product attention with respect to ``Q``, ``K`` and ``V``.

    Parameters
    ----------
    dout : ndarray of the shape of ``out``, (m, T_q, d_v) or (m, h, T_q, d_v)
    cache : dict
        From :func:`scaled_dot_product_attention_forward`.

    Returns
    -------
    dQ, dK, dV : ndarrays of the shapes of Q, K and V
        Per example (the block has no parameters).

    Raises
    ------
    ValueError
        If ``dout`` does not have the shape of the forward output.
    TypeError
        If ``cache`` was not made by :func:`scaled_dot_product_attention_forward`.

    Notes
    -----
    With :math:`A` the weights,

    .. math::
        dV = A^T d\mathrm{out}, \qquad dA = d\mathrm{out}\, V^T, \qquad
        dS = A \odot \Big(dA - \sum_{\text{keys}} dA \odot A\Big),

    the softmax's backward pass row by row, then :math:`dQ = dS\, K / \sqrt{d_k}` and
    :math:`dK = dS^T Q / \sqrt{d_k}`. The row sums need no product of two score-sized
    arrays: since :math:`\mathrm{out}_q = \sum_k A_{qk} v_k`,
    :math:`\sum_k dA_{qk} A_{qk} = d\mathrm{out}_q \cdot \mathrm{out}_q` (FlashAttention's
    shortcut). A masked weight is 0, so its score gets no gradient; a fully masked row has all
    weights 0 and gives nothing back. Course 5, Week 4.
    """
    Q_scaled, V = read_cache(cache, "scaled_dot_product_attention_forward", ("Q_scaled", "V"))
    dout = check_upstream("dout", dout, (*Q_scaled.shape[:-1], V.shape[-1]), "scaled_dot_product_attention_forward")
    return _attention_backward(dout, cache)


def _attention_backward(dout, cache):
    """:func:`scaled_dot_product_attention_backward` on checked arguments."""
    Q_scaled, K, V, A, out, scale = (cache[k] for k in ("Q_scaled", "K", "V", "A", "out", "scale"))
    dV = np.swapaxes(A, -1, -2) @ dout
    dA = dout @ np.ascontiguousarray(np.swapaxes(V, -1, -2))  # contiguous V^T, as K^T forward
    dS = dA
    dS -= np.sum(dout * out, axis=-1, keepdims=True)  # = sum over the keys of dA * A
    dS *= A
    dQ = dS @ K
    dQ *= scale
    dK = np.swapaxes(dS, -1, -2) @ Q_scaled  # Q_scaled carries the 1/sqrt(d_k)
    return dQ, dK, dV


# ---------------------------------------------------------------------------
# Multi-head attention
# ---------------------------------------------------------------------------


def init_multi_head_attention(d_model, *, rng, dtype=np.float64):
    r"""Parameters of multi-head attention: Xavier (Glorot) uniform weights, zero biases.

    Parameters
    ----------
    d_model : int
        Model width, >= 1.
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    dict
        ``Wq``, ``Wk``, ``Wv``, ``Wo`` of shape (d_model, d_model), drawn from
        :math:`U(-\sqrt{6 / (2 d_{model})}, +\sqrt{6 / (2 d_{model})})`, and ``bq``, ``bk``,
        ``bv``, ``bo`` of shape (d_model,), zeros.
    """
    d_model = check_int("d_model", d_model)
    check_rng(rng)
    dtype = check_float_dtype("dtype", dtype)
    limit = np.sqrt(6.0 / (2 * d_model))
    params = {}
    for p in "qkvo":
        params[f"W{p}"] = rng.uniform(-limit, limit, (d_model, d_model)).astype(dtype)
        params[f"b{p}"] = np.zeros(d_model, dtype=dtype)
    return params


def _check_mha(x_q, x_kv, params, n_heads, mask):
    """The inputs, the parameters (in MHA_PARAMS order) and the mask, checked."""
    x_q, x_kv = as_float_array("x_q", x_q), as_float_array("x_kv", x_kv)
    check_shape("x_q", x_q, ("m", "T_q", "d_model"))
    check_shape("x_kv", x_kv, (x_q.shape[0], "T_k", x_q.shape[2]),
                hint=f"(m, T_k, d_model) to match x_q of shape {x_q.shape}")
    for name, x in (("x_q", x_q), ("x_kv", x_kv)):
        if 0 in x.shape:
            raise ValueError(f"{name} must not have an empty axis, got shape {x.shape}")
        check_finite(name, x)
    m, T_q, d_model = x_q.shape
    n_heads = check_int("n_heads", n_heads)
    if d_model % n_heads:
        raise ValueError(f"d_model = {d_model} (the last axis of x_q) must be a multiple of n_heads = {n_heads}")
    arrays = dict(zip(MHA_PARAMS, check_params("params", params, MHA_PARAMS), strict=True))
    for name, a in arrays.items():
        expected = (d_model, d_model) if name.startswith("W") else (d_model,)
        check_shape(name, a, expected, hint=f"to match d_model = {d_model} (the last axis of x_q)")
        check_finite(name, a)
    mask = _check_mask(mask, (m, T_q, x_kv.shape[1]), "(m, T_q, T_k)")
    return x_q, x_kv, arrays, n_heads, mask


def _project(x, W, b):
    """``x @ W + b`` for x (m, T, d_in): one matrix product over all m T positions."""
    m, T, d_in = x.shape
    return (x.reshape(m * T, d_in) @ W + b).reshape(m, T, W.shape[1])


def _split_heads(x, n_heads):
    """(m, T, d_model) -> (m, h, T, d_k): head j gets the columns j d_k : (j + 1) d_k."""
    m, T, d_model = x.shape
    return x.reshape(m, T, n_heads, d_model // n_heads).transpose(0, 2, 1, 3)


def _merge_heads(x):
    """(m, h, T, d_k) -> (m, T, h d_k): the heads' outputs side by side (the concatenation)."""
    m, h, T, d_k = x.shape
    return x.transpose(0, 2, 1, 3).reshape(m, T, h * d_k)


def multi_head_attention_forward(x_q, x_kv, params, *, n_heads, mask=None):
    r"""Multi-head attention of the queries ``x_q`` over ``x_kv``, all heads in one batched product.

    Parameters
    ----------
    x_q : ndarray of shape (m, T_q, d_model)
        The positions that ask (the queries' source).
    x_kv : ndarray of shape (m, T_k, d_model)
        The positions that answer (keys' and values' source); the same array as ``x_q`` for
        self-attention, the encoder's output for the decoder's cross-attention.
    params : dict
        ``Wq``, ``Wk``, ``Wv``, ``Wo`` (d_model, d_model) and ``bq``, ``bk``, ``bv``, ``bo``
        (d_model,); other keys are ignored.
    n_heads : int
        Number of heads ``h``; ``d_model`` must be a multiple of it (``d_k = d_model / h``).
    mask : array_like of 0 and 1 (or bool), optional
        1 = attend, 0 = masked, broadcastable to (m, T_q, T_k); the same for every head.

    Returns
    -------
    out : ndarray of shape (m, T_q, d_model)
    weights : ndarray of shape (m, h, T_q, T_k)
        Every head's attention weights.
    cache : dict
        For :func:`multi_head_attention_backward`.

    Raises
    ------
    ValueError
        If a shape does not match, ``d_model`` is not a multiple of ``n_heads``, an input
        holds NaN or infinity, or the mask is not 0/1 or does not broadcast.
    TypeError
        If ``params`` is not a dict, an array is not numeric or ``n_heads`` not an integer.

    Notes
    -----
    .. math::
        \mathrm{head}_j = \mathrm{Attention}(x_q W_q^{(j)} + b_q^{(j)},\;
        x_{kv} W_k^{(j)} + b_k^{(j)},\; x_{kv} W_v^{(j)} + b_v^{(j)}), \qquad
        \text{out} = [\mathrm{head}_1, \dots, \mathrm{head}_h]\, W_o + b_o,

    :math:`W^{(j)}` being the columns of head ``j``. Computing ``x W`` for all heads at once
    and reshaping ``(m, T, d_model)`` to ``(m, h, T, d_k)`` gives the same numbers as the
    loop of :func:`multi_head_attention_forward_naive`. Course 5, Week 4.
    """
    x_q, x_kv, params, n_heads, mask = _check_mha(x_q, x_kv, params, n_heads, mask)
    return _mha(x_q, x_kv, params, n_heads, mask)


def _mha(x_q, x_kv, params, n_heads, mask):
    """:func:`multi_head_attention_forward` on checked arguments (mask boolean or None)."""
    Q = _split_heads(_project(x_q, params["Wq"], params["bq"]), n_heads)   # (m, h, T_q, d_k)
    K = _split_heads(_project(x_kv, params["Wk"], params["bk"]), n_heads)  # (m, h, T_k, d_k)
    V = _split_heads(_project(x_kv, params["Wv"], params["bv"]), n_heads)  # (m, h, T_k, d_k)
    heads, A, attention = _attention(Q, K, V, None if mask is None else mask[..., None, :, :])  # head axis
    concat = _merge_heads(heads)  # (m, T_q, d_model)
    out = _project(concat, params["Wo"], params["bo"])
    cache = make_cache("multi_head_attention_forward", x_q=x_q, x_kv=x_kv, attention=attention,
                       concat=concat, params=params, n_heads=n_heads)
    return out, A, cache


def multi_head_attention_backward(dout, cache):
    r"""Gradients of multi-head attention with respect to both inputs and the eight parameters.

    Parameters
    ----------
    dout : ndarray of shape (m, T_q, d_model)
    cache : dict
        From :func:`multi_head_attention_forward`.

    Returns
    -------
    dx_q : ndarray of shape (m, T_q, d_model)
    dx_kv : ndarray of shape (m, T_k, d_model)
        Both per example; for self-attention the input's gradient is ``dx_q + dx_kv``.
    grads : dict
        ``dWq``, ``dbq``, ``dWk``, ``dbk``, ``dWv``, ``dbv``, ``dWo``, ``dbo``: gradients of the
        mean cost over the ``m`` examples.

    Raises
    ------
    ValueError
        If ``dout`` does not have the shape of the forward output.
    TypeError
        If ``cache`` was not made by :func:`multi_head_attention_forward`.

    Notes
    -----
    Backwards through the forward pass: the output projection
    (:math:`dW_o = \text{concat}^T d\text{out} / m`, :math:`d\text{concat} = d\text{out}\, W_o^T`),
    the split into heads, :func:`scaled_dot_product_attention_backward` for all heads at once,
    the merge back, and the three input projections; ``x_kv`` feeds two of them, so
    :math:`dx_{kv} = dK W_k^T + dV W_v^T`. Course 5, Week 4.
    """
    x_q, x_kv, attention, concat, params, n_heads = read_cache(
        cache, "multi_head_attention_forward", ("x_q", "x_kv", "attention", "concat", "params", "n_heads"))
    dout = check_upstream("dout", dout, x_q.shape, "multi_head_attention_forward")
    m, T_q, d_model = x_q.shape
    T_k = x_kv.shape[1]
    inv_m = dout.dtype.type(1.0 / m)

    dout2 = dout.reshape(m * T_q, d_model)
    grads = {"dWo": concat.reshape(m * T_q, d_model).T @ dout2 * inv_m, "dbo": dout2.sum(axis=0) * inv_m}
    dheads = _split_heads((dout2 @ params["Wo"].T).reshape(m, T_q, d_model), n_heads)
    dQ, dK, dV = _attention_backward(dheads, attention)
    dx_q = dx_kv = None
    for p, x, dP in (("q", x_q, dQ), ("k", x_kv, dK), ("v", x_kv, dV)):
        T = x.shape[1]
        dP2 = _merge_heads(dP).reshape(m * T, d_model)
        grads[f"dW{p}"] = x.reshape(m * T, d_model).T @ dP2 * inv_m
        grads[f"db{p}"] = dP2.sum(axis=0) * inv_m
        dx = (dP2 @ params[f"W{p}"].T).reshape(m, T, d_model)
        if p == "q":
            dx_q = dx
        else:
            dx_kv = dx if dx_kv is None else dx_kv + dx
    assert dx_kv.shape == (m, T_k, d_model)
    return dx_q, dx_kv, {f"d{name}": grads[f"d{name}"] for name in MHA_PARAMS}


def multi_head_attention_forward_naive(x_q, x_kv, params, *, n_heads, mask=None):
    r"""Multi-head attention head by head: the readable version, and the tests' oracle.

    Same parameters, returns and errors as :func:`multi_head_attention_forward`; the cache
    holds every head's :func:`scaled_dot_product_attention_forward` cache, for
    :func:`multi_head_attention_backward_naive`.

    Notes
    -----
    For each head ``j``, with its columns ``cols = j d_k : (j + 1) d_k``:

    .. math::
        \mathrm{head}_j = \mathrm{Attention}(x_q W_q[:, cols] + b_q[cols],\;
        x_{kv} W_k[:, cols] + b_k[cols],\; x_{kv} W_v[:, cols] + b_v[cols]),

    then :math:`\text{out} = [\mathrm{head}_1, \dots, \mathrm{head}_h]\, W_o + b_o`.
    Course 5, Week 4.
    """
    x_q, x_kv, params, n_heads, mask = _check_mha(x_q, x_kv, params, n_heads, mask)
    d_k = x_q.shape[2] // n_heads
    heads, weights, head_caches = [], [], []
    for j in range(n_heads):
        cols = slice(j * d_k, (j + 1) * d_k)
        Q = x_q @ params["Wq"][:, cols] + params["bq"][cols]   # (m, T_q, d_k)
        K = x_kv @ params["Wk"][:, cols] + params["bk"][cols]  # (m, T_k, d_k)
        V = x_kv @ params["Wv"][:, cols] + params["bv"][cols]  # (m, T_k, d_k)
        head, A, head_cache = scaled_dot_product_attention_forward(Q, K, V, mask)
        heads.append(head)
        weights.append(A)
        head_caches.append(head_cache)
    concat = np.concatenate(heads, axis=-1)  # (m, T_q, d_model)
    out = concat @ params["Wo"] + params["bo"]
    cache = make_cache("multi_head_attention_forward_naive", x_q=x_q, x_kv=x_kv, concat=concat,
                       head_caches=head_caches, params=params)
    return out, np.stack(weights, axis=1), cache


def multi_head_attention_backward_naive(dout, cache):
    """:func:`multi_head_attention_backward` head by head, for :func:`multi_head_attention_forward_naive`."""
    x_q, x_kv, concat, head_caches, params = read_cache(
        cache, "multi_head_attention_forward_naive", ("x_q", "x_kv", "concat", "head_caches", "params"))
    dout = check_upstream("dout", dout, x_q.shape, "multi_head_attention_forward_naive")
    m = x_q.shape[0]
    d_k = x_q.shape[2] // len(head_caches)
    grads = {name: np.zeros_like(params[name[1:]]) for name in (f"d{p}" for p in MHA_PARAMS)}
    grads["dWo"] = np.einsum("itd,ite->de", concat, dout) / m
    grads["dbo"] = dout.sum(axis=(0, 1)) / m
    dconcat = dout @ params["Wo"].T
    dx_q, dx_kv = np.zeros_like(x_q), np.zeros_like(x_kv)
    for j, head_cache in enumerate(head_caches):
        cols = slice(j * d_k, (j + 1) * d_k)
        dQ, dK, dV = scaled_dot_product_attention_backward(dconcat[:, :, cols], head_cache)
        for p, x, dP in (("q", x_q, dQ), ("k", x_kv, dK), ("v", x_kv, dV)):
            grads[f"dW{p}"][:, cols] = np.einsum("itd,ite->de", x, dP) / m
            grads[f"db{p}"][cols] = dP.sum(axis=(0, 1)) / m
        dx_q += dQ @ params["Wq"][:, cols].T
        dx_kv += dK @ params["Wk"][:, cols].T + dV @ params["Wv"][:, cols].T
    return dx_q, dx_kv, grads
