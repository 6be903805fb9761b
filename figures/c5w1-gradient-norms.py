"""How much of the gradient of a loss on the last state reaches each earlier input, over 50
steps (Course 5, Week 1), computed with dlspec's backward passes: a basic RNN with small and
with large recurrent weights (the same ones as the page's block), a GRU whose update gate is
mostly closed and an LSTM whose forget gate is mostly open."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.gru import gru_backward, gru_forward
from dlspec.lstm import lstm_backward, lstm_forward
from dlspec.recurrent import rnn_backward, rnn_forward

BLUE, ORANGE, GREEN, PURPLE = "#1f5fa8", "#c2410c", "#15803d", "#6b21a8"
N_X, N_A, M, T_X = 4, 16, 8, 50


def _gated(rng, gates, bias_gate, bias):
    params = {}
    for gate in gates:
        params["W" + gate] = rng.standard_normal((N_A, N_A + N_X)) / np.sqrt(N_A + N_X)
        params["b" + gate] = np.zeros((N_A, 1))
    params["b" + bias_gate] += bias
    return params


def curves():
    """{name: |dx<t>| / |dx<T_x>| for t = 1..T_x}, in the order of the legend."""
    rng = np.random.default_rng(0)  # the page's vanishing-gradient block draws the same numbers
    x = rng.standard_normal((N_X, M, T_X))
    W = rng.standard_normal((N_A, N_A)) / np.sqrt(N_A)
    Wax = rng.standard_normal((N_A, N_X)) / np.sqrt(N_X)
    da = np.zeros((N_A, M, T_X))
    da[:, :, -1] = rng.standard_normal((N_A, M))
    a0 = np.zeros((N_A, M))
    out = {}
    for key, scale in (("rnn_small", 0.4), ("rnn_large", 4.0)):
        _, cache = rnn_forward(x, a0, {"Waa": scale * W, "Wax": Wax, "ba": np.zeros((N_A, 1))})
        out[key] = rnn_backward(da, cache)[0]
    _, cache = gru_forward(x, a0, _gated(rng, "ruc", "u", -3.0))  # update gate about 0.05
    out["gru"] = gru_backward(da, cache)[0]
    _, _, cache = lstm_forward(x, a0, _gated(rng, "fico", "f", 3.0))  # forget gate about 0.95
    out["lstm"] = lstm_backward(da, cache)[0]
    norms = {key: np.linalg.norm(dx, axis=(0, 1)) for key, dx in out.items()}
    return {key: n / n[-1] for key, n in norms.items()}


def draw(text):
    steps_back = T_X - 1 - np.arange(T_X)  # 0 at the last step
    styles = {"rnn_small": (BLUE, "-"), "rnn_large": (ORANGE, "-"), "gru": (GREEN, "--"),
              "lstm": (PURPLE, "-.")}
    fig, ax = plt.subplots(figsize=(8.6, 3.3))
    ax.axhline(1.0, color="0.8", linewidth=0.8)
    for key, ratio in curves().items():
        color, style = styles[key]
        ax.semilogy(steps_back, ratio, color=color, linestyle=style, linewidth=2, label=text[key])
    ax.set_xlabel(text["steps_back"])
    ax.set_ylabel(r"$\|dx^{\langle t \rangle}\| \,/\, \|dx^{\langle T_x \rangle}\|$")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, T_X - 1)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.tight_layout()
    return fig
