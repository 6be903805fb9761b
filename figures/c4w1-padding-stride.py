"""Padding and stride on Course 4, Week 1: a 3x3 window on a 6x6 image, without padding,
with one ring of zeros, and with stride 2; one dot per window is one output number."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from dlspec.conv import conv_output_size

BLUE, ORANGE, PURPLE = "#1f5fa8", "#c2410c", "#6b21a8"
N, F = 6, 3
SETTINGS = [(0, 1), (1, 1), (0, 2)]  # (padding p, stride s)


def draw(text):
    fig, ax = plt.subplots(figsize=(9.6, 3.9))
    largest = N + 2 * max(p for p, _ in SETTINGS)
    for k, (p, s) in enumerate(SETTINGS):
        size = N + 2 * p
        x0, y0 = k * (largest + 3), (largest - size) / 2  # this panel's top-left corner
        out = conv_output_size(N, F, p, s)
        starts = s * np.arange(out)  # where the windows start, in the padded image
        read = np.zeros((size, size), dtype=bool)
        for h in starts:
            for w in starts:
                read[h:h + F, w:w + F] = True
        for h in range(size):
            for w in range(size):
                padding = min(h, w) < p or max(h, w) >= p + N
                ax.add_patch(Rectangle((x0 + w, y0 + h), 1, 1, edgecolor="0.55", linewidth=0.6,
                                       facecolor="0.88" if padding else "white",
                                       hatch=None if read[h, w] else "///"))
                if padding:
                    ax.text(x0 + w + 0.5, y0 + h + 0.5, "0", ha="center", va="center",
                            fontsize=7, color="0.35")
        ax.add_patch(Rectangle((x0, y0), F, F, fill=False, edgecolor=BLUE, linewidth=2.5))
        ax.add_patch(Rectangle((x0 + s, y0), F, F, fill=False, edgecolor=ORANGE, linewidth=2,
                               linestyle="--"))
        centres = starts + F / 2
        cx, cy = np.meshgrid(x0 + centres, y0 + centres)
        ax.plot(cx.ravel(), cy.ravel(), "o", color=PURPLE, markersize=4.5)
        ax.text(x0 + size / 2, -0.6, f"$n = {N}$, $f = {F}$, $p = {p}$, $s = {s}$",
                ha="center", va="bottom")
        ax.text(x0 + size / 2, largest + 0.6, text["output"].format(size=f"{out} × {out}"),
                ha="center", va="top", color=PURPLE)
    ax.set_xlim(-0.3, len(SETTINGS) * (largest + 3) - 2.7)
    ax.set_ylim(largest + 2.2, -1.8)
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [
        Line2D([], [], color=BLUE, linewidth=2.5, label=text["first"]),
        Line2D([], [], color=ORANGE, linewidth=2, linestyle="--", label=text["next"]),
        Line2D([], [], color=PURPLE, marker="o", markersize=4.5, linestyle="", label=text["centre"]),
        Patch(facecolor="0.88", edgecolor="0.55", label=text["padding"]),
        Patch(facecolor="white", edgecolor="0.55", hatch="///", label=text["unread"]),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3,
              frameon=False)
    return fig
