"""Self-tests for dlspec.gradcheck: it must pass right gradients and catch wrong ones.

The functions checked here (a sigmoid block, an affine block with parameters, logistic
regression's cost) are written out by hand below, so these tests depend on no other
dlspec module.
"""

import numpy as np
import pytest

from dlspec.gradcheck import (
    check_backward,
    check_gradients,
    dict_to_vector,
    numerical_gradient,
    relative_error,
    vector_to_dict,
)


def sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-Z))


def sigmoid_forward(Z):
    """A sigmoid block in dlspec's convention: (out, cache)."""
    return sigmoid(Z), {"Z": Z}


def sigmoid_backward(dA, cache):
    s = sigmoid(cache["Z"])
    return dA * s * (1.0 - s), {}


def affine_forward(x, params):
    """out = W x + b for x of shape (n_in, m): a block with parameters."""
    return params["W"] @ x + params["b"], {"x": x, "W": params["W"]}


def affine_backward(dout, cache):
    """dx per example; dW, db of the mean cost (with the 1/m)."""
    x, W = cache["x"], cache["W"]
    m = x.shape[1]
    return W.T @ dout, {"dW": dout @ x.T / m, "db": np.sum(dout, axis=1, keepdims=True) / m}


def affine_problem(rng, n_in=3, n_out=2, m=4):
    x = rng.standard_normal((n_in, m))
    params = {"W": rng.standard_normal((n_out, n_in)), "b": rng.standard_normal((n_out, 1))}
    return x, params


# --- numerical_gradient -----------------------------------------------------------


@pytest.mark.parametrize("shape", [(2, 3), (4,), (1, 1), (2, 2, 2)])
def test_numerical_gradient_of_cubic(shape, rng):
    x = rng.standard_normal(shape)
    before = x.copy()
    grad = numerical_gradient(lambda: np.sum(x**3), x)
    assert grad.shape == x.shape
    assert relative_error(grad, 3 * before**2) < 1e-7
    np.testing.assert_array_equal(x, before)  # restored exactly


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([[1.0, 2.0]])
    calls = []

    def f():
        calls.append(x.copy())
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(x.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [[1.0, 2.0]])


def test_numerical_gradient_refuses_float32_and_non_arrays():
    with pytest.raises(TypeError, match=r"x must be a float64 ndarray .* got dtype float32"):
        numerical_gradient(lambda: 0.0, np.ones((2, 2), dtype=np.float32))
    with pytest.raises(TypeError, match=r"x must be a float64 ndarray .* got list"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(ValueError, match="eps must be positive"):
        numerical_gradient(lambda: 0.0, np.ones(2), eps=0.0)


def test_numerical_gradient_accepts_size_1_arrays_only():
    x = np.array([[2.0]])
    grad = numerical_gradient(lambda: x * x, x)  # f returns a (1, 1) array
    np.testing.assert_allclose(grad, [[4.0]], rtol=1e-9)
    with pytest.raises(ValueError, match=r"f must return a scalar, got an array of shape \(1, 2\)"):
        numerical_gradient(lambda: np.ones((1, 2)) * x, x)


def test_numerical_gradient_refuses_non_finite_f_and_x():
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"f gave nan when x\[0\] was nudged by \+eps"):
        numerical_gradient(lambda: np.nan, x)
    # finite at x, infinite one step to the left of x[1] = 2
    with pytest.raises(ValueError, match=r"f gave -inf when x\[1\] was nudged by -eps"):
        numerical_gradient(lambda: -np.inf if x[1] < 2.0 else float(x.sum()), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])  # restored after the error
    with pytest.raises(ValueError, match="x must contain only finite numbers, found NaN"):
        numerical_gradient(lambda: 0.0, np.array([[1.0, np.nan]]))


# --- relative_error ----------------------------------------------------------------


def test_relative_error_values():
    assert relative_error(np.array([3.0, 0.0]), np.array([0.0, 4.0])) == pytest.approx(5 / 7)
    assert relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
    a = np.array([[1.0, -2.0]])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, -a) == pytest.approx(1.0)


