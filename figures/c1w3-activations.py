"""The four activation functions of Course 1, Week 3, and their slopes, computed with dlspec."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.activations import (
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)


def draw(text):
    z = np.linspace(-4, 4, 161)
    functions = [
        ("sigmoid", sigmoid, sigmoid_derivative),
        ("tanh", tanh, tanh_derivative),
        ("relu", relu, relu_derivative),
        ("leaky_relu", lambda z: leaky_relu(z, 0.1), lambda z: leaky_relu_derivative(z, 0.1)),
    ]
    fig, axes = plt.subplots(1, 4, figsize=(9.6, 2.6), sharex=True)
    for ax, (key, g, dg) in zip(axes, functions):
        ax.axhline(0, color="0.8", linewidth=0.8)
        ax.axvline(0, color="0.8", linewidth=0.8)
        ax.plot(z, g(z), color="#1f5fa8", linewidth=2, label=text["value"])
        ax.plot(z, dg(z), color="#c2410c", linewidth=1.5, linestyle="--", label=text["slope"])
        ax.set_title(text[key])
        ax.set_xlabel("z")
        ax.set_ylim(-1.3, 2.3)
    axes[0].legend(loc="upper left", frameon=False)
    fig.tight_layout()
    return fig
