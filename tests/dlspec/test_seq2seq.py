"""Tests for dlspec.seq2seq: the encoder-decoder with attention of the date lesson (Course 5, Week 3).

Oracles: the model assembled in the test from the per-gate LSTM cell (looped over the steps,
the right-to-left encoder by reversed indices), attention written as plain loops over the
examples and input steps, and the output layer as one matrix product per step; the package's
gradient checker on tiny models of odd shapes (m = 1, T_x = 1, T_y = 1, T_x != T_y), with and
without a mask; and a short training run on a toy task.
"""

import math

import numpy as np
import pytest

from dlspec.gradcheck import check_gradients
from dlspec.language_model import sequence_softmax_cross_entropy, sequence_softmax_cross_entropy_backward
from dlspec.lstm import lstm_cell_forward
from dlspec.optimizers import Adam
from dlspec.seq2seq import SEQ2SEQ_PARAMS, init_seq2seq, seq2seq_backward, seq2seq_forward, translate

#: (n_x, n_y, n_a, n_s, n_e, m, T_x, T_y)
SHAPES = [(5, 4, 2, 3, 2, 3, 4, 3), (3, 2, 1, 2, 1, 1, 1, 2), (4, 3, 3, 2, 3, 2, 5, 1), (6, 5, 2, 4, 3, 1, 3, 4)]
IDS = ["nx{}-ny{}-na{}-ns{}-ne{}-m{}-Tx{}-Ty{}".format(*s) for s in SHAPES]


def random_model(rng, n_x, n_y, n_a, n_s, n_e, m, T_x, T_y, scale=1.0):
    """One-hot inputs, a mask with padding after a random length, and perturbed parameters."""
    params = init_seq2seq(n_x, n_y, n_a=n_a, n_s=n_s, n_e=n_e, rng=rng)
    params = {k: v + scale * rng.standard_normal(v.shape) for k, v in params.items()}
    x = np.eye(n_x)[:, rng.integers(n_x, size=(m, T_x))]  # (n_x, m, T_x)
    lengths = rng.integers(1, T_x + 1, size=m)
    mask = (np.arange(T_x) < lengths[:, None]).astype(float)
    return x, params, mask


def part(params, suffix):
    return {k[: -len(suffix) - 1]: v for k, v in params.items() if k.endswith("_" + suffix)}


def model_by_loops(x, params, T_y, mask):
    """The model, step by step, from the per-gate cell and attention written as loops."""
    n_x, m, T_x = x.shape
    n_a, n_s = params["Wf_fw"].shape[0], params["Wf_dec"].shape[0]
    encoded = {}
    for direction, steps in (("fw", range(T_x)), ("bw", reversed(range(T_x)))):
        a_prev = c_prev = np.zeros((n_a, m))
        for t in steps:
            a_prev, c_prev, _ = lstm_cell_forward(x[:, :, t], a_prev, c_prev, part(params, direction))
            encoded[direction, t] = a_prev
    a = [np.concatenate([encoded["fw", t], encoded["bw", t]]) for t in range(T_x)]  # (2 n_a, m) each
    s = c = np.zeros((n_s, m))
    logits, alphas = np.zeros((params["Wy"].shape[0], m, T_y)), np.zeros((m, T_y, T_x))
    for t in range(T_y):
        context = np.zeros((2 * n_a, m))
        for i in range(m):
            energies = {}
            for tp in range(T_x):
                if mask[i, tp]:
                    column = np.concatenate([s[:, i], a[tp][:, i]])[:, None]
                    h = np.tanh(params["W1_att"] @ column + params["b1_att"])
                    energies[tp] = (params["W2_att"] @ h + params["b2_att"]).item()
            total = sum(math.exp(e) for e in energies.values())
            for tp, e in energies.items():
                alphas[i, t, tp] = math.exp(e) / total
                context[:, i] += alphas[i, t, tp] * a[tp][:, i]
        s, c, _ = lstm_cell_forward(context, s, c, part(params, "dec"))
        logits[:, :, t] = params["Wy"] @ s + params["by"]
    return logits, alphas


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_forward_equals_the_model_built_from_loops(shape, rng):
    x, params, mask = random_model(rng, *shape)
    T_y = shape[-1]
    logits, alphas, _ = seq2seq_forward(x, params, T_y=T_y, mask=mask)
    logits_ref, alphas_ref = model_by_loops(x, params, T_y, mask)
    np.testing.assert_allclose(alphas, alphas_ref, rtol=1e-12, atol=1e-14, strict=True)
    np.testing.assert_allclose(logits, logits_ref, rtol=1e-12, atol=1e-13, strict=True)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
