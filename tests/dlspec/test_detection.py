"""Tests for dlspec.detection: box formats, IoU, score filtering, NMS (Course 4, Week 3).

Oracles: boxes worked by hand (touching, nested, disjoint, identical, zero-area), IoU counted
as unit squares of a raster (boxes with integer corners), and a plain-loop non-max
suppression written here in the other greedy form ("keep a box unless it overlaps one
already kept").
"""

import itertools

import numpy as np
import pytest

from dlspec.detection import (
    box_area,
    centre_to_corners,
    corners_to_centre,
    filter_boxes,
    iou,
    non_max_suppression,
    non_max_suppression_per_class,
)

# --- formats and areas --------------------------------------------------------------------------


def test_conversions_by_hand():
    corners = np.array([[1.0, 2.0, 5.0, 8.0], [0.0, 0.0, 0.0, 3.0]])
    centre = np.array([[3.0, 5.0, 4.0, 6.0], [0.0, 1.5, 0.0, 3.0]])
    np.testing.assert_array_equal(corners_to_centre(corners), centre, strict=True)
    np.testing.assert_array_equal(centre_to_corners(centre), corners, strict=True)


def test_conversions_round_trip_on_any_leading_shape(rng):
    centre = np.concatenate([rng.random((2, 3, 5, 2)), rng.random((2, 3, 5, 2))], axis=-1)
    corners = centre_to_corners(centre)
    assert corners.shape == (2, 3, 5, 4)
    assert np.all(corners[..., 2:] >= corners[..., :2])
    np.testing.assert_allclose(corners_to_centre(corners), centre, rtol=1e-12, atol=1e-15)
    one = corners_to_centre(corners[0, 0, 0])  # a single box of shape (4,)
    np.testing.assert_allclose(one, centre[0, 0, 0], atol=1e-15)


def test_conversions_keep_float32(rng):
    boxes = rng.random((4, 4)).astype(np.float32)
    assert centre_to_corners(boxes).dtype == np.float32
    assert corners_to_centre(centre_to_corners(boxes)).dtype == np.float32
    assert box_area(centre_to_corners(boxes)).dtype == np.float32


def test_box_area_by_hand():
    boxes = np.array([[1, 2, 5, 8], [0, 0, 0, 3], [2, 2, 2, 2], [0.5, 0.5, 1.0, 2.5]])
    np.testing.assert_array_equal(box_area(boxes), [24.0, 0.0, 0.0, 1.0], strict=True)
    assert box_area(np.zeros((3, 2, 4))).shape == (3, 2)


@pytest.mark.parametrize("convert", [corners_to_centre, box_area])
def test_inverted_corners_are_refused_with_a_hint(convert):
    with pytest.raises(ValueError, match=r"^boxes must hold corners \(x1, y1, x2, y2\) with x1 <= x2 "
                                         r"and y1 <= y2; box 1 is \[3.0, 3.0, 2.0, 1.0\]; boxes "
                                         r"\(x_c, y_c, w, h\) go through centre_to_corners"):
        convert([[0, 0, 1, 1], [3, 3, 2, 1]])


def test_negative_sizes_are_refused():
    with pytest.raises(ValueError, match=r"^boxes must hold \(x_c, y_c, w, h\) with w >= 0 and h >= 0; "
                                         r"box \(1, 0\) is"):
        centre_to_corners(np.array([[[0, 0, 1, 1]], [[1, 1, -1, 1]]]))


# --- IoU ----------------------------------------------------------------------------------------

