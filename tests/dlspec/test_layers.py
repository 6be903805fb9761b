"""Tests for dlspec.layers: the linear step and the whole layer as blocks (Course 1 Week 4)."""

import functools

import numpy as np
import pytest

from dlspec.activations import activation_forward
from dlspec.gradcheck import check_backward
from dlspec.layers import (
    flatten_backward,
    flatten_block,
    flatten_forward,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from dlspec.regularization import dropout_forward

ACTIVATIONS = ["relu", "sigmoid", "tanh", "leaky_relu"]
SHAPES = [(3, 4, 5), (2, 1, 1), (1, 3, 7), (4, 2, 1), (5, 5, 3)]  # (n_prev, n_l, m)


def random_layer(rng, n_prev, n_l, m, *, bias=True):
    """A_prev (n_prev, m) and params {"W": (n_l, n_prev), "b": (n_l, 1)}, all standard normal."""
    params = {"W": rng.standard_normal((n_l, n_prev))}
    if bias:
        params["b"] = rng.standard_normal((n_l, 1))
    return rng.standard_normal((n_prev, m)), params


def assert_away_from_kink(Z):
    """(Leaky) ReLU has a kink at 0; finite differences must not step across it."""
    assert np.min(np.abs(Z)) > 1e-4


@pytest.fixture
def hand_layer():
    """Z = W A_prev + b = [[2, 4], [2, 4]], worked by hand."""
    A_prev = np.array([[1.0, -1.0], [0.0, 2.0]])
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[1.0], [-1.0]])
    return A_prev, {"W": W, "b": b}


@pytest.fixture
def wide_layer():
    """A non-square layer, n_prev = 3 -> n_l = 2, m = 2, worked by hand in the tests."""
    A_prev = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, -1.0]])
    W = np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0]])
    b = np.array([[0.5], [-1.0]])
    return A_prev, {"W": W, "b": b}


# --- linear step by hand ------------------------------------------------------------------


def test_linear_forward_by_hand(hand_layer):
    A_prev, params = hand_layer
    Z, cache = linear_forward(A_prev, params)
    np.testing.assert_array_equal(Z, [[2.0, 4.0], [2.0, 4.0]], strict=True)
    assert cache["A_prev"] is A_prev and cache["W"] is params["W"]


def test_linear_forward_without_bias_by_hand(hand_layer):
    A_prev, params = hand_layer
    Z, _ = linear_forward(A_prev, {"W": params["W"]})  # W A_prev = [[1, 3], [3, 5]]
    np.testing.assert_array_equal(Z, [[1.0, 3.0], [3.0, 5.0]], strict=True)


def test_linear_backward_by_hand(hand_layer):
    A_prev, params = hand_layer
    _, cache = linear_forward(A_prev, params)
    dA_prev, grads = linear_backward(np.eye(2), cache)  # dZ = I, m = 2
    assert set(grads) == {"dW", "db"}
    np.testing.assert_array_equal(dA_prev, params["W"].T, strict=True)  # W^T I
    np.testing.assert_array_equal(grads["dW"], [[0.5, 0.0], [-0.5, 1.0]], strict=True)  # I A^T / 2
    np.testing.assert_array_equal(grads["db"], [[0.5], [0.5]], strict=True)


def test_linear_non_square_by_hand(wide_layer):
    A_prev, params = wide_layer
    Z, cache = linear_forward(A_prev, params)
    # W A_prev = [[1, -2], [1, 1]], plus b = [[0.5], [-1]]
    np.testing.assert_array_equal(Z, [[1.5, -1.5], [0.0, 0.0]], strict=True)
    dZ = np.array([[1.0, 2.0], [3.0, -1.0]])
    dA_prev, grads = linear_backward(dZ, cache)
    # dZ A^T = [[1, 4, -2], [3, 5, 1]], over m = 2
    np.testing.assert_array_equal(grads["dW"], [[0.5, 2.0, -1.0], [1.5, 2.5, 0.5]], strict=True)
    np.testing.assert_array_equal(grads["db"], [[1.5], [1.0]], strict=True)  # row sums / 2
    # W^T dZ, per example: no 1/m
    np.testing.assert_array_equal(dA_prev, [[-2.0, 3.0], [3.0, -1.0], [2.0, 4.0]], strict=True)


def test_linear_backward_without_bias_has_no_db(wide_layer):
    A_prev, params = wide_layer
    _, cache = linear_forward(A_prev, {"W": params["W"]})
    dA_prev, grads = linear_backward(np.array([[1.0, 2.0], [3.0, -1.0]]), cache)
    assert set(grads) == {"dW"}
    np.testing.assert_array_equal(grads["dW"], [[0.5, 2.0, -1.0], [1.5, 2.5, 0.5]], strict=True)
    np.testing.assert_array_equal(dA_prev, [[-2.0, 3.0], [3.0, -1.0], [2.0, 4.0]], strict=True)


def test_parameter_gradients_are_means_and_dA_prev_is_per_example(rng):
    """dW, db of a batch are the means of the examples' own; dA_prev's columns are theirs."""
    A_prev, params = random_layer(rng, 3, 4, 5)
    dZ = rng.standard_normal((4, 5))
    dA_prev, grads = linear_backward(dZ, linear_forward(A_prev, params)[1])
    singles = [
        linear_backward(dZ[:, i : i + 1], linear_forward(A_prev[:, i : i + 1], params)[1])
        for i in range(5)
    ]
    for key in ("dW", "db"):
        mean = sum(g[key] for _, g in singles) / 5
        np.testing.assert_allclose(grads[key], mean, rtol=1e-12, atol=1e-15, strict=True)
    np.testing.assert_allclose(dA_prev, np.hstack([d for d, _ in singles]), rtol=1e-14)


# --- the whole layer by hand ------------------------------------------------------------------


def test_linear_activation_by_hand(hand_layer):
    A_prev, params = hand_layer
    params = {"W": params["W"], "b": params["b"] - 3.0}  # b = [[-2], [-4]]: Z = [[-1, 1], [-1, 1]]
    A, cache = linear_activation_forward(A_prev, params, "relu")
    np.testing.assert_array_equal(A, [[0.0, 1.0], [0.0, 1.0]], strict=True)
    A, _ = linear_activation_forward(A_prev, params, "leaky_relu")
    np.testing.assert_allclose(A, [[-0.01, 1.0], [-0.01, 1.0]], strict=True)
    A, _ = linear_activation_forward(A_prev, params, "tanh")
    t = 0.7615941559557649  # tanh(1)
    np.testing.assert_allclose(A, [[-t, t], [-t, t]], rtol=1e-15, strict=True)
    # Backward through ReLU zeroes the first column, then the linear part acts.
    dA_prev, grads = linear_activation_backward(np.ones((2, 2)), cache)
    np.testing.assert_array_equal(dA_prev, [[0.0, 4.0], [0.0, 6.0]], strict=True)
    np.testing.assert_array_equal(grads["dW"], [[-0.5, 1.0], [-0.5, 1.0]], strict=True)
    np.testing.assert_array_equal(grads["db"], [[0.5], [0.5]], strict=True)


def test_linear_activation_backward_uses_the_cached_activation():
    """Z = 0, where sigmoid' = 1/4 and tanh' = 1: the same dA gives gradients 4 times apart."""
    A_prev = np.array([[1.0, -1.0], [0.0, 0.0]])
    zero = {"W": np.array([[0.0, 1.0], [0.0, 1.0]]), "b": np.zeros((2, 1))}  # W A_prev = 0
    _, sigmoid_cache = linear_activation_forward(A_prev, zero, "sigmoid")
    _, tanh_cache = linear_activation_forward(A_prev, zero, "tanh")
    dA = np.array([[4.0, 8.0], [-4.0, 0.0]])
    dA_prev_s, grads_s = linear_activation_backward(dA, sigmoid_cache)
    dA_prev_t, grads_t = linear_activation_backward(dA, tanh_cache)
    # tanh: dZ = dA; dW = dA A_prev^T / 2 = [[(4 - 8) / 2, 0], [-4 / 2, 0]]
    np.testing.assert_array_equal(grads_t["dW"], [[-2.0, 0.0], [-2.0, 0.0]], strict=True)
    np.testing.assert_array_equal(grads_t["db"], [[6.0], [-2.0]], strict=True)
    np.testing.assert_array_equal(dA_prev_t, [[0.0, 0.0], [0.0, 8.0]], strict=True)
    np.testing.assert_array_equal(grads_s["dW"], grads_t["dW"] / 4, strict=True)
    np.testing.assert_array_equal(grads_s["db"], grads_t["db"] / 4, strict=True)
    np.testing.assert_array_equal(dA_prev_s, dA_prev_t / 4, strict=True)


