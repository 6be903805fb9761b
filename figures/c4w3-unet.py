"""The small U-Net of Course 4, Week 3's page: blocks as tall as their height and width and as
wide as their channels, the encoder going down, the decoder going up, the copies across.
The shapes come from dlspec's output-size functions."""

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle

from dlspec.conv import conv_output_size
from dlspec.transpose_conv import conv_transpose_output_size

BLUE, ORANGE, GREEN, PURPLE, GREY = "#1f5fa8", "#c2410c", "#15803d", "#6b21a8", "0.45"
N, N_CLASSES = 32, 3
CHANNELS = [8, 16, 32]  # per level, from the top
TOP = [0.0, 2.2, 3.75]  # where each level's blocks start (y downwards)


def draw(text):
    sizes = [N]  # height and width at each level, by the layers' own formulas
    for _ in CHANNELS[1:]:
        sizes.append(conv_output_size(sizes[-1], 2, 0, 2))  # max pool 2x2, stride 2
    assert conv_transpose_output_size(sizes[2], 2, 0, 2) == sizes[1]  # the way back up fits

    fig, ax = plt.subplots(figsize=(9.6, 3.4))
    blocks = {}

    def block(name, x, level, n_C, face="white", edge="0.25"):
        w, h = 0.15 + 0.035 * n_C, 1.7 * sizes[level] / N
        ax.add_patch(Rectangle((x, TOP[level]), w, h, facecolor=face, edgecolor=edge, linewidth=1))
        blocks[name] = (x, TOP[level], w, h)
        return x + w

    def shape(x, level, n_C, above=False):
        y = TOP[level] - 0.07 if above else TOP[level] + 1.7 * sizes[level] / N + 0.07
        ax.text(x, y, f"{sizes[level]}×{sizes[level]}×{n_C}", ha="center", va="bottom" if above else "top",
                fontsize=7.5)

    def point(name, fx, fy):
        x, y, w, h = blocks[name]
        return x + fx * w, y + fy * h

    def arrow(a, b, colour, dashed=False):
        ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=10, color=colour,
                                     linewidth=1.4, linestyle="--" if dashed else "-",
                                     shrinkA=0, shrinkB=0))

    # Encoder: down the left arm.
    end = block("input", 0.0, 0, N_CLASSES)
    shape(end / 2, 0, N_CLASSES)
    end = block("e1", 0.8, 0, CHANNELS[0])
    shape(0.8 + (end - 0.8) / 2, 0, CHANNELS[0])
    arrow(point("input", 1, 0.5), point("e1", 0, 0.5), BLUE)
    end = block("e2", 1.5, 1, CHANNELS[1])
    shape(1.5 + (end - 1.5) / 2, 1, CHANNELS[1])
    arrow(point("e1", 1, 0.9), point("e2", 0.3, 0), ORANGE)
    end = block("b", 2.6, 2, CHANNELS[2])
    arrow(point("e2", 1, 0.9), point("b", 0.2, 0), ORANGE)
    ax.text(end + 0.12, TOP[2] + 0.4, f"{sizes[2]}×{sizes[2]}×{CHANNELS[2]}", ha="left", va="center",
            fontsize=7.5)
    ax.text(end + 0.12, TOP[2] + 0.05, text["bottleneck"], ha="left", va="center", fontsize=9)

    # Decoder: up the right arm; the copy (grey) and the upsampled image (green) side by side.
    mid = block("copy2", 5.6, 1, CHANNELS[1], face="0.9", edge=GREY)
    end = block("up2", mid, 1, CHANNELS[1], face="#dcefe2", edge=GREEN)
    shape(mid, 1, 2 * CHANNELS[1], above=True)
    arrow(point("b", 0.85, 0), point("up2", 0.5, 1), GREEN)
    arrow(point("e2", 1, 0.5), point("copy2", 0, 0.5), GREY, dashed=True)
    end2 = block("d2", end + 0.5, 1, CHANNELS[1])
    shape(end + 0.5 + (end2 - end - 0.5) / 2, 1, CHANNELS[1])
    arrow(point("up2", 1, 0.5), point("d2", 0, 0.5), BLUE)
    mid = block("copy1", end2 + 0.4, 0, CHANNELS[0], face="0.9", edge=GREY)
    end = block("up1", mid, 0, CHANNELS[0], face="#dcefe2", edge=GREEN)
    shape(mid, 0, 2 * CHANNELS[0], above=True)
    arrow(point("d2", 0.5, 0), point("up1", 0.5, 1), GREEN)
    arrow(point("e1", 1, 0.5), point("copy1", 0, 0.5), GREY, dashed=True)
    start = end + 0.5
    end = block("d1", start, 0, CHANNELS[0])
    shape(start + (end - start) / 2, 0, CHANNELS[0])
    arrow(point("up1", 1, 0.5), point("d1", 0, 0.5), BLUE)
    start = end + 0.5
    end = block("out", start, 0, N_CLASSES, face="#ece3f5", edge=PURPLE)
    shape(start + (end - start) / 2, 0, N_CLASSES)
    arrow(point("d1", 1, 0.5), point("out", 0, 0.5), PURPLE)
    ax.text(start + (end - start) / 2, -0.1, text["mask"], ha="center", va="bottom", fontsize=9,
            color=PURPLE)
    ax.text(0.0, TOP[1] + 0.45, text["encoder"], ha="left", va="center", fontsize=9.5)
    ax.text(point("d2", 1, 0)[0] + 0.15, TOP[1] + 0.45, text["decoder"], ha="left", va="center", fontsize=9.5)

    handles = [Line2D([], [], color=BLUE, linewidth=1.4, label=text["conv"]),
               Line2D([], [], color=ORANGE, linewidth=1.4, label=text["pool"]),
               Line2D([], [], color=GREEN, linewidth=1.4, label=text["up"]),
               Line2D([], [], color=GREY, linewidth=1.4, linestyle="--", label=text["skip"]),
               Line2D([], [], color=PURPLE, linewidth=1.4, label=text["classes"])]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.5, -0.02), frameon=False,
              fontsize=8.5, ncol=2, columnspacing=1.2, handlelength=1.8)
    ax.set_xlim(-0.1, 11.2)
    ax.set_ylim(TOP[2] + 1.7 * sizes[2] / N + 0.35, -0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0, right=1, top=1, bottom=0)
    return fig
