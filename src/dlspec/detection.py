r"""Object detection: bounding boxes, IoU, score filtering and non-max suppression.

Course 4, Week 3. A detector says where objects are with **bounding boxes**. Two formats are
used, both as arrays whose last axis holds the four numbers of a box, shape ``(..., 4)``:

* **corners** ``(x1, y1, x2, y2)``: the top-left and the bottom-right corner, with
  ``x1 <= x2`` and ``y1 <= y2``. This is the format of :func:`box_area`, :func:`iou` and the
  non-max suppressions;
* **centre/size** ``(x_c, y_c, w, h)``: the centre, the width and the height, the format a
  YOLO network predicts (the course writes it :math:`b_x, b_y, b_h, b_w`; here width comes
  before height, like x before y). :func:`corners_to_centre` and :func:`centre_to_corners`
  convert.

``x`` runs to the right along the columns of an image and ``y`` downwards along its rows, as
in an image array ``image[y, x]``. The units are the caller's: pixels, or fractions of the
image's width and height as in YOLO's output (:mod:`dlspec.yolo`); IoU does not depend on them.

The post-processing of a detector's output, as in the course::

    scores, boxes, classes = filter_boxes(confidence, class_probs, boxes, threshold=0.6)
    keep = non_max_suppression_per_class(boxes, scores, classes, iou_threshold=0.5)
    boxes[keep], scores[keep], classes[keep]          # the detections, best first

:func:`filter_boxes` keeps the boxes whose score (confidence times class probability) is high
enough; :func:`non_max_suppression` then keeps, of boxes that overlap (IoU above a
threshold), only the one with the highest score.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_in_unit_interval,
    check_int,
    check_real,
    check_shape,
)

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_boxes(name, boxes, *, corners, rows=False):
    """``boxes`` as a finite float array of shape (..., 4), or (n, 4) if ``rows``.

    Corner boxes must have ``x1 <= x2`` and ``y1 <= y2``; centre/size boxes ``w, h >= 0``.
    """
    boxes = as_float_array(name, boxes)
    if rows:
        check_shape(name, boxes, ("n", 4), hint="(one box per row; a single box as box[None])")
    elif boxes.ndim == 0 or boxes.shape[-1] != 4:
        raise ValueError(f"{name} must have shape (..., 4), four numbers per box, got {boxes.shape}")
    check_finite(name, boxes)
    if corners:
        bad = (boxes[..., 2] < boxes[..., 0]) | (boxes[..., 3] < boxes[..., 1])
        rule = "corners (x1, y1, x2, y2) with x1 <= x2 and y1 <= y2"
        hint = "; boxes (x_c, y_c, w, h) go through centre_to_corners first"
    else:
        bad = (boxes[..., 2] < 0) | (boxes[..., 3] < 0)
        rule = "(x_c, y_c, w, h) with w >= 0 and h >= 0"
        hint = ""
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} must hold {rule}; box {where if len(where) > 1 else where[0]} is "
            f"{boxes[where].tolist()}{hint}"
        )
    return boxes


def _check_scores(name, scores, n):
    """``scores`` as a finite float array of shape (n,)."""
    scores = as_float_array(name, scores)
    check_shape(name, scores, (n,), hint="(one score per box)")
    check_finite(name, scores)
    return scores


def _check_max_boxes(max_boxes):
    """``max_boxes`` as an int >= 1, or None (no limit)."""
    return None if max_boxes is None else check_int("max_boxes", max_boxes)


# ---------------------------------------------------------------------------
# Box formats and areas
# ---------------------------------------------------------------------------


def corners_to_centre(boxes):
    r"""Corner boxes ``(x1, y1, x2, y2)`` as centre/size boxes ``(x_c, y_c, w, h)``.

    Parameters
    ----------
    boxes : ndarray of shape (..., 4)
        Corners, ``x1 <= x2`` and ``y1 <= y2``.

    Returns
    -------
    ndarray of shape (..., 4)
        ``(x_c, y_c, w, h)``, in ``boxes``' dtype (float32 stays float32).

    Raises
    ------
    ValueError
        If the last axis does not hold 4 numbers, an entry is NaN or infinite, or a box has
        ``x2 < x1`` or ``y2 < y1``.
    TypeError
        If ``boxes`` is not numeric.

    Notes
    -----
    .. math:: x_c = \frac{x_1 + x_2}{2}, \quad y_c = \frac{y_1 + y_2}{2}, \quad
              w = x_2 - x_1, \quad h = y_2 - y_1.

    Course 4, Week 3.
    """
    boxes = _check_boxes("boxes", boxes, corners=True)
    x1, y1, x2, y2 = np.moveaxis(boxes, -1, 0)
    return np.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], axis=-1)


def centre_to_corners(boxes):
    r"""Centre/size boxes ``(x_c, y_c, w, h)`` as corner boxes ``(x1, y1, x2, y2)``.

    Parameters
    ----------
    boxes : ndarray of shape (..., 4)
        Centres and sizes, ``w >= 0`` and ``h >= 0``.

    Returns
    -------
    ndarray of shape (..., 4)
        ``(x1, y1, x2, y2)``, in ``boxes``' dtype.

    Raises
    ------
    ValueError
        If the last axis does not hold 4 numbers, an entry is NaN or infinite, or a width or
        height is negative.
    TypeError
        If ``boxes`` is not numeric.

    Notes
    -----
    .. math:: x_1 = x_c - \frac{w}{2}, \quad y_1 = y_c - \frac{h}{2}, \quad
              x_2 = x_c + \frac{w}{2}, \quad y_2 = y_c + \frac{h}{2}.

    The inverse of :func:`corners_to_centre` (up to rounding). Course 4, Week 3.
    """
    boxes = _check_boxes("boxes", boxes, corners=False)
    x_c, y_c, w, h = np.moveaxis(boxes, -1, 0)
    return np.stack([x_c - w / 2, y_c - h / 2, x_c + w / 2, y_c + h / 2], axis=-1)


def box_area(boxes):
    r"""The area of corner boxes.

    Parameters
    ----------
    boxes : ndarray of shape (..., 4)
        Corners ``(x1, y1, x2, y2)``, ``x1 <= x2`` and ``y1 <= y2``.

    Returns
    -------
    ndarray of shape (...)
        :math:`(x_2 - x_1)(y_2 - y_1) \ge 0`; 0 for a box without width or height.

    Raises
    ------
    ValueError, TypeError
        As :func:`corners_to_centre`.

    Notes
    -----
    Course 4, Week 3.
    """
    return _area(_check_boxes("boxes", boxes, corners=True))


def _area(boxes):
    """:func:`box_area` on checked boxes."""
    return (boxes[..., 2] - boxes[..., 0]) * (boxes[..., 3] - boxes[..., 1])


# ---------------------------------------------------------------------------
# Intersection over union
# ---------------------------------------------------------------------------


def iou(boxes_a, boxes_b):
    r"""Intersection over union of every box of ``boxes_a`` with every box of ``boxes_b``.

    Parameters
    ----------
    boxes_a : ndarray of shape (n, 4)
        Corner boxes ``(x1, y1, x2, y2)``; ``n`` may be 0.
    boxes_b : ndarray of shape (k, 4)
        Corner boxes; ``k`` may be 0. One box is ``box[None]``, of shape (1, 4).

    Returns
    -------
    ndarray of shape (n, k)
        ``out[i, j]`` is the IoU of ``boxes_a[i]`` and ``boxes_b[j]``, in [0, 1].

    Raises
    ------
    ValueError
        If an array is not (n, 4), holds NaN or infinity, or has a box with ``x2 < x1`` or
        ``y2 < y1`` (centre/size boxes: convert them with :func:`centre_to_corners`).
    TypeError
        If an array is not numeric.

    Notes
    -----
    .. math:: \mathrm{IoU}(A, B) = \frac{|A \cap B|}{|A \cup B|}
              = \frac{|A \cap B|}{|A| + |B| - |A \cap B|},

    where the intersection is the box from the larger of the two top-left corners to the
    smaller of the two bottom-right corners, with width and height
    :math:`\max(0, \min(x_2, x_2') - \max(x_1, x_1'))` (likewise in y) and so area 0 when
    the boxes do not overlap. Consequences: identical boxes give 1; boxes that only touch
    along an edge or at a corner give 0, like boxes far apart; a box nested in another gives
    the ratio of their areas. A box of zero area has an empty intersection with everything,
    so its IoU is 0; when both boxes have zero area the union is 0 too, and the IoU is
    *defined* as 0 (not 0/0). The course counts a detection as correct when its IoU with
    the true box is at least 0.5. Course 4, Week 3.
    """
    boxes_a = _check_boxes("boxes_a", boxes_a, corners=True, rows=True)
    boxes_b = _check_boxes("boxes_b", boxes_b, corners=True, rows=True)
    return _iou(boxes_a, boxes_b)


def _iou(boxes_a, boxes_b):
    """:func:`iou` on checked boxes."""
    a, b = boxes_a[:, None, :], boxes_b[None, :, :]  # (n, 1, 4) and (1, k, 4)
    inter_w = np.maximum(0, np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]))
    inter_h = np.maximum(0, np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]))
    inter = inter_w * inter_h  # (n, k)
    union = _area(a) + _area(b) - inter
    out = np.zeros_like(inter)
    np.divide(inter, union, out=out, where=union > 0)  # a union of area 0: IoU 0
    return out


# ---------------------------------------------------------------------------
# Score filtering
# ---------------------------------------------------------------------------


def filter_boxes(confidence, class_probs, boxes, threshold):
    r"""Keep the boxes whose best class score reaches ``threshold``.

    Parameters
    ----------
    confidence : ndarray of shape (...)
        :math:`p_c`, the probability that a box holds an object, e.g. of shape
        (S_h, S_w, n_anchors) from :func:`dlspec.yolo.decode_yolo`, or (n,).
    class_probs : ndarray of shape (..., n_classes)
        The probability of each class given an object.
    boxes : ndarray of shape (..., 4)
        The boxes, in any format; they are passed through.
    threshold : float in [0, 1]
        A box is kept when its score is ``>= threshold``.

    Returns
    -------
    scores : ndarray of shape (k,)
        The kept boxes' scores.
    boxes : ndarray of shape (k, 4)
        The kept boxes.
    classes : ndarray of shape (k,), int64
        The class of each kept box: the one with the highest score (the lowest class index
        among equal ones).

    The ``k`` kept boxes come in the order of the flattened leading axes (for a YOLO grid:
    row by row, cell by cell, anchor by anchor); ``k`` may be 0.

    Raises
    ------
    ValueError
        If the shapes do not match, a probability is outside [0, 1] (logits? see
        :func:`dlspec.yolo.decode_yolo`), an entry is NaN or infinite, or ``threshold`` is
        outside [0, 1].
    TypeError
        If an array is not numeric or ``threshold`` is not a number.

    Notes
    -----
    .. math:: \text{score}_{c} = p_c \cdot P(\text{class } c \mid \text{object}), \qquad
              c^* = \arg\max_c \text{score}_c, \qquad
              \text{keep} \iff \text{score}_{c^*} \ge \text{threshold}.

    Only each box's best class is kept, as in the course: a box is one detection, of one
    class. Course 4, Week 3 (YOLO).
    """
    confidence = as_float_array("confidence", confidence)
    class_probs = as_float_array("class_probs", class_probs)
    boxes = as_float_array("boxes", boxes)
    lead = confidence.shape
    check_shape("class_probs", class_probs, (*lead, "n_classes"),
                hint=f"to match confidence of shape {lead}")
    check_shape("boxes", boxes, (*lead, 4), hint=f"to match confidence of shape {lead}")
    if class_probs.shape[-1] == 0:
        raise ValueError("class_probs must hold at least one class (its last axis), got 0")
    threshold = check_real("threshold", threshold, 0.0, 1.0)
    for name, a in (("confidence", confidence), ("class_probs", class_probs), ("boxes", boxes)):
        check_finite(name, a)
    check_in_unit_interval("confidence", confidence)
    check_in_unit_interval("class_probs", class_probs)
    box_scores = confidence[..., None] * class_probs  # (..., n_classes)
    classes = np.argmax(box_scores, axis=-1)  # (...)
    scores = np.take_along_axis(box_scores, classes[..., None], axis=-1)[..., 0]
    keep = scores >= threshold
    return scores[keep], boxes[keep], classes[keep].astype(np.int64)


# ---------------------------------------------------------------------------
# Non-max suppression
# ---------------------------------------------------------------------------


def non_max_suppression(boxes, scores, iou_threshold, max_boxes=None):
    r"""Greedy non-max suppression: the indices of the boxes to keep, best first.

    Parameters
    ----------
    boxes : ndarray of shape (n, 4)
        Corner boxes ``(x1, y1, x2, y2)``; ``n`` may be 0.
    scores : ndarray of shape (n,)
        Any finite numbers; higher is better.
    iou_threshold : float in [0, 1]
        A box is suppressed when its IoU with a kept box is **strictly greater** than this.
    max_boxes : int >= 1, optional
        Stop after this many boxes; default: no limit.

    Returns
    -------
    ndarray of shape (k,), int64
        Indices into ``boxes``, in decreasing score order; boxes of equal score come in
        increasing index order (the lower index first, so it is the one kept when the two
        overlap).

    Raises
    ------
    ValueError
        If a shape is wrong, an entry is NaN or infinite, a box has ``x2 < x1`` or
        ``y2 < y1``, ``iou_threshold`` is outside [0, 1] or ``max_boxes < 1``.
    TypeError
        If an array is not numeric, ``iou_threshold`` is not a number or ``max_boxes`` is
        not an integer.

    Notes
    -----
    A detector usually finds the same object several times, from neighbouring cells or
    anchors. Repeat, while boxes remain:

    1. keep the remaining box with the highest score;
    2. discard every remaining box whose IoU with it is :math:`> \text{iou\_threshold}`.

    Boxes whose IoU equals the threshold are kept (torchvision's and TensorFlow's rule).
    ``iou_threshold = 1`` suppresses nothing; ``iou_threshold = 0`` suppresses every box
    that overlaps a better one with positive area, but keeps boxes that only touch.
    Classes are ignored: see :func:`non_max_suppression_per_class`. Course 4, Week 3.
    """
    boxes = _check_boxes("boxes", boxes, corners=True, rows=True)
    scores = _check_scores("scores", scores, boxes.shape[0])
    iou_threshold = check_real("iou_threshold", iou_threshold, 0.0, 1.0)
    return _nms(boxes, scores, iou_threshold, _check_max_boxes(max_boxes))


def _nms(boxes, scores, iou_threshold, max_boxes):
    """:func:`non_max_suppression` on checked arguments."""
    order = np.argsort(-scores, kind="stable")  # best first; equal scores in index order
    keep = []
    while order.size and (max_boxes is None or len(keep) < max_boxes):
        best, rest = order[0], order[1:]
        keep.append(best)
        overlap = _iou(boxes[best][None], boxes[rest])[0]  # (len(rest),)
        order = rest[overlap <= iou_threshold]  # order is kept: still best first
    return np.array(keep, dtype=np.int64)


def non_max_suppression_per_class(boxes, scores, classes, iou_threshold, max_boxes=None):
    r"""Non-max suppression within each class: boxes of different classes never suppress.

    Parameters
    ----------
    boxes : ndarray of shape (n, 4)
        Corner boxes ``(x1, y1, x2, y2)``; ``n`` may be 0.
    scores : ndarray of shape (n,)
    classes : ndarray of shape (n,)
        Class labels, whole numbers (e.g. from :func:`filter_boxes`).
    iou_threshold : float in [0, 1]
        As in :func:`non_max_suppression`: suppressed when IoU ``> iou_threshold``.
    max_boxes : int >= 1, optional
        At most this many boxes in all, the best ones.

    Returns
    -------
    ndarray of shape (k,), int64
        Indices into ``boxes``, in decreasing score order over all classes; equal scores in
        increasing index order.

    Raises
    ------
    ValueError, TypeError
        As :func:`non_max_suppression`; also if ``classes`` is not (n,) or holds a number
        that is not whole.

    Notes
    -----
    :func:`non_max_suppression` run on the boxes of each class on its own, the results
    merged by score. A car and a pedestrian may overlap a lot and both be right; two cars
    that overlap a lot are usually one car found twice. Course 4, Week 3.
    """
    boxes = _check_boxes("boxes", boxes, corners=True, rows=True)
    n = boxes.shape[0]
    scores = _check_scores("scores", scores, n)
    classes = as_float_array("classes", classes)
    check_shape("classes", classes, (n,), hint="(one class per box)")
    check_finite("classes", classes)
    if np.any(classes != np.round(classes)):
        raise ValueError(f"classes must hold whole numbers (class labels), got {classes[:5].tolist()}")
    iou_threshold = check_real("iou_threshold", iou_threshold, 0.0, 1.0)
    max_boxes = _check_max_boxes(max_boxes)
    keep = []
    for c in np.unique(classes):
        members = np.flatnonzero(classes == c)  # increasing indices
        keep.append(members[_nms(boxes[members], scores[members], iou_threshold, max_boxes)])
    keep = np.concatenate(keep) if keep else np.zeros(0, dtype=np.int64)
    keep = keep[np.lexsort((keep, -scores[keep]))]  # by score, then by index
    return keep[:max_boxes].astype(np.int64)
