"""Tests for dlspec.recurrent: the basic RNN cell and backpropagation through time (Course 5, Week 1).

Oracles: numbers worked by hand, a plain loop of the course's equation written here, the
package's gradient checker (for every input: xt, a_prev, x, a0 and the parameters), and
centred differences of a loss on the last step only, for the gradient carried back
through the states.
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward, numerical_gradient, relative_error
from dlspec.layers import linear_forward
from dlspec.recurrent import rnn_backward, rnn_cell_backward, rnn_cell_forward, rnn_forward

#: (n_x, n_a, m, T_x): odd shapes on purpose: n_a != n_x, m = 1, T_x = 1.
SHAPES = [(3, 5, 2, 4), (1, 2, 1, 1), (4, 3, 1, 4), (2, 6, 3, 1), (5, 2, 2, 3)]
IDS = [f"nx{s[0]}-na{s[1]}-m{s[2]}-T{s[3]}" for s in SHAPES]


def random_rnn(rng, n_x, n_a, m, T_x, scale=0.6):
    """x (n_x, m, T_x), a0 (n_a, m) and params Waa, Wax, ba drawn at random."""
    params = {"Waa": scale * rng.standard_normal((n_a, n_a)),
              "Wax": scale * rng.standard_normal((n_a, n_x)),
              "ba": 0.3 * rng.standard_normal((n_a, 1))}
    return rng.standard_normal((n_x, m, T_x)), rng.standard_normal((n_a, m)), params


def by_loop(x, a0, params):
    """The course's equation, one example and one step at a time."""
    n_x, m, T_x = x.shape
    a = np.zeros((a0.shape[0], m, T_x))
    for i in range(m):
        a_prev = a0[:, i]
        for t in range(T_x):
            z = params["Waa"] @ a_prev + params["Wax"] @ x[:, i, t] + params["ba"][:, 0]
            a_prev = a[:, i, t] = np.tanh(z)
    return a


# --- by hand ----------------------------------------------------------------------------------

HAND = {"Waa": np.array([[0.5]]), "Wax": np.array([[2.0]]), "ba": np.array([[-1.0]])}


def test_rnn_cell_by_hand():
    # z = 0.5 * 2 + 2 * 0.5 - 1 = 1
    a_next, _ = rnn_cell_forward(np.array([[0.5]]), np.array([[2.0]]), HAND)
    assert a_next.shape == (1, 1)
    assert a_next[0, 0] == pytest.approx(math.tanh(1.0), rel=1e-15)


def test_rnn_cell_backward_by_hand():
    a_next, cache = rnn_cell_forward(np.array([[0.5]]), np.array([[2.0]]), HAND)
    dxt, da_prev, grads = rnn_cell_backward(np.array([[1.0]]), cache)
    dz = 1.0 - math.tanh(1.0) ** 2
    assert dxt[0, 0] == pytest.approx(2.0 * dz)  # Wax dz
    assert da_prev[0, 0] == pytest.approx(0.5 * dz)  # Waa dz
    assert grads["dWax"][0, 0] == pytest.approx(0.5 * dz)  # dz x
    assert grads["dWaa"][0, 0] == pytest.approx(2.0 * dz)  # dz a_prev
    assert grads["dba"][0, 0] == pytest.approx(dz)
    assert list(grads) == ["dWaa", "dWax", "dba"]


def test_two_steps_by_hand():
    # a<1> = tanh(0 + 2 * 0.5 - 1) = 0; a<2> = tanh(0.5 * 0 + 2 * 1 - 1) = tanh(1)
    x = np.array([[[0.5, 1.0]]])  # (n_x, m, T_x) = (1, 1, 2)
    a, _ = rnn_forward(x, np.zeros((1, 1)), HAND)
    np.testing.assert_allclose(a, [[[0.0, math.tanh(1.0)]]], rtol=1e-15, atol=1e-15, strict=True)


