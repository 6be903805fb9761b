"""Tests for dlspec.gru: the course's GRU, one cell and a whole sequence (Course 5, Week 1).

Oracles: a step worked by hand, a plain loop of the course's equations written here (one
example at a time), PyTorch's form of the GRU written here in NumPy (equal to the course's
only when the reset gate is 1 and z = 1 - Gamma_u, as the module's docstring says), the
package's gradient checker, and centred differences of a loss on the last step.
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_backward, numerical_gradient, relative_error
from dlspec.gru import GRU_PARAMS, gru_backward, gru_cell_backward, gru_cell_forward, gru_forward

#: (n_x, n_a, m, T_x): n_a != n_x, m = 1, T_x = 1.
SHAPES = [(3, 5, 2, 4), (1, 2, 1, 1), (4, 3, 1, 4), (2, 6, 3, 1), (5, 2, 2, 3)]
IDS = [f"nx{s[0]}-na{s[1]}-m{s[2]}-T{s[3]}" for s in SHAPES]


def random_gru(rng, n_x, n_a, m, T_x, scale=0.7):
    params = {name: (scale if name.startswith("W") else 0.5) * rng.standard_normal(
        (n_a, n_a + n_x) if name.startswith("W") else (n_a, 1)) for name in GRU_PARAMS}
    return rng.standard_normal((n_x, m, T_x)), rng.standard_normal((n_a, m)), params


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def by_loop(x, a0, p):
    """The course's equations, one example and one step at a time."""
    n_x, m, T_x = x.shape
    n_a = a0.shape[0]
    a = np.zeros((n_a, m, T_x))
    for i in range(m):
        c = a0[:, i]
        for t in range(T_x):
            xt = x[:, i, t]
            both = np.concatenate([c, xt])
            r = sig(p["Wr"] @ both + p["br"][:, 0])
            u = sig(p["Wu"] @ both + p["bu"][:, 0])
            c_tilde = np.tanh(p["Wc"] @ np.concatenate([r * c, xt]) + p["bc"][:, 0])
            c = a[:, i, t] = u * c_tilde + (1 - u) * c
    return a


def pytorch_form(x, h0, W_ih, W_hh, b_ih, b_hh):
    """PyTorch's nn.GRU equations (gates r, z, n stacked in that order), in NumPy."""
    n_a = h0.shape[0]
    h, out = h0, []
    for t in range(x.shape[2]):
        gi, gh = W_ih @ x[:, :, t] + b_ih, W_hh @ h + b_hh
        r = sig(gi[:n_a] + gh[:n_a])
        z = sig(gi[n_a : 2 * n_a] + gh[n_a : 2 * n_a])
        n = np.tanh(gi[2 * n_a :] + r * gh[2 * n_a :])  # the reset gate after the product
        h = (1 - z) * n + z * h  # z multiplies the old state
        out.append(h)
    return np.stack(out, axis=2)


# --- by hand ----------------------------------------------------------------------------------


def test_gru_step_by_hand():
    # Gamma_r = sigmoid(-ln 3) = 1/4, Gamma_u = sigmoid(ln 3) = 3/4 (weights of both gates 0);
    # c~ = tanh(2 * (1/4 * 2) + 1 * 0.5) = tanh(1.5); c = 3/4 tanh(1.5) + 1/4 * 2.
    params = {"Wr": np.zeros((1, 2)), "br": np.array([[-math.log(3)]]),
              "Wu": np.zeros((1, 2)), "bu": np.array([[math.log(3)]]),
              "Wc": np.array([[2.0, 1.0]]), "bc": np.zeros((1, 1))}
    a_next, cache = gru_cell_forward(np.array([[0.5]]), np.array([[2.0]]), params)
    assert a_next[0, 0] == pytest.approx(0.75 * math.tanh(1.5) + 0.25 * 2.0, rel=1e-15)
    assert cache["gamma_r"][0, 0] == pytest.approx(0.25, rel=1e-15)
    assert cache["gamma_u"][0, 0] == pytest.approx(0.75, rel=1e-15)
    # Backward from da = 1: the direct path gives 1 - Gamma_u = 1/4 to da_prev; the candidate
    # adds Gamma_u tanh'(1.5) * 2 * Gamma_r, the update gate (c~ - c_prev) sigma'(z_u) * 0,
    # and the reset gate 0 (its weights are 0).
    dxt, da_prev, grads = gru_cell_backward(np.array([[1.0]]), cache)
    dz_c = 0.75 * (1 - math.tanh(1.5) ** 2)
    assert da_prev[0, 0] == pytest.approx(0.25 + dz_c * 2.0 * 0.25, rel=1e-14)
    assert dxt[0, 0] == pytest.approx(dz_c * 1.0, rel=1e-14)
    assert grads["dbc"][0, 0] == pytest.approx(dz_c, rel=1e-14)
    assert grads["dbu"][0, 0] == pytest.approx((math.tanh(1.5) - 2.0) * 0.75 * 0.25, rel=1e-14)
    np.testing.assert_allclose(grads["dWc"], [[dz_c * 0.5, dz_c * 0.5]], rtol=1e-14)  # [Γr c; x] = [0.5; 0.5]


def test_a_closed_update_gate_keeps_the_memory(rng):
    # Gamma_u = 0: c<t> = c<t-1> at every step, and the whole gradient passes back unchanged.
    x, a0, params = random_gru(rng, 3, 4, 2, 6)
    params["Wu"][:] = 0.0
    params["bu"][:] = -800.0  # sigmoid(-800) == 0 exactly in float64
    a, cache = gru_forward(x, a0, params)
    np.testing.assert_array_equal(a, np.repeat(a0[:, :, None], 6, axis=2))
    da = rng.standard_normal(a.shape)
    dx, da0, _ = gru_backward(da, cache)
    np.testing.assert_allclose(da0, da.sum(axis=2), rtol=1e-13)
    np.testing.assert_array_equal(dx, np.zeros(x.shape))


# --- the sequence against the loop, and PyTorch's form --------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_forward_equals_the_plain_loop(shape, rng):
    x, a0, params = random_gru(rng, *shape)
    a, _ = gru_forward(x, a0, params)
    np.testing.assert_allclose(a, by_loop(x, a0, params), rtol=1e-13, atol=1e-14, strict=True)


def test_pytorch_s_form_is_the_course_s_with_reset_one_and_z_one_minus_update(rng):
    n_x, n_a = 3, 4
    x, a0, params = random_gru(rng, n_x, n_a, 2, 5)
    params["Wr"][:] = 0.0
    params["br"][:] = 800.0  # Gamma_r == 1 exactly: the reset gate's placement cannot matter
    Wa = {g: params[f"W{g}"][:, :n_a] for g in "ruc"}
    Wx = {g: params[f"W{g}"][:, n_a:] for g in "ruc"}
    # r, z, n stacked; z = 1 - Gamma_u = sigmoid(-(...)); the course's bias goes in b_ih.
    W_ih = np.concatenate([Wx["r"], -Wx["u"], Wx["c"]])
    W_hh = np.concatenate([Wa["r"], -Wa["u"], Wa["c"]])
    b_ih = np.concatenate([params["br"], -params["bu"], params["bc"]])
    b_hh = np.zeros((3 * n_a, 1))
    a, _ = gru_forward(x, a0, params)
    np.testing.assert_allclose(pytorch_form(x, a0, W_ih, W_hh, b_ih, b_hh), a, rtol=1e-12, atol=1e-14)
    # With a reset gate that is not 1, the two forms differ: the gate acts before or after Wc.
    params["Wr"] = rng.standard_normal(params["Wr"].shape)
    params["br"][:] = 0.0
    W_ih[:n_a], W_hh[:n_a] = params["Wr"][:, n_a:], params["Wr"][:, :n_a]
    b_ih[:n_a] = 0.0
    b_hh[2 * n_a :] = 0.3
    a, _ = gru_forward(x, a0, params)
    assert np.max(np.abs(pytorch_form(x, a0, W_ih, W_hh, b_ih, b_hh) - a)) > 1e-3


