r"""Small matplotlib helpers for the lessons.

Course 1, Weeks 2-3: learning curves, sample images and the decision
boundary of a classifier on 2-D data. matplotlib is imported inside each
function (install it with ``pip install dlspec[plot]``), so importing
dlspec never needs it.

Each function draws on the Axes (or Figure) it is given, or creates one,
and returns it so the caller can add titles or save it.
"""

import math
from collections.abc import Iterable

import numpy as np

from dlspec._validate import as_float_array, check_finite, check_int, check_same_m, check_shape


def _new_axes(ax):
    """Return ``ax``, or the Axes of a new figure if ``ax`` is None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    return ax


def plot_costs(costs, *, record_every=100, label=None, ax=None):
    r"""Plot a learning curve: cost against iteration.

    Parameters
    ----------
    costs : sequence of float
        As returned by :func:`dlspec.training.fit` or
        :func:`dlspec.logistic_regression.fit_logistic_regression`;
        ``costs[k]`` belongs to iteration (or epoch) ``k * record_every``.
    record_every : int, default 100
        Iterations between two recorded costs: pass the value the training
        function used (``fit`` records every epoch unless told otherwise).
    label : str, optional
        Legend entry (a legend is drawn when given), e.g. the learning rate.
    ax : matplotlib.axes.Axes, optional
        Draw here; call again with the same ``ax`` to compare runs.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``costs`` is not one-dimensional.

    Notes
    -----
    A healthy curve with a good learning rate decreases steadily; one that
    rises or oscillates suggests the learning rate is too large.

    Course 1, Week 2.
    """
    costs = as_float_array("costs", costs)
    check_shape("costs", costs, ("k",))
    record_every = check_int("record_every", record_every)
    ax = _new_axes(ax)
    iterations = np.arange(costs.shape[0]) * record_every
    ax.plot(iterations, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if label is not None:
        ax.legend()
    return ax


def show_images(images, titles=None, *, ncols=8, fig=None):
    r"""Show images in a grid, without axes ticks.

    Parameters
    ----------
    images : ndarray of shape (k, h, w) or (k, h, w, c)
        Grey images (shown with a grey colour map) or colour images with
        values in [0, 1].
    titles : sequence of str, optional
        One title per image, e.g. its label.
    ncols : int, default 8
        Images per row (fewer if there are fewer images).
    fig : matplotlib.figure.Figure, optional
        Figure to draw in; by default a new one sized to the grid.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``images`` is not 3-D or 4-D, is empty, or ``titles`` has the
        wrong length.
    TypeError
        If ``titles`` is a single string or not a sequence.

    Notes
    -----
    Course 1, Week 2.
    """
    images = as_float_array("images", images)
    if images.ndim not in (3, 4) or images.shape[0] == 0:
        raise ValueError(
            f"images must have shape (k, h, w) or (k, h, w, c) with k >= 1, got {images.shape}"
        )
    k = images.shape[0]
    if titles is not None:
        if isinstance(titles, str) or not isinstance(titles, Iterable):
            raise TypeError(
                f"titles must be a sequence with one title per image, got {type(titles).__name__}"
            )
        titles = [str(t) for t in titles]
        if len(titles) != k:
            raise ValueError(f"titles must have one entry per image ({k}), got {len(titles)}")
    ncols = min(check_int("ncols", ncols), k)
    nrows = math.ceil(k / ncols)
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(1.2 * ncols, 1.3 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for i, ax in enumerate(axes):
        ax.set_axis_off()
        if i >= k:
            continue
        if images.ndim == 3:
            ax.imshow(images[i], cmap="gray")
        else:
            ax.imshow(images[i])
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    return fig


def plot_decision_boundary(predict, X, Y, *, ax=None, resolution=200):
    r"""Shade the regions a classifier assigns to each class, over the data.

    Parameters
    ----------
    predict : callable
        Maps an ndarray of shape (2, k) (points as columns) to predictions
        of shape (1, k), e.g. ``lambda P: predict_logistic(P, params)``.
    X : ndarray of shape (2, m)
        Two-dimensional examples, one per column.
    Y : ndarray of shape (1, m)
        Their labels, used to colour the points.
    ax : matplotlib.axes.Axes, optional
    resolution : int, default 200
        Grid points per axis (the classifier is evaluated
        ``resolution ** 2`` times).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``X`` is not ``(2, m)``, ``Y`` is not ``(1, m)``, either holds NaN or
        infinity, or ``predict`` returns the wrong shape.
    TypeError
        If ``predict`` is not callable.

    Notes
    -----
    The grid covers the data with a margin of half a unit; its points are
    stacked as the columns of a ``(2, resolution**2)`` matrix, classified in
    one call, and the result is reshaped back to the grid for ``contourf``.

    Course 1, Week 3.
    """
    if not callable(predict):
        raise TypeError(
            f"predict must be callable, e.g. lambda P: net.predict(P, params), got {type(predict).__name__}"
        )
    X = as_float_array("X", X)
    Y = as_float_array("Y", Y)
    check_shape("X", X, (2, "m"))
    check_shape("Y", Y, (1, "m"))
    check_same_m("X", X, "Y", Y)
    check_finite("X", X)  # the grid spans the data: NaN or infinity would leave no grid
    check_finite("Y", Y)
    resolution = check_int("resolution", resolution, minimum=2)
    ax = _new_axes(ax)

    x0 = np.linspace(X[0].min() - 0.5, X[0].max() + 0.5, resolution)
    x1 = np.linspace(X[1].min() - 0.5, X[1].max() + 0.5, resolution)
    G0, G1 = np.meshgrid(x0, x1)
    grid = np.vstack([G0.ravel(), G1.ravel()])  # (2, resolution**2)
    pred = as_float_array("predict(grid)", predict(grid))
    check_shape("predict(grid)", pred, (1, grid.shape[1]))

    ax.contourf(G0, G1, pred.reshape(G0.shape), alpha=0.3, cmap="coolwarm")
    ax.scatter(X[0], X[1], c=Y[0], cmap="coolwarm", edgecolors="k", s=20)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax
