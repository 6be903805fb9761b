r"""The transformer: the position-wise feed-forward network, the encoder and decoder layers, the model.

Course 5, Week 4. Sequences are stored examples first, ``(m, T, d_model)``, as in
:mod:`dlspec.self_attention`, and weights multiply from the right (``x @ W``). Every sublayer
is wrapped the same way (post-norm, as in "Attention is all you need"): its output is added to
its input (a residual connection) and the sum is normalised,
:math:`\mathrm{LayerNorm}(x + \mathrm{Sublayer}(x))`.

* **Feed-forward network**, applied to every position on its own with the same weights:
  :math:`\mathrm{FFN}(x) = \max(0, x W_1 + b_1) W_2 + b_2`.
* **Encoder layer**: multi-head self-attention (a padding mask keeps padding tokens out of
  the keys), then the feed-forward network.
* **Decoder layer**: masked multi-head self-attention (the look-ahead mask lets position
  ``t`` attend to positions ``<= t`` only), cross-attention (queries from the decoder,
  keys and values from the encoder's output), then the feed-forward network.
* **Transformer**: token embeddings scaled by :math:`\sqrt{d_{model}}` plus the positional
  encoding, ``N`` encoder layers, ``N`` decoder layers, and a linear output layer giving a
  logit for every target word at every position. Trained with teacher forcing (the decoder
  reads the target shifted right by one, after a start token); used by
  :func:`transformer_greedy_decode`, which feeds its own predictions back in.

Masks follow the package's one convention: **1 = attend, 0 = masked**.

Blocks in dlspec's convention::

    out, cache = feed_forward_forward(x, params)                     # W1, b1, W2, b2
    dx, grads = feed_forward_backward(dout, cache)
    out, cache = encoder_layer_forward(x, params, n_heads=h, mask=pad)
    dx, grads = encoder_layer_backward(dout, cache)
    out, cache = decoder_layer_forward(y, enc_out, params, n_heads=h,
                                       look_ahead_mask=la, padding_mask=pad)
    dy, denc_out, grads = decoder_layer_backward(dout, cache)
    logits, cache = transformer_forward(src, tgt_in, params, n_heads=h, pad_id=0)
    grads = transformer_backward(dlogits, cache)

A layer's parameters are one flat dict whose names say which sublayer they belong to:
``"attn.Wq"``, ``"norm1.gamma"``, ``"ffn.W1"``, ... (encoder) and ``"self_attn.Wq"``,
``"cross_attn.Wq"``, ``"norm3.beta"``, ... (decoder); the whole model prefixes them with the
layer, ``"enc0.attn.Wq"``, ``"dec1.ffn.b2"``, and adds ``"E_src"``, ``"E_tgt"`` (embedding
matrices of shape ``(d_model, V)``, one column per word, as in :mod:`dlspec.embeddings`),
``"W_out"`` ``(d_model, V_tgt)`` and ``"b_out"`` ``(V_tgt,)``. Flat dicts go straight into the
optimisers of :mod:`dlspec.optimizers`. As everywhere in dlspec, ``dx`` and ``dlogits`` are per
example, parameter gradients (keys ``"d" + name``) are those of the mean cost over the ``m``
examples, and the cost adds the losses of the time steps.
"""

from math import sqrt

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
from dlspec.embeddings import check_indices, embedding_backward, embedding_forward
from dlspec.layer_norm import layer_norm_backward, layer_norm_forward
from dlspec.self_attention import (
    combine_masks,
    init_multi_head_attention,
    look_ahead_mask as make_look_ahead_mask,
    multi_head_attention_backward,
    multi_head_attention_forward,
    padding_mask as make_padding_mask,
    positional_encoding,
)

#: The parameters of the position-wise feed-forward network.
FFN_PARAMS = ("W1", "b1", "W2", "b2")
#: The parameters of one multi-head attention, and of one layer normalisation.
MHA_PARAMS = ("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo")
LN_PARAMS = ("gamma", "beta")
#: The sublayers of an encoder layer and of a decoder layer, in order, with their parameters.
ENCODER_SUBLAYERS = (("attn", MHA_PARAMS), ("norm1", LN_PARAMS), ("ffn", FFN_PARAMS), ("norm2", LN_PARAMS))
DECODER_SUBLAYERS = (("self_attn", MHA_PARAMS), ("norm1", LN_PARAMS), ("cross_attn", MHA_PARAMS),
                     ("norm2", LN_PARAMS), ("ffn", FFN_PARAMS), ("norm3", LN_PARAMS))


# ---------------------------------------------------------------------------
# Checks and the naming of parameters
# ---------------------------------------------------------------------------


def _sublayer(params, prefix):
    """The parameters named ``prefix + "." + name``, as ``{name: value}``."""
    start = len(prefix) + 1
    return {k[start:]: v for k, v in params.items() if k.startswith(prefix + ".")}


def _prefixed(grads, prefix):
    """A sublayer's gradients ``{"dWq": ...}`` renamed ``{"d<prefix>.Wq": ...}``."""
    return {f"d{prefix}.{k[1:]}": v for k, v in grads.items()}


def _check_sequence(name, x, d_model=None, hint=""):
    """``x`` of shape (m, T, d_model) with m, T >= 1, finite."""
    x = as_float_array(name, x)
    check_shape(name, x, ("m", "T", "d_model" if d_model is None else d_model), hint=hint)
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one example and one position, got shape {x.shape}")
    check_finite(name, x)
    return x


