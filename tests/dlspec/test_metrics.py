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


# --- segmentation masks (Course 4, Week 3) ---------------------------------------------------------

from dlspec.metrics import mean_iou, pixel_accuracy  # noqa: E402

# A 2 x 3 mask worked by hand. Class 0: predicted {(0,0), (1,2)}, true {(0,0), (0,1)}: 1 of 3.
# Class 1: predicted {(0,1), (0,2), (1,0)}, true {(0,2), (1,0)}: 2 of 3. Class 2: predicted
# {(1,1)}, true {(1,1), (1,2)}: 1 of 2. Class 3: in neither mask, left out of the mean.
TRUE_MASK = np.array([[0, 0, 1], [1, 2, 2]])
PRED_MASK = np.array([[0, 1, 1], [1, 2, 0]])


def test_pixel_accuracy_by_hand():
    assert pixel_accuracy(PRED_MASK, TRUE_MASK) == pytest.approx(4 / 6)
    assert isinstance(pixel_accuracy(PRED_MASK, TRUE_MASK), float)
    assert pixel_accuracy(TRUE_MASK, TRUE_MASK) == 1.0


def test_mean_iou_by_hand():
    assert mean_iou(PRED_MASK, TRUE_MASK, 3) == pytest.approx((1 / 3 + 2 / 3 + 1 / 2) / 3)
    assert mean_iou(PRED_MASK, TRUE_MASK, 4) == mean_iou(PRED_MASK, TRUE_MASK, 3)  # class 3 absent
    assert mean_iou(TRUE_MASK, TRUE_MASK, 5) == 1.0


def test_mean_iou_counts_a_predicted_but_absent_class_as_zero():
    true = np.zeros((4, 4), dtype=int)
    pred = true.copy()
    pred[0, 0] = 1  # one pixel of a class that is not there
    assert pixel_accuracy(pred, true) == 15 / 16
    assert mean_iou(pred, true, 2) == pytest.approx((15 / 16 + 0.0) / 2)


def test_mean_iou_does_not_let_a_small_class_vanish():
    """All background: pixel accuracy 0.96 on a mask whose object covers 4% of the pixels."""
    true = np.zeros((2, 5, 5))
    true[:, 1, 1:3] = 1  # 2 of 25 pixels in each image
    pred = np.zeros_like(true)
    assert pixel_accuracy(pred, true) == pytest.approx(46 / 50)
    assert mean_iou(pred, true, 2) == pytest.approx((46 / 50 + 0) / 2)


def pixel_set_iou(pred, true, c):
    """IoU of class c as sets of pixel positions, in plain Python."""
    P = {i for i, v in np.ndenumerate(pred) if v == c}
    T = {i for i, v in np.ndenumerate(true) if v == c}
    return len(P & T) / len(P | T) if P | T else None


def test_mean_iou_equals_sets_of_pixels(rng):
    true = rng.integers(0, 4, size=(3, 5, 6))
    pred = np.where(rng.random((3, 5, 6)) < 0.7, true, rng.integers(0, 4, size=(3, 5, 6)))
    pred[pred == 3] = 0  # class 3 never predicted
    ious = [v for c in range(6) if (v := pixel_set_iou(pred, true, c)) is not None]
    assert mean_iou(pred, true, 6) == pytest.approx(np.mean(ious), rel=1e-12)
    assert pixel_accuracy(pred, true) == pytest.approx(np.mean(pred == true))
    assert mean_iou(pred.astype(float), true.astype(np.float32), 6) == mean_iou(pred, true, 6)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: pixel_accuracy(PRED_MASK, TRUE_MASK.T), ValueError,
         r"^pred_mask and true_mask must have the same shape, got \(2, 3\) and \(3, 2\)"),
        (lambda: pixel_accuracy(PRED_MASK * 0.5, TRUE_MASK), ValueError,
         r"^pred_mask must hold class labels 0, 1, 2, \.\.\., one per pixel, found \[0.5\]; for "
         r"scores of shape \(\.\.\., n_classes\) take argmax\(axis=-1\) first"),
        (lambda: pixel_accuracy(PRED_MASK, -TRUE_MASK), ValueError, r"^true_mask must hold class labels"),
        (lambda: pixel_accuracy(np.zeros((0, 3)), np.zeros((0, 3))), ValueError,
         r"^the masks must hold at least one pixel"),
        (lambda: pixel_accuracy([[np.nan]], [[0]]), ValueError, r"^pred_mask must contain only finite"),
        (lambda: mean_iou(PRED_MASK, TRUE_MASK, 2), ValueError,
         r"^pred_mask must hold class labels 0, 1, 2, \.\.\. below n_classes = 2, one per pixel, found \[2.0\]"),
        (lambda: mean_iou(PRED_MASK, TRUE_MASK, 0), ValueError, r"^n_classes must be an integer >= 1"),
        (lambda: mean_iou(PRED_MASK, TRUE_MASK, 3.0), TypeError, r"^n_classes must be an integer"),
        (lambda: mean_iou("abc", TRUE_MASK, 3), TypeError, r"^pred_mask must be a numeric"),
    ],
)
def test_mask_metrics_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