SQUARE = [0.0, 0.0, 2.0, 2.0]
#: (name, box a, box b, IoU worked by hand).
HAND = [
    ("identical", SQUARE, SQUARE, 1.0),
    ("disjoint", SQUARE, [3, 3, 4, 5], 0.0),
    ("touching along an edge", SQUARE, [2, 0, 3, 2], 0.0),
    ("touching at a corner", SQUARE, [2, 2, 3, 3], 0.0),
    ("nested: area 1 in area 4", SQUARE, [0.5, 0.5, 1.5, 1.5], 0.25),
    ("nested, sharing an edge", SQUARE, [0, 0, 2, 1], 0.5),
    ("overlap 1 of 4 + 4 - 1", SQUARE, [1, 1, 3, 3], 1 / 7),
    ("overlap 2 of 6 + 9 - 2", [0, 0, 3, 2], [1, 1, 4, 4], 2 / 13),
    ("a cross: 1 of 3 + 3 - 1", [0, 1, 3, 2], [1, 0, 2, 3], 1 / 5),
    ("zero width inside a box", SQUARE, [1, 0, 1, 2], 0.0),
    ("a point inside a box", SQUARE, [1, 1, 1, 1], 0.0),
    ("two identical zero-area boxes: union 0", [1, 1, 1, 3], [1, 1, 1, 3], 0.0),
    ("two identical points", [1, 1, 1, 1], [1, 1, 1, 1], 0.0),
]


@pytest.mark.parametrize(("a", "b", "expected"), [h[1:] for h in HAND], ids=[h[0] for h in HAND])
def test_iou_by_hand(a, b, expected):
    out = iou(np.array([a], dtype=float), np.array([b], dtype=float))
    assert out.shape == (1, 1)
    assert out[0, 0] == pytest.approx(expected, abs=1e-15)
    assert iou([b], [a])[0, 0] == pytest.approx(expected, abs=1e-15)  # symmetric


def test_identical_boxes_give_exactly_one(rng):
    boxes = centre_to_corners(np.concatenate([rng.random((6, 2)), rng.random((6, 2)) + 0.1], axis=1))
    np.testing.assert_array_equal(np.diag(iou(boxes, boxes)), np.ones(6))


def raster_iou(a, b):
    """IoU of boxes with integer corners, counting the unit squares of a raster."""
    def cells(box):
        x1, y1, x2, y2 = (int(v) for v in box)
        return {(x, y) for x in range(x1, x2) for y in range(y1, y2)}
    union = cells(a) | cells(b)
    return len(cells(a) & cells(b)) / len(union) if union else 0.0


def test_iou_equals_counted_unit_squares(rng):
    corners = rng.integers(0, 8, size=(2, 9, 2, 2))  # two sets of 9 boxes, two corners each
    boxes_a, boxes_b = (np.concatenate([c.min(axis=1), c.max(axis=1)], axis=1) for c in corners)
    out = iou(boxes_a, boxes_b[:7])
    assert out.shape == (9, 7)
    for i, j in itertools.product(range(9), range(7)):
        assert out[i, j] == pytest.approx(raster_iou(boxes_a[i], boxes_b[j]), abs=1e-12)


