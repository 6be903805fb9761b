"""The parameters of the five-layer network [3, 6, 5, 4, 2, 1] of Course 1, Week 4, drawn to scale:
one cell per number, coloured by the value dlspec's Xavier initialisation gives it."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Rectangle

from dlspec.network import dense_network


def draw(text):
    layer_dims = [3, 6, 5, 4, 2, 1]
    net = dense_network(layer_dims)
    params = net.initialize(rng=np.random.default_rng(0), method="xavier")
    cmap = plt.get_cmap("RdBu_r")
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-1.6, vmax=1.6)

    fig, ax = plt.subplots(figsize=(9.6, 2.9))
    x, top, gap = 0.0, 6.0, 1.7
    for l in range(1, len(layer_dims)):
        W, b = params[f"W{l}"], params[f"b{l}"]
        rows, cols = W.shape
        for matrix, left in [(W, x), (b, x + cols + 0.4)]:
            for i in range(matrix.shape[0]):
                for j in range(matrix.shape[1]):
                    ax.add_patch(Rectangle((left + j, top - i - 1), 1, 1, facecolor=cmap(norm(matrix[i, j])),
                                           edgecolor="white", linewidth=1.0))
            ax.add_patch(Rectangle((left, top - matrix.shape[0]), matrix.shape[1], matrix.shape[0],
                                   fill=False, edgecolor="0.25", linewidth=1.0))
        ax.text(x + cols / 2, top + 0.35, f"$W^{{[{l}]}}$", ha="center", va="bottom", fontsize=11)
        ax.text(x + cols + 0.9, top + 0.35, f"$b^{{[{l}]}}$", ha="center", va="bottom", fontsize=11)
        ax.text(x + (cols + 1.4) / 2, top - rows - 0.4, f"$({rows}, {cols})$  $({rows}, 1)$",
                ha="center", va="top", fontsize=9.5, color="0.25")
        x += cols + 1.4 + gap
    ax.text(0.0, -1.6, text["rows"], ha="left", va="top", fontsize=9.5, color="0.25")
    ax.set_xlim(-0.3, x - gap + 0.3)
    ax.set_ylim(-2.4, top + 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7, pad=0.02)
    bar.set_label(text["value"])
    fig.tight_layout()
    return fig
