r"""Neural style transfer: content cost, Gram-matrix style cost, and the gradient on the image.

Course 4, Week 4. Style transfer makes an image :math:`G` whose deep features resemble
those of a *content* image :math:`C` and whose feature *statistics* resemble those of a
*style* image :math:`S`. A fixed network (:mod:`dlspec.feature_net`) gives, at layer
:math:`l`, the activation :math:`a^{[l]}` of one image, stored as in all of Course 4
(example first, channels last): shape ``(1, n_H, n_W, n_C)``. The costs are

.. math:: J_{content} = \frac{1}{4 n_H n_W n_C} \sum (a^{(C)} - a^{(G)})^2,
          \qquad
          J^{[l]}_{style} = \frac{1}{4 n_C^2 (n_H n_W)^2} \sum_{k, k'}
          \bigl(G^{(S)}_{kk'} - G^{(G)}_{kk'}\bigr)^2,

with the Gram matrix :math:`G_{kk'} = \sum_{i,j} a_{ijk}\, a_{ijk'}`,
:math:`J_{style} = \sum_l \lambda^{[l]} J^{[l]}_{style}` and
:math:`J = \alpha J_{content} + \beta J_{style}`. No weight is learned: gradient descent
runs on the pixels of :math:`G`. Each cost has its gradient on the generated activation,
named as in :mod:`dlspec.losses`::

    J = content_cost(a_C, a_G);        da_G = content_cost_backward(a_C, a_G)
    J = layer_style_cost(a_S, a_G);    da_G = layer_style_cost_backward(a_S, a_G)

and :func:`image_gradient` does a whole step: the three costs of an image and
:math:`\partial J / \partial G` through the feature network. Only ``m = 1``: the costs
compare single images.
"""

from collections.abc import Mapping, Sequence
from numbers import Integral

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_real,
    check_shape,
)
from dlspec.feature_net import feature_net_backward, feature_net_forward

def _check_activation(name, a):
    """One image's activation (1, n_H, n_W, n_C), every size >= 1, finite."""
    a = as_float_array(name, a)
    one = "; one image as a[None]" if a.ndim == 3 else ""
    check_shape(name, a, (1, "n_H", "n_W", "n_C"), hint=f"(one image, channels last{one})")
    if 0 in a.shape:
        raise ValueError(f"{name} must have at least one row, column and channel, got {a.shape}")
    return _finite(name, a)


def _finite(name, a):
    """``a`` after checking that it holds only finite numbers."""
    check_finite(name, a)
    return a


def _check_pair(name_target, target, name_g, a_G):
    """A target activation and the generated one, of the same shape."""
    a_G = _check_activation(name_g, a_G)
    target = as_float_array(name_target, target)
    check_shape(name_target, target, a_G.shape, hint=f"to match {name_g} of shape {a_G.shape}")
    return _finite(name_target, target), a_G


# ---------------------------------------------------------------------------
# The Gram matrix
# ---------------------------------------------------------------------------


def unroll(a):
    r"""An image's activation as a matrix with one row per channel.

    Parameters
    ----------
    a : ndarray of shape (1, n_H, n_W, n_C)

    Returns
    -------
    ndarray of shape (n_C, n_H * n_W)
        Row ``k`` holds channel ``k`` at every position, the positions in row-major order.

    Raises
    ------
    ValueError, TypeError
        If ``a`` is not one finite, non-empty image ``(1, n_H, n_W, n_C)``.

    Notes
    -----
    The matrix whose rows :func:`gram_matrix` compares. Course 4, Week 4.
    """
    return _unroll(_check_activation("a", a))


def _unroll(a):
    _, n_H, n_W, n_C = a.shape
    return a.reshape(n_H * n_W, n_C).T  # (n_C, n_H n_W)