def _check_ffn_params(params, d_model, prefix=""):
    """``W1`` (d_model, d_ff), ``b1`` (d_ff,), ``W2`` (d_ff, d_model), ``b2`` (d_model,), finite."""
    keys = [prefix + name for name in FFN_PARAMS]
    W1, b1, W2, b2 = check_params("params", params, keys)
    check_shape(keys[0], W1, (d_model, "d_ff"), hint=f"for d_model = {d_model}")
    d_ff = W1.shape[1]
    sizes = f"for d_model = {d_model} and d_ff = {d_ff} (the columns of {keys[0]})"
    for key, value, shape in zip(keys, (W1, b1, W2, b2), ((d_model, d_ff), (d_ff,), (d_ff, d_model), (d_model,)),
                                 strict=True):
        check_shape(key, value, shape, hint=sizes)
        check_finite(key, value)
    return dict(zip(FFN_PARAMS, (W1, b1, W2, b2), strict=True))


def _check_block_params(params, sublayers, d_model, prefix=""):
    """The parameters of a layer whose ``sublayers`` are as ENCODER_SUBLAYERS, shapes checked.

    Returns a flat dict with the names after ``prefix`` (``"attn.Wq"``, ...).
    """
    checked = {}
    for sub, names in sublayers:
        if names is FFN_PARAMS:
            arrays = _check_ffn_params(params, d_model, f"{prefix}{sub}.")
        else:
            keys = [f"{prefix}{sub}.{name}" for name in names]
            arrays = dict(zip(names, check_params("params", params, keys), strict=True))
            for key, name in zip(keys, names, strict=True):
                shape = (d_model, d_model) if name.startswith("W") else (d_model,)
                check_shape(key, arrays[name], shape, hint=f"for d_model = {d_model}")
                check_finite(key, arrays[name])
        checked.update({f"{sub}.{name}": value for name, value in arrays.items()})
    return checked


def _check_mask(name, mask, m, T_q, T_k):
    """A mask broadcastable to (m, T_q, T_k), of 0/1 or booleans; returned as booleans (3-D)."""
    if mask is None:
        return None
    try:
        arr = np.asarray(mask)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of 0 and 1, got {type(mask).__name__}") from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold 0 and 1 (1 = attend, 0 = masked), got dtype {arr.dtype}")
    if arr.ndim != 3 or any(a not in (1, b) for a, b in zip(arr.shape, (m, T_q, T_k))):
        raise ValueError(f"{name} must be broadcastable to (m, T_q, T_k) = ({m}, {T_q}, {T_k}) "
                         f"with three axes, got shape {arr.shape}")
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"{name} must contain only 0 and 1 (1 = attend, 0 = masked)")
    return arr.astype(bool)


def _check_heads(n_heads, d_model):
    n_heads = check_int("n_heads", n_heads)
    if d_model % n_heads:
        raise ValueError(f"d_model = {d_model} must be a multiple of n_heads, got n_heads = {n_heads}")
    return n_heads


# ---------------------------------------------------------------------------
# The position-wise feed-forward network
# ---------------------------------------------------------------------------


def feed_forward_forward(x, params):
    r"""The position-wise feed-forward network: two dense layers with a ReLU between them.

    Parameters
    ----------
    x : ndarray of shape (m, T, d_model)
    params : dict
        ``W1`` (d_model, d_ff), ``b1`` (d_ff,), ``W2`` (d_ff, d_model), ``b2`` (d_model,).

    Returns
    -------
    out : ndarray of shape (m, T, d_model)
    cache : dict
        For :func:`feed_forward_backward`.

    Raises
    ------
    ValueError
        If a parameter is missing, a shape does not match, ``m`` or ``T`` is 0, or an input
        holds NaN or infinity.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    .. math:: \mathrm{FFN}(x^{\langle t \rangle}) = \max(0,\, x^{\langle t \rangle} W_1 + b_1)\, W_2 + b_2

    the same weights at every position ``t``; no position sees another (that is attention's
    job). Course 5, Week 4.
    """
    x = _check_sequence("x", x)
    return _feed_forward(x, _check_ffn_params(params, x.shape[2]))


def _feed_forward(x, params):
    """:func:`feed_forward_forward` on checked arguments."""
    z = x @ params["W1"] + params["b1"]  # (m, T, d_ff)
    h = np.maximum(z, 0.0)
    out = h @ params["W2"] + params["b2"]  # (m, T, d_model)
    return out, make_cache("feed_forward_forward", x=x, z=z, h=h, W1=params["W1"], W2=params["W2"])


def feed_forward_backward(dout, cache):
    r"""Gradients of :func:`feed_forward_forward`.

    Parameters
    ----------
    dout : ndarray of shape (m, T, d_model)
        Per example.
    cache : dict
        From :func:`feed_forward_forward`.

    Returns
    -------
    dx : ndarray of shape (m, T, d_model)
        Per example.
    grads : dict
        ``dW1``, ``db1``, ``dW2``, ``db2``: gradients of the mean cost over the ``m`` examples,
        summed over the positions (the weights are shared by all of them).

    Notes
    -----
    With :math:`z = x W_1 + b_1` and :math:`h = \max(0, z)`: :math:`dW_2 = h^T d\mathrm{out} / m`,
    :math:`dh = d\mathrm{out}\, W_2^T`, :math:`dz = dh \odot [z > 0]`,
    :math:`dW_1 = x^T dz / m`, :math:`dx = dz\, W_1^T`, the positions of all examples stacked
    as rows. Course 5, Week 4.
    """
    x, z, h, W1, W2 = read_cache(cache, "feed_forward_forward", ("x", "z", "h", "W1", "W2"))
    dout = check_upstream("dout", dout, x.shape[:2] + (W2.shape[1],), "feed_forward_forward")
    return _feed_forward_backward(dout, cache)


