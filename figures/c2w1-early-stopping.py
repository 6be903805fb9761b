"""Training and dev cost of an overfitting network, epoch by epoch, with the early-stopping point."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.network import dense_network
from dlspec.optimizers import GradientDescent
from dlspec.training import fit


def noisy_parabola(m, rng):
    X = rng.uniform(-1, 1, (2, m))
    Y = (X[1] > 1.2 * X[0] ** 2 - 0.5).astype(float)[None]
    flipped = rng.random(m) < 0.12
    Y[0, flipped] = 1 - Y[0, flipped]
    return X, Y


def draw(text):
    rng = np.random.default_rng(2)
    X, Y = noisy_parabola(40, rng)
    X_dev, Y_dev = noisy_parabola(200, rng)
    net = dense_network([2, 30, 30, 1])
    params = net.initialize(rng=rng)
    optimizer = GradientDescent(0.2)  # no state: one epoch at a time is the same run
    train, dev = [], []
    for _ in range(200):
        dev.append(net.cost(X_dev, params, Y_dev))
        params, costs = fit(net, X, Y, rng=rng, optimizer=optimizer, num_epochs=1,
                            record_every=1, params=params)
        train += costs  # the cost before this epoch's step, like dev above
    best = int(np.argmin(dev))

    fig, ax = plt.subplots(figsize=(7.5, 3))
    epochs = np.arange(len(train))
    ax.plot(epochs, train, color="#1f5fa8", linewidth=2, label=text["train"])
    ax.plot(epochs, dev, color="#c2410c", linewidth=2, label=text["dev"])
    ax.axvline(best, color="0.25", linestyle="--", linewidth=1)
    ax.plot([best], [dev[best]], "o", color="#c2410c")
    ax.annotate(f"{text['stop']} ({best})", (best, dev[best]), xytext=(8, 18),
                textcoords="offset points", color="0.15")
    ax.set_xlabel(text["iterations"])
    ax.set_ylabel(text["cost"])
    ax.set_xlim(0, len(train))
    ax.legend(frameon=False, loc="lower left")
    fig.tight_layout()
    return fig
