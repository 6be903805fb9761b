"""Time one training step of a 784-512-256-128-10 MLP: dlspec (NumPy) against PyTorch (CPU).

A step is the forward pass (ReLU hidden layers, softmax cross-entropy), the
backward pass and an Adam update, on a batch of 256 random examples (X standard
normal, random labels), in float32 and in float64. dlspec's step is built from
dlspec.layers through dlspec.softmax_regression, with dlspec.optimizers.Adam;
like PyTorch's (which has no input to differentiate), it skips the gradient with
respect to X. PyTorch is optional:
it runs on the CPU with torch.set_num_threads(2) when it can be imported.

Timing goes in rounds. In each round every variant (library and dtype) runs a
short block: two untimed steps, then --block timed steps (time.perf_counter);
the table shows the median milliseconds per step over all rounds. The blocks of
the two libraries alternate, so a slow spell of a shared machine hits both
instead of whichever happened to run then, and a pause of PAUSE seconds comes
before each block: each library has its own thread pool (OpenBLAS for NumPy,
OpenMP for PyTorch) whose threads keep spinning for up to ~0.1 s after a call and
would steal a core from the other library. NumPy's BLAS uses its default thread
count (2 on a 2-core machine). Run it on an idle machine all the same. The last
line always ends with the float32 ratio dlspec/PyTorch (nan without PyTorch).
Usage::

    python benchmarks/bench_mlp_step.py [--rounds 12] [--block 5]
"""

import argparse
import math
import statistics
import sys
import time

import numpy as np

from dlspec.deep_network import initialize_deep
from dlspec.optimizers import Adam
from dlspec.softmax_regression import (
    one_hot,
    softmax_cross_entropy,
    softmax_network_backward,
    softmax_network_forward,
)

LAYER_DIMS = [784, 512, 256, 128, 10]
BATCH = 256
LEARNING_RATE, BETA1, BETA2, EPSILON = 1e-3, 0.9, 0.999, 1e-8
TORCH_THREADS = 2
PAUSE = 0.25  # seconds before each block: longer than a thread pool keeps spinning


def median_ms(blocks, rounds, block):
    """Median ms per step of each variant, timed in alternating blocks (see the docstring).

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
                for _ in range(block):
                    start = time.perf_counter()
                    step()
                    times[key].append(time.perf_counter() - start)
    return {key: 1000.0 * statistics.median(t) for key, t in times.items()}


def dlspec_step(dtype, optimizer):
    """A closure running one dlspec training step; ``check()`` verifies dtype and cost."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((LAYER_DIMS[0], BATCH)).astype(dtype)
    Y = one_hot(rng.integers(0, LAYER_DIMS[-1], size=BATCH), LAYER_DIMS[-1], dtype=dtype)
    state = {"params": initialize_deep(LAYER_DIMS, rng=rng, dtype=dtype)}

    def step():
        AL, caches = softmax_network_forward(state["params"], X)
        state["cost"] = softmax_cross_entropy(caches[-1][1], Y)
        grads = softmax_network_backward(AL, Y, caches, need_dA0=False)
        state["params"] = optimizer.step(state["params"], grads)

    def check():
        wrong = {k: v.dtype for k, v in state["params"].items() if v.dtype != dtype}
        if wrong or not math.isfinite(state["cost"]):
            raise RuntimeError(f"dlspec step broke: dtypes {wrong}, cost {state['cost']}")

    return step, check


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
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(X), y).backward()
        optimizer.step()

    return step


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12, help="rounds of blocks")
    parser.add_argument("--block", type=int, default=5, help="timed steps per block")
    args = parser.parse_args(argv)

    dims = "-".join(map(str, LAYER_DIMS))
    print(f"MLP training step {dims}, ReLU/softmax cross-entropy, Adam, batch {BATCH}")
    timed = args.rounds * args.block
    print(f"median of {timed} steps ({args.rounds} rounds of {args.block}); NumPy {np.__version__}")
    steps, checks = {}, []
    for name, dtype in (("float32", np.float32), ("float64", np.float64)):
        optimizer = Adam(LEARNING_RATE, beta1=BETA1, beta2=BETA2, epsilon=EPSILON)
        steps["dlspec", name], check = dlspec_step(dtype, optimizer)
        checks.append(check)
    try:
        import torch
    except ImportError:
        print("PyTorch not installed")
    else:
        torch.set_num_threads(TORCH_THREADS)
        print(f"PyTorch {torch.__version__} on the CPU, {torch.get_num_threads()} threads")
        for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            steps["PyTorch", name] = torch_step(torch, dtype)
    blocks = [{key: step for key, step in steps.items() if key[0] == lib} for lib in ("dlspec", "PyTorch")]
    results = median_ms([group for group in blocks if group], args.rounds, args.block)
    for check in checks:
        check()

    print()
    print(f"{'ms per step':<24}{'float32':>10}{'float64':>10}")
    for lib in ("dlspec", "PyTorch"):
        if (lib, "float32") in results:
            row = "".join(f"{results[lib, d]:>10.2f}" for d in ("float32", "float64"))
            print(f"{lib:<24}{row}")
    ratios = {}
    for d in ("float32", "float64"):
        torch_ms = results.get(("PyTorch", d))
        ratios[d] = results["dlspec", d] / torch_ms if torch_ms else math.nan
    print(f"{'ratio dlspec/PyTorch':<24}" + "".join(f"{ratios[d]:>10.2f}" for d in ratios))
    f64_f32 = results["dlspec", "float64"] / results["dlspec", "float32"]
    print(f"dlspec float64/float32 step time: {f64_f32:.2f}")
    print(f"float32 step time ratio dlspec/PyTorch: {ratios['float32']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
