"""Tests for dlspec.conv: 2-D, depthwise, pointwise and 1-D convolution (Course 4, Weeks 1-2).

Oracles: numbers worked by hand, the plain-loop versions (for the fast 2-D code), the
2-D convolution with channel-diagonal filters (for the depthwise one), a loop written
here (for the 1-D one), and the package's gradient checker.
"""

import functools
from fractions import Fraction

import numpy as np
import pytest

from dlspec.conv import (
    conv1d_backward,
    conv1d_block,
    conv1d_forward,
    conv2d_backward,
    conv2d_backward_naive,
    conv2d_forward,
    conv2d_forward_naive,
    conv2d_multiplies,
    conv_block,
    conv_output_size,
    conv_single_step,
    depthwise_block,
    depthwise_conv2d_backward,
    depthwise_conv2d_forward,
    depthwise_separable_multiplies,
    pointwise_block,
    resolve_padding,
    zero_pad,
)
from dlspec.activations import activation_block
from dlspec.gradcheck import check_backward
from dlspec.layers import flatten_block, linear_block
from dlspec.network import Network
from dlspec.optimizers import Adam
from dlspec.training import fit

#: (m, n_H_prev, n_W_prev, n_C_prev, n_C, f, stride, padding): odd shapes on purpose.
CASES = [
    (2, 5, 7, 3, 4, 3, 1, 0),  # non-square, 3 channels in
    (1, 6, 5, 1, 2, 3, 2, 1),  # m = 1, 1 channel, stride 2, padding 1
    (3, 7, 6, 3, 2, 2, 2, 2),  # even f, stride 2, padding 2
    (2, 5, 4, 3, 2, 3, 1, "same"),
    (2, 4, 6, 1, 3, 5, 1, "same"),  # "same" is 2 here
    (1, 3, 3, 3, 1, 3, 1, "valid"),  # a single output position
    (2, 8, 5, 2, 3, 3, 3, 1),  # stride 3: the last padded row and column are never read
]
IDS = [f"m{c[0]}_{c[1]}x{c[2]}x{c[3]}_to{c[4]}_f{c[5]}_s{c[6]}_p{c[7]}" for c in CASES]

VERTICAL_EDGE = np.array([[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]])
BRIGHT_LEFT = np.array([[10.0, 10.0, 0.0], [10.0, 10.0, 0.0], [10.0, 10.0, 0.0]])


def random_conv(rng, m, n_H, n_W, n_C_prev, n_C, f):
    """A_prev (m, n_H, n_W, n_C_prev) and params W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C)."""
    params = {"W": rng.standard_normal((f, f, n_C_prev, n_C)),
              "b": rng.standard_normal((1, 1, 1, n_C))}
    return rng.standard_normal((m, n_H, n_W, n_C_prev)), params


def edge_layer():
    """One 3x3 grey image, bright on the left, and one vertical-edge filter, b = 0."""
    A_prev = BRIGHT_LEFT.reshape(1, 3, 3, 1)
    return A_prev, {"W": VERTICAL_EDGE.reshape(3, 3, 1, 1), "b": np.zeros((1, 1, 1, 1))}


BOTH = [(conv2d_forward, conv2d_backward), (conv2d_forward_naive, conv2d_backward_naive)]
BOTH_IDS = ["fast", "naive"]


# --- padding and sizes ------------------------------------------------------------------------


def test_zero_pad_by_hand():
    X = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1)
    padded = zero_pad(X, 1)
    expected = [[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]]
    np.testing.assert_array_equal(padded[0, :, :, 0], expected)
    assert padded.shape == (1, 4, 4, 1)


def test_zero_pad_keeps_examples_channels_and_dtype(rng):
    X = rng.standard_normal((3, 4, 5, 2)).astype(np.float32)
    padded = zero_pad(X, 2)
    assert padded.shape == (3, 8, 9, 2) and padded.dtype == np.float32
    np.testing.assert_array_equal(padded[:, 2:-2, 2:-2, :], X)
    assert np.sum(np.abs(padded)) == pytest.approx(np.sum(np.abs(X)), rel=1e-6)  # zeros around
    np.testing.assert_array_equal(zero_pad(X, 0), X, strict=True)


@pytest.mark.parametrize(
    ("n", "f", "pad", "stride", "expected"),
    [(6, 3, 0, 1, 4), (6, 3, 1, 1, 6), (7, 3, 0, 2, 3), (6, 3, 0, 2, 2), (4, 2, 0, 3, 1),
     (32, 3, 1, 1, 32), (3, 5, 1, 1, 1), (5, 1, 0, 1, 5)],
)
def test_conv_output_size_by_hand(n, f, pad, stride, expected):
    assert conv_output_size(n, f, pad, stride) == expected


def test_conv_output_size_refuses_a_filter_larger_than_the_padded_input():
    message = r"^n \+ 2 \* pad = 3 \+ 2 \* 0 = 3 is smaller than the filter size f = 4"
    with pytest.raises(ValueError, match=message):
        conv_output_size(3, 4, 0, 1)