def _feed_forward_backward(dout, cache):
    """:func:`feed_forward_backward` on a checked upstream gradient."""
    x, z, h, W1, W2 = (cache[k] for k in ("x", "z", "h", "W1", "W2"))
    m, d_model, d_ff = x.shape[0], W1.shape[0], W1.shape[1]
    dW2 = h.reshape(-1, d_ff).T @ dout.reshape(-1, d_model) / m
    db2 = dout.sum(axis=(0, 1)) / m
    dz = (dout @ W2.T) * (z > 0)  # through the ReLU
    dW1 = x.reshape(-1, d_model).T @ dz.reshape(-1, d_ff) / m
    db1 = dz.sum(axis=(0, 1)) / m
    dx = dz @ W1.T
    return dx, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


# ---------------------------------------------------------------------------
# The encoder layer
# ---------------------------------------------------------------------------


def encoder_layer_forward(x, params, *, n_heads, mask=None):
    r"""One encoder layer: self-attention, then the feed-forward network, each with add & norm.

    Parameters
    ----------
    x : ndarray of shape (m, T, d_model)
        The layer's input: embeddings plus positional encoding, or the previous layer's output.
    params : dict
        ``"attn.Wq"``, ``"attn.bq"``, ... (:func:`dlspec.self_attention.init_multi_head_attention`'s
        names after ``"attn."``), ``"norm1.gamma"``, ``"norm1.beta"``, ``"ffn.W1"``, ``"ffn.b1"``,
        ``"ffn.W2"``, ``"ffn.b2"``, ``"norm2.gamma"``, ``"norm2.beta"``; other keys ignored.
    n_heads : int
        Number of attention heads; must divide ``d_model``.
    mask : array_like of shape broadcastable to (m, T, T), optional
        1 = attend, 0 = masked; usually the padding mask of the source,
        :func:`dlspec.self_attention.padding_mask`, of shape (m, 1, T).

    Returns
    -------
    out : ndarray of shape (m, T, d_model)
    cache : dict
        For :func:`encoder_layer_backward`; ``cache["weights"]`` holds the attention weights
        (m, n_heads, T, T).

    Raises
    ------
    ValueError
        If a parameter is missing or misshapen, ``d_model`` is not a multiple of ``n_heads``,
        the mask has the wrong shape or values other than 0 and 1, or an input is not finite.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    .. math:: h = \mathrm{LayerNorm}_1(x + \mathrm{MultiHead}(x, x, x)), \qquad
              \mathrm{out} = \mathrm{LayerNorm}_2(h + \mathrm{FFN}(h))

    Course 5, Week 4.
    """
    x = _check_sequence("x", x)
    m, T, d_model = x.shape
    params = _check_block_params(params, ENCODER_SUBLAYERS, d_model)
    n_heads = _check_heads(n_heads, d_model)
    mask = _check_mask("mask", mask, m, T, T)
    return _encoder_layer(x, params, n_heads, mask)


def _encoder_layer(x, params, n_heads, mask):
    """:func:`encoder_layer_forward` on checked arguments."""
    a, weights, attn = multi_head_attention_forward(x, x, _sublayer(params, "attn"), n_heads=n_heads, mask=mask)
    h, norm1 = layer_norm_forward(x + a, _sublayer(params, "norm1"))
    f, ffn = _feed_forward(h, _sublayer(params, "ffn"))
    out, norm2 = layer_norm_forward(h + f, _sublayer(params, "norm2"))
    cache = make_cache("encoder_layer_forward", attn=attn, norm1=norm1, ffn=ffn, norm2=norm2,
                       weights=weights, shape=x.shape)
    return out, cache


def encoder_layer_backward(dout, cache):
    r"""Gradients of :func:`encoder_layer_forward`.

    Parameters
    ----------
    dout : ndarray of shape (m, T, d_model)
        Per example.
    cache : dict
        From :func:`encoder_layer_forward`.

    Returns
    -------
    dx : ndarray of shape (m, T, d_model)
        Per example.
    grads : dict
        ``"d" + name`` for every parameter of the layer (``"dattn.Wq"``, ``"dnorm1.gamma"``,
        ``"dffn.W1"``, ...): gradients of the mean cost over the ``m`` examples.

    Notes
    -----
    Backwards through the two add & norm steps: the gradient reaching a sum ``x + a`` goes
    to both terms, so the residual connections carry it past each sublayer unchanged, and
    the self-attention's input receives the gradients of its queries, keys and values
    together. Course 5, Week 4.
    """
    (shape,) = read_cache(cache, "encoder_layer_forward", ("shape",))
    dout = check_upstream("dout", dout, shape, "encoder_layer_forward")
    return _encoder_layer_backward(dout, cache)


def _encoder_layer_backward(dout, cache):
    """:func:`encoder_layer_backward` on a checked upstream gradient."""
    dsum2, g_norm2 = layer_norm_backward(dout, cache["norm2"])  # d(h + f)
    dh_ffn, g_ffn = _feed_forward_backward(dsum2, cache["ffn"])
    dh = dsum2 + dh_ffn
    dsum1, g_norm1 = layer_norm_backward(dh, cache["norm1"])  # d(x + a)
    dx_q, dx_kv, g_attn = multi_head_attention_backward(dsum1, cache["attn"])
    dx = dsum1 + dx_q + dx_kv  # x is the residual, the queries, the keys and the values
    grads = {**_prefixed(g_attn, "attn"), **_prefixed(g_norm1, "norm1"),
             **_prefixed(g_ffn, "ffn"), **_prefixed(g_norm2, "norm2")}
    return dx, grads


# ---------------------------------------------------------------------------
# The decoder layer
# ---------------------------------------------------------------------------


def decoder_layer_forward(y, enc_out, params, *, n_heads, look_ahead_mask, padding_mask=None):
    r"""One decoder layer: masked self-attention, cross-attention, feed-forward, each with add & norm.

    Parameters
    ----------
    y : ndarray of shape (m, T_y, d_model)
        The decoder's input at this layer (target embeddings plus positional encoding, or
        the previous decoder layer's output).
    enc_out : ndarray of shape (m, T_x, d_model)
        The encoder's output, read by the cross-attention as keys and values.
    params : dict
        ``"self_attn.*"``, ``"norm1.*"``, ``"cross_attn.*"``, ``"norm2.*"``, ``"ffn.*"``,
        ``"norm3.*"`` (see :func:`encoder_layer_forward` for the names after the dot).
    n_heads : int
    look_ahead_mask : array_like broadcastable to (m, T_y, T_y), or None
        Mask of the self-attention, 1 = attend: usually
        :func:`dlspec.self_attention.look_ahead_mask` (1, T_y, T_y), perhaps combined with
        the target's padding mask. ``None`` lets every position see every other one (which
        is what the mask exists to prevent; for demonstrations).
    padding_mask : array_like broadcastable to (m, T_y, T_x), optional
        Mask of the cross-attention, usually the source's padding mask (m, 1, T_x).

    Returns
    -------
    out : ndarray of shape (m, T_y, d_model)
    cache : dict
        For :func:`decoder_layer_backward`; ``cache["self_weights"]`` (m, n_heads, T_y, T_y)
        and ``cache["cross_weights"]`` (m, n_heads, T_y, T_x) hold the attention weights.

    Raises
    ------
    ValueError, TypeError
        As :func:`encoder_layer_forward`, and if ``y`` and ``enc_out`` differ in ``m`` or
        ``d_model``.

    Notes
    -----
    .. math:: h_1 &= \mathrm{LayerNorm}_1(y + \mathrm{MultiHead}(y, y, y; \text{look-ahead mask})) \\
              h_2 &= \mathrm{LayerNorm}_2(h_1 + \mathrm{MultiHead}(h_1, e, e; \text{padding mask})) \\
              \mathrm{out} &= \mathrm{LayerNorm}_3(h_2 + \mathrm{FFN}(h_2))

    with :math:`e` the encoder's output. Course 5, Week 4.
    """
    y = _check_sequence("y", y)
    m, T_y, d_model = y.shape
    enc_out = _check_sequence("enc_out", enc_out, d_model, hint=f"to match y of shape {y.shape}")
    if enc_out.shape[0] != m:
        raise ValueError(f"y and enc_out must hold the same number of examples m, got shapes "
                         f"{y.shape} and {enc_out.shape}")
    params = _check_block_params(params, DECODER_SUBLAYERS, d_model)
    n_heads = _check_heads(n_heads, d_model)
    look_ahead_mask = _check_mask("look_ahead_mask", look_ahead_mask, m, T_y, T_y)
    padding_mask = _check_mask("padding_mask", padding_mask, m, T_y, enc_out.shape[1])
    return _decoder_layer(y, enc_out, params, n_heads, look_ahead_mask, padding_mask)


def _decoder_layer(y, enc_out, params, n_heads, look_ahead_mask, padding_mask):
    """:func:`decoder_layer_forward` on checked arguments."""
    a1, self_weights, self_attn = multi_head_attention_forward(
        y, y, _sublayer(params, "self_attn"), n_heads=n_heads, mask=look_ahead_mask)
    h1, norm1 = layer_norm_forward(y + a1, _sublayer(params, "norm1"))
    a2, cross_weights, cross_attn = multi_head_attention_forward(
        h1, enc_out, _sublayer(params, "cross_attn"), n_heads=n_heads, mask=padding_mask)
    h2, norm2 = layer_norm_forward(h1 + a2, _sublayer(params, "norm2"))
    f, ffn = _feed_forward(h2, _sublayer(params, "ffn"))
    out, norm3 = layer_norm_forward(h2 + f, _sublayer(params, "norm3"))
    cache = make_cache("decoder_layer_forward", self_attn=self_attn, norm1=norm1, cross_attn=cross_attn,
                       norm2=norm2, ffn=ffn, norm3=norm3, self_weights=self_weights,
                       cross_weights=cross_weights, shape=y.shape)
    return out, cache


def decoder_layer_backward(dout, cache):
    r"""Gradients of :func:`decoder_layer_forward`.

    Parameters
    ----------
    dout : ndarray of shape (m, T_y, d_model)
        Per example.
    cache : dict
        From :func:`decoder_layer_forward`.

    Returns
    -------
    dy : ndarray of shape (m, T_y, d_model)
    denc_out : ndarray of shape (m, T_x, d_model)
        Both per example; ``denc_out`` comes through the cross-attention's keys and values
        (every decoder layer adds its share to the encoder's output gradient).
    grads : dict
        ``"d" + name`` for every parameter of the layer, gradients of the mean cost.

    Notes
    -----
    As :func:`encoder_layer_backward`, with three add & norm steps. Course 5, Week 4.
    """
    (shape,) = read_cache(cache, "decoder_layer_forward", ("shape",))
    dout = check_upstream("dout", dout, shape, "decoder_layer_forward")
    return _decoder_layer_backward(dout, cache)


