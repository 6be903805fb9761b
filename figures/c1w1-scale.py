"""Course 1, Week 1: why deep learning took off, a conceptual sketch.

Performance against the amount of labelled data for a traditional algorithm and for small,
medium and large networks. The curves are illustrative shapes, not measurements: each is
c * (1 - exp(-m / s)), with a higher ceiling c and a slower rise s for a larger model.
"""

import matplotlib.pyplot as plt
import numpy as np

CURVES = [  # (label key, ceiling, scale, colour, line style)
    ("traditional", 0.50, 1.0, "0.25", "--"),
    ("small", 0.62, 1.7, "#15803d", "-"),
    ("medium", 0.76, 2.5, "#c2410c", "-"),
    ("large", 0.92, 3.4, "#1f5fa8", "-"),
]


def draw(text):
    m = np.linspace(0, 10, 151)
    fig, ax = plt.subplots(figsize=(7.4, 3.2))
    ax.axvspan(0, 2.4, color="0.93", zorder=0)
    ax.text(1.2, 0.97, text["small_data"], ha="center", va="top", fontsize=9, color="0.25")
    for key, ceiling, scale, colour, style in CURVES:
        performance = ceiling * (1 - np.exp(-m / scale))
        ax.plot(m, performance, color=colour, linestyle=style, linewidth=2)
        ax.text(10.2, performance[-1], text[key], color=colour, va="center", ha="left")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(text["data_axis"])
    ax.set_ylabel(text["performance_axis"])
    fig.tight_layout()
    return fig