@pytest.mark.parametrize(
    ("padding", "f", "stride", "expected"),
    [(0, 3, 1, 0), (2, 3, 2, 2), ("valid", 4, 2, 0), ("same", 1, 1, 0), ("same", 3, 1, 1),
     ("same", 5, 1, 2), (np.int64(1), 3, 1, 1)],
)
def test_resolve_padding(padding, f, stride, expected):
    pad = resolve_padding(padding, f, stride)
    assert pad == expected and type(pad) is int


@pytest.mark.parametrize(
    ("padding", "f", "stride", "error", "match"),
    [
     ("same", 3, 2, ValueError, r"^padding='same' keeps the size only with stride 1, got stride = 2"),
     ("same", 4, 1, ValueError, r"^padding='same' needs an odd filter size f.*got f = 4"),
     ("full", 3, 1, ValueError, r"^padding must be an integer >= 0, 'valid' or 'same', got 'full'"),
     (-1, 3, 1, ValueError, r"^padding must be an integer >= 0, got -1"),
     (1.0, 3, 1, TypeError, r"^padding must be an integer >= 0, 'valid' or 'same', got float"),
     (True, 3, 1, TypeError, r"^padding must be an integer"),
     (None, 3, 1, TypeError, r"^padding must be an integer")],
)
def test_resolve_padding_says_why_it_refuses(padding, f, stride, error, match):
    with pytest.raises(error, match=match):
        resolve_padding(padding, f, stride)


@pytest.mark.parametrize(
    "forward", [conv2d_forward, conv2d_forward_naive, depthwise_conv2d_forward],
    ids=["fast", "naive", "depthwise"],
)
@pytest.mark.parametrize(("n_H", "n_W", "f"), [(5, 5, 3), (4, 7, 5), (6, 3, 1)])
def test_same_padding_keeps_the_size(forward, n_H, n_W, f, rng):
    A_prev, params = random_conv(rng, 2, n_H, n_W, 2, 2, f)
    if forward is depthwise_conv2d_forward:
        params["W"] = params["W"][:, :, 0, :]
    Z, _ = forward(A_prev, params, padding="same")
    assert Z.shape == (2, n_H, n_W, 2)


# --- by hand ----------------------------------------------------------------------------------


def test_conv_single_step_by_hand():
    a = np.ones((2, 2, 1))
    W = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1)
    assert conv_single_step(a, W, -1.0) == 9.0  # 1 + 2 + 3 + 4 - 1
    assert conv_single_step(2 * a, W, np.array([[[0.5]]])) == 20.5


@pytest.mark.parametrize(("forward", "backward"), BOTH, ids=BOTH_IDS)
def test_vertical_edge_by_hand(forward, backward):
    """The course's edge detector: bright on the left, dark on the right gives +30."""
    A_prev, params = edge_layer()
    Z, _ = forward(A_prev, params)  # one position: 3 * 10 - 3 * 0
    np.testing.assert_array_equal(Z, [[[[30.0]]]], strict=True)
    # Padding 1: output (h, w) = column sums of the image rows h-1..h+1 at w-1 minus at w+1.
    # The middle row sees 3 image rows, the top and bottom rows 2. At w = 0 the padding's
    # zeros stand left of the bright column: an edge of the other sign.
    Z, _ = forward(A_prev, params, padding=1)
    expected = [[-20.0, 20.0, 20.0], [-30.0, 30.0, 30.0], [-20.0, 20.0, 20.0]]
    np.testing.assert_array_equal(Z[0, :, :, 0], expected)
    # A flipped filter (true convolution) would give -30: the code cross-correlates.
    Z, _ = forward(A_prev, {"W": params["W"][::-1, ::-1].copy(), "b": params["b"]})
    np.testing.assert_array_equal(Z, [[[[-30.0]]]], strict=True)


@pytest.mark.parametrize(("forward", "backward"), BOTH, ids=BOTH_IDS)
def test_backward_by_hand(forward, backward):
    """One output per example and dZ = 1: dA_prev is the filter, dW the mean image, db 1."""
    A_prev, params = edge_layer()
    A_prev = np.concatenate([A_prev, 3 * A_prev])  # m = 2
    _, cache = forward(A_prev, params)
    dA_prev, grads = backward(np.ones((2, 1, 1, 1)), cache)
    filters = np.stack([VERTICAL_EDGE, VERTICAL_EDGE])[..., None]  # (2, 3, 3, 1)
    np.testing.assert_array_equal(dA_prev, filters, strict=True)
    np.testing.assert_array_equal(grads["dW"], (2 * BRIGHT_LEFT).reshape(3, 3, 1, 1), strict=True)
    np.testing.assert_array_equal(grads["db"], np.ones((1, 1, 1, 1)), strict=True)