def test_relative_error_rejects_shape_mismatch():
    with pytest.raises(
        ValueError, match=r"a and b must have the same shape, got \(3, 1\) and \(3,\)"
    ):
        relative_error(np.ones((3, 1)), np.ones(3))


def test_relative_error_refuses_nan_and_infinity():
    # A NaN error compares False with everything, so "error < 1e-7" checks and max() over
    # parameters would silently lose it.
    with pytest.raises(ValueError, match="a must contain only finite numbers, found NaN"):
        relative_error(np.array([np.nan, 1.0]), np.array([1.0, 1.0]))
    with pytest.raises(ValueError, match="b must contain only finite numbers, found infinity"):
        relative_error(np.array([1.0, 1.0]), np.array([1.0, -np.inf]))


# --- dict <-> vector -----------------------------------------------------------------


def test_dict_vector_round_trip_with_explicit_order(rng):
    d = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)), "w": np.array(7.0)}
    vec, shapes = dict_to_vector(d, keys=["b1", "W1", "w"])
    assert vec.shape == (10, 1)
    assert list(shapes) == ["b1", "W1", "w"]
    np.testing.assert_array_equal(vec[:3, 0], d["b1"][:, 0])  # b1 comes first
    np.testing.assert_array_equal(vec[3:9, 0], d["W1"].ravel())
    back = vector_to_dict(vec, shapes)
    for key in d:
        np.testing.assert_array_equal(back[key], d[key], strict=True)


def test_dict_to_vector_default_order_is_dict_order():
    _, shapes = dict_to_vector({"b": np.zeros((1, 1)), "a": np.zeros((2, 1))})
    assert list(shapes) == ["b", "a"]


def test_dict_vector_errors():
    with pytest.raises(ValueError, match=r"d is missing key\(s\) \['c'\]"):
        dict_to_vector({"a": np.zeros(2)}, keys=["a", "c"])
    with pytest.raises(
        ValueError, match=r"vec must have shape \(6, 1\) to match shapes, got \(5, 1\)"
    ):
        vector_to_dict(np.zeros((5, 1)), {"a": (2, 3)})
    with pytest.raises(
        ValueError, match=r"vec must have shape \(6, 1\) to match shapes, got \(6,\)"
    ):
        vector_to_dict(np.zeros(6), {"a": (2, 3)})


# --- check_gradients ------------------------------------------------------------------


def logistic_problem(rng, n_x=3, m=5):
    """Logistic regression's cross-entropy cost (a closure) and its gradients, by hand."""
    params = {"w": rng.standard_normal((n_x, 1)), "b": rng.standard_normal((1, 1))}
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)

    def loss():
        A = sigmoid(params["w"].T @ X + params["b"])
        return -np.mean(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A))

    dZ = sigmoid(params["w"].T @ X + params["b"]) - Y
    grads = {"dw": X @ dZ.T / m, "db": np.sum(dZ, keepdims=True) / m}
    return params, loss, grads


def test_check_gradients_accepts_correct_gradients(rng):
    params, loss, grads = logistic_problem(rng)
    assert check_gradients(loss, params, grads) < 1e-7
    plain_names = {"w": grads["dw"], "b": grads["db"]}  # keys without the "d"
    assert check_gradients(loss, params, plain_names) < 1e-7


def test_check_gradients_detects_planted_bug(rng):
    params, loss, grads = logistic_problem(rng)
    wrong = {"dw": grads["dw"] * 1.5, "db": grads["db"]}  # e.g. forgot part of 1/m
    assert check_gradients(loss, params, wrong) > 1e-3
    wrong_db = {"dw": grads["dw"], "db": -grads["db"]}  # a sign error in one parameter
    assert check_gradients(loss, params, wrong_db) > 1e-3


def test_check_gradients_errors(rng):
    params, loss, grads = logistic_problem(rng)

    with pytest.raises(ValueError, match=r"grads has no gradient for 'b'"):
        check_gradients(loss, params, {"dw": grads["dw"]})
    with pytest.raises(ValueError, match=r"grads for 'w' must have shape \(3, 1\), got \(3,\)"):
        check_gradients(loss, params, {"dw": grads["dw"][:, 0], "db": grads["db"]})
    params32 = {k: v.astype(np.float32) for k, v in params.items()}
    with pytest.raises(TypeError, match=r"params\['w'\] must be a float64 ndarray"):
        check_gradients(loss, params32, grads)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_check_gradients_refuses_non_finite_analytic_gradient(bad):
    w = np.array([[1.0], [-2.0]])

    def loss():
        return float(np.sum(w**2))  # gradient 2w = [[2], [-4]]

    assert check_gradients(loss, {"w": w}, {"dw": 2 * w}) < 1e-7  # the same check, passing
    found = "NaN" if np.isnan(bad) else "infinity"
    with pytest.raises(
        ValueError, match=rf"grads\['dw'\] must contain only finite numbers, found {found}"
    ):
        check_gradients(loss, {"w": w}, {"dw": np.full((2, 1), bad)})
    one_bad = np.array([[2.0], [bad]])  # one bad entry among right ones
    with pytest.raises(ValueError, match=r"grads\['dw'\] must contain only finite numbers"):
        check_gradients(loss, {"w": w}, {"dw": one_bad})


def test_check_gradients_refuses_non_finite_loss():
    w = np.array([[0.5, 1.0]])
    with pytest.raises(ValueError, match=r"loss_fn gave nan when params\['w'\]\[0, 0\] was nudged"):
        check_gradients(lambda: np.nan, {"w": w}, {"dw": np.zeros((1, 2))})

    def loss():  # finite at w, infinite just to the right of w[0, 1] = 1
        return np.inf if w[0, 1] > 1.0 else float(np.sum(w))

    with pytest.raises(
        ValueError, match=r"loss_fn gave inf when params\['w'\]\[0, 1\] was nudged by \+eps"
    ):
        check_gradients(loss, {"w": w}, {"dw": np.ones((1, 2))})
    np.testing.assert_array_equal(w, [[0.5, 1.0]])


def test_check_gradients_refuses_non_finite_numerical_gradient():
    # A finite loss with a jump of 2e308 at w = 1: the difference overflows to infinity.
    w = np.array([[1.0]])

    def loss():
        return 1e308 if w[0, 0] > 1.0 else -1e308

    with pytest.raises(
        ValueError,
        match=r"the numerical gradient of params\['w'\] must contain only finite numbers",
    ):
        check_gradients(loss, {"w": w}, {"dw": np.ones((1, 1))})


def test_check_gradients_refuses_non_finite_parameters():
    w = np.array([[np.nan]])
    with pytest.raises(ValueError, match=r"params\['w'\] must contain only finite numbers"):
        check_gradients(lambda: float(w.sum()), {"w": w}, {"dw": np.ones((1, 1))})


# --- check_backward -----------------------------------------------------------------------


def test_check_backward_without_params(rng):
    Z = rng.standard_normal((3, 5))
    errors = check_backward(sigmoid_forward, sigmoid_backward, Z, rng=rng)
    assert list(errors) == ["x"] and errors["x"] < 1e-7


@pytest.mark.parametrize("shape", [(3, 2, 4), (1, 1, 1), (2, 5, 1), (4, 3, 7)])  # (n_in, n_out, m)
def test_check_backward_with_params(shape, rng):
    x, params = affine_problem(rng, *shape)
    errors = check_backward(affine_forward, affine_backward, x, params, rng=rng)
    assert list(errors) == ["x", "W", "b"] and max(errors.values()) < 1e-7


def test_check_backward_accepts_gradients_keyed_by_the_parameter_name(rng):
    x, params = affine_problem(rng)

    def backward(dout, cache):
        dx, grads = affine_backward(dout, cache)
        return dx, {"W": grads["dW"], "b": grads["db"]}

    errors = check_backward(affine_forward, backward, x, params, rng=rng)
    assert max(errors.values()) < 1e-7


