"""Smoke tests of the lstm case of `make bench` (benchmarks/bench_lstm.py) and of --cases.

As in test_bench_mlp_step.py: the script's format and its agreement check, never a time.
PyTorch is not a test dependency: the run without it is tested as such, and the check
against nn.LSTM is skipped where PyTorch is missing.
"""

import re
import sys

import pytest


@pytest.fixture
def tiny(bench, monkeypatch):
    """No pause, and an LSTM of 3 steps, batch 2, 3 inputs, 4 hidden units."""
    monkeypatch.setattr(bench, "PAUSE", 0.0)
    for name, value in (("T_X", 3), ("M", 2), ("N_X", 3), ("N_A", 4)):
        monkeypatch.setattr(bench.bench_lstm, name, value)
    return bench


def test_cases_runs_only_the_lstm_and_ends_with_its_summary(tiny, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # as on a machine without PyTorch
    assert tiny.main(["--rounds", "2", "--block", "2", "--cases", "lstm"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "dlspec (NumPy) against PyTorch on the CPU: lstm"
    assert any(line.startswith("lstm: 3 steps, batch 2, 3 inputs -> 4 hidden units") for line in lines)
    assert not any(line.startswith(("mlp-step", "conv2d", "maxpool2d")) for line in lines)
    assert lines[-2:] == ["ratio lstm float32 nan", "ratio lstm float64 nan"]
    assert [line for line in lines if re.fullmatch(r"ratio \S+ \S+ \S+", line)] == lines[-2:]


@pytest.mark.parametrize(("text", "expected"), [("lstm", ("lstm",)), (" lstm, mlp-step ", ("mlp-step", "lstm")),
                                                ("maxpool2d,conv2d", ("conv2d", "maxpool2d"))])
def test_parse_cases_keeps_the_order_of_the_table(bench, text, expected):
    assert bench.parse_cases(text) == expected


@pytest.mark.parametrize("text", ["gru", "lstm,rnn", ","])
def test_unknown_cases_are_refused(bench, text, capsys):
    with pytest.raises(SystemExit):
        bench.main(["--cases", text])
    assert "cases must be among mlp-step, conv2d, maxpool2d, lstm, mha" in capsys.readouterr().err


def test_the_weights_reach_pytorch_in_its_gate_order(tiny):
    lstm = tiny.bench_lstm
    arrays = lstm.problem(lstm.np.float64)
    weights = lstm.to_torch_weights(arrays)
    n_a = lstm.N_A
    assert weights["weight_ih_l0"].shape == (4 * n_a, lstm.N_X)
    assert weights["weight_hh_l0"].shape == (4 * n_a, n_a)
    # i, f, g, o: rows n_a..2 n_a are the forget gate's; the old state's columns come first in dlspec
    assert (weights["weight_hh_l0"][n_a : 2 * n_a] == arrays["Wf"][:, :n_a]).all()
    assert (weights["weight_ih_l0"][2 * n_a : 3 * n_a] == arrays["Wc"][:, n_a:]).all()
    assert (weights["bias_ih_l0"][3 * n_a :] == arrays["bo"][:, 0]).all()
    assert not weights["bias_hh_l0"].any()


def test_dlspec_agrees_with_pytorch_and_the_check_catches_a_difference(tiny, monkeypatch):
    torch = pytest.importorskip("torch")
    lstm = tiny.bench_lstm
    for dtype in (lstm.np.float32, lstm.np.float64):
        lstm.check_against_torch(torch, "lstm", dtype)  # raises on any disagreement
    # The classic slip: the course's order f, i, c, o where PyTorch expects i, f, g, o.
    monkeypatch.setattr(lstm, "TORCH_GATES", ("f", "i", "c", "o"))
    with pytest.raises(AssertionError, match="lstm"):
        lstm.check_against_torch(torch, "lstm", lstm.np.float64)
