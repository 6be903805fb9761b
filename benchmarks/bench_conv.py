"""The convolution and pooling cases of `make bench`: forward + backward, dlspec against PyTorch.

Two cases, each one forward pass and one backward pass on a batch of M = 64 random images
of 32 x 32 pixels with 16 channels (standard normal), in float32 and in float64:

conv2d
    32 filters of 3 x 3, stride 1, padding 1 (so the output keeps 32 x 32): dlspec's
    ``conv.conv2d_forward`` then ``conv.conv2d_backward(dZ, cache, need_dA_prev=True)``,
    against ``torch.nn.functional.conv2d`` then ``backward(dZ)`` with the images, the
    filters and the biases all requiring a gradient (so both compute dA_prev, dW and db).
maxpool2d
    2 x 2 windows, stride 2, on the same images: ``pooling.pool_forward`` then
    ``pooling.pool_backward``, against ``F.max_pool2d`` then ``backward(dA)``.

The upstream gradients dZ and dA are fixed random arrays. dlspec stores images examples
first and channels last, (m, n_H, n_W, n_C), and filters (f, f, n_C_prev, n_C); PyTorch
wants channels first, NCHW, and filters (n_C, n_C_prev, f, f). The same numbers are
converted to PyTorch's layout once, before the timing, and back only in the check, so the
timed steps contain no conversion. dlspec's dW and db are gradients of the mean cost
(divided by m), PyTorch's of the sum: the check divides PyTorch's by m.

Before the timing, :func:`check_against_torch` runs each case once in both libraries and
raises unless they agree to rounding. bench.py does the timing and prints the tables.
"""

import numpy as np

from dlspec.conv import conv2d_forward, conv2d_backward
from dlspec.pooling import pool_backward, pool_forward

M, N_H, N_W, N_C_PREV = 64, 32, 32, 16  # the batch: (m, n_H, n_W, n_C_prev)
F, N_C, STRIDE, PADDING = 3, 32, 1, 1  # the convolution
POOL_F, POOL_STRIDE = 2, 2  # the max pooling
CASES = ("conv2d", "maxpool2d")
# Agreement with PyTorch, relative to the largest entry: a float32 dW sums m * n_H * n_W
# = 65,536 products, in another order than PyTorch's, which costs a few units of 1e-6.
TOLERANCE = {np.float32: 5e-5, np.float64: 1e-12}


def describe():
    """The lines that say what the two cases compute."""
    n_H = (N_H + 2 * PADDING - F) // STRIDE + 1
    n_W = (N_W + 2 * PADDING - F) // STRIDE + 1
    return [
        f"conv2d: {M} images {N_H}x{N_W}x{N_C_PREV} -> {n_H}x{n_W}x{N_C}: {N_C} filters {F}x{F}, "
        f"stride {STRIDE}, padding {PADDING}",
        "  conv2d_forward + conv2d_backward(need_dA_prev=True) against F.conv2d + backward",
        f"maxpool2d: {POOL_F}x{POOL_F} windows, stride {POOL_STRIDE}, on the same images",
        "  pool_forward + pool_backward against F.max_pool2d + backward",
        "PyTorch gets the same numbers in its layout, NCHW (filters (n_C, n_C_prev, f, f)),",
        "  converted once before the timing",
    ]


def problem(dtype):
    """The arrays of both cases: images, filters, biases and the two upstream gradients."""
    rng = np.random.default_rng(0)
    A_prev = rng.standard_normal((M, N_H, N_W, N_C_PREV))
    W = rng.standard_normal((F, F, N_C_PREV, N_C)) * np.sqrt(2.0 / (F * F * N_C_PREV))
    b = rng.standard_normal((1, 1, 1, N_C)) * 0.1
    n_H = (N_H + 2 * PADDING - F) // STRIDE + 1
    n_W = (N_W + 2 * PADDING - F) // STRIDE + 1
    dZ = rng.standard_normal((M, n_H, n_W, N_C))
    dA = rng.standard_normal((M, (N_H - POOL_F) // POOL_STRIDE + 1,
                              (N_W - POOL_F) // POOL_STRIDE + 1, N_C_PREV))
    arrays = {"A_prev": A_prev, "W": W, "b": b, "dZ": dZ, "dA": dA}
    return {name: a.astype(dtype) for name, a in arrays.items()}


# ---------------------------------------------------------------------------
# dlspec
# ---------------------------------------------------------------------------


def dlspec_conv2d(arrays):
    """A closure running conv2d_forward + conv2d_backward once; ``step.result`` holds the outputs."""
    A_prev, dZ = arrays["A_prev"], arrays["dZ"]
    params = {"W": arrays["W"], "b": arrays["b"]}

    def step():
        Z, cache = conv2d_forward(A_prev, params, stride=STRIDE, padding=PADDING)
        dA_prev, grads = conv2d_backward(dZ, cache, need_dA_prev=True)
        step.result = {"Z": Z, "dA_prev": dA_prev, "dW": grads["dW"], "db": grads["db"]}

    return step


def dlspec_maxpool2d(arrays):
    """A closure running pool_forward + pool_backward (max, 2x2, stride 2) once."""
    A_prev, dA = arrays["A_prev"], arrays["dA"]

    def step():
        A, cache = pool_forward(A_prev, f=POOL_F, stride=POOL_STRIDE, mode="max")
        dA_prev, _ = pool_backward(dA, cache)
        step.result = {"A": A, "dA_prev": dA_prev}

    return step


# ---------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------


def to_nchw(torch, images):
    """(m, n_H, n_W, n_C) NumPy images as a (m, n_C, n_H, n_W) tensor, contiguous (a copy)."""
    return torch.from_numpy(np.ascontiguousarray(images.transpose(0, 3, 1, 2)))


def torch_conv2d(torch, arrays):
    """A closure running F.conv2d + backward once, every input requiring a gradient."""
    x = to_nchw(torch, arrays["A_prev"]).requires_grad_()
    w = torch.from_numpy(np.ascontiguousarray(arrays["W"].transpose(3, 2, 0, 1))).requires_grad_()
    b = torch.from_numpy(arrays["b"].reshape(-1).copy()).requires_grad_()
    dz = to_nchw(torch, arrays["dZ"])

    def step():
        x.grad = w.grad = b.grad = None  # as zero_grad(set_to_none=True): nothing accumulates
        z = torch.nn.functional.conv2d(x, w, b, stride=STRIDE, padding=PADDING)
        z.backward(dz)
        step.result = {"Z": z.detach(), "dA_prev": x.grad, "dW": w.grad, "db": b.grad}

    return step


def torch_maxpool2d(torch, arrays):
    """A closure running F.max_pool2d + backward once."""
    x = to_nchw(torch, arrays["A_prev"]).requires_grad_()
    da = to_nchw(torch, arrays["dA"])

    def step():
        x.grad = None
        a = torch.nn.functional.max_pool2d(x, POOL_F, stride=POOL_STRIDE)
        a.backward(da)
        step.result = {"A": a.detach(), "dA_prev": x.grad}

    return step


def from_torch(name, tensor):
    """PyTorch's output or gradient ``name`` in dlspec's layout, parameter gradients of the mean."""
    a = tensor.numpy()
    if name == "dW":  # (n_C, n_C_prev, f, f) -> (f, f, n_C_prev, n_C)
        return a.transpose(2, 3, 1, 0) / a.dtype.type(M)
    if name == "db":
        return a.reshape(1, 1, 1, -1) / a.dtype.type(M)
    return a.transpose(0, 2, 3, 1)  # NCHW images -> (m, n_H, n_W, n_C)


DLSPEC = {"conv2d": dlspec_conv2d, "maxpool2d": dlspec_maxpool2d}
TORCH = {"conv2d": torch_conv2d, "maxpool2d": torch_maxpool2d}


def check_against_torch(torch, case, dtype):
    """Raise unless dlspec and PyTorch give the same outputs and gradients, to rounding.

    Every array is compared with its dtype and shape (``strict``), within
    ``TOLERANCE[dtype]`` times its largest entry.
    """
    arrays = problem(dtype)
    ours, theirs = DLSPEC[case](arrays), TORCH[case](torch, arrays)
    ours()
    theirs()
    for name, expected in ours.result.items():
        tol = TOLERANCE[dtype]
        np.testing.assert_allclose(
            from_torch(name, theirs.result[name]), expected, rtol=tol,
            atol=tol * float(np.abs(expected).max()), strict=True, err_msg=f"{case} {name}",
        )


def steps(torch=None):
    """Both cases' step closures by (case, library, dtype name), checked first; and the checks.

    Each check, run after the timing, raises if a dlspec step stopped returning its dtype.
    """
    variants, checks = {}, []
    for case in CASES:
        for name, dtype in (("float32", np.float32), ("float64", np.float64)):
            step = variants[case, "dlspec", name] = DLSPEC[case](problem(dtype))
            checks.append(lambda step=step, dtype=dtype, case=case: _check_dtypes(step, dtype, case))
    if torch is not None:
        for case in CASES:
            for name, dtype in (("float32", np.float32), ("float64", np.float64)):
                check_against_torch(torch, case, dtype)
                variants[case, "PyTorch", name] = TORCH[case](torch, problem(dtype))
    return variants, checks


def _check_dtypes(step, dtype, case):
    wrong = {k: v.dtype for k, v in step.result.items() if v.dtype != dtype}
    if wrong:
        raise RuntimeError(f"dlspec {case} step broke: dtypes {wrong}, expected {dtype.__name__}")
