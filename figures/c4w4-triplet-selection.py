"""Choosing triplets on Course 4, Week 4: candidate negatives around an anchor, sorted into
hard, semi-hard and easy by their squared distance, the one dlspec.siamese.select_triplets
picks, and the triplet loss against d(A, N), computed with dlspec.siamese."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from dlspec.siamese import select_triplets, squared_distance, triplet_loss_forward

BLUE, ORANGE, GREEN, PURPLE, GREY = "#1f5fa8", "#c2410c", "#15803d", "#6b21a8", "0.25"
MARGIN = 0.2
ANCHOR = np.array([0.0, 0.0])
POSITIVE = np.array([0.5, 0.0])  # d(A, P) = 0.25
ANGLES = np.linspace(0.3, 2 * np.pi + 0.3, 14, endpoint=False)
RADII = np.array([0.2, 0.85, 0.6, 1.05, 0.3, 0.62, 0.95, 0.4, 0.75, 0.56, 1.1, 0.25, 0.64, 0.9])


def draw(text):
    negatives = np.stack([RADII * np.cos(ANGLES), RADII * np.sin(ANGLES)])  # (2, 14)
    k = negatives.shape[1]
    A, P = np.tile(ANCHOR[:, None], (1, k)), np.tile(POSITIVE[:, None], (1, k))
    d_ap = squared_distance(ANCHOR[:, None], POSITIVE[:, None])[0, 0]
    d_an = squared_distance(A, negatives)[0]
    loss = np.array([triplet_loss_forward(A[:, [j]], P[:, [j]], negatives[:, [j]], margin=MARGIN)[0]
                     for j in range(k)])
    kind = np.where(d_an <= d_ap, 0, np.where(loss > 0, 1, 2))  # hard, semi-hard, easy
    colours = np.array([ORANGE, PURPLE, GREEN])
    batch = np.column_stack([ANCHOR, POSITIVE, negatives])
    labels = np.r_[0, 0, np.arange(1, k + 1)]
    _, _, chosen = select_triplets(batch, labels, margin=MARGIN, rng=np.random.default_rng(0))
    chosen = chosen[0] - 2  # the anchor's negative, as a column of `negatives`
    assert kind[chosen] == 1

    fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(9.2, 3.6), gridspec_kw={"width_ratios": [1, 1.25]})
    for r, style in ((np.sqrt(d_ap), "-"), (np.sqrt(d_ap + MARGIN), "--")):
        ax.add_patch(Circle(ANCHOR, r, fill=False, edgecolor=GREY, linewidth=1, linestyle=style))
    ax.scatter(negatives[0], negatives[1], c=colours[kind], s=30, zorder=3)
    ax.scatter(*negatives[:, chosen], s=150, facecolors="none", edgecolors=PURPLE, linewidths=1.6, zorder=3)
    ax.scatter(*ANCHOR, marker="s", s=45, color=BLUE, zorder=4)
    ax.scatter(*POSITIVE, marker="^", s=55, color=BLUE, zorder=4)
    ax.annotate("A", ANCHOR, xytext=(-4, 6), textcoords="offset points", ha="right", fontsize=10, color=BLUE)
    ax.annotate("P", POSITIVE, xytext=(4, 5), textcoords="offset points", fontsize=10, color=BLUE)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.2, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(text["embeddings"], fontsize=10.5)

    d = np.linspace(0, 1.25, 126)
    n = np.stack([np.sqrt(d), np.zeros_like(d)])  # negatives on a line, at squared distance d
    A_line, P_line = np.tile(ANCHOR[:, None], (1, d.size)), np.tile(POSITIVE[:, None], (1, d.size))
    curve = [triplet_loss_forward(A_line[:, [j]], P_line[:, [j]], n[:, [j]], margin=MARGIN)[0]
             for j in range(d.size)]
    ax_loss.axvspan(0, d_ap, color=ORANGE, alpha=0.1, linewidth=0)
    ax_loss.axvspan(d_ap, d_ap + MARGIN, color=PURPLE, alpha=0.12, linewidth=0)
    ax_loss.axvspan(d_ap + MARGIN, 1.25, color=GREEN, alpha=0.08, linewidth=0)
    ax_loss.plot(d, curve, color=GREY, linewidth=1.8)
    ax_loss.scatter(d_an, loss, c=colours[kind], s=26, zorder=3)
    for x, key, colour in ((d_ap / 2, "hard", ORANGE), (d_ap + MARGIN / 2, "semi_hard", PURPLE),
                           ((d_ap + MARGIN + 1.25) / 2, "easy", GREEN)):
        ax_loss.text(x, 0.47, text[key], ha="center", va="top", fontsize=9.5, color=colour)
    ax_loss.set_xticks([0, d_ap, d_ap + MARGIN, 1.0])
    ax_loss.set_xticklabels(["0", "d(A, P)", "d(A, P) + α", "1"], fontsize=8.5)
    ax_loss.set_xlim(0, 1.25)
    ax_loss.set_ylim(-0.02, 0.5)
    ax_loss.set_xlabel("d(A, N)", fontsize=9.5)
    ax_loss.set_ylabel(text["loss"], fontsize=9.5)
    ax_loss.set_title(text["loss_title"], fontsize=10.5)
    ax_loss.spines[["top", "right"]].set_visible(False)

    handles = [Line2D([], [], marker="s", linestyle="", color=BLUE, label=text["anchor"]),
               Line2D([], [], marker="^", linestyle="", color=BLUE, label=text["positive"]),
               Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor=PURPLE,
                      markersize=10, label=text["chosen"])]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=9,
               bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(left=0.02, right=0.98, top=0.91, bottom=0.2, wspace=0.18)
    return fig
