"""Embeddings before and after training with the triplet loss, on Course 4, Week 4: the
squared distances of every pair of test photos (same person, different people) of the page's
made-up faces, with the threshold 0.5. The data and the training loop are the page's, run with
dlspec.siamese, dlspec.layers and dlspec.optimizers."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from dlspec.layers import linear_backward, linear_forward
from dlspec.optimizers import Adam
from dlspec.siamese import pairwise_squared_distances, select_triplets, triplet_loss_backward, triplet_loss_forward

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.25"
N_X, N_E, MARGIN, THRESHOLD = 16, 8, 0.2, 0.5
TOP = 0.3  # the height of the axes; taller bars are cut and labelled


def _encode(X, W):
    Z, linear_cache = linear_forward(X, {"W": W})
    norm = np.linalg.norm(Z, axis=0, keepdims=True)
    return Z / norm, (linear_cache, Z / norm, norm)


def _encode_backward(dE, cache):
    linear_cache, E, norm = cache
    dZ = (dE - E * np.sum(E * dE, axis=0, keepdims=True)) / norm
    return linear_backward(dZ, linear_cache)[1]["dW"]


def _trained():
    """The page's block: returns the test photos' pair distances before and after, and who is same."""
    rng = np.random.default_rng(0)
    identity_directions = rng.standard_normal((N_X, 6))
    nuisance_directions = rng.standard_normal((N_X, 4))

    def photos(n_people, per_person):
        who = np.repeat(np.arange(n_people), per_person)
        faces = rng.standard_normal((6, n_people))[:, who]
        nuisance = 2.0 * rng.standard_normal((4, who.size))
        noise = 0.1 * rng.standard_normal((N_X, who.size))
        return identity_directions @ faces + nuisance_directions @ nuisance + noise, who

    X_train, who_train = photos(30, 4)
    X_new, who_new = photos(8, 8)
    W = rng.standard_normal((N_E, N_X)) / np.sqrt(N_X)
    i, j = np.triu_indices(who_new.size, k=1)
    same = who_new[i] == who_new[j]
    before = pairwise_squared_distances(*[_encode(X_new, W)[0]] * 2)[i, j]
    optimizer = Adam(0.05)
    for _ in range(60):
        E, _ = _encode(X_train, W)
        a, p, n = select_triplets(E, who_train, margin=MARGIN, rng=rng)
        _, cache = triplet_loss_forward(E[:, a], E[:, p], E[:, n], margin=MARGIN)
        dW = sum(_encode_backward(d, _encode(X_train[:, k], W)[1])
                 for d, k in zip(triplet_loss_backward(cache), (a, p, n)))
        W = optimizer.step({"W": W}, {"dW": dW})["W"]
    after = pairwise_squared_distances(*[_encode(X_new, W)[0]] * 2)[i, j]
    return before, after, same


def draw(text):
    before, after, same = _trained()
    bins = np.linspace(0, 4, 41)
    fig, axes = plt.subplots(1, 2, figsize=(9.2, 3.1), sharey=True)
    for ax, d, key in zip(axes, (before, after), ("before", "after")):
        for mask, colour, style in ((same, BLUE, "-"), (~same, ORANGE, "-")):
            share = np.histogram(d[mask], bins=bins)[0] / mask.sum()
            ax.stairs(share, bins, fill=True, color=colour, alpha=0.35, linewidth=0)
            ax.stairs(share, bins, color=colour, linewidth=1.3)
            for k in np.flatnonzero(share > TOP):  # a bar taller than the axis: its height, written
                ax.annotate(f"{share[k]:.2f}", ((bins[k] + bins[k + 1]) / 2, TOP), xytext=(4, -2),
                            textcoords="offset points", ha="left", va="top", fontsize=8.5, color=colour)
        ax.axvline(THRESHOLD, color=GREY, linestyle="--", linewidth=1.2)
        ax.text(THRESHOLD + 0.05, 0.97, text["threshold"], transform=ax.get_xaxis_transform(),
                fontsize=8.5, color=GREY, va="top")
        ax.set_xlim(0, 4)
        ax.set_ylim(0, TOP)
        ax.set_title(text[key], fontsize=10.5)
        ax.set_xlabel(text["distance"], fontsize=9.5)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel(text["share"], fontsize=9.5)
    handles = [Patch(facecolor=BLUE, alpha=0.5, label=text["same"]),
               Patch(facecolor=ORANGE, alpha=0.5, label=text["different"])]
    fig.legend(handles=handles, loc="upper right", frameon=False, fontsize=9, bbox_to_anchor=(0.99, 0.86))
    fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.17, wspace=0.08)
    return fig
