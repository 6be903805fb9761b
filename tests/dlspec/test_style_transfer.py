"""Tests for dlspec.style_transfer: Gram matrix, content, style and total costs, image gradient.

Oracles: numbers worked by hand, a plain loop for the Gram matrix, its properties
(symmetric, positive semi-definite), and centred finite differences for every gradient,
down to the image's pixels.
"""

import numpy as np
import pytest

from dlspec.feature_net import feature_net_forward, initialize_feature_net
from dlspec.gradcheck import numerical_gradient, relative_error
from dlspec.style_transfer import (
    content_cost,
    content_cost_backward,
    gram_matrix,
    image_gradient,
    layer_style_cost,
    layer_style_cost_backward,
    style_cost,
    style_cost_backward,
    total_cost,
    unroll,
)

#: Activations of one image (1, n_H, n_W, n_C): non-square, 1 and 3 channels, a single pixel.
SHAPES = [(1, 3, 5, 2), (1, 4, 3, 3), (1, 1, 1, 1), (1, 2, 7, 1)]
IDS = ["x".join(map(str, s[1:])) for s in SHAPES]


def _gram_loop(a):
    _, n_H, n_W, n_C = a.shape
    G = np.zeros((n_C, n_C))
    for k in range(n_C):
        for kk in range(n_C):
            for i in range(n_H):
                for j in range(n_W):
                    G[k, kk] += a[0, i, j, k] * a[0, i, j, kk]
    return G


# --- the Gram matrix --------------------------------------------------------------------------


def test_gram_matrix_by_hand():
    a = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 1, 2, 2)  # two pixels, two channels
    np.testing.assert_array_equal(unroll(a), [[1.0, 3.0], [2.0, 4.0]])  # a row per channel
    np.testing.assert_array_equal(gram_matrix(a), [[10.0, 14.0], [14.0, 20.0]])
    np.testing.assert_array_equal(gram_matrix(unroll(a)), [[10.0, 14.0], [14.0, 20.0]])


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_gram_matrix_equals_a_loop_and_is_symmetric_psd(shape, rng):
    a = rng.standard_normal(shape)
    G = gram_matrix(a)
    np.testing.assert_allclose(G, _gram_loop(a), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(G, G.T)
    assert np.min(np.linalg.eigvalsh(G)) >= -1e-12 * np.max(np.abs(G))
    v = rng.standard_normal(shape[-1])  # v^T G v = |U^T v|^2 >= 0
    assert v @ G @ v >= 0


def test_gram_matrix_forgets_where_features_are(rng):
    a = rng.standard_normal((1, 4, 6, 3))
    shuffled = a.reshape(24, 3)[rng.permutation(24)].reshape(1, 4, 6, 3)  # pixels moved around
    np.testing.assert_allclose(gram_matrix(shuffled), gram_matrix(a), rtol=1e-12)
    assert content_cost(a, shuffled) > 0.01  # the content cost does see it


def test_gram_matrix_keeps_float32(rng):
    assert gram_matrix(rng.standard_normal((1, 2, 3, 4)).astype(np.float32)).dtype == np.float32


# --- costs by hand ----------------------------------------------------------------------------


def test_content_cost_by_hand():
    a_C = np.zeros((1, 1, 2, 1))
    a_G = np.array([1.0, 2.0]).reshape(1, 1, 2, 1)
    assert content_cost(a_C, a_G) == pytest.approx(5 / 8, abs=1e-15)  # (1 + 4) / (4 * 1 * 2 * 1)
    np.testing.assert_allclose(content_cost_backward(a_C, a_G).ravel(), [0.25, 0.5])  # a_G / (2 * 2)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_content_cost_of_identical_activations_is_zero(shape, rng):
    a = rng.standard_normal(shape)
    assert content_cost(a, a.copy()) == 0.0
    assert np.all(content_cost_backward(a, a.copy()) == 0.0)
    assert layer_style_cost(a, a.copy()) == 0.0


def test_layer_style_cost_by_hand():
    a_S = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 1, 2, 2)  # Gram [[10, 14], [14, 20]]
    a_G = np.zeros((1, 1, 2, 2))  # Gram 0
    # (100 + 196 + 196 + 400) / (4 * n_C^2 * (n_H n_W)^2) = 892 / (4 * 4 * 4)
    assert layer_style_cost(a_S, a_G) == pytest.approx(892 / 64, abs=1e-13)
    np.testing.assert_array_equal(layer_style_cost_backward(a_S, a_G), 0.0)  # G = 0 is a stationary point