@pytest.mark.parametrize(("forward", "backward"), BOTH, ids=BOTH_IDS)
def test_overlapping_windows_add_up_by_hand(forward, backward):
    """A 1x3 row, a 1x2 filter of ones, stride 1: the middle pixel is in both windows."""
    A_prev = np.array([[[[1.0], [2.0], [4.0]]]])  # (1, 1, 3, 1)
    A_prev = np.concatenate([A_prev, A_prev], axis=1)  # (1, 2, 3, 1): a 2x2 filter fits
    params = {"W": np.ones((2, 2, 1, 1)), "b": np.full((1, 1, 1, 1), 0.5)}
    Z, cache = forward(A_prev, params)
    np.testing.assert_array_equal(Z[0, :, :, 0], [[6.5, 12.5]])  # 2 * (1 + 2), 2 * (2 + 4), + 0.5
    dA_prev, _ = backward(np.array([[[[1.0], [10.0]]]]), cache)
    np.testing.assert_array_equal(dA_prev[0, :, :, 0], [[1.0, 11.0, 10.0], [1.0, 11.0, 10.0]])


# --- fast == naive ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fast_forward_and_backward_equal_the_loops(case, rng):
    m, n_H, n_W, n_C_prev, n_C, f, stride, padding = case
    A_prev, params = random_conv(rng, m, n_H, n_W, n_C_prev, n_C, f)
    Z, cache = conv2d_forward(A_prev, params, stride=stride, padding=padding)
    Z_loop, cache_loop = conv2d_forward_naive(A_prev, params, stride=stride, padding=padding)
    np.testing.assert_allclose(Z, Z_loop, rtol=1e-12, atol=1e-12, strict=True)
    dZ = rng.standard_normal(Z.shape)
    dA_prev, grads = conv2d_backward(dZ, cache)
    dA_prev_loop, grads_loop = conv2d_backward_naive(dZ, cache_loop)
    np.testing.assert_allclose(dA_prev, dA_prev_loop, rtol=1e-12, atol=1e-12, strict=True)
    assert set(grads) == set(grads_loop) == {"dW", "db"}
    for key in grads:
        np.testing.assert_allclose(grads[key], grads_loop[key], rtol=1e-12, atol=1e-12, strict=True)


def test_parameter_gradients_are_means_and_dA_prev_is_per_example(rng):
    A_prev, params = random_conv(rng, 3, 5, 4, 2, 3, 3)
    _, cache = conv2d_forward(A_prev, params, stride=2, padding=1)
    dZ = rng.standard_normal((3, 3, 2, 3))
    dA_prev, grads = conv2d_backward(dZ, cache)
    singles = [conv2d_backward(dZ[i : i + 1], conv2d_forward(A_prev[i : i + 1], params, stride=2,
                                                             padding=1)[1]) for i in range(3)]
    for key in ("dW", "db"):
        mean = sum(g[key] for _, g in singles) / 3
        np.testing.assert_allclose(grads[key], mean, rtol=1e-12, atol=1e-14)
    stacked = np.concatenate([d for d, _ in singles])
    np.testing.assert_allclose(dA_prev, stacked, rtol=1e-14, atol=1e-15)


def test_backward_can_skip_dA_prev(rng):
    A_prev, params = random_conv(rng, 2, 5, 6, 3, 2, 3)
    _, cache = conv2d_forward(A_prev, params, padding="same")
    dZ = rng.standard_normal((2, 5, 6, 2))
    _, full = conv2d_backward(dZ, cache)
    dA_prev, lean = conv2d_backward(dZ, cache, need_dA_prev=False)
    assert dA_prev is None and set(lean) == {"dW", "db"}
    for key in full:
        np.testing.assert_array_equal(lean[key], full[key], strict=True)


# --- gradient checks -----------------------------------------------------------------------------


def _gradient_check_cases():
    """Every case for the fast version; for the loops all but the two largest, which take
    seconds (the loops equal the fast version on them, tested above)."""
    for (forward, backward), name in zip(BOTH, BOTH_IDS, strict=True):
        for k, (case, case_id) in enumerate(zip(CASES, IDS, strict=True)):
            if name == "naive" and k in (0, 2):
                continue
            yield pytest.param(forward, backward, case, id=f"{name}-{case_id}")


