"""Smoke tests of the mha case of `make bench` (benchmarks/bench_mha.py) and of its summary lines.

As in test_bench_lstm.py: the script's format and its agreement check, never a time.
PyTorch is not a test dependency: the run without it is tested as such (dlspec's side runs
and keeps float32), and the checks against nn.MultiheadAttention and
F.scaled_dot_product_attention are skipped where PyTorch is missing.
"""

import re
import sys

import numpy as np
import pytest


@pytest.fixture
def tiny(bench, monkeypatch):
    """No pause, and attention over a batch of 2, 5 positions, d_model 12, 3 heads."""
    monkeypatch.setattr(bench, "PAUSE", 0.0)
    for name, value in (("M", 2), ("T", 5), ("D_MODEL", 12), ("N_HEADS", 3)):
        monkeypatch.setattr(bench.bench_mha, name, value)
    return bench


def test_cases_runs_only_mha_and_ends_with_its_two_summary_lines(tiny, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # as on a machine without PyTorch
    assert tiny.main(["--rounds", "2", "--block", "2", "--cases", "mha"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "dlspec (NumPy) against PyTorch on the CPU: mha"
    assert any(line.startswith("mha: self-attention, batch 2, 5 positions, d_model 12, 3 heads") for line in lines)
    start = lines.index(next(line for line in lines if line.startswith("mha ms (median)")))
    assert lines[start].split()[-1] == "float32" and "float64" not in lines[start]
    assert lines[start + 1].startswith("dlspec") and float(lines[start + 1].split()[-1]) > 0
    assert lines[start + 2].split()[:2] == ["ratio", "dlspec/PyTorch"]
    assert any(line.startswith("ratio dlspec/PyTorch SDPA") for line in lines)
    assert lines[-2:] == ["ratio mha float32 nan", "ratio mha-sdpa float32 nan"]
    assert [line for line in lines if re.fullmatch(r"ratio \S+ \S+ \S+", line)] == lines[-2:]


def test_the_dlspec_step_keeps_float32_and_its_gradients(tiny):
    mha = tiny.bench_mha
    variants, checks = mha.steps(None)
    assert list(variants) == [("mha", "dlspec", "float32")]
    step = variants["mha", "dlspec", "float32"]
    step()
    for check in checks:
        check()  # raises if a dtype changed
    assert set(step.result) == {"out", "dx", "dWq", "dbq", "dWk", "dbk", "dWv", "dbv", "dWo", "dbo"}
    assert step.result["dx"].shape == (2, 5, 12) and step.result["dWq"].shape == (12, 12)


def test_the_weights_reach_pytorch_transposed_and_packed(tiny):
    mha = tiny.bench_mha
    arrays = mha.problem(np.float64)
    weights = mha.to_torch_weights(arrays)
    d = mha.D_MODEL
    assert weights["in_proj_weight"].shape == (3 * d, d)
    # nn.Linear computes x @ weight.T: rows d..2d hold the keys' projection, transposed
    np.testing.assert_array_equal(weights["in_proj_weight"][d : 2 * d], arrays["Wk"].T)
    np.testing.assert_array_equal(weights["in_proj_bias"][2 * d :], arrays["bv"])
    np.testing.assert_array_equal(weights["out_proj.weight"], arrays["Wo"].T)


def test_dlspec_agrees_with_pytorch_and_the_check_catches_a_difference(tiny, monkeypatch):
    torch = pytest.importorskip("torch")
    mha = tiny.bench_mha
    for dtype in (np.float32, np.float64):
        mha.check_against_torch(torch, "mha", dtype)  # raises on any disagreement
    # The classic slip: dlspec's x @ W handed to PyTorch's x @ W.T without the transpose.
    monkeypatch.setattr(mha, "to_torch_weights", lambda arrays: {
        "in_proj_weight": np.concatenate([arrays[f"W{p}"] for p in "qkv"]),
        "in_proj_bias": np.concatenate([arrays[f"b{p}"] for p in "qkv"]),
        "out_proj.weight": arrays["Wo"], "out_proj.bias": arrays["bo"]})
    with pytest.raises(AssertionError, match="mha"):
        mha.check_against_torch(torch, "mha", np.float64)
