r"""ML strategy: reading error rates and error analysis.

Course 3 (Structuring Machine Learning Projects) is about deciding what to
work on next. Two tools from it fit in a few lines of code:

* :func:`diagnose_errors` (Weeks 1 and 2) turns the error rates of a model
  on the human, training, training-dev, dev and test levels into the gaps
  the course reads off them (avoidable bias, variance, data mismatch and
  overfitting to the dev set) and names the largest one;
* :func:`error_analysis_table` (Week 2) counts the categories of a sample of
  misclassified dev examples and gives each category's "ceiling", the most
  that fixing it could lower the dev error.

Results carry short English keys (``"avoidable_bias"``, ``"more_data"``,
...), never sentences, so that the study pages can explain them in any
language. Precision, recall and F1 (Week 1) live in :mod:`dlspec.metrics`.

Error rates are fractions in [0, 1] (0.08 means 8 %).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from dlspec._validate import as_name_list, check_real

#: The gaps of :class:`ErrorDiagnosis`, in the order the course fixes them.
GAPS = ("avoidable_bias", "variance", "data_mismatch", "dev_overfitting")

#: For each gap, the course's remedies (keys, most direct first).
REMEDIES = {
    "avoidable_bias": (
        "bigger_model",
        "train_longer",
        "better_optimizer",
        "architecture_search",
    ),
    "variance": ("more_data", "regularization", "architecture_search"),
    "data_mismatch": (
        "mismatch_error_analysis",
        "similar_training_data",
        "data_synthesis",
    ),
    "dev_overfitting": ("bigger_dev_set",),
}

#: Gaps closer than this to the largest one count as ties (rounding noise of 0.08 - 0.01).
_TIE_TOLERANCE = 1e-12


# --- diagnosing bias, variance and data mismatch ---------------------------------------------


@dataclass(frozen=True)
class ErrorDiagnosis:
    r"""The error rates of a model and the gaps between them.

    Build it with :func:`diagnose_errors`. All numbers are fractions in
    [0, 1] for the rates and in [-1, 1] for the gaps; a gap is ``None``
    when a rate it needs was not given.

    Attributes
    ----------
    human, train, train_dev, dev, test : float or None
        The error rates as given (``train`` and ``dev`` are always set).
    avoidable_bias : float or None
        ``train - human``; ``None`` without ``human``.
    variance : float
        ``train_dev - train``, or ``dev - train`` without a training-dev set.
    data_mismatch : float or None
        ``dev - train_dev``; ``None`` without ``train_dev``.
    dev_overfitting : float or None
        ``test - dev``; ``None`` without ``test``.

    Notes
    -----
    Gaps may be negative: a dev set that is easier than the training
    distribution gives a negative ``data_mismatch``. Course 3, Weeks 1-2.
    """

    human: float | None
    train: float
    train_dev: float | None
    dev: float
    test: float | None
    avoidable_bias: float | None
    variance: float
    data_mismatch: float | None
    dev_overfitting: float | None

    @property
    def gaps(self):
        """dict: the gaps that could be computed, keyed and ordered as :data:`GAPS`."""
        values = {name: getattr(self, name) for name in GAPS}
        return {name: value for name, value in values.items() if value is not None}

    @property
    def largest(self):
        """str: key of the largest gap, the one to work on first.

        Gaps within ``1e-12`` of the largest count as equal; among equal gaps
        the first in :data:`GAPS` wins (bias before variance, and so on).
        """
        gaps = self.gaps
        top = max(gaps.values())
        return next(name for name, value in gaps.items() if value >= top - _TIE_TOLERANCE)

    @property
    def remedies(self):
        """tuple of str: the course's remedies for :attr:`largest` (see :data:`REMEDIES`)."""
        return REMEDIES[self.largest]