# --- gradient checks -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no_bias"])
def test_linear_gradient_check(shape, bias, rng):
    A_prev, params = random_layer(rng, *shape, bias=bias)
    errors = check_backward(linear_forward, linear_backward, A_prev, params, rng=rng)
    assert set(errors) == {"x", *params}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("shape", [(3, 4, 1), (3, 4, 6), (5, 2, 1), (2, 3, 7)])
def test_linear_activation_gradient_check(activation, shape, rng):
    A_prev, params = random_layer(rng, *shape)
    Z, _ = linear_forward(A_prev, params)
    assert_away_from_kink(Z)
    forward = functools.partial(linear_activation_forward, activation=activation)
    errors = check_backward(forward, linear_activation_backward, A_prev, params, rng=rng)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7


# --- need_dA_prev=False -------------------------------------------------------------------


def test_linear_backward_can_skip_dA_prev(rng):
    A_prev, params = random_layer(rng, 4, 3, 5)
    _, cache = linear_forward(A_prev, params)
    dZ = rng.standard_normal((3, 5))
    _, full = linear_backward(dZ, cache)
    dA_prev, lean = linear_backward(dZ, cache, need_dA_prev=False)
    assert dA_prev is None and set(lean) == {"dW", "db"}
    for key in full:
        np.testing.assert_array_equal(lean[key], full[key], strict=True)


def test_linear_activation_backward_can_skip_dA_prev(rng):
    A_prev, params = random_layer(rng, 4, 3, 5)
    _, cache = linear_activation_forward(A_prev, params, "tanh")
    dA = rng.standard_normal((3, 5))
    _, full = linear_activation_backward(dA, cache)
    dA_prev, lean = linear_activation_backward(dA, cache, need_dA_prev=False)
    assert dA_prev is None
    for key in full:
        np.testing.assert_array_equal(lean[key], full[key], strict=True)


# --- dtypes --------------------------------------------------------------------------------


def test_float32_stays_float32(rng):
    A_prev, params = random_layer(rng, 3, 2, 4)
    A_prev = A_prev.astype(np.float32)
    params = {k: v.astype(np.float32) for k, v in params.items()}
    Z, cache = linear_forward(A_prev, params)
    assert Z.dtype == np.float32
    dA_prev, grads = linear_backward(np.ones((2, 4), np.float32), cache)
    assert dA_prev.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
    A, cache = linear_activation_forward(A_prev, params, "relu")
    assert A.dtype == np.float32
    dA_prev, grads = linear_activation_backward(np.ones((2, 4), np.float32), cache)
    assert dA_prev.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())


def test_integer_input_becomes_float64():
    Z, _ = linear_forward(np.array([[1, 2]]), {"W": np.array([[3]]), "b": np.array([[1]])})
    np.testing.assert_array_equal(Z, [[4.0, 7.0]], strict=True)


# --- errors ------------------------------------------------------------------------------------


def test_linear_forward_errors(hand_layer):
    A_prev, params = hand_layer
    W, b = params["W"], params["b"]
    with pytest.raises(
        ValueError,
        match=r"A_prev must have shape \(2, m\) to match W of shape \(2, 2\), got \(3, 2\)",
    ):
        linear_forward(np.ones((3, 2)), params)
    with pytest.raises(
        ValueError, match=r"b must have shape \(2, 1\) to match W of shape \(2, 2\), got \(2,\)"
    ):
        linear_forward(A_prev, {"W": W, "b": b[:, 0]})
    with pytest.raises(ValueError, match=r"W must have shape \(n_l, n_prev\), got \(2,\)"):
        linear_forward(A_prev, {"W": W[0], "b": b})
    with pytest.raises(ValueError, match=r"params is missing key\(s\) \['W'\]"):
        linear_forward(A_prev, {"b": b})
    with pytest.raises(TypeError, match=r"params must be a dict with keys \['W'.*got tuple"):
        linear_forward(A_prev, (W, b))  # the old (A_prev, W, b) order, squeezed into two
    with pytest.raises(TypeError, match=r"params\['W'\] must be a numeric"):
        linear_forward(A_prev, {"W": W.astype(str), "b": b})


