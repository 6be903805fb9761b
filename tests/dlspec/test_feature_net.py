"""Tests for dlspec.feature_net: a conv -> ReLU stack whose every activation is read.

Oracles: the same network composed here from the plain-loop convolution and pooling
(conv2d_forward_naive, pool_forward_naive), and the package's gradient checker on the
image and on the weights.
"""

import numpy as np
import pytest

from dlspec.conv import conv2d_forward_naive
from dlspec.feature_net import feature_net_backward, feature_net_forward, initialize_feature_net
from dlspec.gradcheck import check_gradients, numerical_gradient, relative_error
from dlspec.pooling import pool_forward_naive

#: (image shape, channels after the image, pool): non-square, 1 and 3 channels, m = 1.
CASES = [
    ((1, 5, 7, 3), [4, 2], "average"),
    ((1, 6, 5, 1), [3, 2, 3], "max"),
    ((1, 4, 9, 3), [2, 3, 2], None),
    ((1, 3, 3, 1), [2], "average"),  # one layer: nothing to pool
]
IDS = [f"{'x'.join(map(str, c[0][1:]))}_{len(c[1])}layers_{c[2]}" for c in CASES]


def network(rng, shape, channels, f=3):
    params = initialize_feature_net([shape[-1], *channels], rng=rng, f=f)
    for l in range(1, len(channels) + 1):  # biases away from 0, so that ReLUs cut
        params[f"b{l}"] = 0.1 * rng.standard_normal(params[f"b{l}"].shape)
    return rng.standard_normal(shape), params


