"""Tests for dlspec.residual: the ResNet block, identity and projection (Course 4 Week 2)."""

import functools

import numpy as np
import pytest

from dlspec.activations import activation_block
from dlspec.conv import conv2d_forward, conv2d_forward_naive, conv_block
from dlspec.gradcheck import check_backward
from dlspec.layers import flatten_block, linear_block
from dlspec.network import Network
from dlspec.optimizers import Adam
from dlspec.pooling import pool_block, pool_forward
from dlspec.residual import residual_backward, residual_block, residual_forward
from dlspec.training import fit

# (m, n_H, n_W, n_C_prev, n_C, f, stride): m = 1, non-square, odd sizes, 1 and 3 channels
IDENTITY = [
    (1, 5, 4, 1, 1, 3, 1),
    (2, 4, 6, 3, 3, 3, 1),
    (3, 3, 5, 2, 2, 1, 1),
    (1, 6, 5, 3, 3, 5, 1),
]
PROJECTION = [
    (1, 5, 4, 1, 3, 3, 1),  # channels change
    (2, 5, 7, 3, 2, 3, 2),  # channels change and stride 2, odd sizes
    (1, 4, 3, 3, 3, 3, 2),  # same channels, stride 2
    (3, 6, 6, 1, 1, 3, 2),
    (2, 3, 4, 3, 1, 1, 2),
]


def reference(x, params, stride):
    """The block composed by hand from the naive (plain-loop) convolution and np.maximum;
    returns the output and the two pre-activations the ReLUs cut at 0."""
    pad = (params["Wa"].shape[0] - 1) // 2
    Za, _ = conv2d_forward_naive(x, {"W": params["Wa"], "b": params["ba"]}, stride=stride, padding=pad)
    a = np.maximum(Za, 0)
    z, _ = conv2d_forward_naive(a, {"W": params["Wb"], "b": params["bb"]}, stride=1, padding=pad)
    if "Ws" in params:
        shortcut, _ = conv2d_forward_naive(x, {"W": params["Ws"], "b": params["bs"]}, stride=stride)
    else:
        shortcut = x
    u = z + shortcut
    return np.maximum(u, 0), Za, u


def random_block(rng, m, n_H, n_W, n_C_prev, n_C, f, stride, *, projection):
    """x and params of a block, redrawn until no ReLU input lies within 1e-3 of its kink
    (finite differences must not step across it)."""
    while True:
        x = rng.standard_normal((m, n_H, n_W, n_C_prev))
        params = {
            "Wa": rng.standard_normal((f, f, n_C_prev, n_C)), "ba": rng.standard_normal((1, 1, 1, n_C)),
            "Wb": rng.standard_normal((f, f, n_C, n_C)), "bb": rng.standard_normal((1, 1, 1, n_C)),
        }
        if projection:
            params["Ws"] = rng.standard_normal((1, 1, n_C_prev, n_C))
            params["bs"] = rng.standard_normal((1, 1, 1, n_C))
        _, Za, u = reference(x, params, stride)
        if min(np.abs(Za).min(), np.abs(u).min()) > 1e-3:
            return x, params


# --- by hand ----------------------------------------------------------------------------------------


@pytest.fixture
def hand_block():
    """A 1 x 1 identity block on one 1 x 3 image with one channel, worked by hand:
    za = 2x - 1 = [1, -3, -0.5], a = [1, 0, 0], z = 3a + 0.5 = [3.5, 0.5, 0.5],
    u = z + x = [4.5, -0.5, 0.75], out = [4.5, 0, 0.75]."""
    x = np.array([1.0, -1.0, 0.25]).reshape(1, 1, 3, 1)
    params = {"Wa": np.full((1, 1, 1, 1), 2.0), "ba": np.full((1, 1, 1, 1), -1.0),
              "Wb": np.full((1, 1, 1, 1), 3.0), "bb": np.full((1, 1, 1, 1), 0.5)}
    return x, params


def test_identity_block_by_hand(hand_block):
    x, params = hand_block
    out, _ = residual_forward(x, params)
    np.testing.assert_array_equal(out.ravel(), [4.5, 0.0, 0.75])


def test_identity_block_backward_by_hand(hand_block):
    x, params = hand_block
    _, cache = residual_forward(x, params)
    dx, grads = residual_backward(np.ones((1, 1, 3, 1)), cache)
    # du = dout * [u > 0] = [1, 0, 1]; dWb = sum(a du) = 1, dbb = sum(du) = 2;
    # da = 3 du = [3, 0, 3], dza = da * [za > 0] = [3, 0, 0]; dWa = sum(x dza) = 3, dba = 3;
    # dx = 2 dza (main path) + du (shortcut) = [6, 0, 0] + [1, 0, 1]
    assert set(grads) == {"dWa", "dba", "dWb", "dbb"}
    for key, value in {"dWa": 3.0, "dba": 3.0, "dWb": 1.0, "dbb": 2.0}.items():
        np.testing.assert_array_equal(grads[key], np.full((1, 1, 1, 1), value), strict=True)
    np.testing.assert_array_equal(dx.ravel(), [7.0, 0.0, 1.0])


