"""Course 1, Week 1: one ReLU unit that predicts a house price from its size, and its fit.

The prediction is computed with dlspec's ReLU, with the page's hand-set w = 3 and b = -60.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch

from dlspec.activations import relu

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.25"


def _arrow(ax, start, end):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                 color=GREY, linewidth=1.4))


def _diagram(ax, text):
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.add_patch(Circle((1.3, 3), 0.65, facecolor="white", edgecolor=GREY, linewidth=1.4))
    ax.text(1.3, 3, "$x$", ha="center", va="center", fontsize=13)
    ax.text(1.3, 1.9, text["size"], ha="center", va="top")
    ax.add_patch(Circle((5, 3), 1.25, facecolor="#e8f0fa", edgecolor=BLUE, linewidth=1.8))
    # a small ReLU drawn inside the unit
    ax.plot([4.35, 5.0, 5.65], [2.55, 2.55, 3.5], color=BLUE, linewidth=2)
    ax.text(5, 4.6, r"$\max(0,\ wx + b)$", ha="center", va="bottom", color=BLUE, fontsize=11)
    ax.text(5, 1.45, text["unit"], ha="center", va="top", color=BLUE)
    ax.add_patch(Circle((8.7, 3), 0.65, facecolor="white", edgecolor=GREY, linewidth=1.4))
    ax.text(8.7, 3, r"$\hat{y}$", ha="center", va="center", fontsize=13)
    ax.text(8.7, 1.9, text["price"], ha="center", va="top")
    _arrow(ax, (1.95, 3), (3.75, 3))
    _arrow(ax, (6.25, 3), (8.05, 3))


def _fit(ax, text):
    rng = np.random.default_rng(3)
    size = np.sort(rng.uniform(30, 170, 14))
    price = 3.0 * size - 60.0 + rng.normal(0, 30, size.shape)
    x = np.linspace(0, 180, 181)
    ax.plot(x, relu(3.0 * x - 60.0), color=BLUE, linewidth=2, label=text["prediction"])
    ax.scatter(size, price, s=22, color=ORANGE, zorder=3, label=text["houses"])
    ax.annotate("$x = 20$", xy=(20, 0), xytext=(30, 120), color=GREY,
                arrowprops={"arrowstyle": "-|>", "color": GREY, "linewidth": 1})
    ax.set_xlim(0, 180)
    ax.set_ylim(-15, 500)
    ax.set_xlabel(text["size_axis"])
    ax.set_ylabel(text["price_axis"])
    ax.legend(loc="upper left", frameon=False)


def draw(text):
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.0),
                                      gridspec_kw={"width_ratios": [1.15, 1]})
    _diagram(left, text)
    _fit(right, text)
    fig.tight_layout()
    return fig
