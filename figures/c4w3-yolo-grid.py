"""YOLO's grid and anchors on Course 4, Week 3: a pedestrian and a car whose centres share the
centre cell of a 3 x 3 grid, the tall and the wide anchor, and that cell's target, one row per
anchor, from dlspec.yolo.encode_yolo decoded by decode_yolo (in units of a cell, as the course)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from dlspec.yolo import decode_yolo, encode_yolo

BLUE, ORANGE, PURPLE = "#1f5fa8", "#c2410c", "#6b21a8"
S, C = 3, 3
ANCHORS = np.array([[0.12, 0.30], [0.36, 0.16]])  # (w, h): tall, wide
OBJECTS = np.array([[0.50, 0.45, 0.10, 0.32], [0.55, 0.52, 0.34, 0.14]])  # pedestrian, car
CLASSES = np.array([0, 1])
COLOURS = [BLUE, ORANGE]


def draw(text):
    volume = encode_yolo(OBJECTS, CLASSES, ANCHORS, S, C, confidence=0.999)
    confidence, class_probs, boxes = decode_yolo(volume, ANCHORS)
    fig, (grid, table) = plt.subplots(1, 2, figsize=(9.6, 3.5), gridspec_kw={"width_ratios": [1, 1.9]})

    grid.add_patch(Rectangle((1 / S, 1 / S), 1 / S, 1 / S, facecolor="#ede9f6", edgecolor="none"))
    for k in range(S + 1):
        grid.plot([k / S, k / S], [0, 1], color="0.5", linewidth=0.8)
        grid.plot([0, 1], [k / S, k / S], color="0.5", linewidth=0.8)
    for (x, y, w, h), colour, key in zip(OBJECTS, COLOURS, ("pedestrian", "car")):
        grid.add_patch(Rectangle((x - w / 2, y - h / 2), w, h, fill=False, edgecolor=colour, linewidth=2))
        grid.plot(x, y, "o", color=colour, markersize=4.5)
        above = key == "pedestrian"  # the pedestrian's name above its box, the car's below
        grid.text(x - w / 2 if above else x + w / 2, y - h / 2 - 0.015 if above else y + h / 2 + 0.015,
                  text[key], color=colour, fontsize=9, va="bottom" if above else "top",
                  ha="left" if above else "right")
    for (w, h), colour in zip(ANCHORS, COLOURS):  # each anchor drawn on its object's centre
        x, y = OBJECTS[COLOURS.index(colour)][:2]
        grid.add_patch(Rectangle((x - w / 2, y - h / 2), w, h, fill=False, edgecolor=colour,
                                 linewidth=1.2, linestyle="--"))
    grid.text(0.5, 1.03, text["cell"], ha="center", va="top", color=PURPLE, fontsize=9)
    grid.set_xlim(-0.02, 1.02)
    grid.set_ylim(1.12, -0.02)  # y downwards, as in an image
    grid.set_aspect("equal")
    grid.axis("off")

    header = ["$p_c$", "$b_x$", "$b_y$", "$b_h$", "$b_w$", "$c_1$", "$c_2$", "$c_3$"]
    r = c = 1
    for j, name in enumerate(header):
        table.text(2.2 + j, 0.15, name, ha="center", va="center", fontsize=10)
    for k, (colour, key) in enumerate(zip(COLOURS, ("tall", "wide"))):
        x, y, w, h = boxes[r, c, k]
        row = [confidence[r, c, k], x * S - c, y * S - r, h * S, w * S, *class_probs[r, c, k]]
        table.text(1.4, 1 + k, text[key], ha="right", va="center", color=colour, fontsize=9.5)
        for j, value in enumerate(row):
            table.add_patch(Rectangle((1.7 + j, 0.6 + k), 1, 0.8, facecolor="white", edgecolor="0.6"))
            table.text(2.2 + j, 1 + k, f"{value:.2f}", ha="center", va="center", fontsize=9.5, color=colour)
    table.text(5.7, 2.8, text["target"], ha="center", va="top", color=PURPLE, fontsize=9.5)
    table.text(5.7, 3.35, text["units"], ha="center", va="top", color="0.3", fontsize=8.5)
    table.set_xlim(-1.9, 9.8)
    table.set_ylim(3.9, -0.6)
    table.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.98, bottom=0.02, wspace=0.05)
    return fig
