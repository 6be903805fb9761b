"""Tests for dlspec.strategy (Course 3)."""

import dataclasses

import numpy as np
import pytest

from dlspec.strategy import (
    GAPS,
    REMEDIES,
    ErrorCategory,
    ErrorDiagnosis,
    diagnose_errors,
    error_analysis_table,
)

# --- diagnose_errors: hand-computed cases -----------------------------------------------------


def test_high_avoidable_bias_with_every_set():
    d = diagnose_errors(human=0.01, train=0.08, train_dev=0.10, dev=0.10, test=0.11)
    assert isinstance(d, ErrorDiagnosis)
    assert d.avoidable_bias == pytest.approx(0.07)
    assert d.variance == pytest.approx(0.02)
    assert d.data_mismatch == pytest.approx(0.0)
    assert d.dev_overfitting == pytest.approx(0.01)
    assert d.largest == "avoidable_bias"
    assert d.remedies == REMEDIES["avoidable_bias"]
    assert "bigger_model" in d.remedies


def test_rates_are_kept_as_floats():
    d = diagnose_errors(human=0, train=1, train_dev=np.float32(0.5), dev=0.25, test=np.float64(0.5))
    assert (d.human, d.train, d.train_dev, d.dev, d.test) == (0.0, 1.0, 0.5, 0.25, 0.5)
    assert all(type(v) is float for v in (d.human, d.train, d.train_dev, d.dev, d.test))


def test_high_variance_when_humans_are_not_much_better():
    d = diagnose_errors(human=0.075, train=0.08, dev=0.10)
    assert d.avoidable_bias == pytest.approx(0.005)
    assert d.variance == pytest.approx(0.02)
    assert d.largest == "variance"
    assert d.remedies == ("more_data", "regularization", "architecture_search")


def test_data_mismatch_with_a_training_dev_set():
    d = diagnose_errors(human=0.0, train=0.01, train_dev=0.015, dev=0.10)
    assert d.variance == pytest.approx(0.005)
    assert d.data_mismatch == pytest.approx(0.085)
    assert d.largest == "data_mismatch"
    assert "data_synthesis" in d.remedies


def test_overfitting_to_the_dev_set():
    d = diagnose_errors(human=0.01, train=0.02, train_dev=0.025, dev=0.03, test=0.08)
    assert d.dev_overfitting == pytest.approx(0.05)
    assert d.largest == "dev_overfitting"
    assert d.remedies == ("bigger_dev_set",)


def test_gaps_telescope_to_test_minus_human():
    d = diagnose_errors(human=0.04, train=0.07, train_dev=0.11, dev=0.06, test=0.065)
    assert d.data_mismatch == pytest.approx(-0.05)  # an easier dev set: a negative gap
    assert sum(d.gaps.values()) == pytest.approx(0.065 - 0.04)
    assert d.largest == "variance"


# --- diagnose_errors: missing sets ------------------------------------------------------------


def test_only_train_and_dev():
    d = diagnose_errors(train=0.01, dev=0.11)
    assert d.human is None and d.train_dev is None and d.test is None
    assert d.avoidable_bias is None and d.data_mismatch is None and d.dev_overfitting is None
    assert d.variance == pytest.approx(0.10)
    assert list(d.gaps) == ["variance"]
    assert d.largest == "variance"


def test_without_human_level():
    d = diagnose_errors(train=0.15, train_dev=0.16, dev=0.30, test=0.31)
    assert d.avoidable_bias is None
    assert list(d.gaps) == ["variance", "data_mismatch", "dev_overfitting"]
    assert d.largest == "data_mismatch"


def test_without_train_dev_variance_uses_dev():
    d = diagnose_errors(human=0.005, train=0.15, dev=0.30, test=0.31)
    assert d.data_mismatch is None
    assert d.variance == pytest.approx(0.15)
    assert d.avoidable_bias == pytest.approx(0.145)
    assert list(d.gaps) == ["avoidable_bias", "variance", "dev_overfitting"]
    assert d.largest == "variance"


def test_without_test():
    d = diagnose_errors(human=0.005, train=0.15, train_dev=0.16, dev=0.16)
    assert d.dev_overfitting is None
    assert list(d.gaps) == ["avoidable_bias", "variance", "data_mismatch"]
    assert d.largest == "avoidable_bias"


def test_ties_go_to_the_first_gap_despite_rounding():
    d = diagnose_errors(human=0.01, train=0.05, dev=0.09)
    assert d.avoidable_bias == pytest.approx(d.variance)
    assert d.largest == "avoidable_bias"


