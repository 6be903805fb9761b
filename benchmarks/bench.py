"""`make bench`: time dlspec (NumPy) against PyTorch (CPU) on an MLP training step, a convolution and a pooling.

Three cases, each in float32 and in float64 (what each computes, and how it is checked
against the other libraries before the timing, is in its module):

mlp-step (bench_mlp_step.py)
    one training step of a 784-512-256-128-10 MLP: forward, backward, Adam; beside dlspec
    and PyTorch, the same step written by hand in NumPy.
conv2d, maxpool2d (bench_conv.py)
    forward + backward of a 3x3 convolution and of a 2x2 max pooling on 64 images of
    32 x 32 x 16.

PyTorch is optional: it runs on the CPU with torch.set_num_threads(2) when it can be
imported. NumPy's BLAS uses its default thread count (2 on a 2-core machine).

Timing goes in rounds. In each round every variant (case, library and dtype) runs a
short block: two untimed steps, then --block timed steps (time.perf_counter), or
--conv-block for conv2d, whose steps are slow. The tables show the median
milliseconds per step over all rounds; a ratio is the median over the rounds of one
variant's block median divided by another's, with its quartiles, since blocks of one
round ran within seconds of each other. The blocks of the libraries alternate, so a
slow spell of a shared machine hits both instead of whichever happened to run then, and
a pause of PAUSE seconds comes before each block: each library has its own thread pool
(OpenBLAS for NumPy, OpenMP for PyTorch) whose threads keep spinning for up to ~0.1 s
after a call and would steal a core from the other library. Run it on an idle machine
all the same.

The run ends with a summary, one line per case and dtype, ``ratio <case> <dtype> <value>``:
dlspec's time over PyTorch's, the median of the paired ratios (``nan`` without PyTorch).
Nothing is printed after it. Usage::

    python benchmarks/bench.py [--rounds 20] [--block 5] [--conv-block 2]
"""

import argparse
import math
import os
import platform
import statistics
import sys
import time

import numpy as np

import bench_conv
import bench_mlp_step

CASES = ("mlp-step", "conv2d", "maxpool2d")
DTYPES = ("float32", "float64")
LIBRARIES = ("dlspec", bench_mlp_step.BY_HAND, "PyTorch")  # the order of the blocks in a round
# The ratios each table shows, when both sides ran; dlspec/PyTorch always (nan without PyTorch).
PAIRS = (("dlspec", "PyTorch"), (bench_mlp_step.BY_HAND, "PyTorch"), ("dlspec", bench_mlp_step.BY_HAND))
TORCH_THREADS = 2
PAUSE = 0.25  # seconds before each block: longer than a thread pool keeps spinning


def time_blocks(groups, rounds):
    """Seconds per step of each variant, as one list of timings per round.

    ``groups`` is a list of ``(block, variants)`` pairs, ``variants`` a dict from a
    variant's key to its step function (one group per case and library); every round
    runs each group's variants once, in order, each as a block of two untimed steps
    and ``block`` timed ones.
    """
    times = {key: [] for _, group in groups for key in group}
    for _ in range(rounds):
        for block, group in groups:
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
    """Lower quartile, median and upper quartile of ``values`` (one value: itself three times)."""
    if len(values) == 1:
        return (values[0],) * 3
    q1, q2, q3 = statistics.quantiles(values, n=4)
    return q1, q2, q3


def paired_ratio(top, bottom):
    """Quartiles over the rounds of the block medians of ``top`` over those of ``bottom``."""
    pairs = zip(top, bottom, strict=True)
    return quartiles([statistics.median(a) / statistics.median(b) for a, b in pairs])


def cpu_model():
    """The CPU's name from /proc/cpuinfo ("model name"), or what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def import_torch():
    """PyTorch set to TORCH_THREADS threads, or None if it cannot be imported."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(TORCH_THREADS)
    return torch


def print_table(case, times):
    """Print ``case``'s milliseconds and ratios; return the dlspec/PyTorch quartiles by dtype."""
    print(f"{f'{case} ms (median)':<28}" + "".join(f"{d:>10}" for d in DTYPES))
    for lib in LIBRARIES:
        if (case, lib, DTYPES[0]) in times:
            ms = [1000.0 * statistics.median(sum(times[case, lib, d], [])) for d in DTYPES]
            print(f"{lib:<28}" + "".join(f"{t:>10.2f}" for t in ms))
    dlspec_torch = {}
    for top, bottom in PAIRS:
        if (case, top, DTYPES[0]) not in times:
            continue
        if (case, bottom, DTYPES[0]) in times:
            quarts = {d: paired_ratio(times[case, top, d], times[case, bottom, d]) for d in DTYPES}
        elif (top, bottom) == ("dlspec", "PyTorch"):  # without PyTorch the row stays, as nan
            quarts = {d: (math.nan,) * 3 for d in DTYPES}
        else:
            continue
        if (top, bottom) == ("dlspec", "PyTorch"):
            dlspec_torch = quarts
        print(f"{f'ratio {top}/{bottom}':<28}" + "".join(f"{quarts[d][1]:>10.2f}" for d in DTYPES))
        spread = "".join(f"{f' {quarts[d][0]:.2f}-{quarts[d][2]:.2f}':>10}" for d in DTYPES)
        print(f"{'  (quartiles over rounds)':<28}{spread}")
    return dlspec_torch


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds of blocks")
    parser.add_argument("--block", type=int, default=5, help="timed steps per block")
    parser.add_argument("--conv-block", type=int, default=2, help="timed steps per conv2d block")
    args = parser.parse_args(argv)
    blocks = {"mlp-step": args.block, "conv2d": args.conv_block, "maxpool2d": args.block}

    print("dlspec (NumPy) against PyTorch on the CPU: mlp-step, conv2d, maxpool2d")
    print(f"CPU: {cpu_model()}, {os.cpu_count()} logical cores; "
          f"Python {platform.python_version()}, NumPy {np.__version__}")
    torch = import_torch()
    if torch is None:
        print("PyTorch not installed")
    else:
        print(f"PyTorch {torch.__version__} on the CPU, {torch.get_num_threads()} threads, "
              f"CPU capability {torch.backends.cpu.get_cpu_capability()}")
    print(f"{args.rounds} rounds; in each, every variant runs a block after a {PAUSE} s pause: "
          f"2 untimed steps, then {args.block} timed ({args.conv_block} for conv2d)")
    print("tables: median ms per step; ratios: median (quartiles) over the rounds of the ratio")
    print("  of two blocks of the same round")

    # Every variant is built, and checked against the others, before any timing.
    mlp, checks = bench_mlp_step.steps(torch)
    variants, conv_checks = bench_conv.steps(torch)
    variants.update({("mlp-step", *key): step for key, step in mlp.items()})
    groups = []
    for case in CASES:
        for lib in LIBRARIES:
            group = {key: variants[key] for d in DTYPES if (key := (case, lib, d)) in variants}
            if group:
                groups.append((blocks[case], group))
    times = time_blocks(groups, args.rounds)
    for check in checks + conv_checks:
        check()

    summary = {}
    for case in CASES:
        print()
        if case == "mlp-step":
            print(*bench_mlp_step.describe(), sep="\n")
        elif case == "conv2d":
            print(*bench_conv.describe(), sep="\n")
            print()
        summary[case] = print_table(case, times)
        if case == "mlp-step":
            print()
            ms = {key[1:]: 1000.0 * statistics.median(sum(blocks, []))
                  for key, blocks in times.items() if key[0] == "mlp-step"}
            bench_mlp_step.report_phases(mlp, args.block, ms)
    print()
    print("summary: dlspec time / PyTorch time, median over the rounds (nan without PyTorch)")
    for case in CASES:
        for d in DTYPES:
            print(f"ratio {case} {d} {summary[case][d][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
