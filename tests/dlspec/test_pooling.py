"""Tests for dlspec.pooling: max and average pooling, fast against naive (Course 4 Week 1)."""

import functools

import numpy as np
import pytest

from dlspec.activations import activation_block
from dlspec.gradcheck import check_backward
from dlspec.layers import flatten_block, flatten_forward, linear_block
from dlspec.network import Network
from dlspec.pooling import (
    pool_backward,
    pool_backward_naive,
    pool_block,
    pool_forward,
    pool_forward_naive,
)

MODES = ["max", "average"]
PAIRS = {"fast": (pool_forward, pool_backward), "naive": (pool_forward_naive, pool_backward_naive)}
#: (m, n_H_prev, n_W_prev, n_C, f, stride): m = 1, non-square, 1 and 3 channels,
#: overlapping windows (stride < f), gaps between windows (stride > f), a rest no window reaches.
CASES = [
    (1, 4, 4, 1, 2, 2),
    (2, 5, 7, 3, 3, 2),
    (3, 6, 5, 1, 3, 1),
    (2, 7, 8, 3, 2, 3),
    (1, 5, 3, 3, 3, 1),
    (2, 4, 6, 1, 4, 2),
    (1, 6, 9, 3, 1, 2),
]
IDS = [f"m{m}-{h}x{w}x{c}-f{f}-s{s}" for m, h, w, c, f, s in CASES]


def out_size(n, f, stride):
    return (n - f) // stride + 1


def windows_apart(A, f, stride, gap=1e-4):
    """True when every window's largest entry beats the runner-up by more than ``gap``, so a
    finite-difference step cannot change which entry max pooling picks."""
    m, n_H_prev, n_W_prev, n_C = A.shape
    if f == 1:
        return True
    for h in range(out_size(n_H_prev, f, stride)):
        for w in range(out_size(n_W_prev, f, stride)):
            window = A[:, h * stride : h * stride + f, w * stride : w * stride + f, :]
            top2 = np.sort(window.reshape(m, f * f, n_C), axis=1)[:, -2:, :]  # (m, 2, n_C)
            if np.min(top2[:, 1] - top2[:, 0]) <= gap:
                return False
    return True


@pytest.fixture
def hand_image():
    """One 4 x 4 image, one channel, worked by hand with f = stride = 2."""
    X = np.array([[1.0, 3.0, 2.0, 0.0],
                  [4.0, 2.0, 1.0, 5.0],
                  [0.0, 1.0, 3.0, 2.0],
                  [2.0, 6.0, 1.0, 1.0]])
    return X[None, :, :, None]  # (1, 4, 4, 1)


def image(a):
    """A (1, n_H, n_W, 1) array from a 2-D list: one example, one channel."""
    return np.array(a, dtype=float)[None, :, :, None]


def plane(a):
    """The single (n_H, n_W) plane of a (1, n_H, n_W, 1) array."""
    assert a.shape[0] == 1 and a.shape[3] == 1
    return a[0, :, :, 0]


# --- by hand --------------------------------------------------------------------------------


@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_max_pooling_by_hand(hand_image, pair):
    forward, backward = PAIRS[pair]
    A, cache = forward(hand_image, f=2, stride=2, mode="max")
    np.testing.assert_array_equal(plane(A), [[4.0, 5.0], [6.0, 3.0]], strict=True)
    dA_prev, grads = backward(image([[1.0, 2.0], [3.0, 4.0]]), cache)
    assert grads == {}
    # Each window's gradient goes to its largest entry:
    # 4 at (1, 0), 5 at (1, 3), 6 at (3, 1), 3 at (2, 2).
    np.testing.assert_array_equal(
        plane(dA_prev),
        [[0.0, 0.0, 0.0, 0.0],
         [1.0, 0.0, 0.0, 2.0],
         [0.0, 0.0, 4.0, 0.0],
         [0.0, 3.0, 0.0, 0.0]],
        strict=True,
    )


