"""Transpose convolution on Course 4, Week 3: a 2 x 2 input scatters four scaled copies of a
3 x 3 filter into a 5 x 5 grid with stride 2; the copies add where they overlap, and the
padding p = 1 cuts a ring off, leaving 3 x 3. Values from dlspec.transpose_conv."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

from dlspec.transpose_conv import conv2d_transpose_forward

COLOURS = ["#1f5fa8", "#c2410c", "#15803d", "#6b21a8"]  # one per input pixel
X = np.array([[1.0, 2.0], [3.0, 4.0]])
W = np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]])
F, S, P = 3, 2, 1


def transpose(padding):
    Z, _ = conv2d_transpose_forward(X[None, :, :, None], {"W": W[:, :, None, None],
                                    "b": np.zeros((1, 1, 1, 1))}, stride=S, padding=padding)
    return Z[0, :, :, 0]


def grid(ax, x0, y0, values, colours=None, fontsize=10):
    for (h, w), v in np.ndenumerate(values):
        face = "white" if colours is None else colours[h][w]
        ax.add_patch(Rectangle((x0 + w, y0 + h), 1, 1, facecolor=face, edgecolor="0.45", linewidth=0.8))
        ax.text(x0 + w + 0.5, y0 + h + 0.5, f"{v:g}", ha="center", va="center", fontsize=fontsize,
                color="white" if colours is not None else "black")


def draw(text):
    full, cut = transpose(0), transpose(P)  # 5 x 5 before the padding is cut, then 3 x 3
    fig, ax = plt.subplots(figsize=(9.6, 3.0))
    grid(ax, 0, 1.5, X, colours=[COLOURS[:2], COLOURS[2:]])
    ax.text(1, 1.1, text["input"], ha="center", va="bottom", fontsize=9.5)
    ax.text(2.75, 2.5, "×", ha="center", va="center", fontsize=16)
    grid(ax, 3.5, 1, W)
    ax.text(5, 0.6, text["filter"], ha="center", va="bottom", fontsize=9.5)
    ax.add_patch(FancyArrowPatch((7.2, 2.5), (8.8, 2.5), arrowstyle="-|>", mutation_scale=14, color="0.3"))
    ax.text(8, 2.25, f"$s = {S}$", ha="center", va="bottom", fontsize=9.5)

    x0, y0 = 9.5, 0
    size = full.shape[0]
    for (h, w), v in np.ndenumerate(full):
        ring = min(h, w) < P or max(h, w) >= size - P
        ax.add_patch(Rectangle((x0 + w, y0 + h), 1, 1, facecolor="0.9" if ring else "white",
                               edgecolor="0.6", linewidth=0.6, hatch="///" if ring else None))
        ax.text(x0 + w + 0.5, y0 + h + 0.5, f"{v:g}", ha="center", va="center", fontsize=8.5,
                color="0.45" if ring else "black")
    for k, colour in enumerate(COLOURS):  # each input pixel's copy of the filter
        h, w = divmod(k, 2)
        inset = 0.05 + 0.035 * k
        ax.add_patch(Rectangle((x0 + w * S + inset, y0 + h * S + inset), F - 2 * inset, F - 2 * inset,
                               fill=False, edgecolor=colour, linewidth=1.8))
    ax.add_patch(Rectangle((x0 + P, y0 + P), size - 2 * P, size - 2 * P, fill=False, edgecolor="black",
                           linewidth=2.4))
    ax.text(x0 + size / 2, y0 + size + 0.25, text["full"].format(n=size), ha="center", va="top", fontsize=9.5)

    ax.add_patch(FancyArrowPatch((15.2, 2.5), (16.8, 2.5), arrowstyle="-|>", mutation_scale=14, color="0.3"))
    ax.text(16, 2.25, f"$p = {P}$", ha="center", va="bottom", fontsize=9.5)
    grid(ax, 17.5, 1, cut)
    ax.add_patch(Rectangle((17.5, 1), cut.shape[1], cut.shape[0], fill=False, edgecolor="black", linewidth=2.4))
    ax.text(19, 4.25, text["output"].format(n=cut.shape[0]), ha="center", va="top", fontsize=9.5)
    ax.text(x0 + size / 2, y0 - 0.2, text["copies"], ha="center", va="bottom", fontsize=9, color="0.25")
    ax.set_xlim(-0.3, 21)
    ax.set_ylim(5.6, -1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0, right=1, top=1, bottom=0)
    return fig
