"""Exponentially weighted averages of a noisy daily series for three betas, with dlspec.optimizers.ewa."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.optimizers import ewa


def temperatures():
    """200 days of a seasonal curve with day-to-day noise, in degrees."""
    day = np.arange(1, 201)
    rng = np.random.default_rng(0)
    return day, 15 - 10 * np.cos(2 * np.pi * day / 220) + rng.normal(0, 3, day.size)


def draw(text):
    day, theta = temperatures()
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.plot(day, theta, ".", color="0.55", markersize=3.5, label=text["data"])
    for beta, color, width in [(0.5, "#6b21a8", 1), (0.9, "#1f5fa8", 2), (0.98, "#c2410c", 2)]:
        ax.plot(day, ewa(theta, beta), color=color, linewidth=width, label=f"β = {beta}")
    ax.set_xlabel(text["day"])
    ax.set_ylabel(text["value"])
    ax.set_xlim(0, 201)
    ax.legend(frameon=False, loc="upper left", ncol=4)
    ax.set_ylim(-3, 37)
    fig.tight_layout()
    return fig
