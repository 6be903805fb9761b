"""Tests for dlspec.tuning (random search on the right scale, Course 2 Week 3)."""

import itertools
import math

import numpy as np
import pytest

from dlspec.tuning import (
    make_space,
    random_search,
    sample_log_uniform,
    sample_one_minus_log,
    zoom,
)

BOUNDS = {"alpha": (1e-4, 1.0, "log"), "beta": (0.9, 0.999, "one_minus_log")}


def bowl(params):
    """Smallest at alpha = 10^-2.5 (strongly), barely depends on beta: one parameter matters."""
    return (math.log10(params["alpha"]) + 2.5) ** 2 + 0.01 * params["beta"]


# --- sampling -----------------------------------------------------------------------------


@pytest.mark.parametrize("low, high", [(1e-4, 1.0), (2.0, 3.0), (1e-12, 1e12)])
def test_log_uniform_within_bounds(low, high, rng):
    values = sample_log_uniform(low, high, 5000, rng=rng)
    assert values.shape == (5000,) and values.dtype == np.float64
    assert np.all((values >= low) & (values <= high))
    one = sample_log_uniform(low, high, rng=rng)
    assert isinstance(one, float) and low <= one <= high


def test_log_uniform_gives_each_decade_the_same_share(rng):
    values = sample_log_uniform(1e-4, 1.0, 40_000, rng=rng)
    counts = np.bincount(np.floor(np.log10(values)).astype(int) + 4, minlength=5)
    shares = counts[:4] / values.size  # [1e-4, 1e-3), ..., [0.1, 1); 1.0 itself is not drawn
    np.testing.assert_allclose(shares, 0.25, atol=0.015)  # about 7 standard deviations
    assert counts[4] == 0
    # Uniform sampling would put about 90% in the top decade:
    assert np.mean(rng.uniform(1e-4, 1.0, 40_000) >= 0.1) > 0.89


def test_one_minus_log_within_bounds_and_decades_equal(rng):
    betas = sample_one_minus_log(0.9, 0.999, 40_000, rng=rng)
    assert np.all((betas >= 0.9) & (betas <= 0.999))
    assert np.mean(betas < 0.99) == pytest.approx(0.5, abs=0.015)  # 1 - beta in [1e-2, 1e-1]
    assert np.mean(betas < 0.9) == 0.0
    # Within each decade of 1 - beta, values are log-uniform too: [0.9, 0.99) halves at 0.9684.
    share = np.mean((betas >= 0.9) & (betas < 1 - 10**-1.5)) / np.mean(betas < 0.99)
    assert share == pytest.approx(0.5, abs=0.03)
    one = sample_one_minus_log(0.0, 0.5, rng=rng)
    assert isinstance(one, float) and 0.0 <= one <= 0.5


def test_sampling_is_deterministic():
    a = sample_log_uniform(1e-4, 1.0, 10, rng=np.random.default_rng(3))
    b = sample_log_uniform(1e-4, 1.0, 10, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b, strict=True)
    assert sample_log_uniform(1e-4, 1.0, 0, rng=np.random.default_rng(3)).shape == (0,)


# --- random search --------------------------------------------------------------------------


def test_random_search_sorts_best_first(rng):
    space = make_space(BOUNDS)
    results = random_search(bowl, space, 12, rng=rng)
    assert len(results) == 12
    scores = [score for _, score in results]
    assert scores == sorted(scores)
    for params, score in results:
        assert set(params) == {"alpha", "beta"} and score == bowl(params)
        assert 1e-4 <= params["alpha"] <= 1.0 and 0.9 <= params["beta"] <= 0.999
    worst_first = random_search(bowl, space, 12, rng=np.random.default_rng(0), maximize=True)
    again = random_search(bowl, space, 12, rng=np.random.default_rng(0))
    assert worst_first == again[::-1]


def test_random_search_puts_nan_last():
    space = {"x": lambda rng: float(rng.uniform(-1, 1))}
    results = random_search(
        lambda p: math.nan if p["x"] > 0 else p["x"], space, 20, rng=np.random.default_rng(1)
    )
    scores = [s for _, s in results]
    n_finite = sum(not math.isnan(s) for s in scores)
    assert 0 < n_finite < 20
    assert scores[:n_finite] == sorted(scores[:n_finite])
    assert all(math.isnan(s) for s in scores[n_finite:])


def grid_best(n_per_axis):
    """The best score of an n x n grid, log-spaced like the random search."""
    alphas = np.logspace(-4, 0, n_per_axis)
    betas = 1 - np.logspace(-1, -3, n_per_axis)
    return min(bowl({"alpha": a, "beta": b}) for a, b in itertools.product(alphas, betas))


def test_random_search_beats_a_grid_with_the_same_budget():
    """25 trials: a 5 x 5 grid tries 5 learning rates, random search 25 (Course 2, Week 3)."""
    grid = grid_best(5)  # alphas 1e-4, 1e-3, ..., 1: half a decade from the optimum at best
    assert grid == pytest.approx(0.25 + 0.01 * 0.9)
    space = make_space(BOUNDS)
    best = [random_search(bowl, space, 25, rng=np.random.default_rng(s))[0][1] for s in range(100)]
    assert best[0] < grid  # seed 0
    # Random search loses only if no alpha falls within half a decade: 0.75^25 < 0.1%.
    assert np.mean(np.array(best) < grid) > 0.97
    assert np.median(best) < 0.1 * grid


