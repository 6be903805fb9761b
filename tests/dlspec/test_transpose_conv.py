"""Tests for dlspec.transpose_conv: U-Net's upsampling layer (Course 4, Week 3).

Oracles: outputs worked by hand, the plain-loop forward pass (for the fast one), the package's
gradient checker, and the adjoint property <conv(x; W), y> = <x, conv^T(y; W.swapaxes(2, 3))>,
with dlspec.conv as the convolution.
"""

import functools

import numpy as np
import pytest

from dlspec.activations import activation_block
from dlspec.conv import conv2d_backward, conv2d_forward, conv_block, conv_output_size
from dlspec.gradcheck import check_backward
from dlspec.layers import flatten_block, linear_block
from dlspec.network import Network
from dlspec.transpose_conv import (
    conv2d_transpose_backward,
    conv2d_transpose_forward,
    conv2d_transpose_forward_naive,
    conv_transpose_block,
    conv_transpose_output_size,
)

#: (m, n_H_prev, n_W_prev, n_C_prev, n_C, f, stride, padding): odd shapes on purpose.
CASES = [
    (1, 3, 3, 1, 1, 2, 2, 0),  # m = 1, one channel: U-Net's doubling
    (2, 3, 4, 3, 2, 3, 2, 1),  # non-square, 3 channels in, overlapping copies, padding 1
    (2, 4, 2, 1, 3, 3, 1, 1),  # stride 1: the adjoint of a "same" convolution
    (1, 2, 5, 3, 3, 2, 3, 0),  # stride > f: gaps of zeros between the copies
    (3, 1, 1, 2, 1, 4, 2, 1),  # a single input pixel
    (2, 3, 3, 2, 2, 1, 2, 0),  # f = 1
]
IDS = [f"m{c[0]}_{c[1]}x{c[2]}x{c[3]}_to{c[4]}_f{c[5]}_s{c[6]}_p{c[7]}" for c in CASES]


def random_transpose(rng, m, n_H, n_W, n_C_prev, n_C, f):
    """A_prev (m, n_H, n_W, n_C_prev) and params W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C)."""
    params = {"W": rng.standard_normal((f, f, n_C_prev, n_C)),
              "b": rng.standard_normal((1, 1, 1, n_C))}
    return rng.standard_normal((m, n_H, n_W, n_C_prev)), params


# --- output size ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "f", "pad", "stride", "expected"),
    [(3, 2, 0, 2, 6), (4, 3, 1, 2, 7), (5, 3, 1, 1, 5), (1, 1, 0, 1, 1), (2, 4, 1, 3, 5),
     (16, 2, 0, 2, 32), (7, 3, 0, 1, 9)],
)
def test_output_size_by_hand(n, f, pad, stride, expected):
    assert conv_transpose_output_size(n, f, pad, stride) == expected


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_output_size_is_the_forward_pass_shape(case, rng):
    m, n_H, n_W, n_C_prev, n_C, f, stride, padding = case
    A_prev, params = random_transpose(rng, m, n_H, n_W, n_C_prev, n_C, f)
    Z, _ = conv2d_transpose_forward(A_prev, params, stride=stride, padding=padding)
    assert Z.shape == (m, conv_transpose_output_size(n_H, f, padding, stride),
                       conv_transpose_output_size(n_W, f, padding, stride), n_C)


@pytest.mark.parametrize("n", [1, 2, 5, 8])
@pytest.mark.parametrize(("f", "pad", "stride"), [(2, 0, 2), (3, 1, 2), (3, 1, 1), (4, 1, 2), (5, 2, 3)])
def test_a_convolution_with_the_same_settings_gives_n_back(n, f, pad, stride):
    n_out = conv_transpose_output_size(n, f, pad, stride)
    assert conv_output_size(n_out, f, pad, stride) == n


