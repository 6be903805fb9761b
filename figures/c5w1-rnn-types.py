"""The shapes of RNN models (Course 5, Week 1): many-to-many with T_x = T_y, many-to-one,
one-to-many (each output fed back as the next input) and many-to-many with T_x != T_y
(an encoder that reads, then a decoder that writes)."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.25"
S = 0.5  # a cell's side
GAP = 0.85  # from one cell's centre to the next


def _arrow(ax, start, end, color=GREY, style="-"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=8, color=color,
                                 linewidth=1.1, linestyle=style, shrinkA=0, shrinkB=0))


def _panel(ax, n, inputs, outputs, feedback=False, split=None):
    """n cells in a row; inputs and outputs are the indices of the cells that have them."""
    xs = [k * GAP for k in range(n)]
    for k, x in enumerate(xs):
        color = "#fde7d9" if split is not None and k >= split else "#dbeafe"
        ax.add_patch(FancyBboxPatch((x - S / 2, -S / 2), S, S, boxstyle="round,pad=0.01,rounding_size=0.08",
                                    facecolor=color, edgecolor=BLUE, linewidth=1.2))
        if k + 1 < n:
            _arrow(ax, (x + S / 2, 0), (xs[k + 1] - S / 2, 0))
        if k in inputs:
            _arrow(ax, (x, -0.95), (x, -S / 2))
            ax.text(x, -1.0, "$x$", ha="center", va="top", fontsize=10)
        if k in outputs:
            _arrow(ax, (x, S / 2), (x, 0.95), ORANGE)
            ax.text(x, 1.0, r"$\hat y$", ha="center", va="bottom", fontsize=10, color=ORANGE)
        if feedback and k > 0:  # the previous output, sampled, is this step's input
            _arrow(ax, (x, -0.95), (x, -S / 2), ORANGE, (0, (2, 1.5)))
            ax.text(x, -1.0, r"$\hat y$", ha="center", va="top", fontsize=10, color=ORANGE)
    ax.set_xlim(-0.6, (n - 1) * GAP + 0.6)


def draw(text):
    fig, axes = plt.subplots(1, 4, figsize=(9.6, 3.0), gridspec_kw={"width_ratios": [4, 4, 4, 6]})
    panels = [  # title, condition (math, drawn apart: mathtext has no CJK glyphs), example, layout
        ("many_many", "$T_x = T_y$", "ner", dict(n=4, inputs=range(4), outputs=range(4))),
        ("many_one", None, "sentiment", dict(n=4, inputs=range(4), outputs=[3])),
        ("one_many", None, "music", dict(n=4, inputs=[0], outputs=range(4), feedback=True)),
        ("many_many", r"$T_x \neq T_y$", "translation",
         dict(n=6, inputs=range(3), outputs=range(3, 6), split=3)),
    ]
    for ax, (title, condition, example, spec) in zip(axes, panels):
        _panel(ax, **spec)
        if condition:
            ax.text(0.5, 1.0, condition, transform=ax.transAxes, ha="center", va="bottom", fontsize=10)
        ax.set_ylim(-1.55, 1.75)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(text[title], fontsize=10, pad=18)
        ax.text(0.5, -0.02, text[example], transform=ax.transAxes, ha="center", va="top", fontsize=9,
                color=GREY)
    fig.tight_layout(w_pad=1.0)
    return fig
