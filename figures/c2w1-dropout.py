"""A network with two hidden layers, and two thinned copies of it drawn by dropout (keep_prob = 0.5)."""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle

SIZES = [3, 4, 4, 1]
# One mask per thinned network: 1 keeps a hidden unit, 0 drops it (two of four per layer).
MASKS = [
    [[1, 1, 1], [1, 0, 1, 0], [0, 1, 1, 0], [1]],
    [[1, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1], [1]],
]
KEPT, DROPPED, EDGE = "#1f5fa8", "0.6", "0.35"


def positions(n, x):
    return [(x, (n - 1) / 2 - i) for i in range(n)]


def network(ax, mask):
    layers = [positions(n, 1.6 * l) for l, n in enumerate(SIZES)]
    for l in range(len(SIZES) - 1):
        for i, a in enumerate(layers[l]):
            for j, b in enumerate(layers[l + 1]):
                if mask[l][i] and mask[l + 1][j]:
                    ax.plot([a[0], b[0]], [a[1], b[1]], color=EDGE, linewidth=0.8, zorder=1)
    for l, layer in enumerate(layers):
        for i, (x, y) in enumerate(layer):
            kept = mask[l][i]
            ax.add_patch(Circle((x, y), 0.28, facecolor="white", zorder=2, linewidth=1.6,
                                edgecolor=KEPT if kept else DROPPED,
                                linestyle="-" if kept else "--"))
            if not kept:
                ax.plot([x - 0.3, x + 0.3], [y - 0.3, y + 0.3], color="#c2410c", linewidth=2, zorder=3)
                ax.plot([x - 0.3, x + 0.3], [y + 0.3, y - 0.3], color="#c2410c", linewidth=2, zorder=3)
    for i, (x, y) in enumerate(layers[0]):
        ax.text(x, y, f"$x_{i + 1}$", ha="center", va="center", zorder=4)
    x, y = layers[-1][0]
    ax.text(x, y, r"$\hat{y}$", ha="center", va="center", zorder=4)
    ax.set_xlim(-0.5, 1.6 * (len(SIZES) - 1) + 0.5)
    ax.set_ylim(-2.1, 2.1)
    ax.set_aspect("equal")
    ax.axis("off")


def draw(text):
    fig, axes = plt.subplots(1, 3, figsize=(9, 3))
    full = [[1] * n for n in SIZES]
    for ax, mask, key in zip(axes, [full, *MASKS], ["full", "thinned_1", "thinned_2"]):
        network(ax, mask)
        ax.set_title(text[key], fontsize=10)
    fig.tight_layout()
    return fig