def test_diagnosis_is_frozen_and_keyword_only():
    d = diagnose_errors(train=0.1, dev=0.2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.train = 0.0
    with pytest.raises(TypeError):
        diagnose_errors(0.1, 0.2)


def test_every_gap_has_remedies():
    assert set(REMEDIES) == set(GAPS)
    assert all(isinstance(r, tuple) and r for r in REMEDIES.values())


# --- diagnose_errors: errors ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["human", "train", "train_dev", "dev", "test"])
@pytest.mark.parametrize("value", [-0.01, 1.5, float("nan"), float("inf")])
def test_rates_outside_the_unit_interval(name, value):
    rates = {"train": 0.1, "dev": 0.2, name: value}
    with pytest.raises(ValueError, match=rf"^{name} must be a finite number in \[0.0, 1.0\], got"):
        diagnose_errors(**rates)


@pytest.mark.parametrize("name", ["human", "train", "train_dev", "dev", "test"])
@pytest.mark.parametrize("value", ["0.1", True, [0.1], 1j])
def test_rates_that_are_not_numbers(name, value):
    rates = {"train": 0.1, "dev": 0.2, name: value}
    with pytest.raises(TypeError, match=rf"^{name} must be a real number, got"):
        diagnose_errors(**rates)


def test_train_and_dev_are_required():
    with pytest.raises(TypeError, match="dev"):
        diagnose_errors(train=0.1)
    with pytest.raises(TypeError, match="train"):
        diagnose_errors(dev=0.1)


# --- error_analysis_table ---------------------------------------------------------------------

# Ten examined errors, dev error 10 %: dog 2, great_cat 5, blurry 4 (overlapping), one untagged.
TAGS = [
    {"dog"},
    {"great_cat", "blurry"},
    {"great_cat"},
    {"blurry"},
    {"great_cat", "blurry"},
    {"dog", "blurry"},
    {"great_cat"},
    set(),
    ["great_cat", "great_cat"],
    ("instagram",),
]


def test_error_analysis_by_hand():
    rows = error_analysis_table(TAGS, dev_error=0.1)
    assert [r.category for r in rows] == ["great_cat", "blurry", "dog", "instagram"]
    assert [r.count for r in rows] == [5, 4, 2, 1]
    assert [r.share for r in rows] == pytest.approx([0.5, 0.4, 0.2, 0.1])
    assert [r.ceiling for r in rows] == pytest.approx([0.05, 0.04, 0.02, 0.01])
    assert isinstance(rows[0], ErrorCategory)
    category, count, share, ceiling = rows[2]
    assert (category, count) == ("dog", 2)
    assert ceiling == pytest.approx(share * 0.1)


def test_the_course_example_ceiling():
    tags = [{"dog"}] * 5 + [set()] * 95
    (row,) = error_analysis_table(tags, dev_error=0.10)
    assert row == ErrorCategory("dog", 5, 0.05, pytest.approx(0.005))


def test_given_categories_keep_their_order_and_zero_rows():
    rows = error_analysis_table(
        [{"b"}, {"a"}, set()], dev_error=0.3, categories=["c", "b", "a", "z"]
    )
    assert [(r.category, r.count) for r in rows] == [("b", 1), ("a", 1), ("c", 0), ("z", 0)]
    assert rows[-1].share == 0.0 and rows[-1].ceiling == 0.0


def test_default_ties_are_sorted_by_name():
    rows = error_analysis_table([{"zebra"}, {"apple"}, {"mango"}], dev_error=0.5)
    assert [r.category for r in rows] == ["apple", "mango", "zebra"]


def test_a_generator_of_tags_is_accepted():
    rows = error_analysis_table(({"x"} for _ in range(4)), dev_error=1.0)
    assert rows == [ErrorCategory("x", 4, 1.0, 1.0)]


def test_error_analysis_errors():
    with pytest.raises(TypeError, match=r"^tags must be a list of tag collections, got str"):
        error_analysis_table("dog", dev_error=0.1)
    with pytest.raises(TypeError, match=r"^tags must be a list of tag collections, got int"):
        error_analysis_table(3, dev_error=0.1)
    with pytest.raises(TypeError, match=r"^tags\[1\] must be a list of strings, got str"):
        error_analysis_table([{"dog"}, "dog"], dev_error=0.1)
    with pytest.raises(TypeError, match=r"^tags\[0\] must be a list of strings, got int"):
        error_analysis_table([5], dev_error=0.1)
    with pytest.raises(TypeError, match=r"^tags\[0\] must contain only strings, got \[3\]"):
        error_analysis_table([[3]], dev_error=0.1)
    with pytest.raises(ValueError, match="at least one misclassified example, got 0"):
        error_analysis_table([], dev_error=0.1)
    with pytest.raises(ValueError, match=r"^dev_error must be a finite number in \[0.0, 1.0\]"):
        error_analysis_table([{"dog"}], dev_error=1.2)
    with pytest.raises(ValueError, match="dev_error must be positive when errors .* got 0.0"):
        error_analysis_table([{"dog"}], dev_error=0)
    with pytest.raises(TypeError, match="dev_error must be a real number, got str"):
        error_analysis_table([{"dog"}], dev_error="0.1")
    with pytest.raises(TypeError, match="dev_error"):
        error_analysis_table([{"dog"}])


def test_categories_errors():
    with pytest.raises(ValueError, match=r"tags \['dgo'\] are not in categories \['dog', 'cat'\]"):
        error_analysis_table([{"dgo"}], dev_error=0.1, categories=["dog", "cat"])
    with pytest.raises(ValueError, match=r"categories must not repeat a name, got \['a', 'a'\]"):
        error_analysis_table([{"a"}], dev_error=0.1, categories=["a", "a"])
    with pytest.raises(TypeError, match="categories must be a list of strings, got str"):
        error_analysis_table([{"dog"}], dev_error=0.1, categories="dog")