def test_linear_activation_forward_rejects_unknown_activation(hand_layer):
    A_prev, params = hand_layer
    with pytest.raises(ValueError, match="activation must be one of .* got 'softmax'"):
        linear_activation_forward(A_prev, params, "softmax")


def test_backward_refuses_a_dout_of_the_wrong_shape(hand_layer):
    A_prev, params = hand_layer
    _, cache = linear_forward(A_prev, params)
    with pytest.raises(
        ValueError,
        match=r"dZ must have shape \(2, 2\), the shape of linear_forward's output, got \(2, 3\)",
    ):
        linear_backward(np.ones((2, 3)), cache)
    with pytest.raises(ValueError, match=r"dZ must have shape \(2, 2\).*got \(4,\)"):
        linear_backward(np.ones(4), cache)
    _, cache = linear_activation_forward(A_prev, params, "relu")
    with pytest.raises(ValueError, match=r"dA must have shape \(2, 2\).*got \(2, 1\)"):
        linear_activation_backward(np.ones((2, 1)), cache)


def _caches(A_prev, params):
    """One cache of each block that is not a layer's."""
    Z, linear_cache = linear_forward(A_prev, params)
    return {
        "linear_forward": linear_cache,
        "activation_forward": activation_forward(Z, "relu")[1],
        "linear_activation_forward": linear_activation_forward(A_prev, params, "relu")[1],
        "dropout_forward": dropout_forward(Z, 0.5, rng=np.random.default_rng(0))[1],
    }


@pytest.mark.parametrize(
    ("backward", "needs", "made_by"),
    [
        (linear_backward, "linear_forward", "activation_forward"),
        (linear_backward, "linear_forward", "linear_activation_forward"),
        (linear_backward, "linear_forward", "dropout_forward"),
        (linear_activation_backward, "linear_activation_forward", "linear_forward"),
        (linear_activation_backward, "linear_activation_forward", "activation_forward"),
    ],
)
def test_backward_refuses_a_cache_from_another_block(backward, needs, made_by, hand_layer):
    cache = _caches(*hand_layer)[made_by]
    with pytest.raises(
        TypeError, match=f"cache was made by {made_by}, but this backward pass needs {needs}'s"
    ):
        backward(np.ones((2, 2)), cache)


@pytest.mark.parametrize("backward", [linear_backward, linear_activation_backward])
def test_backward_refuses_an_old_style_tuple_cache(backward, hand_layer):
    A_prev, params = hand_layer
    old = (A_prev, params["W"], params["b"])
    with pytest.raises(TypeError, match="cache must be the cache returned by linear.*got tuple"):
        backward(np.ones((2, 2)), old)


def test_a_batch_of_no_examples_is_refused(hand_layer):
    """With m = 0 the 1/m of dW and db would be 0/0: the block must refuse, not return NaN."""
    _, params = hand_layer
    with pytest.raises(ValueError, match="m = 0"):
        _, cache = linear_forward(np.ones((2, 0)), params)
        linear_backward(np.ones((2, 0)), cache)


# --- flatten (Course 4, Week 1) ------------------------------------------------------------


def test_flatten_by_hand():
    """Two examples of 2 x 3 pixels with 2 channels, numbered 0..11 and 12..23 in row-major order."""
    A = np.arange(24.0).reshape(2, 2, 3, 2)  # (m, n_H, n_W, n_C)
    A_flat, cache = flatten_forward(A)
    assert A_flat.shape == (12, 2)
    np.testing.assert_array_equal(A_flat[:, 0], np.arange(12.0), strict=True)
    np.testing.assert_array_equal(A_flat[:, 1], np.arange(12.0, 24.0), strict=True)
    # k = (h n_W + w) n_C + c: A[1, 1, 2, 0] is entry (1 * 3 + 2) * 2 + 0 = 10 of column 1
    assert A_flat[10, 1] == A[1, 1, 2, 0] == 22.0
    assert A_flat[3, 0] == A[0, 0, 1, 1] == 3.0  # the channels of one pixel sit together
    dA, grads = flatten_backward(np.arange(24.0).reshape(2, 12).T, cache)
    assert grads == {}
    np.testing.assert_array_equal(dA, A, strict=True)


