"""Labels of a trigger-word detector (Course 5, Week 3): the page's 10-second clip with two
trigger words and one other word, and the target y<t> at each of its 1,000 output steps,
0 except for a run of 50 ones (half a second) just after each trigger word ends."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

BLUE, GREY, ORANGE = "#1f5fa8", "0.6", "#c2410c"
T_Y, SECONDS, RUN = 1000, 10.0, 50
WORDS = [("trigger", 1.60, 2.35), ("other", 4.10, 4.70), ("trigger", 6.05, 6.80)]  # the page's clip


def labels():
    step = SECONDS / T_Y
    y = np.zeros(T_Y, dtype=int)
    for kind, _, end in WORDS:
        if kind == "trigger":
            first = int(round(end / step)) + 1  # the step just after the word ends
            y[first:first + RUN] = 1
    return y


def draw(text):
    y = labels()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9.0, 3.3), sharex=True,
                                      gridspec_kw={"height_ratios": [1, 1.6]})
    for kind, start, end in WORDS:
        color = BLUE if kind == "trigger" else GREY
        top.add_patch(Rectangle((start, 0.15), end - start, 0.7, facecolor=color, alpha=0.25, edgecolor=color))
        top.text((start + end) / 2, 0.5, text[kind], ha="center", va="center", fontsize=9, color="0.15")
    top.text(8.6, 0.5, text["background"], ha="center", va="center", fontsize=8.5, color="0.4", style="italic")
    top.set_ylim(0, 1)
    top.set_yticks([])
    top.spines[["top", "right", "left"]].set_visible(False)
    top.set_ylabel(text["clip"], rotation=0, ha="right", va="center", fontsize=9)
    # y is drawn by its corners only (where it changes), which keeps the SVG small
    edges = np.flatnonzero(np.diff(y)) + 1  # the first step of each new value
    corners_t = np.repeat(edges * SECONDS / T_Y, 2)
    corners_y = np.column_stack([y[edges - 1], y[edges]]).ravel()
    bottom.plot(np.r_[0, corners_t, SECONDS], np.r_[y[0], corners_y, y[-1]], color=ORANGE, linewidth=1.6)
    for start, stop in zip(edges[::2], edges[1::2]):
        bottom.add_patch(Rectangle((start * SECONDS / T_Y, 0), (stop - start) * SECONDS / T_Y, 1,
                                   facecolor=ORANGE, alpha=0.15, edgecolor="none"))
    for _, _, end in [w for w in WORDS if w[0] == "trigger"]:
        bottom.axvline(end, color=BLUE, linewidth=0.8, linestyle=":")
        bottom.annotate(text["run"], (end + RUN * SECONDS / T_Y / 2, 1.02), ha="center", va="bottom", fontsize=8,
                        color=ORANGE)
    bottom.set_ylim(-0.1, 1.35)
    bottom.set_yticks([0, 1])
    bottom.set_ylabel(r"$y^{\langle t \rangle}$", rotation=0, ha="right", va="center")
    bottom.set_xlim(0, SECONDS)
    bottom.set_xlabel(text["time"])
    bottom.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
