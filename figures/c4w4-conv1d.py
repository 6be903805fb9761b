"""A 1-D convolution on Course 4, Week 4: a made-up heartbeat signal (five beats at uneven
intervals, a slow drift and noise), a filter shaped like one beat, and the filter's response,
computed with dlspec.conv.conv1d_forward ("same" padding). The response peaks at the beats."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.conv import conv1d_forward

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.25"
BEATS = [22, 61, 104, 139, 181]  # the time steps of the five beats
N = 200
F = 15  # the filter's length


def beat(t):
    """One heartbeat around t = 0: a small bump, a sharp spike with a dip, a broad wave."""
    return (0.15 * np.exp(-((t + 5) / 1.5) ** 2) + np.exp(-(t / 0.8) ** 2)
            - 0.25 * np.exp(-((t - 1.8) / 0.8) ** 2) + 0.3 * np.exp(-((t - 6) / 2.0) ** 2))


def draw(text):
    rng = np.random.default_rng(0)
    t = np.arange(N)
    signal = sum(beat(t - b) for b in BEATS) + 0.3 * np.sin(2 * np.pi * t / 160) \
        + 0.06 * rng.standard_normal(N)
    w = beat(np.arange(F) - F // 2)  # one beat, its spike in the middle of the filter
    w = w - w.mean()  # zero mean: a constant offset or a slow drift gives (almost) nothing
    Z, _ = conv1d_forward(signal[None, :, None], {"W": w[:, None, None], "b": np.zeros((1, 1, 1))},
                          padding="same")
    response = Z[0, :, 0]

    fig = plt.figure(figsize=(9.2, 3.4))
    grid = fig.add_gridspec(2, 2, width_ratios=[5, 1], hspace=0.55, wspace=0.12, left=0.04, right=0.99,
                            top=0.9, bottom=0.15)
    ax_signal = fig.add_subplot(grid[0, 0])
    ax_response = fig.add_subplot(grid[1, 0], sharex=ax_signal)
    ax_filter = fig.add_subplot(grid[0, 1])
    ax_signal.plot(t, signal, color=BLUE, linewidth=1.2)
    ax_signal.set_title(text["signal"], fontsize=10, loc="left")
    ax_response.plot(t, response, color=ORANGE, linewidth=1.4)
    ax_response.set_title(text["response"], fontsize=10, loc="left")
    peaks = [b - 3 + int(np.argmax(response[b - 3 : b + 4])) for b in BEATS]
    ax_response.plot(peaks, response[peaks], "o", color=ORANGE, markersize=4)
    for ax in (ax_signal, ax_response):
        for b in BEATS:
            ax.axvline(b, color=GREY, linewidth=0.8, linestyle=":")
        ax.set_yticks([])
        ax.spines[["top", "right", "left"]].set_visible(False)
    ax_response.set_xlim(0, N - 1)
    ax_response.set_xlabel(text["time"], fontsize=9.5)
    plt.setp(ax_signal.get_xticklabels(), visible=False)
    ax_filter.bar(np.arange(F), w, color=GREY, width=0.8)
    ax_filter.axhline(0, color=GREY, linewidth=0.6)
    ax_filter.set_title(text["filter"].format(f=F), fontsize=10)
    ax_filter.set_xticks([0, F - 1])
    ax_filter.tick_params(labelsize=8)
    ax_filter.set_yticks([])
    ax_filter.spines[["top", "right", "left"]].set_visible(False)
    return fig