def test_a_zero_main_path_makes_the_identity_block_a_relu(rng):
    """Wa = Wb = 0 and zero biases: the block returns relu(x), and the gradient still flows
    back through the shortcut, dx = dout * [x > 0]; the identity is easy to learn."""
    x = rng.standard_normal((2, 5, 4, 3))
    zeros = {"Wa": np.zeros((3, 3, 3, 3)), "ba": np.zeros((1, 1, 1, 3)),
             "Wb": np.zeros((3, 3, 3, 3)), "bb": np.zeros((1, 1, 1, 3))}
    out, cache = residual_forward(x, zeros)
    np.testing.assert_array_equal(out, np.maximum(x, 0), strict=True)
    dout = rng.standard_normal(out.shape)
    dx, grads = residual_backward(dout, cache)
    np.testing.assert_array_equal(dx, dout * (x > 0), strict=True)
    for key in ("dWa", "dba"):  # a = relu(0) = 0 everywhere: conv_a gets no gradient
        np.testing.assert_array_equal(grads[key], np.zeros_like(grads[key]))


def test_a_stride_2_projection_halves_the_image_rounding_up(rng):
    x, params = random_block(rng, 2, 5, 8, 3, 4, 3, 2, projection=True)
    out, _ = residual_forward(x, params, stride=2)
    assert out.shape == (2, 3, 4, 4)  # ceil(5 / 2), ceil(8 / 2)


# --- against an independent composition ---------------------------------------------------------


@pytest.mark.parametrize("shape", IDENTITY + PROJECTION, ids=str)
def test_forward_matches_the_composition_of_naive_convolutions(rng, shape):
    *sizes, stride = shape
    x, params = random_block(rng, *sizes, stride, projection=shape in PROJECTION)
    out, _ = residual_forward(x, params, stride=stride)
    expected, _, _ = reference(x, params, stride)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12, strict=True)


def test_forward_matches_a_composition_of_the_fast_public_convolution(rng):
    """The same block written with conv2d_forward and np.maximum, as a reader would."""
    x, params = random_block(rng, 2, 6, 5, 3, 4, 3, 2, projection=True)
    a = np.maximum(conv2d_forward(x, {"W": params["Wa"], "b": params["ba"]}, stride=2, padding=1)[0], 0)
    z = conv2d_forward(a, {"W": params["Wb"], "b": params["bb"]}, padding="same")[0]
    s = conv2d_forward(x, {"W": params["Ws"], "b": params["bs"]}, stride=2, padding="valid")[0]
    out, _ = residual_forward(x, params, stride=2)
    np.testing.assert_allclose(out, np.maximum(z + s, 0), rtol=1e-12, atol=1e-12, strict=True)


# --- gradient checks ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", IDENTITY, ids=str)
def test_identity_block_gradients(rng, shape):
    *sizes, stride = shape
    x, params = random_block(rng, *sizes, stride, projection=False)
    forward = functools.partial(residual_forward, stride=stride)
    errors = check_backward(forward, residual_backward, x, params, rng=rng, m=x.shape[0])
    assert set(errors) == {"x", "Wa", "ba", "Wb", "bb"}
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("shape", PROJECTION, ids=str)
def test_projection_block_gradients(rng, shape):
    *sizes, stride = shape
    x, params = random_block(rng, *sizes, stride, projection=True)
    forward = functools.partial(residual_forward, stride=stride)
    errors = check_backward(forward, residual_backward, x, params, rng=rng, m=x.shape[0])
    assert set(errors) == {"x", "Wa", "ba", "Wb", "bb", "Ws", "bs"}
    assert max(errors.values()) < 1e-7, errors


def test_parameter_gradients_are_means_and_dx_is_per_example(rng):
    x, params = random_block(rng, 3, 4, 5, 2, 3, 3, 2, projection=True)
    out, cache = residual_forward(x, params, stride=2)
    dout = rng.standard_normal(out.shape)
    dx, grads = residual_backward(dout, cache)
    singles = [residual_backward(dout[i : i + 1], residual_forward(x[i : i + 1], params, stride=2)[1])
               for i in range(3)]
    for key in grads:
        mean = sum(g[key] for _, g in singles) / 3
        np.testing.assert_allclose(grads[key], mean, rtol=1e-12, atol=1e-14, strict=True)
    np.testing.assert_allclose(dx, np.concatenate([d for d, _ in singles]), rtol=1e-12, atol=1e-14)


