"""Course 1, Week 2: the computation graph of logistic regression for one example.

Each link carries a forward arrow (grey, left to right) and, just beneath it, a backward arrow
(orange, right to left) labelled with the derivative it carries back.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.25"
HEIGHT = 0.64


def _box(ax, x, y, width, label, colour=GREY, fill="white", height=HEIGHT):
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.02,rounding_size=0.12",
                                facecolor=fill, edgecolor=colour, linewidth=1.3))
    ax.text(x, y, label, ha="center", va="center", fontsize=12, color=colour)


def _arrow(ax, start, end, colour):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=13,
                                 color=colour, linewidth=1.5, shrinkA=0, shrinkB=0))


def _link(ax, start, end, gap=0.17):
    """A forward arrow start -> end and a backward arrow beneath it; returns the backward midpoint."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    direction = (end - start) / np.linalg.norm(end - start)
    below = np.array([direction[1], -direction[0]]) * gap
    _arrow(ax, start, end, GREY)
    _arrow(ax, end + below, start + below, ORANGE)
    return (start + end) / 2 + below


def _label(ax, point, label, dy=-0.1):
    ax.text(point[0], point[1] + dy, label, ha="center", va="top", fontsize=10.5, color=ORANGE)


def draw(text):
    fig, ax = plt.subplots(figsize=(9.4, 3.3))
    for y, name in [(2.7, "$x$"), (1.6, "$w$"), (0.5, "$b$")]:
        _box(ax, 0.4, y, 0.7, name)
    _box(ax, 3.6, 1.6, 2.0, r"$z = w^{\top}x + b$", BLUE, "#e8f0fa", height=1.0)
    _box(ax, 6.75, 1.6, 1.5, r"$a = \sigma(z)$", BLUE, "#e8f0fa")
    _box(ax, 9.75, 1.6, 1.5, "$ℒ(a, y)$", BLUE, "#e8f0fa")
    _box(ax, 9.75, 3.0, 0.7, "$y$")
    _arrow(ax, (0.75, 2.7), (2.6, 1.95), GREY)
    _arrow(ax, (9.75, 2.68), (9.75, 1.92), GREY)
    _label(ax, _link(ax, (0.75, 1.68), (2.6, 1.68)), r"$dw = x\,dz$")
    _label(ax, _link(ax, (0.75, 0.5), (2.6, 1.3)) + (0.28, 0), r"$db = dz$")
    _label(ax, _link(ax, (4.6, 1.68), (6.0, 1.68)), r"$dz = a - y$")
    _label(ax, _link(ax, (7.5, 1.68), (9.0, 1.68)), dy=-0.16, label=r"$da = -\dfrac{y}{a} + \dfrac{1-y}{1-a}$")
    # which colour is which direction
    _arrow(ax, (3.0, 3.2), (3.8, 3.2), GREY)
    ax.text(3.95, 3.2, text["forward"], va="center", color=GREY)
    _arrow(ax, (6.6, 3.2), (5.8, 3.2), ORANGE)
    ax.text(6.75, 3.2, text["backward"], va="center", color=ORANGE)
    ax.set_xlim(0, 10.55)
    ax.set_ylim(0.1, 3.45)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig
