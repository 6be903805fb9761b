"""Tests for dlspec.optimizers (optimisers, EWA, learning-rate schedules; Course 2 Week 2)."""

import numpy as np
import pytest

from dlspec.optimizers import (
    Adam,
    GradientDescent,
    Momentum,
    RMSprop,
    check_optimizer,
    ewa,
    exponential_decay,
    inverse_time_decay,
    sqrt_decay,
    staircase_decay,
)

OPTIMIZERS = [GradientDescent, Momentum, RMSprop, Adam]
#: The public state of each optimiser: dicts of arrays keyed by parameter name.
STATE = {GradientDescent: (), Momentum: ("v",), RMSprop: ("s",), Adam: ("v", "s")}


@pytest.fixture
def two_steps():
    """W and two gradients chosen so that every square root below is a round number.

    With beta = 0.96, (1 - beta) = 0.2**2 and 0.96 * 5**2 + 1**2 = 5**2,
    0.96 * 5**2 + 5**2 = 7**2, 0.96 * 10**2 + 2**2 = 10**2.
    """
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    g1 = np.array([[5.0, -5.0], [0.0, 10.0]])
    g2 = np.array([[1.0, 5.0], [3.0, 2.0]])
    return W, g1, g2


def run_two_steps(opt, W, g1, g2):
    W1 = opt.step({"W": W}, {"dW": g1})["W"]
    W2 = opt.step({"W": W1}, {"dW": g2})["W"]
    return W1, W2


# --- hand-computed steps ---------------------------------------------------------------------


def test_gradient_descent_by_hand(two_steps):
    W, g1, g2 = two_steps
    W1, W2 = run_two_steps(GradientDescent(0.1), W, g1, g2)
    np.testing.assert_allclose(W1, [[0.5, 2.5], [3.0, 3.0]], rtol=1e-14, strict=True)
    np.testing.assert_allclose(W2, [[0.4, 2.0], [2.7, 2.8]], rtol=1e-14, strict=True)


def test_momentum_by_hand(two_steps):
    # v1 = 0.1 g1 = [[.5, -.5], [0, 1]];  W1 = W - 0.1 v1
    # v2 = 0.9 v1 + 0.1 g2 = [[.55, .05], [.3, 1.1]];  W2 = W1 - 0.1 v2
    W, g1, g2 = two_steps
    opt = Momentum(0.1, beta=0.9)
    W1, W2 = run_two_steps(opt, W, g1, g2)
    np.testing.assert_allclose(W1, [[0.95, 2.05], [3.0, 3.9]], rtol=1e-14, strict=True)
    np.testing.assert_allclose(W2, [[0.895, 2.045], [2.97, 3.79]], rtol=1e-14, strict=True)
    np.testing.assert_allclose(opt.v["W"], [[0.55, 0.05], [0.3, 1.1]], rtol=1e-14, strict=True)


def test_rmsprop_by_hand(two_steps):
    # s1 = 0.04 g1^2 = [[1, 1], [0, 4]], sqrt + eps = [[2, 2], [1, 3]]
    #   W1 = W - 0.1 g1 / that = W - [[.25, -.25], [0, 1/3]]
    # s2 = 0.96 s1 + 0.04 g2^2 = [[1, 1.96], [.36, 4]], sqrt + eps = [[2, 2.4], [1.6, 3]]
    #   W2 = W1 - 0.1 g2 / that = W1 - [[.05, 5/24], [.1875, 1/15]]
    W, g1, g2 = two_steps
    opt = RMSprop(0.1, beta=0.96, epsilon=1.0)
    W1, W2 = run_two_steps(opt, W, g1, g2)
    np.testing.assert_allclose(W1, [[0.75, 2.25], [3.0, 11 / 3]], rtol=1e-14, strict=True)
    np.testing.assert_allclose(W2, [[0.7, 49 / 24], [2.8125, 3.6]], rtol=1e-14, strict=True)
    np.testing.assert_allclose(opt.s["W"], [[1.0, 1.96], [0.36, 4.0]], rtol=1e-14, strict=True)


