"""Tests for dlspec.metrics."""

import numpy as np
import pytest

from dlspec.metrics import accuracy


def test_accuracy_hand_value():
    Y_pred = np.array([[1.0, 0.0, 1.0, 1.0]])
    Y = np.array([[1, 0, 0, 1]])
    assert accuracy(Y_pred, Y) == pytest.approx(0.75)
    assert isinstance(accuracy(Y_pred, Y), float)


def test_accuracy_extremes():
    Y = np.array([[0.0, 1.0, 1.0]])
    assert accuracy(Y, Y) == 1.0
    assert accuracy(1.0 - Y, Y) == 0.0


def test_accuracy_errors():
    with pytest.raises(ValueError, match=r"Y_pred must have shape \(1, m\), got \(3,\)"):
        accuracy(np.ones(3), np.ones((1, 3)))
    with pytest.raises(
        ValueError,
        match=r"Y_pred and Y must have the same number of examples m .*\(1, 3\) and \(1, 2\)",
    ):
        accuracy(np.ones((1, 3)), np.ones((1, 2)))
    with pytest.raises(ValueError, match="at least one example"):
        accuracy(np.ones((1, 0)), np.ones((1, 0)))