def _decoder_layer_backward(dout, cache):
    """:func:`decoder_layer_backward` on a checked upstream gradient."""
    dsum3, g_norm3 = layer_norm_backward(dout, cache["norm3"])  # d(h2 + f)
    dh2_ffn, g_ffn = _feed_forward_backward(dsum3, cache["ffn"])
    dh2 = dsum3 + dh2_ffn
    dsum2, g_norm2 = layer_norm_backward(dh2, cache["norm2"])  # d(h1 + a2)
    dh1_q, denc_out, g_cross = multi_head_attention_backward(dsum2, cache["cross_attn"])
    dh1 = dsum2 + dh1_q
    dsum1, g_norm1 = layer_norm_backward(dh1, cache["norm1"])  # d(y + a1)
    dy_q, dy_kv, g_self = multi_head_attention_backward(dsum1, cache["self_attn"])
    dy = dsum1 + dy_q + dy_kv
    grads = {**_prefixed(g_self, "self_attn"), **_prefixed(g_norm1, "norm1"),
             **_prefixed(g_cross, "cross_attn"), **_prefixed(g_norm2, "norm2"),
             **_prefixed(g_ffn, "ffn"), **_prefixed(g_norm3, "norm3")}
    return dy, denc_out, grads


# ---------------------------------------------------------------------------
# The whole model
# ---------------------------------------------------------------------------


def _init_layer_norm(d_model, dtype):
    return {"gamma": np.ones(d_model, dtype=dtype), "beta": np.zeros(d_model, dtype=dtype)}


def _init_feed_forward(d_model, d_ff, rng, dtype):
    """He initialisation before the ReLU, Xavier after it; biases 0."""
    return {"W1": (rng.standard_normal((d_model, d_ff)) * sqrt(2.0 / d_model)).astype(dtype),
            "b1": np.zeros(d_ff, dtype=dtype),
            "W2": (rng.standard_normal((d_ff, d_model)) * sqrt(1.0 / d_ff)).astype(dtype),
            "b2": np.zeros(d_model, dtype=dtype)}


def init_transformer(src_vocab_size, tgt_vocab_size, *, d_model, d_ff, n_layers, rng, dtype=np.float64):
    r"""Parameters of a transformer with ``n_layers`` encoder and ``n_layers`` decoder layers.

    Parameters
    ----------
    src_vocab_size, tgt_vocab_size : int
        ``V_src`` and ``V_tgt``, the numbers of source and target words (padding and start
        tokens included).
    d_model : int
        Width of every position's vector; the number of heads, given to
        :func:`transformer_forward`, must divide it.
    d_ff : int
        Hidden width of the feed-forward networks (the paper uses ``4 d_model``).
    n_layers : int
        ``N``, the number of encoder layers and of decoder layers.
    rng : numpy.random.Generator
    dtype : float32 or float64, default float64

    Returns
    -------
    dict of str to ndarray
        ``"E_src"`` (d_model, V_src) and ``"E_tgt"`` (d_model, V_tgt), entries drawn from
        :math:`N(0, 1/d_model)` so that the scaled embeddings :math:`\sqrt{d_{model}}\, e` have
        entries of size about 1, like the positional encoding's; ``"enc<l>.<name>"`` and
        ``"dec<l>.<name>"`` for every layer (names as in :func:`encoder_layer_forward` and
        :func:`decoder_layer_forward`; attention weights from
        :func:`dlspec.self_attention.init_multi_head_attention`, layer norms :math:`\gamma = 1`,
        :math:`\beta = 0`); ``"W_out"`` (d_model, V_tgt), Xavier, and ``"b_out"`` (V_tgt,), 0.

    Raises
    ------
    ValueError, TypeError
        If a size is not a positive integer, ``rng`` is not a Generator or ``dtype`` is not
        float32 or float64.

    Notes
    -----
    Course 5, Week 4.
    """
    V_src = check_int("src_vocab_size", src_vocab_size)
    V_tgt = check_int("tgt_vocab_size", tgt_vocab_size)
    d_model = check_int("d_model", d_model)
    d_ff = check_int("d_ff", d_ff)
    n_layers = check_int("n_layers", n_layers)
    check_rng(rng)
    dtype = check_float_dtype("dtype", dtype)
    params = {"E_src": (rng.standard_normal((d_model, V_src)) / sqrt(d_model)).astype(dtype),
              "E_tgt": (rng.standard_normal((d_model, V_tgt)) / sqrt(d_model)).astype(dtype)}
    for side, sublayers in (("enc", ENCODER_SUBLAYERS), ("dec", DECODER_SUBLAYERS)):
        for layer in range(n_layers):
            for sub, names in sublayers:
                if names is MHA_PARAMS:
                    block = init_multi_head_attention(d_model, rng=rng, dtype=dtype)
                elif names is FFN_PARAMS:
                    block = _init_feed_forward(d_model, d_ff, rng, dtype)
                else:
                    block = _init_layer_norm(d_model, dtype)
                params.update({f"{side}{layer}.{sub}.{name}": block[name] for name in names})
    params["W_out"] = (rng.standard_normal((d_model, V_tgt)) / sqrt(d_model)).astype(dtype)
    params["b_out"] = np.zeros(V_tgt, dtype=dtype)
    return params


def _count_layers(params, side):
    """How many ``side`` ("enc" or "dec") layers ``params`` holds: enc0, enc1, ... without a gap."""
    n = 0
    while any(k.startswith(f"{side}{n}.") for k in params):
        n += 1
    return n


