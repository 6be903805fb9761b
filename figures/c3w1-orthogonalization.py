"""Orthogonalization: the chain of four goals, each with its own knob; early stopping turns two."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

GOALS = (("train", "train_knobs", "#1f5fa8"), ("dev", "dev_knobs", "#15803d"),
         ("test", "test_knobs", "#c2410c"), ("world", "world_knobs", "#6b21a8"))


def knob(ax, x, y, colour, r=0.2):
    """A round knob with a pointer."""
    ax.add_patch(Circle((x, y), r, facecolor="white", edgecolor=colour, linewidth=1.8, zorder=3))
    angle = np.deg2rad(125)
    ax.plot([x, x + 0.8 * r * np.cos(angle)], [y, y + 0.8 * r * np.sin(angle)],
            color=colour, linewidth=2, solid_capstyle="round", zorder=4)


def draw(text):
    fig, ax = plt.subplots(figsize=(9.6, 3.4))
    ax.set_xlim(0, 10)
    ax.set_ylim(0.1, 3.55)
    ax.set_aspect("equal")
    ax.axis("off")
    width, height, y_box, y_knob = 2.1, 0.78, 2.2, 1.3
    centres = [1.2 + 2.5 * i for i in range(4)]
    for i, (x, (goal, knobs, colour)) in enumerate(zip(centres, GOALS)):
        ax.add_patch(FancyBboxPatch((x - width / 2, y_box - height / 2), width, height,
                                    boxstyle="round,pad=0,rounding_size=0.12",
                                    facecolor="white", edgecolor=colour, linewidth=1.6))
        ax.text(x, y_box, f"{i + 1}. {text[goal]}", ha="center", va="center",
                color="0.1", fontsize=9.5)
        if i < 3:
            ax.add_patch(FancyArrowPatch((x + width / 2 + 0.04, y_box),
                                         (x + 2.5 - width / 2 - 0.04, y_box),
                                         arrowstyle="-|>", mutation_scale=12, color="0.25"))
        ax.plot([x, x], [y_box - height / 2, y_knob + 0.2], color=colour, linewidth=1.4)
        knob(ax, x, y_knob, colour)
        ax.text(x, y_knob - 0.32, text[knobs], ha="center", va="top", fontsize=8.5,
                color="0.2", linespacing=1.35)
    # Early stopping: one knob wired to goals 1 and 2 at once.
    x_es, y_es = 2.45, 3.25
    for x in centres[:2]:
        ax.plot([x_es, x], [y_es - 0.2, y_box + height / 2], color="0.35", linewidth=1.2,
                linestyle=(0, (4, 3)))
    knob(ax, x_es, y_es, "0.35")
    ax.text(x_es + 0.35, y_es, text["early_stopping"], ha="left", va="center",
            fontsize=8.5, color="0.25")
    return fig
