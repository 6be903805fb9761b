"""Max and average pooling of the 4x4 example of Course 4, Week 1 (f = 2, s = 2), computed
with dlspec.pooling.pool_forward: each window of the input and the number it gives."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

from dlspec.pooling import pool_forward

TINTS = ["#dbeafe", "#ffedd5", "#dcfce7", "#f3e8ff"]  # one light colour per window
F = S = 2


def _grid(ax, x0, y0, values, tint_of, bold=None):
    for (h, w), v in np.ndenumerate(values):
        ax.add_patch(Rectangle((x0 + w, y0 + h), 1, 1, facecolor=tint_of(h, w),
                               edgecolor="0.45", linewidth=0.8))
        strong = bold is not None and bold[h, w]
        ax.text(x0 + w + 0.5, y0 + h + 0.5, f"{v:g}", ha="center", va="center",
                fontsize=12 if strong else 10.5, fontweight="bold" if strong else "normal",
                color="black" if strong else "0.25")


def draw(text):
    A = np.array([[1.0, 3.0, 2.0, 0.0],
                  [4.0, 6.0, 5.0, 1.0],
                  [0.0, 2.0, 9.0, 7.0],
                  [3.0, 1.0, 8.0, 4.0]])
    A_max, _ = pool_forward(A.reshape(1, 4, 4, 1), f=F, stride=S, mode="max")
    A_avg, _ = pool_forward(A.reshape(1, 4, 4, 1), f=F, stride=S, mode="average")
    A_max, A_avg = A_max[0, :, :, 0], A_avg[0, :, :, 0]
    n_out = A_max.shape[0]

    def window(h, w):  # the window (0..3) an input pixel belongs to
        return (h // S) * n_out + w // S

    is_max = np.array([[A[h, w] == A_max[h // S, w // S] for w in range(4)] for h in range(4)])

    fig, ax = plt.subplots(figsize=(7.2, 3.3))
    _grid(ax, 0, 0, A, lambda h, w: TINTS[window(h, w)], bold=is_max)
    ax.text(2, -0.3, text["input"], ha="center", va="bottom")
    for row, (values, key) in enumerate(((A_max, "max"), (A_avg, "average"))):
        x0, y0 = 7.5, -0.25 + 2.5 * row
        _grid(ax, x0, y0, values, lambda h, w: TINTS[h * n_out + w])
        ax.text(x0 + n_out + 0.3, y0 + n_out / 2, text[key], ha="left", va="center")
        ax.add_patch(FancyArrowPatch((4.3, 1.2 + 1.6 * row), (x0 - 0.3, y0 + n_out / 2),
                                     arrowstyle="-|>", mutation_scale=14, color="0.25",
                                     linewidth=1.3))
    ax.text(5.9, 2, f"$f = {F}$\n$s = {S}$", ha="center", va="center", color="0.25")
    ax.set_xlim(-0.2, 13.5)
    ax.set_ylim(4.9, -0.9)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
