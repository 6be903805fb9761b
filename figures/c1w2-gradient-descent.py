"""Course 1, Week 2: gradient descent on the convex cost J(w, b) of a one-feature logistic regression.

The data are 40 points drawn with a fixed seed; the cost surface is logistic_cost on a grid,
and the path is fit_logistic_regression run one step at a time from (w, b) = (3.5, 2).
"""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.logistic_regression import fit_logistic_regression, logistic_cost

BLUE, ORANGE = "#1f5fa8", "#c2410c"
STEPS, LEARNING_RATE = 30, 1.5


def _params(w, b):
    return {"w": np.array([[w]]), "b": np.array([[b]])}


def draw(text):
    rng = np.random.default_rng(0)
    X = rng.normal(1.0, 1.0, (1, 40))
    Y = (X + rng.normal(0.0, 0.8, X.shape) > 1.2).astype(float)

    w_grid, b_grid = np.meshgrid(np.linspace(-2.0, 4.0, 60), np.linspace(-4.5, 3.0, 60))
    J = np.array([[logistic_cost(X, _params(w, b), Y) for w, b in zip(w_row, b_row)]
                  for w_row, b_row in zip(w_grid, b_grid)])

    params, path, costs = _params(3.5, 2.0), [], []
    for _ in range(STEPS):
        path.append((params["w"][0, 0], params["b"][0, 0]))
        params, recorded = fit_logistic_regression(X, Y, learning_rate=LEARNING_RATE,
                                                   num_iterations=1, params=params)
        costs.append(recorded[0])
    path = np.array(path)
    best, _ = fit_logistic_regression(X, Y, learning_rate=LEARNING_RATE, num_iterations=2000)

    fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.2),
                                      gridspec_kw={"width_ratios": [1.15, 1]})
    levels = np.quantile(J, np.linspace(0.02, 0.98, 12))
    contours = left.contour(w_grid, b_grid, J, levels=levels, colors="0.55", linewidths=0.8)
    left.clabel(contours, contours.levels[::3], fmt="%.1f", fontsize=8)
    left.plot(path[:, 0], path[:, 1], "-o", color=ORANGE, markersize=3, linewidth=1.3,
              label=text["path"])
    left.plot(*path[0], "s", color=ORANGE, markersize=6)
    left.plot(best["w"][0, 0], best["b"][0, 0], "+", color=BLUE, markersize=11, markeredgewidth=2, zorder=4,
              label=text["minimum"])
    left.set_xlabel("$w$")
    left.set_ylabel("$b$")
    left.set_title(text["contours"])
    left.legend(loc="lower left", frameon=False)

    right.plot(np.arange(STEPS), costs, "-o", color=BLUE, markersize=3, linewidth=1.5)
    right.set_xlabel(text["iteration"])
    right.set_ylabel("$J(w, b)$")
    right.set_title(text["cost"])
    fig.tight_layout()
    return fig
