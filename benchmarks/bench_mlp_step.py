"""The MLP case of `make bench`: one training step of a 784-512-256-128-10 MLP, dlspec against PyTorch.

A step is the forward pass (ReLU hidden layers, softmax cross-entropy), the
backward pass and an Adam update, on a batch of 256 random examples (X standard
normal, random labels), in float32 and in float64. dlspec's step is the body of
the loop of dlspec.training.fit: the forward pass of dense_network(..., output="softmax"),
the softmax cross-entropy and its gradient from dlspec.losses.OUTPUTS, the backward
pass and dlspec.optimizers.Adam; like PyTorch's (which has no input to differentiate),
it skips the gradient with respect to X. A third variant, "NumPy by hand", is the same step written
directly in NumPy, lean and in place (by_hand_step); before timing, it is checked
to train exactly like dlspec's. It tells apart what NumPy costs and what the
package costs. PyTorch's step is torch.nn.Linear layers, CrossEntropyLoss and
torch.optim.Adam.

bench.py times the variants (see there for the method) and prints their table; the
second table, from :func:`report_phases`, splits the float32 steps into the forward
pass with the cost, the backward pass and the Adam update (PyTorch's forward includes
zero_grad).
"""

import math
import statistics
import time

import numpy as np

from dlspec.initializers import initialize_parameters
from dlspec.losses import OUTPUTS, one_hot
from dlspec.network import dense_network
from dlspec.optimizers import Adam

LAYER_DIMS = [784, 512, 256, 128, 10]
BATCH = 256
LEARNING_RATE, BETA1, BETA2, EPSILON = 1e-3, 0.9, 0.999, 1e-8
BY_HAND = "NumPy by hand"


def problem(dtype):
    """The batch (X, one-hot Y, labels) and the initial parameters every NumPy variant trains."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((LAYER_DIMS[0], BATCH)).astype(dtype)
    labels = rng.integers(0, LAYER_DIMS[-1], size=BATCH)
    Y = one_hot(labels, LAYER_DIMS[-1], dtype=dtype)
    return X, Y, labels, initialize_parameters(LAYER_DIMS, method="xavier", rng=rng, dtype=dtype)


def dlspec_step(dtype):
    """A closure running one dlspec training step; ``check()`` verifies dtype and cost."""
    X, Y, _, params = problem(dtype)
    net = dense_network(LAYER_DIMS, output="softmax")
    output = OUTPUTS[net.output]
    optimizer = Adam(LEARNING_RATE, beta1=BETA1, beta2=BETA2, epsilon=EPSILON)
    state = {"params": params}

    def step():  # the body of the loop in dlspec.training.fit (no dropout, no L2)
        start = time.perf_counter()
        ZL, cache = net.run(X, state["params"], training=True, rng=None)
        state["cost"] = output.cost(ZL, Y)
        forward = time.perf_counter()
        _, grads = net.backward(output.gradient(ZL, Y), cache, need_dX=False)
        backward = time.perf_counter()
        state["params"] = optimizer.step(state["params"], grads)
        step.phases.append((forward - start, backward - forward, time.perf_counter() - backward))

    step.phases = []  # seconds of (forward + cost, backward, update), one triple per call
    step.state = state

    def check():
        wrong = {k: v.dtype for k, v in state["params"].items() if v.dtype != dtype}
        if wrong or not math.isfinite(state["cost"]):
            raise RuntimeError(f"dlspec step broke: dtypes {wrong}, cost {state['cost']}")

    return step, check


def by_hand_step(dtype):
    """The same step written directly in NumPy, lean and in place: a reference point.

    The parameters, the Adam moments and dZ are updated in place; nothing is
    checked, and nothing is kept for the caller except the cost and the parameters.
    The gap between it and dlspec is what the package costs (validation, new
    arrays, the caches and gradients it hands back); the gap between it and
    PyTorch is what NumPy itself costs.
    """
    X, Y, labels, params = problem(dtype)
    L = len(LAYER_DIMS) - 1
    W = [params[f"W{l}"] for l in range(1, L + 1)]
    b = [params[f"b{l}"] for l in range(1, L + 1)]
    moments = [(np.zeros_like(p), np.zeros_like(p), np.empty_like(p)) for p in W + b]
    columns = np.arange(BATCH)
    state = {"t": 0, "params": params}

    def step():
        start = time.perf_counter()
        As, Zs = [X], []
        for l in range(L):
            Z = W[l] @ As[-1]
            Z += b[l]
            Zs.append(Z)
            if l < L - 1:
                As.append(np.maximum(Z, 0))
        Z -= Z.max(axis=0)  # softmax and cost from the shifted last Z
        dZ = np.exp(Z)
        total = dZ.sum(axis=0)
        state["cost"] = float(np.mean(np.log(total) - Z[labels, columns]))
        forward = time.perf_counter()
        dZ /= total
        dZ -= Y
        dZ *= 1.0 / BATCH
        grads = [None] * (2 * L)
        for l in reversed(range(L)):
            grads[l] = dZ @ As[l].T
            grads[L + l] = dZ.sum(axis=1, keepdims=True)
            if l:
                dZ = W[l].T @ dZ
                dZ *= Zs[l - 1] > 0
        backward = time.perf_counter()
        # Adam on weighted sums v = sum beta1^(t-i) g_i and s = sum beta2^(t-i) g_i^2:
        # the bias-corrected averages are v (1 - beta1) / (1 - beta1^t), likewise for s.
        state["t"] += 1
        v_total = (1.0 - BETA1 ** state["t"]) / (1.0 - BETA1)
        s_total = (1.0 - BETA2 ** state["t"]) / (1.0 - BETA2)
        step_size = LEARNING_RATE * math.sqrt(s_total) / v_total
        eps = EPSILON * math.sqrt(s_total)
        for p, g, (v, s, scratch) in zip(W + b, grads, moments, strict=True):
            v *= BETA1
            v += g
            s *= BETA2
            np.multiply(g, g, out=scratch)
            s += scratch
            np.sqrt(s, out=scratch)
            scratch += eps
            np.divide(v, scratch, out=scratch)
            scratch *= step_size
            p -= scratch
        step.phases.append((forward - start, backward - forward, time.perf_counter() - backward))

    step.phases = []
    step.state = state
    return step


def check_by_hand(dtype, steps=3):
    """Raise unless the hand-written step trains exactly like dlspec's, to rounding."""
    ours, _ = dlspec_step(dtype)
    theirs = by_hand_step(dtype)
    for _ in range(steps):
        ours()
        theirs()
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    for name, p in ours.state["params"].items():
        np.testing.assert_allclose(theirs.state["params"][name], p, rtol=rtol, atol=rtol * 0.1)
    np.testing.assert_allclose(theirs.state["cost"], ours.state["cost"], rtol=rtol)


def torch_step(torch, dtype):
    """A closure running one PyTorch training step of the same network."""
    torch.manual_seed(0)
    layers = []
    for n_in, n_out in zip(LAYER_DIMS[:-1], LAYER_DIMS[1:], strict=True):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1]).to(dtype)  # no ReLU after the last layer
    optimizer = torch.optim.Adam(
        model.parameters(), lr=LEARNING_RATE, betas=(BETA1, BETA2), eps=EPSILON
    )
    loss_fn = torch.nn.CrossEntropyLoss()  # log-softmax + mean negative log-likelihood
    X = torch.randn(BATCH, LAYER_DIMS[0], dtype=dtype)  # PyTorch puts examples in rows
    y = torch.randint(0, LAYER_DIMS[-1], (BATCH,))

    def step():
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(X), y)
        forward = time.perf_counter()
        loss.backward()
        backward = time.perf_counter()
        optimizer.step()
        step.phases.append((forward - start, backward - forward, time.perf_counter() - backward))

    step.phases = []
    return step


def describe():
    """The lines that say what the case computes."""
    dims = "-".join(map(str, LAYER_DIMS))
    return [f"mlp-step: MLP training step {dims}, ReLU/softmax cross-entropy, Adam, batch {BATCH}"]


def steps(torch=None):
    """The step closures by (library, dtype name), the hand-written one checked first; and the checks.

    Each check, run after the timing, raises if dlspec's step stopped keeping its dtype
    or its cost stopped being finite.
    """
    variants, checks = {}, []
    for name, dtype in (("float32", np.float32), ("float64", np.float64)):
        variants["dlspec", name], check = dlspec_step(dtype)
        checks.append(check)
        check_by_hand(dtype)
        variants[BY_HAND, name] = by_hand_step(dtype)
    if torch is not None:
        for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            variants["PyTorch", name] = torch_step(torch, dtype)
    return variants, checks


def report_phases(variants, block, ms):
    """Print the float32 phases table and dlspec's float64/float32 step time ratio.

    ``variants`` are the closures of :func:`steps` after the timing, each block of which
    ran two untimed steps and then ``block`` timed ones; ``ms`` their median milliseconds
    per step by (library, dtype name).
    """
    print(f"{'float32 ms by phase (median)':<28}{'fwd+cost':>10}{'backward':>10}{'Adam':>10}")
    for lib in (lib for lib, name in variants if name == "float32"):
        phases = variants[lib, "float32"].phases  # the timed steps, not the 2 warm-ups of a block
        phases = [p for i, p in enumerate(phases) if i % (2 + block) >= 2]
        row = "".join(f"{1000.0 * statistics.median(column):>10.2f}" for column in zip(*phases))
        print(f"{lib:<28}{row}")
    print()
    print(f"dlspec float64/float32 step time: {ms['dlspec', 'float64'] / ms['dlspec', 'float32']:.2f}")