@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_average_pooling_by_hand(hand_image, pair):
    forward, backward = PAIRS[pair]
    A, cache = forward(hand_image, f=2, stride=2, mode="average")
    # Window sums 10, 8, 9, 7, over f * f = 4.
    np.testing.assert_array_equal(plane(A), [[2.5, 2.0], [2.25, 1.75]], strict=True)
    dA_prev, grads = backward(image([[4.0, 8.0], [-4.0, 2.0]]), cache)
    assert grads == {}
    np.testing.assert_array_equal(
        plane(dA_prev),
        [[1.0, 1.0, 2.0, 2.0],
         [1.0, 1.0, 2.0, 2.0],
         [-1.0, -1.0, 0.5, 0.5],
         [-1.0, -1.0, 0.5, 0.5]],
        strict=True,
    )


@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_overlapping_windows_add_their_gradients_by_hand(pair):
    """stride 1 < f = 2: the centre 9 is the maximum of all four windows."""
    forward, backward = PAIRS[pair]
    A, cache = forward(image([[1, 2, 1], [2, 9, 2], [1, 2, 1]]), f=2, stride=1, mode="max")
    np.testing.assert_array_equal(plane(A), [[9.0, 9.0], [9.0, 9.0]], strict=True)
    dA_prev, _ = backward(image([[1.0, 2.0], [3.0, 4.0]]), cache)
    expected = [[0.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 0.0]]  # 1 + 2 + 3 + 4 at the centre
    np.testing.assert_array_equal(plane(dA_prev), expected, strict=True)

    A, cache = forward(image([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), f=2, stride=1, mode="average")
    np.testing.assert_array_equal(plane(A), [[3.0, 4.0], [6.0, 7.0]], strict=True)
    dA_prev, _ = backward(image([[4.0, 4.0], [4.0, 4.0]]), cache)
    # Each entry gets 4 / 4 = 1 from every window it lies in: 1, 2 or 4 windows.
    expected = [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    np.testing.assert_array_equal(plane(dA_prev), expected, strict=True)


@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_a_tie_gives_the_whole_gradient_to_the_first_entry_in_row_major_order(pair):
    """Channel 0: 7 twice, at (0, 1) and (1, 0); channel 1: all four equal.
    The gradient goes to one entry only, the first in row-major window order."""
    forward, backward = PAIRS[pair]
    channels = [[[3.0, 7.0], [7.0, 1.0]], [[2.0, 2.0], [2.0, 2.0]]]
    A_prev = np.stack(channels, axis=-1)[None]  # (1, 2, 2, 2)
    A, cache = forward(A_prev, f=2, stride=2, mode="max")
    np.testing.assert_array_equal(A, [[[[7.0, 2.0]]]], strict=True)
    dA_prev, _ = backward(np.array([[[[5.0, -3.0]]]]), cache)
    np.testing.assert_array_equal(dA_prev[0, :, :, 0], [[0.0, 5.0], [0.0, 0.0]], strict=True)
    np.testing.assert_array_equal(dA_prev[0, :, :, 1], [[-3.0, 0.0], [0.0, 0.0]], strict=True)


@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_tied_overlapping_windows_pick_within_each_window(pair):
    """A constant image, f = 2, stride = 1: each window picks its own top-left entry."""
    forward, backward = PAIRS[pair]
    _, cache = forward(np.ones((1, 3, 3, 1)), f=2, stride=1, mode="max")
    dA_prev, _ = backward(image([[1.0, 2.0], [3.0, 4.0]]), cache)
    expected = [[1.0, 2.0, 0.0], [3.0, 4.0, 0.0], [0.0, 0.0, 0.0]]
    np.testing.assert_array_equal(plane(dA_prev), expected, strict=True)


def test_a_rest_that_no_window_reaches_is_dropped_and_gets_no_gradient():
    """5 x 5 with f = stride = 2: the last row and column are read by no window."""
    A_prev = np.arange(25.0).reshape(1, 5, 5, 1)
    A, cache = pool_forward(A_prev, f=2, stride=2, mode="average")
    assert A.shape == (1, 2, 2, 1)
    dA_prev, _ = pool_backward(np.ones_like(A), cache)
    assert not np.any(dA_prev[0, 4, :, 0]) and not np.any(dA_prev[0, :, 4, 0])
    np.testing.assert_array_equal(dA_prev[0, :4, :4, 0], np.full((4, 4), 0.25), strict=True)


# --- fast against the plain loops ------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fast_matches_naive(case, mode, rng):
    m, n_H_prev, n_W_prev, n_C, f, stride = case
    A_prev = rng.standard_normal((m, n_H_prev, n_W_prev, n_C))
    A, cache = pool_forward(A_prev, f=f, stride=stride, mode=mode)
    A_naive, cache_naive = pool_forward_naive(A_prev, f=f, stride=stride, mode=mode)
    assert A.shape == (m, out_size(n_H_prev, f, stride), out_size(n_W_prev, f, stride), n_C)
    np.testing.assert_allclose(A, A_naive, rtol=1e-12, atol=1e-12, strict=True)
    dA = rng.standard_normal(A.shape)
    dA_prev, _ = pool_backward(dA, cache)
    dA_prev_naive, _ = pool_backward_naive(dA, cache_naive)
    np.testing.assert_allclose(dA_prev, dA_prev_naive, rtol=1e-12, atol=1e-12, strict=True)


@pytest.mark.parametrize("mode", MODES)
def test_fast_matches_naive_on_small_integers_full_of_ties(mode, rng):
    """Values 0..2 tie in almost every window: both versions must pick the same entry."""
    A_prev = rng.integers(0, 3, size=(3, 7, 6, 2)).astype(float)
    for f, stride in [(2, 1), (3, 2), (2, 2), (3, 1)]:
        A, cache = pool_forward(A_prev, f=f, stride=stride, mode=mode)
        A_naive, cache_naive = pool_forward_naive(A_prev, f=f, stride=stride, mode=mode)
        np.testing.assert_allclose(A, A_naive, rtol=1e-12, atol=1e-12, strict=True)
        dA = rng.standard_normal(A.shape)
        np.testing.assert_allclose(
            pool_backward(dA, cache)[0], pool_backward_naive(dA, cache_naive)[0],
            rtol=1e-12, atol=1e-12, strict=True,
        )


@pytest.mark.parametrize("mode", MODES)
def test_each_window_passes_back_exactly_its_gradient(mode, rng):
    """Max gives dA to one entry, average splits it in f*f shares: either way the total of
    dA_prev over an example and channel is that of dA (also with overlapping windows)."""
    A_prev = rng.standard_normal((2, 7, 6, 3))
    A, cache = pool_forward(A_prev, f=3, stride=1, mode=mode)
    dA = rng.standard_normal(A.shape)
    dA_prev, _ = pool_backward(dA, cache)
    np.testing.assert_allclose(dA_prev.sum(axis=(1, 2)), dA.sum(axis=(1, 2)), rtol=1e-12)


def test_a_window_as_large_as_the_image_pools_globally(rng):
    A_prev = rng.standard_normal((3, 4, 5, 2))
    A, _ = pool_forward(A_prev, f=4, stride=1, mode="max")
    assert A.shape == (3, 1, 2, 2)
    np.testing.assert_array_equal(A[:, 0, 0], A_prev[:, :, :4].max(axis=(1, 2)), strict=True)
    A, _ = pool_forward(A_prev[:, :, :4], f=4, stride=3, mode="average")
    mean = A_prev[:, :, :4].mean(axis=(1, 2))
    np.testing.assert_allclose(A[:, 0, 0], mean, rtol=1e-14, strict=True)


# --- gradient checks -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_gradient_check(case, mode, pair, rng):
    """Continuous random values: no ties, so max pooling is differentiable at the input."""
    m, n_H_prev, n_W_prev, n_C, f, stride = case
    A_prev = rng.standard_normal((m, n_H_prev, n_W_prev, n_C))
    if mode == "max":
        assert windows_apart(A_prev, f, stride)
    forward, backward = PAIRS[pair]
    errors = check_backward(
        functools.partial(forward, f=f, stride=stride, mode=mode), backward, A_prev, rng=rng, m=m
    )
    assert list(errors) == ["x"] and errors["x"] < 1e-7


# --- dtypes --------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_float32_stays_float32(mode, pair, rng):
    forward, backward = PAIRS[pair]
    A_prev = rng.standard_normal((2, 5, 4, 3)).astype(np.float32)
    A, cache = forward(A_prev, f=2, stride=1, mode=mode)
    assert A.dtype == np.float32
    dA_prev, _ = backward(np.ones(A.shape, np.float32), cache)
    assert dA_prev.dtype == np.float32 and dA_prev.shape == A_prev.shape


@pytest.mark.parametrize("pair", ["fast", "naive"])
def test_integer_input_becomes_float64(hand_image, pair):
    forward, _ = PAIRS[pair]
    A, _ = forward(hand_image.astype(np.int64), f=2, stride=2, mode="average")
    np.testing.assert_array_equal(plane(A), [[2.5, 2.0], [2.25, 1.75]], strict=True)


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("forward", [pool_forward, pool_forward_naive])
def test_forward_errors_name_the_argument(forward, hand_image):
    with pytest.raises(
        ValueError,
        match=r"f must be at most the height and width of A_prev of shape \(1, 4, 4, 1\) "
        r".* got f = 5",
    ):
        forward(hand_image, f=5)
    with pytest.raises(ValueError, match=r"f must be at most .*n_W_prev = 3\), got f = 4"):
        forward(np.ones((2, 6, 3, 1)), f=4, stride=1)
    with pytest.raises(ValueError, match=r"stride must be an integer >= 1, got 0"):
        forward(hand_image, stride=0)
    with pytest.raises(TypeError, match=r"f must be an integer, got float"):
        forward(hand_image, f=2.0)
    with pytest.raises(ValueError, match=r"mode must be 'max' or 'average', got 'avg'"):
        forward(hand_image, mode="avg")
    with pytest.raises(
        ValueError,
        match=r"A_prev must have shape \(m, n_H_prev, n_W_prev, n_C\) with examples first "
        r"\(one image of shape \(n_H, n_W, n_C\): A\[None\]\), got \(4, 4, 1\)",
    ):
        forward(hand_image[0], f=2)
    with pytest.raises(ValueError, match=r"A_prev must contain only finite numbers, found NaN"):
        forward(np.where(hand_image == 6.0, np.nan, hand_image))
    with pytest.raises(ValueError, match=r"A_prev must hold at least one example .* m = 0"):
        forward(np.ones((0, 4, 4, 1)))
    with pytest.raises(TypeError, match=r"pool_forward.*positional argument"):
        forward(hand_image, 2)  # settings are keyword-only: pool_forward(A, 2, 2) is ambiguous


@pytest.mark.parametrize("backward", [pool_backward, pool_backward_naive])
def test_backward_errors(backward, hand_image):
    _, cache = pool_forward(hand_image, f=2, stride=1)
    with pytest.raises(
        ValueError,
        match=r"dA must have shape \(1, 3, 3, 1\), the shape of pool_forward's output, "
        r"got \(1, 2, 2, 1\)",
    ):
        backward(np.ones((1, 2, 2, 1)), cache)
    _, flat_cache = flatten_forward(hand_image)
    with pytest.raises(
        TypeError,
        match=r"cache was made by flatten_forward, but this backward pass needs pool_forward's",
    ):
        backward(np.ones((1, 3, 3, 1)), flat_cache)


# --- the block and a network -----------------------------------------------------------------


def test_pool_block():
    block = pool_block(3, 1, "average")
    assert block.name == "avgpool"
    assert block.forward is pool_forward and block.backward is pool_backward
    assert block.config == {"f": 3, "stride": 1, "mode": "average"}
    assert block.params == {} and block.init == {} and not block.skips_dx
    assert block.accepts == ("m", None, None, None)
    default = pool_block()
    assert default.name == "maxpool" and default.config == {"f": 2, "stride": 2, "mode": "max"}
    with pytest.raises(ValueError, match="mode must be 'max' or 'average'"):
        pool_block(mode="min")
    with pytest.raises(ValueError, match="stride must be an integer >= 1"):
        pool_block(stride=0)


def _pool_network():
    """maxpool -> tanh -> flatten -> linear: images (m, 6, 5, 2) in, logits of 3 classes (3, m) out."""
    return Network(
        # pooled: (6 - 3) + 1 = 4 rows, (5 - 3) + 1 = 3 columns, 2 channels
        [pool_block(3, 1), activation_block("tanh"), flatten_block(), linear_block(4 * 3 * 2, 3, 1)],
        output="softmax",
    )


def test_a_network_of_pooling_and_dense_layers_matches_the_blocks_by_hand(rng):
    net = _pool_network()
    assert net.example_axis == 0
    X = rng.standard_normal((2, 6, 5, 2))
    params = net.initialize(rng=rng)
    ZL, _ = net.forward(X, params)
    for i in range(2):  # one example at a time, with the naive pooling and a plain ravel
        pooled, _ = pool_forward_naive(X[i : i + 1], f=3, stride=1)
        column = np.tanh(pooled[0]).reshape(-1, 1)  # row-major (n_H, n_W, n_C)
        expected = params["W1"] @ column + params["b1"]
        np.testing.assert_allclose(ZL[:, i : i + 1], expected, rtol=1e-12)


def test_a_network_of_pooling_and_dense_layers_gradient_check(rng):
    net = _pool_network()
    X = rng.standard_normal((3, 6, 5, 2))
    assert windows_apart(X, 3, 1)
    params = net.initialize(rng=rng)
    errors = check_backward(net.forward, net.backward, X, params, rng=rng, m=3)
    assert set(errors) == {"x", "W1", "b1"} and max(errors.values()) < 1e-7


def test_a_small_cnn_forward_and_backward_gradient_check(rng):
    """conv -> ReLU -> maxpool -> flatten -> linear, softmax output: the whole Course 4 Week 1
    network on a tiny batch, every gradient (input and parameters) against finite differences."""
    conv = pytest.importorskip("dlspec.conv")
    net = Network(
        # (2, 6, 5, 2) -> conv 3x3 "same" (2, 6, 5, 3) -> pool 2/2 (2, 3, 2, 3) -> 18 -> 3 classes
        [conv.conv_block(3, 2, 3, 1, padding="same"), activation_block("relu"), pool_block(2, 2),
         flatten_block(), linear_block(3 * 2 * 3, 3, 2)],
        output="softmax",
    )
    assert net.example_axis == 0
    X = rng.standard_normal((2, 6, 5, 2))
    params = net.initialize(rng=rng)
    params["b1"] = rng.standard_normal((1, 1, 1, 3))  # not zero, so that db1 is tested too
    Z1, _ = conv.conv2d_forward(X, {"W": params["W1"], "b": params["b1"]}, padding="same")
    # Finite differences must not step across ReLU's kink nor change which entry a window picks.
    assert np.min(np.abs(Z1)) > 1e-4 and windows_apart(Z1, 2, 2)
    ZL, _ = net.forward(X, params)
    assert ZL.shape == (3, 2)
    errors = check_backward(net.forward, net.backward, X, params, rng=rng, m=2)
    assert set(errors) == {"x", "W1", "b1", "W2", "b2"}
    assert max(errors.values()) < 1e-7
