"""Five error rates with a training-dev set and the four gaps between them, from dlspec.strategy."""

import matplotlib.pyplot as plt

from dlspec.strategy import GAPS, diagnose_errors

BARS = (("human", "0.45"), ("train", "#1f5fa8"), ("train_dev", "#0e7490"),
        ("dev", "#c2410c"), ("test", "#9a3412"))
GAP_COLOURS = ("#15803d", "#6b21a8", "#b91c1c", "0.35")


def draw(text):
    models = [
        diagnose_errors(human=0.005, train=0.02, train_dev=0.025, dev=0.09, test=0.095),
        diagnose_errors(human=0.005, train=0.02, train_dev=0.08, dev=0.09, test=0.095),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.3), sharey=True)
    rows = [4, 3, 2, 1, 0]  # human on top
    for ax, title, d in zip(axes, ("model_a", "model_b"), models):
        rates = (d.human, d.train, d.train_dev, d.dev, d.test)
        for row, rate, (_, colour) in zip(rows, rates, BARS):
            ax.barh(row, rate, height=0.42, color=colour)
            ax.text(rate + 0.002, row, f"{rate:.3f}", va="center", fontsize=8, color="0.25")
        for i, (key, colour) in enumerate(zip(GAPS, GAP_COLOURS)):
            gap, y, top = d.gaps[key], rows[i] - 0.5, d.largest == key
            ax.annotate("", xy=(rates[i + 1], y), xytext=(rates[i], y),
                        arrowprops={"arrowstyle": "-|>", "color": colour,
                                    "linewidth": 2 if top else 1.2, "shrinkA": 0, "shrinkB": 0,
                                    "mutation_scale": 8})
            for x in rates[i:i + 2]:
                ax.plot([x, x], [y - 0.1, y + 0.1], color=colour, linewidth=1)
            ax.text(max(rates[i:i + 2]) + 0.003, y, f"{text[key]} {gap:.3f}", va="center",
                    fontsize=8, color=colour, fontweight="bold" if top else "normal")
        ax.set_title(text[title])
        ax.set_xlim(0, 0.17)
        ax.set_xticks([0, 0.04, 0.08, 0.12, 0.16])
        ax.set_xlabel(text["error"])
        ax.tick_params(axis="y", length=0)
    axes[0].set_yticks(rows, [text[key] for key, _ in BARS])
    fig.tight_layout()
    return fig
