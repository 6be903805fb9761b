"""The LSTM case of `make bench`: forward + backward through time, dlspec against PyTorch's nn.LSTM.

One case, lstm: a sequence of T_X = 50 steps, a batch of M = 64, N_X = 64 inputs and N_A = 128
hidden units, in float32 and in float64. dlspec's step is ``lstm.lstm_forward`` (initial
states zero) then ``lstm.lstm_backward(da, cache)``, which returns dx, da0, dc0 and the eight
parameter gradients; PyTorch's is ``torch.nn.LSTM(N_X, N_A)`` on the same sequence, with the
input requiring a gradient, then ``out.backward(da)``, which computes dx and the four weight
and bias gradients. The upstream gradient ``da`` (a fixed random array, as from an output
layer at every step) and the inputs are standard normal; the weights are uniform in
+-1/sqrt(N_A), PyTorch's own initialisation, the biases 0.1 times standard normal.

Layouts: dlspec keeps the course's ``x (n_x, m, T_x)`` and one weight matrix per gate on
``[a<t-1>; x<t>]``, ``Wf, Wi, Wc, Wo`` of shape ``(n_a, n_a + n_x)``; PyTorch wants the
sequence first, ``(T_x, m, n_x)``, and stacks the gates in the order i, f, g, o (``g`` is the
candidate, the course's c~) in ``weight_ih_l0`` (4 n_a, n_x) and ``weight_hh_l0`` (4 n_a, n_a),
with two biases ``bias_ih_l0`` and ``bias_hh_l0`` that are simply added: the course's bias
goes into ``bias_ih_l0`` and ``bias_hh_l0`` is zero. The numbers are converted once, before
the timing. dlspec's parameter gradients are those of the mean cost (divided by m),
PyTorch's of the sum: the check divides PyTorch's by m.

Before the timing, :func:`check_against_torch` runs the case once in both libraries and
raises unless they agree to rounding. bench.py does the timing and prints the table.
"""

import numpy as np

from dlspec.lstm import LSTM_PARAMS, lstm_backward, lstm_forward

T_X, M, N_X, N_A = 50, 64, 64, 128
CASES = ("lstm",)
#: PyTorch's order of the gates in its stacked weights, with the course's names.
TORCH_GATES = ("i", "f", "c", "o")
# Agreement with PyTorch, relative to each array's largest entry: a float32 gradient sums
# T_X * M = 3,200 products in another order than PyTorch's, through 50 steps of recurrence,
# which costs about 1e-6 (measured: at most 1.3e-6).
TOLERANCE = {np.float32: 2e-5, np.float64: 1e-11}


def describe():
    """The lines that say what the case computes."""
    return [
        f"lstm: {T_X} steps, batch {M}, {N_X} inputs -> {N_A} hidden units, zero initial states",
        "  lstm_forward + lstm_backward (dx, da0, dc0, 8 parameter gradients)",
        "  against nn.LSTM + backward(da) (dx and the 4 weight and bias gradients)",
        "PyTorch gets the same numbers in its layout, (T_x, m, n_x) and gates i, f, g, o,",
        "  converted once before the timing",
    ]


def problem(dtype):
    """The sequence x (N_X, M, T_X), the parameters and the upstream gradient da (N_A, M, T_X)."""
    rng = np.random.default_rng(0)
    bound = 1.0 / np.sqrt(N_A)
    params = {name: (rng.uniform(-bound, bound, (N_A, N_A + N_X)) if name.startswith("W")
                     else 0.1 * rng.standard_normal((N_A, 1))) for name in LSTM_PARAMS}
    arrays = {"x": rng.standard_normal((N_X, M, T_X)), "da": rng.standard_normal((N_A, M, T_X)), **params}
    return {name: a.astype(dtype) for name, a in arrays.items()}


# ---------------------------------------------------------------------------
# dlspec
# ---------------------------------------------------------------------------


def dlspec_lstm(arrays):
    """A closure running lstm_forward + lstm_backward once; ``step.result`` holds the outputs."""
    x, da = arrays["x"], arrays["da"]
    params = {name: arrays[name] for name in LSTM_PARAMS}
    a0 = np.zeros((N_A, M), dtype=x.dtype)

    def step():
        a, _, cache = lstm_forward(x, a0, params)
        dx, _, _, grads = lstm_backward(da, cache)
        step.result = {"a": a, "dx": dx, **grads}

    return step


# ---------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------


def to_torch_weights(arrays):
    """dlspec's eight parameters as nn.LSTM's four: weight_ih, weight_hh, bias_ih, bias_hh."""
    W = {g: arrays[f"W{g}"] for g in TORCH_GATES}
    return {
        "weight_ih_l0": np.concatenate([W[g][:, N_A:] for g in TORCH_GATES]),  # (4 n_a, n_x)
        "weight_hh_l0": np.concatenate([W[g][:, :N_A] for g in TORCH_GATES]),  # (4 n_a, n_a)
        "bias_ih_l0": np.concatenate([arrays[f"b{g}"][:, 0] for g in TORCH_GATES]),  # (4 n_a,)
        "bias_hh_l0": np.zeros(4 * N_A, dtype=arrays["bf"].dtype),
    }


def torch_lstm(torch, arrays):
    """A closure running nn.LSTM + backward once, the input requiring a gradient."""
    dtype = torch.float32 if arrays["x"].dtype == np.float32 else torch.float64
    lstm = torch.nn.LSTM(N_X, N_A).to(dtype)
    with torch.no_grad():
        for name, value in to_torch_weights(arrays).items():
            getattr(lstm, name).copy_(torch.from_numpy(value))
    x = torch.from_numpy(np.ascontiguousarray(arrays["x"].transpose(2, 1, 0))).requires_grad_()  # (T, m, n_x)
    da = torch.from_numpy(np.ascontiguousarray(arrays["da"].transpose(2, 1, 0)))  # (T, m, n_a)

    def step():
        lstm.zero_grad(set_to_none=True)
        x.grad = None
        out, _ = lstm(x)
        out.backward(da)
        step.result = {"a": out.detach(), "dx": x.grad,
                       **{name: getattr(lstm, name).grad for name in to_torch_weights(arrays)}}

    return step


def from_torch(result):
    """PyTorch's outputs and gradients in dlspec's layout and names, parameter gradients of the mean."""
    a = {name: t.numpy() for name, t in result.items()}
    mean = {name: a[name] / a[name].dtype.type(M)
            for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")}
    out = {"a": a["a"].transpose(2, 1, 0), "dx": a["dx"].transpose(2, 1, 0)}
    for k, g in enumerate(TORCH_GATES):
        rows = slice(k * N_A, (k + 1) * N_A)
        out[f"dW{g}"] = np.concatenate([mean["weight_hh_l0"][rows], mean["weight_ih_l0"][rows]], axis=1)
        out[f"db{g}"] = mean["bias_ih_l0"][rows, None]  # bias_hh_l0's is the same: both are added
    return out


def check_against_torch(torch, case, dtype):
    """Raise unless dlspec and PyTorch give the same outputs and gradients, to rounding.

    Every array is compared with its dtype and shape (``strict``), within
    ``TOLERANCE[dtype]`` times its largest entry; the message names the case and array.
    """
    arrays = problem(dtype)
    ours, theirs = dlspec_lstm(arrays), torch_lstm(torch, arrays)
    ours()
    theirs()
    expected = from_torch(theirs.result)
    for name, value in ours.result.items():
        tol = TOLERANCE[dtype]
        np.testing.assert_allclose(
            value, expected[name], rtol=tol, atol=tol * float(np.abs(expected[name]).max()),
            strict=True, err_msg=f"{case} {name}",
        )


def steps(torch=None):
    """The case's step closures by (case, library, dtype name), checked first; and the checks.

    Each check, run after the timing, raises if a dlspec step stopped returning its dtype.
    """
    variants, checks = {}, []
    for name, dtype in (("float32", np.float32), ("float64", np.float64)):
        step = variants["lstm", "dlspec", name] = dlspec_lstm(problem(dtype))
        checks.append(lambda step=step, dtype=dtype: _check_dtypes(step, dtype))
    if torch is not None:
        for name, dtype in (("float32", np.float32), ("float64", np.float64)):
            check_against_torch(torch, "lstm", dtype)
            variants["lstm", "PyTorch", name] = torch_lstm(torch, problem(dtype))
    return variants, checks


def _check_dtypes(step, dtype):
    wrong = {k: v.dtype for k, v in step.result.items() if v.dtype != dtype}
    if wrong:
        raise RuntimeError(f"dlspec lstm step broke: dtypes {wrong}, expected {dtype.__name__}")
