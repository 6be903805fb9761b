r"""A small convolutional feature network whose every layer's activation can be read.

Course 4, Week 4 ("what are deep ConvNets learning?", neural style transfer). A stack of
``L`` layers, each a "same"-padded ``f x f`` convolution and a ReLU, with a 2x2 pooling
(stride 2) between two layers:

.. math:: a^{[l]} = \mathrm{ReLU}\bigl(W^{[l]} * \mathrm{pool}(a^{[l-1]}) + b^{[l]}\bigr),
          \qquad a^{[0]} = \text{image}.

Unlike :class:`dlspec.network.Network`, which returns only its last output, the forward
pass returns every layer's activation, and the backward pass takes gradients on any of
them at once and carries their sum down to the **image**, which is what style transfer
(:mod:`dlspec.style_transfer`) trains::

    params = initialize_feature_net([3, 8, 16], rng=rng)       # two conv -> ReLU layers
    acts, cache = feature_net_forward(image, params)             # {1: a1, 2: a2}
    d_image, grads = feature_net_backward({1: da1, 2: da2}, cache)

Images are stored as in the rest of Course 4, examples first and channels last; here one
image, ``(1, n_H, n_W, n_C0)``. The layers are dlspec's own blocks
(:mod:`dlspec.conv`, :mod:`dlspec.activations`, :mod:`dlspec.pooling`), run unchecked
after one check of the whole network.
"""

from collections.abc import Mapping, Sequence
from numbers import Integral

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_float_dtype,
    check_int,
    check_params,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.activations import activation_backward, activation_block
from dlspec.conv import conv2d_backward, conv_block
from dlspec.initializers import initialize_weight
from dlspec.pooling import pool_backward, pool_block


#: The unchecked blocks (see dlspec.residual): the network is checked once per call.
_convolve = conv_block(1, 1, 1, 1).run
_relu = activation_block("relu").run
_POOLS = {mode: pool_block(2, 2, mode).run for mode in ("average", "max")}


def initialize_feature_net(channels, *, rng, f=3, dtype=np.float64):
    r"""Random weights of a feature network of ``f x f`` convolutions.

    Parameters
    ----------
    channels : list of int >= 1
        ``[n_C0, n_C1, ..., n_CL]``: the image's channels (3 for colour, 1 for grey),
        then those of each of the ``L >= 1`` convolutions.
    rng : numpy.random.Generator
    f : int, odd, default 3
        The filter size ("same" padding needs it odd).
    dtype : float32 or float64, default float64

    Returns
    -------
    params : dict
        ``"W{l}"`` of shape (f, f, n_C{l-1}, n_C{l}), He-initialised with fan-in
        ``f * f * n_C{l-1}``, and ``"b{l}"`` of shape (1, 1, 1, n_C{l}), zeros.

    Raises
    ------
    ValueError, TypeError
        If ``channels`` has fewer than two sizes or a size is not a positive integer,
        ``f`` is even or not a positive integer, ``rng`` is not a Generator, or
        ``dtype`` is not float32 or float64.

    Notes
    -----
    He initialisation keeps the activations' size roughly the same from layer to layer,
    so every layer's cost has a comparable scale. Course 4, Week 4.
    """
    if isinstance(channels, (str, bytes)) or not isinstance(channels, Sequence):
        raise TypeError(f"channels must be a list of integers [n_C0, ..., n_CL], got {type(channels).__name__}")
    if len(channels) < 2:
        raise ValueError(f"channels must list at least two sizes [n_C0, n_C1], got {list(channels)}")
    sizes = [check_int(f"channels[{i}]", n) for i, n in enumerate(channels)]
    f = _check_odd_f(f)
    dtype = check_float_dtype("dtype", dtype)
    params = {}
    for l in range(1, len(sizes)):
        shape = (f, f, sizes[l - 1], sizes[l])
        params[f"W{l}"] = initialize_weight(shape, "he", rng=rng, fan_in=f * f * sizes[l - 1], dtype=dtype)
        params[f"b{l}"] = np.zeros((1, 1, 1, sizes[l]), dtype=dtype)
    return params


def _check_odd_f(f):
    f = check_int("f", f)
    if f % 2 == 0:
        raise ValueError(f"f must be odd, so that 'same' padding keeps the image's size, got {f}")
    return f