def test_style_cost_weighs_the_layers_by_hand():
    a_S = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 1, 2, 2)  # 892 / 64 against zeros
    b_S = np.array([2.0]).reshape(1, 1, 1, 1)  # Gram [[4]]: 16 / (4 * 1 * 1) = 4 against zero
    J = style_cost([a_S, b_S], [np.zeros_like(a_S), np.zeros_like(b_S)], [0.5, 0.25])
    assert J == pytest.approx(0.5 * 892 / 64 + 0.25 * 4, abs=1e-13)


def test_total_cost_by_hand():
    assert total_cost(2.0, 3.0) == 10 * 2 + 40 * 3  # the course's alpha = 10 and beta = 40
    assert total_cost(2.0, 3.0, alpha=1.0, beta=0.5) == 3.5
    assert total_cost(0, 1, 0, 1) == 1.0


# --- gradients on the activations -------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_content_and_layer_style_gradient_check(shape, rng):
    a_target, a_G = rng.standard_normal(shape), rng.standard_normal(shape)
    for cost, backward in ((content_cost, content_cost_backward),
                           (layer_style_cost, layer_style_cost_backward)):
        numeric = numerical_gradient(lambda: cost(a_target, a_G), a_G)
        assert relative_error(backward(a_target, a_G), numeric) < 1e-7, cost.__name__


def test_style_cost_gradient_check(rng):
    shapes = [(1, 5, 4, 3), (1, 2, 2, 1)]  # two layers of different sizes
    styles = [rng.standard_normal(s) for s in shapes]
    generated = [rng.standard_normal(s) for s in shapes]
    weights = [0.7, 2.0]
    analytic = style_cost_backward(styles, generated, weights)
    for g, a in zip(generated, analytic, strict=True):
        numeric = numerical_gradient(lambda: style_cost(styles, generated, weights), g)
        assert relative_error(a, numeric) < 1e-7


# --- the gradient on the image ----------------------------------------------------------------

#: (image shape, channels after the image, pool, content layer, style weights)
IMAGE_CASES = [
    ((1, 5, 7, 3), [4, 3], "average", 2, {1: 0.5, 2: 1.5}),
    ((1, 6, 5, 1), [3, 2, 4], "max", 1, {1: 1.0, 3: 0.3}),  # the content layer is also a style layer
    ((1, 4, 6, 3), [2, 2, 2], None, 3, {2: 1.0}),
]
IMAGE_IDS = [f"{'x'.join(map(str, c[0][1:]))}_{c[2]}" for c in IMAGE_CASES]


def setup_images(rng, shape, channels):
    params = initialize_feature_net([shape[-1], *channels], rng=rng)
    for l in range(1, len(channels) + 1):
        params[f"b{l}"] = 0.1 * rng.standard_normal(params[f"b{l}"].shape)
    C, S, G = (rng.standard_normal(shape) for _ in range(3))
    return params, C, S, G


@pytest.mark.parametrize("weights", [(1.0, 0.0), (0.0, 1.0), (10.0, 40.0)], ids=["content", "style", "total"])
@pytest.mark.parametrize(("shape", "channels", "pool", "c_layer", "s_weights"), IMAGE_CASES, ids=IMAGE_IDS)
def test_image_gradient_check(shape, channels, pool, c_layer, s_weights, weights, rng):
    params, C, S, G = setup_images(rng, shape, channels)
    content, _ = feature_net_forward(C, params, pool=pool)
    styles, _ = feature_net_forward(S, params, pool=pool)
    alpha, beta = weights
    kwargs = dict(content=content, styles=styles, content_layer=c_layer, style_weights=s_weights,
                  alpha=alpha, beta=beta, pool=pool)
    costs, d_image = image_gradient(G, params, **kwargs)
    numeric = numerical_gradient(lambda: image_gradient(G, params, **kwargs)[0]["total"], G)
    assert relative_error(d_image, numeric) < 1e-7


def test_image_gradient_costs_are_those_of_the_cost_functions(rng):
    params, C, S, G = setup_images(rng, (1, 6, 7, 3), [3, 4])
    content, _ = feature_net_forward(C, params)
    styles, _ = feature_net_forward(S, params)
    generated, _ = feature_net_forward(G, params)
    costs, _ = image_gradient(G, params, content=content, styles=styles, content_layer=2,
                              style_weights={1: 0.25, 2: 0.75}, alpha=3.0, beta=5.0)
    J_c = content_cost(content[2], generated[2])
    J_s = style_cost([styles[1], styles[2]], [generated[1], generated[2]], [0.25, 0.75])
    assert costs["content"] == pytest.approx(J_c, rel=1e-14)
    assert costs["style"] == pytest.approx(J_s, rel=1e-14)
    assert costs["total"] == pytest.approx(total_cost(J_c, J_s, 3.0, 5.0), rel=1e-14)


