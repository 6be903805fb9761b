"""Tests for dlspec.data: the digits loaders and the preprocessing helpers."""

import numpy as np
import pytest

from dlspec.data import (
    flatten_images,
    load_digits_binary,
    load_digits_images,
    normalize_rows,
    standardize,
)

M_DIGITS = 1797
#: How many images of each digit 0-9 the data set holds (the test set of UCI's optdigits).
DIGIT_COUNTS = (178, 182, 177, 183, 181, 182, 181, 179, 174, 180)


# --- digits -----------------------------------------------------------------------


def test_load_digits_binary_shapes_and_values(rng):
    X_train, Y_train, X_test, Y_test = load_digits_binary(positive=(0,), rng=rng)
    m_train, m_test = X_train.shape[1], X_test.shape[1]
    assert X_train.shape == (64, m_train) and Y_train.shape == (1, m_train)
    assert X_test.shape == (64, m_test) and Y_test.shape == (1, m_test)
    assert m_train + m_test == M_DIGITS
    assert m_test == pytest.approx(0.25 * M_DIGITS, abs=10)
    for X in (X_train, X_test):
        assert X.dtype == np.float64 and X.min() >= 0.0 and X.max() <= 1.0
    assert set(np.unique(np.concatenate([Y_train, Y_test], axis=1))) == {0.0, 1.0}
    assert Y_train.sum() + Y_test.sum() == DIGIT_COUNTS[0]  # 178 zeros, not 182 ones


def test_digit_counts_are_those_of_scikit_learn():
    from sklearn.datasets import load_digits

    assert sum(DIGIT_COUNTS) == M_DIGITS
    np.testing.assert_array_equal(np.bincount(load_digits().target), DIGIT_COUNTS)


@pytest.mark.parametrize("positive", [(0,), (1,), (3, 5), (9,), (0, 2, 4, 6, 8)])
def test_load_digits_binary_labels_each_image_by_its_own_digit(positive, rng):
    # Oracle: find every returned column among scikit-learn's own images (all 1797 are
    # distinct) and read its digit from scikit-learn's target, not through dlspec.
    from sklearn.datasets import load_digits

    bunch = load_digits()
    digit_of = {row.tobytes(): d for row, d in zip(bunch.data.astype(np.int64), bunch.target)}
    assert len(digit_of) == M_DIGITS
    X_train, Y_train, X_test, Y_test = load_digits_binary(positive=positive, rng=rng)
    for X, Y in ((X_train, Y_train), (X_test, Y_test)):
        grey_levels = np.rint(X * 16).astype(np.int64)
        digits = np.array([digit_of[column.tobytes()] for column in grey_levels.T])
        np.testing.assert_array_equal(Y[0], np.isin(digits, positive).astype(np.float64))
    n_positive = sum(DIGIT_COUNTS[d] for d in positive)
    assert Y_train.sum() + Y_test.sum() == n_positive


def test_load_digits_binary_split_is_stratified(rng):
    _, Y_train, X_test, Y_test = load_digits_binary(positive=(3, 5), test_fraction=0.3, rng=rng)
    overall = (DIGIT_COUNTS[3] + DIGIT_COUNTS[5]) / M_DIGITS  # 365 / 1797
    assert Y_train.sum() + Y_test.sum() == 365
    assert Y_train.mean() == pytest.approx(overall, abs=0.01)
    assert Y_test.mean() == pytest.approx(overall, abs=0.01)
    assert X_test.shape[1] == pytest.approx(0.3 * M_DIGITS, abs=10)


def test_load_digits_binary_is_reproducible_and_seed_dependent():
    a = load_digits_binary(rng=np.random.default_rng(7))
    b = load_digits_binary(rng=np.random.default_rng(7))
    c = load_digits_binary(rng=np.random.default_rng(8))
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a[0], c[0])


def test_load_digits_binary_errors():
    rng = np.random.default_rng(0)
    for positive in [(), range(10), (10,), (-1,)]:
        with pytest.raises(ValueError, match="positive must be a non-empty proper subset"):
            load_digits_binary(positive=positive, rng=rng)
    with pytest.raises(TypeError, match="positive must contain integers"):
        load_digits_binary(positive=("0",), rng=rng)
    with pytest.raises(ValueError, match="test_fraction must be strictly between 0 and 1"):
        load_digits_binary(test_fraction=1.0, rng=rng)
    with pytest.raises(ValueError, match="test_fraction must be a finite number"):
        load_digits_binary(test_fraction=float("nan"), rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        load_digits_binary(rng=None)


def test_load_digits_images_shapes_and_shuffle(rng):
    images, labels = load_digits_images()
    assert images.shape == (M_DIGITS, 8, 8) and labels.shape == (M_DIGITS,)
    assert images.min() == 0.0 and images.max() == 1.0
    assert set(labels.tolist()) == set(range(10))
    shuffled, shuffled_labels = load_digits_images(rng=rng)
    assert not np.array_equal(shuffled_labels, labels)
    # The shuffle keeps each image with its label: per-digit sums are unchanged.
    for d in range(10):
        np.testing.assert_allclose(shuffled[shuffled_labels == d].sum(), images[labels == d].sum())


# --- flatten_images ------------------------------------------------------------------


def test_flatten_grey_images_puts_each_image_in_a_column():
    images = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    X = flatten_images(images)
    assert X.shape == (12, 2) and X.dtype == np.float64
    np.testing.assert_array_equal(X[:, 1], images[1].ravel())
    # The classic mistake reshape(-1, m) has the right shape but mixes images.
    assert not np.array_equal(images.reshape(-1, 2), X)


def test_flatten_colour_images_keeps_float32():
    images = np.ones((5, 4, 4, 3), dtype=np.float32)
    X = flatten_images(images)
    assert X.shape == (48, 5) and X.dtype == np.float32


def test_flatten_rejects_wrong_rank():
    with pytest.raises(
        ValueError, match=r"images must have shape \(m, h, w\) or \(m, h, w, c\), got \(4, 4\)"
    ):
        flatten_images(np.ones((4, 4)))


@pytest.mark.parametrize(("bad", "found"), [(np.nan, "NaN"), (np.inf, "infinity")])
def test_flatten_rejects_nan_and_infinity(bad, found):
    images = np.zeros((2, 3, 3))
    images[1, 2, 0] = bad
    with pytest.raises(ValueError, match=f"images must contain only finite numbers, found {found}"):
        flatten_images(images)


# --- normalize_rows -----------------------------------------------------------------


def test_normalize_rows_hand_value_and_zero_row():
    x = np.array([[3.0, 4.0], [0.0, 0.0], [1, 1]])
    np.testing.assert_allclose(
        normalize_rows(x), [[0.6, 0.8], [0.0, 0.0], [2**-0.5, 2**-0.5]], strict=True
    )


def test_normalize_rows_gives_unit_norms(rng):
    x = rng.standard_normal((4, 3)).astype(np.float32)
    out = normalize_rows(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), np.ones(4, np.float32), rtol=1e-6)


def test_normalize_rows_rejects_rank_1():
    with pytest.raises(ValueError, match=r"x must have shape \(n, d\), got \(3,\)"):
        normalize_rows(np.ones(3))


@pytest.mark.parametrize(("bad", "found"), [(np.nan, "NaN"), (np.inf, "infinity")])
def test_normalize_rows_rejects_nan_and_infinity(bad, found):
    with pytest.raises(ValueError, match=f"x must contain only finite numbers, found {found}"):
        normalize_rows(np.array([[3.0, 4.0], [bad, 1.0]]))


# --- standardize ------------------------------------------------------------------------


def test_standardize_centres_and_scales_each_feature(rng):
    X = rng.standard_normal((3, 50)) * np.array([[1.0], [10.0], [0.1]]) + 5.0
    X_std, mean, std = standardize(X)
    assert mean.shape == (3, 1) and std.shape == (3, 1)
    np.testing.assert_allclose(X_std.mean(axis=1), np.zeros(3), atol=1e-12)
    np.testing.assert_allclose(X_std.std(axis=1), np.ones(3))


