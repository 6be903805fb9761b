"""One LSTM step as the course writes it (Course 5, Week 1): three sigmoid gates and a tanh
candidate read [a<t-1>; x<t>]; the memory cell runs along the top, multiplied by the forget
gate and added to the update gate times the candidate; the output gate shows tanh(c<t>)."""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

BLUE, ORANGE, GREEN, PURPLE, GREY = "#1f5fa8", "#c2410c", "#15803d", "#6b21a8", "0.25"
TOP, GATES, BUS = 2.0, 0.0, -1.25  # heights: the memory line, the gate boxes, the input line
R = 0.2  # radius of a multiply or add node


def _arrow(ax, start, end, color=GREY, width=1.3):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, color=color,
                                 linewidth=width, shrinkA=0, shrinkB=0))


def _node(ax, x, y, symbol):
    ax.add_patch(Circle((x, y), R, facecolor="white", edgecolor=GREY, linewidth=1.3, zorder=3))
    ax.text(x, y, symbol, ha="center", va="center", fontsize=11, zorder=4)


def _box(ax, x, y, function, color, width=0.8, height=0.55):
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.02,rounding_size=0.1", facecolor="white",
                                edgecolor=color, linewidth=1.5, zorder=3))
    ax.text(x, y, function, ha="center", va="center", fontsize=11, zorder=4)


def draw(text):
    fig, ax = plt.subplots(figsize=(9.2, 3.6))
    xf, xu, xc, xo, xt = 2.3, 3.9, 5.5, 7.3, 8.6  # forget, update, candidate, output, tanh(c)
    xm, xa = 4.7, 10.3  # where the update enters the memory line; where a<t> leaves
    # the memory line along the top: x Gamma_f, + Gamma_u c~
    ax.text(0.0, TOP, r"$c^{\langle t-1 \rangle}$", ha="center", va="center", fontsize=12)
    _arrow(ax, (0.55, TOP), (xf - R, TOP), BLUE, 2.2)
    _node(ax, xf, TOP, r"$\times$")
    _arrow(ax, (xf + R, TOP), (xm - R, TOP), BLUE, 2.2)
    _node(ax, xm, TOP, "$+$")
    _arrow(ax, (xm + R, TOP), (xa - 0.45, TOP), BLUE, 2.2)
    ax.text(xa, TOP, r"$c^{\langle t \rangle}$", ha="center", va="center", fontsize=12)
    ax.text((xm + xa) / 2, TOP + 0.12, text["memory"], ha="center", va="bottom", fontsize=9,
            color=BLUE)
    # the input line and the four boxes that read it
    ax.text(0.0, BUS, r"$a^{\langle t-1 \rangle}$" "\n" r"$x^{\langle t \rangle}$", ha="center",
            va="center", fontsize=11, linespacing=1.5)
    ax.plot([0.55, xo], [BUS, BUS], color=GREY, linewidth=1.3)
    boxes = [  # (x, function, colour, label, symbol, side of the symbol: away from the arrows)
        (xf, r"$\sigma$", GREEN, "forget", r"$\Gamma_f$", -1), (xu, r"$\sigma$", GREEN, "update", r"$\Gamma_u$", -1),
        (xc, r"$\tanh$", ORANGE, "candidate", r"$\tilde c^{\langle t \rangle}$", 1),
        (xo, r"$\sigma$", PURPLE, "output", r"$\Gamma_o$", 1)]
    for x, function, color, key, symbol, side in boxes:
        _arrow(ax, (x, BUS), (x, GATES - 0.275))
        _box(ax, x, GATES, function, color)
        ax.text(x, BUS - 0.12, text[key], ha="center", va="top", fontsize=8.5, color=color)
        ax.text(x + side * 0.1, GATES + 0.33, symbol, ha="left" if side > 0 else "right", va="bottom",
                fontsize=10, color=color)
    # Gamma_f multiplies the old memory; Gamma_u times c~ is added
    _arrow(ax, (xf, GATES + 0.275), (xf, TOP - R))
    _node(ax, xm, 1.05, r"$\times$")
    _arrow(ax, (xu, GATES + 0.275), (xm - R * 0.7, 1.05 - R * 0.7))
    _arrow(ax, (xc, GATES + 0.275), (xm + R * 0.7, 1.05 - R * 0.7))
    _arrow(ax, (xm, 1.05 + R), (xm, TOP - R))
    # the output: a<t> = Gamma_o * tanh(c<t>)
    ax.plot([xt, xt], [TOP, 1.35], color=BLUE, linewidth=1.3)
    ax.plot([xt], [TOP], "o", color=BLUE, markersize=4)
    _box(ax, xt, 1.05, r"$\tanh$", BLUE, width=0.75, height=0.5)
    _arrow(ax, (xt, 0.8), (xt, GATES + R))
    _node(ax, xt, GATES, r"$\times$")
    _arrow(ax, (xo + 0.4, GATES), (xt - R, GATES))
    _arrow(ax, (xt + R, GATES), (xa - 0.45, GATES))
    ax.text(xa, GATES, r"$a^{\langle t \rangle}$", ha="center", va="center", fontsize=12)
    ax.set_xlim(-0.6, 10.8)
    ax.set_ylim(-1.95, 2.55)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