@pytest.mark.parametrize(("forward", "backward", "case"), list(_gradient_check_cases()))
def test_conv2d_gradient_check(forward, backward, case, rng):
    m, n_H, n_W, n_C_prev, n_C, f, stride, padding = case
    A_prev, params = random_conv(rng, m, n_H, n_W, n_C_prev, n_C, f)
    forward = functools.partial(forward, stride=stride, padding=padding)
    errors = check_backward(forward, backward, A_prev, params, rng=rng, m=m)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_depthwise_gradient_check(case, rng):
    m, n_H, n_W, n_C_prev, _, f, stride, padding = case
    A_prev, params = random_conv(rng, m, n_H, n_W, n_C_prev, n_C_prev, f)
    params = {"W": params["W"][:, :, 0, :].copy(), "b": params["b"]}  # (f, f, n_C)
    forward = functools.partial(depthwise_conv2d_forward, stride=stride, padding=padding)
    errors = check_backward(forward, depthwise_conv2d_backward, A_prev, params, rng=rng, m=m)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_conv1d_gradient_check(case, rng):
    m, _, n, n_C_prev, n_C, f, stride, padding = case
    A_prev = rng.standard_normal((m, n, n_C_prev))
    params = {"W": rng.standard_normal((f, n_C_prev, n_C)), "b": rng.standard_normal((1, 1, n_C))}
    forward = functools.partial(conv1d_forward, stride=stride, padding=padding)
    errors = check_backward(forward, conv1d_backward, A_prev, params, rng=rng, m=m)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7


# --- float32 ------------------------------------------------------------------------------------


def _conv2d_pair(A_prev, params, forward, backward):
    Z, cache = forward(A_prev, params, stride=2, padding=1)
    dA_prev, grads = backward(np.ones_like(Z), cache)
    return Z, dA_prev, grads["dW"], grads["db"]


def _depthwise_pair(A_prev, params):
    params = {"W": params["W"][:, :, 0, :], "b": params["b"][..., :3]}
    Z, cache = depthwise_conv2d_forward(A_prev, params, padding="same")
    dA_prev, grads = depthwise_conv2d_backward(np.ones_like(Z), cache)
    return Z, dA_prev, grads["dW"], grads["db"]


def _conv1d_pair(A_prev, params):
    params = {"W": params["W"][0], "b": params["b"][0]}
    Z, cache = conv1d_forward(A_prev[:, 0], params, stride=2, padding=1)
    dA_prev, grads = conv1d_backward(np.ones_like(Z), cache)
    return Z, dA_prev, grads["dW"], grads["db"]


@pytest.mark.parametrize(
    "run",
    [functools.partial(_conv2d_pair, forward=conv2d_forward, backward=conv2d_backward),
     functools.partial(_conv2d_pair, forward=conv2d_forward_naive, backward=conv2d_backward_naive),
     _depthwise_pair, _conv1d_pair],
    ids=["conv2d", "conv2d_naive", "depthwise", "conv1d"],
)
def test_float32_stays_float32(run, rng):
    A_prev, params = random_conv(rng, 2, 5, 6, 3, 3, 3)
    results64 = run(A_prev, params)
    results32 = run(A_prev.astype(np.float32), {k: v.astype(np.float32) for k, v in params.items()})
    for r32, r64 in zip(results32, results64, strict=True):
        assert r32.dtype == np.float32 and r64.dtype == np.float64
        np.testing.assert_allclose(r32, r64, rtol=1e-4, atol=1e-4)


# --- depthwise and pointwise ----------------------------------------------------------------------


def _diagonal_filters(W):
    """W (f, f, n_C) as the 2-D filters (f, f, n_C, n_C) that are zero across channels."""
    f, _, n_C = W.shape
    full = np.zeros((f, f, n_C, n_C))
    for c in range(n_C):
        full[:, :, c, c] = W[:, :, c]
    return full


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_depthwise_is_conv2d_with_filters_zero_across_channels(case, rng):
    m, n_H, n_W, n_C, _, f, stride, padding = case
    A_prev = rng.standard_normal((m, n_H, n_W, n_C))
    params = {"W": rng.standard_normal((f, f, n_C)), "b": rng.standard_normal((1, 1, 1, n_C))}
    full = {"W": _diagonal_filters(params["W"]), "b": params["b"]}
    Z, cache = depthwise_conv2d_forward(A_prev, params, stride=stride, padding=padding)
    Z_loop, cache_loop = conv2d_forward_naive(A_prev, full, stride=stride, padding=padding)
    np.testing.assert_allclose(Z, Z_loop, rtol=1e-12, atol=1e-12, strict=True)
    # The depthwise parameters are the diagonal of the full filters: the gradients match there.
    dZ = rng.standard_normal(Z.shape)
    dA_prev, grads = depthwise_conv2d_backward(dZ, cache)
    dA_prev_loop, grads_loop = conv2d_backward_naive(dZ, cache_loop)
    np.testing.assert_allclose(dA_prev, dA_prev_loop, rtol=1e-12, atol=1e-12, strict=True)
    diagonal = np.stack([grads_loop["dW"][:, :, c, c] for c in range(n_C)], axis=-1)
    np.testing.assert_allclose(grads["dW"], diagonal, rtol=1e-12, atol=1e-12, strict=True)
    np.testing.assert_allclose(grads["db"], grads_loop["db"], rtol=1e-12, atol=1e-12, strict=True)


def test_depthwise_filters_each_channel_by_hand():
    """Channel 0 through the vertical edge, channel 1 through its negative: +30 and -30."""
    A_prev = np.stack([BRIGHT_LEFT, BRIGHT_LEFT], axis=-1)[None]  # (1, 3, 3, 2)
    params = {"W": np.stack([VERTICAL_EDGE, -VERTICAL_EDGE], axis=-1),
              "b": np.array([[[[1.0, 0.0]]]])}
    Z, _ = depthwise_conv2d_forward(A_prev, params)
    np.testing.assert_array_equal(Z, [[[[31.0, -30.0]]]], strict=True)


def test_pointwise_is_a_dense_layer_at_every_pixel(rng):
    A_prev, params = random_conv(rng, 2, 4, 5, 3, 6, 1)
    Z, _ = conv2d_forward(A_prev, params)
    pixels = A_prev.reshape(-1, 3)  # one row per pixel
    expected = (pixels @ params["W"][0, 0] + params["b"][0, 0]).reshape(2, 4, 5, 6)
    np.testing.assert_allclose(Z, expected, rtol=1e-12, atol=1e-14, strict=True)


def test_depthwise_then_pointwise_has_the_shapes_of_one_convolution(rng):
    A_prev = rng.standard_normal((2, 6, 6, 3))
    dw = {"W": rng.standard_normal((3, 3, 3)), "b": np.zeros((1, 1, 1, 3))}
    pw = {"W": rng.standard_normal((1, 1, 3, 5)), "b": np.zeros((1, 1, 1, 5))}
    Z, _ = conv2d_forward(depthwise_conv2d_forward(A_prev, dw)[0], pw)
    _, full = random_conv(rng, 1, 1, 1, 3, 5, 3)  # 5 filters 3x3x3
    assert Z.shape == conv2d_forward(A_prev, full)[0].shape == (2, 4, 4, 5)


# --- 1-D ------------------------------------------------------------------------------------------


def conv1d_loop(A_prev, W, b, stride, pad):
    """The 1-D convolution, written out: the oracle of conv1d_forward."""
    m, n_prev, _ = A_prev.shape
    f, _, n_C = W.shape
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (0, 0)))
    n = (n_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n, n_C))
    for i in range(m):
        for t in range(n):
            for c in range(n_C):
                window = A_pad[i, t * stride : t * stride + f, :]  # (f, n_C_prev)
                Z[i, t, c] = np.sum(window * W[:, :, c]) + b[0, 0, c]
    return Z


def test_conv1d_by_hand():
    """The difference filter [1, -1] on 1, 2, 4, 7: each step's rise, negated."""
    A_prev = np.array([1.0, 2.0, 4.0, 7.0]).reshape(1, 4, 1)
    params = {"W": np.array([1.0, -1.0]).reshape(2, 1, 1), "b": np.zeros((1, 1, 1))}
    Z, _ = conv1d_forward(A_prev, params)
    np.testing.assert_array_equal(Z[0, :, 0], [-1.0, -2.0, -3.0])
    Z, _ = conv1d_forward(A_prev, params, stride=2, padding=1)  # 0, 1, 2, 4, 7, 0
    np.testing.assert_array_equal(Z[0, :, 0], [-1.0, -2.0, 7.0])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_conv1d_equals_a_loop(case, rng):
    m, _, n, n_C_prev, n_C, f, stride, padding = case
    A_prev = rng.standard_normal((m, n, n_C_prev))
    W, b = rng.standard_normal((f, n_C_prev, n_C)), rng.standard_normal((1, 1, n_C))
    Z, _ = conv1d_forward(A_prev, {"W": W, "b": b}, stride=stride, padding=padding)
    expected = conv1d_loop(A_prev, W, b, stride, resolve_padding(padding, f, stride))
    np.testing.assert_allclose(Z, expected, rtol=1e-12, atol=1e-12, strict=True)


def test_conv1d_backward_can_skip_dA_prev(rng):
    A_prev = rng.standard_normal((2, 7, 3))
    params = {"W": rng.standard_normal((3, 3, 2)), "b": rng.standard_normal((1, 1, 2))}
    _, cache = conv1d_forward(A_prev, params, padding="same")
    dZ = rng.standard_normal((2, 7, 2))
    dA_prev, grads = conv1d_backward(dZ, cache)
    assert dA_prev.shape == A_prev.shape
    assert grads["dW"].shape == (3, 3, 2) and grads["db"].shape == (1, 1, 2)
    none, lean = conv1d_backward(dZ, cache, need_dA_prev=False)
    assert none is None
    for key in grads:
        np.testing.assert_array_equal(lean[key], grads[key], strict=True)


# --- multiplication counts ------------------------------------------------------------------------


def test_multiplies_by_hand():
    """The lecture's example: 6x6x3 input, 5 filters 3x3, output 4x4x5."""
    assert conv2d_multiplies(4, 4, 3, 3, 5) == 3 * 3 * 3 * 4 * 4 * 5 == 2160
    # depthwise 3 * 3 * 4 * 4 * 3 = 432, then pointwise 3 * 4 * 4 * 5 = 240
    assert depthwise_separable_multiplies(4, 4, 3, 3, 5) == 432 + 240 == 672


@pytest.mark.parametrize(
    ("n_H", "n_W", "f", "n_C_prev", "n_C"),
    [(4, 4, 3, 3, 5), (7, 5, 5, 16, 32), (1, 1, 1, 1, 1), (28, 28, 3, 64, 128)],
)
def test_depthwise_separable_cost_ratio(n_H, n_W, f, n_C_prev, n_C):
    ratio = Fraction(depthwise_separable_multiplies(n_H, n_W, f, n_C_prev, n_C),
                     conv2d_multiplies(n_H, n_W, f, n_C_prev, n_C))
    assert ratio == Fraction(1, n_C) + Fraction(1, f * f)


def test_conv2d_multiplies_counts_the_loops(rng):
    """One multiplication per filter entry, per output: the naive loop's work."""
    A_prev, params = random_conv(rng, 1, 6, 5, 3, 4, 3)
    Z, _ = conv2d_forward_naive(A_prev, params, stride=2, padding=1)
    assert conv2d_multiplies(*Z.shape[1:3], 3, 3, 4) == Z.size * params["W"][..., 0].size


# --- blocks and networks -------------------------------------------------------------------------


def test_conv_block(rng):
    block = conv_block(3, 2, 4, 7, stride=1, padding="same")
    assert block.params == {"W": "W7", "b": "b7"}
    assert block.init == {"W7": ((3, 3, 2, 4), "weight", 18), "b7": ((1, 1, 1, 4), "zeros")}
    assert block.config == {"stride": 1, "padding": 1}  # resolved once, here
    assert block.skips_dx and block.accepts == ("m", None, None, 2)
    A_prev, params = random_conv(rng, 2, 5, 4, 2, 4, 3)
    Z, cache = block.run(A_prev, params, **block.config)
    Z_loop, _ = conv2d_forward_naive(A_prev, params, padding="same")
    np.testing.assert_allclose(Z, Z_loop, rtol=1e-12, atol=1e-12)
    assert block.backward(Z, cache)[0].shape == A_prev.shape


def test_depthwise_pointwise_and_conv1d_blocks():
    block = depthwise_block(5, 3, 2, padding="same")
    assert block.init == {"W2": ((5, 5, 3), "weight", 25), "b2": ((1, 1, 1, 3), "zeros")}
    assert block.config == {"stride": 1, "padding": 2} and block.accepts == ("m", None, None, 3)
    block = pointwise_block(3, 8, 3)
    assert block.init == {"W3": ((1, 1, 3, 8), "weight", 3), "b3": ((1, 1, 1, 8), "zeros")}
    assert block.config == {"stride": 1, "padding": 0}
    block = conv1d_block(3, 4, 6, 1, stride=2, padding=1)
    assert block.init == {"W1": ((3, 4, 6), "weight", 12), "b1": ((1, 1, 6), "zeros")}
    assert block.config == {"stride": 2, "padding": 1} and block.accepts == ("m", None, 4)


def _mobile_net():
    """conv 3x3 -> depthwise 3x3 (stride 2) -> pointwise: a MobileNet-like stack of blocks."""
    blocks = [conv_block(3, 3, 4, 1, padding="same"), depthwise_block(3, 4, 2, stride=2, padding=1),
              pointwise_block(4, 2, 3)]
    return Network(blocks, output="sigmoid")


def test_network_of_convolutions_equals_the_loops(rng):
    net = _mobile_net()
    params = net.initialize(rng=rng)
    X = rng.standard_normal((2, 5, 6, 3))
    ZL, cache = net.forward(X, params)
    A1, cache1 = conv2d_forward_naive(X, {"W": params["W1"], "b": params["b1"]}, padding=1)
    full2 = {"W": _diagonal_filters(params["W2"]), "b": params["b2"]}
    A2, cache2 = conv2d_forward_naive(A1, full2, stride=2, padding=1)
    A3, cache3 = conv2d_forward_naive(A2, {"W": params["W3"], "b": params["b3"]})
    np.testing.assert_allclose(ZL, A3, rtol=1e-12, atol=1e-12)
    assert ZL.shape == (2, 3, 3, 2)
    dZL = rng.standard_normal(ZL.shape)
    dX, grads = net.backward(dZL, cache, need_dX=False)
    assert dX is None  # the first convolution skipped it
    dA2, g3 = conv2d_backward_naive(dZL, cache3)
    dA1, g2 = conv2d_backward_naive(dA2, cache2)
    _, g1 = conv2d_backward_naive(dA1, cache1)
    diagonal = np.stack([g2["dW"][:, :, c, c] for c in range(4)], axis=-1)
    expected = {"dW1": g1["dW"], "db1": g1["db"], "dW2": diagonal, "db2": g2["db"],
                "dW3": g3["dW"], "db3": g3["db"]}
    assert set(grads) == set(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-10, atol=1e-12)