def test_standardize_leaves_constant_features_unscaled():
    X = np.array([[1.0, 3.0], [7.0, 7.0]])
    X_std, mean, std = standardize(X)
    np.testing.assert_allclose(X_std, [[-1.0, 1.0], [0.0, 0.0]], strict=True)
    np.testing.assert_allclose(std, [[1.0], [1.0]])
    np.testing.assert_allclose(mean, [[2.0], [7.0]])


def test_standardize_reuses_training_statistics(rng):
    X_train = rng.standard_normal((2, 20))
    X_test = rng.standard_normal((2, 4))
    _, mean, std = standardize(X_train)
    X_test_std, mean2, _ = standardize(X_test, mean, std)
    np.testing.assert_allclose(X_test_std, (X_test - mean) / std)
    np.testing.assert_array_equal(mean2, mean)


def test_standardize_errors():
    X = np.ones((2, 3))
    with pytest.raises(ValueError, match="pass both mean and std, or neither"):
        standardize(X, mean=np.zeros((2, 1)))
    with pytest.raises(
        ValueError, match=r"mean must have shape \(2, 1\) to match X of shape \(2, 3\), got \(2,\)"
    ):
        standardize(X, mean=np.zeros(2), std=np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"X must have shape \(n_x, m\), got \(3,\)"):
        standardize(np.ones(3))
    with pytest.raises(ValueError, match="std must be non-negative"):
        standardize(X, mean=np.zeros((2, 1)), std=-np.ones((2, 1)))


def test_standardize_rejects_transposed_X_and_names_both_shapes(rng):
    _, mean, std = standardize(rng.standard_normal((3, 20)))  # 3 features
    X_test = rng.standard_normal((3, 5))
    with pytest.raises(
        ValueError,
        match=r"X has shape \(5, 3\) but mean and std have shape \(3, 1\): X looks transposed; "
        r"it must have shape \(n_x, m\) = \(3, 5\), one example per column \(pass X\.T\)",
    ):
        standardize(X_test.T, mean, std)


def test_standardize_allows_more_features_than_examples():
    # 5 features, 2 examples: worked by hand (features 2 and 4 are constant).
    X = np.array([[1.0, 3.0], [2.0, 2.0], [0.0, 4.0], [5.0, 5.0], [-1.0, 1.0]])
    X_std, mean, std = standardize(X)
    expected = [[-1.0, 1.0], [0.0, 0.0], [-1.0, 1.0], [0.0, 0.0], [-1.0, 1.0]]
    np.testing.assert_allclose(X_std, expected, strict=True)
    np.testing.assert_allclose(mean, [[2.0], [2.0], [2.0], [5.0], [0.0]])
    np.testing.assert_allclose(std, [[1.0], [1.0], [2.0], [1.0], [1.0]])
    again, _, _ = standardize(X, mean, std)  # and with the saved statistics
    np.testing.assert_allclose(again, expected, strict=True)


@pytest.mark.parametrize(("bad", "found"), [(np.nan, "NaN"), (np.inf, "infinity")])
def test_standardize_rejects_nan_and_infinity(bad, found):
    X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, bad]])
    with pytest.raises(ValueError, match=f"^X must contain only finite numbers, found {found}"):
        standardize(X)
    with pytest.raises(ValueError, match=f"^X must contain only finite numbers, found {found}"):
        standardize(X, np.zeros((2, 1)), np.ones((2, 1)))
    good = np.ones((2, 3))
    with pytest.raises(ValueError, match=f"^mean must contain only finite numbers, found {found}"):
        standardize(good, np.array([[0.0], [bad]]), np.ones((2, 1)))
    with pytest.raises(ValueError, match=f"^std must contain only finite numbers, found {found}"):
        standardize(good, np.zeros((2, 1)), np.array([[bad], [1.0]]))
