"""Four learning-rate schedules against the epoch, computed with dlspec.optimizers."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.optimizers import exponential_decay, inverse_time_decay, sqrt_decay, staircase_decay


def draw(text):
    epochs = np.arange(21)
    alpha0 = 0.2  # the schedules of the page's code block
    schedules = [
        ("inverse", "α₀ / (1 + t)", lambda t: inverse_time_decay(alpha0, 1.0, t), "#1f5fa8", "-"),
        ("exponential", "0.95ᵗ α₀", lambda t: exponential_decay(alpha0, 0.95, t), "#c2410c", "-"),
        ("sqrt", "α₀ / √(t + 1)", lambda t: sqrt_decay(alpha0, 1.0, t + 1), "#15803d", "--"),
        ("stairs", "α₀ / (1 + ⌊t / 2⌋)", lambda t: staircase_decay(alpha0, 1.0, t, 2), "#6b21a8", "-"),
    ]
    fig, ax = plt.subplots(figsize=(7.5, 3))
    for key, formula, schedule, color, style in schedules:
        rates = [schedule(int(t)) for t in epochs]
        # The rate is set at the start of an epoch and held during it: a step per epoch.
        ax.step(epochs, rates, where="post", color=color, linestyle=style, linewidth=1.8,
                label=f"{text[key]}: {formula}")
    ax.set_xlabel(text["epoch"])
    ax.set_ylabel(text["rate"])
    ax.set_xlim(0, 20)
    ax.set_ylim(0, 0.21)
    ax.set_xticks(range(0, 21, 2))
    ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    return fig
