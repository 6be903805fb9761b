"""Course 1, Week 2: the sigmoid, and the cross-entropy loss of one example for each label.

Both curves are computed with dlspec: the sigmoid, and binary_cross_entropy on one example
at a time (with label 1 it is -log a, with label 0 it is -log(1 - a)).
"""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.activations import sigmoid
from dlspec.losses import binary_cross_entropy

BLUE, ORANGE = "#1f5fa8", "#c2410c"


def draw(text):
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 2.9))
    z = np.linspace(-6, 6, 121)
    left.axhline(0.5, color="0.8", linewidth=0.8)
    left.axvline(0, color="0.8", linewidth=0.8)
    left.plot(z, sigmoid(z), color=BLUE, linewidth=2)
    left.set_xlabel("$z$")
    left.set_ylabel(r"$a = \sigma(z)$")
    left.set_ylim(-0.03, 1.03)
    left.set_title(text["sigmoid"])

    a = np.linspace(0.005, 0.995, 133)
    for label, colour, style in [(1, BLUE, "-"), (0, ORANGE, "--")]:
        loss = [binary_cross_entropy(np.array([[p]]), np.array([[label]])) for p in a]
        right.plot(a, loss, color=colour, linestyle=style, linewidth=2, label=text[f"y{label}"])
    right.set_xlabel("$a$")
    right.set_ylabel("$ℒ(a, y)$")
    right.set_ylim(0, 5.3)
    right.set_title(text["loss"])
    right.legend(loc="upper center", frameon=False)
    fig.tight_layout()
    return fig
