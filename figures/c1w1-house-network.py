"""Course 1, Week 1: the house-price network, four inputs, three hidden units, one output.

Every input is linked to every hidden unit (light lines); the darker lines are the links of
the page's story, the nonzero entries of its hand-set W1.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

BLUE, GREY, LIGHT = "#1f5fa8", "0.25", "0.62"
INPUTS = ["size", "bedrooms", "zip", "wealth"]
HIDDEN = ["family", "walk", "school"]
STORY = {"family": ["size", "bedrooms"], "walk": ["zip"], "school": ["zip", "wealth"]}
X_IN, X_HID, X_OUT, WIDTH, HEIGHT = 0.0, 4.2, 8.2, 2.4, 0.62


def _box(ax, x, y, label, colour, fill):
    ax.add_patch(FancyBboxPatch((x - WIDTH / 2, y - HEIGHT / 2), WIDTH, HEIGHT,
                                boxstyle="round,pad=0.02,rounding_size=0.15",
                                facecolor=fill, edgecolor=colour, linewidth=1.3, zorder=3))
    ax.text(x, y, label, ha="center", va="center", color=colour, zorder=4)


def draw(text):
    fig, ax = plt.subplots(figsize=(8.2, 3.4))
    y_in = dict(zip(INPUTS, [3.0, 2.0, 1.0, 0.0]))
    y_hid = dict(zip(HIDDEN, [2.5, 1.5, 0.5]))
    for h in HIDDEN:
        for i in INPUTS:
            strong = i in STORY[h]
            ax.plot([X_IN + WIDTH / 2, X_HID - WIDTH / 2], [y_in[i], y_hid[h]], zorder=2 if strong else 1,
                    color=BLUE if strong else LIGHT, linewidth=1.8 if strong else 1.0)
        ax.plot([X_HID + WIDTH / 2, X_OUT - WIDTH / 2], [y_hid[h], 1.5], color=BLUE, linewidth=1.8)
    for i in INPUTS:
        _box(ax, X_IN, y_in[i], text[i], GREY, "white")
    for h in HIDDEN:
        _box(ax, X_HID, y_hid[h], text[h], BLUE, "#e8f0fa")
    _box(ax, X_OUT, 1.5, text["price"], BLUE, "#e8f0fa")
    for x, key in [(X_IN, "input_layer"), (X_HID, "hidden_layer"), (X_OUT, "output_layer")]:
        ax.text(x, 3.75, text[key], ha="center", va="bottom", fontweight="bold", color=GREY)
    ax.text(X_IN, -0.65, r"$x$", ha="center", va="top", fontsize=12, color=GREY)
    ax.text(X_OUT, 0.95, r"$\hat{y}$", ha="center", va="top", fontsize=12, color=BLUE)
    ax.set_xlim(X_IN - WIDTH / 2 - 0.1, X_OUT + WIDTH / 2 + 0.1)
    ax.set_ylim(-1.1, 4.2)
    ax.axis("off")
    fig.tight_layout()
    return fig
