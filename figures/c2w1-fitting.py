"""Underfitting, just right, overfitting: three networks trained with dlspec on one noisy 2-D set."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.network import dense_network
from dlspec.optimizers import Adam
from dlspec.training import fit


def parabola(x1):
    return 1.2 * x1**2 - 0.5


def draw(text):
    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, (2, 50))
    Y = (X[1] > parabola(X[0])).astype(float)[None]
    flipped = rng.random(50) < 0.12  # label noise: a few points on the wrong side
    Y[0, flipped] = 1 - Y[0, flipped]

    grid = np.linspace(-1.1, 1.1, 80)
    G1, G2 = np.meshgrid(grid, grid)
    points = np.vstack([G1.ravel(), G2.ravel()])
    models = [  # (key, layer sizes, hidden activation, epochs, learning rate)
        ("under", [2, 1], "relu", 300, 0.1),
        ("right", [2, 3, 1], "tanh", 500, 0.05),
        ("over", [2, 30, 30, 1], "relu", 500, 0.04),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.3), sharey=True)
    for ax, (key, dims, hidden, epochs, lr) in zip(axes, models):
        net = dense_network(dims, hidden=hidden)
        params, _ = fit(net, X, Y, rng=np.random.default_rng(0), optimizer=Adam(lr),
                        num_epochs=epochs, record_every=epochs)
        accuracy = np.mean(net.predict(X, params) == Y)
        P = net.probabilities(points, params).reshape(G1.shape)
        ax.contourf(G1, G2, P, levels=[0, 0.5, 1], colors=["#dbe7f5", "#f9e2d5"])
        ax.contour(G1, G2, P, levels=[0.5], colors="0.2", linewidths=1.5)
        ax.plot(grid, parabola(grid), linestyle="--", color="0.45", linewidth=1)
        for label, color, marker in [(0, "#1f5fa8", "o"), (1, "#c2410c", "s")]:
            mask = Y[0] == label
            ax.scatter(X[0, mask], X[1, mask], s=24, color=color, marker=marker,
                       edgecolors="white", linewidths=0.4, zorder=3)
        ax.set_title(text[key])
        ax.set_xlabel(f"{text[key + '_model']}\n{text['train_accuracy']} {accuracy:.0%}")
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.1, 1.1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")
    fig.tight_layout()
    return fig
