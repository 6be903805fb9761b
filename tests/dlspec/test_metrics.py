"""Tests for dlspec.metrics."""

import numpy as np
import pytest

from dlspec.metrics import accuracy, confusion_matrix, f1_score, precision, recall


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


# Ten examples worked by hand: TP = 3, FP = 1, FN = 2, TN = 4.
Y_TRUE = np.array([[1, 1, 1, 1, 1, 0, 0, 0, 0, 0]])
Y_HAT = np.array([[1, 1, 1, 0, 0, 1, 0, 0, 0, 0]])


def test_confusion_matrix_by_hand():
    np.testing.assert_array_equal(
        confusion_matrix(Y_HAT, Y_TRUE), np.array([[4, 1], [2, 3]]), strict=True
    )


def test_precision_recall_f1_by_hand():
    assert precision(Y_HAT, Y_TRUE) == pytest.approx(3 / 4)
    assert recall(Y_HAT, Y_TRUE) == pytest.approx(3 / 5)
    p, r = 3 / 4, 3 / 5
    assert f1_score(Y_HAT, Y_TRUE) == pytest.approx(2 * p * r / (p + r))
    assert f1_score(Y_HAT, Y_TRUE) == pytest.approx(6 / 9)


def test_f1_needs_both_precision_and_recall():
    everything = np.ones((1, 10))
    assert recall(everything, Y_TRUE) == 1.0
    assert precision(everything, Y_TRUE) == 0.5
    assert f1_score(everything, Y_TRUE) == pytest.approx(2 / 3)


def test_degenerate_cases_return_zero_without_warnings():
    nothing = np.zeros((1, 10))
    assert precision(nothing, Y_TRUE) == 0.0
    assert f1_score(nothing, Y_TRUE) == 0.0
    assert recall(nothing, np.zeros((1, 10))) == 0.0


@pytest.mark.parametrize("metric", [confusion_matrix, precision, recall, f1_score])
def test_metric_errors(metric):
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\), got \(10,\)"):
        metric(Y_HAT, Y_TRUE.ravel())
    with pytest.raises(ValueError, match=r"Y_pred must contain only 0 and 1, found \[0.5\]"):
        metric(Y_HAT * 0.5, Y_TRUE)
    with pytest.raises(ValueError, match="at least one example"):
        metric(np.ones((1, 0)), np.ones((1, 0)))


ALL_METRICS = [accuracy, confusion_matrix, precision, recall, f1_score]


@pytest.mark.parametrize("metric", ALL_METRICS)
def test_metrics_refuse_probabilities_and_name_the_argument(metric):
    # Sigmoid outputs passed by mistake: accuracy would count 0.7 != 1 as a wrong answer.
    probabilities = np.array([[0.7, 0.2, 0.9, 0.4, 0.6, 0.1, 0.3, 0.2, 0.8, 0.1]])
    with pytest.raises(
        ValueError,
        match=r"Y_pred must contain .*, found \[0\.1, 0\.2, 0\.3, 0\.4, 0\.6\]: "
        r"labels must be 0/1.*not probabilities; threshold probabilities first",
    ):
        metric(probabilities, Y_TRUE)
    with pytest.raises(ValueError, match=r"^Y must contain .*found \[0\.7\]: labels must be 0/1"):
        metric(Y_HAT, np.where(Y_TRUE == 1, 0.7, 0.0))
    # Thresholded, the same probabilities are accepted: 7 of the 10 agree with Y_TRUE.
    thresholded = (probabilities > 0.5).astype(float)
    metric(thresholded, Y_TRUE)
    assert accuracy(thresholded, Y_TRUE) == pytest.approx(0.7)


@pytest.mark.parametrize("metric", ALL_METRICS)
@pytest.mark.parametrize(("bad", "found"), [(np.nan, "NaN"), (np.inf, "infinity")])
def test_metrics_refuse_nan_and_infinity(metric, bad, found):
    with_bad = Y_HAT.astype(float)
    with_bad[0, 3] = bad
    message = f"must contain only finite numbers, found {found}"
    with pytest.raises(ValueError, match=f"^Y_pred {message}"):
        metric(with_bad, Y_TRUE)
    with pytest.raises(ValueError, match=f"^Y {message}"):
        metric(Y_HAT, with_bad)


def test_accuracy_still_takes_class_labels():
    # A softmax classifier predicts whole-number classes; 3 of these 4 are right.
    assert accuracy(np.array([[3, 2, 1, 0]]), np.array([[3, 1, 1, 0]])) == pytest.approx(0.75)
    with pytest.raises(ValueError, match=r"Y_pred must contain whole numbers, found \[2\.5\]"):
        accuracy(np.array([[3, 2.5, 1, 0]]), np.array([[3, 1, 1, 0]]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[3\.0\]"):
        precision(np.array([[1, 0]]), np.array([[3, 0]]))  # the binary metrics need 0/1
