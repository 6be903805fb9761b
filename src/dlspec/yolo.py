r"""YOLO's grid and anchor boxes: from an output volume to boxes, and from boxes to a volume.

Course 4, Week 3. YOLO ("you only look once") cuts the image into a grid of
``S_h x S_w`` cells and gives every cell ``n_anchors`` **anchor boxes**, shapes chosen in
advance (a tall one for pedestrians, a wide one for cars). An object belongs to the cell
that holds its centre and, within it, to the anchor whose shape is most like its own. For
each cell and anchor the network predicts ``5 + n_classes`` numbers, in this order::

    t_o, t_x, t_y, t_w, t_h, class logits (n_classes of them)

**The output volume.** The last convolution of the network has
``n_anchors * (5 + n_classes)`` filters, so for one image it gives an array of shape
``(S_h, S_w, n_anchors * (5 + n_classes))`` (the course's 19 x 19 x 425 for 5 anchors and 80
classes). Its channels are the anchors' numbers one after the other: channels
``k * (5 + n_classes)`` to ``(k + 1) * (5 + n_classes) - 1`` belong to anchor ``k``, so
``output.reshape(S_h, S_w, n_anchors, 5 + n_classes)`` (19 x 19 x 5 x 85) gives each anchor
its own row; the two shapes hold the same numbers. :func:`decode_yolo` takes either.

**Decoding** (:func:`decode_yolo`) turns the numbers of the anchor ``k`` of the cell in
row ``r`` and column ``c`` into a box in centre/size format, in fractions of the image's
width and height (multiply by the image's size for pixels):

.. math:: b_x = \frac{c + \sigma(t_x)}{S_w}, \quad b_y = \frac{r + \sigma(t_y)}{S_h}, \quad
          b_w = a_{w,k}\, e^{t_w}, \quad b_h = a_{h,k}\, e^{t_h},

with the confidence :math:`p_c = \sigma(t_o)` that the box holds an object and the class
probabilities :math:`\mathrm{softmax}(\text{class logits})`. The sigmoid keeps each centre
inside its own cell; the exponential keeps sizes positive, and a network that predicts
:math:`t_w = t_h = 0` predicts the anchor itself. (This is YOLOv2's parametrisation; the
course's lecture writes the target as :math:`p_c, b_x, b_y, b_h, b_w, c_1, \dots`.)
:func:`encode_yolo` goes the other way, from true boxes to the volume a network that is
right should output. Then :func:`dlspec.detection.filter_boxes` and
:func:`dlspec.detection.non_max_suppression_per_class` finish the job, after
:func:`dlspec.detection.centre_to_corners`.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_real,
    check_shape,
)
from dlspec.activations import sigmoid, softmax

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_anchors(anchors):
    """``anchors`` as a finite float array (n_anchors, 2) of positive widths and heights."""
    anchors = as_float_array("anchors", anchors)
    check_shape("anchors", anchors, ("n_anchors", 2), hint="(a width and a height per anchor)")
    if anchors.shape[0] == 0:
        raise ValueError("anchors must hold at least one anchor, got shape (0, 2)")
    check_finite("anchors", anchors)
    if np.any(anchors <= 0):
        raise ValueError(f"anchors must hold positive widths and heights, got {anchors.tolist()}")
    return anchors


def _check_grid(grid_shape):
    """``grid_shape`` as two ints ``(S_h, S_w)``; one int ``S`` means ``(S, S)``."""
    if isinstance(grid_shape, (tuple, list)):
        if len(grid_shape) != 2:
            raise ValueError(f"grid_shape must be (S_h, S_w) or one integer S, got {grid_shape!r}")
        return check_int("grid_shape[0]", grid_shape[0]), check_int("grid_shape[1]", grid_shape[1])
    S = check_int("grid_shape", grid_shape)
    return S, S


def _shape_iou(sizes, anchors):
    """IoU of boxes (n, 2) and anchors (A, 2) of those widths and heights, centred alike."""
    w, h = sizes[:, None, 0], sizes[:, None, 1]  # (n, 1)
    a_w, a_h = anchors[None, :, 0], anchors[None, :, 1]  # (1, A)
    inter = np.minimum(w, a_w) * np.minimum(h, a_h)
    return inter / (w * h + a_w * a_h - inter)  # (n, A)


# ---------------------------------------------------------------------------
# Decoding: output volume -> confidences, class probabilities, boxes
# ---------------------------------------------------------------------------


def decode_yolo(output, anchors):
    r"""The boxes, confidences and class probabilities of a YOLO output volume.

    Parameters
    ----------
    output : ndarray of shape (S_h, S_w, n_anchors, 5 + n_classes)
        One image's raw output, the last axis ``(t_o, t_x, t_y, t_w, t_h, class logits...)``;
        or the same numbers as the network's last layer gives them, shape
        ``(S_h, S_w, n_anchors * (5 + n_classes))`` (see the module docstring).
    anchors : ndarray of shape (n_anchors, 2)
        Width and height of each anchor, in fractions of the image's width and height.

    Returns
    -------
    confidence : ndarray of shape (S_h, S_w, n_anchors)
        :math:`p_c = \sigma(t_o)`, in [0, 1].
    class_probs : ndarray of shape (S_h, S_w, n_anchors, n_classes)
        Softmax of the class logits; each row adds up to 1.
    boxes : ndarray of shape (S_h, S_w, n_anchors, 4)
        ``(b_x, b_y, b_w, b_h)``: centre and size in fractions of the image's width and
        height. ``boxes[r, c, k]`` is anchor ``k`` of the cell in row ``r``, column ``c``.

    All three in the dtype of ``output`` and ``anchors`` (float32 stays float32).

    Raises
    ------
    ValueError
        If ``output`` is not 3-D or 4-D, its last axis does not fit ``n_anchors`` anchors
        with at least one class, an entry is NaN or infinite, a ``t_w`` or ``t_h`` is so
        large that :math:`e^{t}` overflows; or ``anchors`` is not (n_anchors, 2) of positive
        numbers.
    TypeError
        If an array is not numeric.

    Notes
    -----
    .. math:: b_x = \frac{c + \sigma(t_x)}{S_w}, \quad b_y = \frac{r + \sigma(t_y)}{S_h},
              \quad b_w = a_{w,k}\, e^{t_w}, \quad b_h = a_{h,k}\, e^{t_h}.

    A centre stays within its cell; the box may reach beyond the cell and the image.
    Course 4, Week 3.
    """
    anchors = _check_anchors(anchors)
    n_anchors = anchors.shape[0]
    output = as_float_array("output", output)
    if output.ndim == 3 and output.shape[2] % n_anchors == 0:
        output = output.reshape(*output.shape[:2], n_anchors, output.shape[2] // n_anchors)
    check_shape("output", output, ("S_h", "S_w", n_anchors, "5 + n_classes"),
                hint=f"or (S_h, S_w, {n_anchors} * (5 + n_classes)), for anchors of shape {anchors.shape}")
    if output.shape[3] < 6:
        raise ValueError(
            f"output's last axis must hold 5 + n_classes >= 6 numbers per anchor "
            f"(t_o, t_x, t_y, t_w, t_h and a logit per class), got {output.shape[3]}"
        )
    check_finite("output", output)
    t_wh = output[..., 3:5]
    limit = np.log(np.finfo(np.result_type(output, anchors)).max)
    if np.any(t_wh + np.log(anchors) > limit):
        raise ValueError(
            f"output's t_w and t_h must be small enough for anchor * exp(t) to be finite "
            f"(at most {limit:.0f} - log(anchor)), got up to {np.max(t_wh):g}"
        )
    return _decode(output, anchors)


def _decode(output, anchors):
    """:func:`decode_yolo` on a checked 4-D ``output``."""
    dtype = np.result_type(output, anchors)
    output, anchors = output.astype(dtype, copy=False), anchors.astype(dtype, copy=False)
    S_h, S_w = output.shape[:2]
    rows = np.arange(S_h, dtype=dtype).reshape(S_h, 1, 1)  # r of every cell, (S_h, 1, 1)
    cols = np.arange(S_w, dtype=dtype).reshape(1, S_w, 1)  # c of every cell, (1, S_w, 1)
    t_o, t_x, t_y, t_w, t_h = np.moveaxis(output[..., :5], -1, 0)  # each (S_h, S_w, n_anchors)
    b_x = (cols + sigmoid(t_x)) / S_w
    b_y = (rows + sigmoid(t_y)) / S_h
    b_w = anchors[:, 0] * np.exp(t_w)
    b_h = anchors[:, 1] * np.exp(t_h)
    boxes = np.stack([b_x, b_y, b_w, b_h], axis=-1)
    return sigmoid(t_o), softmax(output[..., 5:], axis=-1), boxes


# ---------------------------------------------------------------------------
# Encoding: true boxes -> the output volume that decodes to them
# ---------------------------------------------------------------------------


def encode_yolo(boxes, classes, anchors, grid_shape, n_classes, *, confidence=0.99):
    r"""The output volume that :func:`decode_yolo` turns into ``boxes``: YOLO's target.

    Each box is given to the grid cell that holds its centre and, in that cell, to the
    anchor whose shape overlaps it most (IoU of the two shapes centred on one point; the
    lower anchor index on a tie). That cell and anchor get the numbers that decode to the
    box, with confidence ``confidence`` and probability ``confidence`` for the box's class
    (1 when ``n_classes == 1``); every other anchor gets confidence ``1 - confidence``,
    the box of its anchor at its cell's centre and equal class probabilities.

    Parameters
    ----------
    boxes : ndarray of shape (n, 4)
        True boxes ``(x_c, y_c, w, h)`` in fractions of the image's width and height
        (the format :func:`decode_yolo` returns): centres in [0, 1], sizes > 0. ``n`` may be 0.
    classes : ndarray of shape (n,)
        Their classes, whole numbers in ``[0, n_classes)``.
    anchors : ndarray of shape (n_anchors, 2)
        Width and height of each anchor, fractions of the image.
    grid_shape : (int, int) or int
        ``(S_h, S_w)``; one integer ``S`` for an ``S x S`` grid.
    n_classes : int >= 1
    confidence : float, 0.5 < confidence < 1, default 0.99
        How sure the encoded "network" is. 1 would need infinite logits.

    Returns
    -------
    ndarray of shape (S_h, S_w, n_anchors, 5 + n_classes)
        Raw outputs ``(t_o, t_x, t_y, t_w, t_h, class logits...)``; ``.reshape(S_h, S_w, -1)``
        gives the network's layout. In the dtype of ``boxes`` and ``anchors``.

    Raises
    ------
    ValueError
        If a shape is wrong, an entry is NaN or infinite, a centre lies outside [0, 1], a
        width or height is not positive, a class is not a whole number in
        ``[0, n_classes)``, ``confidence`` is not in (0.5, 1), or two boxes fall on the
        same cell and anchor (one slot holds one object: a limit of YOLO).
    TypeError
        If an array is not numeric or a size is not an integer.

    Notes
    -----
    For a box with centre :math:`(x, y)` the cell is :math:`c = \lfloor x S_w \rfloor`,
    :math:`r = \lfloor y S_h \rfloor` (a centre at exactly 1 goes to the last cell), and

    .. math:: t_x = \operatorname{logit}(x S_w - c), \quad
              t_y = \operatorname{logit}(y S_h - r), \quad
              t_w = \log \frac{w}{a_{w,k}}, \quad t_h = \log \frac{h}{a_{h,k}},

    .. math:: t_o = \pm \operatorname{logit}(p), \qquad
              \text{logit of the class} = \operatorname{logit}(p) + \log(n_{classes} - 1),

    with :math:`\operatorname{logit}(q) = \log \frac{q}{1 - q}`, the inverse of the sigmoid,
    and :math:`p` = ``confidence`` (the other class logits are 0, so the softmax gives the
    class probability :math:`p`). An offset of exactly 0 or 1, a centre on a cell's edge,
    would need an infinite logit; offsets are kept within :math:`16\varepsilon` of the
    edges (:math:`\varepsilon` the dtype's machine epsilon), so
    ``decode_yolo(encode_yolo(boxes, ...))`` gives the boxes back to within rounding.
    Course 4, Week 3.
    """
    anchors = _check_anchors(anchors)
    S_h, S_w = _check_grid(grid_shape)
    n_classes = check_int("n_classes", n_classes)
    confidence = check_real("confidence", confidence, 0.5, 1.0)
    if not 0.5 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0.5 and 1, got {confidence}")
    boxes = as_float_array("boxes", boxes)
    check_shape("boxes", boxes, ("n", 4), hint="of (x_c, y_c, w, h), one box per row")
    check_finite("boxes", boxes)
    x, y, w, h = boxes.T
    if np.any((x < 0) | (x > 1) | (y < 0) | (y > 1)):
        raise ValueError("boxes must have centres (x_c, y_c) in [0, 1], fractions of the image, "
                         f"got x_c in [{np.min(x)}, {np.max(x)}], y_c in [{np.min(y)}, {np.max(y)}]")
    if np.any((w <= 0) | (h <= 0)):
        raise ValueError("boxes must have widths and heights w, h > 0 (format (x_c, y_c, w, h))")
    classes = as_float_array("classes", classes)
    check_shape("classes", classes, (boxes.shape[0],), hint="(one class per box)")
    check_finite("classes", classes)
    if np.any((classes != np.round(classes)) | (classes < 0) | (classes >= n_classes)):
        raise ValueError(f"classes must hold whole numbers in [0, {n_classes}), got "
                         f"{np.unique(classes)[:5].tolist()}")
    classes = classes.astype(np.int64)

    cols = np.minimum(np.floor(x * S_w), S_w - 1).astype(np.int64)
    rows = np.minimum(np.floor(y * S_h), S_h - 1).astype(np.int64)
    best = np.argmax(_shape_iou(boxes[:, 2:], anchors), axis=1)  # the first of equal IoUs
    slots = list(zip(rows.tolist(), cols.tolist(), best.tolist()))
    if len(set(slots)) < len(slots):
        i = next(i for i, s in enumerate(slots) if slots.index(s) != i)
        j = slots.index(slots[i])
        r, c, k = slots[i]
        raise ValueError(
            f"boxes {j} and {i} both fall in cell (row {r}, column {c}) with anchor {k}; one "
            "cell and anchor hold one object (a finer grid or more anchors would separate them)"
        )

    dtype = np.result_type(boxes, anchors)
    eps = 16 * np.finfo(dtype).eps
    logit = np.log(confidence / (1 - confidence))
    volume = np.zeros((S_h, S_w, anchors.shape[0], 5 + n_classes), dtype=dtype)
    volume[..., 0] = -logit  # no object: confidence 1 - p
    off_x = np.clip(x * S_w - cols, eps, 1 - eps)  # where the centre lies in its cell, (0, 1)
    off_y = np.clip(y * S_h - rows, eps, 1 - eps)
    volume[rows, cols, best, 0] = logit
    volume[rows, cols, best, 1] = np.log(off_x / (1 - off_x))
    volume[rows, cols, best, 2] = np.log(off_y / (1 - off_y))
    volume[rows, cols, best, 3] = np.log(w / anchors[best, 0])
    volume[rows, cols, best, 4] = np.log(h / anchors[best, 1])
    volume[rows, cols, best, 5 + classes] = logit + np.log(max(n_classes - 1, 1))
    return volume
