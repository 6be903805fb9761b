"""Tests for dlspec.planar_data: shapes, labels, geometry, seeds and errors."""

import subprocess
import sys

import numpy as np
import pytest

from dlspec.planar_data import (
    make_blobs,
    make_flower,
    make_gaussian_quantiles,
    make_moons,
    make_noisy_circles,
)

GENERATORS = [make_flower, make_noisy_circles, make_moons, make_blobs, make_gaussian_quantiles]
BALANCED = [make_flower, make_noisy_circles, make_moons, make_gaussian_quantiles]


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("m", [2, 7, 400])
def test_course_layout_and_labels(make, m, rng):
    X, Y = make(m, rng=rng)
    assert X.shape == (2, m) and Y.shape == (1, m)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert X.flags.c_contiguous and np.all(np.isfinite(X))
    assert set(np.unique(Y)) <= {0.0, 1.0}


@pytest.mark.parametrize("make", BALANCED)
@pytest.mark.parametrize("m", [2, 9, 400])
def test_classes_are_balanced(make, m, rng):
    _, Y = make(m, rng=rng)
    assert Y.sum() == m - m // 2  # m // 2 zeros, the rest ones


def test_blobs_with_even_centres_are_about_balanced(rng):
    _, Y = make_blobs(600, rng=rng, centers=6)
    assert Y.sum() == 300  # 100 points per blob, three blobs per class


@pytest.mark.parametrize("make", GENERATORS)
def test_reproducible_and_seed_dependent(make):
    a = make(50, rng=np.random.default_rng(11))
    b = make(50, rng=np.random.default_rng(11))
    c = make(50, rng=np.random.default_rng(12))
    np.testing.assert_array_equal(a[0], b[0], strict=True)
    np.testing.assert_array_equal(a[1], b[1], strict=True)
    assert not np.array_equal(a[0], c[0])
    rng = np.random.default_rng(11)
    assert not np.array_equal(make(50, rng=rng)[0], make(50, rng=rng)[0])  # rng moves on


# --- geometry ---------------------------------------------------------------------


@pytest.mark.parametrize("petals", [2, 4, 5, 8])
def test_noise_free_flower_lies_on_the_rose_with_parity_labels(petals, rng):
    X, Y = make_flower(300, rng=rng, petals=petals, noise=0.0)
    r = np.hypot(X[0], X[1])
    theta = np.mod(np.arctan2(X[1], X[0]), 2 * np.pi)
    # r = 4 |sin(k theta / 2)|, and petal p = floor(k theta / (2 pi)) has label p mod 2.
    np.testing.assert_allclose(r, 4.0 * np.abs(np.sin(petals * theta / 2)), atol=1e-12)
    petal = np.floor(petals * theta / (2 * np.pi))
    np.testing.assert_array_equal(Y[0], petal % 2)
    assert len(np.unique(petal)) == petals  # every petal is used


def test_flower_noise_spreads_points(rng):
    X, _ = make_flower(400, rng=rng)
    r = np.hypot(X[0], X[1])
    assert r.max() < 4.0 + 5 * 0.2 and r.max() > 3.5
    X_clean, _ = make_flower(400, rng=np.random.default_rng(0), noise=0.0)
    X_noisy, _ = make_flower(400, rng=np.random.default_rng(0), noise=0.2)
    assert 0.1 < np.std(X_noisy - X_clean) < 0.3


def test_circles_without_noise(rng):
    X, Y = make_noisy_circles(100, rng=rng, noise=0.0, factor=0.3)
    r = np.hypot(X[0], X[1])
    np.testing.assert_allclose(r[Y[0] == 0], 1.0)
    np.testing.assert_allclose(r[Y[0] == 1], 0.3)


def test_moons_without_noise(rng):
    X, Y = make_moons(100, rng=rng, noise=0.0)
    upper, lower = X[:, Y[0] == 0], X[:, Y[0] == 1]
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[0] - 1.0, lower[1] - 0.5), 1.0)
    assert upper[1].min() >= -1e-12 and lower[1].max() <= 0.5 + 1e-12


def test_blobs_labels_follow_the_given_centres(rng):
    X, Y = make_blobs(200, rng=rng, centers=[[-5.0, 0.0], [5.0, 0.0]], std=0.5)
    np.testing.assert_array_equal(Y[0], (X[0] > 0).astype(np.float64))
    _, Y3 = make_blobs(90, rng=rng, centers=3)
    assert Y3.sum() == 30  # blobs 0 and 2 are class 0


def test_quantiles_split_at_the_median_radius(rng):
    X, Y = make_gaussian_quantiles(200, rng=rng, cov=2.0)
    r = np.hypot(X[0], X[1])
    assert r[Y[0] == 0].max() <= r[Y[0] == 1].min()
    assert np.var(X) == pytest.approx(2.0, rel=0.3)


# --- errors and laziness ------------------------------------------------------------


@pytest.mark.parametrize("make", GENERATORS)
def test_common_errors(make):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="m must be an integer >= 2, got 1"):
        make(1, rng=rng)
    with pytest.raises(TypeError, match="m must be an integer"):
        make(10.0, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        make(10, rng=0)


def test_specific_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="petals must be an integer >= 2, got 1"):
        make_flower(rng=rng, petals=1)
    for make in (make_flower, make_noisy_circles, make_moons):
        with pytest.raises(ValueError, match=r"noise must be a finite number in \[0.0, inf\]"):
            make(rng=rng, noise=-0.1)
    with pytest.raises(ValueError, match=r"factor must be in \[0, 1\), got 1.0"):
        make_noisy_circles(rng=rng, factor=1.0)
    with pytest.raises(ValueError, match=r"factor must be a finite number in \[0.0, 1.0\]"):
        make_noisy_circles(rng=rng, factor=-0.5)
    with pytest.raises(ValueError, match="std must be positive, got 0.0"):
        make_blobs(rng=rng, std=0)
    with pytest.raises(ValueError, match="centers must be an integer >= 2, got 1"):
        make_blobs(rng=rng, centers=1)
    with pytest.raises(ValueError, match=r"centers must have shape \(k, 2\), got \(2, 3\)"):
        make_blobs(rng=rng, centers=np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"centers must hold at least 2 centres, got \(1, 2\)"):
        make_blobs(rng=rng, centers=[[0.0, 0.0]])
    with pytest.raises(TypeError, match="centers must be a numeric"):
        make_blobs(rng=rng, centers="six")
    with pytest.raises(ValueError, match="cov must be positive, got 0.0"):
        make_gaussian_quantiles(rng=rng, cov=0.0)


def test_network_modules_import_without_sklearn_or_matplotlib():
    code = (
        "import sys, dlspec.planar_data, dlspec.shallow_network, dlspec.network, dlspec.training\n"
        "import numpy as np\n"
        "dlspec.planar_data.make_flower(rng=np.random.default_rng(0))\n"
        "print(','.join(m for m in ('sklearn', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
