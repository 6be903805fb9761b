"""The Gram matrix on Course 4, Week 4: four hand-made 3x3 filters (vertical edges, horizontal
edges, a diagonal, brightness) on three striped images, and the Gram matrix of each image's
activation, computed with dlspec.conv.conv2d_forward and dlspec.style_transfer.gram_matrix.
Shifting the stripes leaves the Gram matrix as it was; turning them changes it."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.conv import conv2d_forward
from dlspec.style_transfer import gram_matrix

GREY = "0.25"
FILTERS = np.stack([
    [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],  # 1: vertical edges (dark to bright, left to right)
    [[-1, -1, -1], [0, 0, 0], [1, 1, 1]],  # 2: horizontal edges (dark to bright, downwards)
    [[0, 1, 1], [-1, 0, 1], [-1, -1, 0]],  # 3: a diagonal edge
    [[1, 1, 1], [1, 1, 1], [1, 1, 1]],  # 4: brightness
], axis=-1).astype(float) / 3  # (3, 3, 4)


def stripes(shift=0, turned=False, n=18, period=4):
    """An n x n image of stripes, two pixels dark and two bright; 16 x 16 after a valid 3x3 filter."""
    column = ((np.arange(n) + shift) % period >= period // 2).astype(float)
    image = np.tile(column, (n, 1))
    return (image.T if turned else image)[None, :, :, None]  # (1, n, n, 1)


def draw(text):
    params = {"W": FILTERS[:, :, None, :], "b": np.zeros((1, 1, 1, 4))}
    images = [stripes(), stripes(shift=1), stripes(turned=True)]
    grams = []
    for image in images:
        Z, _ = conv2d_forward(image, params)  # valid: 16 x 16, whole periods of the stripes
        a = np.maximum(Z, 0)  # a ReLU
        grams.append(gram_matrix(a) / (a.shape[1] * a.shape[2]))  # per position, for reading
    assert np.allclose(grams[0], grams[1]) and not np.allclose(grams[0], grams[2])

    fig = plt.figure(figsize=(9.2, 4.2))
    outer = fig.add_gridspec(1, 4, width_ratios=[0.5, 1, 1, 1], wspace=0.3, left=0.03, right=0.99,
                             top=0.9, bottom=0.03)
    left = outer[0].subgridspec(4, 1, hspace=0.45)
    for k in range(4):
        ax = fig.add_subplot(left[k])
        ax.imshow(FILTERS[:, :, k], cmap="RdBu_r", vmin=-0.5, vmax=0.5)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(False)
        ax.set_ylabel(str(k + 1), rotation=0, labelpad=8, va="center", fontsize=10)
        if k == 0:
            ax.set_title(text["filters"], fontsize=10)
    for c, (image, G, key) in enumerate(zip(images, grams, ("stripes", "shifted", "turned"))):
        cell = outer[c + 1].subgridspec(2, 1, height_ratios=[1, 1.15], hspace=0.3)
        ax = fig.add_subplot(cell[0])
        ax.imshow(image[0, :, :, 0], cmap="gray_r", vmin=-0.3, vmax=1.3)
        ax.axis("off")
        ax.set_title(text[key], fontsize=10)
        ax = fig.add_subplot(cell[1])
        ax.imshow(G, cmap="Blues", vmin=0, vmax=1.2)  # the largest entries saturate
        for (i, j), value in np.ndenumerate(G):
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7.5,
                    color="white" if value > 0.7 else GREY)
        ax.set_xticks(range(4), [str(k + 1) for k in range(4)], fontsize=8)
        ax.set_yticks(range(4), [str(k + 1) for k in range(4)], fontsize=8)
        ax.tick_params(length=0, pad=2)
        ax.spines[:].set_visible(False)
        ax.set_xlabel(text["gram"], fontsize=9)
    return fig