def _check_transformer_params(params):
    """All of a transformer's parameters, shapes checked; returns (params, n_enc, n_dec)."""
    E_src, E_tgt, W_out, b_out = check_params("params", params, ("E_src", "E_tgt", "W_out", "b_out"))
    check_shape("E_src", E_src, ("d_model", "V_src"))
    d_model = E_src.shape[0]
    check_shape("E_tgt", E_tgt, (d_model, "V_tgt"), hint=f"to match E_src of shape {E_src.shape}")
    V_tgt = E_tgt.shape[1]
    check_shape("W_out", W_out, (d_model, V_tgt), hint=f"= (d_model, V_tgt) to match E_tgt of shape {E_tgt.shape}")
    check_shape("b_out", b_out, (V_tgt,), hint=f"= (V_tgt,) to match E_tgt of shape {E_tgt.shape}")
    checked = {"E_src": E_src, "E_tgt": E_tgt, "W_out": W_out, "b_out": b_out}
    for key, value in checked.items():
        check_finite(key, value)
    n_enc, n_dec = _count_layers(params, "enc"), _count_layers(params, "dec")
    if n_enc == 0 or n_dec == 0:
        raise ValueError(f"params must hold at least one encoder layer ('enc0.*') and one decoder layer "
                         f"('dec0.*'), found {n_enc} and {n_dec}; see init_transformer")
    for side, n, sublayers in (("enc", n_enc, ENCODER_SUBLAYERS), ("dec", n_dec, DECODER_SUBLAYERS)):
        for layer in range(n):
            prefix = f"{side}{layer}."
            block = _check_block_params(params, sublayers, d_model, prefix)
            checked.update({prefix + k: v for k, v in block.items()})
    return checked, n_enc, n_dec


def _embed(tokens, E, d_model, dtype):
    """``sqrt(d_model) E[:, tokens]`` plus the positional encoding, as (m, T, d_model)."""
    vectors, cache = embedding_forward(tokens, {"E": E})  # (d_model, m, T)
    x = vectors.transpose(1, 2, 0) * sqrt(d_model) + positional_encoding(tokens.shape[1], d_model, dtype=dtype)
    return x.astype(dtype, copy=False), cache


def _masks(src_tokens, tgt_length, tgt_tokens, pad_id, look_ahead):
    """The encoder's padding mask (m, 1, T_x) and the decoder self-attention's mask, or None."""
    src_mask = None if pad_id is None else make_padding_mask(src_tokens, pad_id)
    self_mask = make_look_ahead_mask(tgt_length) if look_ahead else None
    if pad_id is not None and tgt_tokens is not None:
        tgt_mask = make_padding_mask(tgt_tokens, pad_id)
        self_mask = tgt_mask if self_mask is None else combine_masks(self_mask, tgt_mask)
    return src_mask, self_mask


def _encode(src_tokens, params, n_enc, n_heads, src_mask):
    """The encoder: embeddings, positional encoding and the encoder layers; output and caches."""
    d_model, dtype = params["E_src"].shape[0], params["E_src"].dtype
    x, emb_cache = _embed(src_tokens, params["E_src"], d_model, dtype)
    caches = []
    for layer in range(n_enc):
        x, cache = _encoder_layer(x, _sublayer(params, f"enc{layer}"), n_heads, src_mask)
        caches.append(cache)
    return x, emb_cache, caches


def _decode(tgt_tokens, enc_out, params, n_dec, n_heads, self_mask, src_mask):
    """The decoder and the output layer: logits (m, T_y, V_tgt) and caches."""
    d_model, dtype = params["E_tgt"].shape[0], params["E_tgt"].dtype
    y, emb_cache = _embed(tgt_tokens, params["E_tgt"], d_model, dtype)
    caches = []
    for layer in range(n_dec):
        y, cache = _decoder_layer(y, enc_out, _sublayer(params, f"dec{layer}"), n_heads, self_mask, src_mask)
        caches.append(cache)
    logits = y @ params["W_out"] + params["b_out"]
    return logits, y, emb_cache, caches


def _check_tokens(name, tokens, vocab_size):
    """Word indices of shape (m, T) in [0, vocab_size), with m, T >= 1, as int64."""
    tokens = check_indices(name, tokens, vocab_size, "(m, T)", ndims=(2,))
    if tokens.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one position (T >= 1), got shape {tokens.shape}")
    return tokens.copy()


def _check_pad_id(pad_id, vocab_size, vocabularies):
    """``pad_id`` as an int in [0, vocab_size): a pad_id that is no word would mask nothing."""
    pad_id = check_int("pad_id", pad_id, minimum=0)
    if pad_id >= vocab_size:
        raise ValueError(f"pad_id must be a word index of {vocabularies}, in [0, {vocab_size - 1}], got {pad_id}")
    return pad_id


def transformer_forward(src_tokens, tgt_tokens, params, *, n_heads, pad_id=None, look_ahead=True):
    r"""The transformer's logits for every target position, with teacher forcing.

    Parameters
    ----------
    src_tokens : ndarray of int, shape (m, T_x)
        Source word indices in ``[0, V_src)``.
    tgt_tokens : ndarray of int, shape (m, T_y)
        The decoder's input: the target shifted right by one, after a start token, so that
        the logits at position ``t`` predict the target word ``t`` having seen the words
        before it.
    params : dict
        From :func:`init_transformer` (the numbers of layers are read from the names).
    n_heads : int
        Number of attention heads; must divide ``d_model``.
    pad_id : int, optional
        The padding token of both vocabularies. Source padding is masked out of the
        encoder's self-attention and the decoder's cross-attention; target padding out of
        the decoder's self-attention. None: no padding mask.
    look_ahead : bool, default True
        Use the look-ahead mask in the decoder's self-attention. ``False`` lets every
        position see the future, which training with teacher forcing would exploit (for
        demonstrations only).

    Returns
    -------
    logits : ndarray of shape (m, T_y, V_tgt)
        In the parameters' dtype; the softmax is in :func:`sequence_cross_entropy`.
    cache : dict
        For :func:`transformer_backward` and :func:`attention_maps`.

    Raises
    ------
    ValueError, TypeError
        If a parameter is missing or misshapen, a token is out of range or not an integer,
        ``src_tokens`` and ``tgt_tokens`` differ in ``m`` or hold no position, ``n_heads``
        does not divide ``d_model``, or ``pad_id`` is not a word of both vocabularies.

    Notes
    -----
    .. math:: x = \sqrt{d_{model}}\, E_{src}[:, w] + PE, \qquad
              \mathrm{logits} = \mathrm{Decoder}(\sqrt{d_{model}}\, E_{tgt}[:, y] + PE,\;
              \mathrm{Encoder}(x))\, W_{out} + b_{out}

    Course 5, Week 4.
    """
    params, n_enc, n_dec = _check_transformer_params(params)
    src_tokens = _check_tokens("src_tokens", src_tokens, params["E_src"].shape[1])
    tgt_tokens = _check_tokens("tgt_tokens", tgt_tokens, params["E_tgt"].shape[1])
    if src_tokens.shape[0] != tgt_tokens.shape[0]:
        raise ValueError(f"src_tokens and tgt_tokens must hold the same number of examples m, got shapes "
                         f"{src_tokens.shape} and {tgt_tokens.shape}")
    n_heads = _check_heads(n_heads, params["E_src"].shape[0])
    if pad_id is not None:
        pad_id = _check_pad_id(pad_id, min(params["E_src"].shape[1], params["E_tgt"].shape[1]),
                               "both vocabularies")
    if not isinstance(look_ahead, (bool, np.bool_)):
        raise TypeError(f"look_ahead must be True or False, got {type(look_ahead).__name__}")
    return _transformer(src_tokens, tgt_tokens, params, n_enc, n_dec, n_heads, pad_id, bool(look_ahead))


def _transformer(src_tokens, tgt_tokens, params, n_enc, n_dec, n_heads, pad_id, look_ahead):
    """:func:`transformer_forward` on checked arguments."""
    src_mask, self_mask = _masks(src_tokens, tgt_tokens.shape[1], tgt_tokens, pad_id, look_ahead)
    enc_out, src_emb, enc_caches = _encode(src_tokens, params, n_enc, n_heads, src_mask)
    logits, y, tgt_emb, dec_caches = _decode(tgt_tokens, enc_out, params, n_dec, n_heads, self_mask, src_mask)
    cache = make_cache("transformer_forward", src_emb=src_emb, tgt_emb=tgt_emb, enc=enc_caches,
                       dec=dec_caches, y=y, W_out=params["W_out"], shape=logits.shape)
    return logits, cache


def transformer_backward(dlogits, cache):
    r"""Gradients of every parameter of :func:`transformer_forward`.

    Parameters
    ----------
    dlogits : ndarray of shape (m, T_y, V_tgt)
        Per example, e.g. from :func:`sequence_cross_entropy_backward`.
    cache : dict
        From :func:`transformer_forward`.

    Returns
    -------
    grads : dict
        ``"d" + name`` for every parameter (``"dE_src"``, ``"denc0.attn.Wq"``, ...,
        ``"dW_out"``, ``"db_out"``): gradients of the mean cost over the ``m`` examples.
        Tokens are integers and get no gradient.

    Notes
    -----
    The decoder layers are walked back from the last; each adds its cross-attention's
    share to the gradient of the encoder's output, which is then walked back through the
    encoder layers. An embedding receives :math:`\sqrt{d_{model}}` times the gradient of
    its position's input; the positional encoding is fixed. Course 5, Week 4.
    """
    (shape,) = read_cache(cache, "transformer_forward", ("shape",))
    dlogits = check_upstream("dlogits", dlogits, shape, "transformer_forward")
    y, W_out = cache["y"], cache["W_out"]
    m, d_model = y.shape[0], y.shape[2]
    grads = {"dW_out": y.reshape(-1, d_model).T @ dlogits.reshape(-1, shape[2]) / m,
             "db_out": dlogits.sum(axis=(0, 1)) / m}
    dy = dlogits @ W_out.T
    denc_out = 0.0
    for layer in reversed(range(len(cache["dec"]))):
        dy, denc, layer_grads = _decoder_layer_backward(dy, cache["dec"][layer])
        denc_out = denc_out + denc
        grads.update(_prefixed(layer_grads, f"dec{layer}"))
    dx = denc_out
    for layer in reversed(range(len(cache["enc"]))):
        dx, layer_grads = _encoder_layer_backward(dx, cache["enc"][layer])
        grads.update(_prefixed(layer_grads, f"enc{layer}"))
    grads["dE_tgt"] = embedding_backward((dy * sqrt(d_model)).transpose(2, 0, 1), cache["tgt_emb"])[1]["dE"]
    grads["dE_src"] = embedding_backward((dx * sqrt(d_model)).transpose(2, 0, 1), cache["src_emb"])[1]["dE"]
    return grads


def attention_maps(cache):
    """The attention weights of every layer of a :func:`transformer_forward` pass.

    Parameters
    ----------
    cache : dict
        From :func:`transformer_forward`.

    Returns
    -------
    dict of str to list of ndarray
        ``"encoder"``: per encoder layer, (m, n_heads, T_x, T_x); ``"decoder_self"``: per
        decoder layer, (m, n_heads, T_y, T_y); ``"decoder_cross"``: per decoder layer,
        (m, n_heads, T_y, T_x). Row ``t`` of a map holds the weights with which query ``t``
        reads the keys; each row sums to 1 (0 for a fully masked row).
    """
    enc, dec = read_cache(cache, "transformer_forward", ("enc", "dec"))
    return {"encoder": [c["weights"] for c in enc],
            "decoder_self": [c["self_weights"] for c in dec],
            "decoder_cross": [c["cross_weights"] for c in dec]}


# ---------------------------------------------------------------------------
# The cost, and greedy decoding
# ---------------------------------------------------------------------------