def test_network_draws_filters_with_the_fan_in_of_a_window(rng):
    """He initialisation: standard deviation sqrt(2 / (f * f * n_C_prev)) = sqrt(2 / 144)."""
    net = Network([conv_block(3, 16, 32, 1)], output="sigmoid")
    params = net.initialize(rng=rng, method="he")
    assert params["W1"].shape == (3, 3, 16, 32) and not params["b1"].any()
    assert np.std(params["W1"]) == pytest.approx(np.sqrt(2 / 144), rel=0.05)


def test_network_checks_the_channels_of_its_input(rng):
    net = _mobile_net()
    params = net.initialize(rng=rng)
    message = r"^X must have shape \(m, \?, \?, 3\), got \(2, 3, 5, 6\)"
    with pytest.raises(ValueError, match=message):
        net.forward(rng.standard_normal((2, 3, 5, 6)), params)


def test_an_image_too_small_deep_in_a_network_is_named(rng):
    net = Network([conv_block(3, 1, 2, 1), conv_block(3, 2, 2, 2)], output="sigmoid")
    params = net.initialize(rng=rng)
    message = r"^A_prev's n_H_prev \+ 2 \* pad = 2 \+ 2 \* 0 = 2 is smaller than the filter size"
    with pytest.raises(ValueError, match=message):
        net.forward(rng.standard_normal((1, 4, 4, 1)), params)


def _small_cnn():
    """(m, 6, 5, 2) -> conv 3x3 "same" -> tanh -> depthwise 3x3 stride 2 -> pointwise to 2
    -> flatten (3 * 3 * 2 = 18) -> linear to 1 logit. tanh is smooth: no kink for the check."""
    blocks = [conv_block(3, 2, 3, 1, padding="same"), activation_block("tanh"),
              depthwise_block(3, 3, 2, stride=2, padding=1), pointwise_block(3, 2, 3),
              flatten_block(), linear_block(18, 1, 4)]
    return Network(blocks, output="sigmoid")


def test_a_small_cnn_gradient_check(rng):
    net = _small_cnn()
    X = rng.standard_normal((2, 6, 5, 2))
    params = net.initialize(rng=rng)
    for name in ("b1", "b2", "b3"):  # not zero, so that their gradients are tested too
        params[name] = rng.standard_normal(params[name].shape)
    assert net.forward(X, params)[0].shape == (1, 2)
    errors = check_backward(net.forward, net.backward, X, params, rng=rng, m=2)
    assert set(errors) == {"x", "W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"}
    assert max(errors.values()) < 1e-7


def test_a_small_cnn_learns_where_the_edge_is(rng):
    """Label 1 when the bright half of an image is on the left: fit lowers the cost."""
    left = rng.random(32) < 0.5
    X = 0.1 * rng.standard_normal((32, 6, 5, 2))
    X[left, :, :2, :] += 1.0  # bright left columns
    X[~left, :, 3:, :] += 1.0  # bright right columns
    Y = left.astype(np.float64).reshape(1, 32)
    params, costs = fit(_small_cnn(), X, Y, rng=rng, optimizer=Adam(0.01), num_epochs=30,
                        batch_size=8, record_every=10)
    assert costs[-1] < 0.5 * costs[0]
    assert np.mean(_small_cnn().predict(X, params) == Y) > 0.9


# --- bad input ------------------------------------------------------------------------------------


A_BAD, P_BAD = random_conv(np.random.default_rng(7), 2, 4, 5, 3, 2, 3)  # W (3, 3, 3, 2)
W_BIG = np.ones((5, 5, 3, 2))


