"""Gradient descent, momentum and Adam on elongated and on round contours, with dlspec's optimisers."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.optimizers import Adam, GradientDescent, Momentum

START = (-4.5, 1.5)
STEPS = 30


def path(optimizer, curvature):
    """The points visited on J(w) = (h1 w1^2 + h2 w2^2) / 2, whose gradient is (h1 w1, h2 w2)."""
    params = {"w": np.array(START).reshape(2, 1)}
    points = [params["w"][:, 0]]
    for _ in range(STEPS):
        params = optimizer.step(params, {"dw": curvature * params["w"]})
        points.append(params["w"][:, 0])
    return np.array(points)


def draw(text):
    w1, w2 = np.linspace(-5, 1.5, 80), np.linspace(-2, 2, 50)
    W1, W2 = np.meshgrid(w1, w2)
    # The same learning rate for gradient descent and momentum (just below gradient descent's
    # limit 2 / 16 across the valley); Adam's is a step size in units of w.
    panels = [("elongated", np.array([[0.5], [16.0]])), ("round", np.array([[1.0], [1.0]]))]
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.2), sharey=True)
    for ax, (key, h) in zip(axes, panels):
        J = 0.5 * (h[0, 0] * W1**2 + h[1, 0] * W2**2)
        ax.contour(W1, W2, J, levels=np.geomspace(0.05, 40, 12), colors="0.78", linewidths=0.8)
        optimizers = [
            ("gd", GradientDescent(0.12), "#1f5fa8", "o", 3),
            ("momentum", Momentum(0.12, beta=0.9), "#c2410c", "s", 2),
            ("adam", Adam(0.2), "#15803d", "^", 2),
        ]
        for name, optimizer, color, marker, z in optimizers:
            points = path(optimizer, h)
            ax.plot(points[:, 0], points[:, 1], marker=marker, markersize=3, color=color,
                    linewidth=1.3, label=text[name], zorder=z)
        ax.plot([0], [0], marker="*", markersize=11, color="0.15", linestyle="none")
        ax.set_title(text[key])
        ax.set_xlabel("$w_1$")
        ax.set_xlim(w1[0], w1[-1])
        ax.set_ylim(w2[0], w2[-1])
        ax.set_aspect("equal")
    axes[0].set_ylabel("$w_2$")
    axes[1].legend(frameon=False, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.tight_layout()
    return fig