# --- coarse to fine ------------------------------------------------------------------------------


def test_zoom_by_hand():
    bounds = {"a": (1e-4, 1.0, "log"), "b": (0.0, 10.0, "linear")}
    new = zoom(bounds, [{"a": 1e-2, "b": 5.0}], factor=4.0)  # one point: centred, width / 4
    assert new["a"][2] == "log" and new["b"] == (3.75, 6.25, "linear")
    assert new["a"][:2] == pytest.approx((10**-2.5, 10**-1.5), rel=1e-12)
    # Near an edge the window is moved back inside the old bounds.
    assert zoom(bounds, [{"a": 1.0, "b": 0.5}])["b"] == (0.0, 2.5, "linear")
    # Points spread wider than width / factor: the window covers them all.
    assert zoom(bounds, [{"a": 1e-3, "b": 1.0}, {"a": 1e-3, "b": 9.0}])["b"] == (1.0, 9.0, "linear")


def test_zoom_one_minus_log():
    bounds = {"beta": (0.9, 0.999, "one_minus_log")}
    low, high, scale = zoom(bounds, [{"beta": 0.99}], factor=2.0)["beta"]
    assert scale == "one_minus_log"  # 1 - beta in [10^-2.5, 10^-1.5]
    assert (low, high) == pytest.approx((1 - 10**-1.5, 1 - 10**-2.5), rel=1e-12)


def test_coarse_to_fine_improves_the_best_point(rng):
    coarse = random_search(bowl, make_space(BOUNDS), 20, rng=rng)
    fine_bounds = zoom(BOUNDS, [p for p, _ in coarse[:3]], factor=4.0)
    for name, (low, high, _) in fine_bounds.items():
        assert BOUNDS[name][0] <= low < high <= BOUNDS[name][1]
        assert all(low <= p[name] <= high for p, _ in coarse[:3])
    fine = random_search(bowl, make_space(fine_bounds), 20, rng=rng)
    assert fine[0][1] <= coarse[0][1] + 0.01  # beta's share is at most 0.01
    assert np.median([s for _, s in fine]) < np.median([s for _, s in coarse])


# --- errors ---------------------------------------------------------------------------------------


def test_sampling_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="low must be positive on a log scale"):
        sample_log_uniform(0.0, 1.0, rng=rng)
    with pytest.raises(ValueError, match=r"low must be smaller than high, got low=1.0, high=0.1"):
        sample_log_uniform(1.0, 0.1, rng=rng)
    with pytest.raises(ValueError, match="low must be a finite number"):
        sample_log_uniform(-1.0, 1.0, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        sample_log_uniform(1e-4, 1.0, rng=None)
    with pytest.raises(ValueError, match="size must be an integer >= 0"):
        sample_log_uniform(1e-4, 1.0, -1, rng=rng)
    with pytest.raises(ValueError, match="high must be smaller than 1"):
        sample_one_minus_log(0.9, 1.0, rng=rng)
    with pytest.raises(ValueError, match=r"high must be a finite number in \[0.0, 1.0\]"):
        sample_one_minus_log(0.9, 1.5, rng=rng)


def test_search_errors():
    rng = np.random.default_rng(0)
    space = make_space(BOUNDS)
    with pytest.raises(TypeError, match="objective must be callable"):
        random_search(None, space, 3, rng=rng)
    with pytest.raises(TypeError, match=r"space must be a dict \{name: sampler\}"):
        random_search(bowl, {"alpha": 0.1}, 3, rng=rng)
    with pytest.raises(ValueError, match="space must name at least one hyperparameter"):
        random_search(bowl, {}, 3, rng=rng)
    with pytest.raises(ValueError, match="n_trials must be an integer >= 1, got 0"):
        random_search(bowl, space, 0, rng=rng)
    with pytest.raises(TypeError, match="maximize must be True or False"):
        random_search(bowl, space, 3, rng=rng, maximize="yes")
    with pytest.raises(ValueError, match=r"bounds\['a'\] must be \(low, high, scale\)"):
        make_space({"a": (0.0, 1.0, "exp")})
    with pytest.raises(ValueError, match=r"bounds\['a'\]: low must be positive on a log scale"):
        make_space({"a": (0.0, 1.0, "log")})
    with pytest.raises(TypeError, match="bounds must be a non-empty dict"):
        make_space([])


def test_zoom_errors():
    with pytest.raises(ValueError, match="best_points must be a non-empty list"):
        zoom(BOUNDS, [])
    with pytest.raises(ValueError, match="must hold a number for 'beta'"):
        zoom(BOUNDS, [{"alpha": 0.1}])
    with pytest.raises(ValueError, match=r"best_points hold alpha values outside \[0.0001, 1.0\]"):
        zoom(BOUNDS, [{"alpha": 2.0, "beta": 0.95}])
    with pytest.raises(ValueError, match="factor must be a finite number"):
        zoom(BOUNDS, [{"alpha": 0.1, "beta": 0.95}], factor=0.5)