@pytest.mark.parametrize(
    "shape", [(1, 3, 4, 2), (3, 2, 5, 1), (2, 4, 4, 3), (2, 4, 3), (4, 3), (1, 1)],
    ids=lambda s: "x".join(map(str, s)),
)
def test_flatten_round_trip_and_gradient_check(shape, rng):
    """Each column is that example's pixels in row-major order; the backward pass puts a
    gradient of that layout back where the numbers came from."""
    A = rng.standard_normal(shape)
    m = shape[0]
    A_flat, cache = flatten_forward(A)
    expected = np.stack([A[i].ravel() for i in range(m)], axis=1)  # one ravelled example per column
    np.testing.assert_array_equal(A_flat, expected, strict=True)
    dA, _ = flatten_backward(A_flat.copy(), cache)
    np.testing.assert_array_equal(dA, A, strict=True)
    errors = check_backward(flatten_forward, flatten_backward, A, rng=rng, m=m)
    assert list(errors) == ["x"] and errors["x"] < 1e-7


def test_flatten_feeds_a_dense_layer(rng):
    """Z = W flatten(A) + b has column i = W A[i].ravel() + b, example by example."""
    A = rng.standard_normal((3, 4, 2, 3))
    params = {"W": rng.standard_normal((5, 24)), "b": rng.standard_normal((5, 1))}
    Z, _ = linear_forward(flatten_forward(A)[0], params)
    for i in range(3):
        column = params["W"] @ A[i].ravel() + params["b"][:, 0]
        np.testing.assert_allclose(Z[:, i], column, rtol=1e-12)


def test_flatten_of_a_matrix_is_its_transpose(rng):
    A = rng.standard_normal((4, 3))  # (m, n): examples first
    np.testing.assert_array_equal(flatten_forward(A)[0], A.T, strict=True)


def test_flatten_keeps_float32_and_converts_integers(rng):
    A = rng.standard_normal((2, 3, 3, 2)).astype(np.float32)
    A_flat, cache = flatten_forward(A)
    assert A_flat.dtype == np.float32
    assert flatten_backward(np.ones((18, 2), np.float32), cache)[0].dtype == np.float32
    A_flat, _ = flatten_forward(np.arange(8).reshape(2, 2, 2, 1))
    expected = [[0.0, 4.0], [1.0, 5.0], [2.0, 6.0], [3.0, 7.0]]
    np.testing.assert_array_equal(A_flat, expected, strict=True)


def test_flatten_errors():
    with pytest.raises(ValueError, match=r"A must have shape \(m, n_H, n_W, n_C\).* got \(5,\)"):
        flatten_forward(np.ones(5))
    with pytest.raises(ValueError, match=r"A must hold at least one example .* m = 0"):
        flatten_forward(np.ones((0, 2, 2, 1)))
    with pytest.raises(ValueError, match=r"A must contain only finite numbers, found NaN"):
        flatten_forward(np.full((1, 2, 2, 1), np.nan))
    with pytest.raises(TypeError, match=r"A must be a numeric"):
        flatten_forward([[["a"]]])
    _, cache = flatten_forward(np.ones((3, 2, 2, 1)))
    with pytest.raises(
        ValueError,
        match=r"dZ must have shape \(4, 3\), the shape of flatten_forward's output, got \(3, 4\)",
    ):
        flatten_backward(np.ones((3, 4)), cache)  # examples first: the layout flatten left
    _, linear_cache = linear_forward(np.ones((2, 3)), {"W": np.ones((4, 2)), "b": np.zeros((4, 1))})
    with pytest.raises(
        TypeError,
        match="cache was made by linear_forward, but this backward pass needs flatten_forward's",
    ):
        flatten_backward(np.ones((4, 3)), linear_cache)
    with pytest.raises(TypeError, match="cache was made by flatten_forward, but .* needs linear_forward's"):
        linear_backward(np.ones((4, 3)), cache)


def test_flatten_block():
    block = flatten_block()
    assert block.name == "flatten"
    assert block.forward is flatten_forward and block.backward is flatten_backward
    assert block.params == {} and block.init == {} and block.config == {}
    assert block.accepts == ("m", None, None, None)
