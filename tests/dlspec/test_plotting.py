"""Tests for dlspec.plotting (non-interactive Agg backend)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlspec.plotting import plot_costs, plot_decision_boundary, show_images


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_costs_uses_recorded_iterations():
    ax = plot_costs([0.69, 0.5, 0.4], record_every=100, label="lr = 0.01")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [0, 100, 200])
    np.testing.assert_allclose(line.get_ydata(), [0.69, 0.5, 0.4])
    assert ax.get_xlabel() == "iteration" and ax.get_legend() is not None


def test_plot_costs_draws_on_given_axes():
    _, ax = plt.subplots()
    assert plot_costs([1.0, 0.5], ax=ax) is ax
    assert plot_costs([2.0, 1.0], ax=ax) is ax
    assert len(ax.get_lines()) == 2 and ax.get_legend() is None


def test_plot_costs_errors():
    with pytest.raises(ValueError, match=r"costs must have shape \(k,\), got \(1, 2\)"):
        plot_costs(np.ones((1, 2)))
    with pytest.raises(ValueError, match="record_every must be an integer >= 1"):
        plot_costs([1.0], record_every=0)


def test_show_images_grid_and_titles():
    images = np.random.default_rng(0).random((10, 8, 8))
    fig = show_images(images, titles=range(10), ncols=4)
    assert len(fig.axes) == 12  # 3 rows of 4; two are blank
    assert [ax.get_title() for ax in fig.axes[:3]] == ["0", "1", "2"]
    assert sum(bool(ax.images) for ax in fig.axes) == 10


def test_show_images_colour_and_given_figure():
    fig = plt.figure()
    assert show_images(np.ones((2, 4, 4, 3)), fig=fig) is fig
    assert len(fig.axes) == 2


def test_show_images_errors():
    with pytest.raises(ValueError, match="titles must have one entry per image"):
        show_images(np.ones((3, 4, 4)), titles=["a"])
    with pytest.raises(ValueError, match=r"images must have shape \(k, h, w\)"):
        show_images(np.ones((4, 4)))


def test_plot_decision_boundary():
    X = np.array([[-1.0, 1.0, -2.0, 2.0], [0.0, 0.5, 1.0, -1.0]])
    Y = np.array([[0.0, 1.0, 0.0, 1.0]])
    seen = []

    def predict(P):
        seen.append(P.shape)
        return (P[0:1] > 0).astype(float)

    ax = plot_decision_boundary(predict, X, Y, resolution=30)
    assert seen == [(2, 900)]
    assert ax.collections  # the filled contours and the scatter


def test_plot_decision_boundary_errors():
    X, Y = np.ones((2, 3)), np.ones((1, 3))
    with pytest.raises(
        ValueError, match=r"predict\(grid\) must have shape \(1, 100\), got \(100,\)"
    ):
        plot_decision_boundary(lambda P: P[0], X, Y, resolution=10)
    with pytest.raises(ValueError, match=r"X must have shape \(2, m\), got \(3, 3\)"):
        plot_decision_boundary(lambda P: P[:1], np.ones((3, 3)), Y)
    with pytest.raises(ValueError, match=r"X and Y must have the same number of examples"):
        plot_decision_boundary(lambda P: P[:1], X, np.ones((1, 2)))
