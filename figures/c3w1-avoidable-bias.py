"""Human-level, training and dev error with avoidable bias and variance, from dlspec.strategy."""

import matplotlib.pyplot as plt

from dlspec.strategy import diagnose_errors

BARS = (("human", "0.45"), ("train", "#1f5fa8"), ("dev", "#c2410c"))
GAPS = (("avoidable_bias", 0, 1, "#15803d"), ("variance", 1, 2, "#6b21a8"))


def draw(text):
    cases = [diagnose_errors(human=human, train=0.08, dev=0.10) for human in (0.01, 0.075)]
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 2.7), sharey=True)
    rows = [2, 1, 0]  # human on top
    for ax, d in zip(axes, cases):
        rates = (d.human, d.train, d.dev)
        for row, rate, (key, colour) in zip(rows, rates, BARS):
            ax.barh(row, rate, height=0.42, color=colour)
            ax.text(rate + 0.002, row, f"{rate:.3f}", va="center", fontsize=8.5, color="0.25")
        for key, i, j, colour in GAPS:
            gap = getattr(d, key)
            y = (rows[i] + rows[j]) / 2
            top = d.largest == key
            ax.annotate("", xy=(rates[j], y), xytext=(rates[i], y),
                        arrowprops={"arrowstyle": "-|>", "color": colour,
                                    "linewidth": 2 if top else 1.2, "shrinkA": 0, "shrinkB": 0,
                                    "mutation_scale": 9})
            for x in (rates[i], rates[j]):
                ax.plot([x, x], [y - 0.1, y + 0.1], color=colour, linewidth=1)
            ax.text(max(rates[i], rates[j]) + 0.003, y, f"{text[key]} {gap:.3f}", va="center",
                    fontsize=8.5, color=colour, fontweight="bold" if top else "normal")
        ax.set_title(f"{text['case']} {d.human:.3f}")
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, 0.15)
        ax.set_xticks([0, 0.04, 0.08, 0.12])
        ax.set_xlabel(text["error"])
    axes[0].set_yticks(rows, [text[key] for key, _ in BARS])
    fig.tight_layout()
    return fig