def gram_matrix(A):
    r"""The Gram matrix of an activation: the dot products of its channels.

    Parameters
    ----------
    A : ndarray of shape (1, n_H, n_W, n_C), or of shape (n_C, n_H * n_W)
        An image's activation, or the same already unrolled by :func:`unroll` (one row
        per channel).

    Returns
    -------
    G : ndarray of shape (n_C, n_C)
        Symmetric and positive semi-definite.

    Raises
    ------
    ValueError, TypeError
        If ``A`` is neither an activation (1, n_H, n_W, n_C) nor a matrix, is empty or
        holds NaN or infinity.

    Notes
    -----
    .. math:: G_{kk'} = \sum_{i=1}^{n_H} \sum_{j=1}^{n_W} a_{ijk}\, a_{ijk'}
              \qquad (G = U U^T,\ U \text{ unrolled})

    :math:`G_{kk'}` is large when channels :math:`k` and :math:`k'` are active at the same
    places: which features occur together, wherever they are. Summing over positions
    forgets the layout, which is why it describes style (texture) and not content.
    Course 4, Week 4.
    """
    A = as_float_array("A", A)
    if A.ndim not in (2, 4) or 0 in A.shape:
        raise ValueError(f"A must have shape (1, n_H, n_W, n_C) or, unrolled, (n_C, n_H * n_W), "
                         f"with no size 0, got {A.shape}")
    U = _finite("A", A) if A.ndim == 2 else _unroll(_check_activation("A", A))
    return U @ U.T


# ---------------------------------------------------------------------------
# Content and style costs, with their gradients on the generated activation
# ---------------------------------------------------------------------------


def content_cost(a_C, a_G):
    r"""The content cost: how far the generated image's activation is from the content's.

    Parameters
    ----------
    a_C : ndarray of shape (1, n_H, n_W, n_C)
        The content image's activation at the chosen layer.
    a_G : ndarray of shape (1, n_H, n_W, n_C)
        The generated image's, at the same layer.

    Returns
    -------
    float

    Raises
    ------
    ValueError, TypeError
        If an activation is not one finite, non-empty image, or the shapes differ.

    Notes
    -----
    .. math:: J_{content}(C, G) = \frac{1}{4 n_H n_W n_C} \sum_{i,j,k}
              \bigl(a^{(C)}_{ijk} - a^{(G)}_{ijk}\bigr)^2

    A middle layer is usual: shallow layers would ask for the same pixels, deep ones only
    for the same kind of objects. Course 4, Week 4.
    """
    a_C, a_G = _check_pair("a_C", a_C, "a_G", a_G)
    return _content_cost(a_C, a_G)


def _content_cost(a_C, a_G):
    diff = a_C - a_G
    return float(np.sum(diff * diff) / (4 * a_G.size))


def content_cost_backward(a_C, a_G):
    r"""Gradient of :func:`content_cost` with respect to the generated activation ``a_G``.

    Parameters
    ----------
    a_C, a_G : ndarray of shape (1, n_H, n_W, n_C)
        As for :func:`content_cost`.

    Returns
    -------
    da_G : ndarray of shape (1, n_H, n_W, n_C)

    Raises
    ------
    ValueError, TypeError
        As :func:`content_cost`.

    Notes
    -----
    .. math:: \frac{\partial J_{content}}{\partial a^{(G)}}
              = \frac{a^{(G)} - a^{(C)}}{2 n_H n_W n_C}

    Course 4, Week 4.
    """
    a_C, a_G = _check_pair("a_C", a_C, "a_G", a_G)
    return _content_gradient(a_C, a_G)


def _content_gradient(a_C, a_G):
    return (a_G - a_C) / (2 * a_G.size)


