"""Normal against depthwise separable convolution (Course 4, Week 2): multiplications for a
14x14 output as the channels grow, and their ratio, which falls to 1/f^2."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.conv import conv2d_multiplies, depthwise_separable_multiplies

BLUE, ORANGE, GREEN, GREY = "#1f5fa8", "#c2410c", "#15803d", "0.25"
N_OUT = 14
CHANNELS = [2 ** k for k in range(3, 11)]  # n_C = n_C' from 8 to 1024


def draw(text):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 3.2))
    normal = [conv2d_multiplies(N_OUT, N_OUT, 3, n, n) for n in CHANNELS]
    separable = [depthwise_separable_multiplies(N_OUT, N_OUT, 3, n, n) for n in CHANNELS]
    left.plot(CHANNELS, normal, "o-", color=BLUE, label=text["normal"])
    left.plot(CHANNELS, separable, "s-", color=ORANGE, label=text["separable"])
    left.set_xscale("log", base=2)
    left.set_yscale("log")
    left.set_xticks(CHANNELS, [str(n) for n in CHANNELS])
    left.set_xlabel(text["channels"])
    left.set_title(text["multiplies"].format(n=N_OUT, f=3))
    left.legend(frameon=False)

    for f, color, marker in ((3, BLUE, "o"), (5, GREEN, "^")):
        ratio = [depthwise_separable_multiplies(N_OUT, N_OUT, f, n, n)
                 / conv2d_multiplies(N_OUT, N_OUT, f, n, n) for n in CHANNELS]
        right.plot(CHANNELS, ratio, marker + "-", color=color, label=f"$f = {f}$")
        right.axhline(1 / f**2, color=color, linestyle="--", linewidth=1)
        right.text(CHANNELS[-1], 1 / f**2 + 0.006, f"$1/f^2 = 1/{f * f}$", ha="right",
                   va="bottom", color=color, fontsize=9)
    right.set_xscale("log", base=2)
    right.set_xticks(CHANNELS, [str(n) for n in CHANNELS])
    right.set_ylim(0, np.ceil(max(right.get_ylim()) * 10) / 10)
    right.set_xlabel(text["channels"])
    right.set_title(text["ratio"])
    right.legend(frameon=False)
    fig.tight_layout(w_pad=3)
    return fig
