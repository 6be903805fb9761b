"""Non-max suppression on Course 4, Week 3: the six boxes of the page around two cars, with
their scores, before and after dlspec.detection.non_max_suppression (IoU threshold 0.5)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

from dlspec.detection import non_max_suppression

BLUE, GREY = "#1f5fa8", "0.45"
BOXES = np.array([[10, 20, 50, 45], [13, 22, 54, 48], [6, 17, 47, 44],
                  [62, 24, 96, 50], [65, 21, 99, 47],
                  [40, 28, 70, 50]], dtype=float)
SCORES = np.array([0.90, 0.75, 0.62, 0.80, 0.70, 0.66])
CARS = [(11, 24, 38, 19), (63, 27, 33, 20)]  # (x, y, width, height) of the drawn cars
THRESHOLD = 0.5


def car(ax, x, y, w, h):
    """A simple car: body, cabin and two wheels, in light grey."""
    ax.add_patch(FancyBboxPatch((x + 0.22 * w, y + 0.05 * h), 0.5 * w, 0.4 * h,
                                boxstyle="round,pad=0,rounding_size=2", facecolor="0.86", edgecolor="none"))
    ax.add_patch(FancyBboxPatch((x, y + 0.4 * h), w, 0.42 * h, boxstyle="round,pad=0,rounding_size=2",
                                facecolor="0.8", edgecolor="none"))
    for cx in (x + 0.22 * w, x + 0.78 * w):
        ax.add_patch(Circle((cx, y + 0.83 * h), 0.14 * h, facecolor="0.55", edgecolor="none"))


def draw(text):
    keep = set(non_max_suppression(BOXES, SCORES, THRESHOLD).tolist())
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.0))
    for ax, after in zip(axes, (False, True)):
        for c in CARS:
            car(ax, *c)
        for i, ((x1, y1, x2, y2), score) in enumerate(zip(BOXES, SCORES)):
            kept = i in keep or not after
            colour = BLUE if kept else GREY
            ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, fill=False, edgecolor=colour,
                                   linewidth=2 if kept else 1.2, linestyle="-" if kept else ":"))
            below = i in (1, 4, 5)  # write these scores under their box, the others above
            ax.text(x1 + 1 if not below else x2 - 1, y2 + 1 if below else y1 - 1, f"{score:.2f}",
                    ha="left" if not below else "right", va="top" if below else "bottom",
                    fontsize=8.5, color=colour, zorder=3,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.9})
        ax.set_xlim(0, 105)
        ax.set_ylim(60, 8)  # y downwards, as in an image
        ax.set_aspect("equal")
        ax.axis("off")
        if after:
            title = text["after"].format(threshold=THRESHOLD, n=len(keep))
        else:
            title = text["before"].format(n=len(BOXES))
        ax.set_title(title, fontsize=10.5)
    handles = [Line2D([], [], color=BLUE, linewidth=2, label=text["kept"]),
               Line2D([], [], color=GREY, linewidth=1.2, linestyle=":", label=text["suppressed"])]
    fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.12, wspace=0.06)
    return fig
