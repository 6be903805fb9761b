"""Where LeNet-5, AlexNet and VGG-16 keep their parameters and do their multiplications
(Course 4, Week 2): the convolutions' and the FC layers' shares, counted from the page's
layer lists with dlspec.conv."""

import math

import matplotlib.pyplot as plt

from dlspec.conv import conv2d_multiplies, conv_output_size

BLUE, ORANGE = "#1f5fa8", "#c2410c"


def _vgg16():
    layers = []
    for n_C, repeat in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]:
        layers += [("conv", 3, n_C, 1, 1)] * repeat + [("pool", 2, 2)]
    return layers + [("fc", 4096), ("fc", 4096), ("fc", 1000)]


NETWORKS = [
    ("LeNet-5", (32, 32, 1), [("conv", 5, 6, 1, 0), ("pool", 2, 2), ("conv", 5, 16, 1, 0),
                              ("pool", 2, 2), ("fc", 120), ("fc", 84), ("fc", 10)]),
    ("AlexNet", (227, 227, 3), [("conv", 11, 96, 4, 0), ("pool", 3, 2), ("conv", 5, 256, 1, 2),
                                ("pool", 3, 2), ("conv", 3, 384, 1, 1), ("conv", 3, 384, 1, 1),
                                ("conv", 3, 256, 1, 1), ("pool", 3, 2), ("fc", 4096),
                                ("fc", 4096), ("fc", 1000)]),
    ("VGG-16", (224, 224, 3), _vgg16()),
]


def count(input_shape, layers):
    """Parameters and multiplies of the conv layers and of the FC layers."""
    n_H, n_W, n_C = input_shape
    totals = {"conv": [0, 0], "fc": [0, 0]}
    for kind, *args in layers:
        if kind == "conv":
            f, n_C_new, s, p = args
            n_H, n_W = conv_output_size(n_H, f, p, s), conv_output_size(n_W, f, p, s)
            totals["conv"][0] += (f * f * n_C + 1) * n_C_new
            totals["conv"][1] += conv2d_multiplies(n_H, n_W, f, n_C, n_C_new)
            n_C = n_C_new
        elif kind == "pool":
            f, s = args
            n_H, n_W = conv_output_size(n_H, f, 0, s), conv_output_size(n_W, f, 0, s)
        else:
            (n_out,) = args
            n_in = n_H * n_W * n_C
            totals["fc"][0] += (n_in + 1) * n_out
            totals["fc"][1] += n_in * n_out
            n_H, n_W, n_C = 1, 1, n_out
    return totals


def _power_of_ten(x):
    exponent = math.floor(math.log10(x))
    return f"${x / 10 ** exponent:.2f} \\times 10^{{{exponent}}}$"


def draw(text):
    counts = [count(shape, layers) for _, shape, layers in NETWORKS]
    names = [name for name, _, _ in NETWORKS]
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 2.7), sharey=True)
    for ax, which, key in zip(axes, (0, 1), ("params", "mults")):
        for row, c in enumerate(counts):
            total = c["conv"][which] + c["fc"][which]
            conv = 100 * c["conv"][which] / total
            ax.barh(row, conv, color=BLUE, height=0.5)
            ax.barh(row, 100 - conv, left=conv, color=ORANGE, height=0.5)
            for left, share, color in ((0, conv, BLUE), (conv, 100 - conv, ORANGE)):
                label = f"{share:.1f}%" if share < 1 else f"{share:.0f}%"
                if share >= 9:  # room for the number inside the bar
                    ax.text(left + share / 2, row, label, ha="center", va="center",
                            color="white", fontsize=9)
                else:  # a thin slice: its number above it
                    ax.text(left + share / 2, row - 0.3, label, ha="center", va="bottom",
                            color=color, fontsize=9)
            ax.text(102, row, _power_of_ten(total), ha="left", va="center", fontsize=9)
        ax.set_title(text[key])
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_yticks(range(len(names)), names)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    axes[0].invert_yaxis()  # the first network on top (the axes share y)
    handles = [plt.Rectangle((0, 0), 1, 1, color=BLUE), plt.Rectangle((0, 0), 1, 1, color=ORANGE)]
    fig.legend(handles, [text["conv"], text["fc"]], loc="lower center", ncol=2, frameon=False,
               bbox_to_anchor=(0.5, -0.1))
    fig.tight_layout(w_pad=6)
    return fig
