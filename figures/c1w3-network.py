"""The two-layer network of Course 1, Week 3 (n_x = 3, n_h = 4, n_y = 1) with the shape of every array."""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle

BLUE, ORANGE, GREEN, GREY = "#1f5fa8", "#c2410c", "#15803d", "0.25"


def _column(x, n, spacing=0.9):
    """The centres of n nodes stacked around y = 0."""
    return [(x, spacing * ((n - 1) / 2 - k)) for k in range(n)]


def draw(text):
    fig, ax = plt.subplots(figsize=(8.6, 3.6))
    xs = [0.0, 4.2, 8.4]
    layers = [_column(xs[0], 3), _column(xs[1], 4), _column(xs[2], 1)]
    names = [[f"$x_{k}$" for k in (1, 2, 3)], [f"$a^{{[1]}}_{k}$" for k in (1, 2, 3, 4)], [r"$\hat{y}$"]]
    colours = [GREY, BLUE, ORANGE]
    radius = 0.32
    for left, right in zip(layers, layers[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0 + radius, x1 - radius], [y0, y1], color="0.72", linewidth=0.8, zorder=1)
    for nodes, labels, colour in zip(layers, names, colours):
        for (x, y), label in zip(nodes, labels):
            ax.add_patch(Circle((x, y), radius, facecolor="white", edgecolor=colour, linewidth=1.6, zorder=2))
            ax.text(x, y, label, ha="center", va="center", fontsize=10, zorder=3)

    # Layer names above, the values of all m examples below.
    titles = [text["input"], text["hidden"], text["output"]]
    values = [r"$X = A^{[0]}$: $(n_x, m)$", r"$Z^{[1]}, A^{[1]}$: $(n_h, m)$", r"$Z^{[2]}, A^{[2]}$: $(n_y, m)$"]
    for x, title, value, colour in zip(xs, titles, values, colours):
        ax.text(x, 1.95, title, ha="center", va="bottom", fontsize=10, color=colour, fontweight="bold")
        ax.text(x, -1.95, value, ha="center", va="top", fontsize=10)
    ax.text(xs[1], -2.6, text["per_example"], ha="center", va="top", fontsize=9, color=GREY)
    # Each layer's parameters, on the connections they weigh.
    params = [r"$W^{[1]}$: $(n_h, n_x)$" "\n" r"$b^{[1]}$: $(n_h, 1)$",
              r"$W^{[2]}$: $(n_y, n_h)$" "\n" r"$b^{[2]}$: $(n_y, 1)$"]
    for x, label in zip([(xs[0] + xs[1]) / 2, (xs[1] + xs[2]) / 2], params):
        ax.text(x, 0.0, label, ha="center", va="center", fontsize=10, color=GREEN, zorder=4,
                linespacing=1.6, bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": GREEN})
    ax.set_xlim(-1.4, 9.8)
    ax.set_ylim(-3.1, 2.45)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig
