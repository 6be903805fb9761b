"""Masks in self-attention (Course 5, Week 4): the look-ahead mask of a 6-word sentence whose
last word is padding (1 = attend, 0 = masked), combined with its padding mask, and the
attention weights that scaled dot-product attention in dlspec gives with it (random queries
and keys): everything above the diagonal and in the padding column is 0, each row adds up to 1."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.self_attention import combine_masks, look_ahead_mask, padding_mask, scaled_dot_product_attention_forward

TOKENS = np.array([[4, 9, 2, 7, 5, 0]])  # 0 is padding
T = TOKENS.shape[1]


def weights_and_mask():
    rng = np.random.default_rng(0)
    Q, K, V = (rng.standard_normal((1, T, 4)) for _ in range(3))
    mask = combine_masks(look_ahead_mask(T), padding_mask(TOKENS, pad_id=0))
    _, weights, _ = scaled_dot_product_attention_forward(Q, K, V, mask=mask)
    return np.broadcast_to(mask, (1, T, T))[0], weights[0]


def draw(text):
    mask, weights = weights_and_mask()
    fig, axes = plt.subplots(1, 2, figsize=(8.8, 3.9))
    panels = ((axes[0], mask, "Greys", "{:.0f}", text["mask"]), (axes[1], weights, "Blues", "{:.2f}", text["weights"]))
    for ax, values, cmap, fmt, title in panels:
        ax.imshow(values, cmap=cmap, vmin=0, vmax=1.6 if cmap == "Greys" else 1, interpolation="nearest")
        for q in range(T):
            for k in range(T):
                ax.text(k, q, fmt.format(values[q, k]), ha="center", va="center", fontsize=8.5,
                        color="white" if values[q, k] > 0.6 else "0.15")
        ax.set_xticks(range(T))
        ax.set_yticks(range(T))
        ax.set_xticklabels([f"{k + 1}" if TOKENS[0, k] else text["pad"] for k in range(T)], fontsize=8.5)
        ax.set_yticklabels([f"{q + 1}" for q in range(T)], fontsize=8.5)
        ax.set_xlabel(text["key"])
        ax.set_ylabel(text["query"])
        ax.set_title(title, fontsize=10)
        ax.spines[:].set_visible(False)
    fig.tight_layout()
    return fig