def test_output_size_refuses_too_much_padding():
    with pytest.raises(ValueError, match=r"^n = 1 with f = 2, stride = 1 and pad = 1 gives an output of "
                                         r"\(n - 1\) \* stride \+ f - 2 \* pad = 0"):
        conv_transpose_output_size(1, 2, 1, 1)


# --- by hand --------------------------------------------------------------------------------------

PIXELS = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1)
DIGITS = {"W": np.array([[1.0, 10.0], [100.0, 1000.0]]).reshape(2, 2, 1, 1), "b": np.zeros((1, 1, 1, 1))}

FORWARDS = [conv2d_transpose_forward, conv2d_transpose_forward_naive]
FORWARD_IDS = ["fast", "naive"]


@pytest.mark.parametrize("forward", FORWARDS, ids=FORWARD_IDS)
def test_overlapping_copies_add_up_by_hand(forward):
    """Stride 1, f = 2: the filter's entries are digits, so each sum can be read off."""
    Z, _ = forward(PIXELS, DIGITS)
    expected = [[1, 1 * 10 + 2 * 1, 2 * 10],
                [1 * 100 + 3 * 1, 1 * 1000 + 2 * 100 + 3 * 10 + 4 * 1, 2 * 1000 + 4 * 10],
                [3 * 100, 3 * 1000 + 4 * 100, 4 * 1000]]
    np.testing.assert_array_equal(Z[0, :, :, 0], expected)
    Z, _ = forward(PIXELS, DIGITS, padding=1)  # the centre only
    np.testing.assert_array_equal(Z, [[[[1234.0]]]], strict=True)


@pytest.mark.parametrize("forward", FORWARDS, ids=FORWARD_IDS)
def test_stride_equal_to_f_tiles_the_copies_by_hand(forward):
    """f = s = 2 with a filter of ones: every pixel becomes a 2 x 2 block (nearest neighbour)."""
    params = {"W": np.ones((2, 2, 1, 1)), "b": np.full((1, 1, 1, 1), 0.5)}
    Z, _ = forward(PIXELS, params, stride=2)
    expected = np.kron(PIXELS[0, :, :, 0], np.ones((2, 2))) + 0.5
    np.testing.assert_array_equal(Z[0, :, :, 0], expected)
    Z, _ = forward(PIXELS, params, stride=3)  # a gap of zeros (plus the bias) between blocks
    assert Z.shape == (1, 5, 5, 1)
    np.testing.assert_array_equal(Z[0, 2, :, 0], np.full(5, 0.5))


@pytest.mark.parametrize("forward", FORWARDS, ids=FORWARD_IDS)
def test_channels_by_hand(forward):
    """Two input channels, three output channels: W[:, :, k, c] is what channel k adds to c."""
    A_prev = np.array([2.0, -1.0]).reshape(1, 1, 1, 2)
    W = np.zeros((1, 1, 2, 3))
    W[0, 0] = [[1.0, 0.0, 3.0], [0.0, 1.0, 1.0]]
    Z, _ = forward(A_prev, {"W": W, "b": np.zeros((1, 1, 1, 3))})
    np.testing.assert_array_equal(Z[0, 0, 0], [2.0, -1.0, 5.0])


def test_backward_by_hand():
    """dZ = 1 everywhere: each input pixel collects the sum of the filter; dW the pixel sum."""
    _, cache = conv2d_transpose_forward(PIXELS, DIGITS)
    dA_prev, grads = conv2d_transpose_backward(np.ones((1, 3, 3, 1)), cache)
    np.testing.assert_array_equal(dA_prev, np.full((1, 2, 2, 1), 1111.0), strict=True)
    np.testing.assert_array_equal(grads["dW"], np.full((2, 2, 1, 1), 10.0), strict=True)
    np.testing.assert_array_equal(grads["db"], np.full((1, 1, 1, 1), 9.0), strict=True)


# --- fast == naive, gradients, adjoint -----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fast_equals_the_loops(case, rng):
    m, n_H, n_W, n_C_prev, n_C, f, stride, padding = case
    A_prev, params = random_transpose(rng, m, n_H, n_W, n_C_prev, n_C, f)
    Z, cache = conv2d_transpose_forward(A_prev, params, stride=stride, padding=padding)
    Z_loop, cache_loop = conv2d_transpose_forward_naive(A_prev, params, stride=stride, padding=padding)
    np.testing.assert_allclose(Z, Z_loop, rtol=1e-12, atol=1e-12, strict=True)
    dZ = rng.standard_normal(Z.shape)  # the loop's cache works in the backward pass too
    for a, b in zip(conv2d_transpose_backward(dZ, cache), conv2d_transpose_backward(dZ, cache_loop),
                    strict=True):
        if isinstance(a, dict):
            for key in a:
                np.testing.assert_array_equal(a[key], b[key], strict=True)
        else:
            np.testing.assert_array_equal(a, b, strict=True)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gradient_check(case, rng):
    m, n_H, n_W, n_C_prev, n_C, f, stride, padding = case
    A_prev, params = random_transpose(rng, m, n_H, n_W, n_C_prev, n_C, f)
    forward = functools.partial(conv2d_transpose_forward, stride=stride, padding=padding)
    errors = check_backward(forward, conv2d_transpose_backward, A_prev, params, rng=rng, m=m)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7


def _inner(a, b):
    return float(np.sum(a * b))