def test_check_backward_m_sets_the_scale_of_the_parameter_gradients(rng):
    """Parameter gradients are compared after multiplying by m, the number of examples."""
    x, params = affine_problem(rng, m=5)

    def summed_backward(dout, cache):  # gradients of the summed cost: no 1/m
        dx, grads = affine_backward(dout, cache)
        return dx, {key: 5 * g for key, g in grads.items()}

    errors = check_backward(affine_forward, summed_backward, x, params, rng=rng, m=1)
    assert max(errors.values()) < 1e-7
    errors = check_backward(affine_forward, summed_backward, x, params, rng=rng)  # m = 5
    assert errors["x"] < 1e-7
    assert errors["W"] == pytest.approx(4 / 6, rel=1e-6)  # |5g - g| / (|5g| + |g|)
    assert errors["b"] == pytest.approx(4 / 6, rel=1e-6)


def test_check_backward_m_for_examples_stored_as_rows(rng):
    """With x of shape (m, n_in) the default m = x.shape[1] would be wrong; pass m."""
    x, params = affine_problem(rng, n_in=3, n_out=2, m=6)

    def forward(x_rows, params):
        out, cache = affine_forward(x_rows.T, params)
        return out.T, cache

    def backward(dout_rows, cache):
        dx, grads = affine_backward(dout_rows.T, cache)
        return dx.T, grads

    errors = check_backward(forward, backward, x.T.copy(), params, rng=rng, m=6)
    assert max(errors.values()) < 1e-7


def test_check_backward_detects_a_wrong_backward_without_params(rng):
    def wrong_backward(dA, cache):
        return dA * sigmoid(cache["Z"]), {}  # forgot the (1 - s) factor

    Z = rng.standard_normal((3, 5))
    assert check_backward(sigmoid_forward, wrong_backward, Z, rng=rng)["x"] > 1e-3


WRONG_AFFINE_BACKWARDS = {  # bug -> (the gradient it spoils, the wrong backward's change)
    "dW without the 1/m": ("W", lambda dx, g, m: (dx, {"dW": g["dW"] * m, "db": g["db"]})),
    "db with a flipped sign": ("b", lambda dx, g, m: (dx, {"dW": g["dW"], "db": -g["db"]})),
    "dx scaled by 1/m": ("x", lambda dx, g, m: (dx / m, g)),
    "dW rows swapped": ("W", lambda dx, g, m: (dx, {"dW": g["dW"][::-1], "db": g["db"]})),
}


@pytest.mark.parametrize("bug", WRONG_AFFINE_BACKWARDS)
def test_check_backward_detects_a_wrong_backward_with_params(bug, rng):
    spoiled, wrong = WRONG_AFFINE_BACKWARDS[bug]
    x, params = affine_problem(rng, n_in=3, n_out=2, m=4)

    def backward(dout, cache):
        return wrong(*affine_backward(dout, cache), 4)

    errors = check_backward(affine_forward, backward, x, params, rng=rng)
    assert errors[spoiled] > 1e-3
    assert all(errors[k] < 1e-7 for k in errors if k != spoiled)  # the others are still right


def test_check_backward_leaves_inputs_untouched(rng):
    x, params = affine_problem(rng)
    before = x.copy(), {k: v.copy() for k, v in params.items()}
    check_backward(affine_forward, affine_backward, x, params, rng=rng)
    np.testing.assert_array_equal(x, before[0], strict=True)
    for key, value in params.items():
        np.testing.assert_array_equal(value, before[1][key], strict=True)


