"""The page's error analysis: counts of 100 examined dev errors and their ceilings, from dlspec."""

import matplotlib.pyplot as plt

from dlspec.strategy import error_analysis_table

DEV_ERROR = 0.10


def draw(text):
    # The tags of the page's example: 100 errors tagged by position, categories overlapping.
    spans = {"dog": (0, 6), "great_cat": (6, 47), "blurry": (40, 90), "filter": (84, 96)}
    tags = [{name for name, (lo, hi) in spans.items() if lo <= i < hi} for i in range(100)]
    rows = error_analysis_table(tags, dev_error=DEV_ERROR)
    n = len(tags)

    fig, ax = plt.subplots(figsize=(8.4, 2.6))
    y = list(range(len(rows)))[::-1]  # the largest count on top
    ax.barh(y, [row.count for row in rows], height=0.55, color="#1f5fa8")
    for yi, row in zip(y, rows):
        ax.text(row.count + 1, yi, f"{row.count}  →  {text['ceiling']} {row.ceiling:.3f}",
                va="center", fontsize=9, color="0.2")
    ax.set_yticks(y, [text[row.category] for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, n)
    ax.set_xlabel(text["count"])
    # The same scale read as dev error: all 100 examined errors stand for the whole 0.10.
    top = ax.secondary_xaxis("top", functions=(lambda c: c / n * DEV_ERROR,
                                               lambda e: e / DEV_ERROR * n))
    top.set_xticks([0, 0.025, 0.05, 0.075, 0.1], ["0", "0.025", "0.050", "0.075", "0.100"])
    top.set_xlabel(text["ceiling_axis"], labelpad=7)
    fig.tight_layout()
    return fig
