"""The flower data of Course 1, Week 3: where logistic regression and a 2-layer tanh network
draw their decision boundaries. Trained with dlspec exactly as in the page's block."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from dlspec.activations import sigmoid
from dlspec.logistic_regression import fit_logistic_regression, logistic_forward, predict_logistic
from dlspec.metrics import accuracy
from dlspec.network import dense_network
from dlspec.optimizers import GradientDescent
from dlspec.planar_data import make_flower
from dlspec.training import fit

COLOURS = ("#1f5fa8", "#c2410c")  # label 0, label 1
REGIONS = ListedColormap(["#dbe7f5", "#fbe3d6"])


def draw(text):
    # The page's block: the same generator, data, settings and order of calls.
    rng = np.random.default_rng(0)
    X, Y = make_flower(rng=rng)
    linear, _ = fit_logistic_regression(X, Y, learning_rate=0.1, num_iterations=1000)
    net = dense_network([2, 4, 1], hidden="tanh")
    params, _ = fit(net, X, Y, rng=rng, optimizer=GradientDescent(1.2),
                    num_epochs=3000, init="random", record_every=3000)

    x1 = np.linspace(X[0].min() - 0.5, X[0].max() + 0.5, 80)
    x2 = np.linspace(X[1].min() - 0.5, X[1].max() + 0.5, 80)
    G1, G2 = np.meshgrid(x1, x2)
    grid = np.vstack([G1.ravel(), G2.ravel()])  # (2, 6400)
    models = [  # (title, probability of label 1, predicted labels)
        (text["logistic"], lambda P: sigmoid(logistic_forward(P, linear)[0]),
         lambda P: predict_logistic(P, linear)),
        (text["network"], lambda P: net.probabilities(P, params), lambda P: net.predict(P, params)),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.9), sharey=True)
    for ax, (title, probability, predict) in zip(axes, models):
        # The boundary is where the probability crosses 0.5, drawn from the probabilities so it is smooth.
        P = probability(grid).reshape(G1.shape)
        ax.contourf(G1, G2, P, levels=[0.0, 0.5, 1.0], cmap=REGIONS)
        ax.contour(G1, G2, P, levels=[0.5], colors="0.25", linewidths=1.2)
        for label, colour in enumerate(COLOURS):
            points = X[:, Y[0] == label]
            ax.plot(points[0], points[1], "o", markersize=2.6, markeredgewidth=0, color=colour,
                    label=f"$y = {label}$")
        score = accuracy(predict(X), Y)
        ax.set_title(f"{title}\n{text['accuracy'].format(score)}", fontsize=10)
        ax.set_xlabel("$x_1$")
        ax.set_aspect("equal")
    axes[0].set_ylabel("$x_2$")
    axes[1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, handletextpad=0.2)
    fig.tight_layout()
    return fig