@pytest.mark.parametrize(
    ("A_prev", "params", "settings", "error", "match"),
    [
        (A_BAD, {"W": W_BIG, "b": P_BAD["b"]}, {}, ValueError,
         r"^A_prev's n_H_prev \+ 2 \* pad = 4 \+ 2 \* 0 = 4 is smaller than the filter size f = 5"),
        (A_BAD, P_BAD, {"stride": 0}, ValueError, r"^stride must be an integer >= 1, got 0"),
        (A_BAD, P_BAD, {"stride": 1.0}, TypeError, r"^stride must be an integer, got float"),
        (A_BAD, P_BAD, {"stride": 2, "padding": "same"}, ValueError,
         r"^padding='same' keeps the size"),
        (A_BAD.transpose(0, 3, 1, 2), P_BAD, {}, ValueError,
         r"^A_prev must have shape \(m, n_H_prev, n_W_prev, 3\) \(channels last\) to match W of "
         r"shape \(3, 3, 3, 2\), got \(2, 3, 4, 5\), which looks channels-first: use "
         r"A_prev\.transpose\(0, 2, 3, 1\)"),
        (A_BAD[0], P_BAD, {}, ValueError,
         r"^A_prev must have shape .*; one example as A_prev\[None\], got \(4, 5, 3\)"),
        (A_BAD[:0], P_BAD, {}, ValueError, r"^A_prev must hold at least one example"),
        (np.where(A_BAD > 1, np.nan, A_BAD), P_BAD, {}, ValueError,
         r"^A_prev must contain only finite numbers, found NaN"),
        (A_BAD, {"W": P_BAD["W"], "b": P_BAD["b"].ravel()}, {}, ValueError,
         r"^b must have shape \(1, 1, 1, 2\) to match W of shape \(3, 3, 3, 2\), got \(2,\)"),
        (A_BAD, {"W": P_BAD["W"], "b": P_BAD["b"][0, 0]}, {}, ValueError, r"^b must have shape"),
        (A_BAD, {"W": P_BAD["W"][:2], "b": P_BAD["b"]}, {}, ValueError,
         r"^W must hold square f x f filters"),
        (A_BAD, {"W": P_BAD["W"][..., 0], "b": P_BAD["b"]}, {}, ValueError, r"^W must have shape"),
        (A_BAD, {**P_BAD, "B": P_BAD["b"]}, {}, ValueError,
         r"^params has unexpected key\(s\) \['B'\]"),
        (A_BAD, {"W": P_BAD["W"]}, {}, ValueError, r"^params is missing key\(s\) \['b'\]"),
    ],
    ids=["filter larger than the input", "stride 0", "stride a float", "same with stride 2",
         "channels first", "one image", "m = 0", "NaN", "b flat", "b (1, 2)", "W not square",
         "W 3-D", "key B", "no b"],
)
@pytest.mark.parametrize("forward", [conv2d_forward, conv2d_forward_naive], ids=["fast", "naive"])
def test_bad_input_is_named(forward, A_prev, params, settings, error, match):
    with pytest.raises(error, match=match):
        forward(A_prev, params, **settings)


def test_padding_makes_room_for_a_large_filter():
    Z, _ = conv2d_forward(A_BAD, {"W": W_BIG, "b": P_BAD["b"]}, padding=1)  # 4 + 2 - 5 + 1 = 2 rows
    assert Z.shape == (2, 2, 3, 2)


def test_depthwise_and_conv1d_name_bad_input(rng):
    A_prev = rng.standard_normal((2, 5, 6, 3))
    with pytest.raises(ValueError, match=r"^W must have shape \(f, f, n_C\)"):
        depthwise_conv2d_forward(A_prev, P_BAD)  # the filters of a full convolution
    with pytest.raises(ValueError, match=r"^A_prev must have shape \(m, n_H_prev, n_W_prev, 4\)"):
        depthwise_conv2d_forward(A_prev, {"W": np.ones((3, 3, 4)), "b": np.zeros((1, 1, 1, 4))})
    sequences, params_1d = A_prev[:, 0], {"W": np.ones((2, 3, 4)), "b": np.zeros((1, 1, 4))}
    message = (r"^A_prev must have shape \(m, n_prev, 3\) \(channels last\) .* looks channels-first: "
               r"use A_prev\.transpose\(0, 2, 1\)")
    with pytest.raises(ValueError, match=message):
        conv1d_forward(sequences.transpose(0, 2, 1), params_1d)
    with pytest.raises(ValueError, match=r"^A_prev's n_prev \+ 2 \* pad = 6 \+ 2 \* 1 = 8 is smaller"):
        conv1d_forward(sequences, {**params_1d, "W": np.ones((9, 3, 4))}, padding=1)
    with pytest.raises(ValueError, match=r"^b must have shape \(1, 1, 4\)"):
        conv1d_forward(sequences, {**params_1d, "b": np.zeros((1, 1, 1, 4))})


def test_backward_refuses_a_wrong_dZ_or_cache():
    Z, cache = conv2d_forward(A_BAD, P_BAD)
    _, naive_cache = conv2d_forward_naive(A_BAD, P_BAD)
    cases = [
        (conv2d_backward, Z.transpose(0, 2, 1, 3), cache, ValueError,
         r"^dZ must have shape \(2, 2, 3, 2\), the shape of conv2d_forward's output"),
        (conv2d_backward_naive, Z[:, :1], naive_cache, ValueError,
         r"^dZ must have shape \(2, 2, 3, 2\)"),
        (conv2d_backward, Z, naive_cache, TypeError,
         r"^cache was made by conv2d_forward_naive, but .* needs conv2d_forward's"),
        (conv2d_backward_naive, Z, cache, TypeError,
         r"^cache was made by conv2d_forward, but .* needs conv2d_forward_naive's"),
        (depthwise_conv2d_backward, Z, cache, TypeError, r"needs depthwise_conv2d_forward's"),
        (conv1d_backward, Z, cache, TypeError, r"needs conv1d_forward's"),
    ]
    for backward, dZ, a_cache, error, match in cases:
        with pytest.raises(error, match=match):
            backward(dZ, a_cache)