def test_the_state_is_the_only_memory():
    # With Waa = 0 each step forgets the past: the states are a dense tanh layer per step.
    x = np.random.default_rng(1).standard_normal((3, 4, 5))
    params = {"Waa": np.zeros((2, 2)), "Wax": np.arange(6.0).reshape(2, 3) / 6, "ba": np.ones((2, 1))}
    a, _ = rnn_forward(x, np.full((2, 4), 7.0), params)
    for t in range(5):
        z, _ = linear_forward(x[:, :, t], {"W": params["Wax"], "b": params["ba"]})
        np.testing.assert_allclose(a[:, :, t], np.tanh(z), rtol=1e-14)


# --- the sequence against a plain loop ----------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_forward_equals_the_plain_loop(shape, rng):
    x, a0, params = random_rnn(rng, *shape)
    a, _ = rnn_forward(x, a0, params)
    np.testing.assert_allclose(a, by_loop(x, a0, params), rtol=1e-13, atol=1e-14, strict=True)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_backward_equals_the_loop_of_cells(shape, rng):
    x, a0, params = random_rnn(rng, *shape)
    a, cache = rnn_forward(x, a0, params)
    da = rng.standard_normal(a.shape)
    dx, da0, grads = rnn_backward(da, cache)
    caches, a_prev = [], a0
    for t in range(shape[3]):
        a_prev, step = rnn_cell_forward(x[:, :, t], a_prev, params)
        caches.append(step)
    carried, total = np.zeros_like(a0), {k: 0.0 for k in grads}
    for t in reversed(range(shape[3])):
        dxt, carried, step_grads = rnn_cell_backward(da[:, :, t] + carried, caches[t])
        np.testing.assert_allclose(dx[:, :, t], dxt, rtol=1e-12, atol=1e-14)
        total = {k: total[k] + step_grads[k] for k in total}
    np.testing.assert_allclose(da0, carried, rtol=1e-12, atol=1e-14)
    for key in grads:
        np.testing.assert_allclose(grads[key], total[key], rtol=1e-12, atol=1e-14)


# --- gradient checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_cell_gradient_check_for_both_inputs_and_the_parameters(shape, rng):
    n_x, n_a, m, _ = shape
    x, a_prev, params = random_rnn(rng, n_x, n_a, m, 1)
    xt = x[:, :, 0].copy()

    def backward_x(d, cache):
        dxt, _, grads = rnn_cell_backward(d, cache)
        return dxt, grads

    errors = check_backward(lambda v, p: rnn_cell_forward(v, a_prev, p), backward_x, xt, params, rng=rng)
    assert max(errors.values()) < 1e-7, errors
    errors = check_backward(lambda v: rnn_cell_forward(xt, v, params),
                            lambda d, c: rnn_cell_backward(d, c)[1:], a_prev, rng=rng)
    assert errors["x"] < 1e-7, errors


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_bptt_gradient_check(shape, rng):
    x, a0, params = random_rnn(rng, *shape)

    def backward(da, cache):
        dx, _, grads = rnn_backward(da, cache)
        return dx, grads

    errors = check_backward(lambda v, p: rnn_forward(v, a0, p), backward, x, params, rng=rng)
    assert max(errors.values()) < 1e-7, errors
    errors = check_backward(lambda v: rnn_forward(x, v, params),
                            lambda d, c: rnn_backward(d, c)[1:], a0, rng=rng)
    assert errors["x"] < 1e-7, errors


