"""Tests for dlspec.yolo: decoding and encoding YOLO's output volume (Course 4, Week 3).

Oracles: outputs decoded by hand (zeros give each anchor at its cell's centre), the two
layouts of the volume against each other, decode(encode(boxes)) == boxes, and the whole
post-processing (decode, filter, NMS) finding the encoded boxes again.
"""

import warnings

import numpy as np
import pytest

from dlspec.detection import centre_to_corners, filter_boxes, iou, non_max_suppression_per_class
from dlspec.yolo import decode_yolo, encode_yolo

ANCHORS = np.array([[0.2, 0.2], [0.4, 0.15], [0.12, 0.36]])  # square, wide, tall


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# --- decoding -----------------------------------------------------------------------------------


def test_decode_zeros_by_hand():
    """t = 0 everywhere: every anchor at its cell's centre, confidence 1/2, classes uniform."""
    anchors = np.array([[0.5, 0.25]])
    confidence, class_probs, boxes = decode_yolo(np.zeros((2, 4, 1, 5 + 3)), anchors)
    assert confidence.shape == (2, 4, 1) and class_probs.shape == (2, 4, 1, 3)
    assert boxes.shape == (2, 4, 1, 4)
    np.testing.assert_array_equal(confidence, np.full((2, 4, 1), 0.5))
    np.testing.assert_allclose(class_probs, np.full((2, 4, 1, 3), 1 / 3), rtol=1e-15)
    # row r, column c: centre ((c + 0.5) / 4, (r + 0.5) / 2)
    np.testing.assert_array_equal(boxes[1, 2, 0], [2.5 / 4, 1.5 / 2, 0.5, 0.25])
    np.testing.assert_array_equal(boxes[0, 0, 0], [0.5 / 4, 0.5 / 2, 0.5, 0.25])


def test_decode_one_anchor_by_hand():
    output = np.zeros((3, 3, 2, 5 + 2))
    # anchor 1 of the cell in row 2, column 0: sure, centre at 0.73 of the cell, twice as wide
    output[2, 0, 1] = [np.log(9), np.log(0.73 / 0.27), 0.0, np.log(2), -np.log(2), np.log(3), 0]
    confidence, class_probs, boxes = decode_yolo(output, ANCHORS[:2])
    assert confidence[2, 0, 1] == pytest.approx(0.9, rel=1e-15)
    np.testing.assert_allclose(class_probs[2, 0, 1], [0.75, 0.25], rtol=1e-15)
    np.testing.assert_allclose(boxes[2, 0, 1], [0.73 / 3, 2.5 / 3, 0.8, 0.075], rtol=1e-14)


def test_the_network_layout_is_the_anchors_one_after_the_other(rng):
    output = rng.standard_normal((4, 5, 3, 5 + 2))
    flat = output.reshape(4, 5, 3 * 7)  # what a conv layer with 21 filters gives
    assert flat[1, 2, 7 + 3] == output[1, 2, 1, 3]  # channel 7k + j is number j of anchor k
    for a, b in zip(decode_yolo(flat, ANCHORS), decode_yolo(output, ANCHORS), strict=True):
        np.testing.assert_array_equal(a, b, strict=True)


def test_decode_equals_the_formulas_cell_by_cell(rng):
    output = rng.standard_normal((3, 4, 3, 5 + 4))
    confidence, class_probs, boxes = decode_yolo(output, ANCHORS)
    for r in range(3):
        for c in range(4):
            for k in range(3):
                t = output[r, c, k]
                expected = [(c + sigmoid(t[1])) / 4, (r + sigmoid(t[2])) / 3,
                            ANCHORS[k, 0] * np.exp(t[3]), ANCHORS[k, 1] * np.exp(t[4])]
                np.testing.assert_allclose(boxes[r, c, k], expected, rtol=1e-14)
                assert confidence[r, c, k] == pytest.approx(sigmoid(t[0]), rel=1e-14)
                e = np.exp(t[5:])
                np.testing.assert_allclose(class_probs[r, c, k], e / e.sum(), rtol=1e-14)
    # every centre lies in its own cell
    assert np.all((boxes[..., 0] * 4 >= np.arange(4)[None, :, None])
                  & (boxes[..., 0] * 4 <= np.arange(1, 5)[None, :, None]))


def test_decode_is_stable_at_large_logits():
    output = np.zeros((1, 2, 1, 5 + 2))
    output[0, 0, 0, [0, 1, 2, 5]] = 1000.0
    output[0, 1, 0, [0, 1, 2, 6]] = -1000.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        confidence, class_probs, boxes = decode_yolo(output, [[0.3, 0.3]])
    np.testing.assert_array_equal(confidence[0, :, 0], [1.0, 0.0])
    np.testing.assert_array_equal(class_probs[0, :, 0], [[1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(boxes[0, :, 0, :2], [[0.5, 1.0], [0.5, 0.0]])


def test_decode_keeps_float32(rng):
    output = rng.standard_normal((2, 2, 3, 6)).astype(np.float32)
    results = decode_yolo(output, ANCHORS.astype(np.float32))
    assert all(r.dtype == np.float32 for r in results)
    assert all(r.dtype == np.float64 for r in decode_yolo(output, ANCHORS))


@pytest.mark.parametrize(
    ("output", "anchors", "match"),
    [
        (np.zeros((3, 3, 2, 7)), ANCHORS, r"^output must have shape \(S_h, S_w, 3, 5 \+ n_classes\) or "
                                          r"\(S_h, S_w, 3 \* \(5 \+ n_classes\)\), for anchors of shape "
                                          r"\(3, 2\), got \(3, 3, 2, 7\)"),
        (np.zeros((3, 3, 20)), ANCHORS, r"^output must have shape \(S_h, S_w, 3, 5 \+ n_classes\)"),
        (np.zeros((3, 3, 3, 5)), ANCHORS, r"^output's last axis must hold 5 \+ n_classes >= 6"),
        (np.zeros((3, 3, 15)), ANCHORS, r"^output's last axis must hold 5 \+ n_classes >= 6"),
        (np.zeros((2, 2, 1, 6)), [[0.2, 0.0]], r"^anchors must hold positive widths and heights"),
        (np.zeros((2, 2, 1, 6)), [0.2, 0.2], r"^anchors must have shape \(n_anchors, 2\)"),
        (np.full((2, 2, 1, 6), np.nan), [[0.2, 0.2]], r"^output must contain only finite numbers"),
        (np.full((2, 2, 1, 6), 800.0), [[0.2, 0.2]], r"^output's t_w and t_h must be small enough"),
    ],
)
def test_decode_bad_input(output, anchors, match):
    with pytest.raises(ValueError, match=match):
        decode_yolo(output, anchors)


# --- encoding -----------------------------------------------------------------------------------

#: Centres (x, y), sizes (w, h) and classes of four objects on a 4 x 5 grid (rows x columns).
BOXES = np.array([[0.13, 0.30, 0.18, 0.22],   # square, cell (1, 0)
                  [0.70, 0.55, 0.42, 0.12],   # wide, cell (2, 3)
                  [0.47, 0.62, 0.10, 0.33],   # tall, cell (2, 2)
                  [0.71, 0.60, 0.21, 0.19]])  # square, cell (2, 3) too, another anchor
CLASSES = np.array([0, 2, 1, 1])


def test_encode_by_hand():
    volume = encode_yolo(BOXES, CLASSES, ANCHORS, (4, 5), 3, confidence=0.9)
    assert volume.shape == (4, 5, 3, 8) and volume.dtype == np.float64
    objects = np.argwhere(volume[..., 0] > 0).tolist()
    assert objects == [[1, 0, 0], [2, 2, 2], [2, 3, 0], [2, 3, 1]]
    t = volume[1, 0, 0]  # box 0: x * 5 = 0.65 into column 0, y * 4 = 1.2, 0.2 into row 1
    np.testing.assert_allclose(t[:5], [np.log(9), np.log(0.65 / 0.35), np.log(0.2 / 0.8),
                                       np.log(0.18 / 0.2), np.log(0.22 / 0.2)], rtol=1e-12)
    np.testing.assert_allclose(t[5:], [np.log(9) + np.log(2), 0, 0], rtol=1e-12)
    background = np.ones((4, 5, 3), dtype=bool)
    background[tuple(np.array(objects).T)] = False
    np.testing.assert_allclose(volume[background][:, 0], -np.log(9), rtol=1e-15)
    np.testing.assert_array_equal(volume[background][:, 1:], 0.0)


def test_decode_of_encode_gives_the_boxes_back():
    volume = encode_yolo(BOXES, CLASSES, ANCHORS, (4, 5), 3, confidence=0.9)
    confidence, class_probs, boxes = decode_yolo(volume, ANCHORS)
    objects = confidence > 0.5
    np.testing.assert_allclose(confidence[objects], 0.9, rtol=1e-14)
    np.testing.assert_allclose(confidence[~objects], 0.1, rtol=1e-14)
    # in grid order: box 0 (row 1), box 2 (row 2, column 2), boxes 1 and 3 (column 3, anchors 0, 1)
    order = [0, 2, 3, 1]
    np.testing.assert_allclose(boxes[objects], BOXES[order], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(class_probs[objects].max(axis=1), 0.9, rtol=1e-14)
    np.testing.assert_array_equal(class_probs[objects].argmax(axis=1), CLASSES[order])
    np.testing.assert_allclose(class_probs[~objects], 1 / 3, rtol=1e-14)


def test_decode_of_encode_on_random_scenes(rng):
    cells = rng.permutation(6 * 7)[:10]  # ten different cells of a 6 x 7 grid
    rows, cols = np.divmod(cells, 7)
    centres = np.stack([(cols + rng.random(10)) / 7, (rows + rng.random(10)) / 6], axis=1)
    boxes = np.concatenate([centres, 0.05 + 0.4 * rng.random((10, 2))], axis=1)
    classes = rng.integers(0, 4, size=10)
    volume = encode_yolo(boxes, classes, ANCHORS, (6, 7), 4)
    confidence, class_probs, decoded = decode_yolo(volume, ANCHORS)
    objects = confidence > 0.5
    assert objects.sum() == 10
    order = np.argsort(cells)  # the objects in row-major cell order
    np.testing.assert_allclose(decoded[objects], boxes[order], rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(class_probs[objects].argmax(axis=1), classes[order])


def test_the_best_anchor_by_shape():
    """IoU of shapes: a 0.2 x 0.2 box against the square anchor is 1; a 0.12 x 0.36 box
    against the tall one too; a 0.3 x 0.15 box: 0.045/0.06 = 0.75 with the wide anchor."""
    boxes = np.array([[0.1, 0.1, 0.2, 0.2], [0.5, 0.5, 0.12, 0.36], [0.9, 0.9, 0.3, 0.15]])
    volume = encode_yolo(boxes, [0, 0, 0], ANCHORS, 3, 1)
    assert np.argwhere(volume[..., 0] > 0).tolist() == [[0, 0, 0], [1, 1, 2], [2, 2, 1]]
    # equal IoU with two anchors: the lower index
    twins = np.array([[0.3, 0.3], [0.3, 0.3]])
    assert np.argwhere(encode_yolo(boxes[:1], [0], twins, 3, 1)[..., 0] > 0).tolist() == [[0, 0, 0]]


def test_centres_on_cell_edges_and_image_edges():
    boxes = np.array([[0.5, 0.25, 0.2, 0.2], [1.0, 1.0, 0.2, 0.2], [0.0, 0.0, 0.2, 0.2]])
    volume = encode_yolo(boxes, [0, 0, 0], ANCHORS, (4, 2), 1)
    assert np.all(np.isfinite(volume))
    # x = 0.5 starts column 1, y = 0.25 starts row 1; 1.0 belongs to the last cell
    assert np.argwhere(volume[..., 0] > 0).tolist() == [[0, 0, 0], [1, 1, 0], [3, 1, 0]]
    confidence, _, decoded = decode_yolo(volume, ANCHORS)
    found = decoded[confidence > 0.5]
    np.testing.assert_allclose(found, boxes[[2, 0, 1]], rtol=0, atol=1e-14)


def test_encode_with_one_class_and_float32():
    volume = encode_yolo(BOXES.astype(np.float32), np.zeros(4), ANCHORS.astype(np.float32), (4, 5), 1)
    assert volume.dtype == np.float32 and volume.shape == (4, 5, 3, 6)
    confidence, class_probs, boxes = decode_yolo(volume, ANCHORS.astype(np.float32))
    assert confidence.dtype == np.float32
    np.testing.assert_array_equal(class_probs, 1.0)
    np.testing.assert_allclose(boxes[confidence > 0.5], BOXES[[0, 2, 3, 1]], rtol=1e-5, atol=1e-6)


def test_encode_no_boxes():
    volume = encode_yolo(np.zeros((0, 4)), np.zeros(0), ANCHORS, 2, 2, confidence=0.8)
    np.testing.assert_allclose(volume[..., 0], np.log(0.2 / 0.8), rtol=1e-14)


def test_the_whole_post_processing_finds_the_encoded_boxes(rng):
    """encode -> noise -> decode -> filter -> NMS: the true boxes come back, best first."""
    volume = encode_yolo(BOXES, CLASSES, ANCHORS, (4, 5), 3, confidence=0.95)
    volume[..., 1:5] += 0.01 * rng.standard_normal(volume[..., 1:5].shape)
    confidence, class_probs, boxes = decode_yolo(volume, ANCHORS)
    scores, kept, classes = filter_boxes(confidence, class_probs, boxes, threshold=0.5)
    keep = non_max_suppression_per_class(centre_to_corners(kept), scores, classes, 0.5)
    assert len(keep) == 4
    overlap = iou(centre_to_corners(kept[keep]), centre_to_corners(BOXES))
    assert np.all(overlap.max(axis=1) > 0.9)
    np.testing.assert_array_equal(classes[keep], CLASSES[overlap.argmax(axis=1)])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"boxes": BOXES[[0, 0]], "classes": [0, 1]}, ValueError,
         r"^boxes 0 and 1 both fall in cell \(row 1, column 0\) with anchor 0; one cell and anchor"),
        ({"boxes": BOXES + [0.5, 0, 0, 0]}, ValueError, r"^boxes must have centres \(x_c, y_c\) in \[0, 1\]"),
        ({"boxes": BOXES * [1, 1, 0, 1]}, ValueError, r"^boxes must have widths and heights w, h > 0"),
        ({"boxes": BOXES[0]}, ValueError, r"^boxes must have shape \(n, 4\)"),
        ({"classes": [0, 3, 1, 1]}, ValueError, r"^classes must hold whole numbers in \[0, 3\), got \[0.0, 1.0, 3.0\]"),
        ({"classes": [0, 1]}, ValueError, r"^classes must have shape \(4,\) \(one class per box\)"),
        ({"grid_shape": (4, 5, 1)}, ValueError, r"^grid_shape must be \(S_h, S_w\) or one integer S"),
        ({"grid_shape": (4, 0)}, ValueError, r"^grid_shape\[1\] must be an integer >= 1"),
        ({"grid_shape": 4.0}, TypeError, r"^grid_shape must be an integer"),
        ({"n_classes": 0}, ValueError, r"^n_classes must be an integer >= 1"),
        ({"confidence": 1.0}, ValueError, r"^confidence must lie strictly between 0.5 and 1"),
        ({"confidence": 0.5}, ValueError, r"^confidence must lie strictly between 0.5 and 1"),
        ({"anchors": ANCHORS[:, :1]}, ValueError, r"^anchors must have shape \(n_anchors, 2\)"),
    ],
)
def test_encode_bad_input(kwargs, error, match):
    arguments = {"boxes": BOXES, "classes": CLASSES, "anchors": ANCHORS, "grid_shape": (4, 5),
                 "n_classes": 3, **kwargs}
    confidence = arguments.pop("confidence", 0.99)
    with pytest.raises(error, match=match):
        encode_yolo(**arguments, confidence=confidence)