# --- gradient checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_cell_gradient_check_for_both_inputs_and_the_parameters(shape, rng):
    n_x, n_a, m, _ = shape
    x, a_prev, params = random_gru(rng, n_x, n_a, m, 1)
    xt = x[:, :, 0].copy()
    errors = check_backward(lambda v, p: gru_cell_forward(v, a_prev, p),
                            lambda d, c: (gru_cell_backward(d, c)[0], gru_cell_backward(d, c)[2]),
                            xt, params, rng=rng)
    assert max(errors.values()) < 1e-7, errors
    errors = check_backward(lambda v: gru_cell_forward(xt, v, params),
                            lambda d, c: gru_cell_backward(d, c)[1:], a_prev, rng=rng)
    assert errors["x"] < 1e-7, errors


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_bptt_gradient_check(shape, rng):
    x, a0, params = random_gru(rng, *shape)
    errors = check_backward(lambda v, p: gru_forward(v, a0, p),
                            lambda d, c: (gru_backward(d, c)[0], gru_backward(d, c)[2]),
                            x, params, rng=rng)
    assert max(errors.values()) < 1e-7, errors
    errors = check_backward(lambda v: gru_forward(x, v, params),
                            lambda d, c: gru_backward(d, c)[1:], a0, rng=rng)
    assert errors["x"] < 1e-7, errors


@pytest.mark.parametrize("T_x", [2, 5])
def test_the_gradient_reaches_the_first_input_through_the_carried_state(T_x, rng):
    # Dropping the carried da_prev would leave dx<1> = 0 for a loss on the last step only.
    x, a0, params = random_gru(rng, 3, 4, 2, T_x)
    G = rng.standard_normal((4, 2))
    a, cache = gru_forward(x, a0, params)
    da = np.zeros(a.shape)
    da[:, :, -1] = G
    dx, da0, _ = gru_backward(da, cache)
    loss = lambda: np.sum(gru_forward(x, a0, params)[0][:, :, -1] * G)  # noqa: E731
    numeric = numerical_gradient(loss, x)
    assert np.max(np.abs(dx[:, :, 0])) > 1e-3
    assert relative_error(dx[:, :, 0], numeric[:, :, 0]) < 1e-7
    assert relative_error(da0, numerical_gradient(loss, a0)) < 1e-7


# --- dtypes and errors ------------------------------------------------------------------------------


def test_float32_stays_float32(rng):
    x, a0, params = random_gru(rng, 3, 4, 2, 5)
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    a, cache = gru_forward(x.astype(np.float32), a0.astype(np.float32), p32)
    assert a.dtype == np.float32
    dx, da0, grads = gru_backward(np.ones(a.shape, np.float32), cache)
    assert dx.dtype == da0.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
    np.testing.assert_allclose(a, gru_forward(x, a0, params)[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda x, a0, p: gru_forward(x[:, :, 0], a0, p),
         r"^x must have shape \(n_x, m, T_x\) \(one time step of shape \(n_x, m\) as x\[:, :, None\]\), got \(3, 2\)"),
        (lambda x, a0, p: gru_forward(x, a0[:, :1], p),
         r"^a0 must have shape \(4, 2\) \(n_a, m\) to match Wr of shape \(4, 7\) and x of shape \(3, 2, 5\)"),
        (lambda x, a0, p: gru_forward(x[:2], a0, p),
         r"^Wr must have shape \(4, 6\) = \(n_a, n_a \+ n_x\) for n_a = 4 \(the rows of Wr\) and n_x = 2 "
         r"\(the rows of the input\), got \(4, 7\)"),
        (lambda x, a0, p: gru_forward(x, a0, {**p, "bc": p["bc"].T}),
         r"^bc must have shape \(4, 1\) = \(n_a, 1\) for n_a = 4"),
        (lambda x, a0, p: gru_forward(x, a0, {**p, "Wu": p["Wu"][:, :6]}),
         r"^Wu must have shape \(4, 7\) = \(n_a, n_a \+ n_x\)"),
        (lambda x, a0, p: gru_cell_forward(x, a0, p), r"^xt must have shape \(n_x, m\)"),
        (lambda x, a0, p: gru_forward(x, a0, {k: v for k, v in p.items() if k != "Wr"}),
         r"^params is missing key\(s\) \['Wr'\]"),
    ],
    ids=["x 2-D", "a0 of another m", "x of another n_x", "bc a row", "Wu of another n_x", "xt 3-D", "no Wr"],
)
def test_bad_shapes_are_refused(call, match, rng):
    x, a0, params = random_gru(rng, 3, 4, 2, 5)
    with pytest.raises(ValueError, match=match):
        call(x, a0, params)