@pytest.mark.parametrize("masked", [False, True], ids=["no-mask", "mask"])
def test_gradient_check(shape, masked, rng):
    # loss = sum(logits * G) / m: seq2seq_backward(G, cache) gives its gradients. Weights
    # moderate enough that no LSTM saturates, and larger attention weights (otherwise nearly
    # uniform), so that every gradient is well above the finite differences' rounding noise.
    x, params, mask = random_model(rng, *shape, scale=0.5)
    params["W1_att"] *= 2.0
    params["W2_att"] *= 6.0
    params["Wc_dec"] *= 2.0
    mask = mask if masked else None
    T_y, m = shape[-1], shape[5]
    G = rng.standard_normal((shape[1], m, T_y))
    _, _, cache = seq2seq_forward(x, params, T_y=T_y, mask=mask)
    grads = seq2seq_backward(G, cache)
    assert list(grads) == [f"d{k}" for k in SEQ2SEQ_PARAMS]
    assert abs(grads["db2_att"].item()) < 1e-12  # the softmax cancels b2
    checked = {k: v for k, v in params.items() if k != "b2_att"}

    def loss():
        return np.sum(seq2seq_forward(x, {**params, **checked}, T_y=T_y, mask=mask)[0] * G) / m

    assert check_gradients(loss, checked, grads, eps=1e-5) < 1e-7


def test_the_cost_of_one_example_does_not_depend_on_the_batch(rng):
    # Gradients are of the mean cost: a batch's gradient is the mean of its examples'.
    x, params, mask = random_model(rng, 5, 4, 2, 3, 2, 3, 4, 3, scale=0.3)
    Y = np.eye(4)[:, rng.integers(4, size=(3, 3))]

    def grads_of(cols):
        logits, _, cache = seq2seq_forward(x[:, cols], params, T_y=3, mask=mask[cols])
        return seq2seq_backward(sequence_softmax_cross_entropy_backward(logits, Y[:, cols]), cache)

    batch = grads_of([0, 1, 2])
    alone = [grads_of([i]) for i in range(3)]
    for key in batch:
        np.testing.assert_allclose(batch[key], sum(g[key] for g in alone) / 3, rtol=1e-10, atol=1e-14)


def test_translate_is_the_argmax_and_the_weights_are_distributions(rng):
    x, params, mask = random_model(rng, 6, 5, 3, 4, 3, 4, 6, 5)
    tokens, alphas = translate(x, params, T_y=5, mask=mask)
    logits, _, _ = seq2seq_forward(x, params, T_y=5, mask=mask)
    assert tokens.shape == (4, 5) and tokens.dtype == np.int64
    for i in range(4):
        for t in range(5):
            assert tokens[i, t] == max(range(5), key=lambda k: logits[k, i, t])
    np.testing.assert_allclose(alphas.sum(axis=2), np.ones((4, 5)), rtol=1e-13)
    assert np.all(alphas[np.broadcast_to(mask[:, None, :] == 0, alphas.shape)] == 0.0)


def test_float32_stays_float32(rng):
    x, params, mask = random_model(rng, 5, 4, 3, 4, 2, 3, 4, 3, scale=0.3)
    params32 = {k: v.astype(np.float32) for k, v in params.items()}
    logits, alphas, cache = seq2seq_forward(x.astype(np.float32), params32, T_y=3, mask=mask)
    assert logits.dtype == alphas.dtype == np.float32
    logits64, _, cache64 = seq2seq_forward(x, params, T_y=3, mask=mask)
    np.testing.assert_allclose(logits, logits64, rtol=1e-4, atol=1e-5)
    G = rng.standard_normal(logits.shape)
    grads, grads64 = seq2seq_backward(G.astype(np.float32), cache), seq2seq_backward(G, cache64)
    for key, g in grads.items():
        assert g.dtype == np.float32, key
        np.testing.assert_allclose(g, grads64[key], rtol=1e-3, atol=1e-5)
    assert all(v.dtype == np.float32 for v in init_seq2seq(3, 2, n_a=2, n_s=2, rng=rng, dtype=np.float32).values())


def test_init_shapes_and_the_forget_bias():
    params = init_seq2seq(7, 5, n_a=3, n_s=4, n_e=6, rng=np.random.default_rng(1))
    assert list(params) == list(SEQ2SEQ_PARAMS)
    assert params["Wf_fw"].shape == params["Wf_bw"].shape == (3, 3 + 7)
    assert params["W1_att"].shape == (6, 4 + 2 * 3) and params["W2_att"].shape == (1, 6)
    assert params["Wo_dec"].shape == (4, 4 + 2 * 3)
    assert params["Wy"].shape == (5, 4) and params["by"].shape == (5, 1)
    for suffix in ("fw", "bw", "dec"):
        np.testing.assert_array_equal(params[f"bf_{suffix}"], 1.0)
        np.testing.assert_array_equal(params[f"bi_{suffix}"], 0.0)


def test_a_short_training_run_learns_to_reverse():
    # Reverse strings of 3 symbols out of 4: 64 examples, 150 Adam steps on the whole batch.
    rng = np.random.default_rng(5)
    labels = np.array(np.meshgrid(*[range(4)] * 3, indexing="ij")).reshape(3, -1).T  # (64, 3)
    x, Y = np.eye(4)[:, labels], np.eye(4)[:, labels[:, ::-1]]
    params, optimizer = init_seq2seq(4, 4, n_a=8, n_s=12, n_e=6, rng=rng), Adam(0.02)
    costs = []
    for _ in range(150):
        logits, _, cache = seq2seq_forward(x, params, T_y=3)
        costs.append(sequence_softmax_cross_entropy(logits, Y))
        params = optimizer.step(params, seq2seq_backward(sequence_softmax_cross_entropy_backward(logits, Y), cache))
    tokens, _ = translate(x, params, T_y=3)
    assert costs[-1] < 0.1 * costs[0]
    assert np.mean(tokens == labels[:, ::-1]) > 0.95


# --- bad input ----------------------------------------------------------------------------------

X, PARAMS, MASK = random_model(np.random.default_rng(0), 5, 4, 2, 3, 2, 3, 4, 3)


@pytest.mark.parametrize("call, error, match", [
    (lambda: seq2seq_forward(X, PARAMS, T_y=0), ValueError, "T_y must be an integer >= 1"),
    (lambda: seq2seq_forward(X, PARAMS, T_y=2.0), TypeError, "T_y must be an integer"),
    (lambda: seq2seq_forward(X[:, :, 0], PARAMS, T_y=2), ValueError, r"x must have shape \(n_x, m, T_x\)"),
    (lambda: seq2seq_forward(np.where(X > 0, np.nan, X), PARAMS, T_y=2), ValueError, "x must contain only finite"),
    (lambda: seq2seq_forward(X, {k: v for k, v in PARAMS.items() if k != "Wy"}, T_y=2), ValueError,
     r"missing key\(s\) \['Wy'\]"),
    (lambda: seq2seq_forward(X, {**PARAMS, "W1_att": np.ones((2, 5))}, T_y=2), ValueError, "W1 must have shape"),
    (lambda: seq2seq_forward(X[:4], PARAMS, T_y=2), ValueError, "Wf must have shape"),
    (lambda: seq2seq_forward(X, PARAMS, T_y=2, mask=MASK.T), ValueError, r"mask must have shape \(3, 4\)"),
    (lambda: seq2seq_forward(X, PARAMS, T_y=2, mask=2 * MASK), ValueError, "only 0 and 1"),
    (lambda: translate(X, PARAMS, T_y=-1), ValueError, "T_y must be"),
    (lambda: init_seq2seq(5, 4, n_a=0, n_s=3, rng=np.random.default_rng(0)), ValueError, "n_a must be"),
    (lambda: init_seq2seq(5, 4, n_a=2, n_s=3, rng=None), TypeError, "rng must be"),
], ids=["T_y 0", "T_y float", "x 2-D", "x NaN", "Wy missing", "W1_att misshapen", "n_x mismatch",
        "mask transposed", "mask of 2s", "translate T_y", "init n_a 0", "init rng"])
def test_bad_input_is_refused(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_backward_refuses_bad_input():
    logits, _, cache = seq2seq_forward(X, PARAMS, T_y=2)
    with pytest.raises(ValueError, match=r"dlogits must have shape \(4, 3, 2\)"):
        seq2seq_backward(np.ones((4, 3, 3)), cache)
    with pytest.raises(TypeError, match="seq2seq_forward"):
        seq2seq_backward(logits, {"block": "lstm_forward"})