def layer_style_cost(a_S, a_G):
    r"""The style cost of one layer: the squared distance between two Gram matrices.

    Parameters
    ----------
    a_S : ndarray of shape (1, n_H, n_W, n_C)
        The style image's activation at the layer.
    a_G : ndarray of shape (1, n_H, n_W, n_C)
        The generated image's, at the same layer (the images have the same size).

    Returns
    -------
    float

    Raises
    ------
    ValueError, TypeError
        If an activation is not one finite, non-empty image, or the shapes differ.

    Notes
    -----
    .. math:: J^{[l]}_{style}(S, G) = \frac{1}{4 n_C^2 (n_H n_W)^2}
              \sum_{k=1}^{n_C} \sum_{k'=1}^{n_C} \bigl(G^{(S)}_{kk'} - G^{(G)}_{kk'}\bigr)^2

    with :func:`gram_matrix`. The factor makes the cost independent of the layer's size
    in the way the course normalises it. Course 4, Week 4.
    """
    a_S, a_G = _check_pair("a_S", a_S, "a_G", a_G)
    return _layer_style_cost(a_S, a_G)


def _style_scale(a_G):
    """1 / (n_C^2 (n_H n_W)^2): the course's factor without its 1/4."""
    _, n_H, n_W, n_C = a_G.shape
    return 1.0 / (n_C * n_C * (n_H * n_W) ** 2)


def _layer_style_cost(a_S, a_G):
    U_S, U_G = _unroll(a_S), _unroll(a_G)
    diff = U_S @ U_S.T - U_G @ U_G.T  # (n_C, n_C)
    return float(np.sum(diff * diff) * _style_scale(a_G) / 4)


def layer_style_cost_backward(a_S, a_G):
    r"""Gradient of :func:`layer_style_cost` with respect to the generated activation ``a_G``.

    Parameters
    ----------
    a_S, a_G : ndarray of shape (1, n_H, n_W, n_C)
        As for :func:`layer_style_cost`.

    Returns
    -------
    da_G : ndarray of shape (1, n_H, n_W, n_C)

    Raises
    ------
    ValueError, TypeError
        As :func:`layer_style_cost`.

    Notes
    -----
    With :math:`U` the unrolled activation (:func:`unroll`) and :math:`G = U U^T`, the cost
    is :math:`c \lVert G^{(S)} - G \rVert^2` with :math:`c = 1 / (4 n_C^2 (n_H n_W)^2)`, so
    :math:`\partial J / \partial G = 2c\,(G - G^{(S)})`, a symmetric matrix, and
    :math:`\partial J / \partial U = (\partial J/\partial G + \partial J/\partial G^T)\,U`:

    .. math:: \frac{\partial J^{[l]}_{style}}{\partial U^{(G)}}
              = \frac{1}{n_C^2 (n_H n_W)^2} \bigl(G^{(G)} - G^{(S)}\bigr)\, U^{(G)},

    folded back to the activation's shape. Course 4, Week 4.
    """
    a_S, a_G = _check_pair("a_S", a_S, "a_G", a_G)
    return _style_gradient(a_S, a_G)


def _style_gradient(a_S, a_G):
    U_S, U_G = _unroll(a_S), _unroll(a_G)
    dU = (U_G @ U_G.T - U_S @ U_S.T) @ U_G * _style_scale(a_G)  # (n_C, n_H n_W)
    return dU.T.reshape(a_G.shape)


def _check_layers(styles, generated, weights):
    """Three sequences of one length >= 1; the activations paired, the weights >= 0."""
    for name, seq in (("styles", styles), ("generated", generated), ("weights", weights)):
        if isinstance(seq, (str, bytes, np.ndarray)) or not isinstance(seq, Sequence):
            raise TypeError(f"{name} must be a list (one entry per layer), got {type(seq).__name__}")
    if not styles or not (len(styles) == len(generated) == len(weights)):
        raise ValueError(
            "styles, generated and weights must be lists of one length >= 1 (one entry per "
            f"layer), got lengths {len(styles)}, {len(generated)} and {len(weights)}"
        )
    pairs = [_check_pair(f"styles[{i}]", s, f"generated[{i}]", g)
             for i, (s, g) in enumerate(zip(styles, generated, strict=True))]
    lambdas = [check_real(f"weights[{i}]", w, low=0.0) for i, w in enumerate(weights)]
    return pairs, lambdas


