"""Neutralise and equalise (Course 5, Week 2) in two dimensions: the bias direction g is the
horizontal axis, the rest of the space (in n_e dimensions, a subspace of n_e - 1) the vertical
one. Computed with dlspec.debiasing, on unit vectors as equalisation assumes."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.debiasing import equalize, neutralize

BLUE, ORANGE, GREEN, GREY = "#1f5fa8", "#c2410c", "#15803d", "0.25"
G = np.array([1.0, 0.0])  # the bias direction


def _unit(angle_degrees):
    angle = np.radians(angle_degrees)
    return np.array([np.cos(angle), np.sin(angle)])


def _vector(ax, end, color, label, *, faint=False, start=(0, 0), align="left"):
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.0 if faint else 1.8,
                            "ls": "--" if faint else "-", "alpha": 0.55 if faint else 1.0,
                            "shrinkA": 0, "shrinkB": 0})
    if label:
        dx = 0.05 if align == "left" else -0.05
        ax.text(end[0] + dx, end[1] + 0.04, label, ha=align, va="bottom", color=color, fontsize=9.5,
                alpha=0.75 if faint else 1.0)


def _frame(ax, title, text):
    angles = np.linspace(0, np.pi, 100)
    ax.plot(np.cos(angles), np.sin(angles), color="0.85", lw=0.8, zorder=0)  # the unit circle
    ax.annotate("", xy=(1.3, 0), xytext=(-1.3, 0),
                arrowprops={"arrowstyle": "-|>", "color": GREY, "lw": 1.0})
    ax.annotate("", xy=(0, 1.25), xytext=(0, -0.05),
                arrowprops={"arrowstyle": "-|>", "color": GREY, "lw": 1.0})
    ax.text(1.3, -0.06, text["g"], ha="right", va="top", color=GREY, fontsize=9)
    ax.text(0.04, 1.25, text["orthogonal"], ha="left", va="top", color=GREY, fontsize=9)
    ax.set_title(title, fontsize=10.5)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-0.2, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")


def draw(text):
    fig, axes = plt.subplots(1, 2, figsize=(9.2, 3.3))
    left, right = axes

    _frame(left, text["neutralize"], text)
    e = _unit(130)  # doctor, nearer the "male" side
    e_debiased = neutralize(e, G)
    _vector(left, e, BLUE, text["doctor"], faint=True, align="right")
    _vector(left, e_debiased, BLUE, None)
    left.annotate("", xy=e_debiased, xytext=e,
                  arrowprops={"arrowstyle": "-|>", "color": ORANGE, "lw": 1.2, "ls": ":",
                              "shrinkA": 0, "shrinkB": 0})
    left.text((e[0] + e_debiased[0]) / 2, e[1] + 0.04, r"$-e^{bias}$", ha="center", va="bottom",
              color=ORANGE, fontsize=10)
    left.text(0.04, e_debiased[1] / 2, text["debiased"], ha="left", va="center", color=BLUE,
              fontsize=9)

    _frame(right, text["equalize"], text)
    e1, e2 = _unit(128), _unit(35)  # grandfather, grandmother: not symmetric about the axis
    new1, new2 = equalize(e1, e2, G)
    sitter = neutralize(_unit(70), G) * 0.55
    for e, new, word, align in ((e1, new1, "grandfather", "right"), (e2, new2, "grandmother", "left")):
        _vector(right, e, GREEN, text[word], faint=True, align=align)
        _vector(right, new, GREEN, None)
        right.plot([sitter[0], new[0]], [sitter[1], new[1]], color=ORANGE, lw=0.9, ls=":")
    _vector(right, sitter, ORANGE, None)
    right.text(sitter[0] + 0.05, sitter[1] - 0.02, text["babysitter"], ha="left", va="top",
               color=ORANGE, fontsize=9.5)
    mu_orth = (new1 + new2) / 2
    right.plot([new1[0], new2[0]], [new1[1], new2[1]], color=GREEN, lw=0.7, ls="-", alpha=0.5)
    right.plot(*mu_orth, "o", color=GREEN, ms=4)
    right.text(mu_orth[0] + 0.04, mu_orth[1] + 0.03, r"$\mu_\perp$", ha="left", va="bottom",
               color=GREEN, fontsize=10)
    handles = [plt.Line2D([], [], color=GREY, lw=1.0, ls="--", alpha=0.55),
               plt.Line2D([], [], color=GREY, lw=1.8)]
    fig.legend(handles, [text["before"], text["after"]], loc="lower center", ncol=2, frameon=False,
               bbox_to_anchor=(0.5, -0.02), fontsize=9)
    fig.tight_layout(w_pad=2, rect=(0, 0.06, 1, 1))
    return fig
