r"""Layer normalisation: each position's vector normalised over its own features.

Course 5, Week 4 (the transformer's "Add & Norm"). Batch normalisation (Course 2, Week 3,
:mod:`dlspec.normalization`) normalises each unit over the examples of a batch; layer
normalisation normalises each example's vector over its ``d`` features, the last axis, so
it needs no batch statistics, behaves the same in training and at test time and works for
one example or one position alone::

    params = {"gamma": np.ones(d), "beta": np.zeros(d)}    # (d,) each
    out, cache = layer_norm_forward(x, params)             # x, out: (..., d), e.g. (m, T, d)
    dx, grads = layer_norm_backward(dout, cache)           # grads: "dgamma", "dbeta"

Gradient convention, as in :mod:`dlspec.layers`: ``dout`` and ``dx`` are per example,
``dgamma`` and ``dbeta`` are gradients of the mean cost over the ``m`` examples (the first
axis of ``x``), so they carry the :math:`1/m`.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_params,
    check_positive,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)

#: Default epsilon added to the variance (the value of the course's Keras exercise).
DEFAULT_EPS = 1e-6


def layer_norm_forward(x, params, *, eps=DEFAULT_EPS):
    r"""Normalise ``x`` over its last axis, then scale by ``gamma`` and shift by ``beta``.

    Parameters
    ----------
    x : ndarray of shape (m, ..., d)
        E.g. (m, T, d): ``m`` examples of ``T`` positions with ``d`` features each; at least
        2-D, the first axis counting the examples.
    params : dict
        ``{"gamma": (d,), "beta": (d,)}`` (1 and 0 at the start); other keys are ignored.
    eps : float, default 1e-6
        Added to the variance before the square root; positive.

    Returns
    -------
    out : ndarray of the shape of ``x``
    cache : dict
        For :func:`layer_norm_backward`: the normalised ``x_hat``, ``inv_std`` and ``gamma``.

    Raises
    ------
    ValueError
        If ``x`` is not at least 2-D, an axis is empty, the shapes disagree, an input holds
        NaN or infinity or ``eps <= 0``.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    For each vector :math:`x` of ``d`` features (one position of one example):

    .. math::
        \mu = \frac{1}{d} \sum_{j=1}^{d} x_j, \qquad
        \sigma^2 = \frac{1}{d} \sum_{j=1}^{d} (x_j - \mu)^2, \qquad
        \hat x_j = \frac{x_j - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \qquad
        \text{out}_j = \gamma_j \hat x_j + \beta_j .

    Every :math:`\hat x` has mean 0 and variance :math:`\sigma^2 / (\sigma^2 + \varepsilon)
    \approx 1`. Course 5, Week 4.
    """
    x = as_float_array("x", x)
    if x.ndim < 2:
        raise ValueError(f"x must have shape (m, ..., d), at least 2-D, got {x.shape}")
    if 0 in x.shape:
        raise ValueError(f"x must not have an empty axis, got shape {x.shape}")
    check_finite("x", x)
    gamma, beta = check_params("params", params, ("gamma", "beta"))
    d = x.shape[-1]
    check_shape("gamma", gamma, (d,), hint=f"to match the last axis of x of shape {x.shape}")
    check_shape("beta", beta, (d,), hint=f"to match the last axis of x of shape {x.shape}")
    check_finite("gamma", gamma)
    check_finite("beta", beta)
    eps = check_positive("eps", eps)
    return _layer_norm(x, gamma, beta, eps)


def _layer_norm(x, gamma, beta, eps):
    """:func:`layer_norm_forward` on checked arguments."""
    mu = x.mean(axis=-1, keepdims=True)
    centred = x - mu
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + x.dtype.type(eps))
    x_hat = centred * inv_std
    out = gamma * x_hat + beta
    return out, make_cache("layer_norm_forward", x_hat=x_hat, inv_std=inv_std, gamma=gamma)


def layer_norm_backward(dout, cache):
    r"""Gradients of layer normalisation with respect to ``x``, ``gamma`` and ``beta``.

    Parameters
    ----------
    dout : ndarray of the shape of ``x``
    cache : dict
        From :func:`layer_norm_forward`.

    Returns
    -------
    dx : ndarray of the shape of ``x``
        Per example.
    grads : dict
        ``dgamma`` and ``dbeta`` of shape (d,): gradients of the mean cost over the ``m``
        examples (the first axis).

    Raises
    ------
    ValueError
        If ``dout`` does not have the shape of the forward output.
    TypeError
        If ``cache`` was not made by :func:`layer_norm_forward`.

    Notes
    -----
    With :math:`g = \gamma \odot d\text{out}` the gradient reaching :math:`\hat x`, for each
    vector of ``d`` features

    .. math::
        dx = \frac{1}{\sqrt{\sigma^2 + \varepsilon}}
        \Big(g - \overline{g} - \hat x\, \overline{g \odot \hat x}\Big),

    the bars being means over the ``d`` features: the same formula as batch norm's, over the
    other axis. :math:`d\gamma = \sum d\text{out} \odot \hat x / m` and
    :math:`d\beta = \sum d\text{out} / m`, summed over every position. Course 5, Week 4.
    """
    x_hat, inv_std, gamma = read_cache(cache, "layer_norm_forward", ("x_hat", "inv_std", "gamma"))
    dout = check_upstream("dout", dout, x_hat.shape, "layer_norm_forward")
    return _layer_norm_backward(dout, x_hat, inv_std, gamma)


def _layer_norm_backward(dout, x_hat, inv_std, gamma):
    """:func:`layer_norm_backward` on checked arguments."""
    d = x_hat.shape[-1]
    m = x_hat.shape[0]
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=-1, keepdims=True)
                    - x_hat * np.mean(g * x_hat, axis=-1, keepdims=True))
    rows = dout.reshape(-1, d)
    inv_m = dout.dtype.type(1.0 / m)
    grads = {"dgamma": np.sum(rows * x_hat.reshape(-1, d), axis=0) * inv_m, "dbeta": rows.sum(axis=0) * inv_m}
    return dx, grads