@pytest.mark.parametrize("T_x", [2, 4, 7])
def test_the_gradient_reaches_the_first_input_through_the_carried_state(T_x, rng):
    # A loss on the last state only: x<1> reaches it only through a<1>, ..., a<T_x - 1>,
    # so a backward pass that dropped the carried da_prev would give dx<1> = 0.
    x, a0, params = random_rnn(rng, 3, 4, 2, T_x, scale=0.9)
    G = rng.standard_normal((4, 2))
    a, cache = rnn_forward(x, a0, params)
    da = np.zeros(a.shape)
    da[:, :, -1] = G
    dx, da0, _ = rnn_backward(da, cache)
    numeric = numerical_gradient(lambda: np.sum(rnn_forward(x, a0, params)[0][:, :, -1] * G), x)
    assert np.max(np.abs(dx[:, :, 0])) > 1e-3
    assert relative_error(dx[:, :, 0], numeric[:, :, 0]) < 1e-7
    assert relative_error(dx, numeric) < 1e-7
    numeric_a0 = numerical_gradient(lambda: np.sum(rnn_forward(x, a0, params)[0][:, :, -1] * G), a0)
    assert relative_error(da0, numeric_a0) < 1e-7


def test_parameter_gradients_are_means_and_input_gradients_per_example(rng):
    # The same example twice: every per-example gradient repeats, parameter gradients stay.
    x, a0, params = random_rnn(rng, 2, 3, 1, 4)
    a, cache = rnn_forward(x, a0, params)
    da = rng.standard_normal(a.shape)
    dx, da0, grads = rnn_backward(da, cache)
    _, cache2 = rnn_forward(np.concatenate([x, x], axis=1), np.concatenate([a0, a0], axis=1), params)
    dx2, da02, grads2 = rnn_backward(np.concatenate([da, da], axis=1), cache2)
    np.testing.assert_allclose(dx2, np.concatenate([dx, dx], axis=1), rtol=1e-13)
    np.testing.assert_allclose(da02, np.concatenate([da0, da0], axis=1), rtol=1e-13)
    for key in grads:
        np.testing.assert_allclose(grads2[key], grads[key], rtol=1e-13)


def test_gradients_vanish_over_many_steps_with_small_weights(rng):
    # Each step back multiplies the carried gradient by tanh' <= 1 and by Waa^T, so with
    # ||Waa||_2 = s < 1, dx<t> of a loss on the last state is at most ||Wax||_2 s^(T_x - t) ||G||.
    T_x = 30
    x, a0, params = random_rnn(rng, 3, 8, 4, T_x)
    params["Waa"] *= 0.5 / np.linalg.norm(params["Waa"], 2)  # largest singular value 0.5
    s, s_x = 0.5, np.linalg.norm(params["Wax"], 2)
    a, cache = rnn_forward(x, a0, params)
    da = np.zeros(a.shape)
    da[:, :, -1] = rng.standard_normal((8, 4))
    dx, _, _ = rnn_backward(da, cache)
    for t in range(T_x):
        bound = s_x * s ** (T_x - 1 - t) * np.linalg.norm(da[:, :, -1])
        assert np.linalg.norm(dx[:, :, t]) <= bound * (1 + 1e-12)
    assert np.linalg.norm(dx[:, :, 0]) < 1e-6 * np.linalg.norm(dx[:, :, -1])


# --- dtypes, caches, settings -------------------------------------------------------------------


def test_float32_stays_float32(rng):
    x, a0, params = random_rnn(rng, 3, 4, 2, 5)
    x32, a032 = x.astype(np.float32), a0.astype(np.float32)
    params32 = {k: v.astype(np.float32) for k, v in params.items()}
    a, cache = rnn_forward(x32, a032, params32)
    assert a.dtype == np.float32
    dx, da0, grads = rnn_backward(np.ones(a.shape, dtype=np.float32), cache)
    assert dx.dtype == da0.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    a_next, cell_cache = rnn_cell_forward(x32[:, :, 0], a032, params32)
    assert a_next.dtype == np.float32
    assert all(g.dtype == np.float32 for g in rnn_cell_backward(a_next, cell_cache)[:2])
    np.testing.assert_allclose(a, rnn_forward(x, a0, params)[0], rtol=1e-5, atol=1e-6)


def test_other_keys_of_params_are_ignored(rng):
    x, a0, params = random_rnn(rng, 3, 4, 2, 3)
    model = {**params, "Wya": np.ones((3, 4)), "by": np.zeros((3, 1))}
    a, cache = rnn_forward(x, a0, model)
    np.testing.assert_array_equal(a, rnn_forward(x, a0, params)[0])
    assert set(rnn_backward(a, cache)[2]) == {"dWaa", "dWax", "dba"}


def test_the_caller_s_arrays_are_not_changed(rng):
    x, a0, params = random_rnn(rng, 3, 4, 2, 3)
    copies = [x.copy(), a0.copy(), {k: v.copy() for k, v in params.items()}]
    a, cache = rnn_forward(x, a0, params)
    da = rng.standard_normal(a.shape)
    da_copy = da.copy()
    rnn_backward(da, cache)
    np.testing.assert_array_equal(x, copies[0])
    np.testing.assert_array_equal(a0, copies[1])
    np.testing.assert_array_equal(da, da_copy)
    for key in params:
        np.testing.assert_array_equal(params[key], copies[2][key])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda x, a0, p: rnn_forward(x[:, :, 0], a0, p), ValueError,
         r"^x must have shape \(3, m, T_x\) to match Wax of shape \(4, 3\) \(n_a = 4, n_x = 3\) "
         r"\(one time step of shape \(n_x, m\) as x\[:, :, None\]\), got \(3, 2\)"),
        (lambda x, a0, p: rnn_forward(x.transpose(1, 0, 2), a0, p), ValueError,
         r"^x must have shape \(3, m, T_x\)"),
        (lambda x, a0, p: rnn_forward(x[:, :, :0], a0, p), ValueError,
         r"^x must hold at least one time step \(axis 2\), got T_x = 0"),
        (lambda x, a0, p: rnn_forward(x, a0.T, p), ValueError,
         r"^a0 must have shape \(4, 2\) to match Wax of shape \(4, 3\) \(n_a = 4, n_x = 3\) "
         r"and x of shape \(3, 2, 5\), got \(2, 4\)"),
        (lambda x, a0, p: rnn_forward(x, a0, {**p, "Waa": p["Waa"][:, :3]}), ValueError,
         r"^Waa must be square"),
        (lambda x, a0, p: rnn_forward(x, a0, {**p, "Wax": p["Wax"].T}), ValueError,
         r"^Wax must have shape \(4, n_x\) to match Waa of shape \(4, 4\), got \(3, 4\)"),
        (lambda x, a0, p: rnn_cell_forward(x, a0, p), ValueError,
         r"^xt must have shape \(3, m\) .*\(a whole sequence \(n_x, m, T_x\) goes to rnn_forward\)"),
        (lambda x, a0, p: rnn_cell_forward(x[:, :, 0], a0[:, :1], p), ValueError,
         r"^a_prev must have shape \(4, 2\)"),
    ],
    ids=["x 2-D", "x axes swapped", "T_x = 0", "a0 transposed", "Waa not square", "Wax transposed",
         "xt a sequence", "a_prev of another m"],
)
def test_bad_shapes_are_refused_naming_the_sizes(call, error, match, rng):
    x, a0, params = random_rnn(rng, 3, 4, 2, 5)
    with pytest.raises(error, match=match):
        call(x, a0, params)


def test_a_cache_of_another_block_is_refused(rng):
    x, a0, params = random_rnn(rng, 3, 4, 2, 5)
    a, cache = rnn_forward(x, a0, params)
    _, cell_cache = rnn_cell_forward(x[:, :, 0], a0, params)
    with pytest.raises(TypeError, match=r"^cache was made by rnn_forward, but .* needs rnn_cell_forward"):
        rnn_cell_backward(a0, cache)
    with pytest.raises(TypeError, match=r"^cache was made by rnn_cell_forward, but .* needs rnn_forward"):
        rnn_backward(a, cell_cache)
    with pytest.raises(ValueError, match=r"^da must have shape \(4, 2, 5\), the shape of rnn_forward's output"):
        rnn_backward(a[:, :, :-1], cache)
