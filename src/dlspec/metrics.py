r"""Evaluation metrics for predicted labels.

Course 1, Week 2 measures logistic regression by its accuracy; later weeks
(Course 3, Week 1: single-number evaluation metrics) add more metrics here.

Labels follow the course layout: a row of shape ``(1, m)``, one entry per
example. Segmentation (Course 4, Week 3) labels every pixel: :func:`pixel_accuracy` and
:func:`mean_iou` compare two masks of class labels of any shape, e.g. (m, n_H, n_W).
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_same_m,
    check_same_shape,
    check_shape,
)

#: Ends the message whenever a label row holds something other than labels.
_THRESHOLD_HINT = "threshold probabilities first, e.g. (A > 0.5).astype(float)"


def _label_rows(Y_pred, Y, who, *, binary):
    """Both label rows as float arrays, checked once for every metric.

    Each must be a finite ``(1, m)`` row, with the same ``m >= 1``, holding
    labels: 0 and 1 if ``binary``, otherwise whole numbers (class labels
    such as the 0-9 of a softmax classifier). A probability such as 0.7 is
    refused rather than silently counted as a wrong prediction.
    """
    Y_pred = as_float_array("Y_pred", Y_pred)
    Y = as_float_array("Y", Y)
    check_shape("Y_pred", Y_pred, (1, "m"))
    check_shape("Y", Y, (1, "m"))
    check_same_m("Y_pred", Y_pred, "Y", Y)
    if Y.shape[1] == 0:
        raise ValueError(f"{who} at least one example, got Y_pred and Y of shape {Y.shape} (m = 0)")
    for name, labels in (("Y_pred", Y_pred), ("Y", Y)):
        check_finite(name, labels)
        if binary:
            bad = labels[(labels != 0) & (labels != 1)]
            rule = "only 0 and 1", "labels must be 0/1"
        else:
            bad = labels[labels != np.round(labels)]
            rule = "whole numbers", "labels must be 0/1 (or class numbers 0, 1, 2, ...)"
        if bad.size:
            raise ValueError(
                f"{name} must contain {rule[0]}, found {np.unique(bad)[:5].tolist()}: "
                f"{rule[1]}, not probabilities; {_THRESHOLD_HINT}"
            )
    return Y_pred, Y


def accuracy(Y_pred, Y):
    r"""Fraction of examples whose predicted label equals the true label.

    Parameters
    ----------
    Y_pred : ndarray of shape (1, m)
        Predicted labels (e.g. from
        :func:`dlspec.logistic_regression.predict_logistic`): 0/1, or
        whole-number class labels such as those of
        :meth:`dlspec.network.Network.predict` with a softmax output.
    Y : ndarray of shape (1, m)
        True labels, of the same kind.

    Returns
    -------
    float
        A number in [0, 1].

    Raises
    ------
    ValueError
        If either array is not ``(1, m)``, the m's differ, ``m == 0``, or
        an entry is NaN, infinite or not a whole number (e.g. a
        probability 0.7: threshold it first).

    Notes
    -----
    .. math:: \mathrm{accuracy} = \frac{1}{m} \sum_{i=1}^{m}
              \mathbb{1}\left[\hat y^{(i)} = y^{(i)}\right]

    Course 1, Week 2.
    """
    Y_pred, Y = _label_rows(Y_pred, Y, "accuracy needs", binary=False)
    return float(np.mean(Y_pred == Y))


def confusion_matrix(Y_pred, Y):
    r"""Counts of true/false positives and negatives for binary labels.

    Parameters
    ----------
    Y_pred : ndarray of shape (1, m)
        Predicted labels, 0 or 1.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    ndarray of shape (2, 2), dtype int64
        ``[[TN, FP], [FN, TP]]``: row = true label, column = predicted label.

    Raises
    ------
    ValueError
        If the shapes are not ``(1, m)`` with the same ``m >= 1``, or a label
        is not 0/1 (NaN, infinity, or a probability such as 0.7: threshold
        it first).

    Notes
    -----
    Course 3, Week 1 (error analysis starts from these four counts).
    """
    Y_pred, Y = _label_rows(Y_pred, Y, "metrics need", binary=True)
    counts = np.zeros((2, 2), dtype=np.int64)
    for true in (0, 1):
        for pred in (0, 1):
            counts[true, pred] = int(np.sum((Y == true) & (Y_pred == pred)))
    return counts


def precision(Y_pred, Y):
    r"""Of the examples predicted positive, the fraction that are positive.

    Returns 0.0 when nothing is predicted positive (no claim, no precision).

    Parameters and Raises as in :func:`confusion_matrix`.

    Notes
    -----
    .. math:: \mathrm{precision} = \frac{TP}{TP + FP}

    Course 3, Week 1.
    """
    (_, fp), (_, tp) = confusion_matrix(Y_pred, Y)
    return float(tp / (tp + fp)) if tp + fp else 0.0


def recall(Y_pred, Y):
    r"""Of the positive examples, the fraction predicted positive.

    Returns 0.0 when there is no positive example.

    Parameters and Raises as in :func:`confusion_matrix`.

    Notes
    -----
    .. math:: \mathrm{recall} = \frac{TP}{TP + FN}

    Course 3, Week 1.
    """
    _, (fn, tp) = confusion_matrix(Y_pred, Y)
    return float(tp / (tp + fn)) if tp + fn else 0.0


def f1_score(Y_pred, Y):
    r"""Harmonic mean of precision and recall: one number that needs both to be high.

    Returns 0.0 when precision and recall are both 0.

    Parameters and Raises as in :func:`confusion_matrix`.

    Notes
    -----
    .. math:: F_1 = \frac{2}{1/P + 1/R} = \frac{2PR}{P + R} = \frac{2\,TP}{2\,TP + FP + FN}

    Course 3, Week 1 (a single-number evaluation metric).
    """
    (_, fp), (fn, tp) = confusion_matrix(Y_pred, Y)
    return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0


# ---------------------------------------------------------------------------
# Segmentation masks (Course 4, Week 3)
# ---------------------------------------------------------------------------


def _masks(pred_mask, true_mask, n_classes=None):
    """Both masks as float arrays of one shape, holding class labels 0, 1, ... (< n_classes)."""
    pred_mask = as_float_array("pred_mask", pred_mask)
    true_mask = as_float_array("true_mask", true_mask)
    check_same_shape("pred_mask", pred_mask, "true_mask", true_mask)
    if true_mask.size == 0:
        raise ValueError(f"the masks must hold at least one pixel, got shape {true_mask.shape}")
    top = "" if n_classes is None else f" below n_classes = {n_classes}"
    for name, mask in (("pred_mask", pred_mask), ("true_mask", true_mask)):
        check_finite(name, mask)
        bad = (mask != np.round(mask)) | (mask < 0)
        if n_classes is not None:
            bad |= mask >= n_classes
        if np.any(bad):
            raise ValueError(
                f"{name} must hold class labels 0, 1, 2, ...{top}, one per pixel, found "
                f"{np.unique(mask[bad])[:5].tolist()}; for scores of shape (..., n_classes) "
                "take argmax(axis=-1) first"
            )
    return pred_mask, true_mask


def pixel_accuracy(pred_mask, true_mask):
    r"""Fraction of pixels whose predicted class is the true class.

    Parameters
    ----------
    pred_mask : ndarray of any shape, e.g. (m, n_H, n_W)
        Predicted class of every pixel: whole numbers >= 0 (e.g. ``argmax`` of a
        segmentation network's scores over the class axis).
    true_mask : ndarray of the same shape
        True class of every pixel.

    Returns
    -------
    float
        A number in [0, 1].

    Raises
    ------
    ValueError
        If the shapes differ, the masks hold no pixel, or an entry is NaN, infinite,
        negative or not a whole number (scores or probabilities: take the argmax first).
    TypeError
        If a mask is not numeric.

    Notes
    -----
    .. math:: \frac{1}{N} \sum_{\text{pixels } j} \mathbb{1}[\hat y_j = y_j]

    over all :math:`N` pixels of all images. When the background covers most of the image,
    predicting "background" everywhere already scores high: :func:`mean_iou` does not let
    a small class vanish like that. Course 4, Week 3 (semantic segmentation).
    """
    pred_mask, true_mask = _masks(pred_mask, true_mask)
    return float(np.mean(pred_mask == true_mask))


def mean_iou(pred_mask, true_mask, n_classes):
    r"""Intersection over union of each class's pixels, averaged over the classes present.

    Parameters
    ----------
    pred_mask : ndarray of any shape, e.g. (m, n_H, n_W)
        Predicted class of every pixel, whole numbers in ``[0, n_classes)``.
    true_mask : ndarray of the same shape
        True class of every pixel, whole numbers in ``[0, n_classes)``.
    n_classes : int >= 1
        The number of classes, background included.

    Returns
    -------
    float
        A number in [0, 1]; 1 only when the masks are equal.

    Raises
    ------
    ValueError
        As :func:`pixel_accuracy`, or a label is ``>= n_classes``, or ``n_classes < 1``.
    TypeError
        If a mask is not numeric or ``n_classes`` is not an integer.

    Notes
    -----
    For class :math:`c`, with :math:`P_c` the pixels predicted :math:`c` and :math:`T_c`
    the pixels that are :math:`c` (over all images together),

    .. math:: \mathrm{IoU}_c = \frac{|P_c \cap T_c|}{|P_c \cup T_c|}, \qquad
              \mathrm{mean\ IoU} = \frac{1}{|K|} \sum_{c \in K} \mathrm{IoU}_c,

    where :math:`K` holds the classes **present in either mask** (:math:`P_c \cup T_c`
    not empty). A class in neither mask has IoU 0/0 and is left out rather than counted as
    0 or 1; a class that is predicted but absent, or present but never predicted, counts
    with IoU 0. Every class weighs the same, however few its pixels: the IoU of boxes
    (:func:`dlspec.detection.iou`) applied to sets of pixels. Course 4, Week 3.
    """
    n_classes = check_int("n_classes", n_classes)
    pred_mask, true_mask = _masks(pred_mask, true_mask, n_classes)
    pred, true = pred_mask.astype(np.int64).ravel(), true_mask.astype(np.int64).ravel()
    # counts[t, p]: pixels of true class t predicted as p.
    counts = np.bincount(true * n_classes + pred, minlength=n_classes * n_classes)
    counts = counts.reshape(n_classes, n_classes)
    intersection = np.diag(counts)
    union = counts.sum(axis=0) + counts.sum(axis=1) - intersection
    present = union > 0
    return float(np.mean(intersection[present] / union[present]))