def test_need_dA_prev_false_skips_only_dA_prev(rng):
    x, params = random_block(rng, 2, 4, 5, 2, 3, 3, 2, projection=True)
    out, cache = residual_forward(x, params, stride=2)
    dout = rng.standard_normal(out.shape)
    dx, grads = residual_backward(dout, cache, need_dA_prev=False)
    assert dx is None
    _, full = residual_backward(dout, cache)
    for key in full:
        np.testing.assert_array_equal(grads[key], full[key], strict=True)


@pytest.mark.parametrize("projection", [False, True])
def test_float32_stays_float32(rng, projection):
    x, params = random_block(rng, 2, 4, 5, 3, 3 if not projection else 2, 3, 1, projection=projection)
    x32 = x.astype(np.float32)
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    out, cache = residual_forward(x32, p32)
    dx, grads = residual_backward(np.ones_like(out), cache)
    assert out.dtype == dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    np.testing.assert_allclose(out, residual_forward(x, params)[0], rtol=1e-4, atol=1e-4)


# --- the Block and a network ----------------------------------------------------------------------


def test_residual_block_identity_and_projection_params():
    identity = residual_block(4, 4, 2)
    assert identity.params == {"Wa": "W2a", "ba": "b2a", "Wb": "W2b", "bb": "b2b"}
    assert identity.init == {
        "W2a": ((3, 3, 4, 4), "weight", 36), "b2a": ((1, 1, 1, 4), "zeros"),
        "W2b": ((3, 3, 4, 4), "weight", 36), "b2b": ((1, 1, 1, 4), "zeros"),
    }
    assert identity.config == {"stride": 1} and identity.accepts == ("m", None, None, 4)
    projection = residual_block(3, 8, 5, f=5, stride=2)
    assert projection.params["Ws"] == "W5s" and projection.params["bs"] == "b5s"
    assert projection.init["W5a"] == ((5, 5, 3, 8), "weight", 75)
    assert projection.init["W5b"] == ((5, 5, 8, 8), "weight", 200)
    assert projection.init["W5s"] == ((1, 1, 3, 8), "weight", 3)
    assert projection.config == {"stride": 2} and projection.accepts == ("m", None, None, 3)
    assert residual_block(3, 3, 1, stride=2).params.keys() >= {"Ws", "bs"}  # the stride alone


def small_resnet():
    """conv 3x3 -> ReLU -> identity block -> projection block (stride 2) -> average pool ->
    flatten -> linear: (m, 6, 5, 2) -> (m, 6, 5, 3) -> (m, 3, 3, 4) -> (m, 1, 1, 4) -> 4 -> 1."""
    return Network(
        [conv_block(3, 2, 3, 1, padding="same"), activation_block("relu"),
         residual_block(3, 3, 2), residual_block(3, 4, 3, stride=2),
         pool_block(3, 3, "average"), flatten_block(), linear_block(4, 1, 4)],
        output="sigmoid",
    )


def test_a_network_of_residual_blocks_is_gradient_checked():
    rng = np.random.default_rng(3)
    net = small_resnet()
    params = net.initialize(rng=rng, method="he")
    params = {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in params.items()}  # biases too
    X = rng.standard_normal((3, 6, 5, 2))
    errors = check_backward(net.forward, net.backward, X, params, rng=rng, m=3)
    assert {"W2a", "b2a", "W2b", "b2b", "W3a", "W3s", "b3s"} <= set(errors)
    assert max(errors.values()) < 1e-7, errors


def own_params(params, l):
    """Block l's parameters under the block's own names: "W2a" -> "Wa", "b2s" -> "bs"."""
    return {name[0] + name[-1]: value for name, value in params.items()
            if name[1:-1] == str(l) and name[-1] in "abs"}


def test_a_network_with_its_residual_blocks_by_hand_gives_the_same_logits():
    """The network's unchecked pass (Block.run) against the public functions called in turn."""
    rng = np.random.default_rng(4)
    net = small_resnet()
    params = net.initialize(rng=rng)
    X = rng.standard_normal((2, 6, 5, 2))
    A = np.maximum(conv2d_forward(X, {"W": params["W1"], "b": params["b1"]}, padding="same")[0], 0)
    A, _ = residual_forward(A, own_params(params, 2))
    A, _ = residual_forward(A, own_params(params, 3), stride=2)
    A, _ = pool_forward(A, f=3, stride=3, mode="average")
    ZL = params["W4"] @ A.reshape(2, -1).T + params["b4"]
    np.testing.assert_allclose(net.forward(X, params)[0], ZL, rtol=1e-12, atol=1e-12)