def test_the_content_image_itself_has_zero_content_cost_and_gradient(rng):
    params, C, _, _ = setup_images(rng, (1, 5, 5, 3), [2, 2])
    acts, _ = feature_net_forward(C, params)
    costs, d_image = image_gradient(C, params, content=acts, styles=acts, content_layer=2,
                                    style_weights={1: 1.0})
    assert costs == {"content": 0.0, "style": 0.0, "total": 0.0}
    assert np.all(d_image == 0.0)


def test_gradient_descent_on_the_pixels_lowers_the_cost(rng):
    params, C, S, _ = setup_images(rng, (1, 8, 8, 3), [4, 4])
    content, _ = feature_net_forward(C, params)
    styles, _ = feature_net_forward(S, params)
    G = C.copy()
    kwargs = dict(content=content, styles=styles, content_layer=2, style_weights={1: 0.5, 2: 0.5})
    first, _ = image_gradient(G, params, **kwargs)
    for _ in range(20):
        costs, d_image = image_gradient(G, params, **kwargs)
        G = G - 0.01 * d_image
    assert costs["total"] < first["total"]


def test_image_gradient_keeps_float32(rng):
    params = initialize_feature_net([3, 2, 2], rng=rng, dtype=np.float32)
    C = rng.standard_normal((1, 4, 4, 3)).astype(np.float32)
    acts, _ = feature_net_forward(C, params)
    _, d_image = image_gradient(C + np.float32(0.1), params, content=acts, styles=acts,
                                content_layer=1, style_weights={2: 1.0})
    assert d_image.dtype == np.float32


# --- bad input --------------------------------------------------------------------------------


def test_costs_name_bad_input(rng):
    a = rng.standard_normal((1, 2, 3, 4))
    with pytest.raises(ValueError, match=r"^a_C must have shape \(1, 2, 3, 4\) to match a_G"):
        content_cost(a[:, :1], a)
    with pytest.raises(ValueError, match=r"^a_G must have shape \(1, n_H, n_W, n_C\) \(one image"):
        content_cost(a, np.concatenate([a, a]))
    with pytest.raises(ValueError, match=r"one image as a\[None\]"):
        layer_style_cost(a, a[0])
    with pytest.raises(ValueError, match=r"^a_S must contain only finite numbers"):
        layer_style_cost(np.full_like(a, np.nan), a)
    with pytest.raises(ValueError, match=r"^A must have shape \(1, n_H, n_W, n_C\) or, unrolled"):
        gram_matrix(a[0, 0, 0])
    with pytest.raises(ValueError, match=r"^styles, generated and weights must be lists of one length"):
        style_cost([a], [a], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"^weights\[0\] must be a finite number in \[0.0, inf\]"):
        style_cost([a], [a], [-1.0])
    with pytest.raises(TypeError, match=r"^styles must be a list"):
        style_cost(a, a, [1.0])
    with pytest.raises(ValueError, match=r"^J_style must be a finite number in \[0.0, inf\]"):
        total_cost(1.0, -2.0)


def test_image_gradient_names_bad_input(rng):
    params, C, S, G = setup_images(rng, (1, 4, 4, 3), [2, 2])
    acts, _ = feature_net_forward(C, params)
    ok = dict(content=acts, styles=acts, content_layer=2, style_weights={1: 1.0})
    cases = [
        (dict(content_layer=3), ValueError, r"^content_layer must be a layer of the network, 1 to 2, got 3"),
        (dict(content_layer=1.0), TypeError, r"^content_layer must be a layer number"),
        (dict(style_weights={0: 1.0}), ValueError, r"^style_weights' key must be a layer of the network"),
        (dict(style_weights={1: -1.0}), ValueError, r"^style_weights\[1\] must be a finite number"),
        (dict(style_weights={}), ValueError, r"^style_weights must name at least one layer"),
        (dict(style_weights=[1.0]), TypeError, r"^style_weights must be a dict"),
        (dict(content={1: acts[1]}), ValueError, r"^content has no activation of layer 2"),
        (dict(styles={1: acts[2]}), ValueError, r"^styles\[1\] must have shape \(1, 4, 4, 2\) like the generated"),
        (dict(content=acts[2]), TypeError, r"^content must be a dict"),
        (dict(alpha=-1.0), ValueError, r"^alpha must be a finite number in \[0.0, inf\]"),
    ]
    for change, error, match in cases:
        with pytest.raises(error, match=match):
            image_gradient(G, params, **{**ok, **change})
