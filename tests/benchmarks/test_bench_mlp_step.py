"""Smoke tests of `make bench` (benchmarks/bench.py, bench_mlp_step.py, bench_conv.py; bench_lstm.py
in test_bench_lstm.py).

They check that it keeps running and keeps its output format, and that its agreement
checks catch a disagreement; never a time: speed targets are read from `make bench`, not
asserted in tests. PyTorch is not a test dependency, so the script is run as it behaves
without it; only the check against PyTorch's convolution and pooling needs it (skipped
where it is missing).
"""

import math
import re
import sys

import pytest


@pytest.fixture
def small(bench, monkeypatch):
    """No pause, a batch of 2 images for conv2d and maxpool2d, a tiny LSTM and attention: the format, quickly."""
    monkeypatch.setattr(bench, "PAUSE", 0.0)
    monkeypatch.setattr(bench.bench_conv, "M", 2)
    for name, value in (("T_X", 3), ("M", 2), ("N_X", 3), ("N_A", 4)):
        monkeypatch.setattr(bench.bench_lstm, name, value)
    for name, value in (("M", 2), ("T", 5), ("D_MODEL", 12), ("N_HEADS", 3)):
        monkeypatch.setattr(bench.bench_mha, name, value)
    return bench


def table(lines, title):
    """The rows after the line starting with ``title``, up to the next blank line, split."""
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = lines.index("", start)
    return {row[:28].strip(): row[28:].split() for row in lines[start + 1 : end]}


def test_bench_prints_the_tables_and_ends_with_the_summary(small, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # as on a machine without PyTorch
    assert small.main(["--rounds", "2", "--block", "2", "--conv-block", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "PyTorch not installed" in lines
    assert re.fullmatch(r"CPU: .+, \d+ logical cores; Python [0-9.]+, NumPy .+", lines[1])

    mlp = table(lines, "mlp-step ms (median)")
    phases = table(lines, "float32 ms by phase (median)")
    for name in ("dlspec", "NumPy by hand"):
        step_ms, phase_ms = list(map(float, mlp[name])), list(map(float, phases[name]))
        assert len(step_ms) == 2 and len(phase_ms) == 3
        assert all(ms > 0 for ms in step_ms + phase_ms)
        assert sum(phase_ms) < 2 * step_ms[0]  # the phases are parts of a float32 step
    assert all(float(r) > 0 for r in mlp["ratio dlspec/NumPy by hand"])  # real even without PyTorch
    assert "ratio NumPy by hand/PyTorch" not in mlp
    for case in ("mlp-step", "conv2d", "maxpool2d", "lstm"):
        rows = table(lines, f"{case} ms (median)")
        assert "PyTorch" not in rows
        assert all(float(ms) > 0 for ms in rows["dlspec"]) and len(rows["dlspec"]) == 2
        assert all(math.isnan(float(r)) for r in rows["ratio dlspec/PyTorch"])

    # The summary: the last ten lines, and the only lines of its format (mha in float32 only).
    expected = [
        f"ratio {case} {dtype} nan"
        for case in ("mlp-step", "conv2d", "maxpool2d", "lstm")
        for dtype in ("float32", "float64")
    ] + ["ratio mha float32 nan", "ratio mha-sdpa float32 nan"]
    assert lines[-10:] == expected
    assert [line for line in lines if re.fullmatch(r"ratio \S+ \S+ \S+", line)] == expected
    assert lines[-11].startswith("summary:")


def test_time_blocks_times_every_round_of_every_variant(bench, monkeypatch):
    monkeypatch.setattr(bench, "PAUSE", 0.0)
    calls = []
    groups = [
        (4, {("a", 1): lambda: calls.append("a1"), ("a", 2): lambda: calls.append("a2")}),
        (1, {("b", 1): lambda: calls.append("b1")}),
    ]
    times = bench.time_blocks(groups, rounds=3)
    # 2 warm-up + block timed steps per block, the groups alternating within every round
    assert calls == (["a1"] * 6 + ["a2"] * 6 + ["b1"] * 3) * 3
    assert {key: [len(block) for block in blocks] for key, blocks in times.items()} == {
        ("a", 1): [4, 4, 4],
        ("a", 2): [4, 4, 4],
        ("b", 1): [1, 1, 1],
    }


def test_paired_ratio_divides_the_block_medians_of_each_round(bench):
    top = [[2.0, 4.0, 3.0], [10.0, 10.0, 1.0], [6.0, 6.0, 6.0]]  # block medians 3, 10, 6
    bottom = [[1.0, 1.0, 1.0], [5.0, 4.0, 6.0], [3.0, 2.0, 1.0]]  # block medians 1, 5, 2
    assert bench.paired_ratio(top, bottom)[1] == 3.0  # the median of 3, 2, 3
    assert bench.paired_ratio([[2.0]], [[4.0]]) == (0.5, 0.5, 0.5)  # one round


def test_cpu_model_names_the_cpu(bench):
    assert bench.cpu_model().strip()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_hand_written_step_trains_like_dlspec(bench, dtype):
    mlp = bench.bench_mlp_step
    mlp.check_by_hand(getattr(mlp.np, dtype), steps=2)  # raises on any disagreement


def test_the_agreement_check_catches_a_different_step(bench, monkeypatch):
    mlp = bench.bench_mlp_step
    # The hand-written Adam reads BETA2 when it runs; dlspec's Adam keeps 0.999.
    monkeypatch.setattr(mlp, "BETA2", 0.99)
    original = mlp.Adam
    monkeypatch.setattr(mlp, "Adam", lambda lr, **kw: original(lr, **{**kw, "beta2": 0.999}))
    with pytest.raises(AssertionError):
        mlp.check_by_hand(mlp.np.float32, steps=2)


@pytest.mark.parametrize("case", ["conv2d", "maxpool2d"])
def test_dlspec_agrees_with_pytorch_and_the_check_catches_a_difference(small, monkeypatch, case):
    torch = pytest.importorskip("torch")
    conv = small.bench_conv
    for dtype in (conv.np.float32, conv.np.float64):
        conv.check_against_torch(torch, case, dtype)  # raises on any disagreement
    # Two classic slips: the textbook convolution (the filter flipped), average for max pooling.
    if case == "conv2d":
        original = conv.conv2d_forward
        flipped = lambda A, params, **kw: original(A, {**params, "W": params["W"][::-1, ::-1]}, **kw)
        monkeypatch.setattr(conv, "conv2d_forward", flipped)
    else:
        original = conv.pool_forward
        monkeypatch.setattr(conv, "pool_forward", lambda A, **kw: original(A, **{**kw, "mode": "average"}))
    with pytest.raises(AssertionError, match=case):
        conv.check_against_torch(torch, case, conv.np.float64)