def test_a_small_resnet_learns_where_the_bright_half_is():
    """Images bright on the left (label 1) or on the right (label 0), with noise: a few epochs
    of Adam bring the cost well down."""
    rng = np.random.default_rng(5)
    m = 64
    Y = (rng.random(m) < 0.5).astype(np.int64).reshape(1, m)
    X = 0.3 * rng.standard_normal((m, 6, 5, 2))
    X[Y[0] == 1, :, :2, :] += 1.0
    X[Y[0] == 0, :, 3:, :] += 1.0
    net = small_resnet()
    params, costs = fit(net, X, Y, rng=rng, optimizer=Adam(0.01), num_epochs=30, batch_size=16,
                        record_every=1, init="he")
    assert costs[-1] < 0.5 * costs[0]
    assert np.mean(net.predict(X, params) == Y) > 0.9


# --- bad input ----------------------------------------------------------------------------------


def _identity_params(n_C=3, f=3):
    return {"Wa": np.ones((f, f, n_C, n_C)), "ba": np.zeros((1, 1, 1, n_C)),
            "Wb": np.ones((f, f, n_C, n_C)), "bb": np.zeros((1, 1, 1, n_C))}


def without_key(d, key):
    return {k: v for k, v in d.items() if k != key}


X_GOOD = np.ones((2, 5, 4, 3))


def _forward(X_=X_GOOD, params=None, **kw):
    return residual_forward(X_, _identity_params() if params is None else params, **kw)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: _forward(params={"Wa": np.ones((3, 3, 3, 4)), "ba": np.ones((1, 1, 1, 4)),
                                  "Wb": np.ones((3, 3, 4, 4)), "bb": np.ones((1, 1, 1, 4))}),
         ValueError, r"^an identity block .* n_C_prev = 3, n_C = 4 .* a projection is needed, "
                     r"pass 'Ws' of shape \(1, 1, 3, 4\)"),
        (lambda: _forward(stride=2), ValueError, r"^an identity block .*stride 2: a projection is needed"),
        (lambda: _forward(X_GOOD.transpose(0, 3, 1, 2)),
         ValueError, r"^A_prev must have shape \(m, n_H_prev, n_W_prev, 3\) to match Wa of shape "
                     r"\(3, 3, 3, 3\) \(channels first\? .*\), got \(2, 3, 5, 4\)"),
        (lambda: _forward(X_GOOD[0]), ValueError, r"^A_prev must have shape"),
        (lambda: _forward(X_GOOD[:0]), ValueError, r"^A_prev must hold at least one"),
        (lambda: _forward(X_GOOD * np.nan), ValueError, r"^A_prev must contain only finite"),
        (lambda: _forward(params={**_identity_params(), "Ws": np.ones((1, 1, 3, 3))}),
         ValueError, r"^params is missing key\(s\) \['bs'\]"),
        (lambda: _forward(params={**_identity_params(), "W": np.ones(3)}),
         ValueError, r"^params has unexpected key\(s\) \['W'\]"),
        (lambda: _forward(params=without_key(_identity_params(), "bb")),
         ValueError, r"^params is missing key\(s\) \['bb'\]"),
        (lambda: _forward(params=[1, 2]), TypeError, r"^params must be a dict"),
        (lambda: _forward(params=_identity_params(f=2)), ValueError, r"^Wa must have shape .* odd f"),
        (lambda: _forward(params={**_identity_params(), "Wb": np.ones((1, 1, 3, 3))}),
         ValueError, r"^Wb must have shape \(3, 3, 3, 3\) to match Wa of shape"),
        (lambda: _forward(params={**_identity_params(), "ba": np.ones((1, 3))}),
         ValueError, r"^ba must have shape \(1, 1, 1, 3\)"),
        (lambda: _forward(stride=0), ValueError, r"^stride must be an integer >= 1"),
        (lambda: _forward(stride=1.0), TypeError, r"^stride must be an integer"),
        (lambda: residual_backward(np.ones((2, 5, 4, 3)), {"block": "conv2d_forward"}),
         TypeError, r"^cache was made by conv2d_forward, but .* needs residual_forward"),
        (lambda: residual_backward(np.ones((2, 4, 5, 3)), _forward()[1]),
         ValueError, r"^dout must have shape \(2, 5, 4, 3\)"),
        (lambda: residual_block(3, 4, 1, f=2), ValueError, r"^f must be odd"),
        (lambda: residual_block(3, 0, 1), ValueError, r"^n_C must be an integer >= 1"),
        (lambda: residual_block(3, 3, 1, stride=0), ValueError, r"^stride must be an integer >= 1"),
    ],
)
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()

