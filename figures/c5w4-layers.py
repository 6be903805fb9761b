"""The encoder layer and the decoder layer of the transformer (Course 5, Week 4), as
dlspec.transformer builds them (post-norm): every sublayer's output is added to its input
(the residual connection, drawn on the side) and layer-normalised. The decoder's
cross-attention takes its keys and values from the encoder's output."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

BLUE, ORANGE, GREEN, PURPLE, GREY = "#1f5fa8", "#c2410c", "#15803d", "#6b21a8", "0.35"
W, H = 2.6, 0.5  # box size


def _box(ax, x, y, label, color, fill="white"):
    ax.add_patch(FancyBboxPatch((x - W / 2, y - H / 2), W, H, boxstyle="round,pad=0.02,rounding_size=0.1",
                                facecolor=fill, edgecolor=color, linewidth=1.5))
    ax.text(x, y, label, ha="center", va="center", fontsize=9)


def _arrow(ax, start, end, color=GREY, style="-|>", connection="arc3", width=1.2):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=10, color=color,
                                 linewidth=width, connectionstyle=connection, shrinkA=0, shrinkB=0))


def _stack(ax, x, sublayers, text, bottom_label, top_label):
    """Sublayers from the bottom up, each followed by add & norm with a residual arrow."""
    y = 0.0
    ax.text(x, y, bottom_label, ha="center", va="center", fontsize=9.5)
    positions = {}
    for key, color in sublayers:
        below = y
        y_sub, y_norm = y + 0.9, y + 1.7
        _arrow(ax, (x, below + 0.25), (x, y_sub - H / 2))
        _box(ax, x, y_sub, text[key], color)
        _arrow(ax, (x, y_sub + H / 2), (x, y_norm - H / 2))
        _box(ax, x, y_norm, text["add_norm"], GREY, fill="#f1f1f1")
        # the residual: from below the sublayer, around its right side, into add & norm
        ax.plot([x, x + W / 2 + 0.3, x + W / 2 + 0.3], [below + 0.45, below + 0.45, y_norm], color=BLUE,
                linewidth=1.1)
        _arrow(ax, (x + W / 2 + 0.3, y_norm), (x + W / 2, y_norm), BLUE)
        positions[key] = y_sub
        y = y_norm
    _arrow(ax, (x, y + H / 2), (x, y + 0.75))
    ax.text(x, y + 0.95, top_label, ha="center", va="center", fontsize=9.5)
    return positions, y + 0.95


def draw(text):
    fig, ax = plt.subplots(figsize=(9.0, 6.2))
    xe, xd = 0.0, 5.2
    _, top_e = _stack(ax, xe, (("self_attention", ORANGE), ("ffn", GREEN)), text, text["enc_in"], text["enc_out"])
    pos, _ = _stack(ax, xd, (("masked", ORANGE), ("cross", PURPLE), ("ffn", GREEN)), text, text["dec_in"],
                    text["dec_out"])
    # the encoder's output feeds the keys and values of the cross-attention
    y_cross = pos["cross"]
    ax.plot([xe + 0.9, xe + 0.9, xd - W / 2 - 0.5], [top_e + 0.2, top_e + 0.55, top_e + 0.55], color=PURPLE,
            linewidth=1.3)
    ax.plot([xd - W / 2 - 0.5, xd - W / 2 - 0.5], [top_e + 0.55, y_cross], color=PURPLE, linewidth=1.3)
    _arrow(ax, (xd - W / 2 - 0.5, y_cross), (xd - W / 2, y_cross), PURPLE)
    ax.text(xd - W / 2 - 0.6, (top_e + 0.55 + y_cross) / 2, text["keys_values"], ha="right", va="center",
            fontsize=8.5, color=PURPLE)
    ax.text(xe, -0.55, text["encoder"], ha="center", va="center", fontsize=10.5, fontweight="bold")
    ax.text(xd, -0.55, text["decoder"], ha="center", va="center", fontsize=10.5, fontweight="bold")
    ax.text(xd + W / 2 + 0.45, 0.45, text["residual"], ha="left", va="center", fontsize=8.5, color=BLUE)
    ax.set_xlim(-1.8, 7.6)
    ax.set_ylim(-0.9, 6.4)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
