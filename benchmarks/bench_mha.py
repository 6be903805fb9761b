"""The multi-head attention case of `make bench`: self-attention forward + backward, against PyTorch twice.

One case, mha, in float32: a batch of M = 32 sequences of T = 128 positions, model width
D_MODEL = 256, N_HEADS = 8 heads of 32, self-attention with its four projections (queries,
keys, values, output), no mask. dlspec's step is
``self_attention.multi_head_attention_forward(x, x, params, n_heads=8)`` then
``multi_head_attention_backward(dout, cache)``, whose two input gradients are added (x is
both the queries' and the keys' source), with the eight parameter gradients. PyTorch's is
timed twice, with the same numbers:

PyTorch
    ``torch.nn.MultiheadAttention(256, 8, batch_first=True)`` called as ``mha(x, x, x)``, its
    defaults, so it also returns the weights averaged over the heads (dlspec returns every
    head's), then ``out.backward(dout)``;
PyTorch SDPA
    the same module's parameters in a forward pass written with
    ``torch.nn.functional.scaled_dot_product_attention``, PyTorch's fastest attention
    (it returns no weights); the summary line ``ratio mha-sdpa float32 <value>``.

Both compute dx and the gradients of the packed input projection (``in_proj_weight``
(3 d_model, d_model), ``in_proj_bias``) and of ``out_proj``. The inputs and ``dout`` are
standard normal, the weights Xavier uniform (dlspec's initialisation, as PyTorch's for
``in_proj_weight``), the biases 0.1 times standard normal.

Layouts: dlspec multiplies ``x @ W`` with ``Wq``, ``Wk``, ``Wv``, ``Wo`` of shape
(d_model, d_model); PyTorch's ``nn.Linear`` multiplies ``x @ weight.T``, so
``in_proj_weight = [Wq.T; Wk.T; Wv.T]`` and ``out_proj.weight = Wo.T``. dlspec's parameter
gradients are those of the mean cost (divided by m), PyTorch's of the sum: the check divides
PyTorch's by m. Before the timing, :func:`check_against_torch` runs both PyTorch variants
once and raises unless they agree with dlspec to rounding (in float64 too, tighter).
"""

import numpy as np

from dlspec.self_attention import MHA_PARAMS, multi_head_attention_backward, multi_head_attention_forward

M, T, D_MODEL, N_HEADS = 32, 128, 256, 8
CASES = ("mha",)
#: The dtypes timed (the issue asks for float32; float64 is only checked).
DTYPES = ("float32",)
#: The libraries timed besides dlspec, in the order of bench.LIBRARIES.
TORCH_VARIANTS = ("PyTorch", "PyTorch SDPA")
# Agreement with PyTorch, relative to each array's largest entry: a float32 weight gradient
# sums M * T = 4,096 products in another order than PyTorch's, through a softmax, which
# costs about 1e-6 (measured: at most 2.1e-6 in float32, 4.3e-15 in float64).
TOLERANCE = {np.float32: 2e-5, np.float64: 1e-11}


def describe():
    """The lines that say what the case computes."""
    return [
        f"mha: self-attention, batch {M}, {T} positions, d_model {D_MODEL}, {N_HEADS} heads, no mask",
        "  multi_head_attention_forward(x, x) + multi_head_attention_backward (dx, 8 parameter gradients)",
        "  against nn.MultiheadAttention(batch_first=True)(x, x, x) + backward(dout) (PyTorch)",
        "  and the same parameters through F.scaled_dot_product_attention (PyTorch SDPA)",
    ]


def problem(dtype):
    """The input x (M, T, D_MODEL), the upstream gradient dout and the eight parameters."""
    rng = np.random.default_rng(0)
    limit = np.sqrt(6.0 / (2 * D_MODEL))
    arrays = {"x": rng.standard_normal((M, T, D_MODEL)), "dout": rng.standard_normal((M, T, D_MODEL))}
    for p in "qkvo":
        arrays[f"W{p}"] = rng.uniform(-limit, limit, (D_MODEL, D_MODEL))
        arrays[f"b{p}"] = 0.1 * rng.standard_normal(D_MODEL)
    return {name: a.astype(dtype) for name, a in arrays.items()}


# ---------------------------------------------------------------------------
# dlspec
# ---------------------------------------------------------------------------


def dlspec_mha(arrays):
    """A closure running the forward and backward pass once; ``step.result`` holds the outputs."""
    x, dout = arrays["x"], arrays["dout"]
    params = {name: arrays[name] for name in MHA_PARAMS}

    def step():
        out, _, cache = multi_head_attention_forward(x, x, params, n_heads=N_HEADS)
        dx_q, dx_kv, grads = multi_head_attention_backward(dout, cache)
        step.result = {"out": out, "dx": dx_q + dx_kv, **grads}

    return step


# ---------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------


def to_torch_weights(arrays):
    """dlspec's eight parameters as nn.MultiheadAttention's four (``out_proj.*`` for its Linear)."""
    return {
        "in_proj_weight": np.concatenate([arrays[f"W{p}"].T for p in "qkv"]),  # (3 d_model, d_model)
        "in_proj_bias": np.concatenate([arrays[f"b{p}"] for p in "qkv"]),      # (3 d_model,)
        "out_proj.weight": np.ascontiguousarray(arrays["Wo"].T),
        "out_proj.bias": arrays["bo"],
    }


def torch_module(torch, arrays):
    """nn.MultiheadAttention with dlspec's weights, in the arrays' dtype."""
    dtype = torch.float32 if arrays["x"].dtype == np.float32 else torch.float64
    mha = torch.nn.MultiheadAttention(D_MODEL, N_HEADS, batch_first=True).to(dtype)
    parameters = dict(mha.named_parameters())
    with torch.no_grad():
        for name, value in to_torch_weights(arrays).items():
            parameters[name].copy_(torch.from_numpy(value))
    return mha


def sdpa_forward(torch, mha, x):
    """The module's forward pass written with F.scaled_dot_product_attention (no weights returned)."""
    F = torch.nn.functional
    q, k, v = F.linear(x, mha.in_proj_weight, mha.in_proj_bias).chunk(3, dim=-1)
    q, k, v = (a.view(M, T, N_HEADS, D_MODEL // N_HEADS).transpose(1, 2) for a in (q, k, v))  # (m, h, T, d_k)
    heads = F.scaled_dot_product_attention(q, k, v)
    return mha.out_proj(heads.transpose(1, 2).reshape(M, T, D_MODEL)), None


def torch_mha(torch, arrays, variant):
    """A closure running ``variant`` ("PyTorch" or "PyTorch SDPA") + backward once."""
    mha = torch_module(torch, arrays)
    x = torch.from_numpy(arrays["x"]).requires_grad_()
    dout = torch.from_numpy(arrays["dout"])

    def step():
        mha.zero_grad(set_to_none=True)
        x.grad = None
        out, weights = mha(x, x, x) if variant == "PyTorch" else sdpa_forward(torch, mha, x)
        out.backward(dout)
        step.result = {"out": out.detach(), "dx": x.grad, "weights": weights,
                       **{name: p.grad for name, p in mha.named_parameters()}}

    return step


def from_torch(result):
    """PyTorch's outputs and gradients in dlspec's layout and names, parameter gradients of the mean."""
    a = {name: t.detach().numpy() for name, t in result.items() if t is not None}
    out = {"out": a["out"], "dx": a["dx"]}
    mean = {name: a[name] / a[name].dtype.type(M) for name in to_torch_weights(problem(np.float64))}
    for k, p in enumerate("qkv"):
        rows = slice(k * D_MODEL, (k + 1) * D_MODEL)
        out[f"dW{p}"] = np.ascontiguousarray(mean["in_proj_weight"][rows].T)
        out[f"db{p}"] = mean["in_proj_bias"][rows]
    out["dWo"] = np.ascontiguousarray(mean["out_proj.weight"].T)
    out["dbo"] = mean["out_proj.bias"]
    if "weights" in a:
        out["weights"] = a["weights"]  # (m, T, T), averaged over the heads
    return out


def check_against_torch(torch, case, dtype):
    """Raise unless dlspec and both PyTorch variants give the same outputs and gradients, to rounding.

    Every array is compared with its dtype and shape (``strict``), within ``TOLERANCE[dtype]``
    times its largest entry; the message names the case, the variant and the array. The
    weights nn.MultiheadAttention returns are compared with dlspec's averaged over the heads.
    """
    arrays = problem(dtype)
    ours = dlspec_mha(arrays)
    ours()
    tol = TOLERANCE[dtype]
    for variant in TORCH_VARIANTS:
        theirs = torch_mha(torch, arrays, variant)
        theirs()
        expected = from_torch(theirs.result)
        params = {name: arrays[name] for name in MHA_PARAMS}
        if "weights" in expected:
            _, weights, _ = multi_head_attention_forward(arrays["x"], arrays["x"], params, n_heads=N_HEADS)
            got = {**ours.result, "weights": weights.mean(axis=1)}
        else:
            got = ours.result
        for name, value in got.items():
            # dbk is 0 but for rounding (adding a vector to every key moves all of a query's
            # scores alike, which the softmax ignores): measured against dbq's size instead.
            scale = float(np.abs(expected["dbq" if name == "dbk" else name]).max())
            np.testing.assert_allclose(
                value, expected[name], rtol=tol, atol=tol * scale, strict=True, err_msg=f"{case} {variant} {name}",
            )


def steps(torch=None):
    """The case's step closures by (case, library, dtype name), checked first; and the checks.

    Each check, run after the timing, raises if the dlspec step stopped returning float32.
    """
    variants, checks = {}, []
    for name in DTYPES:
        step = variants["mha", "dlspec", name] = dlspec_mha(problem(np.dtype(name).type))
        checks.append(lambda step=step, dtype=np.dtype(name).type: _check_dtypes(step, dtype))
    if torch is not None:
        for dtype in (np.float32, np.float64):
            check_against_torch(torch, "mha", dtype)
        for name in DTYPES:
            for variant in TORCH_VARIANTS:
                variants["mha", variant, name] = torch_mha(torch, problem(np.dtype(name).type), variant)
    return variants, checks


def _check_dtypes(step, dtype):
    wrong = {k: v.dtype for k, v in step.result.items() if v.dtype != dtype}
    if wrong:
        raise RuntimeError(f"dlspec mha step broke: dtypes {wrong}, expected {dtype.__name__}")
