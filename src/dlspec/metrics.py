r"""Evaluation metrics for predicted labels.

Course 1, Week 2 measures logistic regression by its accuracy; later weeks
(Course 3, Week 1: single-number evaluation metrics) add more metrics here.

Labels follow the course layout: a row of shape ``(1, m)``, one entry per
example.
"""

import numpy as np

from dlspec._validate import as_float_array, check_same_m, check_shape


def accuracy(Y_pred, Y):
    r"""Fraction of examples whose predicted label equals the true label.

    Parameters
    ----------
    Y_pred : ndarray of shape (1, m)
        Predicted labels (e.g. from
        :func:`dlspec.logistic_regression.predict_logistic`).
    Y : ndarray of shape (1, m)
        True labels.

    Returns
    -------
    float
        A number in [0, 1].

    Raises
    ------
    ValueError
        If either array is not ``(1, m)``, the m's differ, or ``m == 0``.

    Notes
    -----
    .. math:: \mathrm{accuracy} = \frac{1}{m} \sum_{i=1}^{m}
              \mathbb{1}\left[\hat y^{(i)} = y^{(i)}\right]

    Course 1, Week 2.
    """
    Y_pred = as_float_array("Y_pred", Y_pred)
    Y = as_float_array("Y", Y)
    check_shape("Y_pred", Y_pred, (1, "m"))
    check_shape("Y", Y, (1, "m"))
    check_same_m("Y_pred", Y_pred, "Y", Y)
    if Y.shape[1] == 0:
        raise ValueError("accuracy needs at least one example, got m = 0")
    return float(np.mean(Y_pred == Y))