def _check_pool(pool):
    if pool is not None and (not isinstance(pool, str) or pool not in _POOLS):
        raise ValueError(f"pool must be 'average', 'max' or None, got {pool!r}")
    return pool


def _check_feature_net(image, params, pool):
    """The checks of :func:`feature_net_forward`; returns ``(image, [(W, b), ...], pool)``."""
    pool = _check_pool(pool)
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict {{'W1', 'b1', ..., 'WL', 'bL'}}, got {type(params).__name__}")
    L = sum(1 for k in params if isinstance(k, str) and k.startswith("W"))
    keys = [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]
    if L == 0 or sorted(map(str, params)) != sorted(keys):
        raise ValueError(
            f"params must hold W1, b1, ..., WL, bL and nothing else, got {sorted(map(str, params))}"
        )
    arrays = check_params("params", params, keys)
    layers = []
    n_C_prev = None
    for l in range(1, L + 1):
        W, b = arrays[2 * l - 2], arrays[2 * l - 1]
        check_shape(f"W{l}", W, ("f", "f", "n_C_prev" if n_C_prev is None else n_C_prev, "n_C"),
                    hint="" if n_C_prev is None else f"to follow W{l - 1} of shape {layers[-1][0].shape}")
        if W.shape[0] != W.shape[1] or W.shape[0] % 2 == 0:
            raise ValueError(f"W{l} must hold square filters of an odd size f, got {W.shape}")
        check_shape(f"b{l}", b, (1, 1, 1, W.shape[3]), hint=f"to match W{l} of shape {W.shape}")
        check_finite(f"W{l}", W)
        check_finite(f"b{l}", b)
        layers.append((W, b))
        n_C_prev = W.shape[3]
    image = as_float_array("image", image)
    n_C0 = layers[0][0].shape[2]
    check_shape("image", image, (1, "n_H", "n_W", n_C0),
                hint=f"(one image, channels last) to match W1 of shape {layers[0][0].shape}")
    check_finite("image", image)
    n_H, n_W = image.shape[1:3]
    if 0 in image.shape:
        raise ValueError(f"image must have at least one pixel, got {image.shape}")
    if pool is not None and min(n_H, n_W) < 2 ** (L - 1):
        raise ValueError(
            f"image of {n_H} x {n_W} pixels is too small for the 2x2 pooling(s) between "
            f"{L} layers: it needs at least {2 ** (L - 1)} pixels each way (or pool=None)"
        )
    return image, layers, pool


def feature_net_forward(image, params, *, pool="average"):
    r"""A small feature network, forward: every layer's activation of one image.

    Parameters
    ----------
    image : ndarray of shape (1, n_H, n_W, n_C0)
        One image, channels last.
    params : dict
        ``"W{l}"`` (f, f, n_C{l-1}, n_C{l}) with odd ``f`` and ``"b{l}"`` (1, 1, 1, n_C{l})
        for ``l = 1, ..., L``, e.g. from :func:`initialize_feature_net`.
    pool : {"average", "max", None}, default "average"
        The 2x2 pooling (stride 2) between two layers; None for none.

    Returns
    -------
    activations : dict of int to ndarray
        ``{l: a_l}``, ``a_l`` of shape (1, n_H_l, n_W_l, n_C{l}): the output of layer
        ``l``'s ReLU, before the pooling that follows it.
    cache : dict
        The blocks' caches, for :func:`feature_net_backward`.

    Raises
    ------
    ValueError
        If a key of ``params`` is missing or extra, the filters' shapes do not chain,
        a filter is not square and odd, ``image`` does not match ``W1``'s channels or is
        too small for the poolings, an entry is NaN or infinite, or ``pool`` is unknown.
    TypeError
        If ``params`` is not a dict or an array is not numeric.

    Notes
    -----
    .. math:: a^{[l]} = \mathrm{ReLU}\bigl(W^{[l]} * \mathrm{pool}(a^{[l-1]}) + b^{[l]}\bigr),
              \qquad a^{[0]} = \text{image},

    each convolution "same" padded, so only the poolings halve the size (no pooling
    before layer 1). Gatys et al. (2016) found average pooling gives smoother images
    than max pooling. Course 4, Week 4.
    """
    image, layers, pool = _check_feature_net(image, params, pool)
    return _feature_net(image, layers, pool)


