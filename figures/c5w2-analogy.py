"""The analogy "man is to woman as king is to ?" in a toy two-dimensional embedding (Course 5,
Week 2): the differences e_woman - e_man and e_queen - e_king are nearly the same arrow, so
e_king - e_man + e_woman lands next to e_queen; dlspec.embeddings.analogy finds it by cosine
similarity, the angle seen from the origin. The vectors are the page's."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.embeddings import analogy

BLUE, ORANGE, GREEN, GREY = "#1f5fa8", "#c2410c", "#15803d", "0.25"
WORDS = ["man", "woman", "boy", "girl", "king", "queen"]
E = np.array([[-1.0, 1.0, -1.1, 0.9, -0.9, 1.1],
              [1.0, 1.1, 0.3, 0.35, 2.6, 2.5]])


def _arrow(ax, start, end, color, **style):
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.6, "shrinkA": 5, "shrinkB": 5,
                            **style})


def draw(text):
    e = {w: E[:, i] for i, w in enumerate(WORDS)}
    goal = e["king"] - e["man"] + e["woman"]
    answer = analogy("man", "woman", "king", E, WORDS)
    fig, ax = plt.subplots(figsize=(8.4, 3.5))
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    # Cosine similarity compares directions: the rays from the origin to the goal and the answer.
    for point in (goal, e[answer]):
        ax.plot([0, point[0] * 1.08], [0, point[1] * 1.08], color="0.6", lw=0.9, ls=":", zorder=1)
    ax.plot(0, 0, "o", color=GREY, ms=3)
    for a, b in (("man", "woman"), ("king", "queen"), ("boy", "girl")):
        _arrow(ax, e[a], e[b], ORANGE)
    for a, b in (("man", "king"), ("woman", "queen")):
        _arrow(ax, e[a], e[b], GREEN)
    for w, (x, y) in e.items():
        ax.plot(x, y, "o", color=BLUE, ms=6, zorder=3)
        right = x > 0
        ax.text(x + (0.09 if right else -0.09), y - 0.05, text[w], ha="left" if right else "right",
                va="top", color=BLUE, fontsize=10)
    ax.plot(*goal, "*", color=ORANGE, ms=13, zorder=4)
    ax.text(goal[0] + 0.2, goal[1] + 0.05, r"$e_{king} - e_{man} + e_{woman}$", ha="left",
            va="center", color=ORANGE, fontsize=11)
    ax.set_xlim(-1.9, 3.3)
    ax.set_ylim(-0.2, 3.0)
    ax.set_aspect("equal")
    ax.set_xlabel(text["dim1"])
    ax.set_ylabel(text["dim2"])
    handles = [plt.Line2D([], [], color=ORANGE, lw=1.6), plt.Line2D([], [], color=GREEN, lw=1.6),
               plt.Line2D([], [], color="0.6", lw=0.9, ls=":")]
    ax.legend(handles, [text["female"], text["royal"], text["rays"]], loc="upper left",
              bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
