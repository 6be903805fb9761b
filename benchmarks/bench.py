"""`make bench`: time dlspec (NumPy) against PyTorch (CPU) on an MLP training step, a convolution, a pooling, an LSTM and attention.

Five cases, each in float32 and in float64 but mha, in float32 only (what each computes,
and how it is checked against the other libraries before the timing, is in its module):

mlp-step (bench_mlp_step.py)
    one training step of a 784-512-256-128-10 MLP: forward, backward, Adam; beside dlspec
    and PyTorch, the same step written by hand in NumPy.
conv2d, maxpool2d (bench_conv.py)
    forward + backward of a 3x3 convolution and of a 2x2 max pooling on 64 images of
    32 x 32 x 16.
lstm (bench_lstm.py)
    forward + backward through time of an LSTM layer: 50 steps, batch 64, 64 inputs,
    128 hidden units.
mha (bench_mha.py)
    forward + backward of multi-head self-attention with its four projections: batch 32,
    128 positions, d_model 256, 8 heads; against nn.MultiheadAttention and against the
    same module built on F.scaled_dot_product_attention ("PyTorch SDPA").

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
dlspec's time over PyTorch's, the median of the paired ratios (``nan`` without PyTorch);
mha adds ``ratio mha-sdpa float32 <value>``, dlspec's time over PyTorch SDPA's.
Nothing is printed after it. ``--cases`` runs some of the cases only (e.g. ``--cases lstm``),
whose summary lines alone are printed. Usage::

    python benchmarks/bench.py [--rounds 20] [--block 5] [--conv-block 2] [--cases mlp-step,lstm]
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
import bench_lstm
import bench_mha
import bench_mlp_step

CASES = ("mlp-step", "conv2d", "maxpool2d", "lstm", "mha")
DTYPES = ("float32", "float64")
#: The cases timed in some of DTYPES only.
CASE_DTYPES = {"mha": bench_mha.DTYPES}
SDPA = "PyTorch SDPA"
LIBRARIES = ("dlspec", bench_mlp_step.BY_HAND, "PyTorch", SDPA)  # the order of the blocks in a round
# The ratios each table shows, when both sides ran; the summary's pairs always (nan without PyTorch).
PAIRS = (("dlspec", "PyTorch"), ("dlspec", SDPA), (bench_mlp_step.BY_HAND, "PyTorch"),
         ("dlspec", bench_mlp_step.BY_HAND))
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


def summary_pairs(case):
    """The summary's lines of ``case``: (name in the line, (top, bottom)), e.g. ("mha-sdpa", ("dlspec", SDPA))."""
    pairs = [(case, ("dlspec", "PyTorch"))]
    if case == "mha":
        pairs.append(("mha-sdpa", ("dlspec", SDPA)))
    return pairs


def print_table(case, times):
    """Print ``case``'s milliseconds and ratios; return them as ``{(top, bottom): {dtype: quartiles}}``.

    The pairs of :func:`summary_pairs` are always there (nan when a side did not run).
    """
    dtypes = CASE_DTYPES.get(case, DTYPES)
    summary = {pair for _, pair in summary_pairs(case)}
    print(f"{f'{case} ms (median)':<28}" + "".join(f"{d:>10}" for d in dtypes))
    for lib in LIBRARIES:
        if (case, lib, dtypes[0]) in times:
            ms = [1000.0 * statistics.median(sum(times[case, lib, d], [])) for d in dtypes]
            print(f"{lib:<28}" + "".join(f"{t:>10.2f}" for t in ms))
    ratios = {}
    for top, bottom in PAIRS:
        if (case, top, dtypes[0]) not in times:
            continue
        if (case, bottom, dtypes[0]) in times:
            quarts = {d: paired_ratio(times[case, top, d], times[case, bottom, d]) for d in dtypes}
        elif (top, bottom) in summary:  # without PyTorch the row stays, as nan
            quarts = {d: (math.nan,) * 3 for d in dtypes}
        else:
            continue
        ratios[top, bottom] = quarts
        print(f"{f'ratio {top}/{bottom}':<28}" + "".join(f"{quarts[d][1]:>10.2f}" for d in dtypes))
        spread = "".join(f"{f' {quarts[d][0]:.2f}-{quarts[d][2]:.2f}':>10}" for d in dtypes)
        print(f"{'  (quartiles over rounds)':<28}{spread}")
    return ratios


def parse_cases(text):
    """``"lstm,conv2d"`` -> ``("conv2d", "lstm")``: known case names, in the order of CASES."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in CASES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"cases must be among {', '.join(CASES)}, got {text!r}")
    return tuple(case for case in CASES if case in names)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds of blocks")
    parser.add_argument("--block", type=int, default=5, help="timed steps per block")
    parser.add_argument("--conv-block", type=int, default=2, help="timed steps per conv2d block")
    parser.add_argument("--cases", type=parse_cases, default=CASES,
                        help=f"comma-separated cases to run, of {','.join(CASES)} (default: all)")
    args = parser.parse_args(argv)
    cases = args.cases
    blocks = {"mlp-step": args.block, "conv2d": args.conv_block, "maxpool2d": args.block, "lstm": args.block,
              "mha": args.block}

    print(f"dlspec (NumPy) against PyTorch on the CPU: {', '.join(cases)}")
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
    variants, checks = {}, []
    if "mlp-step" in cases:
        mlp, mlp_checks = bench_mlp_step.steps(torch)
        variants.update({("mlp-step", *key): step for key, step in mlp.items()})
        checks += mlp_checks
    for module in (bench_conv, bench_lstm, bench_mha):
        if any(case in cases for case in module.CASES):
            module_variants, module_checks = module.steps(torch)
            variants.update(module_variants)
            checks += module_checks
    groups = []
    for case in cases:
        for lib in LIBRARIES:
            dtypes = CASE_DTYPES.get(case, DTYPES)
            group = {key: variants[key] for d in dtypes if (key := (case, lib, d)) in variants}
            if group:
                groups.append((blocks[case], group))
    times = time_blocks(groups, args.rounds)
    for check in checks:
        check()

    summary = {}
    for case in cases:
        print()
        if case == "mlp-step":
            print(*bench_mlp_step.describe(), sep="\n")
        elif case in ("conv2d", "maxpool2d") and "conv2d" not in cases[: cases.index(case)]:
            print(*bench_conv.describe(), sep="\n")
            print()
        elif case == "lstm":
            print(*bench_lstm.describe(), sep="\n")
            print()
        elif case == "mha":
            print(*bench_mha.describe(), sep="\n")
            print()
        summary[case] = print_table(case, times)
        if case == "mlp-step":
            print()
            ms = {key[1:]: 1000.0 * statistics.median(sum(blocks, []))
                  for key, blocks in times.items() if key[0] == "mlp-step"}
            bench_mlp_step.report_phases(mlp, args.block, ms)
    print()
    print("summary: dlspec time / PyTorch time, median over the rounds (nan without PyTorch)")
    for case in cases:
        for name, pair in summary_pairs(case):
            for d in CASE_DTYPES.get(case, DTYPES):
                print(f"ratio {name} {d} {summary[case][pair][d][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
