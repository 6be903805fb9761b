"""Tests for dlspec.lstm: the LSTM cell gate by gate, and the stacked sequence (Course 5, Week 1).

Oracles: a step worked by hand; the per-gate cell (readable, one line per equation),
looped over the steps, for the stacked fast sequence; the package's gradient checker for
every input (xt, a_prev, c_prev, x, a0, c0) and parameter; and centred differences of a loss
on the last step, with the paths through a and through c opened one at a time, so that a
backward pass that dropped da_prev or dc_prev fails.
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward, numerical_gradient, relative_error
from dlspec.lstm import LSTM_PARAMS, lstm_backward, lstm_cell_backward, lstm_cell_forward, lstm_forward

#: (n_x, n_a, m, T_x): n_a != n_x, m = 1, T_x = 1.
SHAPES = [(3, 5, 2, 4), (1, 2, 1, 1), (4, 3, 1, 4), (2, 6, 3, 1), (5, 2, 2, 3)]
IDS = [f"nx{s[0]}-na{s[1]}-m{s[2]}-T{s[3]}" for s in SHAPES]


def random_lstm(rng, n_x, n_a, m, T_x, scale=0.7):
    """x, a0, c0 and the eight parameters, drawn at random."""
    params = {name: (scale if name.startswith("W") else 0.5) * rng.standard_normal(
        (n_a, n_a + n_x) if name.startswith("W") else (n_a, 1)) for name in LSTM_PARAMS}
    return (rng.standard_normal((n_x, m, T_x)), rng.standard_normal((n_a, m)),
            rng.standard_normal((n_a, m)), params)


def cells_forward(x, a0, c0, params):
    """The per-gate cell looped over the steps: a, c and the caches of every step."""
    a, c, caches = [], [], []
    a_prev, c_prev = a0, c0
    for t in range(x.shape[2]):
        a_prev, c_prev, cache = lstm_cell_forward(x[:, :, t], a_prev, c_prev, params)
        a.append(a_prev)
        c.append(c_prev)
        caches.append(cache)
    return np.stack(a, axis=2), np.stack(c, axis=2), caches


def cells_backward(da, caches):
    """The per-gate cell's backward pass looped from the last step to the first."""
    n_a, m, T_x = da.shape
    da_prev, dc_prev = np.zeros((n_a, m), da.dtype), np.zeros((n_a, m), da.dtype)
    dxs, total = [None] * T_x, None
    for t in reversed(range(T_x)):
        dxs[t], da_prev, dc_prev, grads = lstm_cell_backward(da[:, :, t] + da_prev, dc_prev, caches[t])
        total = grads if total is None else {k: total[k] + grads[k] for k in total}
    return np.stack(dxs, axis=2), da_prev, dc_prev, total


# --- by hand ----------------------------------------------------------------------------------


def hand_params():
    """n_a = n_x = 1; every weight 0 but Wc's input column: Gamma_f = 3/4, Gamma_i = 1/4, Gamma_o = 1/2."""
    zeros = np.zeros((1, 2))
    return {"Wf": zeros, "bf": np.array([[math.log(3)]]), "Wi": zeros, "bi": np.array([[-math.log(3)]]),
            "Wc": np.array([[0.0, 1.0]]), "bc": np.zeros((1, 1)), "Wo": zeros, "bo": np.zeros((1, 1))}


def test_lstm_step_by_hand():
    # c~ = tanh(x) = tanh(0.5); c = 3/4 * 2 + 1/4 tanh(0.5); a = 1/2 tanh(c)
    a_next, c_next, _ = lstm_cell_forward(np.array([[0.5]]), np.array([[-1.0]]), np.array([[2.0]]), hand_params())
    c = 0.75 * 2.0 + 0.25 * math.tanh(0.5)
    assert c_next[0, 0] == pytest.approx(c, rel=1e-15)
    assert a_next[0, 0] == pytest.approx(0.5 * math.tanh(c), rel=1e-15)


