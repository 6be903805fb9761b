"""The building blocks of Course 1, Week 4: a forward block and a backward block per layer, joined by
the cache, for a hidden layer l and the output layer L, as dlspec's dense_network chains them."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

BLUE, ORANGE, GREEN, PURPLE, GREY = "#1f5fa8", "#c2410c", "#15803d", "#6b21a8", "0.25"
FORWARD_Y, BACKWARD_Y, HALF = 3.9, 1.6, 0.55  # row centres and half the height of a block


def _box(ax, x, y, width, height, colour, lines, text_y=None):
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.02,rounding_size=0.12",
                                facecolor="white", edgecolor=colour, linewidth=1.5, zorder=2))
    ax.text(x, y if text_y is None else text_y, "\n".join(lines), ha="center", va="center", fontsize=9.5,
            linespacing=1.7, zorder=3)


def _arrow(ax, start, end, colour, label=None, below=None, dashed=False):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, color=colour,
                                 linewidth=1.3, linestyle="--" if dashed else "-", zorder=1))
    middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    if label:
        ax.text(middle[0], middle[1] + 0.12, label, ha="center", va="bottom", fontsize=10, color=colour)
    if below:
        ax.text(middle[0], middle[1] - 0.12, below, ha="center", va="top", fontsize=9.5, color=colour)


def draw(text):
    fig, ax = plt.subplots(figsize=(9.6, 3.5))
    width = 2.8
    hidden, output, loss, loss_width = 4.3, 9.0, 12.75, 2.5

    # Forward row: A[0] = X ... -> hidden layer l -> ... -> output layer L -> loss.
    ax.text(0.35, FORWARD_Y, "$X$", ha="center", va="center", fontsize=11)
    ax.text(1.55, FORWARD_Y, r"$\cdots$", ha="center", va="center", fontsize=12)
    ax.text(6.6, FORWARD_Y, r"$\cdots$", ha="center", va="center", fontsize=12)
    _arrow(ax, (0.6, FORWARD_Y), (1.25, FORWARD_Y), BLUE)
    _arrow(ax, (1.85, FORWARD_Y), (hidden - width / 2, FORWARD_Y), BLUE, "$A^{[l-1]}$")
    _arrow(ax, (hidden + width / 2, FORWARD_Y), (6.3, FORWARD_Y), BLUE, "$A^{[l]}$")
    _arrow(ax, (6.9, FORWARD_Y), (output - width / 2, FORWARD_Y), BLUE, "$A^{[L-1]}$")
    _arrow(ax, (output + width / 2, FORWARD_Y), (loss - loss_width / 2, FORWARD_Y), BLUE, "$Z^{[L]}$")
    _box(ax, hidden, FORWARD_Y, width, 2 * HALF, BLUE,
         [r"$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$", r"$A^{[l]} = g(Z^{[l]})$"])
    _box(ax, output, FORWARD_Y, width, 2 * HALF, BLUE, [r"$Z^{[L]} = W^{[L]} A^{[L-1]} + b^{[L]}$"])

    # The loss: the output's sigmoid and the cross-entropy together, from the logits.
    middle = (FORWARD_Y + BACKWARD_Y) / 2
    _box(ax, loss, middle, loss_width, FORWARD_Y - BACKWARD_Y + 2 * HALF, GREY, [text["loss"]], text_y=middle + 0.3)
    ax.text(loss, middle - 0.55, "$J$", ha="center", va="center", fontsize=11, zorder=3)

    # Backward row, right to left: dZ[L] = A[L] - Y -> output layer -> ... -> hidden layer l -> ...
    _arrow(ax, (loss - loss_width / 2, BACKWARD_Y), (output + width / 2, BACKWARD_Y), ORANGE,
           "$dZ^{[L]}$", "$A^{[L]} - Y$")
    _arrow(ax, (output - width / 2, BACKWARD_Y), (6.9, BACKWARD_Y), ORANGE, "$dA^{[L-1]}$")
    _arrow(ax, (6.3, BACKWARD_Y), (hidden + width / 2, BACKWARD_Y), ORANGE, "$dA^{[l]}$")
    _arrow(ax, (hidden - width / 2, BACKWARD_Y), (1.85, BACKWARD_Y), ORANGE, "$dA^{[l-1]}$")
    ax.text(6.6, BACKWARD_Y, r"$\cdots$", ha="center", va="center", fontsize=12)
    ax.text(1.55, BACKWARD_Y, r"$\cdots$", ha="center", va="center", fontsize=12)
    _box(ax, hidden, BACKWARD_Y, width, 2 * HALF, ORANGE,
         [r"$dZ^{[l]} = dA^{[l]} \odot g′(Z^{[l]})$", r"$dA^{[l-1]} = W^{[l]T} dZ^{[l]}$"])
    _box(ax, output, BACKWARD_Y, width, 2 * HALF, ORANGE, [r"$dA^{[L-1]} = W^{[L]T} dZ^{[L]}$"])

    # Each forward block hands its cache down; each backward block hands out its gradients.
    for x, cache, grads in [
        (hidden, "$A^{[l-1]}, W^{[l]}, Z^{[l]}$", r"$dW^{[l]}, db^{[l]}$"),
        (output, "$A^{[L-1]}, W^{[L]}$", r"$dW^{[L]}, db^{[L]}$"),
    ]:
        _arrow(ax, (x - 0.9, FORWARD_Y - HALF), (x - 0.9, BACKWARD_Y + HALF), PURPLE, dashed=True)
        ax.text(x - 0.75, middle + 0.05, text["cache"], ha="left", va="bottom", fontsize=9, color=PURPLE)
        ax.text(x - 0.75, middle - 0.05, cache, ha="left", va="top", fontsize=9.5, color=PURPLE)
        _arrow(ax, (x, BACKWARD_Y - HALF), (x, 0.3), GREEN)
        ax.text(x + 0.12, 0.55, grads, ha="left", va="center", fontsize=10, color=GREEN)

    # Which layer each column is: the word from the strings, then the layer's symbol beside it.
    for x, name, symbol in [(hidden, text["hidden"], "$l$"), (output, text["output"], "$L$")]:
        word = ax.text(x, FORWARD_Y + HALF + 0.12, name, ha="center", va="bottom", fontsize=10)
        ax.annotate(symbol, xy=(1, 0), xycoords=word, xytext=(3, 0), textcoords="offset points",
                    ha="left", va="bottom", fontsize=10)

    ax.text(-0.35, FORWARD_Y, text["forward"], ha="right", va="center", fontsize=10, color=BLUE,
            fontweight="bold")
    ax.text(-0.35, BACKWARD_Y, text["backward"], ha="right", va="center", fontsize=10, color=ORANGE,
            fontweight="bold")
    ax.set_xlim(-0.4, 14.1)
    ax.set_ylim(0.1, 4.95)
    ax.axis("off")
    fig.tight_layout()
    return fig
