"""Time one training step of a 784-512-256-128-10 MLP: dlspec (NumPy) against PyTorch (CPU).

A step is the forward pass (ReLU hidden layers, softmax cross-entropy), the
backward pass and an Adam update, on a batch of 256 random examples (X standard
normal, random labels), in float32 and in float64. dlspec's step is the body of
the loop of dlspec.training.fit: the forward pass of dense_network(..., output="softmax"),
the softmax cross-entropy and its gradient from dlspec.losses.OUTPUTS, the backward
pass and dlspec.optimizers.Adam; like PyTorch's (which has no input to differentiate),
it skips the gradient with respect to X. A third variant, "NumPy by hand", is the same step written
directly in NumPy, lean and in place (by_hand_step); before timing, it is checked
to train exactly like dlspec's. It tells apart what NumPy costs and what the
package costs. PyTorch is optional: it runs on the CPU with
torch.set_num_threads(2) when it can be imported.

Timing goes in rounds. In each round every variant (library and dtype) runs a
short block: two untimed steps, then --block timed steps (time.perf_counter).
The table shows the median milliseconds per step over all rounds; a ratio is
the median over the rounds of one variant's block median divided by another's,
with its quartiles, since blocks of one round ran within a second of each other.
The blocks of the libraries alternate, so a slow spell of a shared machine
hits both instead of whichever happened to run then, and a pause of PAUSE seconds comes
before each block: each library has its own thread pool (OpenBLAS for NumPy,
OpenMP for PyTorch) whose threads keep spinning for up to ~0.1 s after a call and
would steal a core from the other library. NumPy's BLAS uses its default thread
count (2 on a 2-core machine). Run it on an idle machine all the same. The last
line always ends with the float32 ratio dlspec/PyTorch (nan without PyTorch).
A second table splits the float32 steps into the forward pass with the cost, the
backward pass and the Adam update (PyTorch's forward includes zero_grad).
Usage::

    python benchmarks/bench_mlp_step.py [--rounds 20] [--block 5]
"""

import argparse
import math
import statistics
import sys
import time

import numpy as np

from dlspec.initializers import initialize_parameters
from dlspec.losses import OUTPUTS, one_hot
from dlspec.network import dense_network
from dlspec.optimizers import Adam

LAYER_DIMS = [784, 512, 256, 128, 10]
BATCH = 256
LEARNING_RATE, BETA1, BETA2, EPSILON = 1e-3, 0.9, 0.999, 1e-8
TORCH_THREADS = 2
BY_HAND = "NumPy by hand"
PAUSE = 0.25  # seconds before each block: longer than a thread pool keeps spinning


def time_blocks(blocks, rounds, block):
    """Seconds per step of each variant, as one list of ``block`` timings per round.

    ``blocks`` is a list of groups, one per library, each a dict from a variant's key
    to its step function; every round runs each group's variants once, in order.
    """
    times = {key: [] for group in blocks for key in group}
    for _ in range(rounds):
        for group in blocks:
            for key, step in group.items():
                time.sleep(PAUSE)
                for _ in range(2):  # the thread pool wakes up, the caches fill
                    step()
                timings = []
                for _ in range(block):
                    start = time.perf_counter()
                    step()
                    timings.append(time.perf_counter() - start)
                times[key].append(timings)
    return times


def quartiles(values):
    """Lower quartile, median and upper quartile of ``values``."""
    q1, q2, q3 = statistics.quantiles(values, n=4)
    return q1, q2, q3


def problem(dtype):
    """The batch (X, one-hot Y, labels) and the initial parameters every NumPy variant trains."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((LAYER_DIMS[0], BATCH)).astype(dtype)
    labels = rng.integers(0, LAYER_DIMS[-1], size=BATCH)
    Y = one_hot(labels, LAYER_DIMS[-1], dtype=dtype)
    return X, Y, labels, initialize_parameters(LAYER_DIMS, method="xavier", rng=rng, dtype=dtype)


def paired_ratio(times, top, bottom, dtype):
    """Quartiles over the rounds of ``top``'s block median over ``bottom``'s, same round."""
    pairs = zip(times[top, dtype], times[bottom, dtype], strict=True)
    return quartiles([statistics.median(a) / statistics.median(b) for a, b in pairs])


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds of blocks")
    parser.add_argument("--block", type=int, default=5, help="timed steps per block")
    args = parser.parse_args(argv)

    dims = "-".join(map(str, LAYER_DIMS))
    print(f"MLP training step {dims}, ReLU/softmax cross-entropy, Adam, batch {BATCH}")
    timed = args.rounds * args.block
    print(f"median of {timed} steps ({args.rounds} rounds of {args.block}); NumPy {np.__version__}")
    steps, checks = {}, []
    for name, dtype in (("float32", np.float32), ("float64", np.float64)):
        steps["dlspec", name], check = dlspec_step(dtype)
        checks.append(check)
        check_by_hand(dtype)
        steps[BY_HAND, name] = by_hand_step(dtype)
    try:
        import torch
    except ImportError:
        print("PyTorch not installed")
    else:
        torch.set_num_threads(TORCH_THREADS)
        print(f"PyTorch {torch.__version__} on the CPU, {torch.get_num_threads()} threads")
        for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            steps["PyTorch", name] = torch_step(torch, dtype)
    libraries = sorted({lib for lib, _ in steps}, key=("dlspec", BY_HAND, "PyTorch").index)
    groups = [{key: step for key, step in steps.items() if key[0] == lib} for lib in libraries]
    times = time_blocks(groups, args.rounds, args.block)
    for check in checks:
        check()
    ms = {key: 1000.0 * statistics.median(sum(blocks, [])) for key, blocks in times.items()}

    print()
    print(f"{'ms per step (median)':<28}{'float32':>10}{'float64':>10}")
    for lib in libraries:
        if (lib, "float32") in ms:
            print(f"{lib:<28}" + "".join(f"{ms[lib, d]:>10.2f}" for d in ("float32", "float64")))
    ratios = {}
    for top, bottom in (("dlspec", "PyTorch"), (BY_HAND, "PyTorch"), ("dlspec", BY_HAND)):
        if (bottom, "float32") in times:
            quarts = {d: paired_ratio(times, top, bottom, d) for d in ("float32", "float64")}
        elif top == "dlspec":  # without PyTorch the row stays, as nan, and so does the last line
            quarts = {d: (math.nan,) * 3 for d in ("float32", "float64")}
        else:
            continue
        ratios[top, bottom] = quarts
        row = "".join(f"{quarts[d][1]:>10.2f}" for d in quarts)
        print(f"{f'ratio {top}/{bottom}':<28}{row}")
        spread = "".join(f"{f'{quarts[d][0]:.2f}-{quarts[d][2]:.2f}':>10}" for d in quarts)
        print(f"{'  (quartiles over rounds)':<28}{spread}")
    print()
    print(f"{'float32 ms by phase (median)':<28}{'fwd+cost':>10}{'backward':>10}{'Adam':>10}")
    timed = [i % (2 + args.block) >= 2 for i in range(args.rounds * (2 + args.block))]
    for lib in libraries:  # the timed steps only, not the two warm-up steps of each block
        phases = [p for p, keep in zip(steps[lib, "float32"].phases, timed, strict=True) if keep]
        row = "".join(f"{1000.0 * statistics.median(column):>10.2f}" for column in zip(*phases))
        print(f"{lib:<28}{row}")
    print()
    f64_f32 = ms["dlspec", "float64"] / ms["dlspec", "float32"]
    print(f"dlspec float64/float32 step time: {f64_f32:.2f}")
    f32_ratio = ratios["dlspec", "PyTorch"]["float32"][1]
    print(f"float32 step time ratio dlspec/PyTorch: {f32_ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
