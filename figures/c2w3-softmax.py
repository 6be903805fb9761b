"""The softmax of the page's logits z = (5, 2, -1, 3), computed with dlspec."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.activations import softmax


def draw(text):
    z = np.array([[5.0], [2.0], [-1.0], [3.0]])
    a = softmax(z).ravel()
    classes = [f"{k}\n{text[key]}" for k, key in enumerate(("cat", "dog", "chick", "other"))]
    x = np.arange(4)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 2.8))
    left.bar(x, z.ravel(), width=0.6, color="#6b21a8")
    left.axhline(0, color="0.25", linewidth=0.8)
    for k, value in enumerate(z.ravel()):
        left.text(k, value + (0.2 if value >= 0 else -0.2), f"{value:g}",
                  ha="center", va="bottom" if value >= 0 else "top", color="0.25")
    left.set_ylim(-2.2, 6.2)
    left.set_title(text["logits"])
    right.bar(x, a, width=0.6, color="#1f5fa8")
    for k, value in enumerate(a):
        right.text(k, value + 0.02, f"{value:.3f}", ha="center", va="bottom", color="0.25")
    right.set_ylim(0, 1.08)
    right.set_title(text["probabilities"])
    for ax in (left, right):
        ax.set_xticks(x, classes)
        ax.tick_params(axis="x", length=0)
    fig.tight_layout(w_pad=3)
    return fig
