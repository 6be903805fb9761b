"""Three units' pre-activations before and after batch norm, computed with dlspec."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.normalization import batchnorm_forward

COLOURS = ("#1f5fa8", "#c2410c", "#15803d")


def draw(text):
    # The units of the page's example (very different means and spreads), on a larger batch.
    rng = np.random.default_rng(0)
    shift, scale = np.array([[50.0], [0.1], [-3.0]]), np.array([[20.0], [0.01], [1.0]])
    Z = shift + scale * rng.standard_normal((3, 500))
    gamma, beta = np.array([[1.0], [2.0], [0.5]]), np.array([[0.0], [1.0], [-1.0]])
    Z_tilde, _ = batchnorm_forward(Z, {"gamma": gamma, "beta": beta})

    fig, axes = plt.subplots(2, 3, figsize=(9.0, 3.6))
    for ax in axes[1, 1:]:
        ax.sharey(axes[1, 0])
    bins_after = np.linspace(-6, 7, 40)
    for k, colour in enumerate(COLOURS):
        top, bottom = axes[0, k], axes[1, k]
        top.hist(Z[k], bins=20, color=colour, histtype="stepfilled")  # one path, a small SVG
        top.locator_params(axis="x", nbins=4)
        top.set_title(f"{text['unit']} {k + 1}:  β = {beta[k, 0]:g}, γ = {gamma[k, 0]:g}")
        bottom.hist(Z_tilde[k], bins=bins_after, color=colour, histtype="stepfilled")
        bottom.axvline(beta[k, 0], color="0.25", linewidth=1, linestyle="--", zorder=3)
        bottom.set_xlim(-6, 7)
        bottom.set_xticks([-4, -2, 0, 2, 4, 6])
        for ax in (top, bottom):
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
    axes[0, 0].set_ylabel(text["before"])
    axes[1, 0].set_ylabel(text["after"])
    fig.tight_layout(h_pad=0.8)
    return fig
