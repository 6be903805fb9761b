"""The residual block of Course 4, Week 2: two layers on the main path, and the shortcut
that adds a[l] before the last ReLU."""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.25"
Y, H = 0.0, 0.9  # the main row's height and a box's height


def _box(ax, x, width, title, detail=None):
    ax.add_patch(FancyBboxPatch((x, Y - H / 2), width, H, boxstyle="round,pad=0.02,rounding_size=0.12",
                                facecolor="#dbeafe", edgecolor=BLUE, linewidth=1.4))
    if detail is None:
        ax.text(x + width / 2, Y, title, ha="center", va="center")
    else:
        ax.text(x + width / 2, Y + 0.15, title, ha="center", va="center")
        ax.text(x + width / 2, Y - 0.2, detail, ha="center", va="center", fontsize=8.5, color=GREY)
    return x, x + width


def _arrow(ax, start, end, color=GREY, label=None):
    ax.add_patch(FancyArrowPatch((start, Y), (end, Y), arrowstyle="-|>", mutation_scale=12,
                                 color=color, linewidth=1.3, shrinkA=0, shrinkB=0))
    if label:
        ax.text((start + end) / 2, Y + 0.12, label, ha="center", va="bottom", fontsize=9)


def draw(text):
    fig, ax = plt.subplots(figsize=(9.6, 2.7))
    ax.text(0, Y, "$a^{[l]}$", ha="center", va="center", fontsize=12)
    lin1 = _box(ax, 1.1, 1.5, text["linear"], "$W^{[l+1]}, b^{[l+1]}$")
    relu1 = _box(ax, 3.5, 1.0, text["relu"])
    ax.text(5.35, Y, "$a^{[l+1]}$", ha="center", va="center", fontsize=12)
    lin2 = _box(ax, 6.1, 1.5, text["linear"], "$W^{[l+2]}, b^{[l+2]}$")
    plus_x, radius = 8.65, 0.22
    ax.add_patch(Circle((plus_x, Y), radius, facecolor="white", edgecolor=GREY, linewidth=1.4))
    ax.text(plus_x, Y, "+", ha="center", va="center", fontsize=13)
    relu2 = _box(ax, 9.35, 1.0, text["relu"])
    ax.text(11.25, Y, "$a^{[l+2]}$", ha="center", va="center", fontsize=12)

    _arrow(ax, 0.3, lin1[0])
    _arrow(ax, lin1[1], relu1[0], label="$z^{[l+1]}$")
    _arrow(ax, relu1[1], 4.9)
    _arrow(ax, 5.8, lin2[0])
    _arrow(ax, lin2[1], plus_x - radius, label="$z^{[l+2]}$")
    _arrow(ax, plus_x + radius, relu2[0])
    _arrow(ax, relu2[1], 10.8)

    # The shortcut: up from a[l], along the top, down into the sum.
    top = Y + 1.05
    ax.plot([0.65, 0.65, plus_x], [Y, top, top], color=ORANGE, linewidth=2, solid_capstyle="round")
    ax.add_patch(FancyArrowPatch((plus_x, top), (plus_x, Y + radius), arrowstyle="-|>",
                                 mutation_scale=14, color=ORANGE, linewidth=2, shrinkA=0, shrinkB=0))
    ax.plot([0.65], [Y], "o", color=ORANGE, markersize=5)
    ax.text((0.65 + plus_x) / 2, top + 0.1, text["shortcut"], ha="center", va="bottom",
            color=ORANGE)

    # The main path: a bracket under the two layers.
    low = Y - H / 2 - 0.25
    ax.plot([lin1[0], lin1[0], lin2[1], lin2[1]], [low + 0.1, low, low, low + 0.1], color=BLUE,
            linewidth=1.3)
    ax.text((lin1[0] + lin2[1]) / 2, low - 0.08, text["main_path"], ha="center", va="top",
            color=BLUE)
    ax.text(11.45, low - 0.08, "$a^{[l+2]} = g(z^{[l+2]} + a^{[l]})$", ha="right", va="top",
            color=GREY)
    ax.set_xlim(-0.4, 11.8)
    ax.set_ylim(-1.15, 1.55)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
