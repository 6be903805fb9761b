"""The CTC rule (Course 5, Week 3): one output symbol per input step, then repeats that no
blank separates are merged, then the blanks are removed. The blank between the two runs of
"o" is what keeps the double letter of "book"."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.55"
OUTPUT = "bb_ooo_o_kk___"  # the network's symbol at each of the 14 input steps; _ is the blank


def merge_repeats(symbols):
    return [s for k, s in enumerate(symbols) if k == 0 or s != symbols[k - 1]]


def _row(ax, symbols, y, xs, label, colors):
    ax.text(-0.9, y, label, ha="right", va="center", fontsize=9.5, color="0.25")
    for x, s in zip(xs, symbols):
        color = colors(s)
        ax.add_patch(FancyBboxPatch((x - 0.38, y - 0.32), 0.76, 0.64, boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor="white", edgecolor=color, linewidth=1.3))
        ax.text(x, y, s, ha="center", va="center", fontsize=12, color=color,
                family="monospace")


def draw(text):
    colors = lambda s: GREY if s == "_" else BLUE  # noqa: E731
    merged = merge_repeats(OUTPUT)
    final = [s for s in merged if s != "_"]
    assert "".join(final) == "book"
    fig, ax = plt.subplots(figsize=(9.6, 3.0))
    steps = list(range(len(OUTPUT)))
    _row(ax, OUTPUT, 2.0, steps, text["output"], colors)
    # each run of equal symbols in the first row becomes one box in the second, under its middle
    runs, start = [], 0
    for k in range(1, len(OUTPUT) + 1):
        if k == len(OUTPUT) or OUTPUT[k] != OUTPUT[start]:
            runs.append((start, k - 1))
            start = k
    middles = [(a + b) / 2 for a, b in runs]
    _row(ax, merged, 1.0, middles, text["merged"], colors)
    for (a, b), x in zip(runs, middles):
        ax.plot([a - 0.3, b + 0.3], [1.58, 1.58], color=ORANGE, linewidth=1.4)
        ax.plot([x, x], [1.58, 1.36], color=ORANGE, linewidth=1.0)
    kept = [x for x, s in zip(middles, merged) if s != "_"]
    final_xs = [4.5 + 1.2 * k for k in range(len(final))]
    _row(ax, final, 0.0, final_xs, text["removed"], colors)
    for x0, x1 in zip(kept, final_xs):
        ax.annotate("", (x1, 0.34), (x0, 0.66), arrowprops={"arrowstyle": "-|>", "color": GREY, "linewidth": 1.0})
    ax.text(len(OUTPUT) - 0.5, 0.0, f"→  “{''.join(final)}”", ha="right", va="center", fontsize=12)
    ax.text(len(OUTPUT) - 0.5, 2.55, text["blank"], ha="right", va="bottom", fontsize=8.5, color=GREY)
    ax.set_xlim(-5.2, len(OUTPUT))
    ax.set_ylim(-0.5, 2.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