def test_lstm_backward_by_hand():
    _, c_next, cache = lstm_cell_forward(np.array([[0.5]]), np.array([[-1.0]]), np.array([[2.0]]), hand_params())
    c = c_next[0, 0]
    dxt, da_prev, dc_prev, grads = lstm_cell_backward(np.array([[1.0]]), np.array([[0.0]]), cache)
    dc = 0.5 * (1 - math.tanh(c) ** 2)  # from a = Gamma_o tanh(c)
    assert dc_prev[0, 0] == pytest.approx(0.75 * dc, rel=1e-14)  # dc Gamma_f
    assert dxt[0, 0] == pytest.approx(dc * 0.25 * (1 - math.tanh(0.5) ** 2), rel=1e-14)  # only Wc reads x
    assert da_prev[0, 0] == pytest.approx(0.0, abs=1e-300)  # no weight reads a_prev
    assert grads["dbo"][0, 0] == pytest.approx(math.tanh(c) * 0.25, rel=1e-14)  # dGamma_o sigma'
    assert grads["dbf"][0, 0] == pytest.approx(dc * 2.0 * 0.75 * 0.25, rel=1e-14)  # dc c_prev sigma'
    assert list(grads) == [f"d{name}" for name in LSTM_PARAMS]


def test_an_open_forget_gate_and_a_closed_input_gate_keep_the_memory(rng):
    x, a0, c0, params = random_lstm(rng, 3, 4, 2, 6)
    for gate, bias in (("f", 800.0), ("i", -800.0)):  # sigmoid is exactly 1 and 0 there
        params[f"W{gate}"][:] = 0.0
        params[f"b{gate}"][:] = bias
    _, c, _ = lstm_forward(x, a0, params, c0)
    np.testing.assert_array_equal(c, np.repeat(c0[:, :, None], 6, axis=2))


# --- the stacked sequence against the per-gate cell -------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_stacked_forward_equals_the_per_gate_cells(shape, rng):
    x, a0, c0, params = random_lstm(rng, *shape)
    a, c, _ = lstm_forward(x, a0, params, c0)
    a_ref, c_ref, _ = cells_forward(x, a0, c0, params)
    np.testing.assert_allclose(a, a_ref, rtol=1e-13, atol=1e-14, strict=True)
    np.testing.assert_allclose(c, c_ref, rtol=1e-13, atol=1e-14, strict=True)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_stacked_backward_equals_the_per_gate_cells(shape, rng):
    x, a0, c0, params = random_lstm(rng, *shape)
    a, _, cache = lstm_forward(x, a0, params, c0)
    da = rng.standard_normal(a.shape)
    dx, da0, dc0, grads = lstm_backward(da, cache)
    dx_ref, da0_ref, dc0_ref, grads_ref = cells_backward(da, cells_forward(x, a0, c0, params)[2])
    for got, expected in ((dx, dx_ref), (da0, da0_ref), (dc0, dc0_ref)):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-13, strict=True)
    assert list(grads) == list(grads_ref)
    for key in grads:
        np.testing.assert_allclose(grads[key], grads_ref[key], rtol=1e-12, atol=1e-13, strict=True)


def test_stacked_equals_the_per_gate_cells_in_float32(rng):
    x, a0, c0, params = random_lstm(rng, 8, 16, 4, 12)
    x, a0, c0 = x.astype(np.float32), a0.astype(np.float32), c0.astype(np.float32)
    params = {k: v.astype(np.float32) for k, v in params.items()}
    a, c, cache = lstm_forward(x, a0, params, c0)
    a_ref, c_ref, caches = cells_forward(x, a0, c0, params)
    assert a.dtype == c.dtype == np.float32
    np.testing.assert_allclose(a, a_ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, c_ref, rtol=1e-5, atol=1e-5)
    da = rng.standard_normal(a.shape).astype(np.float32)
    got, ref = lstm_backward(da, cache), cells_backward(da, caches)
    for g, r in zip(got[:3], ref[:3], strict=True):
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, r, rtol=1e-4, atol=1e-5)
    for key in got[3]:
        assert got[3][key].dtype == np.float32
        np.testing.assert_allclose(got[3][key], ref[3][key], rtol=1e-4, atol=1e-5)


