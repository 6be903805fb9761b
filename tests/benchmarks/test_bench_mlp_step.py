"""A smoke test of benchmarks/bench_mlp_step.py: it must keep running and keep its output format.

Only the shape of the output is checked here, never a time: speed targets are read
from `make bench`, not asserted in tests. PyTorch is not a test dependency, so the
script is run as it behaves without it.
"""

import importlib.util
import math
import re
import sys

import pytest

from sitepaths import ROOT


@pytest.fixture(scope="module")
def bench():
    path = ROOT / "benchmarks" / "bench_mlp_step.py"
    spec = importlib.util.spec_from_file_location("bench_mlp_step", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_prints_the_tables_and_ends_with_the_float32_ratio(bench, capsys, monkeypatch):
    monkeypatch.setattr(bench, "PAUSE", 0.0)
    monkeypatch.setitem(sys.modules, "torch", None)  # as on a machine without PyTorch
    assert bench.main(["--rounds", "2", "--block", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "PyTorch not installed" in lines
    for name in ("dlspec", "NumPy by hand"):
        pattern = re.compile(rf"{name}( +[0-9.]+)+")
        rows = [line[len(name) :].split() for line in lines if pattern.fullmatch(line)]
        assert len(rows) == 2  # the step times, then the float32 phases
        step_ms, phase_ms = (list(map(float, row)) for row in rows)
        assert len(step_ms) == 2 and len(phase_ms) == 3
        assert all(ms > 0 for ms in step_ms + phase_ms)
        assert sum(phase_ms) < 2 * step_ms[0]  # the phases are parts of a float32 step
    by_hand = next(line for line in lines if line.startswith("ratio dlspec/NumPy by hand"))
    assert all(float(r) > 0 for r in by_hand.split()[-2:])  # a real ratio even without PyTorch
    assert not any(line.startswith("ratio NumPy by hand/PyTorch") for line in lines)
    assert lines[-1].startswith("float32 step time ratio dlspec/PyTorch: ")
    assert math.isnan(float(lines[-1].rsplit(":", 1)[1]))


def test_time_blocks_times_every_round_of_every_variant(bench, monkeypatch):
    monkeypatch.setattr(bench, "PAUSE", 0.0)
    calls = []
    groups = [{("a", 1): lambda: calls.append("a")}, {("b", 1): lambda: calls.append("b")}]
    times = bench.time_blocks(groups, rounds=3, block=4)
    assert calls == (["a"] * 6 + ["b"] * 6) * 3  # 2 warm-up + 4 timed steps per block, alternating
    assert {key: [len(block) for block in blocks] for key, blocks in times.items()} == {
        ("a", 1): [4, 4, 4],
        ("b", 1): [4, 4, 4],
    }


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_hand_written_step_trains_like_dlspec(bench, dtype):
    bench.check_by_hand(getattr(bench.np, dtype), steps=2)  # raises on any disagreement


def test_the_agreement_check_catches_a_different_step(bench, monkeypatch):
    # The hand-written Adam reads BETA2 when it runs; dlspec's Adam keeps 0.999.
    monkeypatch.setattr(bench, "BETA2", 0.99)
    original = bench.Adam
    monkeypatch.setattr(bench, "Adam", lambda lr, **kw: original(lr, **{**kw, "beta2": 0.999}))
    with pytest.raises(AssertionError):
        bench.check_by_hand(bench.np.float32, steps=2)
