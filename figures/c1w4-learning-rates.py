"""One turn of the hyperparameter loop of Course 1, Week 4: the cost of the four-layer network on the
two-moons data during 300 iterations, for four learning rates, trained with dlspec as in the page's block."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.network import dense_network
from dlspec.optimizers import GradientDescent
from dlspec.planar_data import make_moons
from dlspec.training import fit

COLOURS = {0.01: "#1f5fa8", 0.1: "#15803d", 1.0: "#6b21a8", 3.0: "#c2410c"}


def draw(text):
    rng = np.random.default_rng(0)
    X, Y = make_moons(400, rng=rng)
    net = dense_network([2, 16, 8, 4, 1])
    fig, ax = plt.subplots(figsize=(7.2, 3.2))
    ax.text(298, np.log(2) + 0.03, r"$\log 2$", ha="right", va="bottom", fontsize=9, color="0.25")
    for learning_rate, colour in COLOURS.items():
        _, costs = fit(net, X, Y, rng=np.random.default_rng(1), optimizer=GradientDescent(learning_rate),
                       num_epochs=300, init="xavier")
        # Every iteration's cost (300 points): thinning the curve would hide the early spikes.
        ax.plot(np.arange(len(costs)), costs, color=colour, linewidth=1.8, label=rf"$\alpha = {learning_rate:g}$")
    ax.set_xlim(0, 300)
    ax.set_ylim(0, 1.7)
    ax.set_xlabel(text["iteration"])
    ax.set_ylabel(text["cost"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.tight_layout()
    return fig
