"""Sampling temperature (Course 5, Week 1): the probabilities softmax(z / tau) of four next
tokens for one set of logits (the page's), at three temperatures, computed with dlspec."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.activations import softmax

LOGITS = np.array([[2.0], [1.0], [0.5], [-1.0]])
TEMPERATURES = (0.5, 1.0, 2.0)
COLORS = ("#1f5fa8", "0.45", "#c2410c")


def draw(text):
    fig, ax = plt.subplots(figsize=(8.0, 3.0))
    tokens = np.arange(1, LOGITS.shape[0] + 1)
    width = 0.26
    for k, (tau, color) in enumerate(zip(TEMPERATURES, COLORS)):
        p = softmax(LOGITS / tau)[:, 0]
        offset = (k - 1) * width
        ax.bar(tokens + offset, p, width=width * 0.92, color=color, label=f"$\\tau = {tau:g}$")
        for t, value in zip(tokens, p):
            ax.text(t + offset, value + 0.015, f"{value:.2f}", ha="center", va="bottom", fontsize=7.5)
    ax.set_xticks(tokens)
    ax.set_xticklabels([f"{t}\n$z = {z:g}$" for t, z in zip(tokens, LOGITS[:, 0])])
    ax.set_xlabel(text["token"])
    ax.set_ylabel(text["probability"])
    ax.set_ylim(0, 0.98)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper right", title=text["temperature"])
    fig.tight_layout()
    return fig