def test_check_backward_errors(rng):
    Z = np.ones((2, 2))
    with pytest.raises(TypeError, match=r"backward must return the pair \(dx, grads\)"):
        check_backward(sigmoid_forward, lambda d, c: sigmoid_backward(d, c)[0], Z, rng=rng)
    with pytest.raises(TypeError, match=r"backward must return the pair \(dx, grads\)"):
        check_backward(sigmoid_forward, lambda d, c: (d, d), Z, rng=rng)  # grads not a dict
    with pytest.raises(
        ValueError, match=r"gradient of 'x' must have shape \(2, 2\), got \(4,\)"
    ):
        check_backward(sigmoid_forward, lambda d, c: (d.ravel(), {}), Z, rng=rng)
    with pytest.raises(TypeError, match=r"x must be a float64 ndarray .* got dtype float32"):
        check_backward(sigmoid_forward, sigmoid_backward, Z.astype(np.float32), rng=rng)
    with pytest.raises(TypeError, match=r"x must be a float64 ndarray .* got list"):
        check_backward(sigmoid_forward, sigmoid_backward, [[1.0]], rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        check_backward(sigmoid_forward, sigmoid_backward, Z, rng=0)
    with pytest.raises(ValueError, match="eps must be positive"):
        check_backward(sigmoid_forward, sigmoid_backward, Z, rng=rng, eps=0.0)
    x, params = affine_problem(rng)

    def without_db(dout, cache):
        dx, grads = affine_backward(dout, cache)
        return dx, {"dW": grads["dW"]}

    def transposed_dW(dout, cache):
        dx, grads = affine_backward(dout, cache)
        return dx, {**grads, "dW": grads["dW"].T}

    with pytest.raises(ValueError, match=r"backward's grads has no gradient for 'b' \(looked for"):
        check_backward(affine_forward, without_db, x, params, rng=rng)
    with pytest.raises(
        ValueError, match=r"gradient of 'W' must have shape \(2, 3\), got \(3, 2\)"
    ):
        check_backward(affine_forward, transposed_dW, x, params, rng=rng)
    with pytest.raises(TypeError, match=r"params\['W'\] must be a float64 ndarray"):
        check_backward(
            affine_forward, affine_backward, x, {**params, "W": params["W"].astype(np.float32)},
            rng=rng,
        )
    with pytest.raises(TypeError, match="params must be a dict of arrays, got list"):
        check_backward(affine_forward, affine_backward, x, [params["W"]], rng=rng)
    with pytest.raises(ValueError, match="m must be an integer >= 1, got 0"):
        check_backward(affine_forward, affine_backward, x, params, rng=rng, m=0)
    with pytest.raises(TypeError, match="m must be an integer, got float"):
        check_backward(affine_forward, affine_backward, x, params, rng=rng, m=4.0)


def test_check_backward_refuses_non_finite_gradients(rng):
    Z = rng.standard_normal((2, 3))

    def nan_backward(dA, cache):
        return sigmoid_backward(dA, cache)[0] * np.nan, {}

    with pytest.raises(ValueError, match="dx must contain only finite numbers, found NaN"):
        check_backward(sigmoid_forward, nan_backward, Z, rng=rng)

    x, params = affine_problem(rng)

    def inf_backward(dout, cache):
        dx, grads = affine_backward(dout, cache)
        return dx, {**grads, "db": np.full_like(grads["db"], np.inf)}

    with pytest.raises(
        ValueError,
        match=r"backward's grads\['db'\] must contain only finite numbers, found infinity",
    ):
        check_backward(affine_forward, inf_backward, x, params, rng=rng)

    def one_nan_backward(dout, cache):  # one bad entry among right ones
        dx, grads = affine_backward(dout, cache)
        dW = grads["dW"].copy()
        dW[1, 2] = np.nan
        return dx, {**grads, "dW": dW}

    with pytest.raises(ValueError, match=r"backward's grads\['dW'\] must contain only finite"):
        check_backward(affine_forward, one_nan_backward, x, params, rng=rng)


def test_check_backward_refuses_non_finite_forward_and_inputs(rng):
    def inf_forward(x):  # finite at x = 1, infinite just to its right
        return np.where(x > 1.0, np.inf, x), None

    one = np.ones((1, 1))
    with pytest.raises(
        ValueError, match=r"sum\(out \* G\) gave -?inf when x\[0, 0\] was nudged by \+eps"
    ):
        check_backward(inf_forward, lambda d, c: (d, {}), one, rng=rng)
    with pytest.raises(ValueError, match="forward's output must contain only finite numbers"):
        check_backward(lambda x: (x * np.nan, None), lambda d, c: (d, {}), one, rng=rng)
    with pytest.raises(ValueError, match="x must contain only finite numbers, found infinity"):
        check_backward(sigmoid_forward, sigmoid_backward, np.array([[np.inf]]), rng=rng)
    x, params = affine_problem(rng)
    params["b"][1, 0] = np.nan
    with pytest.raises(ValueError, match=r"params\['b'\] must contain only finite numbers"):
        check_backward(affine_forward, affine_backward, x, params, rng=rng)
