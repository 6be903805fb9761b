"""1000 learning rates in [1e-4, 1]: drawn uniformly, and on a log scale with dlspec."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from dlspec.tuning import sample_log_uniform


def draw(text):
    rng = np.random.default_rng(0)
    n = 1000
    samples = [
        ("uniform", rng.uniform(1e-4, 1.0, n), "#c2410c"),
        ("log_uniform", sample_log_uniform(1e-4, 1.0, n, rng=rng), "#1f5fa8"),
    ]
    bins = np.logspace(-4, 0, 17)  # four bins per decade
    decades = np.logspace(-4, 0, 5)
    fig, axes = plt.subplots(1, 2, figsize=(9.2, 2.8), sharey=True)
    for ax, (key, alpha, colour) in zip(axes, samples):
        ax.hist(alpha, bins=bins, color=colour, alpha=0.85, edgecolor="white", linewidth=0.6)
        ax.set_xscale("log")
        ax.set_xlim(1e-4, 1.0)
        # Plain tick labels: matplotlib's default ones on a log axis are slow mathtext.
        ax.set_xticks(decades, ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "1"])
        ax.xaxis.set_minor_locator(NullLocator())
        counts, _ = np.histogram(alpha, bins=decades)
        for low, high, count in zip(decades[:-1], decades[1:], counts):
            if low > decades[0]:
                ax.axvline(low, color="0.75", linewidth=0.8, linestyle=":")
            ax.text(np.sqrt(low * high), 520, f"{100 * count / n:.1f}%",
                    ha="center", va="bottom", color="0.25", fontsize=9)
        ax.set_title(text[key])
        ax.set_xlabel(text["alpha"])
        ax.set_ylim(0, 580)
    axes[0].set_ylabel(text["trials"])
    fig.tight_layout()
    return fig
