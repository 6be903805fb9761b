"""The distribution of negative words in word2vec (Course 5, Week 2), for a vocabulary of
10,000 words whose counts fall as 1 / rank (Zipf's law): the probability of being drawn with
counts ** 1 (as often as in the text), counts ** (3/4) (word2vec's choice) and counts ** 0
(uniform), from dlspec.word2vec.negative_sampling_distribution, on log-log axes."""

import matplotlib.pyplot as plt
from matplotlib.ticker import NullLocator
import numpy as np

from dlspec.word2vec import negative_sampling_distribution

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.35"
V = 10_000


def draw(text):
    rank = np.arange(1, V + 1)
    counts = 1e6 / rank  # Zipf: the r-th most frequent word occurs about 1/r as often as the first
    shown = np.unique(np.geomspace(1, V, 120).round().astype(int)) - 1  # ranks spread on a log axis
    fig, ax = plt.subplots(figsize=(8.0, 3.0))
    for power, color, style, key in ((1.0, GREY, "--", "frequency"), (0.75, ORANGE, "-", "three_quarters"),
                                     (0.0, BLUE, ":", "uniform")):
        dist = negative_sampling_distribution(counts, power)
        ax.loglog(rank[shown], dist[shown], color=color, ls=style, lw=2, label=text[key])
        for r in (0, V - 1):  # the first and the last word's probability
            ax.plot(rank[r], dist[r], "o", color=color, ms=4)
            ax.text(rank[r] * (0.7 if r == 0 else 1.4), dist[r], f"{dist[r]:.1e}",
                    ha="right" if r == 0 else "left", va="center", color=color, fontsize=8.5)
    ax.set_xlabel(text["rank"])
    ax.set_ylabel(text["probability"])
    ax.set_ylim(4e-6, 0.3)
    ax.set_xlim(0.08, 1.2e5)
    ax.set_xticks([1, 10, 100, 1000, 10_000])
    ax.xaxis.set_minor_locator(NullLocator())  # the decades are enough, and keep the SVG small
    ax.yaxis.set_minor_locator(NullLocator())
    ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig
