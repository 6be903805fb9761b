"""IoU on Course 4, Week 3: five predicted boxes against one true 3 x 3 box, their
intersection shaded, and the IoU of each pair computed with dlspec.detection.iou."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from dlspec.detection import iou

BLUE, ORANGE = "#1f5fa8", "#c2410c"
TRUE = np.array([0.0, 0.0, 3.0, 3.0])  # corners (x1, y1, x2, y2)
CASES = [  # (label key, predicted box)
    ("shifted", [1.0, 0.0, 4.0, 3.0]),
    ("diagonal", [1.0, 1.0, 4.0, 4.0]),
    ("enclosing", [-0.5, -0.5, 3.5, 3.5]),
    ("nested", [0.75, 0.75, 2.25, 2.25]),
    ("touching", [3.0, 0.0, 5.0, 3.0]),
]


def draw(text):
    predicted = np.array([box for _, box in CASES])
    values = iou(TRUE[None], predicted)[0]
    fig, axes = plt.subplots(1, len(CASES), figsize=(9.6, 2.7))
    for ax, (key, box), value in zip(axes, CASES, values):
        x1, y1 = np.maximum(TRUE[:2], box[:2])
        x2, y2 = np.minimum(TRUE[2:], box[2:])
        if x2 > x1 and y2 > y1:
            ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, facecolor="#c7d7ee", edgecolor="none"))
        ax.add_patch(Rectangle(TRUE[:2], 3, 3, fill=False, edgecolor=BLUE, linewidth=2.2))
        ax.add_patch(Rectangle(box[:2], box[2] - box[0], box[3] - box[1], fill=False,
                               edgecolor=ORANGE, linewidth=2, linestyle="--"))
        ax.set_xlim(-0.7, 5.1)
        ax.set_ylim(4.5, -0.7)  # y downwards, as in an image
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(text["iou"].format(value=f"{value:.2f}"), fontsize=11)
        ax.text(2.2, 4.3, text[key], ha="center", va="top", fontsize=9.5, color="0.25")
    handles = [
        Line2D([], [], color=BLUE, linewidth=2.2, label=text["truth"]),
        Line2D([], [], color=ORANGE, linewidth=2, linestyle="--", label=text["predicted"]),
        Patch(facecolor="#c7d7ee", label=text["intersection"]),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.88, bottom=0.14, wspace=0.08)
    return fig
