"""Beam search with B = 2 on the page's toy decoder (Course 5, Week 3): every extension of the
kept hypotheses, with its probability P(y<1..t> | x); the B best of each step are kept (blue),
the others dropped (grey); sentences that end with </s> are set aside (boxed). The kept
hypotheses are checked against dlspec.beam_search."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.beam_search import beam_search

BLUE, GREY, GREEN = "#1f5fa8", "0.55", "#15803d"
WORDS = ["<s>", "</s>", "the", "a", "cat", "dog", "sleeps"]
P = np.array([  # the page's table: P[i, j] = P(next token j | last token i)
    [0.0, 0.00, 0.50, 0.40, 0.05, 0.05, 0.00],
    [0.0, 1.00, 0.00, 0.00, 0.00, 0.00, 0.00],
    [0.0, 0.05, 0.00, 0.00, 0.50, 0.45, 0.00],
    [0.0, 0.05, 0.00, 0.00, 0.90, 0.05, 0.00],
    [0.0, 0.55, 0.00, 0.00, 0.00, 0.00, 0.45],
    [0.0, 0.55, 0.00, 0.00, 0.00, 0.00, 0.45],
    [0.0, 1.00, 0.00, 0.00, 0.00, 0.00, 0.00],
])
B = 2


def search():
    """Steps of beam search: for each, a list of (tokens, probability, kept) candidates."""
    steps, beam = [], [([0], 1.0)]
    while beam:
        candidates = [(tokens + [j], p * P[tokens[-1], j])
                      for tokens, p in beam for j in range(len(WORDS)) if P[tokens[-1], j] > 0]
        order = sorted(range(len(candidates)), key=lambda k: -candidates[k][1])
        kept = set(order[:B])
        steps.append([(tokens, p, k in kept) for k, (tokens, p) in enumerate(candidates)])
        beam = [candidates[k] for k in order[:B] if candidates[k][0][-1] != 1]
    return steps


def draw(text):
    steps = search()
    finished = [(tokens[1:], p) for step in steps for tokens, p, kept in step if kept and tokens[-1] == 1]
    with np.errstate(divide="ignore"):
        log_P = np.log(P)
    found = beam_search(lambda t, s: (log_P[t], s), None, start_token=0, end_token=1, beam_width=B,
                        max_length=6, alpha=0)
    assert sorted(tuple(t) for t, _ in finished) == sorted(tuple(t) for t, _, _ in found)

    fig, ax = plt.subplots(figsize=(9.4, 4.2))
    y_of = {(0,): 0.0}  # the height of each drawn node, by its tokens
    end_of = {(0,): 0.3}  # where the label of each node ends, along x
    ax.text(0, 0, "<s>", ha="center", va="center", fontsize=10,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": BLUE})
    for t, step in enumerate(steps, start=1):
        step = sorted(step, key=lambda c: -y_of[tuple(c[0][:-1])])  # children in their parents' order
        n = len(step)
        if n > 1:
            heights = np.linspace(1.0, -1.0, n) * min(1.55, 0.35 + 0.22 * n)
        else:  # a single extension stays level with its parent
            heights = [y_of[tuple(step[0][0][:-1])]]
        for (tokens, p, kept), y in zip(step, heights):
            label = f"{WORDS[tokens[-1]]}  {p:.3g}"  # the word and P(y<1..t> | x)
            y_of[tuple(tokens)] = y
            end_of[tuple(tokens)] = t - 0.38 + 0.052 * len(label)
            parent = y_of[tuple(tokens[:-1])]
            color = BLUE if kept else GREY
            ax.plot([end_of[tuple(tokens[:-1])] + 0.04, t - 0.42], [parent, y], color=color,
                    linewidth=1.6 if kept else 0.9, linestyle="-" if kept else ":")
            ended = tokens[-1] == 1
            box = {"boxstyle": "round,pad=0.25", "facecolor": "#e8f0fa" if (kept and ended) else "white",
                   "edgecolor": GREEN if (kept and ended) else "none"}
            ax.text(t - 0.4, y, label, ha="left", va="center", fontsize=9.5, color=color,
                    fontweight="bold" if kept else "normal", bbox=box)
        ax.text(t, 1.85, text["step"].format(t=t), ha="center", va="bottom", fontsize=9.5, color="0.3")
    ax.set_xlim(-0.4, len(steps) + 0.55)
    ax.set_ylim(-1.9, 2.1)
    ax.axis("off")
    handles = [plt.Line2D([], [], color=BLUE, linewidth=1.6, label=text["kept"].format(B=B)),
               plt.Line2D([], [], color=GREY, linewidth=0.9, linestyle=":", label=text["dropped"]),
               plt.Line2D([], [], color=GREEN, marker="s", linestyle="none", markerfacecolor="#e8f0fa",
                          label=text["finished"])]
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=9, ncol=3,
              bbox_to_anchor=(0.0, -0.02))
    fig.tight_layout()
    return fig
