"""The sinusoidal positional encoding (Course 5, Week 4): dlspec.self_attention.positional_encoding
for 60 positions in d = 64 dimensions, as a heatmap, with three of its columns drawn as curves:
the first pairs turn fast, the last ones hardly move."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.self_attention import positional_encoding

T, D = 60, 64
COLUMNS = ((0, "#1f5fa8"), (10, "#c2410c"), (30, "#15803d"))


def draw(text):
    pe = positional_encoding(T, D)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 3.6), gridspec_kw={"width_ratios": [1.25, 1]})
    image = left.imshow(pe, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    left.set_xlabel(text["dimension"])
    left.set_ylabel(text["position"])
    fig.colorbar(image, ax=left, fraction=0.05, pad=0.03)
    for column, color in COLUMNS:
        left.axvline(column, color=color, linewidth=1.2, linestyle="--")
        kind = "sin" if column % 2 == 0 else "cos"
        right.plot(np.arange(T), pe[:, column], color=color, linewidth=1.8,
                   label=text["column"].format(j=column, kind=kind, i=column // 2))
    right.set_xlabel(text["position"])
    right.set_ylim(-1.15, 1.6)
    right.spines[["top", "right"]].set_visible(False)
    right.legend(frameon=False, loc="upper center", ncol=1, fontsize=8.5)
    fig.tight_layout()
    return fig
