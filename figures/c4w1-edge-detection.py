"""Vertical edge detection on Course 4, Week 1: an 8x8 image, the 3x3 filter and the map
that conv2d_forward computes, with one window and the output number it gives."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

from dlspec.conv import conv2d_forward

# Negative numbers orange, positive ones blue, 0 white (the page's two colours).
DIVERGING = LinearSegmentedColormap.from_list("signed", ["#c2410c", "#ffffff", "#1f5fa8"])
WINDOW = (2, 1)  # the top-left corner (row, column) of the window that is outlined


def _cells(ax, values, cmap, vmin, vmax, numbers=True):
    n_rows, n_cols = values.shape
    cmap = plt.get_cmap(cmap)
    ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax)
    for k in range(n_rows + 1):
        ax.plot([-0.5, n_cols - 0.5], [k - 0.5, k - 0.5], color="0.6", linewidth=0.6)
    for k in range(n_cols + 1):
        ax.plot([k - 0.5, k - 0.5], [-0.5, n_rows - 0.5], color="0.6", linewidth=0.6)
    if numbers:
        for (h, w), v in np.ndenumerate(values):
            red, green, blue, _ = cmap((v - vmin) / (vmax - vmin))
            dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.4  # white digits on it
            ax.text(w, h, f"{v:g}", ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw(text):
    image = np.zeros((8, 8))
    image[2:6, 2:6] = 10.0
    vertical = np.array([[1.0, 0.0, -1.0]] * 3)
    Z, _ = conv2d_forward(image.reshape(1, 8, 8, 1),
                          {"W": vertical.reshape(3, 3, 1, 1), "b": np.zeros((1, 1, 1, 1))})
    Z = Z[0, :, :, 0]
    n, f, n_out = image.shape[0], vertical.shape[0], Z.shape[0]

    fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.0),
                             gridspec_kw={"width_ratios": [n, f, n_out], "wspace": 0.35})
    _cells(axes[0], image, "gray", -2, 12)
    _cells(axes[1], vertical, DIVERGING, -1.6, 1.6)
    _cells(axes[2], Z, DIVERGING, -45, 45)
    axes[0].set_title(text["image"].format(size=f"{n} × {n}"))
    axes[1].set_title(text["filter"].format(size=f"{f} × {f}"))
    axes[2].set_title(text["output"].format(size=f"{n_out} × {n_out}"))

    h, w = WINDOW
    axes[0].add_patch(Rectangle((w - 0.5, h - 0.5), f, f, fill=False, edgecolor="#6b21a8",
                                linewidth=3))
    axes[2].add_patch(Rectangle((w - 0.5, h - 0.5), 1, 1, fill=False, edgecolor="#6b21a8",
                                linewidth=3))
    for ax in axes:
        ax.apply_aspect()  # the boxes as drawn, so the symbols sit halfway between them
    for left, right, symbol in ((axes[0], axes[1], "∗"), (axes[1], axes[2], "=")):
        x = (left.get_position().x1 + right.get_position().x0) / 2
        fig.text(x, 0.5, symbol, ha="center", va="center", fontsize=20, color="0.25")
    fig.text(0.5, 0.02, text["window"].format(value=f"{Z[h, w]:g}"), ha="center", va="bottom",
             color="#6b21a8")
    return fig