def test_adam_by_hand(two_steps):
    # t = 1: v_hat = g1, s_hat = g1^2, so W1 = W - 0.1 g1 / (|g1| + 1)
    #   = W - [[1/12, -1/12], [0, 1/11]]
    # t = 2: v2 = [[.55, .05], [.3, 1.1]], v_hat = v2 / 0.19;
    #   s2 = [[1, 1.96], [.36, 4]], sqrt(s_hat) = sqrt(s2) / 0.28 = [[25/7, 5], [15/7, 50/7]]
    W, g1, g2 = two_steps
    opt = Adam(0.1, beta1=0.9, beta2=0.96, epsilon=1.0)
    W1, W2 = run_two_steps(opt, W, g1, g2)
    expected1 = [[1 - 1 / 12, 2 + 1 / 12], [3.0, 4 - 1 / 11]]
    np.testing.assert_allclose(W1, expected1, rtol=1e-14, strict=True)
    step2 = 0.1 * np.array(
        [[55 / 19 * 7 / 32, 5 / 19 / 6], [30 / 19 * 7 / 22, 110 / 19 * 7 / 57]]
    )
    np.testing.assert_allclose(W2, np.array(expected1) - step2, rtol=1e-13, strict=True)
    assert opt.t == 2
    np.testing.assert_allclose(opt.v["W"], [[0.55, 0.05], [0.3, 1.1]], rtol=1e-14, strict=True)
    np.testing.assert_allclose(opt.s["W"], [[1.0, 1.96], [0.36, 4.0]], rtol=1e-14, strict=True)


def test_adam_steps_have_size_alpha_for_a_constant_gradient(rng):
    """Bias correction: v_hat = g and s_hat = g**2 exactly, from the very first step."""
    g = rng.uniform(0.5, 5.0, (3, 4)) * rng.choice([-1.0, 1.0], (3, 4))
    W = rng.standard_normal((3, 4))
    opt = Adam(0.01)
    for _ in range(3):
        W_new = opt.step({"W": W}, {"dW": g})["W"]
        np.testing.assert_allclose(W - W_new, 0.01 * np.sign(g), rtol=1e-6, strict=True)
        W = W_new


def test_beta_zero_momentum_is_gradient_descent(rng):
    W, g = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    a = Momentum(0.3, beta=0.0).step({"W": W}, {"dW": g})["W"]
    b = GradientDescent(0.3).step({"W": W}, {"dW": g})["W"]
    np.testing.assert_allclose(a, b, rtol=1e-15, strict=True)


# --- the interface: state per key, no mutation, dtypes ---------------------------------------


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_state_is_kept_per_parameter_key(cls, rng):
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    together, alone = cls(0.01), {k: cls(0.01) for k in params}
    separate = dict(params)
    for _ in range(3):
        grads = {f"d{k}": rng.standard_normal(v.shape) for k, v in params.items()}
        params = together.step(params, {**grads, "dA0": np.ones((5, 5))})  # extra keys ignored
        for k in separate:
            separate[k] = alone[k].step({k: separate[k]}, {f"d{k}": grads[f"d{k}"]})[k]
    for k in params:
        np.testing.assert_allclose(params[k], separate[k], rtol=1e-14, strict=True)
    if cls is Adam:
        assert together.t == 3
    for state in STATE[cls]:
        assert set(getattr(together, state)) == {"W1", "b1"}


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_step_does_not_mutate_its_inputs(cls, rng):
    params = {"W": rng.standard_normal((2, 2)), "b": rng.standard_normal((2, 1))}
    grads = {"dW": rng.standard_normal((2, 2)), "db": rng.standard_normal((2, 1))}
    before = {**{k: v.copy() for k, v in params.items()}, **{k: v.copy() for k, v in grads.items()}}
    new = cls(0.1).step(params, grads)
    assert list(new) == ["W", "b"]
    for k, v in {**params, **grads}.items():
        np.testing.assert_array_equal(v, before[k], strict=True)
    assert all(new[k] is not params[k] for k in params)