@pytest.mark.parametrize("stride", [1, 2])
@pytest.mark.parametrize("pad", [0, 1])
@pytest.mark.parametrize(("n_H", "n_W", "f"), [(5, 7, 3), (6, 4, 2), (7, 7, 1)])
def test_transpose_convolution_is_the_adjoint_of_convolution(n_H, n_W, f, stride, pad, rng):
    """<conv(x; W), y> = <x, conv^T(y; W')> with W' = W.swapaxes(2, 3), same stride and pad.

    When the convolution's floor drops rows or columns ((n + 2p - f) not a multiple of s),
    conv^T(y) is smaller than x; the rows it lacks were never read, so they count as 0.
    """
    n_C_in, n_C_out = 3, 2
    x = rng.standard_normal((2, n_H, n_W, n_C_in))
    W = rng.standard_normal((f, f, n_C_in, n_C_out))
    conv_x, _ = conv2d_forward(x, {"W": W, "b": np.zeros((1, 1, 1, n_C_out))}, stride=stride, padding=pad)
    y = rng.standard_normal(conv_x.shape)
    back, _ = conv2d_transpose_forward(y, {"W": W.swapaxes(2, 3), "b": np.zeros((1, 1, 1, n_C_in))},
                                       stride=stride, padding=pad)
    h, w = back.shape[1:3]
    assert h <= n_H and w <= n_W
    if (n_H + 2 * pad - f) % stride == 0 and (n_W + 2 * pad - f) % stride == 0:
        assert (h, w) == (n_H, n_W)
    assert _inner(conv_x, y) == pytest.approx(_inner(x[:, :h, :w], back), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_convolution_backpropagates_through_a_transpose_convolution(case, rng):
    """conv2d_backward's dA_prev is the transpose convolution of dZ with W.swapaxes(2, 3)."""
    m, n_H, n_W, n_C_prev, n_C, f, stride, padding = case
    n_big = conv_transpose_output_size(n_H, f, padding, stride), conv_transpose_output_size(n_W, f, padding, stride)
    x = rng.standard_normal((m, *n_big, n_C))
    W = rng.standard_normal((f, f, n_C, n_C_prev))  # a convolution from n_C to n_C_prev channels
    Z, cache = conv2d_forward(x, {"W": W, "b": np.zeros((1, 1, 1, n_C_prev))}, stride=stride, padding=padding)
    assert Z.shape == (m, n_H, n_W, n_C_prev)
    dZ = rng.standard_normal(Z.shape)
    dx, _ = conv2d_backward(dZ, cache)
    T, _ = conv2d_transpose_forward(dZ, {"W": W.swapaxes(2, 3), "b": np.zeros((1, 1, 1, n_C))},
                                    stride=stride, padding=padding)
    np.testing.assert_allclose(T, dx, rtol=1e-12, atol=1e-12)


def test_parameter_gradients_are_means_and_backward_can_skip_dA_prev(rng):
    A_prev, params = random_transpose(rng, 3, 3, 2, 2, 2, 3)
    Z, cache = conv2d_transpose_forward(A_prev, params, stride=2, padding=1)
    dZ = rng.standard_normal(Z.shape)
    dA_prev, grads = conv2d_transpose_backward(dZ, cache)
    singles = [conv2d_transpose_backward(dZ[i : i + 1], conv2d_transpose_forward(
        A_prev[i : i + 1], params, stride=2, padding=1)[1]) for i in range(3)]
    for key in ("dW", "db"):
        np.testing.assert_allclose(grads[key], sum(g[key] for _, g in singles) / 3, rtol=1e-12)
    np.testing.assert_allclose(dA_prev, np.concatenate([d for d, _ in singles]), rtol=1e-14)
    none, lean = conv2d_transpose_backward(dZ, cache, need_dA_prev=False)
    assert none is None
    for key in grads:
        np.testing.assert_array_equal(lean[key], grads[key], strict=True)


@pytest.mark.parametrize("forward", FORWARDS, ids=FORWARD_IDS)
def test_float32_stays_float32(forward, rng):
    A_prev, params = random_transpose(rng, 2, 3, 4, 3, 2, 3)
    Z64, cache64 = forward(A_prev, params, stride=2, padding=1)
    Z32, cache32 = forward(A_prev.astype(np.float32), {k: v.astype(np.float32) for k, v in params.items()},
                           stride=2, padding=1)
    assert Z32.dtype == np.float32
    np.testing.assert_allclose(Z32, Z64, rtol=1e-4, atol=1e-4)
    dA32, grads32 = conv2d_transpose_backward(np.ones_like(Z32), cache32)
    dA64, grads64 = conv2d_transpose_backward(np.ones_like(Z64), cache64)
    assert dA32.dtype == grads32["dW"].dtype == grads32["db"].dtype == np.float32
    np.testing.assert_allclose(dA32, dA64, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(grads32["dW"], grads64["dW"], rtol=1e-4, atol=1e-4)


# --- blocks and networks -------------------------------------------------------------------------


def test_conv_transpose_block(rng):
    block = conv_transpose_block(2, 4, 3, 5, stride=2)
    assert block.name == "conv2d_transpose"
    assert block.params == {"W": "W5", "b": "b5"}
    assert block.init == {"W5": ((2, 2, 4, 3), "weight", 4), "b5": ((1, 1, 1, 3), "zeros")}
    assert block.config == {"stride": 2, "padding": 0}
    assert block.skips_dx and block.accepts == ("m", None, None, 4)
    assert conv_transpose_block(3, 4, 3, 1, stride=2, padding=1).init["W1"][2] == 16  # 4 * 2 ** 2
    assert conv_transpose_block(3, 4, 3, 1).init["W1"][2] == 36  # 4 * 3 ** 2
    A_prev, params = random_transpose(rng, 2, 3, 4, 4, 3, 2)
    Z, cache = block.run(A_prev, params, **block.config)
    np.testing.assert_allclose(Z, conv2d_transpose_forward_naive(A_prev, params, stride=2)[0], rtol=1e-12)
    assert block.backward(Z, cache)[0].shape == A_prev.shape


def _encoder_decoder():
    """(m, 6, 4, 2) -> conv 3x3 stride 2 pad 1 (3 x 2 x 3) -> tanh -> transpose 2x2 stride 2
    (6 x 4 x 2) -> flatten (48) -> linear to 1 logit: down and up again, as in U-Net."""
    blocks = [conv_block(3, 2, 3, 1, stride=2, padding=1), activation_block("tanh"),
              conv_transpose_block(2, 3, 2, 2, stride=2), flatten_block(), linear_block(48, 1, 3)]
    return Network(blocks, output="sigmoid")


def test_a_network_with_a_transpose_convolution_gradient_check(rng):
    net = _encoder_decoder()
    X = rng.standard_normal((2, 6, 4, 2))
    params = net.initialize(rng=rng)
    for name in ("b1", "b2"):
        params[name] = rng.standard_normal(params[name].shape)
    assert net.forward(X, params)[0].shape == (1, 2)
    errors = check_backward(net.forward, net.backward, X, params, rng=rng, m=2)
    assert set(errors) == {"x", "W1", "b1", "W2", "b2", "W3", "b3"}
    assert max(errors.values()) < 1e-7


def test_a_network_names_an_image_its_padding_cuts_off(rng):
    net = Network([conv_transpose_block(1, 1, 1, 1, padding=1)], output="sigmoid")
    params = net.initialize(rng=rng)
    with pytest.raises(ValueError, match=r"^A_prev's n_H_prev = 2 with f = 1, stride = 1 and pad = 1"):
        net.forward(rng.standard_normal((1, 2, 3, 1)), params)


# --- bad input ------------------------------------------------------------------------------------

A_BAD, P_BAD = random_transpose(np.random.default_rng(7), 2, 3, 4, 3, 2, 2)  # W (2, 2, 3, 2)


@pytest.mark.parametrize(
    ("A_prev", "params", "settings", "error", "match"),
    [
        (A_BAD, P_BAD, {"padding": "same"}, TypeError,
         r"^padding must be an integer >= 0 \(a transpose convolution has no 'same' or 'valid'\)"),
        (A_BAD, P_BAD, {"padding": -1}, ValueError, r"^padding must be an integer >= 0, got -1"),
        (A_BAD, P_BAD, {"padding": 2}, ValueError,
         r"^A_prev's n_H_prev = 3 with f = 2, stride = 1 and pad = 2 gives an output of .* = 0"),
        (A_BAD, P_BAD, {"stride": 0}, ValueError, r"^stride must be an integer >= 1, got 0"),
        (A_BAD.transpose(0, 3, 1, 2), P_BAD, {}, ValueError,
         r"^A_prev must have shape \(m, n_H_prev, n_W_prev, 3\) \(channels last\) to match W of shape "
         r"\(2, 2, 3, 2\), got \(2, 3, 3, 4\)"),
        (A_BAD[0], P_BAD, {}, ValueError, r"one example as A_prev\[None\], got \(3, 4, 3\)"),
        (A_BAD[:0], P_BAD, {}, ValueError, r"^A_prev must hold at least one example"),
        (A_BAD, {"W": P_BAD["W"][:1], "b": P_BAD["b"]}, {}, ValueError, r"^W must hold square f x f filters"),
        (A_BAD, {"W": P_BAD["W"], "b": P_BAD["b"].ravel()}, {}, ValueError,
         r"^b must have shape \(1, 1, 1, 2\) to match W of shape \(2, 2, 3, 2\), got \(2,\)"),
        (A_BAD, {**P_BAD, "W2": P_BAD["W"]}, {}, ValueError, r"^params has unexpected key\(s\) \['W2'\]"),
        (A_BAD, [P_BAD["W"], P_BAD["b"]], {}, TypeError, r"^params must be a dict"),
    ],
)
@pytest.mark.parametrize("forward", FORWARDS, ids=FORWARD_IDS)
def test_bad_input_is_refused(forward, A_prev, params, settings, error, match):
    with pytest.raises(error, match=match):
        forward(A_prev, params, **settings)
