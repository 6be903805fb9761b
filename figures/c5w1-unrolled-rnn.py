"""An RNN unrolled over time (Course 5, Week 1): one cell per step, the state a<t> carried
from each step to the next, inputs x<t> below and predictions y-hat<t> above, with the shapes
of one time step for a batch of m examples."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.25"
W, H = 1.25, 0.8  # a cell's width and height
COLUMNS = [(2.2, "1"), (4.6, "2"), (7.0, "3"), (10.4, "T_x")]  # (centre, step) of each cell


def _arrow(ax, start, end, color=GREY):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, color=color,
                                 linewidth=1.3, shrinkA=0, shrinkB=0))


def draw(text):
    fig, ax = plt.subplots(figsize=(9.6, 3.4))
    for k, (cx, t) in enumerate(COLUMNS):
        ax.add_patch(FancyBboxPatch((cx - W / 2, -H / 2), W, H, boxstyle="round,pad=0.02,rounding_size=0.12",
                                    facecolor="#dbeafe", edgecolor=BLUE, linewidth=1.4))
        ax.text(cx, 0.0, r"$\tanh$", ha="center", va="center", fontsize=11)
        # input below, prediction above
        _arrow(ax, (cx, -1.25), (cx, -H / 2))
        ax.text(cx, -1.35, rf"$x^{{\langle {t} \rangle}}$", ha="center", va="top", fontsize=12)
        _arrow(ax, (cx, H / 2), (cx, 1.25), ORANGE)
        ax.text(cx, 1.32, rf"$\hat y^{{\langle {t} \rangle}}$", ha="center", va="bottom", fontsize=12,
                color=ORANGE)
        if k == 0:  # the shapes, once
            ax.text(cx + 0.12, -0.85, "$(n_x, m)$", ha="left", va="center", fontsize=9, color=GREY)
            ax.text(cx + 0.12, 0.85, "$(n_y, m)$", ha="left", va="center", fontsize=9, color=ORANGE)
    # the states between the cells
    ax.text(0.15, 0.0, r"$a^{\langle 0 \rangle}$", ha="center", va="center", fontsize=12)
    _arrow(ax, (0.55, 0.0), (COLUMNS[0][0] - W / 2, 0.0))
    for (left, t), (right, _) in zip(COLUMNS[:-1], COLUMNS[1:]):
        if t == "3":  # the steps left out
            _arrow(ax, (left + W / 2, 0.0), (left + W / 2 + 0.6, 0.0))
            ax.text((left + right) / 2, 0.0, r"$\cdots$", ha="center", va="center", fontsize=14)
            _arrow(ax, (right - W / 2 - 0.6, 0.0), (right - W / 2, 0.0))
            continue
        _arrow(ax, (left + W / 2, 0.0), (right - W / 2, 0.0))
        ax.text((left + right) / 2, 0.1, rf"$a^{{\langle {t} \rangle}}$", ha="center", va="bottom",
                fontsize=11)
    ax.text((COLUMNS[0][0] + COLUMNS[1][0]) / 2, -0.12, "$(n_a, m)$", ha="center", va="top",
            fontsize=9, color=GREY)
    ax.text(COLUMNS[-1][0] + W / 2 + 0.15, 0.0, "$a^{\\langle T_x \\rangle}$", ha="left", va="center",
            fontsize=12)
    # what every cell shares (words and math in separate texts: mathtext has no CJK glyphs)
    ax.text(6.3, -2.0, text["shared"], ha="center", va="center", fontsize=9.5, color=GREY)
    ax.text(6.3, -2.45, "$W_{aa}\\ (n_a, n_a)$,  $W_{ax}\\ (n_a, n_x)$,  $b_a\\ (n_a, 1)$;  "
            "$W_{ya}\\ (n_y, n_a)$,  $b_y\\ (n_y, 1)$", ha="center", va="center", fontsize=9.5, color=GREY)
    ax.set_xlim(-0.3, 12.4)
    ax.set_ylim(-2.75, 1.95)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