def test_c0_defaults_to_zeros(rng):
    x, a0, _, params = random_lstm(rng, 3, 4, 2, 3)
    a, c, _ = lstm_forward(x, a0, params)
    a_zero, c_zero, _ = lstm_forward(x, a0, params, np.zeros((4, 2)))
    np.testing.assert_array_equal(a, a_zero)
    np.testing.assert_array_equal(c, c_zero)


def test_the_returned_states_are_not_the_cache(rng):
    # Changing the returned a or c must not change what the backward pass computes.
    x, a0, c0, params = random_lstm(rng, 3, 4, 2, 3)
    a, c, cache = lstm_forward(x, a0, params, c0)
    da = rng.standard_normal(a.shape)
    before = lstm_backward(da, cache)
    a[:] = 0.0
    c[:] = 0.0
    after = lstm_backward(da, cache)
    for b, f in zip(before[:3], after[:3], strict=True):
        np.testing.assert_array_equal(b, f)


# --- gradient checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_cell_gradient_check_for_all_three_inputs_and_the_parameters(shape, rng):
    # The loss sum(a_next * G_a) + sum(c_next * G_c): its gradients are what
    # lstm_cell_backward(G_a, G_c, cache) returns (the parameters' times m).
    n_x, n_a, m, _ = shape
    x, a_prev, c_prev, params = random_lstm(rng, n_x, n_a, m, 1)
    xt = x[:, :, 0].copy()
    G_a, G_c = rng.standard_normal((n_a, m)), rng.standard_normal((n_a, m))

    def loss():
        a_next, c_next, _ = lstm_cell_forward(xt, a_prev, c_prev, params)
        return np.sum(a_next * G_a) + np.sum(c_next * G_c)

    _, _, cache = lstm_cell_forward(xt, a_prev, c_prev, params)
    dxt, da_prev, dc_prev, grads = lstm_cell_backward(G_a, G_c, cache)
    for got, variable in ((dxt, xt), (da_prev, a_prev), (dc_prev, c_prev)):
        assert relative_error(got, numerical_gradient(loss, variable)) < 1e-7
    for name, value in params.items():
        assert relative_error(m * grads[f"d{name}"], numerical_gradient(loss, value)) < 1e-7, name


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_bptt_gradient_check(shape, rng):
    x, a0, c0, params = random_lstm(rng, *shape)

    def backward(d, cache):
        dx, _, _, grads = lstm_backward(d, cache)
        return dx, grads

    errors = check_backward(lambda v, p: lstm_forward(v, a0, p, c0)[::2], backward, x, params, rng=rng)
    assert max(errors.values()) < 1e-7, errors
    errors = check_backward(lambda v: lstm_forward(x, v, params, c0)[::2],
                            lambda d, c: (lstm_backward(d, c)[1], {}), a0, rng=rng)
    assert errors["x"] < 1e-7, errors
    errors = check_backward(lambda v: lstm_forward(x, a0, params, v)[::2],
                            lambda d, c: (lstm_backward(d, c)[2], {}), c0, rng=rng)
    assert errors["x"] < 1e-7, errors


def last_step_check(x, a0, c0, params, rng):
    """dx, da0, dc0 of a loss on the last output only, each compared with centred differences."""
    n_a, m = a0.shape
    G = rng.standard_normal((n_a, m))
    a, _, cache = lstm_forward(x, a0, params, c0)
    da = np.zeros(a.shape)
    da[:, :, -1] = G
    dx, da0, dc0, _ = lstm_backward(da, cache)
    loss = lambda: np.sum(lstm_forward(x, a0, params, c0)[0][:, :, -1] * G)  # noqa: E731
    for got, variable in ((dx, x), (da0, a0), (dc0, c0)):
        # centred differences carry ~1e-10 of rounding: small entries are compared absolutely
        np.testing.assert_allclose(got, numerical_gradient(loss, variable), rtol=1e-6, atol=1e-9)
    return dx


@pytest.mark.parametrize("path", ["both", "only through a", "only through c"])
def test_the_gradient_reaches_the_first_input_through_the_carried_states(path, rng):
    # A loss on the last output only. "only through a": the forget gate is shut (Gamma_f = 0),
    # so c<t-1> never reaches c<t>, and the old state acts through the weights on a<t-1>; a
    # backward pass that dropped da_prev gives dx<1> = 0. "only through c": the weights on
    # a<t-1> are 0, so x<1> reaches the end only along the memory; dropping dc_prev gives 0.
    x, a0, c0, params = random_lstm(rng, 3, 4, 2, 4, scale=1.0)
    n_a = 4
    if path == "only through a":
        params["Wf"][:] = 0.0
        params["bf"][:] = -800.0
    elif path == "only through c":
        for gate in "fico":
            params[f"W{gate}"][:, :n_a] = 0.0
        params["bf"][:] = 2.0  # keep the memory mostly open
    dx = last_step_check(x, a0, c0, params, rng)
    assert np.max(np.abs(dx[:, :, 0])) > 1e-4


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda x, a0, c0, p: lstm_forward(x[:, :, 0], a0, p, c0),
         r"^x must have shape \(n_x, m, T_x\) \(one time step of shape \(n_x, m\) as x\[:, :, None\]\)"),
        (lambda x, a0, c0, p: lstm_forward(x, a0, p, c0.T),
         r"^c0 must have shape \(4, 2\) \(n_a, m\) to match Wf of shape \(4, 7\) and x of shape \(3, 2, 5\), got \(2, 4\)"),
        (lambda x, a0, c0, p: lstm_forward(x, a0[:3], p, c0), r"^a0 must have shape \(4, 2\)"),
        (lambda x, a0, c0, p: lstm_forward(x[:, :0], a0, p, c0), r"^x must hold at least one example"),
        (lambda x, a0, c0, p: lstm_forward(x, a0, {**p, "Wo": p["Wo"][:3]}, c0),
         r"^Wo must have shape \(4, 7\) = \(n_a, n_a \+ n_x\) for n_a = 4 \(the rows of Wf\) and n_x = 3"),
        (lambda x, a0, c0, p: lstm_forward(x, a0, {**p, "bi": p["bi"][:, 0]}, c0), r"^bi must have shape \(4, 1\)"),
        (lambda x, a0, c0, p: lstm_forward(x, a0, {k: v for k, v in p.items() if k != "bo"}, c0),
         r"^params is missing key\(s\) \['bo'\]"),
    ],
    ids=["x 2-D", "c0 transposed", "a0 of another n_a", "m = 0", "Wo of another n_a", "bi rank-1", "no bo"],
)
def test_bad_input_is_refused(call, match, rng):
    x, a0, c0, params = random_lstm(rng, 3, 4, 2, 5)
    with pytest.raises(ValueError, match=match):
        call(x, a0, c0, params)


def test_c_prev_is_required_by_the_cell(rng):
    x, a0, _, params = random_lstm(rng, 3, 4, 2, 1)
    with pytest.raises(TypeError, match=r"^c_prev must be a numeric"):
        lstm_cell_forward(x[:, :, 0], a0, None, params)


def test_a_cache_of_another_block_and_a_wrong_upstream_are_refused(rng):
    x, a0, c0, params = random_lstm(rng, 3, 4, 2, 5)
    a, _, cache = lstm_forward(x, a0, params, c0)
    _, _, cell_cache = lstm_cell_forward(x[:, :, 0], a0, c0, params)
    with pytest.raises(TypeError, match=r"^cache was made by lstm_cell_forward, but .* needs lstm_forward"):
        lstm_backward(a, cell_cache)
    with pytest.raises(ValueError, match=r"^da must have shape \(4, 2, 5\), the shape of lstm_forward's output"):
        lstm_backward(a[:, :, 1:], cache)
    with pytest.raises(ValueError, match=r"^dc_next must have shape \(4, 2\)"):
        lstm_cell_backward(a0, a0.T, cell_cache)