def _feature_net(image, layers, pool):
    """:func:`feature_net_forward` on checked arguments; ``layers`` is ``[(W, b), ...]``."""
    activations, caches = {}, []
    a = image
    for l, (W, b) in enumerate(layers, start=1):
        pool_cache = None
        if l > 1 and pool is not None:
            a, pool_cache = _POOLS[pool](a, f=2, stride=2, mode=pool)
        Z, conv_cache = _convolve(a, {"W": W, "b": b}, stride=1, padding=(W.shape[0] - 1) // 2)
        a, relu_cache = _relu(Z, activation="relu")
        activations[l] = a
        caches.append((pool_cache, conv_cache, relu_cache))
    return activations, make_cache("feature_net_forward", caches=caches,
                                   shapes={l: a.shape for l, a in activations.items()})


def feature_net_backward(d_activations, cache):
    r"""Back-propagate gradients on some layers' activations to the image.

    Parameters
    ----------
    d_activations : dict of int to ndarray
        ``{l: dJ/da_l}`` for the layers the cost reads, each of the shape of
        ``activations[l]``; layers left out get no gradient of their own.
    cache : dict
        From :func:`feature_net_forward`.

    Returns
    -------
    d_image : ndarray of shape (1, n_H, n_W, n_C0)
        :math:`\partial J / \partial \text{image}`.
    grads : dict
        ``"dW{l}"`` and ``"db{l}"`` for every layer (zeros above the highest layer in
        ``d_activations``). With one image, ``m = 1``, so mean and sum agree.

    Raises
    ------
    ValueError
        If a key is not a layer of the network or a gradient has the wrong shape.
    TypeError
        If ``d_activations`` is not a dict, a key is not an integer, or ``cache`` was not
        made by :func:`feature_net_forward`.

    Notes
    -----
    Layer ``l``'s activation feeds the cost directly and, through the pooling, layer
    ``l + 1``; the two gradients add:

    .. math:: \frac{\partial J}{\partial a^{[l]}} = \frac{\partial J_{\text{direct}}}{\partial a^{[l]}}
              + \mathrm{pool}^T\Bigl(W^{[l+1]T} * \frac{\partial J}{\partial z^{[l+1]}}\Bigr).

    The pass starts at the highest layer with a gradient, since the layers above it do
    not change ``J``. Course 4, Week 4.
    """
    caches, shapes = read_cache(cache, "feature_net_forward", ("caches", "shapes"))
    if not isinstance(d_activations, Mapping):
        raise TypeError(
            f"d_activations must be a dict {{layer: gradient}}, got {type(d_activations).__name__}"
        )
    L = len(caches)
    upstream = {}
    for l, d in d_activations.items():
        if isinstance(l, bool) or not isinstance(l, Integral):
            raise TypeError(f"d_activations' keys must be layer numbers (int), got {l!r}")
        if not 1 <= l <= L:
            raise ValueError(f"d_activations has layer {l}, but the network has layers 1 to {L}")
        upstream[int(l)] = check_upstream(f"d_activations[{l}]", d, shapes[l], f"layer {l}")
    grads = {}
    for l in range(L, 0, -1):  # zeros for the layers above the highest gradient
        W = caches[l - 1][1]["W"]
        grads[f"dW{l}"], grads[f"db{l}"] = np.zeros_like(W), np.zeros((1, 1, 1, W.shape[3]), W.dtype)
    top = max(upstream, default=0)
    da = upstream.get(top)
    for l in range(top, 0, -1):
        pool_cache, conv_cache, relu_cache = caches[l - 1]
        dZ, _ = activation_backward(da, relu_cache)
        da, conv_grads = conv2d_backward(dZ, conv_cache)
        grads[f"dW{l}"], grads[f"db{l}"] = conv_grads["dW"], conv_grads["db"]
        if pool_cache is not None:
            da, _ = pool_backward(da, pool_cache)
        if l > 1 and l - 1 in upstream:
            da = da + upstream[l - 1]
    if top == 0:  # no gradient at all: J does not depend on the image
        first_conv = caches[0][1]
        da = np.zeros(first_conv["A_prev"].shape, dtype=first_conv["A_prev"].dtype)
    return da, {k: grads[k] for l in range(1, L + 1) for k in (f"dW{l}", f"db{l}")}