@pytest.mark.parametrize("cls", OPTIMIZERS)
@pytest.mark.parametrize("grad_dtype", [np.float32, np.float64])
def test_float32_parameters_stay_float32(cls, grad_dtype, rng):
    W = rng.standard_normal((3, 2)).astype(np.float32)
    opt = cls(0.01)
    for _ in range(2):
        W = opt.step({"W": W}, {"dW": rng.standard_normal((3, 2)).astype(grad_dtype)})["W"]
    assert W.dtype == np.float32
    assert all(getattr(opt, s)["W"].dtype == np.float32 for s in STATE[cls])


@pytest.mark.parametrize(
    ("cls", "learning_rate", "steps"),
    [(GradientDescent, 0.1, 200), (Momentum, 0.1, 200), (RMSprop, 0.01, 500), (Adam, 0.05, 500)],
)
def test_optimizers_minimise_a_convex_quadratic(cls, learning_rate, steps):
    """f(W, b) = 1/2 sum h (W - C)^2 + 1/2 (b - 1)^2, with curvatures from 0.5 to 10."""
    h, C = np.array([[1.0, 10.0], [3.0, 0.5]]), np.array([[1.0, -2.0], [0.5, 3.0]])
    params = {"W": np.zeros((2, 2)), "b": np.zeros((2, 1))}

    def f(p):
        return 0.5 * np.sum(h * (p["W"] - C) ** 2) + 0.5 * np.sum((p["b"] - 1.0) ** 2)

    f0, opt = f(params), cls(learning_rate)
    for _ in range(steps):
        params = opt.step(params, {"dW": h * (params["W"] - C), "db": params["b"] - 1.0})
    assert f(params) < 1e-6 * f0
    np.testing.assert_allclose(params["W"], C, atol=1e-3)


def test_learning_rate_can_be_set_between_steps():
    opt = Adam(0.1)
    opt.learning_rate = inverse_time_decay(0.1, 1.0, 3)
    assert opt.learning_rate == pytest.approx(0.025)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        opt.learning_rate = 0.0
    assert opt.learning_rate == pytest.approx(0.025)  # unchanged by the failed assignment


def test_reset_forgets_the_state_and_allows_a_new_shape():
    opt = Adam(0.1)
    opt.step({"W": np.ones((2, 2))}, {"dW": np.ones((2, 2))})
    with pytest.raises(ValueError, match=r"params\['W'\] has shape \(3, 2\).* call reset\(\)"):
        opt.step({"W": np.ones((3, 2))}, {"dW": np.ones((3, 2))})
    assert opt.t == 1  # the failed step changed nothing
    opt.reset()
    assert (opt.t, opt.v, opt.s) == (0, {}, {})
    opt.step({"W": np.ones((3, 2))}, {"dW": np.ones((3, 2))})


def test_repr_shows_the_settings():
    assert repr(Momentum(0.01)) == "Momentum(learning_rate=0.01, beta=0.9)"
    assert repr(Adam(0.5, beta2=0.99)) == (
        "Adam(learning_rate=0.5, beta1=0.9, beta2=0.99, epsilon=1e-08)"
    )


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_learning_rate_errors(cls):
    with pytest.raises(ValueError, match=r"learning_rate must be a finite number in \[0.0, inf\]"):
        cls(-0.1)
    with pytest.raises(ValueError, match="learning_rate must be positive, got 0.0"):
        cls(0)
    with pytest.raises(TypeError, match="learning_rate must be a real number, got str"):
        cls("0.1")


@pytest.mark.parametrize("beta", [1.0, -0.1, 1.5])
def test_beta_errors(beta):
    with pytest.raises(ValueError, match=rf"beta must be in \[0, 1\), got {beta}"):
        Momentum(0.1, beta=beta)
    with pytest.raises(ValueError, match=rf"beta must be in \[0, 1\), got {beta}"):
        RMSprop(0.1, beta=beta)
    with pytest.raises(ValueError, match=rf"beta1 must be in \[0, 1\), got {beta}"):
        Adam(0.1, beta1=beta)
    with pytest.raises(ValueError, match=rf"beta2 must be in \[0, 1\), got {beta}"):
        Adam(0.1, beta2=beta)


def test_epsilon_errors():
    with pytest.raises(ValueError, match="epsilon must be positive"):
        RMSprop(0.1, epsilon=0.0)
    with pytest.raises(ValueError, match="epsilon must be a finite number"):
        Adam(0.1, epsilon=-1e-8)


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_step_errors(cls):
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1)), "W2": np.ones((1, 2))}
    grads = {"dW1": np.ones((2, 3)), "db1": np.ones((2, 1))}
    opt = cls(0.1)
    with pytest.raises(ValueError, match=r"grads is missing key\(s\) \['dW2'\]"):
        opt.step(params, grads)
    grads["dW2"] = np.ones((2, 1))
    with pytest.raises(
        ValueError, match=r"grads\['dW2'\] must have shape \(1, 2\) to match params\['W2'\]"
    ):
        opt.step(params, grads)
    with pytest.raises(TypeError, match="params must be a dict"):
        opt.step([np.ones(2)], grads)
    with pytest.raises(TypeError, match="grads must be a dict"):
        opt.step(params, [np.ones(2)])
    with pytest.raises(ValueError, match="params must not be empty"):
        opt.step({}, grads)
    with pytest.raises(TypeError, match=r"params\['W1'\] must be a numeric"):
        opt.step({"W1": "x"}, {"dW1": np.ones(1)})
    assert all(getattr(opt, s) == {} for s in STATE[cls])  # nothing was updated


# --- exponentially weighted averages -------------------------------------------------------


def test_ewa_by_hand():
    # v1 = 0.5, v2 = 0.25 + 1 = 1.25, v3 = 0.625 + 1.5 = 2.125
    np.testing.assert_allclose(ewa([1.0, 2.0, 3.0], 0.5), [0.5, 1.25, 2.125], strict=True)
    # corrected: 0.5 / 0.5, 1.25 / 0.75, 2.125 / 0.875
    corrected = ewa([1, 2, 3], 0.5, bias_correction=True)
    np.testing.assert_allclose(corrected, [1.0, 5 / 3, 17 / 7], rtol=1e-15, strict=True)


def test_bias_correction_makes_a_constant_its_own_average():
    values = np.full(50, 7.0)
    np.testing.assert_allclose(ewa(values, 0.9, bias_correction=True), values, rtol=1e-13)
    plain = ewa(values, 0.9)
    assert plain[0] == pytest.approx(0.7)  # 0.1 * 7: far too small at the start
    np.testing.assert_allclose(plain, 7.0 * (1 - 0.9 ** np.arange(1, 51)), rtol=1e-12)


def test_ewa_shapes_dtypes_and_beta_zero(rng):
    values = rng.standard_normal((20, 3)).astype(np.float32)
    out = ewa(values, 0.8)
    assert out.shape == (20, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out[:, 1], ewa(values[:, 1], 0.8), rtol=1e-6)
    np.testing.assert_array_equal(ewa(values, 0.0), values)


def test_ewa_errors():
    with pytest.raises(ValueError, match="values must be a non-empty sequence"):
        ewa(3.0, 0.9)
    with pytest.raises(ValueError, match="values must be a non-empty sequence"):
        ewa([], 0.9)
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\), got 1.0"):
        ewa([1.0], 1.0)
    with pytest.raises(TypeError, match="values must be a numeric"):
        ewa(["a"], 0.5)


# --- learning-rate schedules -------------------------------------------------------------


def test_schedules_by_hand():
    assert inverse_time_decay(0.2, 0.5, 0) == 0.2
    assert inverse_time_decay(0.2, 0.5, 2) == pytest.approx(0.1)  # 0.2 / 2
    assert inverse_time_decay(0.2, 0.0, 100) == 0.2
    # floor(2500 / 1000) = 2: 0.2 / (1 + 2)
    assert staircase_decay(0.2, 1.0, 2500, 1000) == pytest.approx(0.2 / 3)
    assert staircase_decay(0.2, 1.0, 999, 1000) == 0.2
    assert staircase_decay(0.2, 1.0, 1000, 1000) == pytest.approx(0.1)
    assert exponential_decay(0.2, 0.5, 3) == pytest.approx(0.025)  # 0.2 * 0.125
    assert exponential_decay(0.2, 1.0, 50) == 0.2
    assert sqrt_decay(0.2, 3.0, 4) == pytest.approx(0.3)  # 3 * 0.2 / 2
    assert sqrt_decay(0.2, 1.0, 1) == 0.2


def test_schedules_decrease():
    for schedule in (
        lambda t: inverse_time_decay(1.0, 0.3, t),
        lambda t: exponential_decay(1.0, 0.95, t),
        lambda t: sqrt_decay(1.0, 1.0, t + 1),
    ):
        rates = [schedule(t) for t in range(20)]
        assert all(a > b for a, b in zip(rates, rates[1:]))


def test_schedule_errors():
    with pytest.raises(ValueError, match="alpha0 must be positive"):
        inverse_time_decay(0.0, 1.0, 1)
    with pytest.raises(ValueError, match="decay_rate must be a finite number"):
        inverse_time_decay(0.1, -1.0, 1)
    with pytest.raises(ValueError, match="epoch must be an integer >= 0, got -1"):
        inverse_time_decay(0.1, 1.0, -1)
    with pytest.raises(TypeError, match="epoch must be an integer, got float"):
        staircase_decay(0.1, 1.0, 2.0, 10)
    with pytest.raises(ValueError, match="interval must be an integer >= 1, got 0"):
        staircase_decay(0.1, 1.0, 2, 0)
    with pytest.raises(ValueError, match=r"base must be in \(0, 1\], got 1.5"):
        exponential_decay(0.1, 1.5, 2)
    with pytest.raises(ValueError, match=r"base must be in \(0, 1\], got 0.0"):
        exponential_decay(0.1, 0.0, 2)
    with pytest.raises(ValueError, match="epoch must be an integer >= 1, got 0"):
        sqrt_decay(0.1, 1.0, 0)
    with pytest.raises(ValueError, match="k must be positive"):
        sqrt_decay(0.1, 0.0, 1)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_adam_is_the_textbook_update_with_its_v_and_s(dtype, rng):
    """Adam's state is the course's v and s, and each step is the course's formula."""
    alpha, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-3
    opt = Adam(alpha, beta1=beta1, beta2=beta2, epsilon=eps)
    params = {"W": rng.standard_normal((3, 4)).astype(dtype), "b": np.zeros((3, 1), dtype)}
    hand = {k: p.astype(np.float64) for k, p in params.items()}
    v = {k: np.zeros_like(p) for k, p in hand.items()}
    s = {k: np.zeros_like(p) for k, p in hand.items()}
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    for t in range(1, 7):
        grads = {"d" + k: rng.standard_normal(p.shape).astype(dtype) for k, p in params.items()}
        params = opt.step(params, grads)
        for k in hand:
            g = grads["d" + k].astype(np.float64)
            v[k] = beta1 * v[k] + (1 - beta1) * g
            s[k] = beta2 * s[k] + (1 - beta2) * g**2
            v_hat, s_hat = v[k] / (1 - beta1**t), s[k] / (1 - beta2**t)
            hand[k] = hand[k] - alpha * v_hat / (np.sqrt(s_hat) + eps)
        assert opt.t == t
        for k in hand:
            np.testing.assert_allclose(params[k], hand[k], rtol=rtol, atol=1e-7)
            np.testing.assert_allclose(opt.v[k], v[k], rtol=rtol, atol=1e-7)
            np.testing.assert_allclose(opt.s[k], s[k], rtol=rtol, atol=1e-9)
            assert params[k].dtype == opt.v[k].dtype == opt.s[k].dtype == dtype


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_check_optimizer_wants_an_instance(cls):
    opt = cls(0.1)
    assert check_optimizer(opt) is opt
    with pytest.raises(
        TypeError,
        match=rf"optimizer must be an instance such as {cls.__name__}\(0.01\), "
        rf"got the class {cls.__name__} itself",
    ):
        check_optimizer(cls)


class DuckSGD:
    """Has a step method, but is not a dlspec optimiser (no reset, no checked learning rate)."""

    def step(self, params, grads):
        return params


@pytest.mark.parametrize(
    ("value", "name"), [(0.01, "float"), (DuckSGD(), "DuckSGD"), (None, "NoneType")]
)
def test_check_optimizer_refuses_other_objects(value, name):
    with pytest.raises(
        TypeError,
        match=rf"optimizer must be a dlspec.optimizers object such as Adam\(0.01\), got {name}",
    ):
        check_optimizer(value)