def composed_by_hand(image, params, pool):
    """The network written out with the plain-loop blocks."""
    acts, a = {}, image
    L = len(params) // 2
    for l in range(1, L + 1):
        if l > 1 and pool is not None:
            a, _ = pool_forward_naive(a, f=2, stride=2, mode=pool)
        W = params[f"W{l}"]
        Z, _ = conv2d_forward_naive(a, {"W": W, "b": params[f"b{l}"]}, padding=(W.shape[0] - 1) // 2)
        a = np.maximum(Z, 0)
        acts[l] = a
    return acts


def test_initialize_feature_net(rng):
    params = initialize_feature_net([3, 8, 16], rng=rng, f=5)
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"].shape == (5, 5, 3, 8) and params["b2"].shape == (1, 1, 1, 16)
    assert np.all(params["b1"] == 0)
    big = initialize_feature_net([50, 200], rng=rng)["W1"]  # He: variance 2 / (f f n_C_prev)
    assert np.var(big) == pytest.approx(2 / (3 * 3 * 50), rel=0.05)
    assert initialize_feature_net([1, 2], rng=rng, dtype=np.float32)["W1"].dtype == np.float32


@pytest.mark.parametrize(("shape", "channels", "pool"), CASES, ids=IDS)
def test_forward_equals_the_plain_loop_blocks(shape, channels, pool, rng):
    image, params = network(rng, shape, channels)
    acts, _ = feature_net_forward(image, params, pool=pool)
    expected = composed_by_hand(image, params, pool)
    assert list(acts) == list(expected) == list(range(1, len(channels) + 1))
    for l in acts:
        np.testing.assert_allclose(acts[l], expected[l], rtol=1e-12, atol=1e-12)


def test_sizes_halve_between_layers(rng):
    image, params = network(rng, (1, 9, 12, 3), [2, 3, 4])
    acts, _ = feature_net_forward(image, params)
    assert [a.shape for a in acts.values()] == [(1, 9, 12, 2), (1, 4, 6, 3), (1, 2, 3, 4)]


@pytest.mark.parametrize(("shape", "channels", "pool"), CASES, ids=IDS)
def test_backward_gradient_check_on_the_image_and_the_weights(shape, channels, pool, rng):
    image, params = network(rng, shape, channels)
    acts, cache = feature_net_forward(image, params, pool=pool)
    L = len(channels)
    read = [1, L] if L > 1 else [1]  # gradients on the first and the last layer at once
    G = {l: rng.standard_normal(acts[l].shape) for l in read}

    def J():  # a scalar that reads several layers: sum over l of <a_l, G_l>
        a, _ = feature_net_forward(image, params, pool=pool)
        return sum(np.sum(a[l] * G[l]) for l in read)

    d_image, grads = feature_net_backward(G, cache)
    assert relative_error(d_image, numerical_gradient(J, image)) < 1e-7
    assert check_gradients(J, params, grads) < 1e-7


def test_layers_above_the_highest_gradient_get_zeros(rng):
    image, params = network(rng, (1, 6, 6, 1), [2, 3, 2])
    acts, cache = feature_net_forward(image, params)
    d_image, grads = feature_net_backward({2: np.ones(acts[2].shape)}, cache)
    assert list(grads) == ["dW1", "db1", "dW2", "db2", "dW3", "db3"]
    assert np.all(grads["dW3"] == 0) and np.all(grads["db3"] == 0)
    assert np.any(grads["dW2"] != 0) and np.any(d_image != 0)
    nothing, grads = feature_net_backward({}, cache)  # no cost at all
    assert nothing.shape == image.shape and np.all(nothing == 0)
    assert all(np.all(g == 0) for g in grads.values())


def test_float32_stays_float32(rng):
    image = rng.standard_normal((1, 4, 5, 3)).astype(np.float32)
    params = initialize_feature_net([3, 2, 2], rng=rng, dtype=np.float32)
    acts, cache = feature_net_forward(image, params)
    assert all(a.dtype == np.float32 for a in acts.values())
    d_image, grads = feature_net_backward({2: np.ones(acts[2].shape, np.float32)}, cache)
    assert d_image.dtype == np.float32 and grads["dW1"].dtype == np.float32


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda im, p: (im, {**p, "W3": p["W2"]}), ValueError, r"^params must hold W1, b1, \.\.\., WL, bL"),
        (lambda im, p: (im, {k: v for k, v in p.items() if k != "b2"}), ValueError, r"^params must hold"),
        (lambda im, p: (im, {**p, "W2": p["W2"][:, :, :1]}), ValueError,
         r"^W2 must have shape \(f, f, 2, n_C\) to follow W1 of shape \(3, 3, 3, 2\)"),
        (lambda im, p: (im, {**p, "W1": p["W1"][:2, :2]}), ValueError, r"^W1 must hold square filters of an odd size"),
        (lambda im, p: (im, {**p, "b1": p["b1"][0]}), ValueError, r"^b1 must have shape \(1, 1, 1, 2\)"),
        (lambda im, p: (im[..., :1], p), ValueError, r"^image must have shape \(1, n_H, n_W, 3\)"),
        (lambda im, p: (np.concatenate([im, im]), p), ValueError, r"^image must have shape \(1, n_H, n_W, 3\)"),
        (lambda im, p: (im[:, :1], p), ValueError, r"^image of 1 x 5 pixels is too small for the 2x2 pooling\(s\) between 2 layers"),
        (lambda im, p: (np.where(im > 0, np.nan, im), p), ValueError, r"^image must contain only finite"),
        (lambda im, p: (im, [p["W1"], p["b1"]]), TypeError, r"^params must be a dict"),
    ],
)
def test_forward_names_bad_input(change, error, match, rng):
    image, params = network(rng, (1, 4, 5, 3), [2, 2])
    image, params = change(image, params)
    with pytest.raises(error, match=match):
        feature_net_forward(image, params)


def test_backward_names_bad_input(rng):
    image, params = network(rng, (1, 4, 5, 3), [2, 2])
    acts, cache = feature_net_forward(image, params)
    with pytest.raises(ValueError, match=r"^d_activations has layer 3, but the network has layers 1 to 2"):
        feature_net_backward({3: acts[2]}, cache)
    with pytest.raises(ValueError, match=r"^d_activations\[2\] must have shape \(1, 2, 2, 2\)"):
        feature_net_backward({2: acts[1]}, cache)
    with pytest.raises(TypeError, match=r"^d_activations must be a dict"):
        feature_net_backward([acts[1]], cache)
    with pytest.raises(TypeError, match=r"^d_activations' keys must be layer numbers"):
        feature_net_backward({"1": acts[1]}, cache)
    with pytest.raises(TypeError, match=r"^cache must be the cache returned by feature_net_forward"):
        feature_net_backward({1: acts[1]}, None)
