"""Why BLEU needs its brevity penalty (Course 5, Week 3): the page's candidate "a cat is asleep
on the sofa" and its shorter endings ("the sofa", "on the sofa", ...) scored against the
page's two references with unigrams and bigrams. Their precision stays near 1 however short
they are; the brevity penalty exp(1 - r/c) brings the short ones down. Computed with
dlspec.bleu."""

import matplotlib.pyplot as plt
import numpy as np

from dlspec.bleu import brevity_penalty, modified_precision, sentence_bleu

BLUE, ORANGE, GREY = "#1f5fa8", "#c2410c", "0.45"
REFERENCES = ["a cat is sleeping on the sofa".split(), "there is a cat asleep on the sofa".split()]
CANDIDATE = "a cat is asleep on the sofa".split()


def curves():
    """Lengths c = 2..7 and, for the ending of each length, precision, BP and BLEU-2."""
    lengths = np.arange(2, len(CANDIDATE) + 1)
    precision, penalty, bleu = [], [], []
    for c in lengths:
        ending = CANDIDATE[-c:]
        p = [np.divide(*modified_precision(ending, REFERENCES, n)) for n in (1, 2)]
        precision.append(np.sqrt(p[0] * p[1]))  # geometric mean of p1 and p2
        penalty.append(brevity_penalty(len(ending), [len(r) for r in REFERENCES]))
        bleu.append(sentence_bleu(ending, REFERENCES, max_n=2))
    return lengths, np.array(precision), np.array(penalty), np.array(bleu)


def draw(text):
    lengths, precision, penalty, bleu = curves()
    assert np.allclose(bleu, precision * penalty)
    fig, ax = plt.subplots(figsize=(8.4, 3.4))
    ax.plot(lengths, precision, "o-", color=GREY, linewidth=1.6, label=text["precision"])
    ax.plot(lengths, penalty, "s--", color=ORANGE, linewidth=1.4, label=text["penalty"])
    ax.plot(lengths, bleu, "o-", color=BLUE, linewidth=2.2, label=text["bleu"])
    for c, value in zip(lengths, bleu):
        ax.annotate(f"{value:.2f}", (c, value), textcoords="offset points", xytext=(0, -14),
                    ha="center", fontsize=8.5, color=BLUE)
    ax.set_xticks(lengths)
    ax.set_xticklabels([f"{c}\n{' '.join(CANDIDATE[-c:][:2])}…" if c > 2 else f"{c}\n{' '.join(CANDIDATE[-c:])}"
                        for c in lengths], fontsize=8.5)
    ax.set_xlabel(text["length"])
    ax.set_ylim(-0.08, 1.1)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9)
    fig.tight_layout()
    return fig