def _check_logits_and_targets(logits, targets, pad_id):
    logits = as_float_array("logits", logits)
    check_shape("logits", logits, ("m", "T", "V"))
    if 0 in logits.shape:
        raise ValueError(f"logits must have m, T, V >= 1, got shape {logits.shape}")
    check_finite("logits", logits)
    targets = check_indices("targets", targets, logits.shape[2], "(m, T)", ndims=(2,))
    if targets.shape != logits.shape[:2]:
        raise ValueError(f"targets must have shape (m, T) = {logits.shape[:2]} to match logits of shape "
                         f"{logits.shape}, got {targets.shape}")
    if pad_id is not None:
        pad_id = _check_pad_id(pad_id, logits.shape[2], "the vocabulary (the last axis of logits)")
    return logits, targets, pad_id


def _log_softmax(logits):
    shifted = logits - logits.max(axis=-1, keepdims=True)  # <= 0: no overflow
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def sequence_cross_entropy(logits, targets, *, pad_id=None):
    r"""Cross-entropy of the softmax of every position's logits, summed over positions, mean over examples.

    Parameters
    ----------
    logits : ndarray of shape (m, T, V)
    targets : ndarray of int, shape (m, T)
        The right word at every position.
    pad_id : int, optional
        Positions whose target is ``pad_id`` add nothing to the cost; a word index in
        ``[0, V)``.

    Returns
    -------
    float

    Notes
    -----
    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{t:\, y^{(i)\langle t \rangle} \ne \mathrm{pad}}
              \log \mathrm{softmax}(z^{(i)\langle t \rangle})_{y^{(i)\langle t \rangle}}

    computed with the maximum subtracted first, so it stays finite at ``|z| = 1000``.
    Course 5, Week 4.
    """
    logits, targets, pad_id = _check_logits_and_targets(logits, targets, pad_id)
    log_p = np.take_along_axis(_log_softmax(logits), targets[..., None], axis=-1)[..., 0]  # (m, T)
    if pad_id is not None:
        log_p = np.where(targets == pad_id, 0.0, log_p)
    return float(-log_p.sum() / logits.shape[0])


def sequence_cross_entropy_backward(logits, targets, *, pad_id=None):
    r"""Derivative of each example's loss in :func:`sequence_cross_entropy` with respect to the logits.

    Returns
    -------
    dlogits : ndarray of shape (m, T, V), in the dtype of ``logits``
        :math:`\mathrm{softmax}(z) - \mathrm{onehot}(y)` at every position, 0 where the target
        is padding; per example (no ``1/m``).
    """
    logits, targets, pad_id = _check_logits_and_targets(logits, targets, pad_id)
    dlogits = np.exp(_log_softmax(logits))
    np.put_along_axis(dlogits, targets[..., None], np.take_along_axis(dlogits, targets[..., None], -1) - 1.0, -1)
    if pad_id is not None:
        dlogits[targets == pad_id] = 0.0
    return dlogits


def transformer_greedy_decode(src_tokens, params, *, n_heads, start_id, max_length, pad_id=None, end_id=None):
    r"""Translate by feeding the decoder its own most likely word, one position at a time.

    Parameters
    ----------
    src_tokens : ndarray of int, shape (m, T_x)
    params : dict
        From :func:`init_transformer`, trained.
    n_heads : int
    start_id : int
        The target token the decoder starts from.
    max_length : int
        Number of words to produce (fewer if every example has produced ``end_id``).
    pad_id : int, optional
        As in :func:`transformer_forward` (source padding is masked).
    end_id : int, optional
        After an example's first ``end_id`` its remaining positions are ``end_id`` too.

    Returns
    -------
    tokens : ndarray of int64, shape (m, L)
        The words produced, without the start token; ``L <= max_length``.

    Notes
    -----
    The encoder runs once. At step ``t`` the decoder reads the start token and the ``t``
    words chosen so far, and position ``t``'s argmax is appended. Because of the look-ahead
    mask, the earlier positions' outputs would not change, so only the last one is new
    (recomputing them keeps the code short; a cache of keys and values would avoid it).
    Course 5, Week 4.
    """
    params, n_enc, n_dec = _check_transformer_params(params)
    src_tokens = _check_tokens("src_tokens", src_tokens, params["E_src"].shape[1])
    n_heads = _check_heads(n_heads, params["E_src"].shape[0])
    V_tgt = params["E_tgt"].shape[1]
    start_id = check_int("start_id", start_id, minimum=0)
    max_length = check_int("max_length", max_length)
    for name, value in (("start_id", start_id), ("end_id", end_id)):
        if value is not None and not 0 <= check_int(name, value, minimum=0) < V_tgt:
            raise ValueError(f"{name} must be a target word index in [0, {V_tgt - 1}], got {value}")
    if pad_id is not None:
        pad_id = _check_pad_id(pad_id, params["E_src"].shape[1], "the source vocabulary")
    src_mask, _ = _masks(src_tokens, 1, None, pad_id, False)
    enc_out, _, _ = _encode(src_tokens, params, n_enc, n_heads, src_mask)
    m = src_tokens.shape[0]
    tokens = np.full((m, 1), start_id, dtype=np.int64)
    done = np.zeros(m, dtype=bool)
    for _ in range(max_length):
        self_mask = make_look_ahead_mask(tokens.shape[1])
        logits, _, _, _ = _decode(tokens, enc_out, params, n_dec, n_heads, self_mask, src_mask)
        word = np.argmax(logits[:, -1], axis=-1)
        if end_id is not None:
            word = np.where(done, end_id, word)
            done |= word == end_id
        tokens = np.concatenate([tokens, word[:, None]], axis=1)
        if end_id is not None and done.all():
            break
    return tokens[:, 1:]