def style_cost(styles, generated, weights):
    r"""The style cost over several layers: a weighted sum of :func:`layer_style_cost`.

    Parameters
    ----------
    styles : list of ndarray, shapes (1, n_H, n_W, n_C) of each layer
        The style image's activations, one per chosen layer.
    generated : list of ndarray
        The generated image's activations at the same layers, in the same order.
    weights : list of float >= 0
        The weight :math:`\lambda^{[l]}` of each layer (the course gives five layers 0.2
        each).

    Returns
    -------
    float

    Raises
    ------
    ValueError, TypeError
        If the lists are empty, not lists or of different lengths, a pair of activations
        differ in shape, an activation is not one finite image, or a weight is negative.

    Notes
    -----
    .. math:: J_{style}(S, G) = \sum_l \lambda^{[l]} J^{[l]}_{style}(S, G)

    Shallow layers match fine textures (edges, colours), deeper ones larger patterns;
    several layers together give a richer style. Course 4, Week 4.
    """
    pairs, lambdas = _check_layers(styles, generated, weights)
    return float(sum(w * _layer_style_cost(s, g) for (s, g), w in zip(pairs, lambdas, strict=True)))


def style_cost_backward(styles, generated, weights):
    r"""Gradients of :func:`style_cost` with respect to each generated activation.

    Parameters
    ----------
    styles, generated, weights
        As for :func:`style_cost`.

    Returns
    -------
    list of ndarray
        ``[dJ_style / d generated[0], ...]``, each of its activation's shape:
        :math:`\lambda^{[l]}` times :func:`layer_style_cost_backward`.

    Raises
    ------
    ValueError, TypeError
        As :func:`style_cost`.

    Notes
    -----
    Each layer's term depends only on that layer's activation. Course 4, Week 4.
    """
    pairs, lambdas = _check_layers(styles, generated, weights)
    return [w * _style_gradient(s, g) for (s, g), w in zip(pairs, lambdas, strict=True)]


def total_cost(J_content, J_style, alpha=10.0, beta=40.0):
    r"""The cost of neural style transfer: ``alpha * J_content + beta * J_style``.

    Parameters
    ----------
    J_content, J_style : float
        From :func:`content_cost` and :func:`style_cost`.
    alpha, beta : float >= 0, default 10 and 40
        The weights of content and style (the course's values).

    Returns
    -------
    float

    Raises
    ------
    ValueError, TypeError
        If an argument is not a real number, is NaN or infinite, or is negative.

    Notes
    -----
    .. math:: J(G) = \alpha\, J_{content}(C, G) + \beta\, J_{style}(S, G)

    Only the ratio :math:`\beta / \alpha` changes the picture; the scale changes the
    gradient's size, which Adam's steps ignore. Course 4, Week 4.
    """
    J_content = check_real("J_content", J_content, low=0.0)
    J_style = check_real("J_style", J_style, low=0.0)
    alpha = check_real("alpha", alpha, low=0.0)
    beta = check_real("beta", beta, low=0.0)
    return alpha * J_content + beta * J_style


# ---------------------------------------------------------------------------
# The whole step: costs of an image and their gradient with respect to its pixels
# ---------------------------------------------------------------------------


def image_gradient(image, params, *, content, styles, content_layer, style_weights,
                   alpha=10.0, beta=40.0, pool="average"):
    r"""The costs of a generated image and the gradient of the total cost on its pixels.

    Parameters
    ----------
    image : ndarray of shape (1, n_H, n_W, n_C0)
        The generated image :math:`G`.
    params : dict
        The feature network's weights, as for :func:`feature_net_forward`.
    content : dict of int to ndarray
        The content image's activations, ``feature_net_forward(C, params)[0]``; only
        ``content[content_layer]`` is read.
    styles : dict of int to ndarray
        The style image's activations, ``feature_net_forward(S, params)[0]``; the layers
        of ``style_weights`` are read. The style image has ``G``'s size.
    content_layer : int
        The layer :math:`l` of the content cost.
    style_weights : dict of int to float >= 0
        ``{l: lambda_l}``, the layers of the style cost and their weights.
    alpha, beta : float >= 0, default 10 and 40
        As for :func:`total_cost`.
    pool : {"average", "max", None}, default "average"
        As for :func:`feature_net_forward`; use the one that made ``content`` and ``styles``.

    Returns
    -------
    costs : dict
        ``{"content": J_content, "style": J_style, "total": J}``, floats.
    d_image : ndarray of shape (1, n_H, n_W, n_C0)
        :math:`\partial J / \partial G`.

    Raises
    ------
    ValueError, TypeError
        As :func:`feature_net_forward`; or a layer is not in the network or missing from
        ``content`` / ``styles``, a target's shape differs from ``G``'s activation, a weight
        is negative, or an argument has the wrong type.

    Notes
    -----
    One forward pass, the three costs, then the gradients of :math:`\alpha J_{content}`
    and :math:`\beta \lambda^{[l]} J^{[l]}_{style}` on the activations they read, added
    where a layer is read by both, and :func:`feature_net_backward` to the pixels. A
    gradient step on the image is then ``image - learning_rate * d_image``, or any
    optimiser of :mod:`dlspec.optimizers` on ``{"G": image}``. Course 4, Week 4.
    """
    alpha, beta = check_real("alpha", alpha, low=0.0), check_real("beta", beta, low=0.0)
    activations, cache = feature_net_forward(image, params, pool=pool)  # checks image, params
    L = len(activations)
    content_layer = _check_layer("content_layer", content_layer, L)
    if not isinstance(style_weights, Mapping):
        raise TypeError(f"style_weights must be a dict {{layer: weight}}, got {type(style_weights).__name__}")
    if not style_weights:
        raise ValueError("style_weights must name at least one layer, got {}")
    lambdas = {_check_layer("style_weights' key", l, L): check_real(f"style_weights[{l}]", w, low=0.0)
               for l, w in style_weights.items()}
    a_C = _target("content", content, content_layer, activations)
    a_S = {l: _target("styles", styles, l, activations) for l in lambdas}

    a_G = activations[content_layer]
    J_content = _content_cost(a_C, a_G)
    J_style = sum(w * _layer_style_cost(a_S[l], activations[l]) for l, w in lambdas.items())
    d_activations = {content_layer: alpha * _content_gradient(a_C, a_G)}
    for l, w in lambdas.items():
        d_style = beta * w * _style_gradient(a_S[l], activations[l])
        d_activations[l] = d_activations[l] + d_style if l in d_activations else d_style
    d_image, _ = feature_net_backward(d_activations, cache)
    J_style = float(J_style)
    return {"content": J_content, "style": J_style, "total": alpha * J_content + beta * J_style}, d_image


def _check_layer(name, l, L):
    """``l`` as an int if it is a layer number 1 to ``L``."""
    if isinstance(l, bool) or not isinstance(l, Integral):
        raise TypeError(f"{name} must be a layer number (int), got {l!r}")
    if not 1 <= l <= L:
        raise ValueError(f"{name} must be a layer of the network, 1 to {L}, got {l}")
    return int(l)


def _target(name, acts, l, activations):
    """``acts[l]``, checked against the generated image's activation at layer ``l``."""
    if not isinstance(acts, Mapping):
        raise TypeError(f"{name} must be a dict {{layer: activation}} from feature_net_forward, "
                        f"got {type(acts).__name__}")
    if l not in acts:
        raise ValueError(f"{name} has no activation of layer {l}; it has layers {sorted(acts)}")
    a = as_float_array(f"{name}[{l}]", acts[l])
    check_shape(f"{name}[{l}]", a, activations[l].shape,
                hint=f"like the generated image's activation at layer {l} (same size and network)")
    return _finite(f"{name}[{l}]", a)