def diagnose_errors(*, human=None, train, train_dev=None, dev, test=None):
    r"""Split the error of a model into avoidable bias, variance and data mismatch.

    Parameters
    ----------
    human : float, optional
        Human-level error, the proxy for the Bayes (optimal) error. Use the
        best level humans reach (e.g. a team of experts).
    train : float
        Error on the training set.
    train_dev : float, optional
        Error on the training-dev set: examples from the training
        distribution that the model was not trained on.
    dev : float
        Error on the dev set.
    test : float, optional
        Error on the test set.

    Returns
    -------
    ErrorDiagnosis
        The rates, the four gaps, and :attr:`~ErrorDiagnosis.largest` /
        :attr:`~ErrorDiagnosis.remedies` naming the gap to work on first.

    Raises
    ------
    TypeError
        If a rate is not a real number (``bool`` is refused too).
    ValueError
        If a rate is not a finite number in [0, 1].

    Notes
    -----
    With :math:`e_h, e_{tr}, e_{td}, e_d, e_{te}` the five error rates:

    .. math:: \text{avoidable bias} = e_{tr} - e_h, \quad
              \text{variance} = e_{td} - e_{tr}, \quad
              \text{data mismatch} = e_d - e_{td}, \quad
              \text{dev overfitting} = e_{te} - e_d

    Without a training-dev set the dev set is the only held-out data from
    which to judge generalisation, so ``variance = dev - train`` (Week 1,
    where training and dev data come from one distribution). The gaps
    telescope: when every rate is given they add up to ``test - human``.

    Course 3, Week 1 (avoidable bias, variance) and Week 2 (data mismatch).
    """
    human = None if human is None else check_real("human", human, 0.0, 1.0)
    train = check_real("train", train, 0.0, 1.0)
    train_dev = None if train_dev is None else check_real("train_dev", train_dev, 0.0, 1.0)
    dev = check_real("dev", dev, 0.0, 1.0)
    test = None if test is None else check_real("test", test, 0.0, 1.0)
    return ErrorDiagnosis(
        human=human,
        train=train,
        train_dev=train_dev,
        dev=dev,
        test=test,
        avoidable_bias=None if human is None else train - human,
        variance=(dev if train_dev is None else train_dev) - train,
        data_mismatch=None if train_dev is None else dev - train_dev,
        dev_overfitting=None if test is None else test - dev,
    )


# --- error analysis ---------------------------------------------------------------------------


class ErrorCategory(NamedTuple):
    """One row of :func:`error_analysis_table`."""

    #: Category name, e.g. ``"blurry"``.
    category: str
    #: Number of examined errors with this tag.
    count: int
    #: ``count`` divided by the number of examined errors.
    share: float
    #: ``share * dev_error``: the most that fixing this category can lower the dev error.
    ceiling: float


def error_analysis_table(tags, *, dev_error, categories=None):
    r"""Count the categories of misclassified dev examples and their ceilings.

    Parameters
    ----------
    tags : sequence of collections of str
        One entry per examined misclassified dev example: the categories it
        belongs to, e.g. ``[{"dog"}, {"blurry", "great_cat"}, set(), ...]``.
        An example may have several tags or none; a tag repeated within one
        example counts once.
    dev_error : float
        Overall error rate on the dev set, in (0, 1]. The examined examples
        are taken to be a random sample of all dev errors.
    categories : sequence of str, optional
        The categories of the table. When given, every one gets a row (even
        with count 0), ties keep this order, and a tag outside it is an error
        (catches typos). By default: the tags that occur, ties by name.

    Returns
    -------
    list of ErrorCategory
        Rows ``(category, count, share, ceiling)`` sorted by decreasing count.

    Raises
    ------
    TypeError
        If ``tags`` or one of its entries is not a collection of strings
        (a bare string such as ``"dog"`` is refused, use ``{"dog"}``), or
        ``dev_error`` is not a real number.
    ValueError
        If ``tags`` is empty, ``dev_error`` is not in (0, 1], ``categories``
        repeats a name, or a tag is not in ``categories``.

    Notes
    -----
    With :math:`E` examined errors, :math:`c_k` of them tagged :math:`k`,
    and dev error :math:`e_d`:

    .. math:: \text{share}_k = \frac{c_k}{E}, \qquad
              \text{ceiling}_k = \text{share}_k \cdot e_d

    Fixing category :math:`k` completely would at best lower the dev error
    to :math:`e_d - \text{ceiling}_k`. Tags overlap, so the shares can add up
    to more than 1.

    Course 3, Week 2 (carrying out error analysis).
    """
    if isinstance(tags, (str, bytes)) or not isinstance(tags, Iterable):
        raise TypeError(f"tags must be a list of tag collections, got {type(tags).__name__}")
    examples = [set(as_name_list(f"tags[{i}]", entry)) for i, entry in enumerate(tags)]
    if not examples:
        raise ValueError("tags must hold at least one misclassified example, got 0")
    dev_error = check_real("dev_error", dev_error, 0.0, 1.0)
    if dev_error == 0.0:
        raise ValueError("dev_error must be positive when errors were examined, got 0.0")

    seen = sorted(set().union(*examples))
    if categories is None:
        order = seen
    else:
        order = as_name_list("categories", categories)
        if len(set(order)) != len(order):
            raise ValueError(f"categories must not repeat a name, got {order}")
        unknown = [t for t in seen if t not in order]
        if unknown:
            raise ValueError(f"tags {unknown} are not in categories {order}")

    n_errors = len(examples)
    rows = []
    for name in order:
        count = sum(name in example for example in examples)
        share = count / n_errors
        rows.append(ErrorCategory(name, count, share, share * dev_error))
    return sorted(rows, key=lambda row: -row.count)  # stable: ties keep ``order``