def test_iou_is_in_unit_interval_and_does_not_depend_on_units(rng):
    a = centre_to_corners(np.concatenate([rng.random((5, 2)), rng.random((5, 2))], axis=1))
    b = centre_to_corners(np.concatenate([rng.random((4, 2)), rng.random((4, 2))], axis=1))
    out = iou(a, b)
    assert np.all((out >= 0) & (out <= 1))
    np.testing.assert_allclose(iou(a * 640 + 3, b * 640 + 3), out, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(iou(b, a), out.T, rtol=0, atol=0)


def test_iou_of_no_boxes_and_float32():
    assert iou(np.zeros((0, 4)), np.ones((3, 4))).shape == (0, 3)
    assert iou(np.ones((2, 4)), np.zeros((0, 4))).shape == (2, 0)
    out = iou(np.array([SQUARE], dtype=np.float32), np.array([[1, 1, 3, 3]], dtype=np.float32))
    assert out.dtype == np.float32 and out[0, 0] == pytest.approx(1 / 7, rel=1e-6)


def test_iou_wants_rows_of_boxes():
    with pytest.raises(ValueError, match=r"^boxes_a must have shape \(n, 4\) \(one box per row; a "
                                         r"single box as box\[None\]\), got \(4,\)"):
        iou(np.array(SQUARE), np.array([SQUARE]))
    with pytest.raises(ValueError, match=r"^boxes_b must hold corners .* box 0 is \[0.5, 0.5, 0.2, 0.3\]"):
        iou([SQUARE], [[0.5, 0.5, 0.2, 0.3]])  # a centre/size box taken for corners


# --- score filtering ----------------------------------------------------------------------------


def test_filter_boxes_by_hand():
    confidence = np.array([0.9, 0.5, 0.8, 0.2])
    class_probs = np.array([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])
    boxes = np.arange(16.0).reshape(4, 4)
    # scores: 0.63 (class 1), 0.45 (class 0), 0.4 (classes 0 and 1 tie: 0), 0.2 (class 2)
    scores, kept, classes = filter_boxes(confidence, class_probs, boxes, threshold=0.45)
    np.testing.assert_allclose(scores, [0.63, 0.45], rtol=1e-15)
    np.testing.assert_array_equal(kept, boxes[:2], strict=True)
    np.testing.assert_array_equal(classes, np.array([1, 0]), strict=True)  # int64
    scores, _, classes = filter_boxes(confidence, class_probs, boxes, threshold=0.3)
    np.testing.assert_array_equal(classes, np.array([1, 0, 0]), strict=True)
    scores, kept, classes = filter_boxes(confidence, class_probs, boxes, threshold=0.0)
    assert len(scores) == 4 and classes[3] == 2


def test_filter_boxes_on_a_grid_keeps_row_major_order(rng):
    confidence = rng.random((3, 4, 2))
    class_probs = rng.dirichlet(np.ones(5), size=(3, 4, 2))
    boxes = rng.random((3, 4, 2, 4))
    scores, kept, classes = filter_boxes(confidence, class_probs, boxes, threshold=0.1)
    best = (confidence[..., None] * class_probs).max(axis=-1)
    flat = np.flatnonzero(best.ravel() >= 0.1)
    np.testing.assert_array_equal(scores, best.ravel()[flat])
    np.testing.assert_array_equal(kept, boxes.reshape(-1, 4)[flat])
    np.testing.assert_array_equal(classes, np.argmax(class_probs, axis=-1).ravel()[flat])


def test_filter_boxes_can_keep_nothing():
    scores, boxes, classes = filter_boxes(np.full(3, 0.1), np.full((3, 2), 0.5), np.ones((3, 4)), 0.9)
    assert scores.shape == (0,) and boxes.shape == (0, 4) and classes.shape == (0,)
    assert classes.dtype == np.int64


def test_filter_boxes_refuses_logits_and_mismatched_shapes():
    with pytest.raises(ValueError, match=r"^confidence must contain probabilities in \[0, 1\]"):
        filter_boxes(np.array([2.0, -1.0]), np.full((2, 2), 0.5), np.ones((2, 4)), 0.5)
    with pytest.raises(ValueError, match=r"^class_probs must have shape \(2, n_classes\) to match "
                                         r"confidence of shape \(2,\), got \(3, 2\)"):
        filter_boxes(np.full(2, 0.5), np.full((3, 2), 0.5), np.ones((2, 4)), 0.5)
    with pytest.raises(ValueError, match=r"^threshold must be a finite number in \[0.0, 1.0\]"):
        filter_boxes(np.full(2, 0.5), np.full((2, 2), 0.5), np.ones((2, 4)), 1.5)


# --- non-max suppression ------------------------------------------------------------------------


def pair_iou(a, b):
    """IoU of two corner boxes, in plain Python."""
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
    return w * h / union if union > 0 else 0.0


def nms_loop(boxes, scores, iou_threshold, max_boxes=None, classes=None):
    """Visit the boxes best first (equal scores: lower index first); keep a box unless it
    overlaps a kept box of its class by more than the threshold."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    kept = []
    for i in order:
        if max_boxes is not None and len(kept) == max_boxes:
            break
        same = [j for j in kept if classes is None or classes[j] == classes[i]]
        if all(pair_iou(boxes[i], boxes[j]) <= iou_threshold for j in same):
            kept.append(i)
    return kept


def random_boxes(rng, n, size=0.3):
    """n corner boxes in the unit square, many of them overlapping."""
    centre = np.concatenate([rng.random((n, 2)), size * (0.5 + rng.random((n, 2)))], axis=1)
    return centre_to_corners(centre)


def test_nms_by_hand():
    boxes = np.array([[0, 0, 2, 2], [0.1, 0, 2.1, 2], [3, 3, 4, 4], [3.5, 3, 4.5, 4]], dtype=float)
    scores = np.array([0.9, 0.95, 0.7, 0.6])  # box 1 beats box 0; box 2 beats box 3
    # IoU(0, 1) = 3.8 / 4.2 suppresses box 0; IoU(2, 3) = 0.5 / 1.5 = 1/3
    keep = non_max_suppression(boxes, scores, iou_threshold=0.5)
    np.testing.assert_array_equal(keep, np.array([1, 2, 3]), strict=True)  # int64
    # a threshold of 0.4 keeps box 3, one of 0.3 suppresses it
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.4), [1, 2, 3])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.3), [1, 2])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.5, max_boxes=1), [1])


def test_nms_suppresses_only_above_the_threshold():
    """IoU exactly 0.5 (a half of the square, nested): kept at 0.5, suppressed below it."""
    boxes = np.array([[0, 0, 2, 2], [0, 0, 2, 1]], dtype=float)
    assert iou(boxes[:1], boxes[1:])[0, 0] == 0.5
    np.testing.assert_array_equal(non_max_suppression(boxes, [0.9, 0.8], 0.5), [0, 1])
    np.testing.assert_array_equal(non_max_suppression(boxes, [0.9, 0.8], 0.49), [0])


def test_nms_ties_keep_the_lower_index():
    same = np.array([[0, 0, 1, 1]] * 3, dtype=float)
    np.testing.assert_array_equal(non_max_suppression(same, [0.5, 0.5, 0.5], 0.5), [0])
    np.testing.assert_array_equal(non_max_suppression(same, [0.4, 0.5, 0.5], 0.5), [1])
    apart = np.array([[2, 2, 3, 3], [0, 0, 1, 1], [4, 4, 5, 5]], dtype=float)
    np.testing.assert_array_equal(non_max_suppression(apart, [0.5, 0.5, 0.7], 0.5), [2, 0, 1])


def test_nms_extreme_thresholds():
    boxes = np.array([[0, 0, 2, 2], [0, 0, 2, 2], [2, 0, 4, 2], [1, 1, 3, 3]], dtype=float)
    scores = [0.1, 0.4, 0.3, 0.2]
    # 1: nothing is suppressed, not even an identical box (IoU 1 is not > 1)
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 1.0), [1, 2, 3, 0])
    # 0: any overlap suppresses, but box 2 only touches box 1 and is kept
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.0), [1, 2])


def test_nms_of_no_boxes():
    keep = non_max_suppression(np.zeros((0, 4)), np.zeros(0), 0.5)
    assert keep.shape == (0,) and keep.dtype == np.int64


@pytest.mark.parametrize("iou_threshold", [0.0, 0.2, 0.5, 0.8, 1.0])
def test_nms_equals_the_loop(iou_threshold, rng):
    boxes = random_boxes(rng, 40)
    scores = np.round(rng.random(40), 1)  # many equal scores
    for max_boxes in (None, 1, 5):
        keep = non_max_suppression(boxes, scores, iou_threshold, max_boxes=max_boxes)
        assert keep.tolist() == nms_loop(boxes.tolist(), scores.tolist(), iou_threshold, max_boxes)


def test_nms_result_has_no_overlap_above_the_threshold(rng):
    boxes, scores = random_boxes(rng, 60), rng.random(60)
    keep = non_max_suppression(boxes, scores, 0.3)
    overlaps = iou(boxes[keep], boxes[keep])
    assert np.all(overlaps[~np.eye(len(keep), dtype=bool)] <= 0.3)
    assert np.all(np.diff(scores[keep]) <= 0)  # best first
    # every box left out overlaps a kept box with a higher score by more than 0.3
    for i in sorted(set(range(60)) - set(keep.tolist())):
        assert any(iou(boxes[[i]], boxes[[j]])[0, 0] > 0.3 and scores[j] >= scores[i] for j in keep)


def test_per_class_nms_by_hand():
    boxes = np.array([[0, 0, 2, 2], [0, 0, 2, 2], [0.1, 0, 2, 2], [5, 5, 6, 6]], dtype=float)
    scores = np.array([0.6, 0.9, 0.8, 0.6])
    classes = np.array([0, 1, 1, 0])  # box 0 and box 1 are the same box, of two classes
    keep = non_max_suppression_per_class(boxes, scores, classes, 0.5)
    np.testing.assert_array_equal(keep, np.array([1, 0, 3]), strict=True)  # 0.6 tie: index 0 first
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.5), [1, 3])
    np.testing.assert_array_equal(non_max_suppression_per_class(boxes, scores, classes, 0.5, 2), [1, 0])


@pytest.mark.parametrize("iou_threshold", [0.0, 0.3, 0.7])
def test_per_class_nms_equals_the_loop(iou_threshold, rng):
    boxes = random_boxes(rng, 50)
    scores = np.round(rng.random(50), 1)
    classes = rng.integers(0, 3, size=50)
    for max_boxes in (None, 4):
        keep = non_max_suppression_per_class(boxes, scores, classes, iou_threshold, max_boxes)
        expected = nms_loop(boxes.tolist(), scores.tolist(), iou_threshold, max_boxes, classes.tolist())
        assert keep.tolist() == expected


def test_per_class_nms_with_one_class_is_nms(rng):
    boxes = random_boxes(rng, 30)
    scores = rng.random(30)
    np.testing.assert_array_equal(
        non_max_suppression_per_class(boxes, scores, np.full(30, 2.0), 0.4),
        non_max_suppression(boxes, scores, 0.4), strict=True)
    keep = non_max_suppression_per_class(np.zeros((0, 4)), np.zeros(0), np.zeros(0), 0.4)
    assert keep.shape == (0,) and keep.dtype == np.int64


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: non_max_suppression(np.ones((3, 4)), np.ones(2), 0.5), ValueError,
         r"^scores must have shape \(3,\) \(one score per box\), got \(2,\)"),
        (lambda: non_max_suppression(np.ones((3, 4)), np.ones(3), 1.5), ValueError,
         r"^iou_threshold must be a finite number in \[0.0, 1.0\], got 1.5"),
        (lambda: non_max_suppression(np.ones((3, 4)), [1, np.nan, 2], 0.5), ValueError,
         r"^scores must contain only finite numbers, found NaN"),
        (lambda: non_max_suppression(np.ones((3, 4)), np.ones(3), 0.5, max_boxes=0), ValueError,
         r"^max_boxes must be an integer >= 1, got 0"),
        (lambda: non_max_suppression(np.ones((3, 4)), np.ones(3), 0.5, max_boxes=2.0), TypeError,
         r"^max_boxes must be an integer"),
        (lambda: non_max_suppression_per_class(np.ones((2, 4)), np.ones(2), [0.5, 1], 0.5), ValueError,
         r"^classes must hold whole numbers"),
        (lambda: non_max_suppression_per_class(np.ones((2, 4)), np.ones(2), [[0, 1]], 0.5), ValueError,
         r"^classes must have shape \(2,\)"),
    ],
)
def test_nms_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
