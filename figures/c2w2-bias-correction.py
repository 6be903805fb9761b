"""The first 60 days of an exponentially weighted average (beta = 0.98), with and without bias correction."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.optimizers import ewa


def temperatures():
    """200 days of a seasonal curve with day-to-day noise, in degrees (as in c2w2-ewa)."""
    day = np.arange(1, 201)
    rng = np.random.default_rng(0)
    return day, 15 - 10 * np.cos(2 * np.pi * day / 220) + rng.normal(0, 3, day.size)


def draw(text):
    day, theta = temperatures()
    v = ewa(theta, 0.98)
    v_hat = ewa(theta, 0.98, bias_correction=True)
    shown = day <= 60
    fig, ax = plt.subplots(figsize=(7.5, 3))
    ax.plot(day[shown], theta[shown], ".", color="0.55", markersize=4, label=text["data"])
    ax.plot(day[shown], v[shown], color="#c2410c", linewidth=2, linestyle="--",
            label=text["plain"])
    ax.plot(day[shown], v_hat[shown], color="#1f5fa8", linewidth=2,
            label=text["corrected"])
    ax.set_xlabel(text["day"])
    ax.set_ylabel(text["value"])
    ax.set_xlim(0, 61)
    ax.set_ylim(-1, 22)
    ax.legend(frameon=False, loc="upper left")
    fig.tight_layout()
    return fig
